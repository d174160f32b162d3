/**
 * Recording CPU profiles: a command run with the profiling preload in NODE_OPTIONS (so it reaches
 * node started by npx or a shell script, and each worker thread writes its own profile), and
 * the reports written beside each profile: the HTML flame graph and the hotspot table.
 */
import { spawn } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { hotspotTable, type ProfileSummary, parseCpuProfile, summarizeCpuProfile } from './cpu-profile.ts';
import { flamegraphHtml, loadSpeedscope } from './flamegraph-html.ts';

export interface CommandRun {
  /** The command's exit code (1 when a signal ended it). */
  exitCode: number;
  /** The `.cpuprofile` files it wrote, one per process and thread. */
  profiles: string[];
}

const PRELOAD = fileURLToPath(new URL('./cpu-preload.mjs', import.meta.url));

/** NODE_OPTIONS that load the profiling preload (cpu-preload.mjs); what was there before is kept. */
export function profilingNodeOptions(existing: string | undefined): string {
  const url = pathToFileURL(PRELOAD).href;
  return [existing?.trim(), `--import="${url.replace(/(["\\])/g, '\\$1')}"`].filter(Boolean).join(' ');
}

/** Runs `command` (its output passes through) with every node process and thread in it profiled into `dir`. */
export async function runProfiled(command: string[], dir: string, intervalUs?: number): Promise<CommandRun> {
  await mkdir(dir, { recursive: true });
  const before = new Set(await readdir(dir));
  const env = {
    ...process.env,
    NODE_OPTIONS: profilingNodeOptions(process.env.NODE_OPTIONS),
    GREENLINE_CPU_PROFILE_DIR: dir,
    GREENLINE_CPU_PROFILE_INTERVAL_US: intervalUs ? String(intervalUs) : '',
  };
  // Ctrl-C reaches the command from the terminal: this process waits for it to write its profile;
  // a SIGTERM sent to this process is passed on.
  const ignore = () => {};
  let forward = ignore;
  const onTerm = () => forward();
  process.on('SIGINT', ignore);
  process.on('SIGTERM', onTerm);
  const exitCode = await new Promise<number>((resolve, reject) => {
    const child = spawn(command[0]!, command.slice(1), { stdio: 'inherit', env });
    forward = () => child.kill('SIGTERM');
    child.once('error', (err) => reject(new Error(`cannot run ${command[0]}: ${err.message}`)));
    child.once('exit', (code) => resolve(code ?? 1));
  }).finally(() => {
    process.off('SIGINT', ignore);
    process.off('SIGTERM', onTerm);
  });
  const profiles = (await readdir(dir)).filter((f) => f.endsWith('.cpuprofile') && !before.has(f)).map((f) => join(dir, f));
  return { exitCode, profiles };
}

export interface ProfileReport {
  profile: string;
  html: string;
  hotspots: string;
  summary: ProfileSummary;
  table: string;
}

/** Writes `X.html` and `X.hotspots.txt` beside `X.cpuprofile`; file paths shown relative to `root`. */
export async function reportProfile(profilePath: string, root: string, top: number): Promise<ProfileReport> {
  const text = await readFile(profilePath, 'utf8');
  const summary = summarizeCpuProfile(parseCpuProfile(text), root);
  const table = hotspotTable(summary, top);
  const base = profilePath.replace(/\.cpuprofile$/, '');
  const html = `${base}.html`;
  const hotspots = `${base}.hotspots.txt`;
  await writeFile(html, flamegraphHtml(text, basename(profilePath), loadSpeedscope()));
  await writeFile(hotspots, table);
  return { profile: profilePath, html, hotspots, summary, table };
}
