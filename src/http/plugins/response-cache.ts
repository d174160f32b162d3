/**
 * HTTP response cache, opt-in per route:
 *
 *   app.get('/v1/factors/:id', { config: { cache: { strategy: 'short', tags: () => ['factors'] } } }, handler)
 *
 * A cached GET stores the serialized 200 body with its content type and a strong ETag, keyed by
 * tenant, method and URL (and any `vary` headers the route declares), so one tenant can never be
 * served another's response. Hits answer before the handler runs; `If-None-Match` answers 304.
 * Writes invalidate by tag, per tenant (`app.responseCache.invalidateTags(tenantId, tags)`) or for
 * every tenant; with Redis the invalidation reaches every instance (see docs/cache.md).
 *
 * Entries have no grace period: a stale response could only be refreshed by running its handler
 * again, which a background job cannot do, so `x-cache` says `hit` or `miss`.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import { type Cache, type CacheStats, cacheOptionsFor, createCache } from '../../cache/index.ts';

export type CacheStrategy = 'static' | 'short' | 'medium' | 'long' | 'no_cache';

interface Policy {
  ttlSeconds: number;
  immutable: boolean;
}

/** Server-side TTL and client `max-age` are the same: a client never holds a copy longer than we do. */
const POLICIES: Record<Exclude<CacheStrategy, 'no_cache'>, Policy> = {
  static: { ttlSeconds: 3_600, immutable: true },
  short: { ttlSeconds: 300, immutable: false },
  medium: { ttlSeconds: 1_800, immutable: false },
  long: { ttlSeconds: 7_200, immutable: false },
};

export interface RouteCacheConfig {
  strategy: CacheStrategy;
  /** Tags for invalidation by writes, e.g. ['factors', `factor:${id}`]; scoped to the tenant. */
  tags?: (request: FastifyRequest) => readonly string[];
  /** Request headers the body depends on besides the tenant: they join the key and `Vary`. */
  vary?: readonly string[];
}

export interface ResponseCacheControl {
  /** Drops the tenant's cached responses carrying any of the tags (null: anonymous responses). */
  invalidateTags(tenantId: string | null, tags: readonly string[]): Promise<void>;
  /** Drops every tenant's cached responses carrying any of the tags, e.g. after a dataset import. */
  invalidateTagsForAllTenants(tags: readonly string[]): Promise<void>;
  stats(): CacheStats;
}

export interface CachedResponse {
  body: string;
  contentType: string;
  etag: string;
}

export interface ResponseCacheOptions {
  /** Where responses are stored; by default a `responses` cache, L1-only unless `redis` is given. */
  cache?: Cache<CachedResponse>;
  redis?: Redis | null;
  /** Whose response it is; by default `request.tenant?.id` as the auth plugin sets it, else anonymous. */
  tenantOf?: (request: FastifyRequest) => string | null;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    cache?: RouteCacheConfig;
  }
  interface FastifyInstance {
    responseCache: ResponseCacheControl;
  }
}

/** A cache miss on its way to the handler: what onSend needs to store the response. */
interface Pending {
  key: string;
  scope: string;
  policy: Policy;
  vary: string;
}

const defaultTenantOf = (request: FastifyRequest): string | null => (request as { tenant?: { id: string } | null }).tenant?.id ?? null;

async function plugin(app: FastifyInstance, options: ResponseCacheOptions): Promise<void> {
  const cache = options.cache ?? createCache<CachedResponse>(cacheOptionsFor('responses', options.redis ?? null));
  if (options.cache === undefined) app.addHook('onClose', () => cache.close());
  const tenantOf = options.tenantOf ?? defaultTenantOf;
  const pending = new WeakMap<FastifyRequest, Pending>();

  async function lookup(request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    const config = request.routeOptions.config.cache!;
    const policy = POLICIES[config.strategy as keyof typeof POLICIES];
    const tenant = tenantOf(request);
    const scope = tenant === null ? 'anon' : `t=${encodeURIComponent(tenant)}`;
    const vary = ['Authorization', ...(config.vary ?? [])].join(', ');
    // HEAD shares GET's entry: same representation, without the body.
    let key = `${scope}|GET|${request.url}`;
    for (const header of config.vary ?? []) key += `|${header}=${String(request.headers[header.toLowerCase()] ?? '')}`;
    const cached = await cache.get(key);
    if (cached === undefined) {
      pending.set(request, { key, scope, policy, vary });
      return undefined;
    }
    setCacheHeaders(reply, policy, tenant !== null, vary, cached.etag, 'hit');
    if (matchesIfNoneMatch(request.headers['if-none-match'], cached.etag)) return reply.code(304).send();
    return reply.type(cached.contentType).send(cached.body);
  }

  async function store(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
    const miss = pending.get(request);
    if (miss === undefined) return payload; // answered from the cache
    pending.delete(request);
    reply.header('x-cache', 'miss');
    // Only a plain 200 body is worth keeping; a Set-Cookie response is one person's, never shared.
    if (request.method !== 'GET' || reply.statusCode !== 200 || typeof payload !== 'string' || reply.hasHeader('set-cookie')) return payload;
    const etag = strongEtag(payload);
    const contentType = String(reply.getHeader('content-type') ?? 'application/json; charset=utf-8');
    const tags = request.routeOptions.config.cache?.tags?.(request) ?? [];
    await cache.set(miss.key, { body: payload, contentType, etag }, { ttlMs: miss.policy.ttlSeconds * 1000, tags: tags.flatMap((tag) => [`${miss.scope}|${tag}`, `all|${tag}`]) });
    setCacheHeaders(reply, miss.policy, miss.scope !== 'anon', miss.vary, etag, 'miss');
    if (!matchesIfNoneMatch(request.headers['if-none-match'], etag)) return payload;
    reply.code(304);
    return null;
  }

  app.addHook('onRoute', (route) => {
    const config = route.config?.cache;
    if (config === undefined) return;
    if (config.strategy === 'no_cache') {
      route.onSend = withHook(route.onSend, async (_request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
        reply.header('cache-control', 'no-store');
        return payload;
      });
      return;
    }
    const where = `route ${String(route.method)} ${route.url}`;
    if (!(config.strategy in POLICIES)) throw new Error(`${where}: unknown cache strategy "${config.strategy}" (static, short, medium, long or no_cache)`);
    if (![route.method].flat().every((method) => method === 'GET' || method === 'HEAD')) {
      throw new Error(`${where}: cache strategy "${config.strategy}" applies to GET routes only; use "no_cache" elsewhere`);
    }
    route.preHandler = withHook(route.preHandler, lookup);
    route.onSend = withHook(route.onSend, store);
  });

  app.decorate('responseCache', {
    async invalidateTags(tenantId, tags) {
      const scope = tenantId === null ? 'anon' : `t=${encodeURIComponent(tenantId)}`;
      await Promise.all(tags.map((tag) => cache.invalidateTag(`${scope}|${tag}`)));
    },
    async invalidateTagsForAllTenants(tags) {
      await Promise.all(tags.map((tag) => cache.invalidateTag(`all|${tag}`)));
    },
    stats: () => cache.stats(),
  } satisfies ResponseCacheControl);
}

/** Registered with `app.register`; it decorates the app it is registered on, like fastify-plugin. */
export const responseCache: FastifyPluginAsync<ResponseCacheOptions> = Object.assign(plugin, {
  [Symbol.for('skip-override')]: true,
  [Symbol.for('fastify.display-name')]: 'response-cache',
});

function setCacheHeaders(reply: FastifyReply, policy: Policy, perTenant: boolean, vary: string, etag: string, outcome: 'hit' | 'miss'): void {
  const scope = perTenant ? 'private' : 'public';
  reply
    .header('cache-control', `${scope}, max-age=${policy.ttlSeconds}${policy.immutable ? ', immutable' : ''}`)
    .header('vary', vary)
    .header('etag', etag)
    .header('x-cache', outcome);
}

/** `"` + the body's SHA-256 in base64url, cut to 27 characters (160 bits) + `"`. */
export function strongEtag(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

/** If-None-Match uses the weak comparison (RFC 9110 §13.1.2): `W/"x"` matches `"x"`. */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((candidate) => {
    const tag = candidate.trim();
    return tag === etag || tag === `W/${etag}`;
  });
}

type Hooks<H> = H | H[] | undefined;

function withHook<H>(existing: Hooks<H>, hook: H): H[] {
  if (existing === undefined) return [hook];
  return Array.isArray(existing) ? [...existing, hook] : [existing, hook];
}
