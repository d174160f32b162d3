/**
 * Bulk ingest with real processes on PostgreSQL (and Redis): a `greenline ingest` killed with
 * SIGKILL mid-file resumes to exactly the rows and totals of a clean run; two `greenline worker`s
 * share one batch, one of them killed mid-batch, and end with the totals of a single process.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileSource } from '../../src/cli/ingest.ts';
import { bullConnection, ingestDistributed } from '../../src/ingest/distributed.ts';
import { ingest } from '../../src/ingest/pipeline.ts';
import { prepareDatabase } from '../../src/runtime.ts';
import { DEFAULT_SETTINGS } from '../../src/domain/scope3/types.ts';
import type { SqlDriver } from '../../src/store/driver.ts';
import { openPostgres } from '../../src/store/postgres-driver.ts';
import { ensureTenant } from '../../src/store/tenants.ts';
import { generated } from '../ingest/ingest-suite.ts';
import { BAD_ROW, oneBadRowFiles } from '../ingest/one-bad-row.ts';
import { createTestDatabase, type TestDatabase, testPoolConfig } from '../support/databases.ts';

const BIN = resolve(import.meta.dirname, '../../bin/greenline.js');
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('ingest with real processes (PostgreSQL, Redis)', () => {
  let database: TestDatabase;
  let db: SqlDriver;
  let dir: string;
  let file: string;
  const children: ChildProcess[] = [];
  const queue = `greenline-test-${process.pid}-${Date.now()}`;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    database = await createTestDatabase('greenline_procs');
    db = await openPostgres(database.url, { ...testPoolConfig, max: 4 });
    await prepareDatabase(db, { cursorSecret: null });
    dir = mkdtempSync(join(tmpdir(), 'greenline-procs-'));
    file = join(dir, 'purchases.csv');
    writeFileSync(file, generated('purchases', 60_000, 21));
    env = { ...process.env, DATABASE_URL: database.url, REDIS_URL: '', GREENLINE_INGEST_QUEUE: queue, LOG_LEVEL: 'silent' };
  });
  afterAll(async () => {
    for (const c of children) c.kill('SIGKILL');
    const q = new Queue(queue, { connection: bullConnection(REDIS_URL) });
    await q.obliterate({ force: true });
    await q.close();
    const redis = new Redis(REDIS_URL);
    const left = await redis.keys(`bull:${queue}:*`);
    if (left.length > 0) await redis.del(...left);
    redis.disconnect();
    await db?.close();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = (args: string[], extra: NodeJS.ProcessEnv = {}): ChildProcess => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...env, ...extra }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    return child;
  };
  const exited = (child: ChildProcess) => new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const totals = async (tenantId: string) =>
    (
      await db.query<{ n: number; kg: number; rows: number }>(
        'SELECT count(*)::int AS n, sum(kg_co2e)::float8 AS kg, count(DISTINCT row_number)::int AS rows FROM emissions WHERE tenant_id = $1',
        [tenantId],
      )
    ).rows[0]!;
  const chunks = async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM batch_chunks')).rows[0]!.n;

  it('greenline ingest stores all but the one bad row of 5,000, for each kind of bad row', async () => {
    for (const file of oneBadRowFiles(41)) {
      const path = join(dir, file.name);
      writeFileSync(path, file.bytes);
      const child = run(['ingest', path, '--type', 'purchases', '--tenant', `bad-${file.name.replace('.', '-')}`, '--json']);
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
      });
      expect(await exited(child), file.name).toBe(0);
      const summary = JSON.parse(out) as { batchId: string };
      expect(summary, file.name).toMatchObject({ rows: 5_000, rowsOk: 4_999, rowsFailed: 1 });
      const errors = await db.query<{ row_number: number; field: string; reason: string }>(
        'SELECT row_number, field, reason FROM batch_errors WHERE batch_id = $1',
        [summary.batchId],
      );
      expect(errors.rows, file.name).toMatchObject([{ row_number: BAD_ROW, field: file.field }]);
      expect(errors.rows[0]!.reason, file.name).toMatch(file.reason);
    }
  });

  it('resumes a killed greenline ingest to exactly the rows and totals of a clean run', async () => {
    const clean = await ingest(db, {
      tenantId: (await ensureTenant(db, 'clean')).id,
      type: 'purchases',
      format: 'csv',
      settings: DEFAULT_SETTINGS,
      source: await fileSource(file),
    });
    const before = await chunks();
    const child = run(['ingest', file, '--type', 'purchases', '--tenant', 'killed']);
    const gone = exited(child);
    while ((await chunks()) < before + 3) await sleep(10);
    child.kill('SIGKILL');
    expect(await gone).toBeNull();
    const tenant = (await ensureTenant(db, 'killed')).id;
    const partial = await totals(tenant);
    expect(partial.n).toBeGreaterThan(0);
    expect(partial.n).toBeLessThan(60_000);
    const second = run(['ingest', file, '--type', 'purchases', '--tenant', 'killed', '--json']);
    let out = '';
    second.stdout?.on('data', (d) => {
      out += d;
    });
    expect(await exited(second)).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ status: 'succeeded', resumedRows: partial.n, rows: 60_000, rowsOk: 60_000 });
    const after = await totals(tenant);
    expect(after.n).toBe(60_000);
    expect(after.rows).toBe(60_000);
    expect(after.kg).toBeCloseTo(clean.kgCo2e, 4);
  }, 120_000);

  it('shares one batch between two workers, survives one being killed, and gives the single-process totals', async () => {
    const single = await ingest(db, {
      tenantId: (await ensureTenant(db, 'single')).id,
      type: 'purchases',
      format: 'csv',
      settings: DEFAULT_SETTINGS,
      source: await fileSource(file),
    });
    const workerEnv = { REDIS_URL, GREENLINE_WORKER_LOCK_MS: '2000' };
    const a = run(['worker', '--concurrency', '1'], workerEnv);
    const b = run(['worker', '--concurrency', '1'], workerEnv);
    const ready = (c: ChildProcess) => new Promise<void>((r) => c.stdout?.on('data', (d) => String(d).includes('waiting') && r()));
    await Promise.all([ready(a), ready(b)]);
    const tenantId = (await ensureTenant(db, 'shared')).id;
    const before = await chunks();
    const job = ingestDistributed(db, {
      redisUrl: REDIS_URL,
      queue,
      tenantId,
      type: 'purchases',
      format: 'csv',
      settings: DEFAULT_SETTINGS,
      source: await fileSource(file),
      chunkRows: 2_000,
    });
    // Kill worker a while the batch is under way: its chunk in progress is retried by b.
    while ((await chunks()) < before + 4) await sleep(10);
    a.kill('SIGKILL');
    const done = await job;
    expect(done).toMatchObject({ status: 'succeeded', rows: 60_000, rowsOk: 60_000 });
    const t = await totals(tenantId);
    expect(t.n).toBe(60_000);
    expect(t.rows).toBe(60_000);
    expect(t.kg).toBeCloseTo(single.kgCo2e, 4);
    const workers = await db.query<{ worker: string }>('SELECT DISTINCT worker FROM batch_chunks WHERE batch_id = $1', [done.batchId]);
    expect(workers.rows.length).toBe(2);
  }, 120_000);
});
