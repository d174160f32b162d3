/**
 * `greenline profile cpu` and `greenline profile diff` (docs/profiling.md).
 *
 * `cpu -- COMMAND…` runs the command with node's CPU profiler on (NODE_OPTIONS=--cpu-prof);
 * `cpu --url URL --seconds N` asks a running server (GREENLINE_PROFILING=on) for N seconds of
 * itself: with an admin-scope API key on /v1, or, with no key, through the local admin API when
 * that server holds the embedded database on this machine (its token in the data directory).
 * Each `.cpuprofile` gets an offline HTML flame graph and a hotspot table beside it.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Command, InvalidArgumentError } from 'commander';
import { request } from 'undici';
import { loadConfig } from '../config.ts';
import { diffProfiles, formatDiff } from '../perf/profile/cpu-diff.ts';
import { parseCpuProfile, summarizeCpuProfile } from '../perf/profile/cpu-profile.ts';
import { type ProfileReport, reportProfile, runProfiled } from '../perf/profile/cpu-record.ts';
import { profilingCredential, ServerProblem } from './server-link.ts';

const GREENLINE_BIN = fileURLToPath(new URL('../../bin/greenline.js', import.meta.url));

interface CpuFlags {
  out: string;
  url?: string | true;
  seconds: number;
  key?: string;
  top: number;
  intervalUs?: number;
}

function positive(name: string, integer: boolean) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n)))
      throw new InvalidArgumentError(`${name} must be a positive ${integer ? 'integer' : 'number'}`);
    return n;
  };
}

/** `greenline …` runs this checkout's command under this node; a bare `x.js` runs under this node too. */
export function resolveCommand(command: string[]): string[] {
  const [first, ...rest] = command;
  if (first === 'greenline') return [process.execPath, GREENLINE_BIN, ...rest];
  if (first && /\.(c|m)?js$/.test(first) && existsSync(first)) return [process.execPath, first, ...rest];
  return command;
}

/** Asks the server at `base` for `seconds` of CPU profile of itself; answers the `.cpuprofile` text. */
export async function fetchServerProfile(base: string, seconds: number, credential: { path: string; token: string }, intervalUs?: number): Promise<string> {
  const url = new URL(credential.path, base);
  url.searchParams.set('seconds', String(seconds));
  if (intervalUs) url.searchParams.set('interval_us', String(intervalUs));
  const res = await request(url, { method: 'POST', headers: { authorization: `Bearer ${credential.token}` }, headersTimeout: 0, bodyTimeout: 0 }).catch(
    (err: Error) => {
      throw new Error(`cannot reach the server at ${base}: ${err.message}`);
    },
  );
  const text = await res.body.text();
  if (res.statusCode >= 400) {
    let problem: unknown = null;
    try {
      problem = JSON.parse(text);
    } catch {}
    throw new ServerProblem(res.statusCode, problem);
  }
  return text;
}

function stamp(now = new Date()): string {
  return now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

function printReports(reports: ProfileReport[]): void {
  if (reports.length === 0) return;
  const [main, ...others] = [...reports].sort((a, b) => b.summary.busyUs - a.summary.busyUs);
  process.stdout.write(`\n${main!.table}\nflame graph  ${main!.html}\nhotspots     ${main!.hotspots}\nprofile      ${main!.profile}\n`);
  for (const r of others) {
    process.stdout.write(`also: ${r.profile} (another process or thread, busy ${(r.summary.busyUs / 1000).toFixed(1)} ms): ${r.html}\n`);
  }
}

async function profileCpu(command: string[], flags: CpuFlags): Promise<number> {
  const out = resolve(flags.out);
  const root = process.cwd();
  if (flags.url !== undefined) {
    if (command.length > 0) throw new Error('give a command after -- or --url, not both');
    const config = loadConfig();
    const base = flags.url === true ? config.serverUrl : flags.url;
    const credential = profilingCredential('profiles/cpu', new URL(base), flags.key ?? config.apiKey, config.dataDir);
    process.stderr.write(`profiling ${base} for ${flags.seconds} s…\n`);
    const text = await fetchServerProfile(base, flags.seconds, credential, flags.intervalUs);
    await mkdir(out, { recursive: true });
    const file = join(out, `server-${stamp()}.cpuprofile`);
    await writeFile(file, text);
    printReports([await reportProfile(file, root, flags.top)]);
    return 0;
  }
  if (command.length === 0)
    throw new Error('give the command to profile after --, like: greenline profile cpu -- node script.js; or --url for a running server');
  const run = await runProfiled(resolveCommand(command), out, flags.intervalUs);
  if (run.profiles.length === 0) throw new Error(`${command[0]} wrote no CPU profile into ${out}: is it a node program (NODE_OPTIONS reaches it)?`);
  const reports: ProfileReport[] = [];
  for (const p of run.profiles) reports.push(await reportProfile(p, root, flags.top));
  printReports(reports);
  if (run.exitCode !== 0) process.stderr.write(`(the command exited with code ${run.exitCode})\n`);
  return run.exitCode;
}

export function registerCpuProfileCommands(profile: Command): void {
  profile
    .command('cpu')
    .description('CPU profile of a command (after --) or of a running server (--url): .cpuprofile, HTML flame graph, hotspot table')
    .argument('[command...]', 'the command to profile, after --: greenline ingest FILE …, node script.js, script.js')
    .option('--out <dir>', 'where the profile and its reports go', 'profiles')
    .option('--url [url]', 'profile the running server at this URL (default GREENLINE_URL); it needs GREENLINE_PROFILING=on')
    .option('--seconds <n>', 'how long to profile the server', positive('--seconds', false), 10)
    .option('--key <key>', 'API key with scope admin for --url (default GREENLINE_API_KEY)')
    .option('--top <n>', 'rows of the hotspot table', positive('--top', true), 20)
    .option('--interval-us <n>', 'sampling interval in microseconds (default 1000)', positive('--interval-us', true))
    .action(async (command: string[], flags: CpuFlags) => {
      process.exitCode = await profileCpu(command, flags);
    });

  profile
    .command('diff')
    .description('what got slower and faster from profile A to profile B, by function self time')
    .argument('<a>', 'the before .cpuprofile')
    .argument('<b>', 'the after .cpuprofile')
    .option('--top <n>', 'rows in each table', positive('--top', true), 15)
    .option('--min-ms <ms>', 'leave out functions that moved less than this', positive('--min-ms', false), 2)
    .action(async (a: string, b: string, flags: { top: number; minMs: number }) => {
      const root = process.cwd();
      const read = async (file: string) => {
        try {
          return summarizeCpuProfile(parseCpuProfile(await readFile(file, 'utf8')), root);
        } catch (err) {
          throw new Error(`${file}: ${(err as Error).message}`);
        }
      };
      const [sa, sb] = await Promise.all([read(a), read(b)]);
      process.stdout.write(formatDiff(diffProfiles(sa!, sb!, flags.minMs * 1000), { a, b }, flags.top));
    });
}
