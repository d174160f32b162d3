/**
 * Seeded synthetic benchmark results with the noise a shared 2-core machine produces, so the
 * gate's verdicts can be checked over hundreds of runs in milliseconds.
 */
import { type BenchmarkResult, type BenchRun, toBenchmarkResult } from '../../src/perf/bench/result.ts';

import { type Random, seededRandom } from '../support/random.ts';

export { type Random, seededRandom };

export function gaussian(random: Random): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

export interface NoiseModel {
  /** Lognormal sigma of ordinary sample-to-sample jitter. */
  jitter: number;
  /** Share of samples hit by preemption or GC, each slowed 1.5× to 4×. */
  spikeRate: number;
}

export const NOISY_SHARED_MACHINE: NoiseModel = { jitter: 0.08, spikeRate: 0.08 };

export function timingSamples(random: Random, median: number, count: number, noise: NoiseModel): number[] {
  return Array.from({ length: count }, () => {
    const spike = random() < noise.spikeRate ? 1.5 + 2.5 * random() : 1;
    return median * Math.exp(noise.jitter * gaussian(random)) * spike;
  });
}

export interface SyntheticRunShape {
  /** True cost of the benchmark relative to its baseline. */
  trueRatio: number;
  /** Whole-run speed of the machine (load, frequency): hits benchmark and baseline alike. */
  machineFactor: number;
  /** Whole-run error on the benchmark alone (code layout, JIT luck), e.g. ±2%. */
  benchmarkDrift: number;
  count?: number;
  noise?: NoiseModel;
  withBaseline?: boolean;
}

const BASELINE_MS = 0.001;

export function syntheticResult(random: Random, shape: SyntheticRunShape): BenchmarkResult {
  const count = shape.count ?? 150;
  const noise = shape.noise ?? NOISY_SHARED_MACHINE;
  const baselineMedian = BASELINE_MS * shape.machineFactor;
  const samples = timingSamples(random, baselineMedian * shape.trueRatio * (1 + shape.benchmarkDrift), count, noise);
  const baselineSamples = timingSamples(random, baselineMedian, count, noise);
  return toBenchmarkResult(
    { name: 'synthetic', kind: 'micro' },
    { name: 'noisy' },
    {
      samples,
      baselineSamples: shape.withBaseline === false ? undefined : baselineSamples,
      heapDeltaBytes: 0,
    },
  );
}

export function runOf(results: BenchmarkResult[], overrides: Partial<BenchRun> = {}): BenchRun {
  return {
    schema: 1,
    createdAt: '2025-01-01T00:00:00.000Z',
    git: { commit: '0123456789abcdef0123456789abcdef01234567', dirty: false },
    machine: { cpuModel: 'Test CPU', cores: 2, totalMemGB: 8, node: 'v20.0.0', platform: 'linux-x64' },
    results,
    ...overrides,
  };
}
