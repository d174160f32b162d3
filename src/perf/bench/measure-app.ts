import { retainedHeapBytes } from './heap.ts';
import type { Measurement } from './result.ts';
import type { AppBenchmark, AppRunResult } from './suite.ts';

const DEFAULT_ROUNDS = 2;
const DEFAULT_WARMUP_ROUNDS = 1;

type Operation = (ctx: unknown) => Promise<AppRunResult>;

interface RoundResult {
  samples: number[];
  ops?: number;
}

/**
 * Runs `run` and `baseline` for a few rounds in alternating order (run first, then baseline
 * first...), after unrecorded warm-up rounds, and pools each one's samples across rounds.
 */
export async function measureApp(bench: AppBenchmark<unknown>, ctx: unknown): Promise<Measurement> {
  const rounds = bench.rounds ?? DEFAULT_ROUNDS;
  const warmupRounds = bench.warmupRounds ?? DEFAULT_WARMUP_ROUNDS;
  const operations: Operation[] = bench.baseline ? [bench.run, bench.baseline] : [bench.run];

  for (let round = 0; round < warmupRounds; round++) await runRound(operations, ctx, round, bench.name);

  const heapBefore = retainedHeapBytes();
  const measured = operations.map((): RoundResult[] => []);
  for (let round = 0; round < rounds; round++) {
    for (const [i, result] of (await runRound(operations, ctx, round, bench.name)).entries()) {
      measured[i]!.push(result);
    }
  }
  const heapDeltaBytes = retainedHeapBytes() - heapBefore;

  const [runs, baselineRuns] = measured;
  const reportedOps = runs!.map((run) => run.ops).filter((ops): ops is number => ops !== undefined);
  return {
    samples: runs!.flatMap((run) => run.samples),
    baselineSamples: baselineRuns?.flatMap((run) => run.samples),
    heapDeltaBytes,
    ops: reportedOps.length > 0 ? reportedOps.reduce((a, b) => a + b, 0) / reportedOps.length : undefined,
  };
}

/** Results come back in `operations` order whatever order they ran in. */
async function runRound(operations: Operation[], ctx: unknown, round: number, name: string): Promise<RoundResult[]> {
  const order = operations.map((_, i) => i);
  if (round % 2 === 1) order.reverse();
  const results: RoundResult[] = [];
  for (const i of order) results[i] = normalize(await operations[i]!(ctx), name);
  return results;
}

function normalize(result: AppRunResult, name: string): RoundResult {
  const { samples, ops } = Array.isArray(result) ? { samples: result, ops: undefined } : result;
  if (!Array.isArray(samples) || samples.length === 0) {
    throw new TypeError(`app benchmark "${name}" returned no samples`);
  }
  if (!samples.every((sample) => Number.isFinite(sample) && sample >= 0)) {
    throw new TypeError(`app benchmark "${name}" returned a sample that is not a duration in ms`);
  }
  return { samples, ops };
}
