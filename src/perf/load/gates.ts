/**
 * SLO gates, pure: thresholds on a run's totals, the spike's time to recover, the capacity knee and
 * the endurance memory growth. The CLI exits non-zero when any gate fails.
 */
import type { Thresholds } from './scenario.ts';
import type { Stage } from './stages.ts';

export interface GateResult {
  name: string;
  /** Human-readable limit, e.g. "≤ 500 ms". */
  limit: string;
  actual: string;
  ok: boolean;
}

export interface Observed {
  p95: number;
  p99: number;
  errorRate: number;
  throughput: number;
}

const ms = (v: number) => `${v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : Math.round(v)} ms`;
const pct = (v: number) => `${(v * 100).toFixed(v < 0.001 && v > 0 ? 3 : 2)}%`;

export function checkThresholds(t: Thresholds, o: Observed, opts: { throughput?: boolean } = {}): GateResult[] {
  const out: GateResult[] = [];
  if (t.p95Ms !== undefined) out.push({ name: 'p95 latency', limit: `≤ ${ms(t.p95Ms)}`, actual: ms(o.p95), ok: o.p95 <= t.p95Ms });
  if (t.p99Ms !== undefined) out.push({ name: 'p99 latency', limit: `≤ ${ms(t.p99Ms)}`, actual: ms(o.p99), ok: o.p99 <= t.p99Ms });
  if (t.errorRate !== undefined) out.push({ name: 'error rate', limit: `≤ ${pct(t.errorRate)}`, actual: pct(o.errorRate), ok: o.errorRate <= t.errorRate });
  if (t.minThroughput !== undefined && opts.throughput !== false) {
    out.push({ name: 'throughput', limit: `≥ ${t.minThroughput} req/s`, actual: `${o.throughput.toFixed(1)} req/s`, ok: o.throughput >= t.minThroughput });
  }
  return out;
}

/** Whether one observation is within the latency and error SLOs (throughput is not a per-second SLO). */
export function withinSlo(t: Thresholds, o: Omit<Observed, 'throughput'>): boolean {
  return (
    (t.p95Ms === undefined || o.p95 <= t.p95Ms) && (t.p99Ms === undefined || o.p99 <= t.p99Ms) && (t.errorRate === undefined || o.errorRate <= t.errorRate)
  );
}

/**
 * Where the spike is: the stage with the steepest rise (a zero-length stage is a jump). Returns the
 * seconds at which that stage starts and ends (the peak is reached at its end).
 */
export function spikeStage(stages: readonly Stage[], start = 0): { index: number; startS: number; peakS: number } {
  let best = { index: -1, rate: 0, startS: 0, peakS: 0 };
  let from = start;
  let t = 0;
  stages.forEach((s, index) => {
    const rise = s.target - from;
    const rate = rise <= 0 ? 0 : s.durationMs === 0 ? Infinity : rise / s.durationMs;
    if (rate > best.rate) best = { index, rate, startS: t / 1000, peakS: (t + s.durationMs) / 1000 };
    from = s.target;
    t += s.durationMs;
  });
  return { index: best.index, startS: best.startS, peakS: best.peakS };
}

export interface SecondObservation {
  t: number;
  requests: number;
  errors: number;
  p95: number;
  p99: number;
}

export interface Recovery {
  /** Seconds from the end of the spike's ramp until `window` consecutive seconds were within SLO; null: never. */
  recoverySeconds: number | null;
  /** Whether any second from the start of the spike broke the SLO. */
  breached: boolean;
  peakS: number;
}

/**
 * Time to recover after the spike: from the peak until the second from which every second to the
 * end of the run had answers within SLO (at least `window` of them). A server that dips back into
 * SLO for a moment and breaks it again has not recovered, nor have seconds right after the peak that
 * look fine while the queue builds. No breach from the spike's start on: zero. A second without any
 * answer while users wait is not within SLO; silent seconds at the very end (no users left) are
 * left out.
 */
export function spikeRecovery(series: readonly SecondObservation[], stages: readonly Stage[], t: Thresholds, window: number): Recovery {
  const spike = spikeStage(stages);
  const peak = Math.floor(spike.peakS);
  const answered = (p: SecondObservation) => p.requests + p.errors > 0;
  const ok = (p: SecondObservation) => answered(p) && withinSlo(t, { p95: p.p95, p99: p.p99, errorRate: p.errors / (p.requests + p.errors) });
  let end = series.length;
  while (end > 0 && !answered(series[end - 1]!)) end--;
  const from = series.slice(0, end).filter((p) => p.t >= Math.floor(spike.startS));
  const lastBreach = from.findLastIndex((p) => !ok(p));
  if (lastBreach === -1) return { recoverySeconds: 0, breached: false, peakS: spike.peakS };
  const steady = from.slice(lastBreach + 1);
  if (steady.length < window) return { recoverySeconds: null, breached: true, peakS: spike.peakS };
  return { recoverySeconds: Math.max(0, steady[0]!.t - peak), breached: true, peakS: spike.peakS };
}

export interface CapacityStep {
  level: number;
  throughput: number;
  p95: number;
  p99: number;
  errorRate: number;
  withinSlo: boolean;
}

/** The knee: the step with the highest throughput among those within SLO before the first breach. */
export function capacityKnee(steps: readonly CapacityStep[]): CapacityStep | null {
  let knee: CapacityStep | null = null;
  for (const s of steps) {
    if (!s.withinSlo) break;
    if (!knee || s.throughput > knee.throughput) knee = s;
  }
  return knee;
}

export interface MemorySample {
  t: number;
  bytes: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Memory growth over an endurance run: the median of the last fifth of the samples taken after
 * `settleS` over the median of the first fifth, minus one. Medians, so one GC-timed sample does
 * not decide it. Null with fewer than two settled samples.
 */
export function memoryGrowth(samples: readonly MemorySample[], settleS: number): { growth: number; baselineBytes: number; finalBytes: number } | null {
  const settled = samples.filter((s) => s.t >= settleS).map((s) => s.bytes);
  if (settled.length < 2) return null;
  const n = Math.max(1, Math.floor(settled.length / 5));
  const baselineBytes = median(settled.slice(0, n));
  const finalBytes = median(settled.slice(-n));
  return { growth: finalBytes / baselineBytes - 1, baselineBytes, finalBytes };
}

/** A metric's value from a Prometheus text exposition (the sum over its label sets). */
export function readMetric(text: string, name: string): number | null {
  let sum = 0;
  let found = false;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (rest[0] !== ' ' && rest[0] !== '{') continue;
    const value = Number(
      rest
        .slice(rest.lastIndexOf(rest[0] === '{' ? '}' : ' ') + 1)
        .trim()
        .split(' ')[0],
    );
    if (Number.isFinite(value)) {
      sum += value;
      found = true;
    }
  }
  return found ? sum : null;
}
