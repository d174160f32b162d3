/**
 * The benchmark suite API. A file `bench/**\/*.bench.ts` default-exports `defineSuite({...})`.
 *
 * Benchmarks should carry a `baseline` measured in the same run (a plain loop, bare Fastify,
 * a plain Map...): the regression gate then compares the ratio benchmark/baseline, which
 * cancels most of the machine's speed and load, instead of absolute times.
 */

import { BenchInputError } from './errors.ts';

export const DEFAULT_THRESHOLD = 0.1;

/**
 * A micro benchmark: one small operation (sync, or async returning a promise) timed in
 * calibrated batches, in a few fresh processes. The suite's setup runs in each of them, so
 * the context must be built there, not passed from outside.
 */
export interface MicroBenchmark<Ctx> {
  name: string;
  // Method syntax (not arrow properties) keeps Suite<Ctx> assignable to Suite<unknown>,
  // which is how the runner holds suites whose context type it cannot know.
  fn(ctx: Ctx): unknown;
  /** Measured in the same run, batch-interleaved with `fn` so drift hits both alike. */
  baseline?(ctx: Ctx): unknown;
  /** Relative slowdown that counts as a regression; default 0.10. */
  threshold?: number;
  /** Fewest measured rounds (fn + baseline batches), even past `time`; default 30, at most 200. */
  minSamples?: number;
  /**
   * Measuring time in ms for fn and baseline together, shared by the forked processes the
   * benchmark runs in; warm-up and process start come on top. Default 1000.
   */
  time?: number;
}

/** What an app benchmark run returns: durations in ms, e.g. one per timed request. */
export type AppRunResult = number[] | { samples: number[] /** overrides 1000 / mean */; ops?: number };

/** An application benchmark: a run of many timed operations against a set-up context. */
export interface AppBenchmark<Ctx> {
  name: string;
  run(ctx: Ctx): Promise<AppRunResult>;
  /** Same shape as `run`; rounds alternate run/baseline order (ABBA) to cancel drift. */
  baseline?(ctx: Ctx): Promise<AppRunResult>;
  threshold?: number;
  /** Measured rounds of run (and baseline); samples of all rounds are pooled. Default 2. */
  rounds?: number;
  /** Unrecorded rounds first, for JIT, caches and connection pools. Default 1. */
  warmupRounds?: number;
}

interface SuiteBase<Ctx> {
  /** Unique across the project; also what `bench <suites...>` filters on. */
  name: string;
  /** Runs once before the suite's benchmarks; what it returns is passed to each of them. */
  setup?(): Ctx | Promise<Ctx>;
  /** Runs once after them, even when one failed: close servers and pools here. */
  teardown?(ctx: Ctx): void | Promise<void>;
}

export interface MicroSuite<Ctx> extends SuiteBase<Ctx> {
  kind: 'micro';
  benchmarks: MicroBenchmark<Ctx>[];
}

export interface AppSuite<Ctx> extends SuiteBase<Ctx> {
  kind: 'app';
  benchmarks: AppBenchmark<Ctx>[];
}

export type Suite<Ctx = undefined> = MicroSuite<Ctx> | AppSuite<Ctx>;
export type SuiteKind = Suite['kind'];

/** Identity function that gives a suite file its types (Ctx is inferred from `setup`). */
export function defineSuite<Ctx = undefined>(suite: MicroSuite<Ctx>): MicroSuite<Ctx>;
export function defineSuite<Ctx = undefined>(suite: AppSuite<Ctx>): AppSuite<Ctx>;
export function defineSuite<Ctx>(suite: Suite<Ctx>): Suite<Ctx> {
  return suite;
}

export class InvalidSuiteError extends BenchInputError {
  readonly code = 'greenline.bench.invalid-suite';
}

/** Checks a module's default export at the boundary, so a broken file fails with its name. */
export function assertSuite(value: unknown, file: string): asserts value is Suite<unknown> {
  const fail = (why: string): never => {
    throw new InvalidSuiteError(`${file}: ${why} (default-export defineSuite({...}))`);
  };
  if (typeof value !== 'object' || value === null) fail('no default export');
  const suite = value as Record<string, unknown>;
  if (typeof suite.name !== 'string' || suite.name === '') fail('suite needs a name');
  if (suite.kind !== 'micro' && suite.kind !== 'app') fail("kind must be 'micro' or 'app'");
  if (!Array.isArray(suite.benchmarks) || suite.benchmarks.length === 0) fail('no benchmarks');
  const measured = suite.kind === 'micro' ? 'fn' : 'run';
  const names = new Set<string>();
  for (const bench of suite.benchmarks as Record<string, unknown>[]) {
    if (typeof bench.name !== 'string' || bench.name === '') fail('a benchmark has no name');
    if (names.has(bench.name as string)) fail(`duplicate benchmark "${String(bench.name)}"`);
    names.add(bench.name as string);
    if (typeof bench[measured] !== 'function') fail(`"${String(bench.name)}" needs ${measured}()`);
    const threshold = bench.threshold;
    if (threshold !== undefined && !(typeof threshold === 'number' && threshold > 0)) {
      fail(`"${String(bench.name)}" threshold must be a positive fraction, e.g. 0.1`);
    }
  }
}
