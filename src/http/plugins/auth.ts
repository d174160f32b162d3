/**
 * `Authorization: Bearer <api key>` on every /v1 route, and the key's scope checked against what
 * the route needs (docs/security.md). The key behind a secret is cached in process for 30 s, so
 * authentication costs no query on the hot path; revoking or rotating a key drops its entry on
 * every instance through the invalidation bus (`apiKeyLookups`), and expiry is checked on every
 * request, cached or not.
 */
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import type { Redis } from 'ioredis';
import { LocalCache } from '../../cache/local-cache.ts';
import { findKeyBySecret, type KeyGrant, type KeyScope, recordKeyUse, scopeAllows } from '../../store/api-keys.ts';
import { isTransientError, type SqlExecutor } from '../../store/driver.ts';
import { hashApiKey, type Tenant } from '../../store/tenants.ts';
import { HttpProblem } from '../problem.ts';
import { Problem } from '../schemas/common.ts';

declare module 'fastify' {
  interface FastifyRequest {
    tenant: Tenant;
    /** The key the request authenticated with: who did it, for logs and audit. */
    apiKey: { id: string; scope: KeyScope };
  }
  interface FastifyContextConfig {
    /** The scope a route needs, when not the default: `read` for GET, `write` for other methods. */
    scope?: KeyScope;
  }
}

const LOOKUP_TTL_MS = 30_000;
/** How long past its 30 s a cached key lookup still authenticates while the database is unreachable. */
export const AUTH_STALE_IF_ERROR_MS = 10 * 60_000;
const LOOKUP_MAX = 10_000;
/** A key's `last_used_at` is written at most this often per instance. */
const LAST_USE_WRITE_MS = 60_000;

/** POST routes that only read (a body too large for a query string): a read-only key may call them. */
const READING_POSTS = new Set(['/v1/factors/resolve', '/v1/calculations/:id/verify', '/v1/uncertainty', '/v1/suppliers/match', '/v1/classify/spend']);
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The cache of key lookups, by the secret's SHA-256; revoking a key deletes its entry here and everywhere. */
export function createApiKeyLookups(redis: Redis | null, keyPrefix?: string): LocalCache<KeyGrant> {
  return new LocalCache<KeyGrant>({ name: 'auth', redis, keyPrefix, ttlMs: LOOKUP_TTL_MS, maxEntries: LOOKUP_MAX });
}

export function requiredScope(method: string, url: string, declared: KeyScope | undefined): KeyScope {
  if (declared) return declared;
  return READ_METHODS.has(method) || READING_POSTS.has(url) ? 'read' : 'write';
}

function unauthorized(code: string, message: string): HttpProblem {
  return new HttpProblem(401, code, message, [{ field: 'header.authorization', message }], { 'www-authenticate': 'Bearer realm="greenline"' });
}

export interface AuthOptions {
  db: SqlExecutor;
  lookups: LocalCache<KeyGrant>;
  /** For failures of the `last_used_at` write, which never fail a request. */
  log?: (err: unknown) => void;
}

export function registerAuth(app: FastifyInstance, options: AuthOptions): void {
  const { db, lookups } = options;
  const lastUseWritten = new Map<string, number>();
  const writes = new Set<Promise<void>>();
  app.addHook('onClose', async () => {
    await Promise.allSettled([...writes]);
  });

  // Every route may answer 401, and 403 when it needs more than a read key: say so in OpenAPI.
  app.addHook('onRoute', (route: RouteOptions) => {
    const response = route.schema?.response as Record<string, unknown> | undefined;
    if (!route.schema || !response) return;
    const limited = [route.method].flat().some((m) => requiredScope(m, route.url, route.config?.scope) !== 'read');
    route.schema.response = { 401: Problem, ...(limited ? { 403: Problem } : {}), ...response };
  });

  app.decorateRequest('tenant', null as unknown as Tenant);
  app.decorateRequest('apiKey', null as unknown as { id: string; scope: KeyScope });
  app.addHook('onRequest', async (request: FastifyRequest) => {
    const header = request.headers.authorization;
    if (!header) throw unauthorized('AUTH_MISSING', 'send an API key as "Authorization: Bearer <key>"');
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw unauthorized('AUTH_MALFORMED', 'the Authorization header must be "Bearer <key>"');
    const secret = match[1]!;
    const hash = hashApiKey(secret);
    const grant = await lookups
      .getOrLoad(hash, () => findKeyBySecret(db, secret))
      .catch((err: unknown) => {
        // Database unreachable: a key it confirmed lately keeps working for a bounded time (docs/reliability.md).
        const stale = isTransientError(err) ? lookups.peekStale(hash, AUTH_STALE_IF_ERROR_MS) : undefined;
        if (stale === undefined) throw err;
        return stale;
      });
    if (!grant) throw unauthorized('AUTH_INVALID', 'the API key is not valid (unknown)');
    if (grant.revokedAt !== null) throw unauthorized('AUTH_REVOKED', `the API key ${grant.keyId} was revoked`);
    const now = Date.now();
    if (grant.expiresAt !== null && grant.expiresAt <= now) {
      throw unauthorized('AUTH_EXPIRED', `the API key ${grant.keyId} expired at ${new Date(grant.expiresAt).toISOString()}`);
    }
    const needs = requiredScope(request.method, request.routeOptions.url ?? '', request.routeOptions.config?.scope);
    if (!scopeAllows(grant.scope, needs)) {
      throw new HttpProblem(
        403,
        'SCOPE_INSUFFICIENT',
        `the API key ${grant.keyId} has scope "${grant.scope}"; ${request.method} ${request.routeOptions.url} needs "${needs}"`,
      );
    }
    request.tenant = grant.tenant;
    request.apiKey = { id: grant.keyId, scope: grant.scope };

    const written = lastUseWritten.get(grant.keyId);
    if (written === undefined || now - written >= LAST_USE_WRITE_MS) {
      if (lastUseWritten.size >= LOOKUP_MAX) lastUseWritten.clear();
      lastUseWritten.set(grant.keyId, now);
      // Not awaited: the request does not wait for bookkeeping, and a failure costs one missed update.
      const write = recordKeyUse(db, grant.keyId, new Date(now)).catch((err: unknown) => options.log?.(err));
      writes.add(write);
      void write.finally(() => writes.delete(write));
    }
  });
}
