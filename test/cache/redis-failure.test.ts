/**
 * Redis down or slow: requests keep succeeding through L1 and the loader, failures are counted,
 * the circuit opens instead of hammering Redis, and everything recovers by itself when Redis
 * returns. Uses its own redis-server on a free port, never the shared one.
 */
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Cache, type CacheOptions, createCache } from '../../src/cache/index.ts';
import { connectRedis, freePort, SpareRedisServer, unreachableRedis, waitUntil } from './support.ts';

const CIRCUIT = { failureThreshold: 3, cooldownMs: 200 };

function cacheOn(redis: Redis, overrides: Partial<CacheOptions> = {}): Cache<string> {
  return createCache<string>({ name: 'failure', redis, l1: { maxEntries: 100, maxBytes: 100_000 }, ttlMs: 60_000, circuit: CIRCUIT, ...overrides });
}

describe('Redis unreachable', () => {
  it('serves from the loader and L1, counts the errors and opens the circuit', async () => {
    const redis = unreachableRedis(await freePort());
    const cache = cacheOn(redis);
    try {
      for (let i = 0; i < 20; i++) expect(await cache.getOrLoad(`k${i}`, () => `v${i}`)).toEqual({ value: `v${i}`, hit: 'miss' });
      expect(await cache.getOrLoad('k0', () => 'unused')).toEqual({ value: 'v0', hit: 'l1' });
      await cache.set('written', 'w');
      await cache.invalidateTag('any');
      const stats = cache.stats();
      expect(stats.circuitState).toBe('open');
      expect(stats.redisErrors).toBe(CIRCUIT.failureThreshold);
      expect(stats.redisSkipped).toBeGreaterThan(20);
      expect(stats.loaderCalls).toBe(20);
    } finally {
      await cache.close();
      redis.disconnect();
    }
  });
});

describe('Redis stopped and restarted mid-test', () => {
  let server: SpareRedisServer;
  let redis: Redis;
  let other: Redis;

  beforeAll(async () => {
    server = await SpareRedisServer.start();
    redis = await connectRedis(server.url);
    other = await connectRedis(server.url);
  });
  afterAll(async () => {
    redis?.disconnect();
    other?.disconnect();
    await server?.destroy();
  });

  it('keeps answering while Redis is down, then closes the circuit and uses L2 again', async () => {
    const cache = cacheOn(redis);
    const peer = cacheOn(other);
    try {
      await Promise.all([cache.ready(), peer.ready()]);
      await cache.set('before', 'kept in L1');
      expect(await peer.get('before')).toBe('kept in L1');

      await server.shutdown();
      // A write Redis never sees: L2 (and the peer) still hold 'kept in L1' until it is replayed.
      await cache.set('before', 'written while down');
      expect(cache.stats().unsentInvalidations).toBe(1);
      for (let i = 0; i < 10; i++) expect(await cache.getOrLoad(`down${i}`, () => `loaded${i}`)).toEqual({ value: `loaded${i}`, hit: 'miss' });
      expect(await cache.getOrLoad('before', () => 'unused')).toEqual({ value: 'written while down', hit: 'l1' });
      const down = cache.stats();
      expect(down.circuitState).toBe('open');
      expect(down.redisErrors).toBeGreaterThanOrEqual(CIRCUIT.failureThreshold);

      await server.start();
      // Probes go out one per cool-down; the first that finds the client reconnected closes it.
      await waitUntil(
        async () => {
          await cache.get('probe');
          return cache.stats().circuitState === 'closed';
        },
        5_000,
        'the circuit to close',
      );
      // Pub/sub messages sent while Redis was down are lost, so both cleared their L1 on reconnecting.
      await waitUntil(() => cache.stats().resyncs >= 1 && peer.stats().resyncs >= 1, 5_000, 'the resyncs');
      expect(cache.peek('down0')).toBeUndefined();
      // The write made while Redis was down is replayed as a delete: no instance reads the old value.
      await waitUntil(() => cache.stats().unsentInvalidations === 0, 2_000, 'the replay');
      expect(await peer.getOrLoad('before', () => 'from the source of truth')).toEqual({ value: 'from the source of truth', hit: 'miss' });
      await cache.set('after', 'through L2');
      expect(await peer.getOrLoad('after', () => 'unused')).toEqual({ value: 'through L2', hit: 'l2' });
    } finally {
      await Promise.all([cache.close(), peer.close()]);
    }
  });

  it('treats slow Redis like a down one: commands time out and requests still succeed', async () => {
    const cache = cacheOn(redis);
    try {
      // CLIENT PAUSE holds every client's commands on this server, longer than commandTimeout (100 ms).
      await other.call('CLIENT', 'PAUSE', '1000', 'ALL');
      for (let i = 0; i < 4; i++) expect(await cache.getOrLoad(`slow${i}`, () => `v${i}`)).toEqual({ value: `v${i}`, hit: 'miss' });
      expect(cache.stats()).toMatchObject({ circuitState: 'open', redisErrors: CIRCUIT.failureThreshold });
    } finally {
      await other.call('CLIENT', 'UNPAUSE').catch(() => undefined);
      await cache.close();
    }
  });
});
