/**
 * CBAM bulk ingest skips the stored-shipment_id question per chunk and lets the unique index
 * refuse a clash at commit, then computes that chunk again with the check (docs/cbam.md, Storage
 * and speed). That must never change what is stored: each seeded case stores some shipments first,
 * then ingests a file — shipment_ids repeated within it and clashing with stored ones, bad lines,
 * small chunks so clashes cross chunk boundaries — once optimistically (fastPath on) and once
 * checking every chunk first (fastPath false), each into its own tenant; the two must store the
 * same rows, report the same row errors and end with the same rollups and batch counters. Every
 * third case also runs optimistically on a compute thread (computeThread, src/ingest/cbam-thread.ts),
 * which must store the same too.
 *
 * By hand, more cases: FUZZ_SEED=7 FUZZ_CASES=100 npx vitest run test/ingest/cbam-differential-pglite.test.ts
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/domain/scope3/types.ts';
import { type IngestSource, ingest } from '../../src/ingest/pipeline.ts';
import { prepareDatabase } from '../../src/runtime.ts';
import { getBatch, listBatchErrors } from '../../src/store/batches.ts';
import type { SqlDriver } from '../../src/store/driver.ts';
import { ensureTenant } from '../../src/store/tenants.ts';
import type { DriverFactory, DriverFixture } from '../support/databases.ts';
import { type Random, seededRandom } from '../support/random.ts';

const HEADER = 'shipment_id,import_date,cn_code,origin_country,quantity,unit,actual_direct_see,actual_verified,verifier,verified_on';
const CN = ['72085120', '76061291', '25232900', '31021010', '73084000', '99999999'];
const ORIGINS = ['CN', 'TR', 'IN', 'DE', 'XX'];

function source(name: string, text: string): IngestSource {
  const bytes = Buffer.from(text);
  return { name, sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length, open: () => Readable.from([bytes]) };
}

/** A file of `rows` lines whose ids come from a small pool (repeats), with some bad codes and dates. */
function shipmentsCsv(rand: Random, rows: number, pool: number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const lines = [HEADER];
  for (let i = 0; i < rows; i++) {
    const id = `S-${Math.floor(rand() * pool)}`;
    const date = rand() < 0.05 ? '2026-02-30' : `2026-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 9)}`;
    const actual = rand() < 0.3 ? `${(0.5 + rand() * 2).toFixed(3)},true,DNV,2026-01-05` : ',,,';
    lines.push(`${id},${date},${pick(CN)},${rand() < 0.9 ? pick(ORIGINS.slice(0, 3)) : pick(ORIGINS)},${(rand() * 500).toFixed(2)},t,${actual}`);
  }
  return `${lines.join('\n')}\n`;
}

/** What a batch left behind, without tenant, batch or row ids. */
async function outcome(db: SqlDriver, tenantId: string, batchId: string) {
  const b = (await getBatch(db, tenantId, batchId))!;
  const rows = await db.query(
    `SELECT shipment_id, row_number, import_date::text AS date, cn_code, origin_country, quantity, method, direct_see, indirect_see, markup_pct,
            direct_t, indirect_t, counted_t, carbon_price_paid_eur, dataset_id, input::text AS input, warnings, lineage_hash
       FROM cbam_shipments WHERE tenant_id = $1 ORDER BY shipment_id`,
    [tenantId],
  );
  const rollups = await db.query(
    `SELECT year, quarter, cn_code, origin_country, installation_id, method, shipments, trim_scale(quantity)::text AS q, trim_scale(direct_t)::text AS d,
            trim_scale(indirect_t)::text AS i, trim_scale(counted_t)::text AS c FROM cbam_rollups WHERE tenant_id = $1 ORDER BY 1, 2, 3, 4, 5, 6`,
    [tenantId],
  );
  const errors = (await listBatchErrors(db, batchId, { limit: 1_000_000 })).map((e) => ({ row: e.row, field: e.field, value: e.value, reason: e.reason }));
  return {
    batch: { status: b.status, total: b.total, processed: b.processed, ok: b.rows_ok, failed: b.failed, warned: b.with_warnings, kg: b.kg_co2e },
    rows: rows.rows,
    errors,
    rollups: rollups.rows,
  };
}

export function runCbamDifferentialSuite(label: string, open: DriverFactory, cases: number): void {
  const seed = Number(process.env.FUZZ_SEED ?? 1);
  const total = Number(process.env.FUZZ_CASES ?? cases);

  describe(`CBAM ingest, optimistic against checked (${label}, seed ${seed}, ${total} cases)`, () => {
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

    it('stores the same rows, errors and rollups whether clashes are found first or at commit', async () => {
      const rand = seededRandom(seed);
      let clashes = 0;
      let stored = 0;
      for (let n = 0; n < total; n++) {
        const caseSeed = Math.floor(rand() * 2 ** 31);
        const pool = 20 + Math.floor(seededRandom(caseSeed)() * 60);
        const first = shipmentsCsv(seededRandom(caseSeed + 1), 15, pool);
        const file = shipmentsCsv(seededRandom(caseSeed + 2), 20 + Math.floor(seededRandom(caseSeed + 3)() * 60), pool);
        const results = [];
        // Optimistic, optimistic on a compute thread (one case in three: a thread costs a start), checked.
        const runs = [
          { name: 'fast', fastPath: true, computeThread: false },
          ...(n % 3 === 0 ? [{ name: 'thread', fastPath: true, computeThread: true }] : []),
          { name: 'checked', fastPath: false, computeThread: false },
        ];
        for (const { name, fastPath, computeThread } of runs) {
          const tenant = await ensureTenant(db, `c${n}-${name}`);
          const job = { tenantId: tenant.id, type: 'cbam-shipments' as const, format: 'csv' as const, settings: DEFAULT_SETTINGS, fastPath, computeThread };
          await ingest(db, { ...job, source: source(`first-${n}.csv`, first) });
          const s = await ingest(db, { ...job, source: source(`case-${n}.csv`, file), chunk: { initial: 7, min: 3, max: 11 } });
          results.push(await outcome(db, tenant.id, s.batchId));
        }
        const checked = results.at(-1)!;
        for (const [i, r] of results.slice(0, -1).entries()) expect(r, `case ${n} (case seed ${caseSeed}), ${runs[i]!.name}`).toEqual(checked);
        const fast = results[0]!;
        clashes += fast.errors.filter((e) => e.field === 'shipment_id').length;
        stored += fast.rows.length;
      }
      // The cases did clash (within files and with stored shipments) and did store.
      expect(clashes).toBeGreaterThan(total);
      expect(stored).toBeGreaterThan(total * 10);
    }, 600_000);
  });
}
