import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command, CommanderError } from 'commander';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerBenchCommands } from '../../src/perf/bench/cli.ts';
import { readRun, writeRun } from '../../src/perf/bench/result.ts';
import { runOf, seededRandom, syntheticResult } from './synthetic.ts';

const SUITE_MODULE = pathToFileURL(resolve('src/perf/bench/suite.ts')).href;

/** Runs `greenline bench ...` in-process and returns what it printed. */
async function bench(...args: string[]): Promise<string> {
  const program = new Command('greenline').exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
  registerBenchCommands(program);
  const printed: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => {
    printed.push(parts.join(' '));
  });
  try {
    await program.parseAsync(['bench', ...args], { from: 'user' });
  } finally {
    log.mockRestore();
  }
  return printed.join('\n');
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'greenline-bench-cli-'));
  // A project of its own: ESM, one tiny suite, and a baseline holding another suite's results.
  await writeFile(join(dir, 'package.json'), '{ "type": "module" }\n');
  await mkdir(join(dir, 'micro'));
  await writeFile(
    join(dir, 'micro', 'tiny.bench.ts'),
    `import { defineSuite } from '${SUITE_MODULE}';
export default defineSuite({
  name: 'tiny',
  kind: 'micro',
  benchmarks: [{ name: 'loop', fn: () => { let s = 0; for (let i = 0; i < 100; i++) s += i; return s; } }],
});
`,
  );
  await writeRun(
    join(dir, 'baseline.json'),
    runOf([{ ...syntheticResult(seededRandom(1), { trueRatio: 1, machineFactor: 1, benchmarkDrift: 0 }), suite: 'kept' }]),
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true });
});
afterEach(() => {
  process.exitCode = undefined;
});

describe('greenline bench', () => {
  it('runs, writes the result JSON, updates the baseline and appends history', async () => {
    const output = await bench('--dir', dir, '--time', '30', '--forks', '1', '--json', join(dir, 'out', 'run.json'), '--update-baseline', '--history');
    expect(output).toMatch(/^tiny\/loop {2}median .+ ops\/s {2}heap .+ \(n=\d+\)$/m);
    expect(output).toContain(`baseline written: ${join(dir, 'baseline.json')}`);

    const run = await readRun(join(dir, 'out', 'run.json'));
    expect(run.results.map((r) => `${r.suite}/${r.name}`)).toEqual(['tiny/loop']);
    const baseline = await readRun(join(dir, 'baseline.json'));
    expect(baseline.results.map((r) => r.suite)).toEqual(['kept', 'tiny']);
    expect((await readFile(join(dir, 'history.jsonl'), 'utf8')).trim().split('\n')).toHaveLength(1);
  });

  it('compares right after running with --compare', async () => {
    const output = await bench('--dir', dir, '--time', '30', '--forks', '1', '--compare', join(dir, 'baseline.json'), '--history');
    expect(output).toMatch(/^Benchmark\s+Verdict\s+Change/m);
    expect(output).toMatch(/^tiny\/loop\s+\S+/m);
    expect(output).toMatch(/^kept\/noisy\s+MISSING/m);
  });

  it('prints the history trend of a benchmark', async () => {
    const output = await bench('history', 'loop', '--dir', dir);
    const lines = output.split('\n');
    expect(lines[0]).toBe('tiny/loop');
    expect(lines.slice(3)).toHaveLength(2);
  });

  it('rejects an unknown suite with exit code 2', async () => {
    const failure = await bench('--dir', dir, 'nope').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CommanderError);
    expect(failure).toMatchObject({ exitCode: 2, code: 'greenline.bench.suite-selection' });
  });
});

describe('greenline bench compare', () => {
  const random = seededRandom(11);
  const shape = { machineFactor: 1, benchmarkDrift: 0 };
  const base = runOf([syntheticResult(random, { ...shape, trueRatio: 1 })]);
  const same = runOf([syntheticResult(random, { ...shape, trueRatio: 1 })]);
  const slowed = runOf([syntheticResult(random, { ...shape, trueRatio: 1.3 })]);

  it('exits 1 on a regression and writes the markdown report', async () => {
    await writeRun(join(dir, 'base.json'), base);
    await writeRun(join(dir, 'slowed.json'), slowed);
    const output = await bench('compare', join(dir, 'base.json'), join(dir, 'slowed.json'), '--markdown', join(dir, 'report.md'));
    expect(process.exitCode).toBe(1);
    expect(output).toMatch(/^synthetic\/noisy\s+REGRESSION\s+\+\d\d\.\d%/m);
    const markdown = await readFile(join(dir, 'report.md'), 'utf8');
    expect(markdown).toContain('| synthetic/noisy | 🔴 regression |');
  });

  it('exits 0 when nothing regressed', async () => {
    await writeRun(join(dir, 'same.json'), same);
    await bench('compare', join(dir, 'base.json'), join(dir, 'same.json'));
    expect(process.exitCode).toBe(0);
    expect(existsSync(join(dir, 'same.md'))).toBe(false);
  });

  it('exits 2 on a file that is not a benchmark result', async () => {
    await writeFile(join(dir, 'junk.json'), '[]');
    const failure = await bench('compare', join(dir, 'base.json'), join(dir, 'junk.json')).catch((error: unknown) => error);
    expect(failure).toMatchObject({ exitCode: 2, code: 'greenline.bench.invalid-result-file' });
  });
});
