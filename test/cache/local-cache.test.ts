/**
 * The process-local cache with cross-instance invalidation that API-key lookups use
 * (src/cache/local-cache.ts): values stay in the process, invalidations travel over Redis, a load
 * overtaken by an invalidation is not kept, and an invalidation Redis could not take is sent once
 * it answers again.
 */
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalCache } from '../../src/cache/local-cache.ts';
import { connectRedis, freePort, SpareRedisServer, uniquePrefix, unreachableRedis, waitUntil } from './support.ts';

const options = { name: 'auth', ttlMs: 60_000, maxEntries: 100 };

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('LocalCache in one process', () => {
  it('keeps loaded values until their TTL, and never keeps null', async () => {
    let now = 0;
    const cache = new LocalCache<string>({ ...options, ttlMs: 1_000, clock: () => now });
    let loads = 0;
    const loader = async () => {
      loads++;
      return 'v';
    };
    expect(await cache.getOrLoad('k', loader)).toBe('v');
    expect(await cache.getOrLoad('k', loader)).toBe('v');
    expect(loads).toBe(1);
    now = 1_000;
    expect(cache.peek('k')).toBeUndefined();
    expect(await cache.getOrLoad('none', async () => null)).toBeNull();
    expect(cache.stats().l1Entries).toBe(1);
  });

  it('does not keep a load that an invalidation overtook, and later callers do not join it', async () => {
    const cache = new LocalCache<string>(options);
    const old = deferred<string>();
    const first = cache.getOrLoad('key', () => old.promise);
    expect(cache.getOrLoad('key', async () => 'unused')).toBe(first);
    await cache.delete('key');
    // Asked after the invalidation: a load of its own, not the one in flight.
    const second = cache.getOrLoad('key', async () => 'new');
    old.resolve('old');
    expect(await first).toBe('old');
    expect(await second).toBe('new');
    expect(cache.peek('key')).toBe('new');
  });
});

describe('LocalCache across instances (Redis)', () => {
  let redisA: Redis;
  let redisB: Redis;
  beforeAll(async () => {
    [redisA, redisB] = await Promise.all([connectRedis(), connectRedis()]);
  });
  afterAll(() => {
    redisA.disconnect();
    redisB.disconnect();
  });

  it('a delete on one instance drops the key on the other; values never go to Redis', async () => {
    const keyPrefix = uniquePrefix();
    const a = new LocalCache<string>({ ...options, redis: redisA, keyPrefix });
    const b = new LocalCache<string>({ ...options, redis: redisB, keyPrefix });
    try {
      await Promise.all([a.ready(), b.ready()]);
      await b.getOrLoad('hash1', async () => 'tenant-1');
      await b.getOrLoad('hash2', async () => 'tenant-2');
      await a.delete('hash1');
      await waitUntil(() => b.peek('hash1') === undefined, 1_000, 'the invalidation on b');
      expect(b.peek('hash2')).toBe('tenant-2');
      expect(b.stats().invalidationsReceived).toBe(1);
      expect(await redisA.keys(`${keyPrefix}*`)).toEqual([]);
    } finally {
      a.close();
      b.close();
    }
  });

  it('with Redis unreachable, drops the key here and counts the invalidation as unsent', async () => {
    const redis = unreachableRedis(await freePort());
    const cache = new LocalCache<string>({ ...options, redis, keyPrefix: uniquePrefix() });
    try {
      await cache.getOrLoad('k', async () => 'v');
      await cache.delete('k');
      expect(cache.peek('k')).toBeUndefined();
      expect(cache.stats().unsentInvalidations).toBe(1);
    } finally {
      cache.close();
      redis.disconnect();
    }
  });

  it('sends an invalidation Redis refused once Redis is back', async () => {
    const spare = await SpareRedisServer.start();
    const redis = await connectRedis(spare.url);
    const cache = new LocalCache<string>({ ...options, redis, keyPrefix: uniquePrefix() });
    try {
      await cache.ready();
      await spare.shutdown();
      await waitUntil(() => redis.status !== 'ready', 5_000, 'the client to notice');
      await cache.delete('k');
      expect(cache.stats().unsentInvalidations).toBe(1);
      await spare.start();
      const back = performance.now();
      await waitUntil(() => cache.stats().unsentInvalidations === 0, 5_000, 'the invalidation to be sent');
      console.info(`unsent invalidation sent ${(performance.now() - back).toFixed(0)} ms after Redis answered again`);
    } finally {
      cache.close();
      redis.disconnect();
      await spare.destroy();
    }
  });
});
