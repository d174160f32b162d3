import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeGit } from '../../src/perf/bench/environment.ts';
import { BenchmarkFailedError } from '../../src/perf/bench/forks.ts';
import { roundRatios } from '../../src/perf/bench/result.ts';
import { discoverSuiteFiles, type LoadedSuite, loadSuites, runSuites, SuiteSelectionError } from '../../src/perf/bench/runner.ts';
import { median } from '../../src/perf/bench/stats.ts';
import { defineSuite, InvalidSuiteError } from '../../src/perf/bench/suite.ts';

const FIXTURES = 'test/perf/fixtures';
const QUICK = { time: 40, forks: 2 };

describe('suite discovery and selection', () => {
  it('finds *.bench.ts files recursively, in a stable order', async () => {
    expect(await discoverSuiteFiles(`${FIXTURES}/runner`)).toEqual([
      resolve(`${FIXTURES}/runner/nested/fixed-samples.bench.ts`),
      resolve(`${FIXTURES}/runner/quick.bench.ts`),
    ]);
  });

  it('selects suites by name and by kind', async () => {
    const names = async (selection: Parameters<typeof loadSuites>[1]) => (await loadSuites(`${FIXTURES}/runner`, selection)).map(({ suite }) => suite.name);
    expect(await names({})).toEqual(['runner-fixed-samples', 'runner-quick']);
    expect(await names({ names: ['runner-quick'] })).toEqual(['runner-quick']);
    expect(await names({ kind: 'app' })).toEqual(['runner-fixed-samples']);
  });

  it('names the available suites when asked for an unknown one', async () => {
    await expect(loadSuites(`${FIXTURES}/runner`, { names: ['nope'] })).rejects.toThrow(
      new SuiteSelectionError('no suite named nope; available: runner-fixed-samples, runner-quick'),
    );
  });

  it('rejects a broken suite file by name', async () => {
    const error = await loadSuites(`${FIXTURES}/invalid`).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidSuiteError);
    expect((error as Error).message).toMatch(/no-benchmarks\.bench\.ts: no benchmarks/);
  });

  it('names a suite file that cannot be imported', async () => {
    const error = await loadSuites(`${FIXTURES}/unloadable`).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidSuiteError);
    expect((error as Error).message).toMatch(/throws-on-import\.bench\.ts: cannot be loaded: broken import$/);
  });
});

describe('running suites', () => {
  it('measures micro benchmarks in forks and writes a schema-1 result', async () => {
    const run = await runSuites(await loadSuites(`${FIXTURES}/runner`, { kind: 'micro' }), QUICK);
    expect(run).toMatchObject({
      schema: 1,
      machine: { cores: expect.any(Number), cpuModel: expect.any(String), node: process.version },
    });
    expect(typeof run.git.dirty).toBe('boolean');
    const [result] = run.results;
    expect(result).toMatchObject({ suite: 'runner-quick', name: 'sum via setup context', kind: 'micro', unit: 'ms' });
    expect(result!.threshold).toBe(0.1);
    expect(result!.samples.length).toBeGreaterThanOrEqual(30);
    // Rounds are paired across all forks: one baseline sample per benchmark sample.
    expect(result!.baseline!.samples).toHaveLength(result!.samples.length);
    expect(result!.ratio! / median(roundRatios(result!)!)).toBeCloseTo(1, 4);
  });

  it('pools app rounds and takes a reported ops figure over 1000 / mean', async () => {
    const [result] = (await runSuites(await loadSuites(`${FIXTURES}/runner`, { kind: 'app' }))).results;
    expect(result).toMatchObject({
      kind: 'app',
      samples: [1, 2, 3, 1, 2, 3],
      median: 2,
      mean: 2,
      baseline: { median: 1, samples: [1, 1, 1, 1, 1, 1] },
      ratio: 2,
    });
    expect(result!.ops).toBeCloseTo(500, 6);
  });

  it('runs app rounds in ABBA order after warm-up, between one setup and one teardown', async () => {
    const calls: string[] = [];
    const suite = defineSuite({
      name: 'ordered',
      kind: 'app',
      setup: () => {
        calls.push('setup');
        return { label: 'ctx' };
      },
      teardown: (ctx) => {
        calls.push(`teardown ${ctx.label}`);
      },
      benchmarks: [
        {
          name: 'ordered',
          rounds: 2,
          warmupRounds: 1,
          run: async (ctx) => {
            calls.push(`run ${ctx.label}`);
            return [1];
          },
          baseline: async () => {
            calls.push('baseline');
            return [1];
          },
        },
      ],
    });
    await runSuites([{ file: 'inline', suite } as LoadedSuite]);
    expect(calls).toEqual(['setup', 'run ctx', 'baseline', 'run ctx', 'baseline', 'baseline', 'run ctx', 'teardown ctx']);
  });

  it('tears an app suite down even when a benchmark fails', async () => {
    const calls: string[] = [];
    const suite = defineSuite({
      name: 'failing-app',
      kind: 'app',
      teardown: () => {
        calls.push('teardown');
      },
      benchmarks: [{ name: 'empty', run: async () => [] }],
    });
    await expect(runSuites([{ file: 'inline', suite } as LoadedSuite])).rejects.toThrow(/returned no samples/);
    expect(calls).toEqual(['teardown']);
  });

  it('reports a micro benchmark that throws, with its file and name', async () => {
    const error = await runSuites(await loadSuites(`${FIXTURES}/failing`), QUICK).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BenchmarkFailedError);
    expect((error as Error).message).toMatch(/throws\.bench\.ts › throws: Error: deliberate failure/);
  });
});

describe('git description', () => {
  it('tolerates a folder outside any repository', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'greenline-nogit-'));
    try {
      expect(describeGit(folder)).toEqual({ commit: null, dirty: false });
    } finally {
      await rm(folder, { recursive: true });
    }
  });
});
