/**
 * The gate on real measurements, on whatever machine runs the tests (a shared 2-core box in CI,
 * often with other test files running beside this one). The only assertions are verdicts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { compareBenchmark } from '../../src/perf/bench/compare.ts';
import type { BenchmarkResult } from '../../src/perf/bench/result.ts';
import { type LoadedSuite, loadSuites, runSuites } from '../../src/perf/bench/runner.ts';

// Short runs keep the file well under a minute: ~1.5 s per run, 24 runs.
const RUN = { time: 250, forks: 3 };
const REPEATS = 20;

let gateSuite: LoadedSuite;

/** One real run of one benchmark of the fixture suite, reported under the reference name. */
async function measure(benchmark: string): Promise<BenchmarkResult> {
  const suite = { ...gateSuite.suite, benchmarks: gateSuite.suite.benchmarks.filter((b) => b.name === benchmark) };
  const [result] = (await runSuites([{ file: gateSuite.file, suite } as LoadedSuite], RUN)).results;
  return { ...result!, name: 'as written' };
}

describe('regression gate on real measurements', () => {
  const reference: BenchmarkResult[] = [];

  beforeAll(async () => {
    [gateSuite] = (await loadSuites('test/perf/fixtures/gate')) as [LoadedSuite];
    for (let run = 0; run <= REPEATS; run++) reference.push(await measure('as written'));
  });

  it(`does not flag the same code run twice, in ${REPEATS} comparisons`, () => {
    const verdicts = reference.slice(1).map((current, i) => compareBenchmark(reference[i], current).verdict);
    expect(verdicts).toEqual(Array(REPEATS).fill('unchanged'));
  });

  it('flags the benchmark slowed by 30% as a regression', async () => {
    const slowed = await measure('30% slower');
    const verdicts = reference.map((base) => compareBenchmark(base, slowed).verdict);
    expect(verdicts).toEqual(Array(reference.length).fill('regression'));
  });

  it('does not flag a 5% slowdown at the 10% threshold', async () => {
    const slightlySlower = [await measure('5% slower'), await measure('5% slower')];
    const verdicts = slightlySlower.flatMap((current) => reference.map((base) => compareBenchmark(base, current).verdict));
    expect(verdicts.filter((verdict) => verdict === 'regression')).toEqual([]);
  });
});
