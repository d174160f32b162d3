/**
 * Taking the snapshots of a run, into one directory as heap-1.heapsnapshot, heap-2…:
 * - of a command: heap-preload.cjs goes in through NODE_OPTIONS=--require, so it reaches node
 *   started by a shell script or `greenline`, and the command's own timer takes each snapshot in
 *   its own process (v8.writeHeapSnapshot) — no debugger port, no signal to aim at the right pid
 *   through wrappers; the command is ended (SIGTERM) once the last snapshot is written;
 * - of a running server: one POST /v1/profiles/heap per snapshot (src/http/routes/profiling-heap.ts).
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { appendFile, mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';

export const PRELOAD = fileURLToPath(new URL('./heap-preload.cjs', import.meta.url));

export interface CapturePlan {
  dir: string;
  snapshots: number;
  intervalMs: number;
  /** When the first snapshot is due, from the start (ms): after a warm-up, so loading is not taken for growth. */
  startAfterMs: number;
}

export interface CapturedSnapshot {
  path: string;
  /** ms from the start of the run. */
  takenAtMs: number;
  /** How long taking it stopped the program (ms), when known. */
  pauseMs: number | null;
  /** Taken as the command exited on its own, before the planned ones were all taken. */
  atExit: boolean;
}

export interface CommandCapture {
  snapshots: CapturedSnapshot[];
  /** The command's exit code; null when it was ended by a signal (ours after the last snapshot, or another). */
  exitCode: number | null;
  /** We ended it after the last snapshot. */
  stopped: boolean;
}

/** Removes what an earlier run left in `dir` (only files named as this module names them). */
async function clearRun(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const f of await readdir(dir)) {
    if (/^heap-\d+\.heapsnapshot(\.part)?$/.test(f) || f === 'snapshots.ndjson') await rm(join(dir, f), { force: true });
  }
}

export async function announced(dir: string): Promise<CapturedSnapshot[]> {
  const text = await readFile(join(dir, 'snapshots.ndjson'), 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const s = JSON.parse(line) as { file: string; takenAtMs: number; pauseMs?: number; atExit: boolean };
      return { path: join(dir, s.file), takenAtMs: s.takenAtMs, pauseMs: s.pauseMs ?? null, atExit: s.atExit };
    });
}

/** NODE_OPTIONS with the preload added; what was there before is kept. */
export function preloadNodeOptions(existing: string | undefined): string {
  return [existing?.trim(), `--require "${PRELOAD.replace(/(["\\])/g, '\\$1')}"`].filter(Boolean).join(' ');
}

/** Runs `command` (its output passes through), snapshotting its first node process on the plan. */
export async function captureCommand(command: string[], plan: CapturePlan, signal?: AbortSignal): Promise<CommandCapture> {
  await clearRun(plan.dir);
  const startedAt = Date.now();
  const env = {
    ...process.env,
    NODE_OPTIONS: preloadNodeOptions(process.env.NODE_OPTIONS),
    GREENLINE_HEAP_NODE_OPTIONS: process.env.NODE_OPTIONS ?? '',
    GREENLINE_HEAP_DIR: plan.dir,
    GREENLINE_HEAP_SNAPSHOTS: String(plan.snapshots),
    GREENLINE_HEAP_INTERVAL_MS: String(plan.intervalMs),
    GREENLINE_HEAP_START_AFTER_MS: String(plan.startAfterMs),
    GREENLINE_HEAP_STARTED_AT: String(startedAt),
  };
  const child = spawn(command[0]!, command.slice(1), { stdio: 'inherit', env });
  let stopped = false;
  const stop = () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
  };
  signal?.addEventListener('abort', stop, { once: true });
  const poll = setInterval(async () => {
    if (stopped) return;
    if ((await announced(plan.dir)).length >= plan.snapshots) {
      stopped = true;
      stop();
    }
  }, 100);
  try {
    const exitCode = await new Promise<number | null>((resolve, reject) => {
      child.once('error', (err) => reject(new Error(`cannot run ${command[0]}: ${err.message}`)));
      child.once('exit', (code) => resolve(code));
    });
    return { snapshots: await announced(plan.dir), exitCode, stopped };
  } finally {
    clearInterval(poll);
    signal?.removeEventListener('abort', stop);
  }
}

export interface ServerCredential {
  /** /v1/profiles/heap with an admin-scope API key, or /admin/profiles/heap with the local admin token. */
  path: string;
  token: string;
}

/** An error answer from the server; `problem` is its problem+json body when it sent one. */
export class HeapServerError extends Error {
  constructor(
    readonly status: number,
    readonly problem: { code?: string; detail?: string } | null,
  ) {
    super(problem?.detail ?? `the server answered ${status}`);
  }
}

/** Snapshots of the server at `base`: the first after `startAfterMs`, then one every interval; `onSnapshot` hears of each. */
export async function captureServer(
  base: string,
  credential: ServerCredential,
  plan: CapturePlan,
  options: { signal?: AbortSignal; onSnapshot?: (s: CapturedSnapshot, k: number) => void } = {},
): Promise<CapturedSnapshot[]> {
  const { signal } = options;
  await clearRun(plan.dir);
  const startedAt = Date.now();
  const taken: CapturedSnapshot[] = [];
  for (let k = 1; k <= plan.snapshots && !signal?.aborted; k++) {
    const wait = startedAt + plan.startAfterMs + (k - 1) * plan.intervalMs - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    if (signal?.aborted) break;
    const takenAtMs = Date.now() - startedAt;
    const res = await request(new URL(credential.path, base), {
      method: 'POST',
      headers: { authorization: `Bearer ${credential.token}` },
      headersTimeout: 0,
      bodyTimeout: 0,
    }).catch((err: Error) => {
      throw new Error(`cannot reach the server at ${base}: ${err.message}`);
    });
    if (res.statusCode >= 400) {
      const text = await res.body.text();
      let problem: { code?: string; detail?: string } | null = null;
      try {
        problem = JSON.parse(text) as { code?: string; detail?: string };
      } catch {}
      throw new HeapServerError(res.statusCode, problem);
    }
    const path = join(plan.dir, `heap-${k}.heapsnapshot`);
    const pause = Number(res.headers['x-heap-snapshot-ms']);
    await pipeline(res.body, createWriteStream(path));
    const snapshot = { path, takenAtMs, pauseMs: Number.isFinite(pause) ? pause : null, atExit: false };
    taken.push(snapshot);
    // Listed as the command's preload lists its own, so `--analyze` reads both alike.
    await appendFile(join(plan.dir, 'snapshots.ndjson'), `${JSON.stringify({ file: basename(path), takenAtMs, pauseMs: snapshot.pauseMs, atExit: false })}\n`);
    options.onSnapshot?.(snapshot, k);
  }
  return taken;
}
