/**
 * Micro benchmarks run in several forked processes, JMH-style, and their samples are pooled.
 *
 * Why: what V8 has compiled before shapes how it compiles what comes next, for the life of that
 * code (docs/benchmarks.md, Methodology, Forks). A fresh process per measurement makes every run
 * measure the same thing, and pooling a few turns what luck remains into ordinary spread that the
 * median and the rank test absorb.
 */
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { extname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BenchInputError } from './errors.ts';
import type { MicroBudget } from './measure-micro.ts';
import { MAX_STORED_SAMPLES, type Measurement } from './result.ts';
import type { ForkRequest, ForkResponse } from './fork-protocol.ts';
import { median } from './stats.ts';
import type { MicroBenchmark } from './suite.ts';

export const DEFAULT_FORKS = 5;
const DEFAULT_TIME_MS = 1000;
const DEFAULT_MIN_SAMPLES = 30;

export interface MicroRunOptions {
  /** Processes per micro benchmark; default 5. */
  forks?: number;
  /** Overrides every micro benchmark's `time` (e.g. short runs in tests). */
  time?: number;
}

export class BenchmarkFailedError extends BenchInputError {
  readonly code = 'greenline.bench.benchmark-failed';
}

// The worker is TypeScript when we are (tsx, vitest) and JavaScript once compiled.
const WORKER_FILE = fileURLToPath(new URL(`./fork-worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url));
// Resolved here, not by name in the child, so the fork works from any working directory.
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export interface MicroTarget {
  file: string;
  bench: MicroBenchmark<unknown>;
}

/**
 * Measures each target in `forks` processes and pools them. Forks go round-robin over the
 * targets (fork 1 of every benchmark, then fork 2...), so each benchmark's samples span the whole
 * run and a few seconds of unusual load on the shared machine touch one fork of each benchmark
 * instead of all forks of one.
 */
export async function measureMicroInForks(targets: MicroTarget[], options: MicroRunOptions = {}): Promise<Measurement[]> {
  const forks = options.forks ?? DEFAULT_FORKS;
  const parts = targets.map((): Measurement[] => []);
  for (let round = 0; round < forks; round++) {
    for (const [i, { file, bench }] of targets.entries()) {
      parts[i]!.push(await measureInFork({ file, benchmark: bench.name, budget: forkBudget(bench, forks, options) }));
    }
  }
  return targets.map(({ bench }, i) => ({
    samples: parts[i]!.flatMap((part) => part.samples),
    baselineSamples: bench.baseline ? parts[i]!.flatMap((part) => part.baselineSamples ?? []) : undefined,
    heapDeltaBytes: median(parts[i]!.map((part) => part.heapDeltaBytes)),
  }));
}

/** Each fork gets an equal share of the benchmark's time and rounds. */
function forkBudget(bench: MicroBenchmark<unknown>, forks: number, options: MicroRunOptions): MicroBudget {
  const time = options.time ?? bench.time ?? DEFAULT_TIME_MS;
  const minRounds = Math.min(MAX_STORED_SAMPLES, bench.minSamples ?? DEFAULT_MIN_SAMPLES);
  return {
    time: time / forks,
    minRounds: Math.ceil(minRounds / forks),
    maxRounds: Math.max(1, Math.floor(MAX_STORED_SAMPLES / forks)),
  };
}

function measureInFork(request: ForkRequest): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    const child = fork(WORKER_FILE, [], {
      execArgv: ['--import', TSX_LOADER],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let answered = false;
    child.once('message', (response: ForkResponse) => {
      answered = true;
      if ('error' in response) {
        reject(new BenchmarkFailedError(`${request.file} › ${request.benchmark}: ${response.error}`));
      } else {
        resolve(response.measurement);
      }
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (!answered) {
        reject(new BenchmarkFailedError(`${request.file} › ${request.benchmark}: process ended (${signal ?? code})`));
      }
    });
    child.send(request);
  });
}
