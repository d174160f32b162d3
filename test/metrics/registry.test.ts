/** The metrics registry on its own: scrape-time reads of pool and cache stats, and the exposition. */
import { describe, expect, it } from 'vitest';
import type { CacheStats } from '../../src/cache/index.ts';
import { emptyCounters } from '../../src/cache/stats.ts';
import { createMetrics } from '../../src/metrics/registry.ts';
import type { PoolStats } from '../../src/store/driver.ts';
import { labelSets, promtoolCheck, sample } from './exposition.ts';

function cacheStats(name: string, fields: Partial<CacheStats> = {}): CacheStats {
  return { name, ...emptyCounters(), circuitState: 'disabled', circuitOpens: 0, l1Entries: 0, l1Bytes: 0, unsentInvalidations: 0, ...fields };
}

function poolStats(fields: Partial<PoolStats> = {}): PoolStats {
  return {
    driver: 'postgres',
    total: 0,
    idle: 0,
    waiting: 0,
    max: 10,
    acquireCount: 0,
    acquireTimeouts: 0,
    acquireTimeTotalMs: 0,
    acquireTimeMaxMs: 0,
    validationFailures: 0,
    ...fields,
  };
}

describe('metrics registry', () => {
  it('maps cache stats to operations by level and result, with L2 series only for a cache with Redis', async () => {
    const metrics = createMetrics();
    const local = cacheStats('local', { l1Hits: 6, l1Misses: 3, staleServed: 1, loaderCalls: 3, loaderErrors: 1, evictions: 4, stampedesSuppressed: 2 });
    const shared = cacheStats('shared', {
      circuitState: 'closed',
      l1Hits: 1,
      l1Misses: 3,
      l2Hits: 2,
      l2Misses: 1,
      redisErrors: 5,
      redisSkipped: 6,
      decodeErrors: 7,
    });
    metrics.registerCacheSource(() => [local, shared]);
    const text = await metrics.registry.metrics();

    const op = (cache: string, level: string, result: string) => sample(text, 'greenline_cache_operations_total', { cache, level, result });
    expect([
      op('local', 'l1', 'hit'),
      op('local', 'l1', 'miss'),
      op('local', 'l1', 'stale'),
      op('local', 'loader', 'call'),
      op('local', 'loader', 'error'),
    ]).toEqual([6, 3, 1, 3, 1]);
    expect(labelSets(text, 'greenline_cache_operations_total').filter((l) => l.cache === 'local' && l.level === 'l2')).toEqual([]);
    expect([
      op('shared', 'l2', 'hit'),
      op('shared', 'l2', 'miss'),
      op('shared', 'l2', 'error'),
      op('shared', 'l2', 'skipped'),
      op('shared', 'l2', 'decode_error'),
    ]).toEqual([2, 1, 5, 6, 7]);
    expect(sample(text, 'greenline_cache_evictions_total', { cache: 'local' })).toBe(4);
    expect(sample(text, 'greenline_cache_stampedes_suppressed_total', { cache: 'local' })).toBe(2);
    // Answered without the loader: L1 hits, stale hits and L2 hits, over every lookup.
    expect(sample(text, 'greenline_cache_hit_ratio', { cache: 'local' })).toBeCloseTo(7 / 10);
    expect(sample(text, 'greenline_cache_hit_ratio', { cache: 'shared' })).toBeCloseTo(3 / 4);
  });

  it('reads the sources again at every scrape and leaves out a cache nobody has read', async () => {
    const metrics = createMetrics();
    let hits = 0;
    metrics.registerCacheSource(() => [cacheStats('live', { l1Hits: hits }), cacheStats('unread')]);
    hits = 5;
    const first = await metrics.registry.metrics();
    hits = 9;
    const second = await metrics.registry.metrics();
    expect(sample(first, 'greenline_cache_operations_total', { cache: 'live', level: 'l1', result: 'hit' })).toBe(5);
    expect(sample(second, 'greenline_cache_operations_total', { cache: 'live', level: 'l1', result: 'hit' })).toBe(9);
    expect(sample(second, 'greenline_cache_hit_ratio', { cache: 'unread' })).toBeUndefined();
  });

  it('adds up several pools and caches of one name, and forgets a source once unregistered', async () => {
    const metrics = createMetrics();
    metrics.registerPoolSource(() => poolStats({ total: 4, idle: 1, waiting: 2, acquireCount: 10, acquireTimeouts: 1, acquireTimeTotalMs: 1500 }));
    const undo = metrics.registerPoolSource(() => poolStats({ total: 1, idle: 1, acquireCount: 5, acquireTimeTotalMs: 500 }));
    metrics.registerCacheSource(() => [cacheStats('c', { l1Hits: 1 })]);
    metrics.registerCacheSource(() => [cacheStats('c', { l1Hits: 2, l1Misses: 1 })]);

    const both = await metrics.registry.metrics();
    expect(sample(both, 'greenline_db_pool_connections', { state: 'total' })).toBe(5);
    expect(sample(both, 'greenline_db_pool_connections', { state: 'idle' })).toBe(2);
    expect(sample(both, 'greenline_db_pool_connections', { state: 'waiting' })).toBe(2);
    expect(sample(both, 'greenline_db_pool_max_connections')).toBe(20);
    expect(sample(both, 'greenline_db_pool_acquires_total')).toBe(15);
    expect(sample(both, 'greenline_db_pool_acquire_wait_seconds_total')).toBe(2);
    expect(sample(both, 'greenline_db_pool_acquire_timeouts_total')).toBe(1);
    expect(sample(both, 'greenline_cache_operations_total', { cache: 'c', level: 'l1', result: 'hit' })).toBe(3);
    expect(sample(both, 'greenline_cache_hit_ratio', { cache: 'c' })).toBeCloseTo(3 / 4);

    undo();
    const one = await metrics.registry.metrics();
    expect(sample(one, 'greenline_db_pool_connections', { state: 'total' })).toBe(4);
    expect(sample(one, 'greenline_db_pool_acquires_total')).toBe(10);
  });

  it('keeps each createMetrics() registry separate', async () => {
    const a = createMetrics();
    const b = createMetrics();
    a.calculations.inc({ category: '1', status: 'ok' });
    expect(sample(await a.registry.metrics(), 'greenline_calculations_total', { category: '1', status: 'ok' })).toBe(1);
    expect(sample(await b.registry.metrics(), 'greenline_calculations_total', { category: '1', status: 'ok' })).toBeUndefined();
  });

  it('passes promtool check metrics with every metric observed, including those other code records', async () => {
    const metrics = createMetrics();
    metrics.registerPoolSource(() => poolStats({ total: 2, idle: 1 }));
    metrics.registerCacheSource(() => [cacheStats('factors', { circuitState: 'closed', l1Hits: 1 })]);
    metrics.http.started();
    metrics.http.started();
    metrics.http.finished('GET', '/v1/factors/:id', 200, 0.0012);
    metrics.http.finished('GET', '/v1/factors/:id', 200, 0.2);
    metrics.db.queryDuration.observe({ query: 'factors.candidates' }, 0.004);
    metrics.db.slowQueries.inc({ query: 'factors.candidates' });
    metrics.batch.records.inc({ outcome: 'stored' }, 1000);
    metrics.batch.records.inc({ outcome: 'failed' }, 3);
    metrics.batch.rowsPerSecond.set(52_000);
    metrics.calculations.inc({ category: '4', status: 'error' });

    const text = await metrics.registry.metrics();
    expect(sample(text, 'greenline_http_requests_total', { method: 'GET', route: '/v1/factors/:id', status_code: '200' })).toBe(2);
    for (const name of [
      'greenline_db_query_duration_seconds_count',
      'greenline_db_slow_queries_total',
      'greenline_batch_records_total',
      'greenline_batch_rows_per_second',
      'greenline_calculations_total',
    ]) {
      expect(sample(text, name), name).toBeGreaterThan(0);
    }
    const { code, output } = await promtoolCheck(text);
    expect(output).toBe('');
    expect(code).toBe(0);
  });
});
