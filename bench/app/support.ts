/** Shared by the application benchmarks: deterministic inputs, timed requests, a bare baseline. */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import type { PoolConfig } from '../../src/config.ts';
import { parseEpaSupplyChain } from '../../src/domain/factors/importers/epa-supply-chain.ts';
import type { FactorDataset } from '../../src/domain/factors/types.ts';
import { buildApp } from '../../src/http/app.ts';
import { quantileSorted, sortedCopy } from '../../src/perf/bench/stats.ts';
import type { AppBenchmark } from '../../src/perf/bench/suite.ts';
import { prepareDatabase } from '../../src/runtime.ts';
import type { SqlDriver } from '../../src/store/driver.ts';
import { openPostgres } from '../../src/store/postgres-driver.ts';
import { createTestDatabase, type TestDatabase, testPoolConfig } from '../../test/support/databases.ts';

const DATA_DIR = process.env.GREENLINE_TEST_DATA ?? resolve(import.meta.dirname, '../../../shared/data');

/** A scratch PostgreSQL database for one suite: created, migrated, built-in factors loaded. */
export async function scratchPostgres(prefix: string, pool: Partial<PoolConfig> = {}): Promise<{ db: TestDatabase; driver: SqlDriver; cursorSecret: string }> {
  const db = await createTestDatabase(prefix);
  const driver = await openPostgres(db.url, { ...testPoolConfig, ...pool });
  const { cursorSecret } = await prepareDatabase(driver, { cursorSecret: null });
  return { db, driver, cursorSecret };
}

/** `times` runs of `fn`, each timed in milliseconds (awaited when it returns a promise). */
export async function timedRuns(fn: () => unknown, times: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    await fn();
    samples.push(performance.now() - started);
  }
  return samples;
}

/** Deterministic pseudo-random numbers (LCG), so every run sends the same inputs. */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

/** One of the EPA supply-chain CSVs from the reference data, parsed. */
export async function loadEpaDataset(file: string): Promise<FactorDataset> {
  const text = await readFile(join(DATA_DIR, 'epa-supply-chain', file), 'utf8').catch(() => {
    throw new Error(`benchmark data missing: ${file} in ${DATA_DIR} (set GREENLINE_TEST_DATA)`);
  });
  return parseEpaSupplyChain(text, file, createHash('sha256').update(text).digest('hex'));
}

/** `count` sequential POSTs of `body`, each timed until the whole response is read. */
export async function timedPosts(url: string, key: string, body: string, count: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const res = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body });
    const text = await res.text();
    samples.push(performance.now() - started);
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${text.slice(0, 300)}`);
  }
  return samples;
}

/**
 * The baseline server: bare Fastify taking the same request body and answering with `response`
 * (a real answer of the measured route), so it moves the same bytes and does no work.
 */
export async function startBareServer(response: string): Promise<{ app: FastifyInstance; url: string }> {
  const app = Fastify({ bodyLimit: 64 * 1024 * 1024 });
  app.post('/bare', async (_request, reply) => reply.type('application/json').send(response));
  return { app, url: `${await app.listen({ port: 0, host: '127.0.0.1' })}/bare` };
}

/** What an API benchmark sets up: a scratch database, the app, the bare baseline, one request body. */
export interface ApiBenchContext {
  db: TestDatabase;
  driver: SqlDriver;
  app: FastifyInstance;
  bare: FastifyInstance;
  appUrl: string;
  bareUrl: string;
  key: string;
  body: string;
}

export async function closeApiBench(ctx: ApiBenchContext): Promise<void> {
  await ctx.app.close();
  await ctx.bare.close();
  await ctx.driver.close();
  await ctx.db.drop();
}

/**
 * Starts the app on a prepared database, sends `body` once to `path` (which also gives the
 * baseline its same-size response; `check` may refuse that answer), and starts the baseline.
 */
export async function startApiBench(args: {
  db: TestDatabase;
  driver: SqlDriver;
  cursorSecret: string;
  key: string;
  path: string;
  body: string;
  check?: (response: string) => void;
}): Promise<ApiBenchContext> {
  const { db, driver, key, body } = args;
  const app = await buildApp({ driver, config: { bodyLimitBytes: 64 * 1024 * 1024, logLevel: 'silent' }, cursorSecret: args.cursorSecret });
  const appUrl = `${await app.listen({ port: 0, host: '127.0.0.1' })}${args.path}`;
  const probe = await fetch(appUrl, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body });
  const sameSize = await probe.text();
  if (probe.status !== 200) throw new Error(`${args.path} answered ${probe.status}: ${sameSize.slice(0, 300)}`);
  args.check?.(sameSize);
  const { app: bare, url: bareUrl } = await startBareServer(sameSize);
  return { db, driver, app, bare, appUrl, bareUrl, key, body };
}

/** The measured route against the bare baseline, `requests` timed POSTs per round. */
export function apiBenchmark(name: string, requests: number): AppBenchmark<ApiBenchContext> {
  return {
    name,
    rounds: 2,
    warmupRounds: 1,
    run: (ctx) => timedPosts(ctx.appUrl, ctx.key, ctx.body, requests),
    baseline: (ctx) => timedPosts(ctx.bareUrl, ctx.key, ctx.body, requests),
  };
}

/** `count` sequential GETs of `url`, each timed until the whole response is read. */
export async function timedGets(url: string, key: string, count: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const res = await fetch(url, { headers: { authorization: `Bearer ${key}` } });
    const text = await res.text();
    samples.push(performance.now() - started);
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${text.slice(0, 300)}`);
  }
  return samples;
}

/** The GET baseline: bare Fastify answering `response` (a real answer of the measured route) at /bare. */
export async function startBareGetServer(response: string): Promise<{ app: FastifyInstance; url: string }> {
  const app = Fastify();
  app.get('/bare', async (_request, reply) => reply.type('application/json; charset=utf-8').send(response));
  return { app, url: `${await app.listen({ port: 0, host: '127.0.0.1' })}/bare` };
}

/** The p-th percentile (0–100) of samples, as the bench runner computes quantiles (linear interpolation). */
export function percentile(values: readonly number[], p: number): number {
  return quantileSorted(sortedCopy(values), p / 100);
}
