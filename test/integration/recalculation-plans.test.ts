/**
 * Query plans with superseded results in the table (PostgreSQL, 60,000 rows of one tenant, a third
 * of them superseded): the keyset indexes are partial on `superseded_by IS NULL` (migration 008),
 * so a deep listing page still reads exactly `limit + 1` index entries, a recalculation's walk
 * over its scope is a range scan of the date index from its position with no Sort, and finding
 * what a result superseded is an index lookup.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueryResult, SqlDriver, SqlExecutor } from '../../src/store/driver.ts';
import { listEmissions } from '../../src/store/emissions.ts';
import { migrate } from '../../src/store/migrate.ts';
import { openPostgres } from '../../src/store/postgres-driver.ts';
import { readScopePage, type StoredScope, supersessionOf } from '../../src/store/recalculations.ts';
import { tenantKey } from '../../src/store/tenants.ts';
import { createTestDatabase, type TestDatabase, testPoolConfig } from '../support/databases.ts';

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Index Cond'?: string;
  'Relation Name'?: string;
  'Actual Rows'?: number;
  Plans?: PlanNode[];
}

const planNodes = (root: PlanNode): PlanNode[] => [root, ...(root.Plans ?? []).flatMap(planNodes)];

/** Explains (with `analyze`, runs and explains) every statement sent; answers no rows. */
function explaining(db: SqlExecutor, analyze = false): { executor: SqlExecutor; plans: PlanNode[] } {
  const plans: PlanNode[] = [];
  return {
    plans,
    executor: {
      async query<R>(text: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
        const res = await db.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(`EXPLAIN (${analyze ? 'ANALYZE, ' : ''}FORMAT JSON) ${text}`, params);
        plans.push(res.rows[0]!['QUERY PLAN'][0]!.Plan);
        return { rows: [], rowCount: 0 };
      },
      copyIn: () => Promise.reject(new Error('COPY cannot be explained')),
    },
  };
}

const SCOPE: StoredScope = { batch_id: null, from: null, to: null, dataset: null, dataset_version: null, sources: null };

describe('query plans with superseded results (PostgreSQL)', () => {
  const TENANT = 'ten_recalc_plans';
  const ROWS = 60_000;
  let database: TestDatabase;
  let driver: SqlDriver;

  beforeAll(async () => {
    database = await createTestDatabase('greenline_recalc_plans');
    driver = await openPostgres(database.url, { ...testPoolConfig, max: 2 });
    await migrate(driver);
    await driver.query(`INSERT INTO tenants (id, name) VALUES ('${TENANT}', 'plans'), ('ten_other', 'other')`);
    await driver.query(
      `INSERT INTO emissions (id, tenant_id, tenant_no, category, tier, method, activity_date, kg_co2e, lineage_hash, detail, calculated_at, superseded_by)
       SELECT 'calc_' || lpad(g::text, 6, '0'), t.id, t.no, 1 + g % 15, 1 + g % 3, 'spend', date '2022-01-01' + (g * 37) % 1096, (g % 1000) * 1.5,
              md5(g::text), '{}', now() - interval '1 day',
              CASE WHEN g % 3 = 0 AND g < ${ROWS} THEN 'calc_' || lpad((g + ${ROWS} + 10000)::text, 6, '0') END
       FROM generate_series(0, ${ROWS + 5_000 - 1}) g JOIN tenants t ON t.id = CASE WHEN g < ${ROWS} THEN '${TENANT}' ELSE 'ten_other' END`,
    );
    await driver.query(`INSERT INTO recalculations (id, tenant_id, state, scope) VALUES ('rcl_plans', '${TENANT}', 'running', '{}')`);
    await driver.query('VACUUM ANALYZE emissions');
  });

  afterAll(async () => {
    await driver?.close();
    await database?.drop();
  });

  it('a deep listing page reads limit + 1 entries of the partial index: superseded rows are not in it', async () => {
    const first = await listEmissions(driver, TENANT, { filter: {}, sort: '-date', limit: 1, count: 'exact', secret: 's' });
    expect(first.totalCount).toBe(ROWS - ROWS / 3);
    const deep = await listEmissions(driver, TENANT, { filter: {}, sort: '-date', limit: 1, start: { offset: 35_000 }, secret: 's' });
    const ex = explaining(driver, true);
    await listEmissions(ex.executor, TENANT, { filter: {}, sort: '-date', limit: 100, start: { cursor: deep.endCursor! }, secret: 's' });
    const nodes = planNodes(ex.plans[0]!);
    const scan = nodes.find((n) => n['Index Name'] === 'emissions_date_keyset_idx');
    expect(scan?.['Actual Rows'], JSON.stringify(ex.plans[0], null, 1)).toBe(101);
    expect(nodes.some((n) => /Sort/.test(n['Node Type']))).toBe(false);
  });

  it("a recalculation's walk is a range scan of the date index from its position, in order", async () => {
    const no = (await tenantKey(driver, TENANT)).no;
    for (const scope of [SCOPE, { ...SCOPE, from: '2023-01-01', to: '2023-12-31' }]) {
      const ex = explaining(driver, true);
      await readScopePage(ex.executor, no, 'rcl_plans', scope, { date: '2023-06-01', rowNo: '1' }, 1000);
      const shown = JSON.stringify(ex.plans[0], null, 1);
      const nodes = planNodes(ex.plans[0]!);
      expect(nodes[0]!['Node Type'], shown).toBe('Limit');
      expect(
        nodes.some((n) => /Sort/.test(n['Node Type']) || (n['Node Type'] === 'Seq Scan' && n['Relation Name'] === 'emissions')),
        shown,
      ).toBe(false);
      const scan = nodes.find((n) => n['Index Name'] === 'emissions_date_keyset_idx');
      expect(scan?.['Index Cond'], shown).toMatch(/tenant_no = .*ROW\(activity_date, row_no\) > ROW\(/);
      expect(scan?.['Actual Rows'], shown).toBe(1000);
    }
  });

  it('what a result superseded, and what superseded it, are index lookups', async () => {
    const ex = explaining(driver);
    await supersessionOf(ex.executor, TENANT, 'calc_070000');
    const nodes = planNodes(ex.plans[0]!);
    const shown = JSON.stringify(ex.plans[0], null, 1);
    expect(
      nodes.some((n) => n['Node Type'] === 'Seq Scan'),
      shown,
    ).toBe(false);
    expect(
      nodes
        .map((n) => n['Index Name'])
        .filter(Boolean)
        .sort(),
      shown,
    ).toEqual(['emissions_pkey', 'emissions_superseded_by_idx']);
    // calc_000000 was superseded by calc_070000 (ids made up for the plan test).
    expect(await supersessionOf(driver, TENANT, 'calc_070000')).toMatchObject({ supersedes: { id: 'calc_000000' }, superseded: null });
    expect(await supersessionOf(driver, TENANT, 'calc_000000')).toMatchObject({ superseded: { by: 'calc_070000' }, supersedes: null });
  });
});
