/** The shared suite against L1 + real Redis, then what only a shared L2 can do. */
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Cache, type CacheOptions, createCache } from '../../src/cache/index.ts';
import { describeCache } from './cache-suite.ts';
import { connectRedis, deleteKeys, uniquePrefix, waitUntil } from './support.ts';

const clients: Redis[] = [];
beforeAll(async () => {
  clients.push(await connectRedis(), await connectRedis());
});
afterAll(() => {
  for (const client of clients) client.disconnect();
});

describeCache('multi-level cache, L1 + Redis', { redis: () => clients[0]! });

describe('L2 shared by instances', () => {
  let prefix: string;
  let open: Cache<unknown>[];

  /** One instance of the cache per Redis connection, as two processes would have. */
  function instance<T>(connection: 0 | 1, overrides: Partial<CacheOptions> = {}): Cache<T> {
    const cache = createCache<T>({
      name: 'shared',
      redis: clients[connection]!,
      keyPrefix: prefix,
      l1: { maxEntries: 100, maxBytes: 1_000_000 },
      ttlMs: 60_000,
      ...overrides,
    });
    open.push(cache as Cache<unknown>);
    return cache;
  }

  const aHoldsTheLock = (key: string) => waitUntil(async () => (await clients[0]!.exists(`${prefix}:shared:l:${key}`)) === 1, 2_000, 'the lock');

  beforeEach(() => {
    prefix = uniquePrefix();
    open = [];
  });
  afterEach(async () => {
    await Promise.all(open.map((cache) => cache.close()));
    await deleteKeys(clients[0]!, prefix);
  });

  it('promotes an L2 hit into L1', async () => {
    const a = instance<string>(0);
    const b = instance<string>(1);
    await a.getOrLoad('k', () => 'from a');
    const never = () => Promise.reject(new Error('the loader must not run'));
    expect(await b.getOrLoad('k', never)).toEqual({ value: 'from a', hit: 'l2' });
    expect(await b.getOrLoad('k', never)).toEqual({ value: 'from a', hit: 'l1' });
    expect(b.stats()).toMatchObject({ l1Misses: 1, l2Hits: 1, l1Hits: 1, loaderCalls: 0 });
  });

  it('compresses large values in Redis and flags them', async () => {
    const a = instance<{ rows: string[] }>(0, { compressAboveBytes: 1_024 });
    const b = instance<{ rows: string[] }>(1);
    const large = { rows: Array.from({ length: 500 }, (_, i) => `transport.road.truck_heavy:DE:${2000 + (i % 25)}`) };
    await a.set('large', large);
    await a.set('small', { rows: ['one'] });
    const raw = (key: string) => clients[0]!.getBuffer(`${prefix}:shared:v:${key}`);
    const stored = (await raw('large'))!;
    expect(stored[0]).toBe(0x02);
    expect(stored.length).toBeLessThan(JSON.stringify(large).length / 4);
    expect((await raw('small'))![0]).toBe(0x01);
    expect(await b.get('large')).toEqual(large);
  });

  it('loads once across instances: the other waits for the value in L2', async () => {
    const a = instance<string>(0);
    const b = instance<string>(1, { lock: { ttlMs: 5_000, waitMs: 2_000, pollMs: 10 } });
    let calls = 0;
    const slowLoad = async () => {
      calls++;
      await new Promise((resolve) => setTimeout(resolve, 150));
      return 'loaded once';
    };
    const first = a.getOrLoad('k', slowLoad);
    await aHoldsTheLock('k');
    const second = await b.getOrLoad('k', slowLoad);
    expect(await first).toEqual({ value: 'loaded once', hit: 'miss' });
    expect(second).toEqual({ value: 'loaded once', hit: 'l2' });
    expect(calls).toBe(1);
    expect(b.stats().stampedesSuppressed).toBe(1);
  });

  it('getManyOrLoad loads once across instances: 100 concurrent batches on each, one loader call in all', async () => {
    const a = instance<number>(0);
    const b = instance<number>(1);
    const batches: string[][] = [];
    const loadMany = async (keys: string[]) => {
      batches.push([...keys].sort());
      await new Promise((resolve) => setTimeout(resolve, 50));
      return new Map(keys.map((k) => [k, k.length]));
    };
    const keys = ['one', 'three', 'seven'];
    const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? a : b).getManyOrLoad(keys, loadMany)));
    expect(batches).toEqual([['one', 'seven', 'three']]);
    for (const answer of answers) expect([...answer].map(([k, r]) => [k, r.value])).toEqual(keys.map((k) => [k, k.length]));
    const stats = [a.stats(), b.stats()];
    expect(stats[0]!.loaderCalls + stats[1]!.loaderCalls).toBe(1);
    // Per key: 99 joined on each instance, and the instance that did not load took the value from L2.
    expect(stats[0]!.stampedesSuppressed + stats[1]!.stampedesSuppressed).toBe(keys.length * 199);
  });

  it('getManyOrLoad loads the keys another instance holds locked itself when the wait bound passes', async () => {
    const a = instance<string>(0);
    const b = instance<string>(1, { lock: { ttlMs: 5_000, waitMs: 50, pollMs: 10 } });
    const first = a.getManyOrLoad(['k'], (keys) => new Promise((resolve) => setTimeout(() => resolve(new Map(keys.map((k) => [k, 'slow']))), 300)));
    await aHoldsTheLock('k');
    const second = await b.getManyOrLoad(['k', 'free'], async (keys) => new Map(keys.map((k) => [k, `impatient ${k}`])));
    expect([...second.values()]).toEqual([
      { value: 'impatient k', hit: 'miss' },
      { value: 'impatient free', hit: 'miss' },
    ]);
    await first;
  });

  it('loads anyway when the lock holder takes longer than the wait bound', async () => {
    const a = instance<string>(0);
    const b = instance<string>(1, { lock: { ttlMs: 5_000, waitMs: 50, pollMs: 10 } });
    const first = a.getOrLoad('k', () => new Promise((resolve) => setTimeout(() => resolve('slow'), 300)));
    await aHoldsTheLock('k');
    expect(await b.getOrLoad('k', () => 'impatient')).toEqual({ value: 'impatient', hit: 'miss' });
    await first;
  });

  it('deletes tagged keys from Redis, and the tag set with them', async () => {
    const a = instance<number>(0);
    const b = instance<number>(1);
    await a.set('f:1', 1, { tags: ['dataset:desnz-2024'] });
    await a.set('f:2', 2, { tags: ['dataset:epa-1.3'] });
    await a.invalidateTag('dataset:desnz-2024');
    expect(await b.get('f:1')).toBeUndefined();
    expect(await b.get('f:2')).toBe(2);
    expect(await clients[0]!.exists(`${prefix}:shared:t:dataset:desnz-2024`)).toBe(0);
  });

  it('treats a value it cannot decode as a miss, and counts it', async () => {
    const a = instance<string>(0);
    await clients[0]!.set(`${prefix}:shared:v:k`, 'not an entry');
    expect(await a.getOrLoad('k', () => 'reloaded')).toEqual({ value: 'reloaded', hit: 'miss' });
    // Read twice: on the miss, and again once the key's lock is taken (another instance may have stored it).
    expect(a.stats()).toMatchObject({ decodeErrors: 2, redisErrors: 0 });
  });
});
