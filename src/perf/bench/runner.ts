import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describeGit, describeMachine } from './environment.ts';
import { BenchInputError } from './errors.ts';
import { measureMicroInForks, type MicroRunOptions } from './forks.ts';
import { collectGarbage } from './heap.ts';
import { measureApp } from './measure-app.ts';
import { type BenchmarkResult, type BenchRun, toBenchmarkResult } from './result.ts';
import { assertSuite, InvalidSuiteError, type Suite, type SuiteKind } from './suite.ts';

const SUITE_FILE = /\.bench\.(?:ts|mts|js|mjs)$/;

export interface LoadedSuite {
  file: string;
  suite: Suite<unknown>;
}

export interface SuiteSelection {
  /** Suite names to run; all when empty. */
  names?: string[];
  kind?: SuiteKind;
}

export interface RunOptions extends MicroRunOptions {
  /** Called as each benchmark finishes, for progress output. */
  onResult?: (result: BenchmarkResult) => void;
}

export class SuiteSelectionError extends BenchInputError {
  readonly code = 'greenline.bench.suite-selection';
}

/** `**\/*.bench.ts` (and .js) under `benchDir`, in a stable order. */
export async function discoverSuiteFiles(benchDir: string): Promise<string[]> {
  const entries = await readdir(benchDir, { recursive: true });
  return entries
    .filter((entry) => SUITE_FILE.test(entry))
    .sort()
    .map((entry) => resolve(benchDir, entry));
}

/** Imports suite files (TypeScript works because the CLI runs under tsx) and filters them. */
export async function loadSuites(benchDir: string, selection: SuiteSelection = {}): Promise<LoadedSuite[]> {
  const loaded: LoadedSuite[] = [];
  for (const file of await discoverSuiteFiles(benchDir)) {
    const module = await importSuiteFile(file);
    assertSuite(module.default, file);
    const clash = loaded.find((other) => other.suite.name === (module.default as Suite<unknown>).name);
    if (clash) throw new SuiteSelectionError(`suite name "${clash.suite.name}" is used by ${clash.file} and ${file}`);
    loaded.push({ file, suite: module.default });
  }
  return selectSuites(loaded, selection, benchDir);
}

async function importSuiteFile(file: string): Promise<{ default?: unknown }> {
  try {
    return (await import(pathToFileURL(file).href)) as { default?: unknown };
  } catch (error) {
    throw new InvalidSuiteError(`${file}: cannot be loaded: ${(error as Error).message}`, { cause: error });
  }
}

function selectSuites(loaded: LoadedSuite[], { names = [], kind }: SuiteSelection, benchDir: string): LoadedSuite[] {
  const known = new Set(loaded.map(({ suite }) => suite.name));
  const unknown = names.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    const available = [...known].join(', ') || `none (no *.bench.ts under ${join(benchDir)})`;
    throw new SuiteSelectionError(`no suite named ${unknown.join(', ')}; available: ${available}`);
  }
  const selected = loaded.filter(({ suite }) => (names.length === 0 || names.includes(suite.name)) && (!kind || suite.kind === kind));
  if (selected.length === 0) throw new SuiteSelectionError(`no benchmark suite to run under ${benchDir}`);
  return selected;
}

/**
 * Runs suites one after another, never concurrently: they would time each other. Micro
 * benchmarks run first, in forked processes (forks.ts) that do their suite's setup themselves;
 * app suites run here, set up once and torn down even when a benchmark fails.
 */
export async function runSuites(suites: LoadedSuite[], options: RunOptions = {}): Promise<BenchRun> {
  const results: BenchmarkResult[] = [];
  const record = (result: BenchmarkResult) => {
    results.push(result);
    options.onResult?.(result);
  };

  const targets = suites.flatMap(({ file, suite }) => (suite.kind === 'micro' ? suite.benchmarks.map((bench) => ({ file, suite, bench })) : []));
  const measurements = await measureMicroInForks(targets, options);
  for (const [i, { suite, bench }] of targets.entries()) {
    record(toBenchmarkResult(suite, bench, measurements[i]!));
  }

  for (const { suite } of suites) {
    if (suite.kind !== 'app') continue;
    const ctx = suite.setup ? await suite.setup() : undefined;
    try {
      for (const bench of suite.benchmarks) {
        // Leave the previous benchmark's garbage out of this one's timings.
        collectGarbage();
        record(toBenchmarkResult(suite, bench, await measureApp(bench, ctx)));
      }
    } finally {
      await suite.teardown?.(ctx);
    }
  }
  return {
    schema: 1,
    createdAt: new Date().toISOString(),
    git: describeGit(),
    machine: describeMachine(),
    results,
  };
}
