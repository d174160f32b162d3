/**
 * The spend fast path is an optimisation, never a different behaviour: every mutated purchase
 * file is ingested twice, once with the fast path and once with every line through the engine
 * (fastPath: false), into two tenants, and the two must store byte-identical rows, report the
 * same row errors and end with the same batch totals and rollups. Some files name their suppliers
 * (supplier_name, resolved per chunk against suppliers both tenants registered): the rows' suppliers
 * and the batch's supplier-name counts must agree too.
 *
 * CI runs a fixed seed and a small budget; by hand, a bigger one:
 *   FUZZ_SEED=7 FUZZ_CASES=400 npx vitest run test/integration/fast-path-differential-postgres.test.ts
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/domain/scope3/types.ts';
import { type IngestSource, ingest } from '../../src/ingest/pipeline.ts';
import { prepareDatabase } from '../../src/runtime.ts';
import { getBatch, listBatchErrors } from '../../src/store/batches.ts';
import type { SqlDriver } from '../../src/store/driver.ts';
import { createSupplier } from '../../src/store/suppliers.ts';
import { ensureTenant } from '../../src/store/tenants.ts';
import type { DriverFactory, DriverFixture } from '../support/databases.ts';
import { seededRandom } from '../support/random.ts';
import { DIFFERENTIAL_SUPPLIERS, type MutatedFile, mutatedPurchasesCsv, mutatedPurchasesNdjson, randomPieces } from './purchase-mutations.ts';

function source(name: string, bytes: Buffer, pieces: Buffer[]): IngestSource {
  return { name, sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length, open: () => Readable.from(pieces) };
}

/** Everything a batch left behind that does not name its tenant, batch or row ids. */
async function outcome(db: SqlDriver, tenantId: string, batchId: string) {
  const b = (await getBatch(db, tenantId, batchId))!;
  const rows = await db.query(
    `SELECT row_number, supplier_id, category, tier, method, activity_date::text AS date, kg_co2e::text AS kg, gases::text AS gases,
            factor_id, dataset_version, dqi::text AS dqi, cv::text AS cv, lineage_hash, external_id, input, detail
       FROM emissions WHERE batch_id = $1 ORDER BY row_number`,
    [batchId],
  );
  const rollups = await db.query(
    `SELECT month::text AS month, category, tier, supplier_id, rows, kg_co2e::text AS kg, dqi_sum::text AS dqi
       FROM emission_rollups WHERE tenant_id = $1 ORDER BY month, category, tier, supplier_id`,
    [tenantId],
  );
  const errors = (await listBatchErrors(db, batchId, { limit: 1_000_000 })).map((e) => ({ row: e.row, field: e.field, value: e.value, reason: e.reason }));
  const found = {
    batch: { status: b.status, total: b.total, processed: b.processed, ok: b.rows_ok, failed: b.failed, kg: b.kg_co2e, error: b.error },
    supplierNames: b.meta.supplier_names ?? null,
    rows: rows.rows,
    errors,
    rollups: rollups.rows,
  };
  // Each tenant registered the same suppliers under its own ids: compared by name.
  const suppliers = await db.query<{ id: string; name: string }>('SELECT id, name FROM suppliers WHERE tenant_id = $1', [tenantId]);
  let text = JSON.stringify(found);
  for (const s of suppliers.rows) text = text.replaceAll(s.id, `<${s.name}>`);
  const named = JSON.parse(text) as typeof found;
  // Rollups were ordered by supplier id: ordered again by name.
  named.rollups.sort((a, b) => (JSON.stringify(Object.values(a)) < JSON.stringify(Object.values(b)) ? -1 : 1));
  return named;
}

export function runDifferentialSuite(label: string, open: DriverFactory, cases: number): void {
  const seed = Number(process.env.FUZZ_SEED ?? 1);
  const total = Number(process.env.FUZZ_CASES ?? cases);

  describe(`fast path against the general path (${label}, seed ${seed}, ${total} cases)`, () => {
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

    /** Ingests the file both ways (each into its own tenants) and returns both outcomes. */
    async function both(n: number, format: 'csv' | 'ndjson', file: MutatedFile, rand: () => number) {
      const results = [];
      for (const fastPath of [true, false]) {
        const tenant = await ensureTenant(db, `t${n}-${fastPath ? 'fast' : 'general'}`);
        for (const supplier of DIFFERENTIAL_SUPPLIERS) await createSupplier(db, tenant.id, supplier);
        const src = source(`case-${n}.${format}`, file.bytes, randomPieces(rand, file.bytes));
        const job = { tenantId: tenant.id, type: 'purchases' as const, format, settings: DEFAULT_SETTINGS, source: src, fastPath };
        const run = await ingest(db, job).then(
          (s) => ({ batchId: s.batchId, thrown: null as string | null }),
          (err: Error) => ({ batchId: null, thrown: err.message }),
        );
        results.push({ thrown: run.thrown, ...(run.batchId ? await outcome(db, tenant.id, run.batchId) : {}) });
      }
      return results;
    }

    it('stores the same bytes and reports the same row errors for every mutated file', async () => {
      const rand = seededRandom(seed);
      let rowsStored = 0;
      let rowErrors = 0;
      let withSupplier = 0;
      for (let n = 0; n < total; n++) {
        const caseSeed = Math.floor(rand() * 2 ** 31);
        const caseRand = seededRandom(caseSeed);
        const format = caseRand() < 0.8 ? 'csv' : 'ndjson';
        const rows = 5 + Math.floor(caseRand() * 60);
        const file = format === 'csv' ? mutatedPurchasesCsv(caseRand, rows, caseSeed) : mutatedPurchasesNdjson(caseRand, rows, caseSeed);
        const [fast, general] = await both(n, format, file, caseRand);
        const replay = `case ${n} (case seed ${caseSeed}, ${format}, ${rows} rows): ${file.mutations.join('; ') || 'no mutation'}`;
        expect(fast, replay).toEqual(general);
        rowsStored += (fast as { rows?: unknown[] }).rows?.length ?? 0;
        rowErrors += (fast as { errors?: unknown[] }).errors?.length ?? 0;
        withSupplier += ((fast as { rows?: Array<{ supplier_id: string | null }> }).rows ?? []).filter((r) => r.supplier_id !== null).length;
      }
      // The cases exercised both paths' stores and their errors, and rows got suppliers by name.
      expect(rowsStored).toBeGreaterThan(total * 5);
      expect(rowErrors).toBeGreaterThan(total / 4);
      expect(withSupplier).toBeGreaterThan(0);
    }, 600_000);
  });
}
