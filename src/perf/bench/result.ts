import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { BenchInputError } from './errors.ts';
import { median, quantileSketch, summarize } from './stats.ts';
import { DEFAULT_THRESHOLD, type SuiteKind } from './suite.ts';

/** Most samples kept per series in a result file: enough for the rank test, small in git. */
export const MAX_STORED_SAMPLES = 200;

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  totalMemGB: number;
  node: string;
  platform: string;
}

export interface GitInfo {
  /** null outside a repository or before the first commit. */
  commit: string | null;
  dirty: boolean;
}

export interface BaselineStats {
  median: number;
  p95: number;
  samples: number[];
}

export interface BenchmarkResult {
  suite: string;
  name: string;
  kind: SuiteKind;
  unit: 'ms';
  /**
   * ms per operation. Micro: one per batch, in round order and index-aligned with
   * baseline.samples. App: every sample, or a quantile sketch of them past 200.
   */
  samples: number[];
  median: number;
  p95: number;
  mean: number;
  /** Operations per second: 1000 / mean, unless an app benchmark reported its own. */
  ops: number;
  /** Heap retained after the measured phase minus before it, both after a full GC. */
  heapDeltaBytes: number;
  baseline?: BaselineStats;
  /**
   * Cost relative to the in-run baseline, the figure the gate compares when both runs have it.
   * Micro: median of the per-round ratios samples[i] / baseline.samples[i] (equal to
   * median / baseline.median on a steady machine, and still right when the machine's speed
   * changes mid-run). App: median / baseline.median.
   */
  ratio?: number;
  threshold: number;
}

export interface BenchRun {
  schema: 1;
  createdAt: string;
  git: GitInfo;
  machine: MachineInfo;
  results: BenchmarkResult[];
}

/** Raw output of measuring one benchmark, before it is summarized for the file. */
export interface Measurement {
  samples: number[];
  baselineSamples?: number[];
  heapDeltaBytes: number;
  ops?: number;
}

export function benchmarkKey(result: Pick<BenchmarkResult, 'suite' | 'name'>): string {
  return `${result.suite}/${result.name}`;
}

export function toBenchmarkResult(
  suite: { name: string; kind: SuiteKind },
  bench: { name: string; threshold?: number },
  measurement: Measurement,
): BenchmarkResult {
  const stats = summarize(measurement.samples);
  const result: BenchmarkResult = {
    suite: suite.name,
    name: bench.name,
    kind: suite.kind,
    unit: 'ms',
    samples: storedSamples(measurement.samples),
    median: stats.median,
    p95: stats.p95,
    mean: stats.mean,
    ops: measurement.ops ?? 1000 / stats.mean,
    heapDeltaBytes: measurement.heapDeltaBytes,
    threshold: bench.threshold ?? DEFAULT_THRESHOLD,
  };
  if (measurement.baselineSamples) {
    const baseline = summarize(measurement.baselineSamples);
    result.baseline = {
      median: baseline.median,
      p95: baseline.p95,
      samples: storedSamples(measurement.baselineSamples),
    };
    result.ratio = suite.kind === 'micro' ? median(roundRatios(result)!) : stats.median / baseline.median;
  }
  return result;
}

/** Micro results only: each round's benchmark time over its baseline time. */
export function roundRatios(result: BenchmarkResult): number[] | undefined {
  const baseline = result.baseline?.samples;
  if (result.kind !== 'micro' || !baseline || baseline.length !== result.samples.length) return undefined;
  return result.samples.map((sample, i) => sample / baseline[i]!);
}

/** Six significant digits is finer than any timing here is repeatable, and diffs stay small. */
function storedSamples(samples: readonly number[]): number[] {
  return quantileSketch(samples, MAX_STORED_SAMPLES).map((value) => Number(value.toPrecision(6)));
}

export class InvalidResultFileError extends BenchInputError {
  readonly code = 'greenline.bench.invalid-result-file';
}

export async function readRun(file: string): Promise<BenchRun> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new InvalidResultFileError(`${file}: cannot read a benchmark result (${(error as Error).message})`);
  }
  const run = parsed as Partial<BenchRun> | null;
  if (run?.schema !== 1 || !Array.isArray(run.results)) {
    throw new InvalidResultFileError(`${file}: not a schema-1 benchmark result file`);
  }
  return run as BenchRun;
}

export async function writeRun(file: string, run: BenchRun): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(run, null, 2)}\n`);
}

/**
 * A baseline update from a partial run (`bench micro-hashing --update-baseline`) replaces only
 * the suites that ran, so updating one suite never drops the others' baselines.
 */
export function mergeIntoBaseline(previous: BenchRun | undefined, latest: BenchRun): BenchRun {
  if (!previous) return latest;
  const rerun = new Set(latest.results.map((result) => result.suite));
  return {
    ...latest,
    results: [...previous.results.filter((result) => !rerun.has(result.suite)), ...latest.results],
  };
}
