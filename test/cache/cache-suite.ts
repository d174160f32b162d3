/**
 * What every cache must do, whatever its tiers: run by cache-memory.test.ts (L1 only) and
 * cache-redis.test.ts (L1 + Redis), the way BentoCache runs one suite against every driver.
 */
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Cache, type CacheOptions, CacheValueError, createCache, warm } from '../../src/cache/index.ts';
import { deleteKeys, ManualClock, uniquePrefix, waitUntil } from './support.ts';

export interface SuiteTier {
  /** The L2 client, or null for an L1-only cache. */
  redis(): Redis | null;
}

export function describeCache(label: string, tier: SuiteTier): void {
  describe(label, () => {
    let prefix: string;
    let clock: ManualClock;
    let open: Cache<unknown>[];

    function make<T>(overrides: Partial<CacheOptions> = {}): Cache<T> {
      const cache = createCache<T>({
        name: 'suite',
        redis: tier.redis(),
        keyPrefix: prefix,
        l1: { maxEntries: 1_000, maxBytes: 1_000_000 },
        ttlMs: 1_000,
        jitter: 0,
        clock: clock.read,
        ...overrides,
      });
      open.push(cache as Cache<unknown>);
      return cache;
    }

    beforeEach(() => {
      prefix = uniquePrefix();
      clock = new ManualClock();
      open = [];
    });

    afterEach(async () => {
      await Promise.all(open.map((cache) => cache.close()));
      const redis = tier.redis();
      if (redis) await deleteKeys(redis, prefix);
    });

    it('loads on a miss, then serves from L1', async () => {
      const cache = make<{ factor: number }>();
      const load = async () => ({ factor: 0.42 });
      expect(await cache.getOrLoad('f:1', load)).toEqual({ value: { factor: 0.42 }, hit: 'miss' });
      expect(await cache.getOrLoad('f:1', load)).toEqual({ value: { factor: 0.42 }, hit: 'l1' });
      expect(cache.peek('f:1')).toEqual({ factor: 0.42 });
      expect(cache.stats()).toMatchObject({ loaderCalls: 1, l1Hits: 2, l1Misses: 1 });
    });

    it('calls the loader once for 1,000 concurrent misses on one key', async () => {
      const cache = make<number>();
      let calls = 0;
      const load = async () => {
        calls++;
        await new Promise((resolve) => setTimeout(resolve, 20));
        return 7;
      };
      const results = await Promise.all(Array.from({ length: 1_000 }, () => cache.getOrLoad('hot', load)));
      expect(calls).toBe(1);
      expect(results.every((r) => r.value === 7 && r.hit === 'miss')).toBe(true);
      expect(cache.stats()).toMatchObject({ loaderCalls: 1, stampedesSuppressed: 999 });
    });

    it('getManyOrLoad: one loader call for every missing key, shared by concurrent callers and by getOrLoad', async () => {
      const cache = make<number>();
      const batches: string[][] = [];
      const loadMany = async (keys: string[]) => {
        batches.push([...keys].sort());
        await new Promise((resolve) => setTimeout(resolve, 20));
        // 'absent' has no value: left out of the answer and not cached.
        return new Map(keys.filter((k) => k !== 'absent').map((k) => [k, Number(k.slice(1))]));
      };
      await cache.getOrLoad('k1', () => 1);
      const many = await Promise.all(Array.from({ length: 100 }, () => cache.getManyOrLoad(['k1', 'k2', 'k3', 'absent', 'k2'], loadMany)));
      const single = await cache.getOrLoad('k3', () => -1);
      expect(batches).toEqual([['absent', 'k2', 'k3']]);
      for (const answer of many) {
        expect(answer.get('k1')).toEqual({ value: 1, hit: 'l1' });
        expect(answer.get('k2')?.value).toBe(2);
        expect(answer.get('k3')?.value).toBe(3);
        expect(answer.has('absent')).toBe(false);
      }
      expect(single).toEqual({ value: 3, hit: 'l1' });
      // 99 callers joined each of the three keys in flight.
      expect(cache.stats()).toMatchObject({ loaderCalls: 2, stampedesSuppressed: 3 * 99 });
      const again = await cache.getManyOrLoad(['k2', 'k3'], loadMany);
      expect([...again.values()].map((r) => r.hit)).toEqual(['l1', 'l1']);
      expect(batches).toHaveLength(1);
    });

    it('getManyOrLoad: a getOrLoad already loading a key is joined, the other keys load in one call', async () => {
      const cache = make<string>();
      const slow = cache.getOrLoad('a', () => new Promise<string>((resolve) => setTimeout(() => resolve('A'), 30)));
      const batches: string[][] = [];
      const answer = await cache.getManyOrLoad(['a', 'b', 'c'], async (keys) => {
        batches.push(keys);
        return new Map(keys.map((k) => [k, k.toUpperCase()]));
      });
      await slow;
      expect(batches).toEqual([['b', 'c']]);
      expect([...answer].map(([k, r]) => [k, r.value])).toEqual([
        ['a', 'A'],
        ['b', 'B'],
        ['c', 'C'],
      ]);
      expect(cache.stats().stampedesSuppressed).toBe(1);
    });

    it('getManyOrLoad: serves stale keys in the grace period and refreshes them in one background call', async () => {
      const cache = make<string>({ graceMs: 10_000 });
      await cache.getManyOrLoad(['x', 'y'], async (keys) => new Map(keys.map((k) => [k, `${k}1`])));
      clock.advance(1_500);
      const batches: string[][] = [];
      const refresh = async (keys: string[]) => {
        batches.push([...keys].sort());
        return new Map(keys.map((k) => [k, `${k}2`]));
      };
      const served = await cache.getManyOrLoad(['x', 'y'], refresh);
      expect([...served.values()]).toEqual([
        { value: 'x1', hit: 'stale' },
        { value: 'y1', hit: 'stale' },
      ]);
      await waitUntil(() => cache.peek('x') === 'x2' && cache.peek('y') === 'y2', 2_000, 'the refreshed values');
      expect(batches).toEqual([['x', 'y']]);
    });

    it('getManyOrLoad: a failing loader fails every caller of the batch, and nothing is cached', async () => {
      const cache = make<number>();
      const failing = async (): Promise<Map<string, number>> => {
        throw new Error('factor database unavailable');
      };
      const callers = [cache.getManyOrLoad(['p', 'q'], failing), cache.getManyOrLoad(['q'], failing)];
      for (const caller of callers) await expect(caller).rejects.toThrow('factor database unavailable');
      expect(cache.stats()).toMatchObject({ loaderCalls: 1, loaderErrors: 1 });
      expect((await cache.getManyOrLoad(['p', 'q'], async (keys) => new Map(keys.map((k) => [k, 1])))).size).toBe(2);
    });

    it('expires at the TTL, which jitter only shortens', async () => {
      const cache = make<string>({ jitter: 0.1, random: () => 1 });
      await cache.getOrLoad('k', () => 'v1');
      clock.advance(899);
      expect(await cache.getOrLoad('k', () => 'v2')).toEqual({ value: 'v1', hit: 'l1' });
      clock.advance(1);
      expect(await cache.getOrLoad('k', () => 'v2')).toEqual({ value: 'v2', hit: 'miss' });
    });

    it('serves stale inside the grace period while exactly one refresh runs', async () => {
      const cache = make<string>({ graceMs: 10_000 });
      await cache.getOrLoad('k', () => 'v1');
      clock.advance(1_500);
      let refreshes = 0;
      const slowLoad = async () => {
        refreshes++;
        await new Promise((resolve) => setTimeout(resolve, 20));
        return 'v2';
      };
      const served = await Promise.all([1, 2, 3].map(() => cache.getOrLoad('k', slowLoad)));
      expect(served).toEqual([1, 2, 3].map(() => ({ value: 'v1', hit: 'stale' })));
      await waitUntil(() => cache.peek('k') === 'v2', 2_000, 'the refreshed value');
      expect(refreshes).toBe(1);
      expect(cache.stats()).toMatchObject({ staleServed: 3, loaderCalls: 2 });
    });

    it('serves stale when the loader fails after the TTL, and throws once the grace period is over', async () => {
      const cache = make<string>({ graceMs: 10_000 });
      await cache.getOrLoad('k', () => 'v1');
      clock.advance(1_500);
      const failing = async (): Promise<string> => {
        throw new Error('factor database unavailable');
      };
      expect(await cache.getOrLoad('k', failing)).toEqual({ value: 'v1', hit: 'stale' });
      await waitUntil(() => cache.stats().loaderErrors === 1, 2_000, 'the failed refresh');
      expect(cache.stats()).toMatchObject({ staleServed: 1, loaderErrors: 1 });
      clock.advance(10_000);
      await expect(cache.getOrLoad('k', failing)).rejects.toThrow('factor database unavailable');
      expect(cache.stats().loaderErrors).toBe(2);
    });

    it('sets, gets and deletes', async () => {
      const cache = make<{ id: string }>();
      await cache.set('s:1', { id: 's1' });
      expect(await cache.get('s:1')).toEqual({ id: 's1' });
      await cache.delete('s:1');
      expect(await cache.get('s:1')).toBeUndefined();
      expect(await cache.getOrLoad('s:1', () => ({ id: 'reloaded' }))).toEqual({ value: { id: 'reloaded' }, hit: 'miss' });
    });

    it('invalidates by tag exactly the keys carrying the tag', async () => {
      const cache = make<number>();
      await cache.set('a', 1, { tags: ['x'] });
      await cache.set('b', 2, { tags: ['x', 'y'] });
      await cache.set('c', 3, { tags: ['y'] });
      await cache.invalidateTag('x');
      expect(await cache.get('a')).toBeUndefined();
      expect(await cache.get('b')).toBeUndefined();
      expect(await cache.get('c')).toBe(3);
      await cache.invalidateTag('y');
      expect(await cache.get('c')).toBeUndefined();
    });

    it('invalidates by prefix, taking glob characters literally', async () => {
      const cache = make<number>();
      for (const [key, value] of [
        ['user:1:a', 1],
        ['user:1:b', 2],
        ['user:10:a', 3],
        ['p*x:1', 4],
        ['pzx:1', 5],
      ] as const)
        await cache.set(key, value);
      await cache.invalidatePrefix('user:1:');
      await cache.invalidatePrefix('p*x');
      expect(await Promise.all(['user:1:a', 'user:1:b', 'user:10:a', 'p*x:1', 'pzx:1'].map((k) => cache.get(k)))).toEqual([
        undefined,
        undefined,
        3,
        undefined,
        5,
      ]);
    });

    it('bounds L1 by entries and by bytes, counting evictions', async () => {
      const byCount = make<number>({ name: 'by-count', l1: { maxEntries: 3, maxBytes: 1_000_000 } });
      for (let i = 0; i < 5; i++) await byCount.set(`k${i}`, i);
      expect(byCount.stats()).toMatchObject({ l1Entries: 3, evictions: 2 });
      expect(byCount.peek('k0')).toBeUndefined();
      expect(byCount.peek('k4')).toBe(4);

      const bySize = make<string>({ name: 'by-size', l1: { maxEntries: 1_000, maxBytes: 1_000 } });
      for (let i = 0; i < 5; i++) await bySize.set(`k${i}`, 'x'.repeat(250));
      const stats = bySize.stats();
      expect(stats.l1Bytes).toBeLessThanOrEqual(1_000);
      expect(stats.l1Entries).toBe(3);
      expect(stats.evictions).toBe(2);
    });

    it('refuses values that are not JSON', async () => {
      const cache = make<unknown>();
      await expect(cache.set('big', 10n)).rejects.toThrow(CacheValueError);
      await expect(cache.set('nothing', undefined)).rejects.toThrow(/undefined cannot be cached/);
    });

    it('warms keys with bounded concurrency and counts their origin', async () => {
      const cache = make<number>();
      await cache.set('w0', 0);
      const entries = Array.from({ length: 20 }, (_, i) => ({
        key: `w${i}`,
        load: async () => {
          if (i === 19) throw new Error('gone');
          return i;
        },
      }));
      expect(await warm(cache, entries, 4)).toEqual({ l1: 1, l2: 0, miss: 18, stale: 0, failed: 1 });
      expect(cache.peek('w18')).toBe(18);
    });
  });
}
