/**
 * `greenline dashboard`: the live dashboard of a running server (docs/observability.md#live-dashboard).
 *
 *   greenline dashboard                     where the page is, and the server's score now
 *   greenline dashboard --terminal          the same view in this terminal, redrawn every --interval ms
 *   greenline dashboard --terminal --once   one view, then exit
 *   greenline dashboard --export FILE       one snapshot as JSON into FILE
 *
 * Reads GET /dashboard/snapshot of --url (GREENLINE_URL, default http://127.0.0.1:$PORT).
 */
import { writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../config.ts';
import type { Snapshot } from '../dashboard/snapshot.ts';
import { renderTerminal } from '../dashboard/terminal.ts';
import { camelCaseKeys } from '../http/snake-case.ts';

export interface DashboardOptions {
  url?: string;
  terminal?: boolean;
  /** ms, as typed. */
  interval?: string;
  export?: string;
  once?: boolean;
}

export interface Output {
  write(text: string): void;
  /** A terminal: redraw in place, and colour unless NO_COLOR is set. */
  isTTY: boolean;
}

const stdout: Output = { write: (text) => process.stdout.write(text), isTTY: process.stdout.isTTY === true };

/** The snapshot as the server answers it (snake_case field names). */
async function fetchSnapshotJson(baseUrl: string): Promise<Record<string, unknown>> {
  const url = `${baseUrl.replace(/\/+$/, '')}/dashboard/snapshot`;
  const res = await fetch(url, { signal: AbortSignal.timeout(10_000) }).catch((err: Error) => {
    throw new Error(`cannot reach Greenline at ${url} (${err.cause ?? err.message}); start it or pass --url`);
  });
  if (!res.ok) throw new Error(`GET ${url} answered ${res.status}; is this a Greenline with metrics enabled (GREENLINE_METRICS not 0)?`);
  return (await res.json()) as Record<string, unknown>;
}

export async function fetchSnapshot(baseUrl: string): Promise<Snapshot> {
  return camelCaseKeys(await fetchSnapshotJson(baseUrl)) as unknown as Snapshot;
}

function intervalMs(text: string | undefined): number {
  const n = Number(text ?? 2000);
  if (!Number.isInteger(n) || n < 100) throw new Error(`--interval: must be a whole number of milliseconds, at least 100, got "${text}"`);
  return n;
}

/** Resolves after `--once` or `--export`; otherwise redraws until the process is stopped (or `signal` aborts). */
export async function runDashboard(options: DashboardOptions, out: Output = stdout, signal?: AbortSignal): Promise<void> {
  // The configuration is read only when needed: --url alone does not depend on the environment.
  const url = (options.url ?? loadConfig().serverUrl).replace(/\/+$/, '');
  const period = intervalMs(options.interval);

  if (options.export) {
    const snapshot = await fetchSnapshotJson(url);
    await writeFile(options.export, `${JSON.stringify(snapshot, null, 2)}\n`);
    out.write(`${options.export}: snapshot of ${url} at ${String(snapshot.time)}\n`);
    return;
  }

  const color = out.isTTY && !process.env.NO_COLOR;
  if (!options.terminal) {
    const s = await fetchSnapshot(url);
    const score = s.slo.score === null ? 'no data' : `${Math.round(s.slo.score)}/100`;
    out.write(`Live dashboard: ${url}/dashboard   (performance score ${score}; --terminal to watch here, --export FILE for a JSON snapshot)\n`);
    return;
  }
  if (options.once) {
    out.write(`${renderTerminal(await fetchSnapshot(url), { color, source: url })}\n`);
    return;
  }

  while (!signal?.aborted) {
    let frame: string;
    try {
      frame = renderTerminal(await fetchSnapshot(url), { color, source: url });
    } catch (err) {
      // The server may be restarting: say so and keep trying.
      frame = `${(err as Error).message}\nretrying every ${period} ms…`;
    }
    // Home and clear screen on a terminal; elsewhere (a pipe, a log) frames follow each other.
    out.write(out.isTTY ? `\x1b[H\x1b[2J${frame}\n` : `${frame}\n\n`);
    await sleep(period, undefined, { signal }).catch(() => {});
  }
}
