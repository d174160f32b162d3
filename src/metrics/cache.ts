/**
 * Cache metrics, read from each cache's `stats()` when Prometheus scrapes: the caches already
 * count every outcome (src/cache/stats.ts), so a cache read pays nothing more for metrics.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { CacheStats } from '../cache/index.ts';
import type { CacheCounters } from '../cache/stats.ts';
import { type Sources, setCounter } from './sources.ts';

interface Operation {
  level: 'l1' | 'l2' | 'loader';
  result: string;
  field: keyof CacheCounters;
}

/** The `greenline_cache_operations_total` series and the counter each one reads. */
const OPERATIONS: readonly Operation[] = [
  { level: 'l1', result: 'hit', field: 'l1Hits' },
  { level: 'l1', result: 'miss', field: 'l1Misses' },
  // An entry past its TTL served in its grace period. The cache counts these without saying which
  // level held the entry; they are reported under l1, where every lookup starts.
  { level: 'l1', result: 'stale', field: 'staleServed' },
  { level: 'l2', result: 'hit', field: 'l2Hits' },
  { level: 'l2', result: 'miss', field: 'l2Misses' },
  { level: 'l2', result: 'error', field: 'redisErrors' },
  // Not sent: the circuit breaker was open.
  { level: 'l2', result: 'skipped', field: 'redisSkipped' },
  { level: 'l2', result: 'decode_error', field: 'decodeErrors' },
  // Calls, not successes: a load in progress is counted already, and a counter cannot go back
  // down when it fails. Successes are call - error.
  { level: 'loader', result: 'call', field: 'loaderCalls' },
  { level: 'loader', result: 'error', field: 'loaderErrors' },
];

/** An L1-only cache (no Redis) has no L2 series rather than a row of zeros. */
const hasL2 = (stats: CacheStats) => stats.circuitState !== 'disabled';

export function defineCacheMetrics(registry: Registry, prefix: string, sources: Sources<readonly CacheStats[]>): void {
  const registers = [registry];
  const caches = () => sources.read().flat();
  new Counter({
    name: `${prefix}cache_operations_total`,
    help: 'Cache reads by cache, level (l1, l2, loader) and result.',
    labelNames: ['cache', 'level', 'result'],
    registers,
    collect() {
      setCounter(
        this,
        caches().flatMap((stats) =>
          OPERATIONS.filter((op) => op.level !== 'l2' || hasL2(stats)).map((op) => ({
            labels: { cache: stats.name, level: op.level, result: op.result },
            value: stats[op.field],
          })),
        ),
      );
    },
  });
  /** A counter per cache that reads one of its stats when scraped. */
  const perCache = (name: string, help: string, field: 'evictions' | 'stampedesSuppressed') =>
    new Counter({
      name: `${prefix}${name}`,
      help,
      labelNames: ['cache'],
      registers,
      collect() {
        setCounter(
          this,
          caches().map((stats) => ({ labels: { cache: stats.name }, value: stats[field] })),
        );
      },
    });
  perCache('cache_evictions_total', 'L1 entries dropped to respect its entry or byte bound.', 'evictions');
  perCache('cache_stampedes_suppressed_total', 'Callers that waited for a load already running instead of loading themselves.', 'stampedesSuppressed');
  new Gauge({
    name: `${prefix}cache_hit_ratio`,
    help: 'Share of lookups answered from L1, L2 or a stale entry since the process started; use rate() of cache_operations_total for a recent ratio.',
    labelNames: ['cache'],
    registers,
    collect() {
      // Every lookup starts in L1 and ends there as a hit, a stale hit or a miss; an L1 miss may
      // still be an L2 hit.
      const byName = new Map<string, { hits: number; lookups: number }>();
      for (const stats of caches()) {
        const sums = byName.get(stats.name) ?? { hits: 0, lookups: 0 };
        sums.hits += stats.l1Hits + stats.staleServed + stats.l2Hits;
        sums.lookups += stats.l1Hits + stats.staleServed + stats.l1Misses;
        byName.set(stats.name, sums);
      }
      this.reset();
      // A cache nobody has read yet has no ratio, rather than a misleading 0.
      for (const [cache, { hits, lookups }] of byName) if (lookups > 0) this.set({ cache }, hits / lookups);
    },
  });
}
