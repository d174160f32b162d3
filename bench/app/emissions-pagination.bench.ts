/**
 * Emission pages at depth on real PostgreSQL (issue 7 target: with 1,000,000 emission rows, a
 * keyset page at depth 900,000 within 1.5× of page 1; OFFSET is the contrast, in the same run).
 *
 * Timed: the store function `listEmissions` (SQL round trip and row mapping, no HTTP), limit 100,
 * sort `-date`, one tenant, sequential calls on a 2-connection pool.
 * - keyset: run = the page after the row at position 900,000 (its cursor built in setup),
 *   baseline = page 1, so the reported ratio is depth / page 1;
 * - offset: run = OFFSET 900,000, baseline = OFFSET 0, the same pages the old way.
 * Data: one INSERT … SELECT FROM generate_series (about 550 rows per date, so the order leans on
 * the id tie-break), then VACUUM ANALYZE. Setup takes about half a minute.
 */
import { defineSuite } from '../../src/perf/bench/suite.ts';
import type { SqlDriver } from '../../src/store/driver.ts';
import { type EmissionListRequest, listEmissions } from '../../src/store/emissions.ts';
import { ensureTenant } from '../../src/store/tenants.ts';
import type { TestDatabase } from '../../test/support/databases.ts';
import { scratchPostgres } from './support.ts';

const ROWS = 1_000_000;
const DEPTH = 900_000;
const LIMIT = 100;
const SECRET = 'bench-cursor-secret';

interface Ctx {
  db: TestDatabase;
  driver: SqlDriver;
  tenantId: string;
  deepCursor: string;
}

async function timedPages(ctx: Ctx, start: EmissionListRequest['start'], count: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const page = await listEmissions(ctx.driver, ctx.tenantId, { filter: {}, sort: '-date', limit: LIMIT, start, secret: SECRET });
    samples.push(performance.now() - started);
    if (page.items.length !== LIMIT) throw new Error(`expected a full page of ${LIMIT}, got ${page.items.length}`);
  }
  return samples;
}

export default defineSuite({
  name: 'app-emissions-pagination',
  kind: 'app',
  async setup(): Promise<Ctx> {
    const { db, driver } = await scratchPostgres('greenline_bench_emissions', { max: 2, statementTimeoutMs: 600_000 });
    const tenantId = (await ensureTenant(driver, 'bench')).id;
    const started = performance.now();
    await driver.query(
      `INSERT INTO emissions (id, tenant_id, tenant_no, supplier_id, category, tier, method, activity_date, kg_co2e, dataset_version, dqi,
                              lineage_hash, external_id, row_number, detail)
       SELECT 'em_' || lpad(g::text, 7, '0'), $1, (SELECT no FROM tenants WHERE id = $1), 'sup_' || g % 200, 1 + g % 15, 1 + g % 3, 'spend',
              date '2020-01-01' + (g * 37) % 1826, (g % 1000) * 1.5, '2024', 2.5, md5(g::text), 'ext-' || g, g, '{}'::json
       FROM generate_series(1, ${ROWS}) g`,
      [tenantId],
    );
    await driver.query('VACUUM ANALYZE emissions');
    console.error(`  emissions-pagination: ${ROWS.toLocaleString('en-US')} rows loaded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    // The cursor a client holds after reading row 900,000: that row's end cursor.
    const atDepth = await listEmissions(driver, tenantId, { filter: {}, sort: '-date', limit: 1, start: { offset: DEPTH - 1 }, secret: SECRET });
    const deepCursor = atDepth.endCursor!;
    // The deep keyset page and OFFSET 900,000 must be the same rows, or the comparison is void.
    const byCursor = await listEmissions(driver, tenantId, { filter: {}, sort: '-date', limit: LIMIT, start: { cursor: deepCursor }, secret: SECRET });
    const byOffset = await listEmissions(driver, tenantId, { filter: {}, sort: '-date', limit: LIMIT, start: { offset: DEPTH }, secret: SECRET });
    if (byCursor.items.map((e) => e.id).join() !== byOffset.items.map((e) => e.id).join()) throw new Error('keyset and offset pages at depth differ');
    return { db, driver, tenantId, deepCursor };
  },
  async teardown(ctx) {
    await ctx.driver.close();
    await ctx.db.drop();
  },
  benchmarks: [
    {
      name: `keyset page (limit ${LIMIT}, -date) at depth 900,000 vs page 1, 1M rows, listEmissions`,
      rounds: 3,
      warmupRounds: 1,
      run: (ctx) => timedPages(ctx, { cursor: ctx.deepCursor }, 300),
      baseline: (ctx) => timedPages(ctx, undefined, 300),
    },
    {
      name: `OFFSET 900,000 vs OFFSET 0 (limit ${LIMIT}, -date), 1M rows, listEmissions`,
      rounds: 2,
      warmupRounds: 1,
      run: (ctx) => timedPages(ctx, { offset: DEPTH }, 5),
      baseline: (ctx) => timedPages(ctx, { offset: 0 }, 5),
    },
  ],
});
