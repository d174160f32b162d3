/**
 * The factor broker's reads through the multi-level cache (src/cache): candidate factors by
 * (tenant, activity), category averages by category, source names by id. Misses are still loaded
 * in one statement per kind, then cached one key each, so a batch of 10,000 queries costs one
 * round trip for what no instance has cached; concurrent misses on the same keys, here or on
 * another instance, share that one load (the cache's single-flight and Redis lock). Writes invalidate by tag: a data-set import drops
 * every tenant's entries (`factors`), a tenant's own factor drops that tenant's (`factors:<tenant>`).
 */

import type { Redis } from 'ioredis';
import type { Cache, CacheHit } from '../cache/index.ts';
import { cacheOptionsFor, createCache, createRedisClient } from '../cache/index.ts';
import type { CategoryAverage } from '../domain/factors/resolve.ts';
import type { FactorRecord } from '../domain/factors/types.ts';
import type { SqlExecutor } from './driver.ts';
import { loadCandidates, loadCategoryAverages } from './factors.ts';

export const ALL_FACTORS_TAG = 'factors';
export const tenantFactorsTag = (tenantId: string) => `factors:${tenantId}`;

/** Where the broker reads factors from, with how each activity's candidates were found. */
export interface FactorReader {
  candidates(db: SqlExecutor, tenantId: string, activities: readonly string[]): Promise<{ records: FactorRecord[]; hits: Map<string, CacheHit> }>;
  averages(db: SqlExecutor, categories: readonly number[]): Promise<CategoryAverage[]>;
  sourceNames(db: SqlExecutor, ids: readonly string[]): Promise<Map<string, string>>;
}

async function loadSourceNames(db: SqlExecutor, ids: readonly string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  if (ids.length === 0) return names;
  const res = await db.query<{ id: string; name: string }>('SELECT id, name FROM factor_sources WHERE id = ANY($1::text[])', [[...ids]]);
  for (const row of res.rows) names.set(row.id, row.name);
  return names;
}

/** Straight from the database, every time. */
export const directFactorReader: FactorReader = {
  async candidates(db, tenantId, activities) {
    return { records: await loadCandidates(db, tenantId, activities), hits: new Map(activities.map((a) => [a, 'miss' as const])) };
  },
  averages: loadCategoryAverages,
  sourceNames: loadSourceNames,
};

/**
 * Each item's value through the cache: fresh in L1, else L2, else loaded, with one `load` call for
 * all the items no instance has. The cache single-flights each key in this process and takes its
 * Redis lock across instances, so concurrent requests for the same cold keys load them once.
 */
async function throughCache<T, K>(
  cache: Cache<T>,
  items: readonly K[],
  keyOf: (item: K) => string,
  load: (missing: K[]) => Promise<Map<K, T>>,
  tags: readonly string[],
): Promise<{ values: Map<K, T>; hits: Map<K, CacheHit> }> {
  const byKey = new Map<string, K>();
  for (const item of items) byKey.set(keyOf(item), item);
  const found = await cache.getManyOrLoad(
    [...byKey.keys()],
    async (keys) => {
      const loaded = await load(keys.map((key) => byKey.get(key)!));
      const out = new Map<string, T>();
      for (const [item, value] of loaded) out.set(keyOf(item), value);
      return out;
    },
    { tags },
  );
  const values = new Map<K, T>();
  const hits = new Map<K, CacheHit>();
  for (const [key, { value, hit }] of found) {
    const item = byKey.get(key)!;
    values.set(item, value);
    hits.set(item, hit);
  }
  return { values, hits };
}

export interface FactorCaches {
  reader: FactorReader;
  /** After a data-set import: every tenant's factor entries. */
  invalidateAll(): Promise<void>;
  /** After a tenant's own factor was added. */
  invalidateTenant(tenantId: string): Promise<void>;
  caches(): Array<Cache<unknown>>;
  ready(): Promise<void>;
  close(): Promise<void>;
}

export function createFactorCaches(redis: Redis | null, overrides: { keyPrefix?: string } = {}): FactorCaches {
  const candidates = createCache<FactorRecord[]>(cacheOptionsFor('factors', redis, { name: 'factor-candidates', ...overrides }));
  const averages = createCache<CategoryAverage[]>(cacheOptionsFor('factors', redis, { name: 'factor-averages', ...overrides }));
  const sources = createCache<string>(cacheOptionsFor('factors', redis, { name: 'factor-sources', ...overrides }));
  const reader: FactorReader = {
    async candidates(db, tenantId, activities) {
      const { values, hits } = await throughCache(
        candidates,
        activities,
        (a) => `${tenantId}\u0001${a}`,
        async (missing) => {
          const byActivity = new Map<string, FactorRecord[]>(missing.map((a) => [a, []]));
          for (const f of await loadCandidates(db, tenantId, missing)) byActivity.get(f.activity)?.push(f);
          return byActivity;
        },
        [ALL_FACTORS_TAG, tenantFactorsTag(tenantId)],
      );
      return { records: [...values.values()].flat(), hits };
    },
    async averages(db, categories) {
      const { values } = await throughCache(
        averages,
        categories,
        (c) => String(c),
        async (missing) => {
          const byCategory = new Map<number, CategoryAverage[]>(missing.map((c) => [c, []]));
          for (const a of await loadCategoryAverages(db, missing)) byCategory.get(a.category)?.push(a);
          return byCategory;
        },
        [ALL_FACTORS_TAG],
      );
      return [...values.values()].flat();
    },
    async sourceNames(db, ids) {
      const { values } = await throughCache(
        sources,
        ids,
        (id) => id,
        (missing) => loadSourceNames(db, missing),
        [ALL_FACTORS_TAG],
      );
      return values;
    },
  };
  return {
    reader,
    async invalidateAll() {
      await Promise.all([candidates.invalidateTag(ALL_FACTORS_TAG), averages.invalidateTag(ALL_FACTORS_TAG), sources.invalidateTag(ALL_FACTORS_TAG)]);
    },
    async invalidateTenant(tenantId) {
      await candidates.invalidateTag(tenantFactorsTag(tenantId));
    },
    caches: () => [candidates, averages, sources] as Array<Cache<unknown>>,
    async ready() {
      await Promise.all([candidates.ready(), averages.ready(), sources.ready()]);
    },
    async close() {
      await Promise.all([candidates.close(), averages.close(), sources.close()]);
    },
  };
}

/**
 * From another process (a data-set import): drops every instance's cached factors and cached
 * factor responses, through Redis.
 */
export async function invalidateFactorCaches(redisUrl: string): Promise<void> {
  const redis = createRedisClient(redisUrl);
  const caches = createFactorCaches(redis);
  const responses = createCache<unknown>(cacheOptionsFor('responses', redis));
  try {
    await Promise.all([caches.ready(), responses.ready()]);
    await caches.invalidateAll();
    // The response cache tags every tenant's entries `all|<tag>` (src/http/plugins/response-cache.ts).
    await responses.invalidateTag(`all|${ALL_FACTORS_TAG}`);
  } finally {
    await caches.close();
    await responses.close();
    await redis.quit().catch(() => {});
  }
}
