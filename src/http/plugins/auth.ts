/**
 * `Authorization: Bearer <api key>` on every /v1 route. The tenant behind a key is cached in
 * process for a short while, so authentication costs no query on the hot path; a revoked key
 * stops working within that time.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SqlExecutor } from '../../store/driver.ts';
import { findTenantByApiKey, hashApiKey, type Tenant } from '../../store/tenants.ts';
import { HttpProblem } from '../problem.ts';

declare module 'fastify' {
  interface FastifyRequest {
    tenant: Tenant;
  }
}

const CACHE_TTL_MS = 30_000;
const CACHE_MAX = 10_000;

function unauthorized(code: string, message: string): HttpProblem {
  return new HttpProblem(401, code, message, [{ field: 'header.authorization', message }], { 'www-authenticate': 'Bearer realm="greenline"' });
}

export function registerAuth(app: FastifyInstance, db: SqlExecutor): void {
  const cache = new Map<string, { tenant: Tenant; expires: number }>();
  app.decorateRequest('tenant', null as unknown as Tenant);
  app.addHook('onRequest', async (request: FastifyRequest) => {
    const header = request.headers.authorization;
    if (!header) throw unauthorized('AUTH_MISSING', 'send an API key as "Authorization: Bearer <key>"');
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw unauthorized('AUTH_MALFORMED', 'the Authorization header must be "Bearer <key>"');
    const key = match[1]!;
    const hash = hashApiKey(key);
    const hit = cache.get(hash);
    if (hit && hit.expires > Date.now()) {
      request.tenant = hit.tenant;
      return;
    }
    const tenant = await findTenantByApiKey(db, key);
    if (!tenant) throw unauthorized('AUTH_INVALID', 'the API key is not valid (unknown or revoked)');
    if (cache.size >= CACHE_MAX) cache.clear();
    cache.set(hash, { tenant, expires: Date.now() + CACHE_TTL_MS });
    request.tenant = tenant;
  });
}
