/**
 * Grouped report on 1,000,000 emission rows, real PostgreSQL (issue 7 target: category × month
 * < 100 ms median). Run: the report as the API computes it, from the rollups every write
 * maintains. Baseline in the same run: the same grouping straight over the emission rows (what
 * a report without rollups costs, even with the index-only date index). Rows are spread over 50
 * tenants' worth of suppliers, 15 categories, 3 tiers and 36 months for the measured tenant.
 */
import { defineSuite } from '../../src/perf/bench/suite.ts';
import type { SqlDriver } from '../../src/store/driver.ts';
import { emissionsReport } from '../../src/store/reports.ts';
import type { TestDatabase } from '../../test/support/databases.ts';
import { scratchPostgres, timedRuns } from './support.ts';

const ROWS = 1_000_000;
const TENANT = 'ten_bench';

interface Ctx {
  db: TestDatabase;
  driver: SqlDriver;
}

export default defineSuite({
  name: 'app-reports',
  kind: 'app',
  async setup(): Promise<Ctx> {
    const { db, driver } = await scratchPostgres('greenline_bench_reports', { statementTimeoutMs: 600_000 });
    await driver.query(`INSERT INTO tenants (id, name) VALUES ('${TENANT}', 'bench')`);
    await driver.query(
      `INSERT INTO emissions (id, tenant_id, tenant_no, supplier_id, category, tier, method, activity_date, kg_co2e, dqi, lineage_hash, detail)
       SELECT 'calc_' || lpad(g::text, 8, '0'), '${TENANT}', (SELECT no FROM tenants WHERE id = '${TENANT}'), 'sup_' || (g % 2000), 1 + g % 15, 1 + g % 3, 'bench',
              date '2022-01-01' + ((g::bigint * 7919) % 1096)::int, (g % 1000) * 1.5, 40 + g % 50, md5(g::text), '{}'::json
       FROM generate_series(1, ${ROWS}) g`,
    );
    await driver.query(
      `INSERT INTO emission_rollups (tenant_id, month, category, tier, supplier_id, rows, kg_co2e, dqi_sum)
       SELECT tenant_id, date_trunc('month', activity_date)::date, category, tier, COALESCE(supplier_id, ''), count(*), sum(kg_co2e), sum(dqi)
       FROM emissions GROUP BY 1, 2, 3, 4, 5`,
    );
    await driver.query(
      `INSERT INTO emission_rollups_by_category (tenant_id, month, category, tier, rows, kg_co2e, dqi_sum)
       SELECT tenant_id, month, category, tier, sum(rows), sum(kg_co2e), sum(dqi_sum) FROM emission_rollups GROUP BY 1, 2, 3, 4`,
    );
    await driver.query('VACUUM ANALYZE');
    return { db, driver };
  },
  async teardown(ctx) {
    await ctx.driver.close();
    await ctx.db.drop();
  },
  benchmarks: [
    {
      name: 'report by category × month, 1,000,000 rows (rollups) vs the same GROUP BY over the rows',
      // A report by supplier reads the supplier-level rollup: measured 144 ms on this data.
      rounds: 3,
      warmupRounds: 1,
      run: (ctx) =>
        timedRuns(async () => {
          const r = await emissionsReport(ctx.driver, TENANT, { groupBy: ['category', 'month'] });
          if (r.source !== 'rollups' || r.totals.rows !== ROWS) throw new Error(`unexpected report: ${r.source}, ${r.totals.rows} rows`);
        }, 5),
      baseline: (ctx) =>
        timedRuns(
          () =>
            ctx.driver.query(
              `SELECT category, to_char(activity_date, 'YYYY-MM') AS month, sum(kg_co2e), count(*), avg(dqi)
               FROM emissions WHERE tenant_no = (SELECT no FROM tenants WHERE id = $1) GROUP BY 1, 2 ORDER BY 1, 2`,
              [TENANT],
            ),
          5,
        ),
    },
  ],
});
