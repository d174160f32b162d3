/**
 * The CBAM compute thread (src/ingest/cbam-thread.ts) beyond storing the same rows (the CBAM
 * differential suite): a failure on the thread's side fails the job with its message and leaves the
 * batch failed, never a hung job; a file large enough goes to the thread by default; closing
 * twice never hangs.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/domain/scope3/types.ts';
import { THREAD_FROM_BYTES } from '../../src/ingest/cbam-thread.ts';
import { computeThreadFor, type IngestSource, ingest } from '../../src/ingest/pipeline.ts';
import { chunkProcessorFor } from '../../src/ingest/processor-for.ts';
import { RECORD_TYPE_DEFS } from '../../src/ingest/record-types.ts';
import { prepareDatabase } from '../../src/runtime.ts';
import { getBatch } from '../../src/store/batches.ts';
import type { SqlDriver } from '../../src/store/driver.ts';
import { ensureTenant } from '../../src/store/tenants.ts';
import { type DriverFixture, pgliteFactory } from '../support/databases.ts';

const CSV = 'shipment_id,import_date,cn_code,origin_country,quantity,unit\nS-1,2026-02-01,72085120,CN,10,t\nS-2,2026-02-02,25232900,TR,5,t\n';

function source(text: string): IngestSource {
  const bytes = Buffer.from(text);
  return { name: 'thread.csv', sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length, open: () => Readable.from([bytes]) };
}

/** `db`, but its queries naming `table` fail with `message`. */
function failingOn(db: SqlDriver, table: string, message: string): SqlDriver {
  return new Proxy(db, {
    get(target, prop, receiver) {
      if (prop === 'query') {
        return (sql: string, params?: readonly unknown[]) => (sql.includes(table) ? Promise.reject(new Error(message)) : target.query(sql, params));
      }
      const v = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}

describe('CBAM ingest on a compute thread', () => {
  let fx: DriverFixture;
  let db: SqlDriver;
  beforeAll(async () => {
    fx = await pgliteFactory();
    db = fx.driver;
    await prepareDatabase(db, { cursorSecret: null });
  });
  afterAll(async () => {
    await fx?.close();
  });

  it('stores a file, and a question the thread asks that fails fails the job with its message (batch failed, nothing stored)', async () => {
    const ok = await ensureTenant(db, 'thread-ok');
    const done = await ingest(db, {
      tenantId: ok.id,
      type: 'cbam-shipments',
      format: 'csv',
      settings: DEFAULT_SETTINGS,
      computeThread: true,
      source: source(CSV),
    });
    expect([done.status, done.rowsOk, done.rowsFailed]).toEqual(['succeeded', 2, 0]);

    const bad = await ensureTenant(db, 'thread-bad');
    const broken = failingOn(db, 'cbam_datasets', 'data sets unavailable');
    const job = ingest(broken, {
      tenantId: bad.id,
      type: 'cbam-shipments',
      format: 'csv',
      settings: DEFAULT_SETTINGS,
      computeThread: true,
      source: source(CSV),
    });
    await expect(job).rejects.toThrow('data sets unavailable');
    const batches = await db.query<{ id: string }>('SELECT id FROM batches WHERE tenant_id = $1', [bad.id]);
    const batch = await getBatch(db, bad.id, batches.rows[0]!.id);
    expect([batch?.status, batch?.error]).toEqual(['failed', 'data sets unavailable']);
    const stored = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM cbam_shipments WHERE tenant_id = $1', [bad.id]);
    expect(stored.rows[0]!.n).toBe(0);
  }, 60_000);

  it('is the default from THREAD_FROM_BYTES on (unless asked otherwise), and only for CBAM shipments', async () => {
    const of = (bytes: number) => ({ ...source(CSV), bytes });
    expect([computeThreadFor({ source: of(THREAD_FROM_BYTES - 1) }), computeThreadFor({ source: of(THREAD_FROM_BYTES) })]).toEqual([false, true]);
    expect([computeThreadFor({ source: of(1), computeThread: true }), computeThreadFor({ source: of(THREAD_FROM_BYTES), computeThread: false })]).toEqual([
      true,
      false,
    ]);
    const ctx = { tenantId: 't', batchId: 'b', columns: null, columnMap: {}, settings: DEFAULT_SETTINGS };
    const cbam = chunkProcessorFor(db, { ...ctx, type: RECORD_TYPE_DEFS['cbam-shipments'] }, { thread: true });
    expect(cbam.overlapping).toBe(true);
    await cbam.close?.();
    // The thread ended on its own; closing again (after its exit) returns at once, never waits for another exit.
    await cbam.close?.();
    expect(chunkProcessorFor(db, { ...ctx, type: RECORD_TYPE_DEFS.purchases }, { thread: true }).overlapping).toBeUndefined();
  });
});
