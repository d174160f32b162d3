/**
 * The embedded database (PGlite) serves one process. While `greenline serve` holds it, the server
 * publishes its address and a secret in the data directory (mode 0600), and the commands that need
 * the database run through the server's local admin API instead of being refused.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { request } from 'undici';
import type { Config } from '../config.ts';
import { openRuntime, type Runtime } from '../runtime.ts';
import { DataDirInUse, isAlive } from '../store/data-dir-lock.ts';

const SERVER_FILE = 'greenline.server.json';

export interface ServerAddress {
  pid: number;
  /** Origin of the server's HTTP listener, reachable from this machine. */
  url: string;
  token: string;
}

/** A new secret for the admin API, valid for this server process only. */
export function adminToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Writes where commands can reach this server (after it listens); returns what removes it again. */
export function publishServer(dataDir: string, token: string, host: string, port: number): () => void {
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '[::1]' : host.includes(':') ? `[${host}]` : host;
  const address: ServerAddress = { pid: process.pid, url: `http://${reachable}:${port}`, token };
  const file = join(dataDir, SERVER_FILE);
  writeFileSync(file, JSON.stringify(address), { mode: 0o600 });
  return () => rmSync(file, { force: true });
}

/** The server that published itself in `dataDir`, if that process is still alive. */
export function findServer(dataDir: string): ServerAddress | null {
  try {
    const address = JSON.parse(readFileSync(join(dataDir, SERVER_FILE), 'utf8')) as ServerAddress;
    return Number.isInteger(address.pid) && isAlive(address.pid) ? address : null;
  } catch {
    return null;
  }
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * How a command reaches a server's profile route (`profiles/cpu`, `profiles/heap`): with an
 * admin-scope key through /v1, else with the local admin token when `url` is the server holding
 * the embedded database in `dataDir` on this machine (docs/profiling.md, credentials).
 */
export function profilingCredential(route: string, url: URL, key: string | null, dataDir: string): { path: string; token: string } {
  if (key) return { path: `/v1/${route}`, token: key };
  const local = findServer(dataDir);
  if (local && LOOPBACK_HOSTS.has(url.hostname) && new URL(local.url).port === url.port) return { path: `/admin/${route}`, token: local.token };
  throw new Error(
    `give an API key with scope admin (--key or GREENLINE_API_KEY) to profile ${url.origin}; without one only the server holding the embedded database in ${dataDir} on this machine can be profiled`,
  );
}

export interface CallOptions {
  json?: unknown;
  body?: Readable;
  contentType?: string;
  query?: Record<string, string | string[] | undefined>;
}

/** A request to the running server's admin API; a problem answer becomes an Error with its message and fields. */
export class ServerLink {
  constructor(readonly address: ServerAddress) {}

  async call<T>(method: 'GET' | 'POST', path: string, options: CallOptions = {}): Promise<{ status: number; body: T }> {
    const url = new URL(`/admin${path}`, this.address.url);
    for (const [name, value] of Object.entries(options.query ?? {})) {
      for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) url.searchParams.append(name, v);
    }
    const headers: Record<string, string> = { authorization: `Bearer ${this.address.token}` };
    let body: string | Readable | undefined;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.body) {
      headers['content-type'] = options.contentType ?? 'application/octet-stream';
      body = options.body;
    }
    const res = await request(url, { method, headers, body, headersTimeout: 0, bodyTimeout: 0 }).catch((err: Error) => {
      throw new Error(`the server (process ${this.address.pid}) holds the embedded database but does not answer at ${this.address.url}: ${err.message}`);
    });
    const text = await res.body.text();
    const parsed = text ? (JSON.parse(text) as unknown) : null;
    if (res.statusCode >= 400) throw new ServerProblem(res.statusCode, parsed);
    return { status: res.statusCode, body: parsed as T };
  }
}

/** An error answer from the server, worded like the same error would be without it. */
export class ServerProblem extends Error {
  readonly code: string | undefined;
  constructor(
    readonly status: number,
    problem: unknown,
  ) {
    const p = (problem ?? {}) as { code?: string; detail?: string; title?: string; errors?: Array<{ field: string; message: string }> };
    const fields = p.errors && p.errors.length > 1 ? `\n${p.errors.map((e) => `  - ${e.field}: ${e.message}`).join('\n')}` : '';
    super(`${p.detail ?? p.title ?? `the server answered ${status}`}${fields}`);
    this.code = p.code;
  }
}

export interface DatabaseUse<T> {
  /** The command's own work on the database it opened. */
  local(rt: Runtime): Promise<T>;
  /** The same work asked of the server that holds the embedded database. */
  server(link: ServerLink): Promise<T>;
}

/**
 * Runs a command on the configured database, or through the server when it holds the embedded
 * one. The database opened here is closed again before this returns.
 */
export async function withDatabase<T>(config: Config, use: DatabaseUse<T>): Promise<T> {
  let rt: Runtime;
  try {
    rt = await openRuntime(config);
  } catch (err) {
    if (!(err instanceof DataDirInUse)) throw err;
    const server = findServer(err.dir);
    if (!server || server.pid !== err.owner) {
      throw new Error(`the embedded database in ${err.dir} is in use by process ${err.owner}, which is not a running greenline server; wait for it to finish`);
    }
    if (process.stderr.isTTY) process.stderr.write(`(through the running server, process ${server.pid})\n`);
    return use.server(new ServerLink(server));
  }
  try {
    return await use.local(rt);
  } finally {
    await rt.driver.close();
  }
}
