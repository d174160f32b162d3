/**
 * The regression gate: base run vs current run, benchmark by benchmark. Pure functions.
 *
 * A benchmark regresses only when it is worse than its threshold (default 10%) AND that excess
 * is statistically significant: a one-sided Mann–Whitney U test of the current samples against
 * the base samples scaled by (1 + threshold) must reject "no slower than base + threshold" at
 * alpha = 0.01. Testing against the threshold-scaled base, rather than against the base itself,
 * is what makes the gate quiet on a noisy machine: a plain significance test fires on any real
 * 3% shift once there are a hundred samples, and a bare "median moved > 10%" check fires on
 * one unlucky median; a 5% change has to look like more than 10% across the whole sample
 * distribution before it fails a build. Improvements mirror this with (1 - threshold).
 *
 * The compared figure is the ratio to the in-run baseline when both runs have one (a slower or
 * busier machine slows both and cancels out; micro benchmarks contribute one ratio per round),
 * else the absolute median (only meaningful on the same machine).
 */
import { type BenchmarkResult, type BenchRun, benchmarkKey, roundRatios } from './result.ts';
import { mannWhitneyU } from './stats.ts';
import { DEFAULT_THRESHOLD } from './suite.ts';

export const DEFAULT_ALPHA = 0.01;

export type Verdict = 'regression' | 'improvement' | 'unchanged' | 'new' | 'missing';
export type ComparisonBasis = 'ratio' | 'median';

export interface BenchmarkComparison {
  key: string;
  verdict: Verdict;
  threshold: number;
  basis?: ComparisonBasis;
  /** The compared figure (ratio or median ms) in each run. */
  baseValue?: number;
  currentValue?: number;
  baseMedian?: number;
  currentMedian?: number;
  /** currentValue / baseValue - 1: +0.3 is 30% slower. */
  change?: number;
  /** One-sided Mann–Whitney p-value of "beyond the threshold" in the direction of the change. */
  pValue?: number;
}

export interface RunSummary {
  createdAt: string;
  commit: string | null;
  machine: string;
}

export interface Comparison {
  base: RunSummary;
  current: RunSummary;
  sameMachine: boolean;
  alpha: number;
  benchmarks: BenchmarkComparison[];
}

export function compareRuns(base: BenchRun, current: BenchRun, alpha: number = DEFAULT_ALPHA): Comparison {
  const baseByKey = new Map(base.results.map((result) => [benchmarkKey(result), result]));
  const currentKeys = new Set(current.results.map(benchmarkKey));
  const benchmarks = [
    ...current.results.map((result) => compareBenchmark(baseByKey.get(benchmarkKey(result)), result, alpha)),
    ...base.results.filter((result) => !currentKeys.has(benchmarkKey(result))).map((result) => compareBenchmark(result, undefined, alpha)),
  ];
  const [baseRun, currentRun] = [summarizeRun(base), summarizeRun(current)];
  return { base: baseRun, current: currentRun, sameMachine: baseRun.machine === currentRun.machine, alpha, benchmarks };
}

export function compareBenchmark(base: BenchmarkResult | undefined, current: BenchmarkResult | undefined, alpha: number = DEFAULT_ALPHA): BenchmarkComparison {
  const either = (current ?? base)!;
  const key = benchmarkKey(either);
  const threshold = current?.threshold ?? base?.threshold ?? DEFAULT_THRESHOLD;
  if (!base) return { key, verdict: 'new', threshold, currentMedian: current?.median };
  if (!current) return { key, verdict: 'missing', threshold, baseMedian: base.median };

  const basis: ComparisonBasis = base.baseline && current.baseline ? 'ratio' : 'median';
  const baseValue = comparedValue(base, basis);
  const currentValue = comparedValue(current, basis);
  const change = currentValue / baseValue - 1;
  const worse = change >= 0;
  const margin = worse ? 1 + threshold : 1 - threshold;
  const test = mannWhitneyU(
    comparedSamples(current, basis),
    comparedSamples(base, basis).map((sample) => sample * margin),
  );
  const pValue = worse ? test.pGreater : test.pLess;

  let verdict: Verdict = 'unchanged';
  if (pValue < alpha && Math.abs(change) > threshold) verdict = worse ? 'regression' : 'improvement';

  return {
    key,
    verdict,
    threshold,
    basis,
    baseValue,
    currentValue,
    baseMedian: base.median,
    currentMedian: current.median,
    change,
    pValue,
  };
}

/** 1 when any benchmark regressed: what `bench compare` and the CI script exit with. */
export function exitCode(comparison: Comparison): 0 | 1 {
  return comparison.benchmarks.some((benchmark) => benchmark.verdict === 'regression') ? 1 : 0;
}

export function countVerdicts(comparison: Comparison): Record<Verdict, number> {
  const counts: Record<Verdict, number> = { regression: 0, improvement: 0, unchanged: 0, new: 0, missing: 0 };
  for (const benchmark of comparison.benchmarks) counts[benchmark.verdict]++;
  return counts;
}

function comparedValue(result: BenchmarkResult, basis: ComparisonBasis): number {
  return basis === 'ratio' ? (result.ratio ?? result.median / result.baseline!.median) : result.median;
}

/**
 * Ratio basis: micro results give one ratio per round (drift cancelled round by round); app
 * results divide each sample by their own run's baseline median.
 */
function comparedSamples(result: BenchmarkResult, basis: ComparisonBasis): number[] {
  if (basis === 'median') return result.samples;
  const baselineMedian = result.baseline!.median;
  return roundRatios(result) ?? result.samples.map((sample) => sample / baselineMedian);
}

function summarizeRun(run: BenchRun): RunSummary {
  const { cpuModel, cores, node, platform } = run.machine;
  return {
    createdAt: run.createdAt,
    commit: run.git.commit,
    machine: `${cpuModel} ×${cores}, ${platform}, node ${node}`,
  };
}
