/**
 * The live dashboard's snapshot: what `/dashboard` shows, `/dashboard/stream` pushes and
 * `greenline dashboard --export` writes. Pure: built from two readings of the metrics, the
 * current one and a baseline a few seconds older (rates, error ratios and percentiles are over
 * what happened between them), the SLO report of the in-process rolling windows, and the
 * benchmark changes. docs/observability.md#live-dashboard describes every field.
 */
import { N_PLUS_ONE_METRICS } from '../metrics/n-plus-one.ts';
import { METRIC_PREFIX } from '../metrics/registry.ts';
import { type PolicyState, policyState } from '../slo/budget.ts';
import type { SloConfig } from '../slo/definitions.ts';
import { formatWindow } from '../slo/duration.ts';
import type { Sample } from '../slo/metrics-text.ts';
import { type Labels, type Matcher, matchesAll, parseSelector } from '../slo/selector.ts';
import type { StatusReport } from '../slo/status.ts';
import type { RegressionReport } from './regressions.ts';

/** The metrics the dashboard reads, on top of those the SLOs count. */
export const DASHBOARD_METRICS = {
  httpDuration: `${METRIC_PREFIX}http_request_duration_seconds`,
  inFlight: `${METRIC_PREFIX}http_requests_in_flight`,
  dbDuration: `${METRIC_PREFIX}db_query_duration_seconds`,
  cacheOperations: `${METRIC_PREFIX}cache_operations_total`,
  poolConnections: `${METRIC_PREFIX}db_pool_connections`,
  poolMax: `${METRIC_PREFIX}db_pool_max_connections`,
  poolAcquires: `${METRIC_PREFIX}db_pool_acquires_total`,
  poolWait: `${METRIC_PREFIX}db_pool_acquire_wait_seconds_total`,
  batchRecords: `${METRIC_PREFIX}batch_records_total`,
  batchRate: `${METRIC_PREFIX}batch_rows_per_second`,
} as const;
const M = DASHBOARD_METRICS;

export interface ProcessReading {
  /** `process.cpuUsage()`, user + system, µs since the process started. */
  cpuMicros: number;
  rssBytes: number;
  heapUsedBytes: number;
  heapTotalBytes: number;
  /** Event-loop delay since the previous reading (beyond the monitor's own timer); null before one was measured. */
  eventLoop: { meanMs: number; p99Ms: number; maxMs: number } | null;
}

export interface Reading {
  timeMs: number;
  /** Cumulative samples (counters and histograms since the process started, gauges now), as in /metrics. */
  samples: readonly Sample[];
  process: ProcessReading;
}

/** A set of requests shown together: everything, the /v1 API, or a route group of the SLO file. */
export interface RequestGroup {
  readonly name: string;
  readonly description: string;
  readonly selector: readonly Matcher[];
}

export interface HttpGroupStats {
  name: string;
  description: string;
  /** Requests finished in the rate window. */
  requests: number;
  rps: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  /** Share answered 5xx (what the availability and error-rate SLOs count as bad). */
  errorRate: number | null;
  /** Share answered 4xx. */
  clientErrorRate: number | null;
}

export interface SloSummary {
  name: string;
  component: string;
  kind: string;
  objective: number;
  /** The SLO's window as the app has seen it: since it started, up to this long. */
  window: string;
  events: number;
  badEvents: number;
  /** Over the burn window (`slo.burnWindow`). */
  recentEvents: number;
  recentBadEvents: number;
  compliance: number | null;
  budgetRemaining: number | null;
  burnRate: number | null;
  state: PolicyState;
  score: number | null;
}

export interface CacheSummary {
  name: string;
  /** Share of lookups answered without the loader, in the rate window; null without lookups. */
  hitRatio: number | null;
  /** The same since the process started. */
  hitRatioSinceStart: number | null;
  lookupsPerSecond: number | null;
}

/** A query repeated in requests to one route (an N+1): greenline_db_n_plus_one_*, since the process started. */
export interface NPlusOneSummary {
  route: string;
  query: string;
  fingerprint: string;
  /** Requests flagged since the process started, and in the rate window. */
  requests: number;
  recentRequests: number;
  /** Statements per flagged request. */
  meanRepeats: number;
}

/** The N+1 rows shown: the routes most often flagged. */
const N_PLUS_ONE_SHOWN = 5;

export interface Snapshot {
  version: 1;
  time: string;
  /** How often the server takes a reading and pushes a snapshot. */
  intervalMs: number;
  /** Seconds between the baseline and this reading; null for the first reading (no rates yet). */
  rateWindowSeconds: number | null;
  http: { inFlight: number; groups: HttpGroupStats[] };
  database: { queriesPerSecond: number | null; p50Ms: number | null; p95Ms: number | null; p99Ms: number | null };
  /** Queries repeated within one request, worst first (docs/database-diagnostics.md); always set by buildSnapshot. */
  nPlusOne?: NPlusOneSummary[];
  slo: {
    score: number | null;
    /** The score coloured with the policy's bands (docs/observability.md#performance-score). */
    scoreState: PolicyState;
    burnWindow: string | null;
    slos: SloSummary[];
    /** The SLO file could not be loaded: why. */
    error: string | null;
  };
  caches: CacheSummary[];
  pool: { total: number; idle: number; waiting: number; max: number; use: number | null; acquireWaitMs: number | null };
  batch: { recordsPerSecond: number | null; lastBatchRowsPerSecond: number | null };
  eventLoop: { meanMs: number; p99Ms: number; maxMs: number } | null;
  memory: { rssBytes: number; heapUsedBytes: number; heapTotalBytes: number };
  /** CPU seconds per second of the whole process: 1 is one core busy. */
  cpu: { utilization: number | null };
  costPerOperation: { cpuMsPerRequest: number | null };
  regressions: RegressionReport;
}

export type SloInput = { config: SloConfig; report: StatusReport } | { error: string };

export interface SnapshotInput {
  current: Reading;
  baseline: Reading | null;
  intervalMs: number;
  groups: readonly RequestGroup[];
  slo: SloInput;
  regressions: RegressionReport;
}

/** Every request but the dashboard's own (a stream lasts as long as the page is open), the /v1 API, then the SLO file's route groups. */
export function requestGroups(config: SloConfig | null): RequestGroup[] {
  return [
    { name: 'all', description: 'every route but the dashboard', selector: parseSelector('{route!~"/dashboard(/.*)?"}') },
    { name: 'api', description: '/v1 API', selector: parseSelector('{route=~"/v1/.*"}') },
    ...(config?.routeGroups ?? []),
  ];
}

/** A sample's series; remembered per sample object, since a reading is the baseline of later ones. */
const keys = new WeakMap<Sample, string>();
function sampleKey(s: Sample): string {
  let key = keys.get(s);
  if (key === undefined) {
    key = s.name;
    for (const label of Object.keys(s.labels).sort()) key += `\u0000${label}\u0000${s.labels[label]}`;
    keys.set(s, key);
  }
  return key;
}

/**
 * Each sample's increase from `baseline` to `current`, for counters and histograms. A sample
 * lower than before (its source went away) counts from zero, as Prometheus's `increase()` does.
 */
export function increase(current: readonly Sample[], baseline: readonly Sample[]): Sample[] {
  const before = new Map(baseline.map((s) => [sampleKey(s), s.value]));
  return current.map((s) => {
    const b = before.get(sampleKey(s)) ?? 0;
    return { ...s, value: s.value >= b ? s.value - b : s.value };
  });
}

function sum(samples: readonly Sample[], name: string, keep: (labels: Labels) => boolean = () => true): number {
  let total = 0;
  for (const s of samples) if (s.name === name && keep(s.labels)) total += s.value;
  return total;
}

/** A histogram's cumulative buckets (`_bucket` samples summed by `le`), ascending, `+Inf` last. */
export function histogramBuckets(samples: readonly Sample[], histogram: string, selector: readonly Matcher[] = []): Array<{ le: number; count: number }> {
  const byLe = new Map<number, number>();
  for (const s of samples) {
    if (s.name !== `${histogram}_bucket` || !matchesAll(selector, s.labels)) continue;
    const le = Number(s.labels.le);
    byLe.set(le, (byLe.get(le) ?? 0) + s.value);
  }
  return [...byLe].map(([le, count]) => ({ le, count })).sort((a, b) => a.le - b.le);
}

/**
 * PromQL's `histogram_quantile`: the bucket holding the q-th observation, interpolated linearly
 * inside it (from 0 for the first); in the `+Inf` bucket, the highest finite bound. null without
 * observations.
 */
export function histogramQuantile(q: number, buckets: ReadonlyArray<{ le: number; count: number }>): number | null {
  const total = buckets.at(-1)?.count ?? 0;
  if (total === 0) return null;
  const rank = q * total;
  let previous = { le: 0, count: 0 };
  for (const bucket of buckets) {
    if (bucket.count >= rank && bucket.count > previous.count) {
      if (bucket.le === Number.POSITIVE_INFINITY) return previous.le;
      return previous.le + (bucket.le - previous.le) * ((rank - previous.count) / (bucket.count - previous.count));
    }
    previous = bucket;
  }
  return previous.le === Number.POSITIVE_INFINITY ? null : previous.le;
}

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);
const perSecond = (n: number, seconds: number | null) => (seconds ? n / seconds : null);
const ms = (seconds: number | null) => (seconds === null ? null : seconds * 1000);

function latency(samples: readonly Sample[], histogram: string, selector: readonly Matcher[] = []) {
  const buckets = histogramBuckets(samples, histogram, selector);
  return {
    p50Ms: ms(histogramQuantile(0.5, buckets)),
    p95Ms: ms(histogramQuantile(0.95, buckets)),
    p99Ms: ms(histogramQuantile(0.99, buckets)),
  };
}

/** `http` holds only the request histogram's samples, so each group matches its selector once per series. */
function httpGroup(group: RequestGroup, http: readonly Sample[], seconds: number | null): HttpGroupStats {
  const mine = http.filter((s) => matchesAll(group.selector, s.labels));
  const count = (status?: string) => sum(mine, `${M.httpDuration}_count`, (l) => !status || l.status_code?.[0] === status);
  const requests = count();
  return {
    name: group.name,
    description: group.description,
    requests,
    rps: perSecond(requests, seconds),
    ...latency(mine, M.httpDuration),
    errorRate: ratio(count('5'), requests),
    clientErrorRate: ratio(count('4'), requests),
  };
}

/**
 * Per cache: lookups answered without the loader over all lookups — (L1 hits + stale + L2 hits) /
 * (L1 hits + stale + L1 misses), as `greenline_cache_hit_ratio` — from `cache_operations_total`.
 */
function cacheCounts(samples: readonly Sample[]): Map<string, { hits: number; lookups: number }> {
  const byName = new Map<string, { hits: number; lookups: number }>();
  for (const s of samples) {
    if (s.name !== M.cacheOperations) continue;
    const c = byName.get(s.labels.cache ?? '') ?? { hits: 0, lookups: 0 };
    const { level, result } = s.labels;
    if (level === 'l1' && (result === 'hit' || result === 'stale' || result === 'miss')) c.lookups += s.value;
    if ((level === 'l1' && (result === 'hit' || result === 'stale')) || (level === 'l2' && result === 'hit')) c.hits += s.value;
    byName.set(s.labels.cache ?? '', c);
  }
  return byName;
}

function caches(current: readonly Sample[], window: readonly Sample[] | null, seconds: number | null): CacheSummary[] {
  const recent = window ? cacheCounts(window) : new Map<string, { hits: number; lookups: number }>();
  return [...cacheCounts(current)]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, total]) => {
      const r = recent.get(name);
      return {
        name,
        hitRatio: r ? ratio(r.hits, r.lookups) : null,
        hitRatioSinceStart: ratio(total.hits, total.lookups),
        lookupsPerSecond: r ? perSecond(r.lookups, seconds) : null,
      };
    });
}

function nPlusOne(current: readonly Sample[], window: readonly Sample[] | null): NPlusOneSummary[] {
  const key = (l: Labels) => `${l.route}\u0000${l.query}\u0000${l.fingerprint}`;
  const recent = new Map<string, number>();
  for (const s of window ?? []) if (s.name === N_PLUS_ONE_METRICS.requests) recent.set(key(s.labels), s.value);
  const statements = new Map<string, number>();
  for (const s of current) if (s.name === N_PLUS_ONE_METRICS.statements) statements.set(key(s.labels), s.value);
  return current
    .filter((s) => s.name === N_PLUS_ONE_METRICS.requests && s.value > 0)
    .map((s) => ({
      route: s.labels.route ?? '',
      query: s.labels.query ?? '',
      fingerprint: s.labels.fingerprint ?? '',
      requests: s.value,
      recentRequests: recent.get(key(s.labels)) ?? 0,
      meanRepeats: Math.round(((statements.get(key(s.labels)) ?? 0) / s.value) * 10) / 10,
    }))
    .sort((a, b) => b.recentRequests - a.recentRequests || b.requests - a.requests || a.route.localeCompare(b.route))
    .slice(0, N_PLUS_ONE_SHOWN);
}

function sloPart(input: SloInput): Snapshot['slo'] {
  if ('error' in input) return { score: null, scoreState: 'no_data', burnWindow: null, slos: [], error: input.error };
  const { config, report } = input;
  const windows = new Map(config.slos.map((s) => [s.name, formatWindow(s.window)]));
  // The per-SLO scores at the policy's bounds with nothing burning (65 and 44 with the shipped
  // weights) colour the overall score like a budget.
  const bound = (budget: number) => 100 * (config.score.budgetWeight * budget + config.score.burnWeight);
  return {
    score: report.score,
    scoreState: policyState(report.score, { healthyAbove: bound(config.policy.healthyAbove), criticalBelow: bound(config.policy.criticalBelow) }),
    burnWindow: formatWindow(config.score.burnWindow),
    slos: report.slos.map((s) => ({
      name: s.name,
      component: s.component,
      kind: s.kind,
      objective: s.objective,
      window: windows.get(s.name) ?? '',
      events: s.observed.window.total,
      badEvents: s.observed.window.bad,
      recentEvents: s.observed.recent.total,
      recentBadEvents: s.observed.recent.bad,
      compliance: s.compliance,
      budgetRemaining: s.budgetRemaining,
      burnRate: s.burnRate,
      state: s.state,
      score: s.score,
    })),
    error: null,
  };
}

export function buildSnapshot(input: SnapshotInput): Snapshot {
  const { current, baseline } = input;
  const seconds = baseline ? (current.timeMs - baseline.timeMs) / 1000 : null;
  // Counters and histograms over the rate window; none before a second reading.
  const window = baseline && seconds ? increase(current.samples, baseline.samples) : null;
  const windowed = window ?? [];
  const gauge = (name: string, keep?: (labels: Labels) => boolean) => sum(current.samples, name, keep);
  const pool = (state: string) => gauge(M.poolConnections, (l) => l.state === state);
  const [total, idle, max] = [pool('total'), pool('idle'), gauge(M.poolMax)];
  const cpuMs = baseline ? (current.process.cpuMicros - baseline.process.cpuMicros) / 1000 : null;
  const http = windowed.filter((s) => s.name === `${M.httpDuration}_count` || s.name === `${M.httpDuration}_bucket`);
  const groups = input.groups.map((g) => httpGroup(g, http, seconds));
  const allRequests = groups[0]?.requests ?? 0;
  const batchRate = current.samples.find((s) => s.name === M.batchRate);
  return {
    version: 1,
    time: new Date(current.timeMs).toISOString(),
    intervalMs: input.intervalMs,
    rateWindowSeconds: seconds,
    http: { inFlight: gauge(M.inFlight), groups },
    database: { queriesPerSecond: perSecond(sum(windowed, `${M.dbDuration}_count`), seconds), ...latency(windowed, M.dbDuration) },
    nPlusOne: nPlusOne(current.samples, window),
    slo: sloPart(input.slo),
    caches: caches(current.samples, window, seconds),
    pool: {
      total,
      idle,
      waiting: pool('waiting'),
      max,
      use: ratio(total - idle, max),
      acquireWaitMs: ms(ratio(sum(windowed, M.poolWait), sum(windowed, M.poolAcquires))),
    },
    batch: {
      recordsPerSecond: perSecond(sum(windowed, M.batchRecords), seconds),
      // 0 until a batch has finished.
      lastBatchRowsPerSecond: batchRate && gauge(M.batchRecords) > 0 ? batchRate.value : null,
    },
    eventLoop: current.process.eventLoop,
    memory: { rssBytes: current.process.rssBytes, heapUsedBytes: current.process.heapUsedBytes, heapTotalBytes: current.process.heapTotalBytes },
    cpu: { utilization: cpuMs === null || !seconds ? null : cpuMs / 1000 / seconds },
    costPerOperation: { cpuMsPerRequest: cpuMs === null ? null : ratio(cpuMs, allRequests) },
    regressions: input.regressions,
  };
}
