/**
 * The process's Prometheus metrics, all named `greenline_…` on one registry of our own (not
 * prom-client's global one, so a test can build a fresh set with `createMetrics()`). The app
 * uses the module-level `metrics`; docs/observability.md lists every metric and why it exists.
 *
 * HTTP metrics are recorded by the Fastify plugin (src/http/plugins/metrics.ts), through the
 * per-request fast path of ./http.ts. Pool and cache metrics are read at scrape time from the
 * sources handed over with `registerPoolSource` and `registerCacheSource`. Database query, batch
 * and calculation metrics are observed by the code doing that work.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { CacheStats } from '../cache/index.ts';
import type { PoolStats } from '../store/driver.ts';
import { defineCacheMetrics } from './cache.ts';
import { defineHttpMetrics, type HttpMetrics } from './http.ts';
import { definePoolMetrics } from './pool.ts';
import { Sources } from './sources.ts';

export const METRIC_PREFIX = 'greenline_';

/**
 * Seconds. Cached reads answer in well under a millisecond, uncached ones in a few; batch calls
 * and reports take up to seconds. Steps of 1, 2.5, 5 per decade place any percentile within a
 * factor of 2.5 with 14 buckets; nothing past 10 s, where a request has failed whatever it
 * returns (+Inf still counts it). SLO latency thresholds belong on these boundaries.
 */
export const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface Metrics {
  readonly registry: Registry;
  /** Labels: method, route template (`/v1/factors/:id`, `unmatched`), status code. */
  readonly http: HttpMetrics;
  readonly db: {
    /** `query`: a short stable name (`factors.candidates`), never SQL text. */
    readonly queryDuration: Histogram<'query'>;
    readonly slowQueries: Counter<'query'>;
  };
  readonly batch: {
    readonly records: Counter<'outcome'>;
    readonly rowsPerSecond: Gauge;
  };
  /** Labels: category (1–15), status ok | error. */
  readonly calculations: Counter<'category' | 'status'>;
  /** Supplier registrations (POST /v1/suppliers) by outcome: created, duplicate (DUNS or LEI known), failed. */
  readonly suppliers: Counter<'outcome'>;
  /** Names matched by POST /v1/suppliers/match, by status: matched, review, no_match. */
  readonly supplierMatches: Counter<'status'>;
  /** The pool whose `stats()` the pool metrics read; returns the undo. */
  registerPoolSource(read: () => PoolStats): () => void;
  /** Caches whose `stats()` the cache metrics read, by the name in their stats; returns the undo. */
  registerCacheSource(read: () => readonly CacheStats[]): () => void;
}

export function createMetrics(prefix = METRIC_PREFIX): Metrics {
  const registry = new Registry();
  const registers = [registry];
  const pools = new Sources<PoolStats>();
  const caches = new Sources<readonly CacheStats[]>();

  // Event-loop lag, GC, heap, RSS, CPU, handles, file descriptors.
  collectDefaultMetrics({ register: registry, prefix });
  // prom-client adds these sums as gauges named `…_total`, a suffix Prometheus keeps for counters
  // (promtool check metrics refuses them); `sum()` over the per-type gauges gives the same numbers.
  for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'])
    registry.removeSingleMetric(`${prefix}${name}`);
  definePoolMetrics(registry, prefix, pools);
  defineCacheMetrics(registry, prefix, caches);

  return {
    registry,
    http: defineHttpMetrics(registry, prefix, LATENCY_BUCKETS),
    db: {
      queryDuration: new Histogram({
        name: `${prefix}db_query_duration_seconds`,
        help: 'Database query duration by query name, including the wait for a connection.',
        labelNames: ['query'],
        buckets: LATENCY_BUCKETS,
        registers,
      }),
      slowQueries: new Counter({
        name: `${prefix}db_slow_queries_total`,
        help: 'Queries slower than the slow-query threshold, by query name.',
        labelNames: ['query'],
        registers,
      }),
    },
    batch: {
      records: new Counter({
        name: `${prefix}batch_records_total`,
        help: 'Batch (bulk ingest) records processed, by outcome: stored or failed.',
        labelNames: ['outcome'],
        registers,
      }),
      rowsPerSecond: new Gauge({ name: `${prefix}batch_rows_per_second`, help: 'Throughput of the most recently finished batch, rows per second.', registers }),
    },
    calculations: new Counter({
      name: `${prefix}calculations_total`,
      help: 'Scope 3 calculations by category and status (ok, error).',
      labelNames: ['category', 'status'],
      registers,
    }),
    suppliers: new Counter({
      name: `${prefix}suppliers_registered_total`,
      help: 'Supplier registrations by outcome: created, duplicate (DUNS or LEI already known), failed.',
      labelNames: ['outcome'],
      registers,
    }),
    supplierMatches: new Counter({
      name: `${prefix}supplier_matches_total`,
      help: 'Supplier names matched (POST /v1/suppliers/match) by status: matched, review, no_match.',
      labelNames: ['status'],
      registers,
    }),
    registerPoolSource: (read) => pools.add(read),
    registerCacheSource: (read) => caches.add(read),
  };
}

/** The process's metrics, served at GET /metrics. */
export const metrics: Metrics = createMetrics();
