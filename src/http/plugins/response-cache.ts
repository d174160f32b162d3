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
 * again, which a background job cannot do. But an entry is kept for `STALE_IF_ERROR_MS` past its
 * TTL, and when the handler then fails because the database is unreachable (a transient store
 * error), that last good answer is sent instead, marked `x-cache: stale`, `x-greenline-stale: 1`
 * and `Warning: 110` (RFC 5861's stale-if-error, decided by the server).
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import { type Cache, type CacheStats, cacheOptionsFor, createCache } from '../../cache/index.ts';
import { isTransientError } from '../../store/driver.ts';

/** How long past its TTL a cached response may still stand in for a failing database (docs/cache.md). */
export const STALE_IF_ERROR_MS = 10 * 60_000;

export type CacheStrategy = 'static' | 'short' | 'medium' | 'long' | 'no_cache';

interface Policy {
  ttlSeconds: number;
  immutable: boolean;
}

/** Server-side TTL and client `max-age` are the same: a client never holds a copy longer than we do. */
const POLICIES: Partial<Record<CacheStrategy, Policy>> = {
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
  /** When the route's TTL ends (epoch ms); the entry is kept STALE_IF_ERROR_MS longer, for outages. Absent: fresh. */
  freshUntil?: number;
}

export interface ResponseCacheOptions {
  /** Where responses are stored; by default a `responses` cache, L1-only unless `redis` is given. */
  cache?: Cache<CachedResponse>;
  redis?: Redis | null;
  /** Whose response it is; by default `request.tenant?.id` as the auth plugin sets it, else anonymous. */
  tenantOf?: (request: FastifyRequest) => string | null;
  /** Which handler errors a stale response may answer for; by default transient database errors. */
  staleIfError?: (error: unknown) => boolean;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    cache?: RouteCacheConfig;
  }
  interface FastifyInstance {
    responseCache: ResponseCacheControl;
  }
}

/** What a cached route needs per request, worked out once when the route is declared. */
interface RoutePlan {
  policy: Policy;
  tags: (request: FastifyRequest) => readonly string[];
  varyHeaders: readonly string[];
  /** The `Vary` header: the tenant comes from Authorization, plus the route's own headers. */
  vary: string;
}

/** A cache miss on its way to the handler: what onSend needs to store the response. */
interface Pending {
  plan: RoutePlan;
  key: string;
  scope: string;
  /** The entry past its TTL, if one is kept: the answer should the handler fail for want of the database. */
  stale?: CachedResponse;
}

const noTags = (): readonly string[] => [];

const defaultTenantOf = (request: FastifyRequest): string | null => (request as { tenant?: { id: string } | null }).tenant?.id ?? null;

/** Keys and tags start with the tenant, so one tenant's entries can never answer another. */
function tenantScope(tenantId: string | null): string {
  return tenantId === null ? 'anon' : `t=${encodeURIComponent(tenantId)}`;
}

async function plugin(app: FastifyInstance, options: ResponseCacheOptions): Promise<void> {
  const cache = options.cache ?? createCache<CachedResponse>(cacheOptionsFor('responses', options.redis ?? null));
  if (options.cache === undefined) app.addHook('onClose', () => cache.close());
  const tenantOf = options.tenantOf ?? defaultTenantOf;
  const staleIfError = options.staleIfError ?? isTransientError;
  const pending = new WeakMap<FastifyRequest, Pending>();
  const failures = new WeakMap<FastifyRequest, unknown>();

  const lookup = (plan: RoutePlan) =>
    async function responseCacheLookup(request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
      const scope = tenantScope(tenantOf(request));
      // HEAD shares GET's entry: same representation, without the body.
      let key = `${scope}|GET|${request.url}`;
      for (const header of plan.varyHeaders) key += `|${header}=${String(request.headers[header] ?? '')}`;
      const cached = await cache.get(key);
      if (cached === undefined || (cached.freshUntil !== undefined && Date.now() >= cached.freshUntil)) {
        pending.set(request, { plan, key, scope, ...(cached === undefined ? {} : { stale: cached }) });
        return undefined;
      }
      setCacheHeaders(reply, plan, scope, cached.etag, 'hit');
      if (matchesIfNoneMatch(request.headers['if-none-match'], cached.etag)) return reply.code(304).send();
      return reply.type(cached.contentType).send(cached.body);
    };

  async function responseCacheStore(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
    const miss = pending.get(request);
    if (miss === undefined) return payload; // answered from the cache
    pending.delete(request);
    const failure = failures.get(request);
    if (miss.stale !== undefined && failure !== undefined && staleIfError(failure)) return sendStale(request, reply, miss, miss.stale);
    reply.header('x-cache', 'miss');
    // Only a plain 200 body is worth keeping; a Set-Cookie response is one person's, never shared.
    if (request.method !== 'GET' || reply.statusCode !== 200 || typeof payload !== 'string' || reply.hasHeader('set-cookie')) return payload;
    const etag = strongEtag(payload);
    const contentType = String(reply.getHeader('content-type') ?? 'application/json; charset=utf-8');
    const tags = miss.plan.tags(request).flatMap((tag) => [`${miss.scope}|${tag}`, `all|${tag}`]);
    const ttlMs = miss.plan.policy.ttlSeconds * 1000;
    await cache.set(miss.key, { body: payload, contentType, etag, freshUntil: Date.now() + ttlMs }, { ttlMs: ttlMs + STALE_IF_ERROR_MS, tags });
    setCacheHeaders(reply, miss.plan, miss.scope, etag, 'miss');
    if (!matchesIfNoneMatch(request.headers['if-none-match'], etag)) return payload;
    reply.code(304);
    return null;
  }

  /** The last good answer instead of the error, marked stale, and not to be kept by the client. */
  function sendStale(request: FastifyRequest, reply: FastifyReply, miss: Pending, stale: CachedResponse): string | null {
    reply.code(200).removeHeader('retry-after').type(stale.contentType);
    setCacheHeaders(reply, miss.plan, miss.scope, stale.etag, 'stale');
    reply
      .header('cache-control', `${miss.scope === 'anon' ? 'public' : 'private'}, max-age=0`)
      .header('x-greenline-stale', '1')
      .header('warning', '110 - "Response is Stale"');
    if (!matchesIfNoneMatch(request.headers['if-none-match'], stale.etag)) return stale.body;
    reply.code(304);
    return null;
  }

  async function recordFailure(request: FastifyRequest, _reply: FastifyReply, error: unknown): Promise<void> {
    if (pending.get(request)?.stale !== undefined) failures.set(request, error);
  }

  async function noStore(_request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
    reply.header('cache-control', 'no-store');
    return payload;
  }

  app.addHook('onRoute', (route) => {
    const config = route.config?.cache;
    if (config === undefined) return;
    if (config.strategy === 'no_cache') {
      route.onSend = withHook(route.onSend, noStore);
      return;
    }
    const where = `route ${String(route.method)} ${route.url}`;
    const policy = POLICIES[config.strategy];
    if (policy === undefined) throw new Error(`${where}: unknown cache strategy "${config.strategy}" (static, short, medium, long or no_cache)`);
    if (![route.method].flat().every((method) => method === 'GET' || method === 'HEAD')) {
      throw new Error(`${where}: cache strategy "${config.strategy}" applies to GET routes only; use "no_cache" elsewhere`);
    }
    const varyHeaders = (config.vary ?? []).map((header) => header.toLowerCase());
    const plan: RoutePlan = { policy, tags: config.tags ?? noTags, varyHeaders, vary: ['Authorization', ...(config.vary ?? [])].join(', ') };
    route.preHandler = withHook(route.preHandler, lookup(plan));
    route.onError = withHook(route.onError, recordFailure);
    route.onSend = withHook(route.onSend, responseCacheStore);
  });

  app.decorate('responseCache', {
    async invalidateTags(tenantId, tags) {
      await Promise.all(tags.map((tag) => cache.invalidateTag(`${tenantScope(tenantId)}|${tag}`)));
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

function setCacheHeaders(reply: FastifyReply, plan: RoutePlan, scope: string, etag: string, outcome: 'hit' | 'miss' | 'stale'): void {
  const { ttlSeconds, immutable } = plan.policy;
  // A tenant's response must not sit in a shared cache (CDN, proxy): private.
  const audience = scope === 'anon' ? 'public' : 'private';
  reply
    .header('cache-control', `${audience}, max-age=${ttlSeconds}${immutable ? ', immutable' : ''}`)
    .header('vary', plan.vary)
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
