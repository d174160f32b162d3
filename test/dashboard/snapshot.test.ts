/**
 * The dashboard snapshot on hand-made metric states: percentiles, rates and ratios over the
 * window between two readings, SLO states from the rolling windows fed by readings, and the
 * benchmark changes from a hand-made history.
 */
import { describe, expect, it } from 'vitest';
import { recentChanges } from '../../src/dashboard/regressions.ts';
import { SloFeed, sliMetricNames } from '../../src/dashboard/slo-feed.ts';
import { buildSnapshot, histogramQuantile, increase, requestGroups, type SnapshotInput } from '../../src/dashboard/snapshot.ts';
import { renderTerminal } from '../../src/dashboard/terminal.ts';
import type { HistoryEntry } from '../../src/perf/bench/history.ts';
import { parseSloConfig } from '../../src/slo/definitions.ts';
import { RollingWindows } from '../../src/slo/rolling-windows.ts';
import { assess } from '../../src/slo/status.ts';
import { minimalFile } from '../slo/fixtures.ts';
import { histogram, reading, requests, sample } from './samples.ts';

const config = parseSloConfig(minimalFile());
const T0 = Date.UTC(2026, 0, 1);
const INF = Number.POSITIVE_INFINITY;
const noRegressions = recentChanges([]);

const factorOk = { method: 'GET', route: '/v1/factors/:id', status_code: '200' };
const factorFailed = { method: 'GET', route: '/v1/factors/:id', status_code: '500' };
const health = { method: 'GET', route: '/healthz', status_code: '200' };
const notFound = { method: 'GET', route: 'unmatched', status_code: '404' };
const stream = { method: 'GET', route: '/dashboard/stream', status_code: '499' };

const cacheOps = (cache: string, ops: Record<string, number>) =>
  Object.entries(ops).map(([op, value]) => sample('greenline_cache_operations_total', { cache, level: op.split('/')[0]!, result: op.split('/')[1]! }, value));

function input(over: Partial<SnapshotInput>): SnapshotInput {
  return {
    current: reading(T0, []),
    baseline: null,
    intervalMs: 2000,
    groups: requestGroups(config),
    slo: { error: 'no SLO file' },
    regressions: noRegressions,
    ...over,
  };
}

describe('histogramQuantile', () => {
  it("interpolates inside the bucket holding the q-th observation, as PromQL's histogram_quantile", () => {
    const buckets = [
      { le: 0.001, count: 50 },
      { le: 0.0025, count: 90 },
      { le: 0.005, count: 100 },
      { le: INF, count: 100 },
    ];
    expect(histogramQuantile(0.5, buckets)).toBe(0.001);
    expect(histogramQuantile(0.95, buckets)).toBeCloseTo(0.00375, 12);
    expect(histogramQuantile(0.99, buckets)).toBeCloseTo(0.00475, 12);
  });

  it('answers the highest finite bound in the +Inf bucket, and null without observations', () => {
    expect(
      histogramQuantile(0.99, [
        { le: 0.001, count: 1 },
        { le: INF, count: 10 },
      ]),
    ).toBe(0.001);
    expect(
      histogramQuantile(0.5, [
        { le: 0.001, count: 0 },
        { le: INF, count: 0 },
      ]),
    ).toBeNull();
    expect(histogramQuantile(0.5, [])).toBeNull();
  });
});

describe('increase', () => {
  it('subtracts the baseline per series, and counts a series that went down (a reset) from zero', () => {
    const before = [sample('c', { a: '1' }, 10), sample('c', { a: '2' }, 50)];
    const now = [sample('c', { a: '1' }, 25), sample('c', { a: '2' }, 5), sample('c', { a: '3' }, 7)];
    expect(increase(now, before).map((s) => s.value)).toEqual([15, 5, 7]);
  });
});

describe('buildSnapshot', () => {
  // 10 s apart. In between: 180 fast reads, 20 failed reads, 100 health checks, 10 unmatched 404s,
  // and one dashboard stream closed after 12 s (left out of "all").
  const baseline = reading(
    T0,
    [
      ...requests(factorOk, { 0.001: 10 }),
      ...requests(health, { 0.0005: 5 }),
      ...cacheOps('factor-candidates', { 'l1/hit': 10, 'l1/miss': 10, 'l2/hit': 0, 'l2/miss': 10 }),
      sample('greenline_db_pool_acquires_total', {}, 100),
      sample('greenline_db_pool_acquire_wait_seconds_total', {}, 0.5),
      sample('greenline_batch_records_total', { outcome: 'stored' }, 0),
    ],
    { cpuMicros: 1_000_000 },
  );
  const current = reading(
    T0 + 10_000,
    [
      ...requests(factorOk, { 0.001: 10 + 90, 0.0025: 72, 0.005: 18 }),
      ...requests(factorFailed, { 0.01: 20 }),
      ...requests(health, { 0.0005: 5 + 100 }),
      ...requests(notFound, { 0.0005: 10 }),
      ...requests(stream, { [INF]: 1 }),
      ...histogram('greenline_db_query_duration_seconds', { query: 'factors.candidates' }, { 0.001: 40, 0.0025: 10 }),
      sample('greenline_http_requests_in_flight', {}, 3),
      ...cacheOps('factor-candidates', { 'l1/hit': 40, 'l1/stale': 5, 'l1/miss': 15, 'l2/hit': 3, 'l2/miss': 12 }),
      ...cacheOps('responses', { 'l1/hit': 0, 'l1/miss': 0 }),
      sample('greenline_db_pool_connections', { state: 'total' }, 5),
      sample('greenline_db_pool_connections', { state: 'idle' }, 3),
      sample('greenline_db_pool_connections', { state: 'waiting' }, 1),
      sample('greenline_db_pool_max_connections', {}, 10),
      sample('greenline_db_pool_acquires_total', {}, 150),
      sample('greenline_db_pool_acquire_wait_seconds_total', {}, 0.6),
      sample('greenline_batch_records_total', { outcome: 'stored' }, 900),
      sample('greenline_batch_records_total', { outcome: 'failed' }, 100),
      sample('greenline_batch_rows_per_second', {}, 25_000),
    ],
    { cpuMicros: 1_500_000, eventLoop: { meanMs: 0.2, p99Ms: 1.5, maxMs: 4 } },
  );
  const s = buildSnapshot(input({ current, baseline }));
  const group = (name: string) => s.http.groups.find((g) => g.name === name)!;

  it('gives each request group its rate, error ratios and percentiles over the window', () => {
    expect(s.rateWindowSeconds).toBe(10);
    expect(s.http.groups.map((g) => g.name)).toEqual(['all', 'api', 'reads']);
    // /v1: 200 requests; 50th at 100 of (90, 162] in (1, 2.5] ms; 95th at 190 of (180, 200] in (5, 10] ms.
    expect(group('api')).toEqual({
      name: 'api',
      description: '/v1 API',
      requests: 200,
      rps: 20,
      p50Ms: expect.closeTo(1 + 1.5 * (10 / 72), 9),
      p95Ms: expect.closeTo(7.5, 9),
      p99Ms: expect.closeTo(9.5, 9),
      errorRate: 0.1,
      clientErrorRate: 0,
    });
    expect(group('reads').requests).toBe(200);
    // Everything but the dashboard's stream: 310 requests, 100 + 10 of them under 0.5 ms.
    const all = group('all');
    expect(all.requests).toBe(310);
    expect(all.rps).toBe(31);
    expect(all.errorRate).toBeCloseTo(20 / 310, 12);
    expect(all.clientErrorRate).toBeCloseTo(10 / 310, 12);
    expect(all.p50Ms).toBeCloseTo(0.5 + 0.5 * ((155 - 110) / 90), 9);
    expect(all.p99Ms).toBeCloseTo(5 + 5 * ((0.99 * 310 - 290) / 20), 9);
    expect(s.http.inFlight).toBe(3);
  });

  it('reads the database, caches, pool, batches and the process', () => {
    expect(s.database).toEqual({
      queriesPerSecond: 5,
      p50Ms: expect.closeTo(0.5 + 0.5 * (25 / 40), 9),
      p95Ms: expect.closeTo(1 + 1.5 * (7.5 / 10), 9),
      p99Ms: expect.closeTo(1 + 1.5 * (9.5 / 10), 9),
    });
    // In the window: hits 30 + 5 stale + 3 from L2 over 30 + 5 + 5 lookups; since start: 48 / 60.
    expect(s.caches).toEqual([
      { name: 'factor-candidates', hitRatio: 0.95, hitRatioSinceStart: 0.8, lookupsPerSecond: 4 },
      { name: 'responses', hitRatio: null, hitRatioSinceStart: null, lookupsPerSecond: 0 },
    ]);
    expect(s.pool).toEqual({ total: 5, idle: 3, waiting: 1, max: 10, use: 0.2, acquireWaitMs: expect.closeTo(2, 9) });
    expect(s.batch).toEqual({ recordsPerSecond: 100, lastBatchRowsPerSecond: 25_000 });
    // 500 ms of CPU in 10 s, over the 310 requests of "all".
    expect(s.cpu.utilization).toBeCloseTo(0.05, 12);
    expect(s.costPerOperation.cpuMsPerRequest).toBeCloseTo(500 / 310, 12);
    expect(s.eventLoop).toEqual({ meanMs: 0.2, p99Ms: 1.5, maxMs: 4 });
    expect(s.memory).toEqual({ rssBytes: 100 * 2 ** 20, heapUsedBytes: 40 * 2 ** 20, heapTotalBytes: 60 * 2 ** 20 });
    expect(s.time).toBe('2026-01-01T00:00:10.000Z');
    expect(s.slo).toEqual({ score: null, scoreState: 'no_data', burnWindow: null, slos: [], error: 'no SLO file' });
  });

  it('has gauges but no rates on the first reading', () => {
    const first = buildSnapshot(input({ current }));
    expect(first.rateWindowSeconds).toBeNull();
    expect(first.http.groups[0]).toMatchObject({ requests: 0, rps: null, p50Ms: null, errorRate: null });
    expect(first.pool.use).toBe(0.2);
    expect(first.cpu.utilization).toBeNull();
    expect(first.caches[0]).toEqual({ name: 'factor-candidates', hitRatio: null, hitRatioSinceStart: 0.8, lookupsPerSecond: null });
  });

  it('renders the same numbers in the terminal, SLO rows coloured by state only with colour on', () => {
    const text = renderTerminal(s, { color: false, source: 'http://x' });
    expect(text).toContain('requests/s 31.0   p50 ');
    expect(text).toMatch(/^api +20\.0 +1\.21 ms +7\.50 ms +9\.50 ms +10\.00% +0\.00%$/m);
    expect(text).toContain('SLOs: no SLO file');
    expect(text).not.toContain('\x1b[');
  });
});

describe('SLO states from the rolling windows fed by readings', () => {
  const windows = new RollingWindows(config.slos);
  const feed = new SloFeed(config.slos, windows);
  const before = [
    ...requests(factorOk, { 0.001: 10 }),
    sample('greenline_batch_records_total', { outcome: 'stored' }, 0),
    sample('greenline_batch_rows_per_second', {}, 0),
  ];
  // Then 1,600 /v1 reads, 1 of them a 5xx and 20 slower than 25 ms, and a batch at 30,000 rows/s.
  const after = [
    ...requests(factorOk, { 0.001: 10 + 1579, 0.05: 20 }),
    ...requests(factorFailed, { 0.001: 1 }),
    sample('greenline_batch_records_total', { outcome: 'stored' }, 5000),
    sample('greenline_batch_rows_per_second', {}, 30_000),
  ];

  it('asks the reader for every metric the SLIs count', () => {
    expect(sliMetricNames(config.slos)).toEqual([
      'greenline_http_requests_total',
      'greenline_http_request_duration_seconds',
      'greenline_batch_rows_per_second',
      'greenline_batch_records_total',
    ]);
  });

  it('adds what each SLI counted since the previous reading; the first reading is the starting point', () => {
    feed.update(before, T0);
    expect(windows.counts('api-availability', 3600, T0)).toEqual({ total: 0, bad: 0 });
    feed.update(after, T0 + 2000);
    const now = T0 + 2000;
    expect(windows.counts('api-availability', 3600, now)).toEqual({ total: 1600, bad: 1 });
    expect(windows.counts('reads-latency-p95', 3600, now)).toEqual({ total: 1600, bad: 20 });
    expect(windows.counts('batch-throughput', 3600, now)).toEqual({ total: 1, bad: 0 });

    const report = assess(config, windows.observations(config.score.burnWindow, now));
    const s = buildSnapshot(input({ current: reading(now, after), slo: { config, report } }));
    // api-availability: 1/1600 bad of a 0.1% budget burns 0.625×: 37.5% left, warning, score 100 × (0.7 × 0.375 + 0.3) = 56.25.
    // reads-latency-p95: 20/1600 of 5% burns 0.25×: 75% left, healthy, 82.5. batch-throughput: one good sample, 100.
    expect(s.slo.slos.map((o) => [o.name, o.state, o.budgetRemaining, o.events, o.badEvents, o.window])).toEqual([
      ['api-availability', 'warning', expect.closeTo(0.375, 9), 1600, 1, '30d'],
      ['reads-latency-p95', 'healthy', expect.closeTo(0.75, 9), 1600, 20, '30d'],
      ['batch-throughput', 'healthy', 1, 1, 0, '30d'],
    ]);
    expect(s.slo.slos[0]).toMatchObject({ compliance: expect.closeTo(1 - 1 / 1600, 12), burnRate: expect.closeTo(0.625, 9), score: expect.closeTo(56.25, 9) });
    // (mean 79.583 + min 56.25) / 2 = 67.92: above 65, the score of an SLO at the healthy bound.
    expect(s.slo.score).toBeCloseTo((56.25 + 82.5 + 100) / 6 + 56.25 / 2, 9);
    expect(s.slo.scoreState).toBe('healthy');
    expect(s.slo.burnWindow).toBe('1h');

    const text = renderTerminal(s, { color: true });
    const line = (name: string) => text.split('\n').find((l) => l.includes(name))!;
    expect(line('api-availability').startsWith('\x1b[33mapi-availability')).toBe(true);
    expect(line('api-availability')).toMatch(/api-availability +warning/);
    expect(line('reads-latency-p95').startsWith('\x1b[32mreads-latency-p95')).toBe(true);
  });

  it('starts again from zero when a count goes down (its source closed), and takes no throughput sample without batch work', () => {
    const reset = [
      ...requests(factorOk, { 0.001: 3 }),
      ...requests(factorFailed, { 0.001: 2 }),
      sample('greenline_batch_records_total', { outcome: 'stored' }, 5000),
      sample('greenline_batch_rows_per_second', {}, 1),
    ];
    feed.update(reset, T0 + 4000);
    expect(windows.counts('api-availability', 3600, T0 + 4000)).toEqual({ total: 1605, bad: 3 });
    expect(windows.counts('batch-throughput', 3600, T0 + 4000)).toEqual({ total: 1, bad: 0 });
  });
});

describe('recentChanges', () => {
  const entry = (createdAt: string, machine: string, results: HistoryEntry['results']): HistoryEntry => ({
    createdAt,
    commit: `c${createdAt.slice(11, 13)}`,
    dirty: false,
    machine,
    results,
  });
  const history = [
    entry('2026-01-01T10:00:00Z', 'A', { 'micro/x': { median: 1, ratio: 2 }, 'app/y': { median: 100 } }),
    entry('2026-01-01T11:00:00Z', 'B', { 'app/y': { median: 50 } }),
    entry('2026-01-01T12:00:00Z', 'A', { 'micro/x': { median: 5, ratio: 2.5 }, 'app/y': { median: 95 } }),
    entry('2026-01-01T13:00:00Z', 'A', { 'micro/z': { median: 1 } }),
  ];

  it("compares each benchmark's latest run with its previous one on the same machine, by ratio when both have one", () => {
    const report = recentChanges(history);
    expect(report).toMatchObject({ runs: 4, latestRun: '2026-01-01T13:00:00Z', threshold: 0.1, regressions: 1, error: null });
    expect(report.changes).toEqual([
      {
        key: 'app/y',
        verdict: 'unchanged',
        basis: 'median',
        previous: 100,
        current: 95,
        change: expect.closeTo(-0.05, 12),
        at: '2026-01-01T12:00:00Z',
        commit: 'c12',
      },
      {
        key: 'micro/x',
        verdict: 'regression',
        basis: 'ratio',
        previous: 2,
        current: 2.5,
        change: expect.closeTo(0.25, 12),
        at: '2026-01-01T12:00:00Z',
        commit: 'c12',
      },
    ]);
    expect(recentChanges(history, 0.01).changes[0]!.verdict).toBe('improvement');
    expect(recentChanges(history, 0.1, 1).changes).toHaveLength(1);
  });
});
