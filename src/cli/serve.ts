/** `greenline serve`: the API server, with graceful shutdown on SIGTERM/SIGINT. */

import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRedisClient } from '../cache/index.ts';
import type { Config } from '../config.ts';
import { buildApp } from '../http/app.ts';
import { BatchRunner } from '../ingest/batch-runner.ts';
import { openRuntime } from '../runtime.ts';
import { DEFAULT_SETTINGS } from '../domain/scope3/types.ts';
import { redact } from '../store/postgres-driver.ts';
import { bootstrapKey } from '../store/tenants.ts';
import { adminToken, publishServer } from './server-link.ts';

/** pino's options: readable lines on a terminal (pino-pretty, in pino's transport thread), JSON otherwise. */
export function loggerOptions(config: Pick<Config, 'logLevel' | 'logFormat'>, tty = Boolean(process.stdout.isTTY)): object {
  const pretty = config.logFormat === 'pretty' || (config.logFormat === 'auto' && tty);
  if (!pretty) return { level: config.logLevel };
  return { level: config.logLevel, transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname', singleLine: true } } };
}

/** The first start's API key, in a box that stands out from the log lines around it. */
export function keyBox(key: string): string {
  const lines = [
    'Created tenant "default" with API key:',
    '',
    `  ${key}`,
    '',
    'Keep it: it is shown only once (only its hash is stored).',
    'Use it as "Authorization: Bearer <key>".',
  ];
  const width = Math.max(...lines.map((l) => l.length));
  const rule = `+${'-'.repeat(width + 2)}+`;
  return `\n${rule}\n${lines.map((l) => `| ${l.padEnd(width)} |`).join('\n')}\n${rule}\n\n`;
}

/** A graceful shutdown ends within this long, or the process exits with code 1. */
export const DRAIN_LIMIT_MS = 10_000;
/** How long answers in flight are waited for before the server stops listening (then close() waits for the rest). */
const DRAIN_WAIT_MS = 5_000;

export async function serve(config: Config): Promise<void> {
  const started = performance.now();
  const runtime = await openRuntime(config);
  const boot = await bootstrapKey(runtime.driver, config.bootstrapKey);
  const redisUrl = config.redisUrl && config.databaseUrl ? config.redisUrl : null;
  const runner = new BatchRunner(runtime.driver, {
    uploadDir: config.memory ? join(tmpdir(), 'greenline-uploads') : join(config.dataDir, 'uploads'),
    uploadLimitBytes: config.uploadLimitBytes,
    redisUrl,
    settings: DEFAULT_SETTINGS,
    fastPath: config.ingestFastPath,
    queue: config.ingestQueue,
    // A batch interrupted by shutdown, or run by another process, is news (info); a failure is an error.
    log: (message, err) => (err ? app.log.error({ err }, message) : app.log.info(message)),
  });
  // Redis (REDIS_URL) is the caches' second level and carries invalidations between instances.
  const redis = config.redisUrl ? createRedisClient(config.redisUrl) : null;
  // On the embedded database, `greenline` commands run through this server (src/cli/server-link.ts).
  const embedded = !config.databaseUrl && !config.memory;
  const admin = embedded ? { token: adminToken(), uploadDir: join(config.dataDir, 'uploads') } : undefined;
  const app = await buildApp({
    admin,
    driver: runtime.driver,
    config,
    cursorSecret: runtime.cursorSecret,
    logger: loggerOptions(config),
    runner,
    redis,
  });
  app.addHook('onClose', async () => {
    await redis?.quit().catch(() => {});
  });
  await app.listen({ port: config.port, host: config.host });
  const unpublish = admin ? publishServer(config.dataDir, admin.token, config.host, (app.server.address() as AddressInfo).port) : () => {};
  const where = config.databaseUrl ? redact(config.databaseUrl) : config.memory ? 'PGlite (in memory)' : `PGlite at ${config.dataDir}`;
  app.log.info({ database: where, migrationsApplied: runtime.migrationsApplied, startupMs: Math.round(performance.now() - started) }, 'greenline ready');
  if (boot.created && config.bootstrapKey && config.bootstrapKey.length < 16) {
    app.log.warn('GREENLINE_BOOTSTRAP_KEY is shorter than 16 characters: fine for a demo, guessable in production (greenline keys create makes strong ones)');
  }
  if (boot.created && !config.bootstrapKey) {
    // Printed once, on the first start only: the key is not stored anywhere in clear.
    if (boot.key) process.stdout.write(keyBox(boot.key));
  }

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    const force = setTimeout(() => {
      app.log.error(`shutdown took longer than ${DRAIN_LIMIT_MS / 1000} s; exiting`);
      process.exit(1);
    }, DRAIN_LIMIT_MS);
    force.unref();
    try {
      unpublish();
      // New requests answered 503 until those in flight are answered, then stop listening (src/http/plugins/draining.ts).
      await app.drain(DRAIN_WAIT_MS);
      await app.close();
      await runtime.driver.close();
      process.exit(0);
    } catch (err) {
      app.log.error({ err }, 'error during shutdown');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}
