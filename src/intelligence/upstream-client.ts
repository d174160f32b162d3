/**
 * One HTTP client for any OpenAI-compatible API (OpenAI, Azure-style proxies, Ollama, llama.cpp's
 * server, vLLM): POST a JSON body to `<base URL>/<path>`, over a keep-alive undici pool. An
 * attempt that answers 429 or 5xx, times out or cannot connect is retried up to `maxRetries`
 * times, after the upstream's Retry-After when it sends one (up to RETRY_AFTER_CAP_MS), else
 * after a full-jitter exponential backoff: random × retryBaseMs × 2^retry. A stream is retried
 * only before its first byte reaches the caller.
 */
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Dispatcher, Pool } from 'undici';
import type { LlmConfig } from '../config.ts';

/** A Retry-After longer than this is not waited for: the call fails over to the next model at once. */
export const RETRY_AFTER_CAP_MS = 10_000;

export type UpstreamFailureKind = 'status' | 'timeout' | 'network';

export class UpstreamError extends Error {
  constructor(
    readonly kind: UpstreamFailureKind,
    message: string,
    readonly attempts: number,
    readonly status: number | null = null,
    /** The upstream's error body (trimmed), for the caller's answer. */
    readonly upstreamMessage: string | null = null,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = 'UpstreamError';
  }

  /** Worth trying another model: the upstream is overloaded, down, slow, or does not know this model. */
  get fallbackWorthy(): boolean {
    return this.kind !== 'status' || this.status === 404 || this.status === 429 || (this.status !== null && this.status >= 500);
  }
}

export interface UpstreamAnswer {
  status: number;
  body: string;
  attempts: number;
}

export interface UpstreamStream {
  status: number;
  contentType: string;
  body: Readable;
  attempts: number;
}

export interface UpstreamClientOptions {
  /** [0, 1); injected so tests and benchmarks are deterministic. */
  random?: () => number;
  /** Connections kept to the upstream. */
  connections?: number;
}

const RETRYABLE = (status: number) => status === 429 || status >= 500;

/** Retry-After in seconds or as an HTTP date → milliseconds from now; null when absent or unreadable. */
export function retryAfterMs(header: string | string[] | undefined, now = Date.now()): number | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

function errorMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown } | string; message?: unknown };
    const message = typeof parsed.error === 'string' ? parsed.error : (parsed.error?.message ?? parsed.message);
    if (typeof message === 'string') return message.slice(0, 500);
  } catch {}
  return body.slice(0, 500);
}

export class UpstreamClient {
  readonly #config: LlmConfig;
  readonly #pool: Pool;
  readonly #basePath: string;
  readonly #random: () => number;

  constructor(config: LlmConfig, options: UpstreamClientOptions = {}) {
    this.#config = config;
    const url = new URL(config.baseUrl);
    this.#basePath = url.pathname.replace(/\/+$/, '');
    this.#random = options.random ?? Math.random;
    this.#pool = new Pool(url.origin, {
      connections: options.connections ?? 64,
      headersTimeout: config.timeoutMs,
      bodyTimeout: config.timeoutMs,
      keepAliveTimeout: 30_000,
    });
  }

  /** POST `body` as JSON and read the whole answer; throws UpstreamError once retries are spent. */
  postJson(path: string, body: unknown): Promise<UpstreamAnswer> {
    return this.#post(path, body, async (res, attempt) => {
      const text = await res.body.text();
      if (res.statusCode >= 400) throw this.#statusError(res.statusCode, text, res.headers['retry-after'], attempt);
      return { status: res.statusCode, body: text, attempts: attempt };
    });
  }

  /**
   * POST `body` and hand back the answer's byte stream once its status is 2xx (retried until then).
   * The deadline covers the wait for the answer's headers; then each chunk has timeoutMs (undici's bodyTimeout).
   */
  postStream(path: string, body: unknown): Promise<UpstreamStream> {
    return this.#post(path, body, async (res, attempt) => {
      if (res.statusCode >= 400) throw this.#statusError(res.statusCode, await res.body.text(), res.headers['retry-after'], attempt);
      const contentType = String(res.headers['content-type'] ?? 'text/event-stream');
      return { status: res.statusCode, contentType, body: res.body, attempts: attempt };
    });
  }

  /** One POST per attempt, under the deadline until `read` has its answer (a timeout is an UpstreamError). */
  #post<T>(path: string, body: unknown, read: (res: Dispatcher.ResponseData, attempt: number) => Promise<T>): Promise<T> {
    const payload = JSON.stringify(body);
    return this.#withRetries(async (attempt) => {
      const deadline = this.#deadline();
      try {
        const res = await this.#pool.request({ method: 'POST', path: this.#basePath + path, headers: this.#headers(), body: payload, signal: deadline.signal });
        return await read(res, attempt);
      } catch (err) {
        throw deadline.expired() ? this.#timeout(attempt) : err;
      } finally {
        deadline.clear();
      }
    });
  }

  close(): Promise<void> {
    return this.#pool.close();
  }

  #headers(): Record<string, string> {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
    if (this.#config.apiKey) headers.authorization = `Bearer ${this.#config.apiKey}`;
    return headers;
  }

  #statusError(status: number, body: string, retryAfter: string | string[] | undefined, attempt: number): UpstreamError {
    return new UpstreamError('status', `the model API answered ${status}`, attempt, status, errorMessage(body), retryAfterMs(retryAfter));
  }

  async #withRetries<T>(send: (attempt: number) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      let failure: UpstreamError;
      try {
        return await send(attempt);
      } catch (err) {
        failure = err instanceof UpstreamError ? err : this.#transportError(err, attempt);
      }
      const retryable = failure.kind !== 'status' || RETRYABLE(failure.status!);
      const waitMs = failure.retryAfterMs ?? this.#random() * this.#config.retryBaseMs * 2 ** (attempt - 1);
      if (!retryable || attempt > this.#config.maxRetries || waitMs > RETRY_AFTER_CAP_MS) throw failure;
      await sleep(waitMs);
    }
  }

  /** An attempt's timer: undici's own timeouts tick in steps of up to a second, too coarse for short limits. */
  #deadline() {
    const controller = new AbortController();
    let expired = false;
    const timer = setTimeout(() => {
      expired = true;
      controller.abort();
    }, this.#config.timeoutMs);
    return { signal: controller.signal, expired: () => expired, clear: () => clearTimeout(timer) };
  }

  #timeout(attempt: number): UpstreamError {
    return new UpstreamError('timeout', `the model API did not answer within ${this.#config.timeoutMs} ms`, attempt);
  }

  #transportError(err: unknown, attempt: number): UpstreamError {
    const code = (err as { code?: unknown } | null)?.code;
    if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') return this.#timeout(attempt);
    return new UpstreamError('network', `the model API at ${this.#config.baseUrl} could not be reached: ${(err as Error).message}`, attempt);
  }
}
