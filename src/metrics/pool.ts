/**
 * Connection-pool metrics, read from `driver.stats()` when Prometheus scrapes: the drivers
 * already count acquisitions and waits, so the query path pays nothing for them.
 */
import { Counter, Gauge, type Histogram, type Registry } from 'prom-client';
import { ACQUIRE_WAIT_BOUNDS_MS } from '../store/diagnostics/acquire-waits.ts';
import type { PoolStats } from '../store/driver.ts';
import { type Sources, setCounter } from './sources.ts';

/** Sums a field over the registered pools (one in the server). */
function total(pools: readonly PoolStats[], field: 'total' | 'idle' | 'waiting' | 'max' | 'acquireCount' | 'acquireTimeouts' | 'acquireTimeTotalMs'): number {
  let sum = 0;
  for (const pool of pools) sum += pool[field];
  return sum;
}

export function definePoolMetrics(registry: Registry, prefix: string, pools: Sources<PoolStats>): void {
  const registers = [registry];
  new Gauge({
    name: `${prefix}db_pool_connections`,
    help: 'Database connections by state: total open, idle, and requests waiting for one (PGlite: one connection).',
    labelNames: ['state'],
    registers,
    collect() {
      const stats = pools.read();
      for (const state of ['total', 'idle', 'waiting'] as const) this.set({ state }, total(stats, state));
    },
  });
  // Pool use on a dashboard is (total - idle) / max.
  new Gauge({
    name: `${prefix}db_pool_max_connections`,
    help: 'Largest number of connections the pool may open.',
    registers,
    collect() {
      this.set(total(pools.read(), 'max'));
    },
  });
  /** A counter that reads one pool total (divided, e.g. ms to s) when scraped. */
  const poolCounter = (name: string, help: string, field: 'acquireCount' | 'acquireTimeouts' | 'acquireTimeTotalMs', divisor = 1) =>
    new Counter({
      name: `${prefix}${name}`,
      help,
      registers,
      collect() {
        setCounter(this, [{ labels: {}, value: total(pools.read(), field) / divisor }]);
      },
    });
  // With the wait total, gives the mean wait: rate(wait_seconds) / rate(acquires).
  poolCounter('db_pool_acquires_total', 'Connections handed out by the pool.', 'acquireCount');
  poolCounter('db_pool_acquire_wait_seconds_total', 'Time spent waiting for a free connection, over all acquisitions.', 'acquireTimeTotalMs', 1000);
  poolCounter('db_pool_acquire_timeouts_total', 'Acquisitions that gave up waiting (answered 503 POOL_TIMEOUT).', 'acquireTimeouts');
  registry.registerMetric(acquireWaitHistogram(`${prefix}db_pool_acquire_wait_seconds`, pools));
}

/**
 * `…_db_pool_acquire_wait_seconds`: each acquisition's wait, as a histogram. The driver counts
 * into fixed buckets as it hands connections out (store/diagnostics/acquire-waits.ts); this
 * reads those cumulative counts when scraped, summed over the pools. prom-client's Histogram
 * only learns values one `observe` at a time, so this is a collector of its own that answers
 * the registry's `get()` with the same shape a Histogram gives.
 */
function acquireWaitHistogram(name: string, pools: Sources<PoolStats>): Histogram {
  const help =
    'Time each connection acquisition waited for a free connection (node-postgres; PGlite has no pool to wait for). Timed-out acquisitions are in db_pool_acquire_timeouts_total.';
  const collector = {
    name,
    help,
    type: 'histogram' as const,
    aggregator: 'sum' as const,
    async get() {
      let bounds: readonly number[] = ACQUIRE_WAIT_BOUNDS_MS;
      const counts = new Array<number>(bounds.length).fill(0);
      let count = 0;
      let sumMs = 0;
      for (const stats of pools.read()) {
        const waits = stats.acquireWaits;
        if (!waits) continue;
        bounds = waits.boundsMs;
        waits.counts.forEach((n, i) => {
          counts[i] = (counts[i] ?? 0) + n;
        });
        count += waits.count;
        sumMs += waits.sumMs;
      }
      const values = [
        ...bounds.map((ms, i) => ({ metricName: `${name}_bucket`, labels: { le: ms / 1000 }, value: counts[i] ?? 0 })),
        { metricName: `${name}_bucket`, labels: { le: '+Inf' }, value: count },
        { metricName: `${name}_sum`, labels: {}, value: sumMs / 1000 },
        { metricName: `${name}_count`, labels: {}, value: count },
      ];
      return { name, help, type: collector.type, aggregator: collector.aggregator, values };
    },
    reset() {},
  };
  return collector as unknown as Histogram;
}
