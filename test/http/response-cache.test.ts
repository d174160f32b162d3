/**
 * The response cache plugin on a tiny Fastify app: the tenant comes from an `x-tenant` header
 * (the real app's auth plugin sets `request.tenant` the same way), and a Map stands in for the
 * database that the routes read and write.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Cache, cacheOptionsFor, createCache } from '../../src/cache/index.ts';
import { type CachedResponse, matchesIfNoneMatch, type ResponseCacheOptions, responseCache, strongEtag } from '../../src/http/plugins/response-cache.ts';
import type { Tenant } from '../../src/store/tenants.ts';
import { connectRedis, deleteKeys, uniquePrefix, waitUntil } from '../cache/support.ts';

type Database = Map<string, string>;

async function buildApp(database: Database, options: ResponseCacheOptions = {}): Promise<{ app: FastifyInstance; handled: () => number }> {
  let handled = 0;
  const app = Fastify();
  app.decorateRequest('tenant', null as unknown as Tenant);
  app.addHook('onRequest', async (request) => {
    const id = request.headers['x-tenant'];
    if (typeof id === 'string') request.tenant = { id, name: id };
  });
  await app.register(responseCache, options);

  const tenantOf = (request: { tenant: Tenant | null }) => request.tenant?.id ?? 'anon';
  app.get<{ Params: { id: string } }>(
    '/factors/:id',
    { config: { cache: { strategy: 'short', tags: (request) => ['factors', `factor:${(request.params as { id: string }).id}`] } } },
    async (request, reply) => {
      handled++;
      const value = database.get(`${tenantOf(request)}:${request.params.id}`);
      if (value === undefined) return reply.code(404).send({ code: 'NOT_FOUND' });
      return { id: request.params.id, value, tenant: request.tenant?.id ?? null };
    },
  );
  app.post<{ Params: { id: string }; Body: { value: string } }>('/factors/:id', async (request) => {
    database.set(`${tenantOf(request)}:${request.params.id}`, request.body.value);
    await app.responseCache.invalidateTags(request.tenant?.id ?? null, [`factor:${request.params.id}`]);
    return { ok: true };
  });
  app.get('/units', { config: { cache: { strategy: 'static' } } }, async () => {
    handled++;
    return { units: ['kg', 't', 'km'] };
  });
  app.get('/live', { config: { cache: { strategy: 'no_cache' } } }, async () => {
    handled++;
    return { now: handled };
  });
  await app.ready();
  return { app, handled: () => handled };
}

function get(app: FastifyInstance, url: string, headers: Record<string, string> = {}) {
  return app.inject({ method: 'GET', url, headers });
}

describe('response cache (L1 only)', () => {
  let database: Database;
  let app: FastifyInstance;
  let handled: () => number;

  beforeEach(async () => {
    database = new Map([
      ['acme:f1', '0.42'],
      ['globex:f1', '0.99'],
    ]);
    ({ app, handled } = await buildApp(database));
  });
  afterEach(() => app.close());

  it('answers 200, then 304 for the same ETag, and a write makes the next answer new', async () => {
    const acme = { 'x-tenant': 'acme' };
    const first = await get(app, '/factors/f1', acme);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ id: 'f1', value: '0.42', tenant: 'acme' });
    expect(first.headers).toMatchObject({ 'x-cache': 'miss', 'cache-control': 'private, max-age=300', vary: 'Authorization' });
    const etag = first.headers.etag as string;
    expect(etag).toBe(strongEtag(first.body));
    expect(etag).toMatch(/^"[\w-]{27}"$/);

    const hit = await get(app, '/factors/f1', acme);
    expect(hit.statusCode).toBe(200);
    expect(hit.body).toBe(first.body);
    expect(hit.headers).toMatchObject({ 'x-cache': 'hit', etag, 'content-type': 'application/json; charset=utf-8' });

    const notModified = await get(app, '/factors/f1', { ...acme, 'if-none-match': etag });
    expect(notModified.statusCode).toBe(304);
    expect(notModified.body).toBe('');
    expect(notModified.headers).toMatchObject({ etag, 'x-cache': 'hit', 'cache-control': 'private, max-age=300' });
    expect(handled()).toBe(1);

    const write = await app.inject({ method: 'POST', url: '/factors/f1', headers: acme, payload: { value: '0.5' } });
    expect(write.statusCode).toBe(200);

    const after = await get(app, '/factors/f1', { ...acme, 'if-none-match': etag });
    expect(after.statusCode).toBe(200);
    expect(after.json()).toEqual({ id: 'f1', value: '0.5', tenant: 'acme' });
    expect(after.headers['x-cache']).toBe('miss');
    expect(after.headers.etag).not.toBe(etag);
    expect(handled()).toBe(2);
  });

  it('answers 304 to a miss whose fresh ETag the client already has', async () => {
    const body = (await get(app, '/factors/f1', { 'x-tenant': 'acme' })).body;
    await app.responseCache.invalidateTags('acme', ['factors']);
    const response = await get(app, '/factors/f1', { 'x-tenant': 'acme', 'if-none-match': strongEtag(body) });
    expect(response.statusCode).toBe(304);
    expect(response.headers['x-cache']).toBe('miss');
    expect(response.body).toBe('');
  });

  it('matches If-None-Match lists, weak tags and *', () => {
    const etag = '"abc"';
    expect(matchesIfNoneMatch('"x", "abc"', etag)).toBe(true);
    expect(matchesIfNoneMatch('W/"abc"', etag)).toBe(true);
    expect(matchesIfNoneMatch('*', etag)).toBe(true);
    expect(matchesIfNoneMatch('"abcd", "ab"', etag)).toBe(false);
    expect(matchesIfNoneMatch(undefined, etag)).toBe(false);
  });

  it("never serves one tenant another's response, and a write invalidates only its own tenant", async () => {
    const acme = await get(app, '/factors/f1', { 'x-tenant': 'acme' });
    const globex = await get(app, '/factors/f1', { 'x-tenant': 'globex' });
    expect(globex.json()).toEqual({ id: 'f1', value: '0.99', tenant: 'globex' });
    expect(globex.headers['x-cache']).toBe('miss');
    // Acme's ETag means nothing for globex's entry.
    expect((await get(app, '/factors/f1', { 'x-tenant': 'globex', 'if-none-match': acme.headers.etag as string })).statusCode).toBe(200);
    const anonymous = await get(app, '/factors/f1');
    expect(anonymous.statusCode).toBe(404);

    await app.inject({ method: 'POST', url: '/factors/f1', headers: { 'x-tenant': 'acme' }, payload: { value: '0.1' } });
    expect((await get(app, '/factors/f1', { 'x-tenant': 'globex' })).headers['x-cache']).toBe('hit');
    expect((await get(app, '/factors/f1', { 'x-tenant': 'acme' })).json()).toEqual({ id: 'f1', value: '0.1', tenant: 'acme' });
  });

  it('invalidates a tag for every tenant at once', async () => {
    await get(app, '/factors/f1', { 'x-tenant': 'acme' });
    await get(app, '/factors/f1', { 'x-tenant': 'globex' });
    await app.responseCache.invalidateTagsForAllTenants(['factors']);
    expect((await get(app, '/factors/f1', { 'x-tenant': 'acme' })).headers['x-cache']).toBe('miss');
    expect((await get(app, '/factors/f1', { 'x-tenant': 'globex' })).headers['x-cache']).toBe('miss');
  });

  it('marks anonymous static responses public and immutable', async () => {
    const first = await get(app, '/units');
    expect(first.headers).toMatchObject({ 'cache-control': 'public, max-age=3600, immutable', 'x-cache': 'miss' });
    expect((await get(app, '/units')).headers['x-cache']).toBe('hit');
    expect(handled()).toBe(1);
  });

  it('never stores no_cache routes or error responses', async () => {
    const live = await get(app, '/live');
    expect(live.headers['cache-control']).toBe('no-store');
    expect(live.headers.etag).toBeUndefined();
    await get(app, '/live');
    await get(app, '/factors/missing', { 'x-tenant': 'acme' });
    const again = await get(app, '/factors/missing', { 'x-tenant': 'acme' });
    expect(again.statusCode).toBe(404);
    expect(again.headers['x-cache']).toBe('miss');
    expect(handled()).toBe(4);
    expect(app.responseCache.stats()).toMatchObject({ l1Entries: 0 });
  });

  it('answers HEAD from the GET entry without a body', async () => {
    const got = await get(app, '/factors/f1', { 'x-tenant': 'acme' });
    const head = await app.inject({ method: 'HEAD', url: '/factors/f1', headers: { 'x-tenant': 'acme' } });
    expect(head.statusCode).toBe(200);
    expect(head.body).toBe('');
    expect(head.headers).toMatchObject({ 'x-cache': 'hit', etag: got.headers.etag });
    expect(handled()).toBe(1);
  });

  it('refuses a caching strategy on a route that is not GET', async () => {
    const bad = Fastify();
    await bad.register(responseCache);
    expect(() => bad.post('/x', { config: { cache: { strategy: 'short' } } }, async () => ({}))).toThrow(/applies to GET routes only/);
    await bad.close();
  });
});

describe('response cache shared through Redis', () => {
  let redis: Redis;
  let prefix: string;
  const caches: Cache<CachedResponse>[] = [];
  const apps: FastifyInstance[] = [];

  beforeAll(async () => {
    redis = await connectRedis();
  });
  afterAll(() => redis.disconnect());
  beforeEach(() => {
    prefix = uniquePrefix();
  });
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
    await Promise.all(caches.splice(0).map((cache) => cache.close()));
    await deleteKeys(redis, prefix);
  });

  async function instance(database: Database): Promise<FastifyInstance> {
    const cache = createCache<CachedResponse>(cacheOptionsFor('responses', redis, { keyPrefix: prefix }));
    await cache.ready();
    caches.push(cache);
    const { app } = await buildApp(database, { cache });
    apps.push(app);
    return app;
  }

  it("a write on one instance invalidates the other's cached response", async () => {
    const database: Database = new Map([['acme:f1', '0.42']]);
    const one = await instance(database);
    const two = await instance(database);
    const acme = { 'x-tenant': 'acme' };
    const first = await get(one, '/factors/f1', acme);
    const fromL2 = await get(two, '/factors/f1', acme);
    expect(fromL2.headers).toMatchObject({ 'x-cache': 'hit', etag: first.headers.etag });
    expect((await get(two, '/factors/f1', { 'x-tenant': 'globex' })).statusCode).toBe(404);

    // Instance two hears of every write on one: first the miss that stored the response, then the tag.
    const heard = (count: number) => waitUntil(() => caches[1]!.stats().invalidationsReceived === count, 100, `invalidation ${count} on instance two`);
    await heard(1);
    await one.inject({ method: 'POST', url: '/factors/f1', headers: acme, payload: { value: '0.7' } });
    await heard(2);
    const after = await get(two, '/factors/f1', acme);
    expect(after.headers['x-cache']).toBe('miss');
    expect(after.json()).toEqual({ id: 'f1', value: '0.7', tenant: 'acme' });
  });
});
