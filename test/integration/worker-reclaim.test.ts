/**
 * A `greenline worker` killed with SIGKILL mid-chunk loses that chunk to the other worker within
 * the lock window (GREENLINE_WORKER_LOCK_MS; issue 21: it used to be held 41–71 s against a
 * documented 30 s), and the batch ends with exactly the rows and totals of a single process. Real
 * processes, real Redis (a queue of its own) and PostgreSQL (a database of its own).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/domain/scope3/types.ts';
import { bullConnection, type ChunkJob, ingestDistributed, workerTimings } from '../../src/ingest/distributed.ts';
import { ingest } from '../../src/ingest/pipeline.ts';
import { prepareDatabase } from '../../src/runtime.ts';
import type { SqlDriver } from '../../src/store/driver.ts';
import { openPostgres } from '../../src/store/postgres-driver.ts';
import { ensureTenant } from '../../src/store/tenants.ts';
import { generated, textSource } from '../ingest/ingest-suite.ts';
import { createTestDatabase, type TestDatabase, testPoolConfig } from '../support/databases.ts';

const BIN = resolve(import.meta.dirname, '../../bin/greenline.js');
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const LOCK_WINDOW_MS = 2_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('workerTimings', () => {
  it('puts a dead worker’s chunk back on the queue within ¾ of the lock window, while live workers renew far inside it', () => {
    for (const window of [1_000, 2_000, 30_000, 3_600_000]) {
      const t = workerTimings(window);
      // Lock gone at most lockDuration after the last renewal; the next-but-one stalled check moves it.
      expect(t.lockDuration + t.stalledInterval).toBeLessThanOrEqual(window * 0.75);
      expect(t.lockRenewTime * 3).toBeLessThanOrEqual(t.lockDuration);
    }
  });
});

describe('a worker killed mid-chunk (PostgreSQL, Redis, two worker processes)', () => {
  let database: TestDatabase;
  let db: SqlDriver;
  const queueName = `greenline-reclaim-${process.pid}-${Date.now()}`;
  let queue: Queue<ChunkJob>;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('greenline_reclaim');
    db = await openPostgres(database.url, { ...testPoolConfig, max: 4 });
    await prepareDatabase(db, { cursorSecret: null });
    queue = new Queue<ChunkJob>(queueName, { connection: bullConnection(REDIS_URL) });
  });
  afterAll(async () => {
    for (const c of children) c.kill('SIGKILL');
    await queue?.obliterate({ force: true });
    await queue?.close();
    await db?.close();
    await database?.drop();
  });

  /** A `greenline worker`, once it waits for chunks; its name as BullMQ records it on a job. */
  const worker = async (): Promise<{ child: ChildProcess; name: string }> => {
    const env = {
      ...process.env,
      DATABASE_URL: database.url,
      REDIS_URL,
      GREENLINE_INGEST_QUEUE: queueName,
      GREENLINE_WORKER_LOCK_MS: String(LOCK_WINDOW_MS),
      LOG_LEVEL: 'silent',
    };
    const child = spawn(process.execPath, [BIN, 'worker', '--concurrency', '1'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    const pid = await new Promise<string>((ready, fail) => {
      child.stdout!.on('data', (d: Buffer) => {
        const m = /worker (\d+) waiting/.exec(String(d));
        if (m) ready(m[1]!);
      });
      child.once('exit', (code) => fail(new Error(`worker exited with ${code}`)));
    });
    return { child, name: `worker-${pid}` };
  };
  /** The job `name` works on now, if any. */
  const activeJobOf = async (name: string) => (await queue.getActive()).find((j) => j.processedBy === name);
  const rows = async (tenantId: string) =>
    (
      await db.query<{ n: number; distinct_rows: number; digest: string }>(
        `SELECT count(*)::int AS n, count(DISTINCT row_number)::int AS distinct_rows,
                md5(string_agg(row_number || ':' || kg_co2e::text || ':' || lineage_hash, ',' ORDER BY row_number)) AS digest
         FROM emissions WHERE tenant_id = $1`,
        [tenantId],
      )
    ).rows[0]!;
  const keptTotal = async (batchId: string) => (await db.query<{ kg: string }>('SELECT kg_co2e::text AS kg FROM batches WHERE id = $1', [batchId])).rows[0]!.kg;

  it('retries the chunk on the other worker within the lock window, with exactly the single-process rows and totals', async () => {
    const text = generated('purchases', 16_000, 31);
    const single = await ingest(db, {
      tenantId: (await ensureTenant(db, 'single')).id,
      type: 'purchases',
      format: 'csv',
      settings: DEFAULT_SETTINGS,
      source: textSource('p.csv', text),
    });
    const [a, b] = await Promise.all([worker(), worker()]);
    const tenantId = (await ensureTenant(db, 'shared')).id;
    const job = ingestDistributed(db, {
      redisUrl: REDIS_URL,
      queue: queueName,
      tenantId,
      type: 'purchases',
      format: 'csv',
      settings: DEFAULT_SETTINGS,
      source: textSource('p.csv', text),
      chunkRows: 2_000,
    });
    // Kill worker a just after it starts a new chunk (its job id changes), so it dies mid-chunk.
    const first = await (async () => {
      for (;;) {
        const j = await activeJobOf(a.name);
        if (j) return j.id;
        await sleep(2);
      }
    })();
    let lost: string | undefined;
    while (!lost) {
      const j = await activeJobOf(a.name);
      if (j && j.id !== first) lost = j.id;
      else await sleep(2);
    }
    a.child.kill('SIGKILL');
    const killedAt = performance.now();
    // Reclaimed: the job is no longer held by the dead worker (back on the queue, or taken by b).
    let backOnQueueMs: number | null = null;
    let takenMs: number | null = null;
    while (takenMs === null) {
      const j = await queue.getJob(lost);
      const state = j ? await j.getState() : 'gone';
      const now = performance.now() - killedAt;
      if (backOnQueueMs === null && (state !== 'active' || j?.processedBy !== a.name)) backOnQueueMs = now;
      if (state === 'gone' || state === 'completed' || (state === 'active' && j?.processedBy === b.name)) takenMs = now;
      else await sleep(10);
    }
    const done = await job;
    const chunkNo = Number(lost.slice(lost.lastIndexOf('-') + 1));
    const committedBy = await db.query<{ worker: string }>('SELECT worker FROM batch_chunks WHERE batch_id = $1 AND chunk_no = $2', [done.batchId, chunkNo]);
    console.log(
      `worker reclaim: chunk ${chunkNo} committed by ${committedBy.rows[0]?.worker === a.name ? 'the killed worker before it died' : 'the other worker'}, back on the queue ${Math.round(backOnQueueMs!)} ms and taken by the other worker ${Math.round(takenMs)} ms after SIGKILL (window ${LOCK_WINDOW_MS} ms)`,
    );

    // Exactly one commit. Usually b's retry; on a loaded machine the poll can see the job still
    // active after a's commit landed (CI once), and b's retry then changed nothing.
    expect(committedBy.rows).toHaveLength(1);
    expect([a.name, b.name]).toContain(committedBy.rows[0]!.worker);
    expect(backOnQueueMs!).toBeLessThanOrEqual(LOCK_WINDOW_MS);
    expect(takenMs).toBeLessThanOrEqual(LOCK_WINDOW_MS + 500);
    expect(done).toMatchObject({ status: 'succeeded', rows: 16_000, rowsOk: 16_000 });
    const shared = await rows(tenantId);
    expect(shared).toMatchObject({ n: 16_000, distinct_rows: 16_000 });
    expect(shared.digest).toBe((await rows((await ensureTenant(db, 'single')).id)).digest);
    expect(await keptTotal(done.batchId)).toBe(await keptTotal(single.batchId));
  }, 60_000);
});
