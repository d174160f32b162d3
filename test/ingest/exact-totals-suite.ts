/**
 * Kept totals are exact (migration 011, src/domain/exact-sum.ts): the same file ingested with other
 * chunk sizes and concurrency gives byte-identical batch totals (they used to differ in their last
 * digits), each equal to the exact sum of its rows; the rollups equal a recomputation from the
 * rows; and adding huge values to a rollup no longer overflows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/domain/scope3/types.ts';
import { type IngestOptions, ingest } from '../../src/ingest/pipeline.ts';
import { prepareDatabase } from '../../src/runtime.ts';
import type { SqlDriver } from '../../src/store/driver.ts';
import { emissionsReport } from '../../src/store/reports.ts';
import { exactDecimalSql, RollupAccumulator } from '../../src/store/rollups.ts';
import { ensureTenant } from '../../src/store/tenants.ts';
import type { DriverFactory, DriverFixture } from '../support/databases.ts';
import { generated, textSource } from './ingest-suite.ts';

export function runExactTotalsSuite(label: string, open: DriverFactory): void {
  describe(`exact totals on ${label}`, () => {
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

    /** A batch's kept totals, exactly as stored (numeric as text). */
    const kept = async (batchId: string) =>
      (
        await db.query<{ kg: string; by_category: string }>(
          `SELECT trim_scale(b.kg_co2e)::text AS kg,
                  (SELECT string_agg(k || '=' || trim_scale(v)::text, ',' ORDER BY k)
                   FROM (SELECT c.key AS k, sum(c.value::numeric) AS v FROM batch_chunks, json_each_text(by_category) c WHERE batch_id = b.id GROUP BY c.key) s) AS by_category
           FROM batches b WHERE id = $1`,
          [batchId],
        )
      ).rows[0]!;
    /** The same, recomputed from the batch's rows. */
    const fromRows = async (batchId: string) =>
      (
        await db.query<{ kg: string; by_category: string }>(
          `SELECT trim_scale(sum(v))::text AS kg,
                  (SELECT string_agg(category || '=' || trim_scale(s)::text, ',' ORDER BY category::text)
                   FROM (SELECT category, sum(${exactDecimalSql('kg_co2e')}) AS s FROM emissions WHERE batch_id = $1 GROUP BY category) c) AS by_category
           FROM (SELECT ${exactDecimalSql('kg_co2e')} AS v FROM emissions WHERE batch_id = $1) r`,
          [batchId],
        )
      ).rows[0]!;
    /** Rollup cells that differ from a recomputation from the tenant's current rows (either table). */
    const rollupMismatches = async (tenantId: string) =>
      (
        await db.query<{ n: number }>(
          `WITH fine AS (
             SELECT to_char(activity_date, 'YYYY-MM-01') AS month, category, tier, COALESCE(supplier_id, '') AS supplier,
                    count(*) AS rows, sum(${exactDecimalSql('kg_co2e')}) AS kg, COALESCE(sum(${exactDecimalSql('dqi')}), 0) AS dqi
             FROM emissions WHERE tenant_id = $1 AND superseded_by IS NULL GROUP BY 1, 2, 3, 4),
           coarse AS (SELECT month, category, tier, sum(rows) AS rows, sum(kg) AS kg, sum(dqi) AS dqi FROM fine GROUP BY 1, 2, 3),
           kept_fine AS (SELECT to_char(month, 'YYYY-MM-01') AS month, category, tier, supplier_id AS supplier, rows, kg_co2e AS kg, dqi_sum AS dqi
                         FROM emission_rollups WHERE tenant_id = $1 AND rows <> 0),
           kept_coarse AS (SELECT to_char(month, 'YYYY-MM-01') AS month, category, tier, rows, kg_co2e AS kg, dqi_sum AS dqi
                           FROM emission_rollups_by_category WHERE tenant_id = $1 AND rows <> 0)
           SELECT ((SELECT count(*) FROM (SELECT * FROM fine EXCEPT SELECT * FROM kept_fine) a)
                 + (SELECT count(*) FROM (SELECT * FROM kept_fine EXCEPT SELECT * FROM fine) b)
                 + (SELECT count(*) FROM (SELECT * FROM coarse EXCEPT SELECT * FROM kept_coarse) c)
                 + (SELECT count(*) FROM (SELECT * FROM kept_coarse EXCEPT SELECT * FROM coarse) d))::int AS n`,
          [tenantId],
        )
      ).rows[0]!.n;

    it('gives byte-identical batch totals whatever the chunk sizes and concurrency, equal to the exact sum of the rows', async () => {
      const text = generated('activities', 6_000, 11);
      const run = async (tenant: string, over: Partial<IngestOptions>) => {
        const tenantId = (await ensureTenant(db, tenant)).id;
        const s = await ingest(db, { tenantId, type: 'activities', format: 'csv', settings: DEFAULT_SETTINGS, source: textSource('a.csv', text), ...over });
        return { tenantId, batchId: s.batchId, summary: s };
      };
      const small = await run('exact-small', { chunk: { initial: 250, min: 250, max: 250 }, concurrency: 1 });
      const big = await run('exact-big', { chunk: { initial: 2_500, min: 2_500, max: 2_500 }, concurrency: 3 });
      const mixed = await run('exact-mixed', { chunk: { initial: 300, min: 250, max: 2_000 }, concurrency: 2 });
      expect(small.summary.rowsOk).toBeGreaterThan(5_000);
      const totals = await kept(small.batchId);
      expect(totals.kg).toMatch(/^\d+\.\d+$/);
      expect(await kept(big.batchId)).toEqual(totals);
      expect(await kept(mixed.batchId)).toEqual(totals);
      expect(await fromRows(small.batchId)).toEqual(totals);
      expect(big.summary.kgCo2e).toBe(small.summary.kgCo2e);
      expect(big.summary.byCategory).toEqual(small.summary.byCategory);
      for (const r of [small, big, mixed]) expect(await rollupMismatches(r.tenantId)).toBe(0);
    });

    it('keeps adding to a rollup past the largest double without "value out of range"; the rollup report reads it', async () => {
      const tenantId = (await ensureTenant(db, 'exact-huge')).id;
      for (let i = 0; i < 2; i++) {
        const r = new RollupAccumulator();
        r.add('2024-03-05', 1, 3, null, 1e308, 2);
        await db.transaction((tx) => r.store(tx, tenantId));
      }
      const stored = await db.query<{ kg: string }>('SELECT trim_scale(kg_co2e)::text AS kg FROM emission_rollups_by_category WHERE tenant_id = $1', [
        tenantId,
      ]);
      expect(stored.rows[0]!.kg).toBe((BigInt(1e308) * 2n).toString());
      const report = await emissionsReport(db, tenantId, { groupBy: ['category'], from: '2024-01-01', to: '2024-12-31' });
      expect(report).toMatchObject({ source: 'rollups', totals: { rows: 2, kg_co2e: Number.POSITIVE_INFINITY } });
    });
  });
}
