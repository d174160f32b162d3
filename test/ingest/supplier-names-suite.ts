/**
 * Supplier names in bulk ingest on each driver (issue 18): purchase and CBAM rows that name their
 * supplier the way a ledger does get the supplier the matcher auto-matches (exact ids checked per
 * row), names below the threshold are left without one and queued for review, a supplier_id given
 * beside a name wins, an unknown supplier_id stays a row error, and the batch reports the counts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/domain/scope3/types.ts';
import { type IngestOptions, ingest } from '../../src/ingest/pipeline.ts';
import { prepareDatabase } from '../../src/runtime.ts';
import { getBatch, listBatchErrors } from '../../src/store/batches.ts';
import type { SqlDriver } from '../../src/store/driver.ts';
import { addAlias, addRejection } from '../../src/store/supplier-aliases.ts';
import { createSupplier } from '../../src/store/suppliers.ts';
import { ensureTenant } from '../../src/store/tenants.ts';
import type { DriverFactory, DriverFixture } from '../support/databases.ts';
import { textSource } from './ingest-suite.ts';

/** ISO 7064 MOD 97-10 check digits for the first 18 characters of an LEI. */
function lei(first18: string): string {
  const value = BigInt([...`${first18}00`].map((c) => Number.parseInt(c, 36)).join(''));
  return `${first18}${String(98n - (value % 97n)).padStart(2, '0')}`;
}

const TKSE_LEI = lei('5299004TKSE0000001');

/** The tenant's suppliers: a steel maker and its look-alike sister, two US companies that share a word, one with a DUNS. */
async function registerSuppliers(db: SqlDriver, tenantId: string): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const [key, input] of [
    ['tkse', { name: 'Thyssenkrupp Steel Europe AG', country: 'DE', lei: TKSE_LEI }],
    ['tkms', { name: 'ThyssenKrupp Materials Services GmbH', country: 'DE' }],
    ['applied', { name: 'Applied Materials Inc', country: 'US' }],
    ['siemens', { name: 'Siemens AG', country: 'DE', duns: '315000000' }],
    ['acme', { name: 'Acme Fasteners Ltd', country: 'GB' }],
  ] as const) {
    ids[key] = (await createSupplier(db, tenantId, input)).id;
  }
  return ids;
}

/** Purchase lines naming their supplier; `expect` is the supplier each stored row must carry. */
const PURCHASES = [
  'date,external_id,spend,currency,sector,supplier_id,supplier_name,supplier_country,supplier_lei,supplier_duns',
  '2024-01-05,P1,100,USD,services,,THYSSENKRUPP STEEL EUROPE,DE,,', // 1 exact name → tkse
  '2024-01-06,P2,200,USD,services,,thyssenkrupp Steel Eur.,DE,,', // 2 fuzzy (eur. → europe) → tkse
  '2024-01-07,P3,300,USD,services,,Siemens Niederlassung Hamburg,,,315-000-000', // 3 identifier (DUNS) → siemens
  `2024-01-08,P4,400,USD,services,,TK Steel,DE,${TKSE_LEI},`, // 4 identifier (LEI) → tkse
  '2024-01-09,P5,500,USD,services,,Thyssenkrupp Materials,DE,,', // 5 review: the candidate has a word more
  '2024-01-10,P6,600,USD,services,,Zeta Widgets Ltd,GB,,', // 6 no match
  '2024-01-11,P7,700,USD,services,{acme},Applied Materials Inc,US,,', // 7 supplier_id given: it wins
  '2024-01-12,P8,800,USD,services,sup_nope,,,,', // 8 unknown supplier_id: row error, as before
  '2024-01-13,P9,900,USD,services,,,,,', // 9 no supplier at all: the plain line
  '2024-01-14,P10,1000,USD,services,,thyssenkrupp Steel Eur.,DE,,', // 10 the same mention again → tkse
  `2024-01-15,P11,1100,USD,services,,${'x'.repeat(301)},,,`, // 11 name too long: row error naming supplier_name
  '2024-01-16,P12,1200,USD,services,,Acme Fasteners,XX1,,', // 12 bad country: row error naming supplier_country
  '2024-01-17,P13,1300,USD,services,,Thyssenkrupp Materials,DE,,', // 13 the review name again: queued once
  '2024-02-30,P14,1400,USD,services,,Applied Materials,US,,', // 14 bad date: row error; its name not counted
  '2024-01-18,P15,1500,USD,services,,applied materials inc.,us,,', // 15 exact name → applied
];

export function runSupplierNamesSuite(label: string, open: DriverFactory): void {
  describe(`supplier names in bulk ingest on ${label}`, () => {
    let fx: DriverFixture;
    let db: SqlDriver;
    beforeAll(async () => {
      fx = await open();
      db = fx.driver;
      await prepareDatabase(db, { cursorSecret: null });
    });
    afterAll(async () => {
      await fx?.close();
    });

    async function run(tenantName: string, text: string, over: Partial<IngestOptions> = {}) {
      const tenantId = (await ensureTenant(db, tenantName)).id;
      const ids = await registerSuppliers(db, tenantId);
      const file = text.replace('{acme}', ids.acme!);
      const summary = await ingest(db, {
        tenantId,
        type: 'purchases',
        format: 'csv',
        settings: DEFAULT_SETTINGS,
        source: textSource(`${tenantName}.csv`, file),
        ...over,
      });
      const rows = await db.query<{ row_number: number; supplier_id: string | null }>(
        'SELECT row_number, supplier_id FROM emissions WHERE batch_id = $1 ORDER BY row_number',
        [summary.batchId],
      );
      const errors = await listBatchErrors(db, summary.batchId, { limit: 100 });
      return { tenantId, ids, summary, rows: rows.rows, errors };
    }

    for (const fastPath of [true, false]) {
      it(`gives each purchase row the supplier its name resolves to, in bulk (fast path ${fastPath ? 'on' : 'off'})`, async () => {
        const { tenantId, ids, summary, rows, errors } = await run(`names-${fastPath}`, `${PURCHASES.join('\n')}\n`, { fastPath });
        expect(rows).toEqual([
          { row_number: 1, supplier_id: ids.tkse },
          { row_number: 2, supplier_id: ids.tkse },
          { row_number: 3, supplier_id: ids.siemens },
          { row_number: 4, supplier_id: ids.tkse },
          { row_number: 5, supplier_id: null },
          { row_number: 6, supplier_id: null },
          { row_number: 7, supplier_id: ids.acme },
          { row_number: 9, supplier_id: null },
          { row_number: 10, supplier_id: ids.tkse },
          { row_number: 13, supplier_id: null },
          { row_number: 15, supplier_id: ids.applied },
        ]);
        expect(errors.map((e) => ({ row: e.row, field: e.field, value: e.value, reason: e.reason }))).toEqual([
          { row: 8, field: 'supplier_id', value: 'sup_nope', reason: 'no supplier sup_nope' },
          { row: 11, field: 'supplier_name', value: `${'x'.repeat(200)}…`, reason: 'at most 300 characters' },
          { row: 12, field: 'supplier_country', value: 'XX1', reason: 'must be a 2-letter country code (ISO 3166-1 alpha-2)' },
          { row: 14, field: 'date', value: '2024-02-30', reason: 'is not a calendar date: "2024-02-30"' },
        ]);
        expect(summary.rowsOk).toBe(11);
        expect(summary.rowsFailed).toBe(4);
        // Stored rows only: 1 and 15 exact, 2 and 10 fuzzy, 3 and 4 identifier; 5 and 13 review (one name); 6 none; 7 its own id.
        expect(summary.supplierNames).toEqual({
          matched: 6,
          byRule: { identifier: 2, exactName: 2, fuzzy: 2 },
          review: 2,
          noMatch: 1,
          idGiven: 1,
          queuedForReview: 1,
        });
        // The name below the threshold waits for a reviewer, once, with its candidate and the batch.
        const queued = await db.query<{
          name: string;
          normalized_name: string;
          country: string;
          source: string;
          batch_id: string;
          seen_count: number;
          best: string;
        }>(
          `SELECT name, normalized_name, country, source, batch_id, seen_count, candidates->0->>'supplierId' AS best
           FROM supplier_review WHERE tenant_id = $1`,
          [tenantId],
        );
        expect(queued.rows).toEqual([
          {
            name: 'Thyssenkrupp Materials',
            normalized_name: 'thyssenkrupp materials',
            country: 'DE',
            source: 'ingest',
            batch_id: summary.batchId,
            seen_count: 1,
            best: ids.tkms,
          },
        ]);
      });
    }

    it('matches a name a reviewer accepted exactly, and queues nothing for a pair a reviewer rejected', async () => {
      const tenantId = (await ensureTenant(db, 'names-decided')).id;
      const ids = await registerSuppliers(db, tenantId);
      await addAlias(db, tenantId, { name: 'TKM Services', supplierId: ids.tkms!, source: 'accepted' });
      // The review name of the first test, its one candidate rejected: stored without a supplier, not queued.
      await addRejection(db, tenantId, { name: 'Thyssenkrupp Materials', supplierId: ids.tkms! });
      const text = [
        'date,spend,currency,sector,supplier_name,supplier_country',
        '2024-05-01,5,USD,services,TKM Services,DE',
        '2024-05-02,6,USD,services,Thyssenkrupp Materials,DE',
      ].join('\n');
      const summary = await ingest(db, {
        tenantId,
        type: 'purchases',
        format: 'csv',
        settings: DEFAULT_SETTINGS,
        source: textSource('decided.csv', `${text}\n`),
      });
      const rows = await db.query('SELECT supplier_id FROM emissions WHERE batch_id = $1 ORDER BY row_number', [summary.batchId]);
      expect(rows.rows).toEqual([{ supplier_id: ids.tkms }, { supplier_id: null }]);
      expect(summary.supplierNames).toEqual({
        matched: 1,
        byRule: { identifier: 0, exactName: 1, fuzzy: 0 },
        review: 1,
        noMatch: 0,
        idGiven: 0,
        queuedForReview: 0,
      });
      const queued = await db.query('SELECT count(*)::int AS n FROM supplier_review WHERE tenant_id = $1', [tenantId]);
      expect(queued.rows[0]).toEqual({ n: 0 });
    });

    it('reads supplier names from NDJSON too, through a column map', async () => {
      const lines = [
        { date: '2024-03-01', spend: 10, currency: 'USD', sector: 'services', Vendor: 'THYSSENKRUPP STEEL EUROPE', supplier_country: 'DE' },
        { date: '2024-03-02', spend: 20, currency: 'USD', sector: 'services', Vendor: 'Zeta Widgets Ltd' },
        { date: '2024-03-03', spend: 30, currency: 'USD', sector: 'services', Vendor: 42 },
        { date: '2024-03-04', spend: 40, currency: 'USD', sector: 'services', Vendor: null, supplier_country: 'DE' },
      ];
      const { ids, summary, rows, errors } = await run('names-ndjson', `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`, {
        format: 'ndjson',
        columnMap: { Vendor: 'supplier_name' },
      });
      expect(rows).toEqual([
        { row_number: 1, supplier_id: ids.tkse },
        { row_number: 2, supplier_id: null },
        { row_number: 4, supplier_id: null },
      ]);
      expect(errors.map((e) => ({ row: e.row, field: e.field, value: e.value, reason: e.reason }))).toEqual([
        { row: 3, field: 'supplier_name', value: '42', reason: 'must be text' },
      ]);
      expect(summary.supplierNames).toEqual({
        matched: 1,
        byRule: { identifier: 0, exactName: 1, fuzzy: 0 },
        review: 0,
        noMatch: 1,
        idGiven: 0,
        queuedForReview: 0,
      });
    });

    it('hands the id on in the name column when the file has no supplier_id column', async () => {
      const text = [
        'date,spend,currency,sector,supplier_name',
        '2024-04-01,5,USD,services,Siemens AG',
        '2024-04-02,6,USD,services,Nobody Co',
        '2024-04-03,7,USD,services,',
      ].join('\n');
      const { ids, summary, rows } = await run('names-no-id-column', `${text}\n`);
      expect(rows).toEqual([
        { row_number: 1, supplier_id: ids.siemens },
        { row_number: 2, supplier_id: null },
        { row_number: 3, supplier_id: null },
      ]);
      expect(summary.ignoredColumns).toEqual([]);
      expect(summary.supplierNames?.matched).toBe(1);
    });

    it('leaves a file without supplier names as it was: no counts', async () => {
      const text = ['date,spend,currency,sector', '2024-04-01,5,USD,services'].join('\n');
      const { summary } = await run('no-names', `${text}\n`);
      expect(summary.supplierNames).toBeNull();
      const b = (await getBatch(db, null, summary.batchId))!;
      expect(b.meta.supplier_names).toBeUndefined();
    });

    it('resolves the supplier of CBAM shipments', async () => {
      const text = [
        'shipment_id,import_date,cn_code,origin_country,quantity,unit,supplier_name,supplier_country',
        'S1,2026-02-01,72085120,TR,10,t,THYSSENKRUPP STEEL EUROPE,DE',
        'S2,2026-02-02,72085120,TR,20,t,Zeta Widgets Ltd,',
        'S3,2026-02-03,72085120,TR,30,t,,',
      ].join('\n');
      const { ids, summary } = await run('names-cbam', `${text}\n`, { type: 'cbam-shipments' });
      const stored = await db.query<{ shipment_id: string; doc: string }>(
        'SELECT shipment_id, input::text AS doc FROM cbam_shipments WHERE batch_id = $1 ORDER BY shipment_id',
        [summary.batchId],
      );
      expect(summary.rowsOk).toBe(3);
      expect(stored.rows.map((r) => [r.shipment_id, (JSON.parse(r.doc) as { supplierId?: string }).supplierId ?? null])).toEqual([
        ['S1', ids.tkse],
        ['S2', null],
        ['S3', null],
      ]);
      expect(summary.supplierNames).toEqual({
        matched: 1,
        byRule: { identifier: 0, exactName: 1, fuzzy: 0 },
        review: 0,
        noMatch: 1,
        idGiven: 0,
        queuedForReview: 0,
      });
    });
  });
}
