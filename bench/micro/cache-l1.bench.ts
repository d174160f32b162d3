/**
 * An L1 hit through the multi-level cache composition against a plain Map.get, both over the
 * same 256 prebuilt factor keys: the ratio is what the cache adds on its hot path (the LRU's
 * recency update, the freshness check against the coarse clock, the hit counter). Target: at
 * most 2.0× (docs/cache.md). The async `getOrLoad` hit is measured too, to show the price of
 * the promise a caller pays when it does not use `peek`.
 */
import { type Cache, createCache } from '../../src/cache/index.ts';
import { defineSuite } from '../../src/perf/bench/suite.ts';

interface Factor {
  kgCo2ePerUnit: number;
  source: string;
}

interface Ctx {
  keys: string[];
  map: Map<string, Factor>;
  cache: Cache<Factor>;
}

const REGIONS = ['US', 'GB', 'DE', 'FR', 'CN', 'JP', 'IN', 'BR'];
const notLoaded = (): never => {
  throw new Error('every key was set in setup: a benchmark hit went to the loader');
};

export default defineSuite<Ctx>({
  name: 'micro-cache-l1',
  kind: 'micro',
  setup: async () => {
    const keys = Array.from({ length: 256 }, (_, i) => `factors:${REGIONS[i % REGIONS.length]}:${2019 + (i % 6)}:${331_110 + i * 10}`);
    const map = new Map<string, Factor>();
    const cache = createCache<Factor>({ name: 'bench', l1: { maxEntries: 10_000, maxBytes: 16 * 1024 * 1024 }, ttlMs: 3_600_000 });
    for (const [i, key] of keys.entries()) {
      const factor = { kgCo2ePerUnit: 0.1 + i / 1_000, source: 'desnz-2024' };
      map.set(key, factor);
      await cache.set(key, factor);
    }
    return { keys, map, cache };
  },
  teardown: (ctx) => ctx.cache.close(),
  benchmarks: [
    {
      name: '256 L1 hits via peek vs plain Map.get',
      fn: ({ keys, cache }) => {
        let total = 0;
        for (const key of keys) total += cache.peek(key)!.kgCo2ePerUnit;
        return total;
      },
      baseline: ({ keys, map }) => {
        let total = 0;
        for (const key of keys) total += map.get(key)!.kgCo2ePerUnit;
        return total;
      },
    },
    {
      name: '256 L1 hits via await getOrLoad vs plain Map.get',
      fn: async ({ keys, cache }) => {
        let total = 0;
        for (const key of keys) total += (await cache.getOrLoad(key, notLoaded)).value.kgCo2ePerUnit;
        return total;
      },
      baseline: ({ keys, map }) => {
        let total = 0;
        for (const key of keys) total += map.get(key)!.kgCo2ePerUnit;
        return total;
      },
    },
  ],
});
