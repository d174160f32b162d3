/**
 * `bench` commands: run suites, compare result files, keep the baseline and the history.
 * Exit codes: 1 when a comparison finds a regression, 2 when there is nothing sound to measure
 * or compare (unknown suite, broken suite file, a benchmark that threw, unreadable result file).
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { compareRuns, exitCode } from './compare.ts';
import { BenchInputError } from './errors.ts';
import { DEFAULT_FORKS } from './forks.ts';
import { formatBytes, formatDuration, formatOps, formatRatio } from './format.ts';
import { appendHistory, readHistory, renderTrend } from './history.ts';
import { renderMarkdown, renderTerminal } from './report.ts';
import { type BenchmarkResult, type BenchRun, benchmarkKey, mergeIntoBaseline, readRun, writeRun } from './result.ts';
import { loadSuites, runSuites } from './runner.ts';
import type { SuiteKind } from './suite.ts';

interface RunFlags {
  dir: string;
  kind?: SuiteKind;
  time?: number;
  forks?: number;
  json?: string;
  updateBaseline?: boolean;
  history?: boolean;
  compare?: string;
}

export function registerBenchCommands(program: Command): void {
  const bench = program
    .command('bench')
    .description('run benchmark suites (bench/**/*.bench.ts); see docs/benchmarks.md')
    .argument('[suites...]', 'suite names to run (default: all)')
    .option('--dir <dir>', 'benchmark folder: suites, baseline.json, history.jsonl', 'bench')
    .addOption(new Option('--kind <kind>', 'only suites of this kind').choices(['micro', 'app']))
    .option('--time <ms>', 'measurement time per micro benchmark, overriding the suites', parsePositive)
    .option('--forks <count>', `processes per micro benchmark (default ${DEFAULT_FORKS})`, parsePositiveInteger)
    .option('--json <out>', 'write the result JSON to this file')
    .option('--update-baseline', 'write the results into <dir>/baseline.json (other suites kept)')
    .option('--history', 'append a summary line to <dir>/history.jsonl')
    .option('--compare <base>', 'compare with a base result file after running; exit 1 on regression')
    .action((suites: string[], flags: RunFlags, command: Command) => reportInputErrors(command, () => run(suites, flags)));

  bench
    .command('compare')
    .description('compare two result files; exit 1 on regression')
    .argument('<base>', 'base result JSON, e.g. bench/baseline.json')
    .argument('<current>', 'current result JSON')
    .option('--markdown <out>', 'also write the comparison as markdown (for a pull-request comment)')
    .action((base: string, current: string, flags: { markdown?: string }, command: Command) =>
      reportInputErrors(command, () => compareFiles(base, current, flags.markdown)),
    );

  bench
    .command('history')
    .description('trend per benchmark from <dir>/history.jsonl: date, commit, median, ratio')
    .argument('[benchmark]', 'only benchmarks whose suite/name contains this')
    .action((filter: string | undefined, _flags: object, command: Command) =>
      reportInputErrors(command, async () => {
        const { dir } = command.optsWithGlobals<{ dir: string }>();
        console.log(renderTrend(await readHistory(join(dir, 'history.jsonl')), filter));
      }),
    );
}

async function run(suiteNames: string[], flags: RunFlags): Promise<void> {
  const suites = await loadSuites(flags.dir, { names: suiteNames, kind: flags.kind });
  // Read before running: a bad path fails fast, and --update-baseline cannot change the base.
  const base = flags.compare ? await readRun(flags.compare) : undefined;
  const result = await runSuites(suites, { time: flags.time, forks: flags.forks, onResult: printResult });

  if (flags.json) await writeRun(flags.json, result);
  if (base) await compareWith(base, result);
  if (flags.updateBaseline) {
    const baselineFile = join(flags.dir, 'baseline.json');
    const previous = existsSync(baselineFile) ? await readRun(baselineFile) : undefined;
    await writeRun(baselineFile, mergeIntoBaseline(previous, result));
    console.log(`baseline written: ${baselineFile}`);
  }
  if (flags.history) await appendHistory(join(flags.dir, 'history.jsonl'), result);
}

async function compareFiles(baseFile: string, currentFile: string, markdownFile?: string): Promise<void> {
  await compareWith(await readRun(baseFile), await readRun(currentFile), markdownFile);
}

async function compareWith(base: BenchRun, current: BenchRun, markdownFile?: string): Promise<void> {
  const comparison = compareRuns(base, current);
  console.log(renderTerminal(comparison));
  if (markdownFile) {
    await mkdir(dirname(markdownFile), { recursive: true });
    await writeFile(markdownFile, renderMarkdown(comparison));
  }
  // exitCode, not exit(): the host program may still have output to flush or servers to close.
  process.exitCode = exitCode(comparison);
}

function printResult(result: BenchmarkResult): void {
  const ratio = result.ratio === undefined ? '' : `  ratio ${formatRatio(result.ratio)}`;
  console.log(
    `${benchmarkKey(result)}  median ${formatDuration(result.median)}  p95 ${formatDuration(result.p95)}` +
      `  ${formatOps(result.ops)} ops/s${ratio}  heap ${formatBytes(result.heapDeltaBytes)}` +
      `  (n=${result.samples.length})`,
  );
}

function parsePositive(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new InvalidArgumentError('expected a positive number');
  return parsed;
}

function parsePositiveInteger(value: string): number {
  const parsed = parsePositive(value);
  if (!Number.isInteger(parsed)) throw new InvalidArgumentError('expected a whole number');
  return parsed;
}

/** Bad input becomes a commander error with exit code 2 instead of an unhandled rejection. */
async function reportInputErrors(command: Command, action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (error) {
    if (error instanceof BenchInputError) command.error(`error: ${error.message}`, { exitCode: 2, code: error.code });
    throw error;
  }
}
