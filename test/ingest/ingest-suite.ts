/**
 * Bulk ingest on each driver: every kind of bad row reported with its row number while the good
 * rows are stored; the same file twice stores nothing twice; a job stopped part-way resumes with
 * no row missing or repeated; uploads over HTTP.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRows } from '../../src/ingest/generate.ts';
import { type IngestOptions, type IngestSource, ingest, STATISTICS_AFTER_ROWS } from '../../src/ingest/pipeline.ts';
import { countEmissions } from '../../src/store/emissions.ts';
import { buildApp } from '../../src/http/app.ts';
import { prepareDatabase } from '../../src/runtime.ts';
import { getBatch, listBatchErrors } from '../../src/store/batches.ts';
import { DEFAULT_SETTINGS } from '../../src/domain/scope3/types.ts';
import { getCalculation } from '../../src/store/calculations.ts';
import { verifyCalculation } from '../../src/calculate/verify.ts';
import type { SqlDriver } from '../../src/store/driver.ts';
import { addApiKey, ensureTenant } from '../../src/store/tenants.ts';
import type { DriverFactory, DriverFixture } from '../support/databases.ts';
import { createHash } from 'node:crypto';
import { BAD_ROW, oneBadRowFiles } from './one-bad-row.ts';

/** A file held in memory as an ingest source. */
export function textSource(name: string, text: string): IngestSource {
  return bytesSource(name, Buffer.from(text));
}

/** Bytes held in memory as an ingest source, read in two pieces. */
export function bytesSource(name: string, buf: Buffer): IngestSource {
  return {
    name,
    sha256: createHash('sha256').update(buf).digest('hex'),
    bytes: buf.length,
    open: () => Readable.from([buf.subarray(0, buf.length >> 1), buf.subarray(buf.length >> 1)]),
  };
}

export function generated(type: 'purchases' | 'logistics' | 'travel' | 'activities', rows: number, seed: number, format: 'csv' | 'ndjson' = 'csv'): string {
  return [...generateRows({ type, rows, seed, format })].join('');
}

async function totals(db: SqlDriver, tenantId: string): Promise<{ n: number; kg: number }> {
  const r = await db.query<{ n: number; kg: number }>(
    'SELECT count(*)::int AS n, COALESCE(sum(kg_co2e), 0)::float8 AS kg FROM emissions WHERE tenant_id = $1',
    [tenantId],
  );
  return r.rows[0]!;
}

export function runIngestSuite(label: string, open: DriverFactory): void {
  describe(`bulk ingest on ${label}`, () => {
    let fx: DriverFixture;
    let db: SqlDriver;
    let tenant: (name: string) => Promise<string>;
    const base = (tenantId: string, source: IngestSource, over: Partial<IngestOptions> = {}): IngestOptions => ({
      tenantId,
      type: 'purchases',
      format: 'csv',
      settings: DEFAULT_SETTINGS,
      source,
      ...over,
    });

    beforeAll(async () => {
      fx = await open();
      db = fx.driver;
      await prepareDatabase(db, { cursorSecret: null });
      tenant = async (name) => (await ensureTenant(db, name)).id;
    });
    afterAll(async () => {
      await fx?.close();
    });

    it('reports every kind of bad row with its row number and stores all the good rows', async () => {
      const t = await tenant('badrows');
      const big = 'x'.repeat(10 * 1024 * 1024);
      const file = [
        'category,date,external_id,spend,currency,naics,sector,mode,distance,distance_unit,mass,mass_unit',
        '1,2024-01-05,ok-1,100,USD,,services,,,,,', // 1 good (spend, sector average)
        '1,2024-01-05,"bad "quote" here",100,USD,,,,,,,', // 2 malformed quoting
        '1,2024-01-05,short,100', // 3 wrong column count
        '4,2024-02-01,qty,,,,,rail,lots,km,2,t', // 4 non-numeric distance
        '1,2024-01-05,neg,-5,USD,,,,,,,', // 5 negative spend
        '1,2024-01-05,huge,1e300,USD,,,,,,,', // 6 implausibly large spend
        '16,2024-01-05,cat,100,USD,,,,,,,', // 7 unknown category
        '4,2024-02-01,unit,,,,,rail,100,furlong,2,t', // 8 unknown unit
        '1,2023-02-30,date,100,USD,,,,,,,', // 9 invalid date
        `1,2024-01-05,${big},100,USD,,,,,,,`, // 10 a 10 MB field
        '4,2024-02-01,ok-2,,,,,rail,100,km,2,t', // 11 good: 100 km × 2 t × 0.022 = 4.4 kg
      ].join('\n');
      const s = await ingest(db, base(t, textSource('bad.csv', file), { type: 'activities' }));
      expect(s.status).toBe('succeeded');
      expect(s).toMatchObject({ rows: 11, rowsOk: 2, rowsFailed: 9 });
      const errors = await listBatchErrors(db, s.batchId, { limit: 100 });
      const byRow = new Map<number, Array<{ field: string; reason: string; value: string | null }>>();
      for (const e of errors) byRow.set(e.row, [...(byRow.get(e.row) ?? []), e]);
      expect([...byRow.keys()]).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(byRow.get(2)![0]!.reason).toMatch(/line 3: .*quote/);
      expect(byRow.get(3)![0]!.reason).toMatch(/has 4 columns; the header has 12/);
      expect(byRow.get(4)![0]).toMatchObject({ field: 'distance', value: 'lots', reason: 'must be a number' });
      expect(byRow.get(5)![0]).toMatchObject({ field: 'spend', value: '-5' });
      expect(byRow.get(6)![0]).toMatchObject({ field: 'spend', value: '1e+300' });
      expect(byRow.get(7)![0]).toMatchObject({ field: 'category', value: '16' });
      expect(byRow.get(8)!.map((e) => e.field)).toContain('distance_unit');
      expect(byRow.get(9)![0]).toMatchObject({ field: 'date', value: '2023-02-30' });
      expect(byRow.get(10)![0]!.reason).toMatch(/longer than/);
      // 100 USD (2024) × CPI deflator to 2022 × 0.22 (services) + 4.4 kg of rail freight.
      const stored = await totals(db, t);
      expect(stored.n).toBe(2);
      expect(stored.kg).toBeCloseTo(s.kgCo2e, 9);
      expect(s.byCategory['4']).toBeCloseTo(4.4, 9);
    });

    it('fails an empty file and a header-only file with a one-line reason, storing nothing', async () => {
      const t = await tenant('empty');
      await expect(ingest(db, base(t, textSource('empty.csv', '')))).rejects.toThrow('nothing to import: the file is empty');
      await expect(ingest(db, base(t, textSource('header.csv', 'date,spend,currency\n')))).rejects.toThrow(
        'nothing to import: the file has a header but no data rows',
      );
      const batches = await db.query<{ status: string; error: string }>('SELECT status, error FROM batches WHERE tenant_id = $1 ORDER BY error', [t]);
      expect(batches.rows).toEqual([
        { status: 'failed', error: 'nothing to import: the file has a header but no data rows' },
        { status: 'failed', error: 'nothing to import: the file is empty' },
      ]);
      expect((await totals(db, t)).n).toBe(0);
    });

    describe('a 5,000-row file with one bad row stores the other 4,999 and reports that row once', () => {
      for (const file of oneBadRowFiles(21)) {
        it(file.name, async () => {
          const t = await tenant(`one-bad-${file.name.replace('.', '-')}`);
          const s = await ingest(db, base(t, bytesSource(file.name, file.bytes), { format: file.format }));
          expect(s).toMatchObject({ status: 'succeeded', rows: 5_000, rowsOk: 4_999, rowsFailed: 1 });
          const errors = await listBatchErrors(db, s.batchId, { limit: 10 });
          expect(errors).toHaveLength(1);
          expect(errors[0]).toMatchObject({ row: BAD_ROW, field: file.field });
          expect(errors[0]!.reason).toMatch(file.reason);
          expect((await totals(db, t)).n).toBe(4_999);
        });
      }

      it('invalid UTF-8 is stored as U+FFFD when replacement is asked for', async () => {
        const file = oneBadRowFiles(21).find((f) => f.name === 'utf8.csv')!;
        const t = await tenant('one-bad-utf8-replaced');
        const replaced = await ingest(db, base(t, bytesSource(file.name, file.bytes), { invalidUtf8: 'replace' }));
        expect(replaced).toMatchObject({ rows: 5_000, rowsOk: 5_000, rowsFailed: 0 });
        const row = await db.query<{ external_id: string }>('SELECT external_id FROM emissions WHERE batch_id = $1 AND row_number = $2', [
          replaced.batchId,
          BAD_ROW,
        ]);
        expect(row.rows[0]!.external_id).toBe(`\ufffdPUR-0000${BAD_ROW}`);
      });
    });

    it('refreshes the statistics after a big batch: count=estimated is within 10% of the exact count', async () => {
      const t = await tenant('estimate');
      const s = await ingest(db, base(t, textSource('big.csv', generated('purchases', STATISTICS_AFTER_ROWS + 2_000, 8))));
      expect(s.rowsOk).toBe(STATISTICS_AFTER_ROWS + 2_000);
      const exact = await countEmissions(db, t, {}, 'exact');
      const estimated = await countEmissions(db, t, {}, 'estimated');
      expect(exact).toBe(STATISTICS_AFTER_ROWS + 2_000);
      expect(Math.abs(estimated - exact) / exact).toBeLessThan(0.1);
    });

    it('refuses a file without a required column, naming it', async () => {
      const t = await tenant('nocol');
      await expect(ingest(db, base(t, textSource('nodate.csv', 'spend,currency\n10,USD\n')))).rejects.toThrow(/required column "date" is missing/);
    });

    it('stores nothing twice when the same file comes again, and reads every row back verified', async () => {
      const t = await tenant('twice');
      const text = generated('purchases', 3_000, 5);
      const first = await ingest(db, base(t, textSource('p.csv', text), { chunk: { initial: 500, min: 100, max: 1_000 } }));
      expect(first).toMatchObject({ status: 'succeeded', rows: 3_000, rowsOk: 3_000, alreadyDone: false });
      const again = await ingest(db, base(t, textSource('p-again.csv', text)));
      expect(again).toMatchObject({ batchId: first.batchId, alreadyDone: true, rows: 3_000 });
      expect((await totals(db, t)).n).toBe(3_000);
      // Fast-path rows read back with their input and verify through the engine.
      const some = await db.query<{ id: string; row_number: number }>('SELECT id, row_number FROM emissions WHERE tenant_id = $1 ORDER BY row_number LIMIT 3', [
        t,
      ]);
      for (const r of some.rows) {
        const calc = await getCalculation(db, t, r.id);
        expect(calc?.input).toMatchObject({ category: 1, external_id: `PUR-${String(r.row_number).padStart(8, '0')}` });
        expect(await verifyCalculation(db, t, r.id)).toMatchObject({ status: 'match' });
      }
    });

    it('resumes a job stopped part-way with no row missing or repeated, and the same totals', async () => {
      const text = generated('purchases', 4_000, 9);
      const clean = await ingest(db, base(await tenant('clean'), textSource('c.csv', text)));
      const t = await tenant('resume');
      let chunks = 0;
      const stopped = ingest(
        db,
        base(t, textSource('r.csv', text), {
          chunk: { initial: 400, min: 400, max: 400 },
          concurrency: 1,
          onChunkCommitted: () => {
            if (++chunks === 3) throw new Error('simulated crash after 3 chunks');
          },
        }),
      );
      await expect(stopped).rejects.toThrow(/simulated crash/);
      const half = await totals(db, t);
      expect(half.n).toBeGreaterThanOrEqual(1_200);
      expect(half.n).toBeLessThan(4_000);
      const resumed = await ingest(db, base(t, textSource('r.csv', text)));
      expect(resumed.resumedRows).toBe(half.n);
      const after = await totals(db, t);
      expect(after.n).toBe(4_000);
      expect(after.kg).toBeCloseTo(clean.kgCo2e, 6);
      const dupes = await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM (SELECT row_number FROM emissions WHERE tenant_id = $1 GROUP BY row_number HAVING count(*) > 1) d',
        [t],
      );
      expect(dupes.rows[0]?.n).toBe(0);
      expect((await getBatch(db, t, resumed.batchId))?.status).toBe('succeeded');
    });

    it('ingests NDJSON and mapped CSV columns to the same totals as the plain CSV', async () => {
      const csv = generated('logistics', 500, 3);
      const nd = generated('logistics', 500, 3, 'ndjson');
      const a = await ingest(db, base(await tenant('nd-a'), textSource('l.csv', csv), { type: 'logistics' }));
      const b = await ingest(db, base(await tenant('nd-b'), textSource('l.ndjson', nd), { type: 'logistics', format: 'ndjson' }));
      const renamed = csv.replace(/^date,external_id,mode,/, 'Shipped,PO,Mode,');
      const c = await ingest(
        db,
        base(await tenant('nd-c'), textSource('m.csv', renamed), { type: 'logistics', columnMap: { Shipped: 'date', PO: 'external_id', Mode: 'mode' } }),
      );
      expect(a).toMatchObject({ rows: 500, rowsOk: 500 });
      expect(b.kgCo2e).toBeCloseTo(a.kgCo2e, 6);
      expect(c.kgCo2e).toBeCloseTo(a.kgCo2e, 6);
    });

    describe('over HTTP', () => {
      let app: FastifyInstance;
      let key: string;
      beforeAll(async () => {
        key = await addApiKey(db, await tenant('http'));
        app = await buildApp({ driver: db, config: { bodyLimitBytes: 1024 * 1024, logLevel: 'silent' }, cursorSecret: 'test' });
      });
      afterAll(async () => {
        await app?.close();
      });
      const auth = () => ({ authorization: `Bearer ${key}` });
      const waitFor = async (id: string) => {
        for (let i = 0; i < 300; i++) {
          const b = (await app.inject({ url: `/v1/batches/${id}`, headers: auth() })).json();
          if (b.status === 'succeeded' || b.status === 'failed') return b;
          await new Promise((r) => setTimeout(r, 50));
        }
        throw new Error('batch did not finish');
      };

      it('uploads a file, reports progress and totals, lists errors as JSON and CSV, and knows the file again', async () => {
        const text = `${generated('purchases', 1_000, 2)}2024-13-01,BAD-1,10,USD,,\n2024-01-01,BAD-2,ten,USD,,\n`;
        const res = await app.inject({
          method: 'POST',
          url: '/v1/batches?type=purchases&name=p.csv',
          headers: { ...auth(), 'content-type': 'text/csv' },
          payload: text,
        });
        expect(res.statusCode).toBe(202);
        const id = res.json().id as string;
        expect(res.headers.location).toBe(`/v1/batches/${id}`);
        const done = await waitFor(id);
        expect(done).toMatchObject({
          status: 'succeeded',
          type: 'purchases',
          source_name: 'p.csv',
          rows: { total: 1_002, processed: 1_002, stored: 1_000, failed: 2 },
        });
        expect(done.rows_per_second).toBeGreaterThan(0);
        expect(done.by_category_kg['1']).toBeCloseTo(done.kg_co2e, 6);
        const errors = (await app.inject({ url: `/v1/batches/${id}/errors?limit=1`, headers: auth() })).json();
        expect(errors.data).toEqual(
          [{ row: 1_001, field: 'date', value: '2024-13-01', reason: 'must be a date YYYY-MM-DD, got "2024-13-01"' }].map((e) => ({
            ...e,
            reason: expect.any(String),
          })),
        );
        const next = (await app.inject({ url: `/v1/batches/${id}/errors?limit=1&after=${errors.page_info.next_cursor}`, headers: auth() })).json();
        expect(next.data[0]).toMatchObject({ row: 1_002, field: 'spend', value: 'ten', reason: 'must be a number' });
        expect(next.page_info.has_next_page).toBe(false);
        const csv = await app.inject({ url: `/v1/batches/${id}/errors`, headers: { ...auth(), accept: 'text/csv' } });
        expect(csv.headers['content-type']).toMatch(/text\/csv/);
        expect(csv.body.split('\n')[0]).toBe('row,field,value,reason');
        expect(csv.body).toContain('1002,spend,ten,must be a number');
        const again = await app.inject({
          method: 'POST',
          url: '/v1/batches?type=purchases',
          headers: { ...auth(), 'content-type': 'text/csv' },
          payload: text,
        });
        expect(again.statusCode).toBe(200);
        expect(again.json().id).toBe(id);
      });

      it('stores 4,999 rows of a 5,000-row upload with one bad row, reporting that row once, for each kind of bad row', async () => {
        for (const file of oneBadRowFiles(33)) {
          const url = `/v1/batches?type=purchases&format=${file.format}`;
          const res = await app.inject({ method: 'POST', url, headers: { ...auth(), 'content-type': file.contentType }, payload: file.bytes });
          expect(res.statusCode, file.name).toBe(202);
          const done = await waitFor(res.json().id);
          expect(done, file.name).toMatchObject({ status: 'succeeded', rows: { total: 5_000, stored: 4_999, failed: 1 } });
          const errors = (await app.inject({ url: `/v1/batches/${done.id}/errors`, headers: auth() })).json();
          expect(errors.data, file.name).toMatchObject([{ row: BAD_ROW, field: file.field }]);
          expect(errors.data[0].reason, file.name).toMatch(file.reason);
        }
      });

      it('refuses with 400 a header without a required column (naming it and the map parameter), and a file without data rows', async () => {
        const noDate = await app.inject({
          method: 'POST',
          url: '/v1/batches?type=purchases',
          headers: { ...auth(), 'content-type': 'text/csv' },
          payload: 'Day,spend\n2024-01-01,5\n',
        });
        expect(noDate.statusCode).toBe(400);
        expect(noDate.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'header.date' }] });
        expect(noDate.json().errors[0].message).toBe('required column "date" is missing (name a column of yours as it with map, e.g. map=Your Column=date)');
        expect(noDate.json().detail ?? noDate.json().message ?? '').not.toMatch(/--map/);
        const mapped = await app.inject({
          method: 'POST',
          url: '/v1/batches?type=purchases&map=Day%3Ddate',
          headers: { ...auth(), 'content-type': 'text/csv' },
          payload: 'Day,spend\n2024-01-01,5\n',
        });
        expect(mapped.statusCode).toBe(202);
        const headerOnly = await app.inject({
          method: 'POST',
          url: '/v1/batches?type=purchases',
          headers: { ...auth(), 'content-type': 'text/csv' },
          payload: 'date,spend\n',
        });
        expect(headerOnly.statusCode).toBe(400);
        expect(headerOnly.json()).toMatchObject({
          code: 'NO_DATA_ROWS',
          errors: [{ field: 'body', message: 'nothing to import: the file has a header but no data rows' }],
        });
        const empty = await app.inject({
          method: 'POST',
          url: '/v1/batches?type=purchases&format=ndjson',
          headers: { ...auth(), 'content-type': 'application/x-ndjson' },
          payload: '',
        });
        expect(empty.statusCode).toBe(400);
        expect(empty.json()).toMatchObject({ code: 'NO_DATA_ROWS' });
      });

      it('refuses a missing type, a bad map and a JSON body with clear errors, and hides other tenants’ batches', async () => {
        const noType = await app.inject({ method: 'POST', url: '/v1/batches', headers: { ...auth(), 'content-type': 'text/csv' }, payload: 'date\n' });
        expect(noType.statusCode).toBe(400);
        expect(noType.json().errors[0].field).toMatch(/querystring/);
        const badMap = await app.inject({
          method: 'POST',
          url: '/v1/batches?type=purchases&map=nonsense',
          headers: { ...auth(), 'content-type': 'text/csv' },
          payload: 'date\n',
        });
        expect(badMap.statusCode).toBe(400);
        expect(badMap.json().errors[0].field).toBe('querystring.map');
        const json = await app.inject({
          method: 'POST',
          url: '/v1/batches?type=purchases',
          headers: { ...auth(), 'content-type': 'application/json' },
          payload: { rows: [] },
        });
        expect(json.statusCode).toBe(415);
        const other = await addApiKey(db, await tenant('http-other'));
        const own = await app.inject({
          method: 'POST',
          url: '/v1/batches?type=purchases',
          headers: { ...auth(), 'content-type': 'text/csv' },
          payload: 'date,spend\n2024-01-01,5\n',
        });
        await waitFor(own.json().id);
        expect((await app.inject({ url: `/v1/batches/${own.json().id}`, headers: { authorization: `Bearer ${other}` } })).statusCode).toBe(404);
      });
    });
  });
}
