/**
 * Warming on start: loads known-hot keys before traffic arrives. It goes through `getOrLoad`, so
 * keys another instance already put in Redis are promoted from L2 instead of loaded again, and a
 * bounded number of loads run at once so warming does not flood the source of truth.
 */
import type { Cache, CacheHit, Loader, SetOptions } from './multi-level-cache.ts';

export interface WarmEntry<T> extends SetOptions {
  key: string;
  load: Loader<T>;
}

/** Counts where each warmed value came from; failed loads are counted, not thrown. */
export async function warm<T>(cache: Cache<T>, entries: Iterable<WarmEntry<T>>, concurrency = 8): Promise<Record<CacheHit | 'failed', number>> {
  const counts = { l1: 0, l2: 0, miss: 0, stale: 0, failed: 0 };
  const queue = entries[Symbol.iterator]();
  const worker = async (): Promise<void> => {
    for (let next = queue.next(); !next.done; next = queue.next()) {
      const { key, load, ...options } = next.value;
      try {
        counts[(await cache.getOrLoad(key, load, options)).hit]++;
      } catch {
        counts.failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  return counts;
}
