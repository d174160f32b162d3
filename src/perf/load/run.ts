/**
 * One load run over a stage schedule: splits it into shares (inline, or one per worker thread),
 * merges their per-second buckets into one series as the seconds complete (for the live progress
 * line) and their histograms into the totals.
 */
import { Worker } from 'node:worker_threads';
import { epochNow, runShare, type SecondBucket, type SharePlan } from './engine.ts';
import { decodeHistogram, type Histogram, type LatencySummary, newHistogram, summarize } from './histogram.ts';
import type { Scenario } from './scenario.ts';
import { type Stage, targetAt, totalDurationMs } from './stages.ts';
import type { WorkerDone, WorkerSecond } from './worker.ts';
import type { Workload } from './workload.ts';

export interface SeriesPoint {
  /** Seconds from the start of the run (of the whole scenario, for capacity steps). */
  t: number;
  /** Scheduled users (closed) or arrivals per second (open) at the end of this second. */
  target: number;
  /** Active users (closed) or requests in flight (open). */
  users: number;
  /** Successful answers in this second. */
  requests: number;
  errors: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
}

export interface Totals {
  requests: number;
  errors: number;
  errorRate: number;
  /** Successful answers per second over the measured window. */
  throughput: number;
  seconds: number;
  latencyMs: LatencySummary;
}

export interface ActionSummary extends Totals {
  key: string;
}

export interface LoadRunResult {
  totals: Totals;
  actions: ActionSummary[];
  errorKinds: Record<string, number>;
  series: SeriesPoint[];
}

export interface RunLoadOptions {
  scenario: Scenario;
  stages: Stage[];
  /** What the workload's `setup` prepared; null when nothing was. */
  fixtures: unknown;
  /** Builds the requests of the scenario's built-in actions; absent for plain HTTP actions only. */
  workload?: Workload | null;
  /** Worker threads (1: in this thread). */
  workers?: number;
  /** Added to every point's `t` (capacity steps follow each other). */
  offsetSeconds?: number;
  onPoint?: (point: SeriesPoint) => void;
}

/**
 * Throughput is `inWindow`, the answers received within the measured window, per second of it, as
 * wrk counts. Answers to requests still in flight when the schedule ends count for latency and
 * errors but not for throughput: they would add the whole queue at the end to the window (a
 * capacity step at 95 arrivals/s read 98.7 answers/s).
 */
function totalsOf(requests: number, errors: number, seconds: number, h: Histogram, inWindow = requests): Totals {
  const all = requests + errors;
  return { requests, errors, errorRate: all > 0 ? errors / all : 0, throughput: seconds > 0 ? inWindow / seconds : 0, seconds, latencyMs: summarize(h) };
}

const WORKER_ENTRY = new URL('./worker-entry.mjs', import.meta.url);

export async function runLoad(o: RunLoadOptions): Promise<LoadRunResult> {
  const shares = Math.max(1, o.workers ?? o.scenario.workers);
  const warmupSeconds = Math.round(o.scenario.warmupMs / 1000);
  const measuredSeconds = Math.max(0.001, (totalDurationMs(o.stages) - warmupSeconds * 1000) / 1000);
  const overall = newHistogram();
  const series: SeriesPoint[] = [];
  let requests = 0;
  let errors = 0;
  let inWindow = 0;
  const endSecond = Math.ceil(totalDurationMs(o.stages) / 1000);
  const pending = new Map<number, { reported: number; requests: number; errors: number; users: number; histogram: Histogram }>();
  let next = 0;

  const emit = (second: number) => {
    const p = pending.get(second)!;
    pending.delete(second);
    const l = summarize(p.histogram);
    const point: SeriesPoint = {
      t: second + (o.offsetSeconds ?? 0),
      target: Math.round(targetAt(o.stages, Math.min((second + 1) * 1000, totalDurationMs(o.stages) - 1)) * 100) / 100,
      users: p.users,
      requests: p.requests,
      errors: p.errors,
      p50: l.p50,
      p90: l.p90,
      p95: l.p95,
      p99: l.p99,
      max: l.max,
    };
    if (second >= warmupSeconds) {
      overall.add(p.histogram);
      requests += p.requests;
      errors += p.errors;
      if (second < endSecond) inWindow += p.requests;
    }
    p.histogram.destroy();
    series.push(point);
    o.onPoint?.(point);
  };
  const add = (b: SecondBucket) => {
    let p = pending.get(b.second);
    if (!p) {
      p = { reported: 0, requests: 0, errors: 0, users: 0, histogram: newHistogram() };
      pending.set(b.second, p);
    }
    p.reported++;
    p.requests += b.requests;
    p.errors += b.errors;
    p.users += b.users;
    p.histogram.add(b.histogram);
    b.histogram.destroy();
    while (pending.get(next)?.reported === shares) emit(next++);
  };

  // Workers need a moment to start (and load TypeScript): start together, a little ahead.
  const startAt = epochNow() + (shares > 1 ? 1_500 : 50);
  const workload = o.workload ?? null;
  // Worker threads load the workload again from its module: functions do not cross into them.
  const plan = (index: number): SharePlan => ({
    scenario: o.scenario,
    stages: o.stages,
    fixtures: o.fixtures,
    workload: workload?.module ?? null,
    share: { index, count: shares },
    startAt,
  });
  const results =
    shares === 1
      ? [await runShare(plan(0), add, workload)].map((r) => ({ actions: r.actions, errorKinds: r.errorKinds }))
      : await Promise.all(
          Array.from(
            { length: shares },
            (_, index) =>
              new Promise<{ actions: Array<{ key: string; requests: number; errors: number; histogram: Histogram }>; errorKinds: Record<string, number> }>(
                (resolve, reject) => {
                  const worker = new Worker(WORKER_ENTRY, { workerData: plan(index) });
                  let done: WorkerDone | null = null;
                  worker.on('message', (m: WorkerSecond | WorkerDone) => {
                    if (m.type === 'second')
                      add({ second: m.second, requests: m.requests, errors: m.errors, users: m.users, histogram: decodeHistogram(m.histogram) });
                    else done = m;
                  });
                  worker.once('error', reject);
                  worker.once('exit', (code) => {
                    if (!done) return reject(new Error(`load worker ${index} exited (code ${code}) before finishing`));
                    const d: WorkerDone = done;
                    resolve({ actions: d.actions.map((a) => ({ ...a, histogram: decodeHistogram(a.histogram) })), errorKinds: d.errorKinds });
                  });
                },
              ),
          ),
        );
  // Seconds some share never reached (answers after the end) are emitted with what arrived.
  for (const second of [...pending.keys()].sort((a, b) => a - b)) {
    for (let k = next; k < second; k++) if (!pending.has(k)) pending.set(k, { reported: 0, requests: 0, errors: 0, users: 0, histogram: newHistogram() });
    while (next <= second) emit(next++);
  }

  const byKey = new Map<string, { requests: number; errors: number; histogram: Histogram }>();
  const errorKinds: Record<string, number> = {};
  for (const r of results) {
    for (const a of r.actions) {
      const acc = byKey.get(a.key);
      if (acc) {
        acc.requests += a.requests;
        acc.errors += a.errors;
        acc.histogram.add(a.histogram);
        a.histogram.destroy();
      } else byKey.set(a.key, { requests: a.requests, errors: a.errors, histogram: a.histogram });
    }
    for (const [k, n] of Object.entries(r.errorKinds)) errorKinds[k] = (errorKinds[k] ?? 0) + n;
  }
  // Per action, the window's answers in proportion (the shares count actions over the whole run).
  const windowShare = requests > 0 ? inWindow / requests : 1;
  const actions = [...byKey].map(([key, a]) => {
    const s = { key, ...totalsOf(a.requests, a.errors, measuredSeconds, a.histogram, a.requests * windowShare) };
    a.histogram.destroy();
    return s;
  });
  const totals = totalsOf(requests, errors, measuredSeconds, overall, inWindow);
  overall.destroy();
  return { totals, actions, errorKinds, series };
}
