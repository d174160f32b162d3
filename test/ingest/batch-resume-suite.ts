/**
 * Batches uploaded over HTTP survive the server stopping (issue 21: a SIGTERM used to leave one
 * `running` forever). Closing the app stops a batch between chunks and leaves it `interrupted`;
 * the next app on the same database and upload directory resumes it to exactly the rows of an
 * uninterrupted run. A batch whose server died (its runner gone) resumes the same way; one whose
 * upload is gone is marked `interrupted` and resumes from the file sent to
 * `POST /v1/batches/:id/resume`; a batch a live runner holds is left alone.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/domain/scope3/types.ts';
import { buildApp } from '../../src/http/app.ts';
import { BatchRunner } from '../../src/ingest/batch-runner.ts';
import { ingest } from '../../src/ingest/pipeline.ts';
import { prepareDatabase } from '../../src/runtime.ts';
import { findOrCreateBatch, getBatch } from '../../src/store/batches.ts';
import type { SqlDriver } from '../../src/store/driver.ts';
import { addApiKey, ensureTenant } from '../../src/store/tenants.ts';
import { generated, textSource } from './ingest-suite.ts';

/** A database that outlives its connections: opened again after a close, as a restarted server opens it. */
export interface PersistentDatabase {
  open(): Promise<SqlDriver>;
  drop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function runBatchResumeSuite(label: string, database: () => Promise<PersistentDatabase>): void {
  describe(`uploaded batches across a server restart on ${label}`, () => {
    let store: PersistentDatabase;
    let db: SqlDriver;
    let uploadDir: string;
    const apps: FastifyInstance[] = [];
    beforeAll(async () => {
      store = await database();
      db = await store.open();
      await prepareDatabase(db, { cursorSecret: null });
      uploadDir = mkdtempSync(join(tmpdir(), 'greenline-resume-'));
    });
    afterAll(async () => {
      for (const app of apps) await app.close();
      await db?.close();
      await store?.drop();
      rmSync(uploadDir, { recursive: true, force: true });
    });

    /** An app as the server builds it: its runner keeps uploads in `uploadDir`. */
    const start = async () => {
      const runner = new BatchRunner(db, { uploadDir, uploadLimitBytes: 1024 ** 3, redisUrl: null, settings: DEFAULT_SETTINGS });
      const app = await buildApp({ driver: db, config: { bodyLimitBytes: 64 * 1024 ** 2, logLevel: 'silent' }, cursorSecret: 'test', runner });
      apps.push(app);
      await app.ready();
      return app;
    };
    const stop = async (app: FastifyInstance) => {
      apps.splice(apps.indexOf(app), 1);
      await app.close();
    };
    /** A new server process: the old app closed (if it runs), the database opened again. */
    const restart = async (app: FastifyInstance | null) => {
      if (app) await stop(app);
      await db.close();
      db = await store.open();
      return start();
    };
    const upload = async (app: FastifyInstance, key: string, text: string) => {
      const res = await app.inject({
        method: 'POST',
        url: '/v1/batches?type=purchases',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' },
        payload: text,
      });
      expect(res.statusCode).toBe(202);
      return res.json().id as string;
    };
    const until = async <T>(what: string, read: () => Promise<T>, done: (v: T) => boolean): Promise<T> => {
      for (let i = 0; i < 1200; i++) {
        const v = await read();
        if (done(v)) return v;
        await sleep(25);
      }
      throw new Error(`timed out waiting for ${what}`);
    };
    const batch = async (id: string) => (await getBatch(db, null, id))!;
    /** Every row of a tenant, in row order, reduced to a digest; and the counts. */
    const rows = async (tenantId: string) =>
      (
        await db.query<{ n: number; distinct_rows: number; digest: string }>(
          `SELECT count(*)::int AS n, count(DISTINCT row_number)::int AS distinct_rows,
                  md5(string_agg(row_number || ':' || activity_date || ':' || kg_co2e::text || ':' || lineage_hash || ':' || COALESCE(external_id, ''), ',' ORDER BY row_number)) AS digest
           FROM emissions WHERE tenant_id = $1`,
          [tenantId],
        )
      ).rows[0]!;
    const keptTotal = async (id: string) => (await db.query<{ kg: string }>('SELECT kg_co2e::text AS kg FROM batches WHERE id = $1', [id])).rows[0]!.kg;
    const tenant = async (name: string) => {
      const t = await ensureTenant(db, name);
      return { id: t.id, key: await addApiKey(db, t.id) };
    };

    it('stops an upload between chunks when the app closes (interrupted), and the next start resumes it to exactly the uninterrupted rows', async () => {
      const text = generated('purchases', 24_000, 5);
      const clean = await tenant('resume-clean');
      const reference = await ingest(db, {
        tenantId: clean.id,
        type: 'purchases',
        format: 'csv',
        settings: DEFAULT_SETTINGS,
        source: textSource('p.csv', text),
      });
      const t = await tenant('resume-http');
      const first = await start();
      const id = await upload(first, t.key, text);
      await until(
        'a committed chunk',
        () => batch(id),
        (b) => b.processed > 0,
      );
      const closing = performance.now();
      await stop(first);
      const closeMs = performance.now() - closing;
      const stopped = await batch(id);
      expect(stopped).toMatchObject({ status: 'interrupted', runner: null });
      expect(stopped.processed).toBeLessThan(24_000);

      const restarting = performance.now();
      await restart(null);
      const done = await until(
        'the resumed batch',
        () => batch(id),
        (b) => b.status !== 'interrupted' && b.status !== 'running',
      );
      console.log(
        `batch resume (${label}): app closed in ${Math.round(closeMs)} ms with ${stopped.processed} of 24000 rows committed; ` +
          `resumed and succeeded ${Math.round(performance.now() - restarting)} ms after the new app was built`,
      );
      expect(done).toMatchObject({ status: 'succeeded', total: 24_000, processed: 24_000, rows_ok: 24_000, runner: null });
      expect(await rows(t.id)).toEqual(await rows(clean.id));
      expect((await rows(t.id)).distinct_rows).toBe(24_000);
      expect(await keptTotal(id)).toBe(await keptTotal(reference.batchId));
    });

    it('resumes a batch whose server died, marks one without its upload interrupted, resumes that from the file sent again, and leaves a live runner’s batch alone', async () => {
      const t = await tenant('resume-crash');
      const sha = (text: string) => createHash('sha256').update(text).digest('hex');
      const made = async (text: string, status: string, runner: string) => {
        const { batch: b } = await findOrCreateBatch(db, {
          tenantId: t.id,
          kind: 'purchases',
          sha256: sha(text),
          sourceName: 'p.csv',
          options: { format: 'csv', columnMap: {}, settings: DEFAULT_SETTINGS },
        });
        await db.query('UPDATE batches SET status = $2, runner = $3, runner_seen_at = now() WHERE id = $1', [b.id, status, runner]);
        return b.id;
      };
      // Uploaded, stopped part-way, then as if its server had been killed: `running`, held by a process that is gone.
      const text = generated('purchases', 20_000, 6);
      const app = await start();
      const crashed = await upload(app, t.key, text);
      await until(
        'a committed chunk',
        () => batch(crashed),
        (b) => b.processed > 0,
      );
      await stop(app);
      expect((await batch(crashed)).processed).toBeLessThan(20_000);
      const dead = spawn(process.execPath, ['-e', '']);
      const deadPid = await new Promise<number>((r) => dead.once('exit', () => r(dead.pid!)));
      const deadRunner = `${hostname()}/${deadPid}/x`;
      await db.query(`UPDATE batches SET status = 'running', runner = $2, runner_seen_at = now() WHERE id = $1`, [crashed, deadRunner]);
      // Its server died too, and its upload is gone.
      const lostText = generated('purchases', 3_000, 7);
      const lost = await made(lostText, 'running', deadRunner);
      // Held by a live runner (this process), its upload kept: not taken over.
      const liveText = generated('purchases', 100, 8);
      writeFileSync(join(uploadDir, `${sha(liveText)}.csv`), liveText);
      const liveRunner = `${hostname()}/${process.pid}/live`;
      const live = await made(liveText, 'running', liveRunner);

      const next = await restart(null);
      const resumed = await until(
        'the resumed batch',
        () => batch(crashed),
        (b) => b.status === 'succeeded' || b.status === 'failed',
      );
      expect(resumed).toMatchObject({ status: 'succeeded', processed: 20_000 });
      expect((await batch(lost)).status).toBe('interrupted');
      expect(await batch(live)).toMatchObject({ status: 'running', runner: liveRunner });

      const resume = (payload?: string) =>
        next.inject({
          method: 'POST',
          url: `/v1/batches/${lost}/resume`,
          headers: { authorization: `Bearer ${t.key}`, ...(payload ? { 'content-type': 'text/csv' } : {}) },
          ...(payload ? { payload } : {}),
        });
      const gone = await resume();
      expect(gone.statusCode).toBe(409);
      expect(gone.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(gone.json()).toMatchObject({ code: 'UPLOAD_GONE' });
      expect((await resume(liveText)).json()).toMatchObject({ code: 'NOT_THE_BATCH_FILE' });
      const again = await resume(lostText);
      expect(again.statusCode).toBe(202);
      expect(again.json()).toMatchObject({ id: lost });
      await until(
        'the batch resumed from the file',
        () => batch(lost),
        (b) => b.status === 'succeeded',
      );
      expect(await rows(t.id)).toMatchObject({ n: 23_000, distinct_rows: 20_000 });
      const perBatch = await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM (SELECT batch_id, row_number FROM emissions WHERE tenant_id = $1 GROUP BY 1, 2 HAVING count(*) > 1) d',
        [t.id],
      );
      expect(perBatch.rows[0]!.n).toBe(0);
      expect((await resume()).statusCode).toBe(200);
    });
  });
}
