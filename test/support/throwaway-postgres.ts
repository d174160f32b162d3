/**
 * A PostgreSQL cluster of the test's own (initdb into a temporary directory, on a free port), for
 * fault tests that freeze, stop or restart the server: never the shared one on 5432. `freeze()`
 * stops the postmaster and then each of its children (SIGSTOP; backends are their own process
 * groups, so a group signal would miss them), the way a hung host looks to clients. As root, it
 * runs as the `postgres` user (initdb refuses root). Only the postmaster it started and that
 * postmaster's children are ever signalled.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { chown, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './free-port.ts';

const run = promisify(execFile);

/** The newest server binaries Debian installed (/usr/lib/postgresql/<major>/bin). */
async function binDir(): Promise<string> {
  const majors = (await readdir('/usr/lib/postgresql')).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
  if (majors.length === 0) throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql');
  return `/usr/lib/postgresql/${majors[0]}/bin`;
}

/** uid and gid of `postgres` when this process is root (initdb and postgres refuse to run as root). */
async function serverUser(): Promise<{ uid: number; gid: number } | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const line = (await readFile('/etc/passwd', 'utf8')).split('\n').find((l) => l.startsWith('postgres:'));
  if (!line) throw new Error('running as root, and there is no postgres user to run a throwaway PostgreSQL as');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/** Pids whose parent is `parent`, from /proc/<pid>/stat (field 4, after the parenthesised name). */
async function childrenOf(parent: number): Promise<number[]> {
  const children: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid === parent) children.push(Number(entry));
  }
  return children;
}

export class ThrowawayPostgres {
  #server: ChildProcess | null = null;
  #frozen = false;

  private constructor(
    readonly port: number,
    private readonly dir: string,
    private readonly bin: string,
    private readonly user: { uid: number; gid: number } | undefined,
  ) {}

  static async start(): Promise<ThrowawayPostgres> {
    const user = await serverUser();
    const dir = await mkdtemp(join(tmpdir(), 'greenline-pg-'));
    if (user) await chown(dir, user.uid, user.gid);
    const cluster = new ThrowawayPostgres(await freePort(), dir, await binDir(), user);
    await run(join(cluster.bin, 'initdb'), ['-D', cluster.dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'], {
      ...(user ?? {}),
    });
    await cluster.startServer();
    return cluster;
  }

  get dataDir(): string {
    return join(this.dir, 'data');
  }

  /** A URL for `database` (default `postgres`). */
  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  /** Starts the server (again, after `stop`) and waits until it accepts queries. */
  async startServer(): Promise<void> {
    const server = spawn(
      join(this.bin, 'postgres'),
      [
        '-D',
        this.dataDir,
        '-p',
        String(this.port),
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        `unix_socket_directories=${this.dir}`,
        '-c',
        'fsync=off',
        '-c',
        'full_page_writes=off',
        '-c',
        'synchronous_commit=off',
        '-c',
        'max_connections=60',
        '-c',
        'shared_buffers=16MB',
      ],
      { detached: true, stdio: 'ignore', ...(this.user ?? {}) },
    );
    this.#server = server;
    await this.#waitUntil(async () => this.#accepts(), 15_000, 'the throwaway PostgreSQL to accept connections');
  }

  /** SIGSTOP to the whole cluster: the server keeps its sockets open and answers nothing. */
  async freeze(): Promise<void> {
    // The postmaster first, so it forks no new backend while its children are being stopped.
    await this.#signalCluster('SIGSTOP');
    this.#frozen = true;
  }

  async thaw(): Promise<void> {
    await this.#signalCluster('SIGCONT');
    this.#frozen = false;
  }

  /** A fast shutdown (SIGINT): open sessions get 57P01, then the server exits. */
  async stop(): Promise<void> {
    const server = this.#server;
    if (server === null || server.exitCode !== null || server.signalCode !== null) return;
    if (this.#frozen) await this.thaw();
    const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
    server.kill('SIGINT');
    const timer = setTimeout(() => void this.#signalCluster('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
    this.#server = null;
  }

  /** Stop and start again on the same port and data: what clients see of a restart. */
  async restart(): Promise<void> {
    await this.stop();
    await this.startServer();
  }

  async destroy(): Promise<void> {
    await this.stop().catch(() => this.#signalCluster('SIGKILL'));
    await rm(this.dir, { recursive: true, force: true });
  }

  /** Signals the postmaster, then each of its children (read from /proc): nothing else. */
  async #signalCluster(signal: NodeJS.Signals): Promise<void> {
    const postmaster = this.#server?.pid;
    if (postmaster === undefined) return;
    const send = (pid: number) => {
      try {
        process.kill(pid, signal);
      } catch {
        // already gone
      }
    };
    send(postmaster);
    for (const pid of await childrenOf(postmaster)) send(pid);
  }

  async #accepts(): Promise<boolean> {
    const client = new pg.Client({ connectionString: this.url(), connectionTimeoutMillis: 1_000 });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.query('SELECT 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => {});
    }
  }

  async #waitUntil(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (this.#server?.exitCode !== null && this.#server?.exitCode !== undefined) throw new Error(`${what}: the server exited with ${this.#server.exitCode}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
