import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendHistory, readHistory, renderTrend, toHistoryEntry } from '../../src/perf/bench/history.ts';
import { InvalidResultFileError, mergeIntoBaseline, readRun, toBenchmarkResult, writeRun } from '../../src/perf/bench/result.ts';
import { runOf } from './synthetic.ts';

function appResult(suite: string, name: string, samples: number[], baselineSamples?: number[]) {
  return toBenchmarkResult({ name: suite, kind: 'app' }, { name }, { samples, baselineSamples, heapDeltaBytes: 0 });
}

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'greenline-bench-files-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true });
});

describe('result files', () => {
  it('summarizes from every sample but stores at most 200, as a quantile sketch', () => {
    const samples = Array.from({ length: 10_000 }, (_, i) => i / 1000);
    const result = appResult(
      'app',
      'many requests',
      samples,
      samples.map(() => 1),
    );
    expect(result.samples).toHaveLength(200);
    expect(result.median).toBeCloseTo(4.9995, 9);
    expect(result.p95).toBeCloseTo(9.49905, 9);
    expect(result.ratio).toBeCloseTo(4.9995, 9);
    expect(result.baseline!.samples).toHaveLength(200);
  });

  it('round-trips through a file and refuses files that are not results', async () => {
    const run = runOf([appResult('app', 'a', [1, 2, 3])]);
    await writeRun(join(folder, 'nested', 'run.json'), run);
    expect(await readRun(join(folder, 'nested', 'run.json'))).toEqual(run);

    await writeFile(join(folder, 'other.json'), '{"hello": "world"}');
    await expect(readRun(join(folder, 'other.json'))).rejects.toThrow(InvalidResultFileError);
    await expect(readRun(join(folder, 'missing.json'))).rejects.toThrow(/cannot read a benchmark result/);
  });

  it('updates the baseline suite by suite, keeping suites that did not run', () => {
    const previous = runOf([appResult('kept', 'a', [1]), appResult('rerun', 'old', [1])]);
    const latest = runOf([appResult('rerun', 'new', [2])], { createdAt: '2025-02-02T00:00:00.000Z' });
    const merged = mergeIntoBaseline(previous, latest);
    expect(merged.createdAt).toBe('2025-02-02T00:00:00.000Z');
    expect(merged.results.map((r) => `${r.suite}/${r.name}`)).toEqual(['kept/a', 'rerun/new']);
    expect(mergeIntoBaseline(undefined, latest)).toBe(latest);
  });
});

describe('history', () => {
  const first = runOf([appResult('app', 'resolve', [10, 12, 14], [5, 5, 5]), appResult('app', 'plain', [3])]);
  const second = runOf([appResult('app', 'resolve', [11, 13, 15], [5, 5, 5])], {
    createdAt: '2025-01-02T09:30:00.000Z',
    git: { commit: 'fedcba9876543210fedcba9876543210fedcba98', dirty: true },
  });

  it('keeps one compact line per run: medians and ratios, no samples', () => {
    expect(toHistoryEntry(first)).toEqual({
      createdAt: '2025-01-01T00:00:00.000Z',
      commit: '0123456789abcdef0123456789abcdef01234567',
      dirty: false,
      machine: 'Test CPU ×2',
      results: { 'app/resolve': { median: 12, ratio: 2.4 }, 'app/plain': { median: 3 } },
    });
  });

  it('appends lines and prints a trend per benchmark, oldest first', async () => {
    const file = join(folder, 'history.jsonl');
    expect(await readHistory(file)).toEqual([]);
    await appendHistory(file, first);
    await appendHistory(file, second);
    expect((await readFile(file, 'utf8')).trim().split('\n')).toHaveLength(2);

    const trend = renderTrend(await readHistory(file), 'resolve').split('\n');
    expect(trend[0]).toBe('app/resolve');
    expect(trend[1]).toMatch(/^Date \(UTC\)\s+Commit\s+Median\s+Ratio\s+Machine$/);
    expect(trend[3]).toMatch(/^2025-01-01 00:00\s+0123456789\s+12\.0 ms\s+2\.400×\s+Test CPU ×2$/);
    expect(trend[4]).toMatch(/^2025-01-02 09:30\s+fedcba9876\+\s+13\.0 ms\s+2\.600×\s+Test CPU ×2$/);
    expect(renderTrend(await readHistory(file))).toContain('app/plain');
    expect(renderTrend(await readHistory(file), 'nothing')).toBe('no history for a benchmark matching "nothing"');
  });

  it('names the line that is not JSON', async () => {
    const file = join(folder, 'history.jsonl');
    await writeFile(file, `${JSON.stringify(toHistoryEntry(first))}\n{oops\n`);
    await expect(readHistory(file)).rejects.toThrow(/history\.jsonl:2: not a JSON history line/);
  });
});
