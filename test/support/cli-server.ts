/**
 * A `greenline serve` child process for the CLI suites: a real process on a free port, up when
 * /healthz answers.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { freePort } from './free-port.ts';

export const BIN = resolve(import.meta.dirname, '../../bin/greenline.js');

export interface Server {
  proc: ChildProcess;
  url: string;
  output: () => string;
  readyMs: number;
}

export async function startServer(env: Record<string, string>, args: string[] = []): Promise<Server> {
  const port = await freePort();
  const started = Date.now();
  const proc = spawn(process.execPath, [BIN, 'serve', '--port', String(port), ...args], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server exited with ${proc.exitCode}: ${out}`);
    if (Date.now() - started > 30_000) throw new Error(`server not up in 30 s: ${out}`);
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { proc, url, output: () => out, readyMs: Date.now() - started };
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function stop(server: Server): Promise<number | null> {
  if (server.proc.exitCode !== null) return server.proc.exitCode;
  const exited = new Promise<number | null>((ok) => server.proc.once('exit', (code) => ok(code)));
  server.proc.kill('SIGTERM');
  return exited;
}

/** A fresh embedded-database directory for the suite, removed after it; `env()` points the CLI at it. */
export function useDataDir(): { env: () => { GREENLINE_DATA_DIR: string } } {
  let dataDir = '';
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'greenline-cli-'));
  });
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });
  return { env: () => ({ GREENLINE_DATA_DIR: dataDir }) };
}
