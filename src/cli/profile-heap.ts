/**
 * `greenline profile heap` (docs/heap-profiling.md): heap snapshots over a run of a command
 * (after --) or of a running server (--url, GREENLINE_PROFILING=on), then the growth timeline,
 * leak suspects, verdict and retainer paths: printed, and in heap-report.json beside the snapshots.
 */
import { readdir, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { loadConfig } from '../config.ts';
import { analyzeSnapshotFiles } from '../perf/profile/heap-analyze.ts';
import { announced, type CapturedSnapshot, captureCommand, captureServer, HeapServerError } from '../perf/profile/heap-capture.ts';
import { formatHeapReport } from '../perf/profile/heap-report.ts';
import { resolveCommand } from './profile-cpu.ts';
import { profilingCredential } from './server-link.ts';

interface HeapFlags {
  out: string;
  snapshots: number;
  interval: number;
  startAfter?: number;
  url?: string | true;
  key?: string;
  minGrowth?: number;
  analyze?: boolean;
}

/** `2s`, `500ms`, `1m`, or seconds. */
export function parseInterval(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  const ms = m ? Number(m[1]) * (m[2] === 'ms' ? 1 : m[2] === 'm' ? 60_000 : 1000) : Number.NaN;
  if (!(ms >= 0)) throw new InvalidArgumentError('must be a duration, like 2s, 500ms or 1m');
  return ms;
}

/** `65536`, `64KiB`, `1MiB` (KB/MB taken as KiB/MiB). */
export function parseBytes(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(b|k|kb|kib|m|mb|mib)?$/i.exec(text.trim());
  if (!m) throw new InvalidArgumentError('must be a size in bytes, like 65536, 64KiB or 1MiB');
  const unit = (m[2] ?? 'b').toLowerCase();
  return Math.round(Number(m[1]) * (unit.startsWith('k') ? 1024 : unit.startsWith('m') ? 1024 * 1024 : 1));
}

function atLeast10ms(text: string): number {
  const ms = parseInterval(text);
  if (ms < 10) throw new InvalidArgumentError('must be at least 10ms');
  return ms;
}

function snapshotCount(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new InvalidArgumentError('must be an integer 1–1000');
  return n;
}

/** Snapshots already in `dir`, in order: as snapshots.ndjson lists them, else heap-N by N. */
async function snapshotsIn(dir: string): Promise<CapturedSnapshot[]> {
  const listed = await announced(dir);
  if (listed.length > 0) return listed;
  const numbered = (await readdir(dir)).map((f) => /^heap-(\d+)\.heapsnapshot$/.exec(f)).filter((m): m is RegExpExecArray => m !== null);
  return numbered.sort((a, b) => Number(a[1]) - Number(b[1])).map((m) => ({ path: join(dir, m[0]), takenAtMs: Number.NaN, pauseMs: null, atExit: false }));
}

async function profileHeap(command: string[], flags: HeapFlags): Promise<void> {
  const dir = resolve(flags.out);
  // A command is given one interval to start before the first snapshot; a running server none.
  const startAfterMs = flags.startAfter ?? (flags.url === undefined ? flags.interval : 0);
  const plan = { dir, snapshots: flags.snapshots, intervalMs: flags.interval, startAfterMs };
  // Ctrl-C ends the run early; what was taken is still analyzed.
  const abort = new AbortController();
  const onInterrupt = () => abort.abort();
  process.once('SIGINT', onInterrupt);
  let snapshots: CapturedSnapshot[];
  try {
    if (flags.analyze) {
      if (command.length > 0 || flags.url !== undefined) throw new Error('--analyze reads the snapshots already in --out: give no command and no --url');
      snapshots = await snapshotsIn(dir);
    } else if (flags.url !== undefined) {
      if (command.length > 0) throw new Error('give a command after -- or --url, not both');
      const config = loadConfig();
      const base = flags.url === true ? config.serverUrl : flags.url;
      const credential = profilingCredential('profiles/heap', new URL(base), flags.key ?? config.apiKey, config.dataDir);
      process.stderr.write(`taking ${plan.snapshots} heap snapshots of ${base}, one every ${plan.intervalMs / 1000} s…\n`);
      const onSnapshot = (s: CapturedSnapshot, k: number) =>
        process.stderr.write(`snapshot ${k}/${plan.snapshots} at ${(s.takenAtMs / 1000).toFixed(1)} s: the server paused ${s.pauseMs ?? '?'} ms\n`);
      snapshots = await captureServer(base, credential, plan, { signal: abort.signal, onSnapshot }).catch((err: unknown) => {
        if (err instanceof HeapServerError) throw new Error(`${base}: ${err.message}`);
        throw err;
      });
    } else {
      if (command.length === 0)
        throw new Error('give the command to profile after --, like: greenline profile heap -- node script.js; or --url for a running server');
      const run = await captureCommand(resolveCommand(command), plan, abort.signal);
      snapshots = run.snapshots;
      if (snapshots.length === 0) throw new Error(`${command[0]} wrote no heap snapshot into ${dir}: is it a node program (NODE_OPTIONS reaches it)?`);
      if (!run.stopped && (snapshots.length < plan.snapshots || run.exitCode !== 0)) {
        const how = run.exitCode === null ? 'was ended by a signal' : `exited with code ${run.exitCode}`;
        const last = snapshots.at(-1)?.atExit ? ', the last taken as it exited' : '';
        process.stderr.write(`(the command ${how} after ${snapshots.length} of ${plan.snapshots} snapshots${last})\n`);
      }
    }
  } finally {
    process.removeListener('SIGINT', onInterrupt);
  }
  if (snapshots.length === 0) throw new Error(`no heap snapshots in ${dir}`);

  const report = await analyzeSnapshotFiles(
    snapshots.map((s) => ({ path: s.path, takenAtMs: Number.isFinite(s.takenAtMs) ? s.takenAtMs : null, pauseMs: s.pauseMs })),
    flags.minGrowth === undefined ? {} : { minGrowthBytes: flags.minGrowth },
  );
  const json = join(dir, 'heap-report.json');
  await writeFile(json, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(
    `${formatHeapReport(report)}\n\nreport     ${relative(process.cwd(), json) || json}\nsnapshots  ${relative(process.cwd(), dir) || '.'}\n`,
  );
}

export function registerHeapProfileCommands(profile: Command): void {
  profile
    .command('heap')
    .description('heap snapshots over a run of a command (after --) or a running server (--url): growth timeline, leak suspects, verdict, retainer paths')
    .argument('[command...]', 'the command to profile, after --: node script.js, script.js, greenline …')
    .option('--out <dir>', 'where the snapshots and heap-report.json go (earlier heap-N.heapsnapshot files there are replaced)', 'profiles/heap')
    .option('--snapshots <n>', 'snapshots to take (the verdict needs 3 or more)', snapshotCount, 4)
    .addOption(new Option('--interval <duration>', 'time between snapshots: 2s, 500ms, 1m').argParser(atLeast10ms).default(2000, '2s'))
    .option(
      '--start-after <duration>',
      'time before the first snapshot, past start-up and warm-up (default: one interval for a command, none for --url)',
      parseInterval,
    )
    .option('--url [url]', 'snapshot the running server at this URL (default GREENLINE_URL); it needs GREENLINE_PROFILING=on')
    .option('--key <key>', 'API key with scope admin for --url (default GREENLINE_API_KEY)')
    .option('--min-growth <bytes>', 'growth that counts toward a suspect: 65536, 64KiB, 1MiB (default 64 KiB or 1% of the first heap)', parseBytes)
    .option('--analyze', 'analyze the snapshots already in --out again, taking none')
    .action(async (command: string[], flags: HeapFlags) => {
      await profileHeap(command, flags);
    });
}
