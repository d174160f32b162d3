/**
 * The gateway's refusals and failures, each with the HTTP status and stable code the API answers
 * with (docs/intelligence.md lists them). A refused call was never sent to a model.
 */
import type { UpstreamError } from './upstream-client.ts';

export class GatewayError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'GatewayError';
  }
}

export const gatewayOff = () =>
  new GatewayError(
    404,
    'INTELLIGENCE_OFF',
    'the LLM gateway is off on this server: set GREENLINE_LLM_BASE_URL to an OpenAI-compatible API (docs/intelligence.md)',
  );

/** What the caller is told when every model allowed for the call failed. */
export function upstreamFailure(err: UpstreamError, models: readonly string[]): GatewayError {
  const tried = `tried ${models.join(', ')} (${err.attempts} attempt${err.attempts === 1 ? '' : 's'} on the last)`;
  const upstream = err.upstreamMessage ? `: ${err.upstreamMessage}` : '';
  if (err.kind === 'timeout') return new GatewayError(504, 'INTELLIGENCE_UPSTREAM_TIMEOUT', `${err.message}; ${tried}`);
  if (err.status === 401 || err.status === 403)
    return new GatewayError(
      502,
      'INTELLIGENCE_UPSTREAM_AUTH',
      `the model API refused this server's credentials (${err.status}): check GREENLINE_LLM_API_KEY${upstream}`,
    );
  if (err.status === 400 || err.status === 413 || err.status === 422)
    return new GatewayError(400, 'INTELLIGENCE_UPSTREAM_REJECTED', `the model API refused the request (${err.status})${upstream}`);
  const retryAfter: Record<string, string> = err.retryAfterMs !== null ? { 'retry-after': String(Math.ceil(err.retryAfterMs / 1000)) } : {};
  return new GatewayError(502, 'INTELLIGENCE_UPSTREAM_FAILED', `${err.message}${upstream}; ${tried}`, retryAfter);
}
