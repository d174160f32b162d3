import { performance } from 'node:perf_hooks';
import { retainedHeapBytes } from './heap.ts';
import type { Measurement } from './result.ts';
import type { MicroBenchmark } from './suite.ts';

/** Shorter batches would be dominated by timer resolution and call overhead. */
const MIN_BATCH_MS = 1;
const WARMUP_SHARE = 0.2;
/** Time for V8 to tier the measured code up to optimized machine code before recording. */
const MIN_WARMUP_MS = 30;
const MIN_PREWARM_CALLS = 100;
const MAX_BATCH_SIZE = 2 ** 30;

type Operation = (ctx: unknown) => unknown;
type BatchLoop = (fn: Operation, ctx: unknown, n: number) => unknown;

const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as FunctionConstructor;

/** Holds each batch's last result so the optimizer cannot drop the measured work as unused. */
const blackhole: { value: unknown } = { value: undefined };

interface Subject {
  fn: Operation;
  isAsync: boolean;
  loop: BatchLoop;
  batchSize: number;
  samples: number[];
}

/** What one process measures: its share of the benchmark's time and rounds. */
export interface MicroBudget {
  time: number;
  minRounds: number;
  maxRounds: number;
}

/**
 * Times `fn` and its `baseline` in alternating calibrated batches: round r runs fn then
 * baseline, round r+1 baseline then fn (ABBA), so drift on a shared machine (other tenants,
 * SMT siblings, CPU frequency) lands on both and cancels in each round's ratio.
 * One sample is one batch's time divided by its size: ms per operation; samples and baseline
 * samples are index-aligned by round. Runs in one forked process (see forks.ts).
 */
export async function measureMicro(bench: MicroBenchmark<unknown>, ctx: unknown, budget: MicroBudget): Promise<Measurement> {
  const operations: Operation[] = bench.baseline ? [bench.fn, bench.baseline] : [bench.fn];
  const subjects = await Promise.all(operations.map((fn) => prepare(fn, ctx)));

  await prewarm(subjects, ctx);
  const targetBatchMs = Math.max(MIN_BATCH_MS, budget.time / (budget.maxRounds * subjects.length));
  for (const subject of subjects) await calibrate(subject, ctx, targetBatchMs);
  await runRounds(subjects, ctx, {
    budgetMs: Math.max(MIN_WARMUP_MS, budget.time * WARMUP_SHARE),
    minRounds: 2,
    maxRounds: Infinity,
    record: false,
  });

  const heapBefore = retainedHeapBytes();
  await runRounds(subjects, ctx, {
    budgetMs: budget.time,
    minRounds: budget.minRounds,
    maxRounds: budget.maxRounds,
    record: true,
  });
  const heapDeltaBytes = retainedHeapBytes() - heapBefore;

  const [measured, baseline] = subjects;
  return {
    samples: measured!.samples,
    baselineSamples: baseline?.samples,
    heapDeltaBytes,
  };
}

async function prepare(fn: Operation, ctx: unknown): Promise<Subject> {
  const first = fn(ctx);
  const isAsync = typeof (first as PromiseLike<unknown> | undefined)?.then === 'function';
  if (isAsync) await first;
  return { fn, isAsync, loop: compileLoop(isAsync), batchSize: 1, samples: [] };
}

/**
 * Each measured function gets its own loop compiled with `new Function`: a fresh call site that
 * only ever sees that function, so V8 can inline it as it would in real code, instead of one
 * shared loop going polymorphic over fn and baseline and slowing both unevenly.
 */
function compileLoop(isAsync: boolean): BatchLoop {
  const body = isAsync ? 'let r; for (let i = 0; i < n; i++) r = await fn(ctx); return r;' : 'let r; for (let i = 0; i < n; i++) r = fn(ctx); return r;';
  return (isAsync ? new AsyncFunction('fn', 'ctx', 'n', body) : new Function('fn', 'ctx', 'n', body)) as BatchLoop;
}

/**
 * Calls fn and baseline directly, alternately, before any batch loop exists, so each is optimized
 * on its own first and the loops later inline settled code; without this, whichever was calibrated
 * first often stayed slower for the rest of the process (docs/benchmarks.md, Methodology, Warm-up).
 */
async function prewarm(subjects: Subject[], ctx: unknown): Promise<void> {
  const start = performance.now();
  for (let calls = 0; calls < MIN_PREWARM_CALLS || performance.now() - start < MIN_WARMUP_MS; calls++) {
    for (const subject of subjects) blackhole.value = subject.isAsync ? await subject.fn(ctx) : subject.fn(ctx);
  }
}

async function timeBatch(subject: Subject, ctx: unknown): Promise<number> {
  const start = performance.now();
  const result = subject.loop(subject.fn, ctx, subject.batchSize);
  if (subject.isAsync) blackhole.value = await result;
  const elapsed = performance.now() - start;
  if (!subject.isAsync) blackhole.value = result;
  return elapsed;
}

/** Doubles the batch size until one batch takes the target time; doubles as first warm-up. */
async function calibrate(subject: Subject, ctx: unknown, targetMs: number): Promise<void> {
  subject.batchSize = 1;
  while (subject.batchSize < MAX_BATCH_SIZE) {
    const elapsed = await timeBatch(subject, ctx);
    if (elapsed >= targetMs) {
      subject.batchSize = Math.max(1, Math.round((subject.batchSize * targetMs) / elapsed));
      return;
    }
    subject.batchSize *= elapsed > 0 ? Math.min(16, Math.max(2, Math.floor(targetMs / elapsed))) : 16;
  }
}

interface RoundLimits {
  budgetMs: number;
  minRounds: number;
  maxRounds: number;
  record: boolean;
}

async function runRounds(subjects: Subject[], ctx: unknown, limits: RoundLimits): Promise<void> {
  const start = performance.now();
  for (let round = 0; round < limits.maxRounds; round++) {
    if (round >= limits.minRounds && performance.now() - start >= limits.budgetMs) return;
    const order = round % 2 === 0 ? subjects : [...subjects].reverse();
    for (const subject of order) {
      const elapsed = await timeBatch(subject, ctx);
      if (limits.record) subject.samples.push(elapsed / subject.batchSize);
    }
  }
}
