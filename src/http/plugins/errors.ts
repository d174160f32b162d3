/** Every error leaves as problem+json; unexpected ones are logged and never leak internals. */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CalculationError } from '../../domain/scope3/types.ts';
import { isTransientError, StoreError } from '../../store/driver.ts';
import { CursorError } from '../../store/keyset.ts';
import { type FieldError, HttpProblem, PROBLEM_TYPE_BASE } from '../problem.ts';
import { trackRouteMethods } from './route-methods.ts';

interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

const MAX_FIELD_ERRORS = 50;
/** Retry-After on 503s from the database: a restart takes about this long (docs/reliability.md). */
const RETRY_AFTER_SECONDS = '1';

function toPath(context: string, instancePath: string, extra?: string): string {
  const parts = instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (extra) parts.push(extra);
  let out = context;
  for (const p of parts) out += /^\d+$/.test(p) ? `[${p}]` : `.${p}`;
  return out;
}

function fieldErrors(context: string, errors: AjvError[]): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors.slice(0, MAX_FIELD_ERRORS)) {
    if (e.keyword === 'required') {
      out.push({ field: toPath(context, e.instancePath, String(e.params.missingProperty)), message: 'is required' });
    } else if (e.keyword === 'additionalProperties') {
      out.push({ field: toPath(context, e.instancePath, String(e.params.additionalProperty)), message: 'is not a known field' });
    } else {
      out.push({ field: toPath(context, e.instancePath), message: e.message ?? e.keyword });
    }
  }
  return out;
}

function send(reply: FastifyReply, request: FastifyRequest, status: number, code: string, detail: string, errors: FieldError[] = []) {
  return reply
    .status(status)
    .type('application/problem+json')
    .send({
      type: `${PROBLEM_TYPE_BASE}${code.toLowerCase().replace(/_/g, '-')}`,
      title: code,
      status,
      code,
      detail,
      instance: request.url,
      request_id: request.id,
      ...(errors.length > 0 ? { errors } : {}),
    });
}

/** Answers an error as problem+json; Fastify's own routing errors go through it too (framework-errors.ts). */
export const sendProblem = send;

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof HttpProblem) {
      for (const [k, v] of Object.entries(error.headers)) reply.header(k, v);
      return send(reply, request, error.status, error.code, error.message, error.errors);
    }
    if (error.validation) {
      const errors = fieldErrors(error.validationContext ?? 'request', error.validation as AjvError[]);
      const detail = errors.map((e) => `${e.field} ${e.message}`).join('; ');
      return send(reply, request, 400, 'VALIDATION_FAILED', detail, errors);
    }
    if (error instanceof CalculationError) {
      const errors = error.issues.map((i) => ({ field: i.field ? `body.${i.field}` : 'body', message: i.message }));
      return send(reply, request, 400, 'VALIDATION_FAILED', errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
    }
    if (error instanceof CursorError)
      return send(reply, request, 400, 'INVALID_CURSOR', `cursor: ${error.message}`, [{ field: 'querystring.cursor', message: error.message }]);
    if (error instanceof StoreError) {
      const status = {
        POOL_TIMEOUT: 503,
        DATABASE_UNAVAILABLE: 503,
        INVALID_INPUT: 400,
        NOT_FOUND: 404,
        MIGRATION_FAILED: 500,
        IMPORT_CONFLICT: 409,
        ALREADY_EXISTS: 409,
        // The embedded database's disk is (nearly) full: nothing was written (docs/reliability.md).
        DISK_FULL: 507,
      }[error.code];
      if (status >= 500) request.log.error({ err: error }, 'store error');
      // The database is away or busy for now: worth retrying (docs/reliability.md).
      if (status === 503) reply.header('retry-after', RETRY_AFTER_SECONDS);
      return send(reply, request, status, error.code, error.message);
    }
    switch (error.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return send(reply, request, 413, 'BODY_TOO_LARGE', `request body is larger than the limit of ${request.routeOptions.bodyLimit ?? 'the server'} bytes`);
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return send(reply, request, 415, 'UNSUPPORTED_MEDIA_TYPE', 'send the body as application/json');
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
        return send(reply, request, 400, 'INVALID_JSON', `body is not valid JSON: ${error.message}`, [{ field: 'body', message: 'is not valid JSON' }]);
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return send(reply, request, 400, 'EMPTY_BODY', 'body: a JSON body is required', [{ field: 'body', message: 'is required' }]);
    }
    if (error.statusCode && error.statusCode < 500) {
      return send(reply, request, error.statusCode, error.code ?? 'BAD_REQUEST', error.message);
    }
    if (error.code === '57014') {
      // statement_timeout (GREENLINE_STATEMENT_TIMEOUT_MS) ended the query: the database is slow, not this request wrong.
      request.log.warn({ err: error }, 'database statement timeout');
      reply.header('retry-after', RETRY_AFTER_SECONDS);
      return send(
        reply,
        request,
        503,
        'DATABASE_TIMEOUT',
        'the database did not finish this request within its statement timeout (GREENLINE_STATEMENT_TIMEOUT_MS); retry later, or ask for less at once',
      );
    }
    if (isTransientError(error)) {
      // A lost connection or a conflict the driver did not classify: retryable, never a 500.
      request.log.error({ err: error }, 'transient database error');
      reply.header('retry-after', RETRY_AFTER_SECONDS);
      return send(reply, request, 503, 'DATABASE_UNAVAILABLE', 'the database is unavailable for the moment; retry after the time in Retry-After');
    }
    request.log.error({ err: error }, 'unhandled error');
    return send(reply, request, 500, 'INTERNAL', 'an internal error occurred; the request id identifies it in the server log');
  });

  // A path that exists with other methods answers 405 and says which (Allow), not 404.
  const routeMethods = trackRouteMethods(app);
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!;
    const allowed = routeMethods.allowedFor(path);
    if (allowed.length > 0 && !allowed.includes(request.method)) {
      reply.header('allow', allowed.join(', '));
      return send(reply, request, 405, 'METHOD_NOT_ALLOWED', `${path} does not support ${request.method}; it supports ${allowed.join(', ')}`);
    }
    return send(reply, request, 404, 'ROUTE_NOT_FOUND', `no route ${request.method} ${path}`);
  });
}
