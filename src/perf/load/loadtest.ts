/**
 * A scenario from start to verdict: prepares the workload's fixtures (if it uses built-in
 * actions), runs the kind's
 * loads (one schedule; or capacity steps until an SLO breaks), samples memory for endurance runs,
 * and evaluates the gates. The result is what the JSON file holds and the HTML report draws.
 */
import { cpus } from 'node:os';
import {
  type CapacityStep,
  capacityKnee,
  checkThresholds,
  type GateResult,
  type MemorySample,
  memoryGrowth,
  type Recovery,
  readMetric,
  spikeRecovery,
  withinSlo,
} from './gates.ts';
import { type ActionSummary, type LoadRunResult, runLoad, type SeriesPoint, type Totals } from './run.ts';
import type { Scenario } from './scenario.ts';
import type { Stage } from './stages.ts';
import type { Workload } from './workload.ts';

export interface LoadtestResult {
  version: 1;
  scenario: Scenario;
  startedAt: string;
  finishedAt: string;
  machine: { cpus: number; cpuModel: string; node: string; platform: string };
  totals: Totals;
  actions: ActionSummary[];
  errorKinds: Record<string, number>;
  series: SeriesPoint[];
  gates: GateResult[];
  passed: boolean;
  spike?: Recovery;
  capacity?: { steps: CapacityStep[]; knee: CapacityStep | null };
  endurance?: { metric: string; samples: MemorySample[]; growth: number | null; baselineBytes: number | null; finalBytes: number | null; maxGrowth: number };
}

export interface RunScenarioOptions {
  onPoint?: (point: SeriesPoint) => void;
  /** Status lines (setup, capacity steps). */
  log?: (line: string) => void;
  /** Builds the requests of the scenario's built-in actions (`use:`, `builtin:`), after its setup. */
  workload?: Workload | null;
  /** Fixtures prepared already: the workload's setup is skipped. */
  fixtures?: unknown;
}

function authHeaders(s: Scenario): Record<string, string> {
  const h: Record<string, string> = { ...s.headers };
  if (s.apiKey && !h.authorization) h.authorization = `Bearer ${s.apiKey}`;
  return h;
}

/** Endurance: the target's memory metric every `sampleEveryMs` until `stop` resolves. */
async function sampleMemory(s: Scenario, startedAt: number, stopped: () => boolean, samples: MemorySample[]): Promise<void> {
  const url = `${s.target}${s.endurance.metricsPath}`;
  while (!stopped()) {
    try {
      const res = await fetch(url, { headers: authHeaders(s) });
      const value = readMetric(await res.text(), s.endurance.metric);
      if (value !== null) samples.push({ t: Math.round((performance.now() - startedAt) / 100) / 10, bytes: value });
    } catch {
      // A missed sample is not a failure of the target; too few samples is reported as such.
    }
    const until = performance.now() + s.endurance.sampleEveryMs;
    while (!stopped() && performance.now() < until) await new Promise((r) => setTimeout(r, Math.min(200, until - performance.now())));
  }
}

export async function runScenario(s: Scenario, o: RunScenarioOptions = {}): Promise<LoadtestResult> {
  const startedAt = new Date();
  const log = o.log ?? (() => {});
  const workload = o.workload ?? null;
  const usesWorkload = s.classes.some((c) => c.actions.some((a) => a.kind === 'workload'));
  if (usesWorkload && !workload) throw new Error('the scenario has built-in actions, and no workload was given to build their requests');
  let fixtures: unknown = o.fixtures ?? null;
  if (usesWorkload && fixtures === null && workload?.setup) fixtures = await workload.setup({ target: s.target, headers: authHeaders(s), log });

  let run: LoadRunResult;
  const gates: GateResult[] = [];
  const extra: Pick<LoadtestResult, 'spike' | 'capacity' | 'endurance'> = {};
  const observed = (t: Totals) => ({ p95: t.latencyMs.p95, p99: t.latencyMs.p99, errorRate: t.errorRate, throughput: t.throughput });

  if (s.kind === 'capacity') {
    const steps: CapacityStep[] = [];
    const series: SeriesPoint[] = [];
    let best: LoadRunResult | null = null;
    let last: LoadRunResult | null = null;
    let offset = 0;
    for (let level = s.capacity.start; level <= s.capacity.max; level += s.capacity.step) {
      const stages: Stage[] = [
        { durationMs: 0, target: level },
        { durationMs: s.capacity.stepDurationMs, target: level },
      ];
      const r = await runLoad({ scenario: s, stages, fixtures, workload, offsetSeconds: offset, onPoint: o.onPoint });
      offset += r.series.length;
      series.push(...r.series);
      const step: CapacityStep = { level, ...observed(r.totals), withinSlo: withinSlo(s.thresholds, observed(r.totals)) };
      steps.push(step);
      log(
        `capacity step ${level} ${s.model === 'closed' ? 'users' : 'req/s'}: ${r.totals.throughput.toFixed(1)} req/s, p95 ${r.totals.latencyMs.p95.toFixed(1)} ms, p99 ${r.totals.latencyMs.p99.toFixed(1)} ms, errors ${(r.totals.errorRate * 100).toFixed(2)}% → ${step.withinSlo ? 'within SLO' : 'SLO broken'}`,
      );
      last = r;
      if (!step.withinSlo) break;
      if (!best || r.totals.throughput > best.totals.throughput) best = r;
    }
    const knee = capacityKnee(steps);
    extra.capacity = { steps, knee };
    gates.push({
      name: 'capacity knee',
      limit: 'a step within SLO',
      actual: knee ? `${knee.throughput.toFixed(1)} req/s at ${knee.level}` : 'none',
      ok: knee !== null,
    });
    if (s.thresholds.minThroughput !== undefined) {
      gates.push({
        name: 'knee throughput',
        limit: `≥ ${s.thresholds.minThroughput} req/s`,
        actual: `${(knee?.throughput ?? 0).toFixed(1)} req/s`,
        ok: (knee?.throughput ?? 0) >= s.thresholds.minThroughput,
      });
    }
    // The totals and per-action figures reported are the knee step's (the last step's when none held).
    const shown = best ?? last!;
    run = { ...shown, series };
  } else {
    const stages = s.stages;
    const samples: MemorySample[] = [];
    let stopped = false;
    const t0 = performance.now();
    const sampler = s.kind === 'endurance' ? sampleMemory(s, t0, () => stopped, samples) : Promise.resolve();
    try {
      run = await runLoad({ scenario: s, stages, fixtures, workload, onPoint: o.onPoint });
    } finally {
      stopped = true;
      await sampler;
    }
    if (s.kind === 'spike') {
      const recovery = spikeRecovery(run.series, stages, s.thresholds, s.spike.windowSeconds);
      extra.spike = recovery;
      const max = s.spike.maxRecoveryMs;
      gates.push({
        name: 'recovery after spike',
        limit: max === null ? 'recovers' : `≤ ${max / 1000} s`,
        actual: recovery.recoverySeconds === null ? 'not recovered' : `${recovery.recoverySeconds} s${recovery.breached ? '' : ' (SLO held)'}`,
        ok: recovery.recoverySeconds !== null && (max === null || recovery.recoverySeconds * 1000 <= max),
      });
      if (s.thresholds.minThroughput !== undefined) gates.push(...checkThresholds({ minThroughput: s.thresholds.minThroughput }, observed(run.totals)));
    } else {
      gates.push(...checkThresholds(s.thresholds, observed(run.totals)));
    }
    if (s.kind === 'endurance') {
      const g = memoryGrowth(samples, s.endurance.settleMs / 1000);
      extra.endurance = {
        metric: s.endurance.metric,
        samples,
        growth: g?.growth ?? null,
        baselineBytes: g?.baselineBytes ?? null,
        finalBytes: g?.finalBytes ?? null,
        maxGrowth: s.endurance.maxGrowth,
      };
      gates.push({
        name: 'memory growth',
        limit: `≤ ${(s.endurance.maxGrowth * 100).toFixed(1)}%`,
        actual: g
          ? `${(g.growth * 100).toFixed(1)}% (${(g.baselineBytes / 2 ** 20).toFixed(0)} → ${(g.finalBytes / 2 ** 20).toFixed(0)} MiB)`
          : `too few samples of ${s.endurance.metric} after the settle time`,
        ok: g !== null && g.growth <= s.endurance.maxGrowth,
      });
    }
  }
  const cpu = cpus();
  return {
    version: 1,
    scenario: { ...s, apiKey: s.apiKey ? '(set)' : null, headers: Object.fromEntries(Object.keys(s.headers).map((k) => [k, '(set)'])) },
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: { cpus: cpu.length, cpuModel: cpu[0]?.model ?? 'unknown', node: process.version, platform: `${process.platform}-${process.arch}` },
    totals: run.totals,
    actions: run.actions,
    errorKinds: run.errorKinds,
    series: run.series,
    gates,
    passed: gates.every((g) => g.ok),
    ...extra,
  };
}
