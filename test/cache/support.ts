/**
 * Real Redis for the cache tests: the shared server on 127.0.0.1:6379 (TEST_REDIS_URL), and
 * throwaway servers on free ports for tests that stop Redis. Every test uses its own key prefix
 * and deletes only its own keys, so suites can share the server.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Redis, RedisOptions } from 'ioredis';
import { createRedisClient } from '../../src/cache/index.ts';
import { freePort } from '../support/free-port.ts';
export { freePort };

const run = promisify(execFile);

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Reconnects fast, so tests that restart Redis do not wait for the production back-off. */
const TEST_REDIS_OPTIONS: RedisOptions = { retryStrategy: () => 20, connectTimeout: 500 };

export function uniquePrefix(): string {
  return `greenline-test:${randomBytes(6).toString('hex')}`;
}

export async function connectRedis(url = REDIS_URL): Promise<Redis> {
  const redis = createRedisClient(url, TEST_REDIS_OPTIONS);
  await waitUntil(() => redis.status === 'ready', 5_000, `Redis at ${url} ready`);
  return redis;
}

/** A client for an address where nothing listens: every command fails at once. */
export function unreachableRedis(port: number): Redis {
  return createRedisClient(`redis://127.0.0.1:${port}`, TEST_REDIS_OPTIONS);
}

export async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1_000);
    if (keys.length > 0) await redis.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
}

export async function waitUntil(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A redis-server of the test's own, to shut down and restart without touching the shared one. */
export class SpareRedisServer {
  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  static async start(): Promise<SpareRedisServer> {
    const server = new SpareRedisServer(await freePort(), await mkdtemp(join(tmpdir(), 'greenline-redis-')));
    await server.start();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const pidfile = join(this.dir, 'redis.pid');
    await run('redis-server', [
      '--port',
      String(this.port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--daemonize',
      'yes',
      '--dir',
      this.dir,
      '--pidfile',
      pidfile,
    ]);
    await waitUntil(() => this.ping(), 5_000, `redis-server on port ${this.port}`);
  }

  async shutdown(): Promise<void> {
    await run('redis-cli', ['-p', String(this.port), 'shutdown', 'nosave']).catch(() => undefined);
    await waitUntil(async () => !(await this.ping()), 5_000, `redis-server on port ${this.port} to stop`);
  }

  async destroy(): Promise<void> {
    await this.shutdown();
    await rm(this.dir, { recursive: true, force: true });
  }

  private async ping(): Promise<boolean> {
    try {
      return (await run('redis-cli', ['-p', String(this.port), 'ping'])).stdout.trim() === 'PONG';
    } catch {
      return false;
    }
  }
}

/** A clock the test moves by hand, for TTL and grace without waiting. */
export class ManualClock {
  now = 1_700_000_000_000;
  readonly read = (): number => this.now;

  advance(ms: number): void {
    this.now += ms;
  }
}
