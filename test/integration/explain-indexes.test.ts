/**
 * Query plans of the main lookups on a real PostgreSQL with 100,000 rows in each big table:
 * every one must be answered from the index the schema built for it, never by a sequential
 * scan of the table. The repository functions' own SQL is captured by handing them an executor
 * that runs `EXPLAIN (FORMAT JSON)` of whatever they send, with the same parameters, so the
 * plans checked are the plans of the SQL the application really runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueryResult, SqlDriver, SqlExecutor } from '../../src/store/driver.ts';
import { getFactor, listFactors, loadCandidates } from '../../src/store/factors.ts';
import { encodeCursor } from '../../src/store/keyset.ts';
import { migrate } from '../../src/store/migrate.ts';
import { openPostgres } from '../../src/store/postgres-driver.ts';
import { tenantKey } from '../../src/store/tenants.ts';
import { createTestDatabase, type TestDatabase, testPoolConfig } from '../support/databases.ts';

const ROWS = 100_000;
const TENANTS = 50;
const PUBLIC_FACTORS = 95_000;
const TENANT_FACTORS = ROWS - PUBLIC_FACTORS;
const ACTIVITY_KINDS = 5_000;

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
  [key: string]: unknown;
}

interface PlanSummary {
  nodeType: string;
  relation: string | null;
  index: string | null;
}

/** Every node of a plan tree, depth first, with what it reads. */
function planNodes(root: PlanNode): PlanSummary[] {
  const out: PlanSummary[] = [];
  const walk = (node: PlanNode) => {
    out.push({ nodeType: node['Node Type'], relation: node['Relation Name'] ?? null, index: node['Index Name'] ?? null });
    for (const child of node.Plans ?? []) walk(child);
  };
  walk(root);
  return out;
}

async function explain(db: SqlExecutor, sql: string, params: readonly unknown[] = []): Promise<PlanNode> {
  const res = await db.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(`EXPLAIN (FORMAT JSON) ${sql}`, params);
  const plan = res.rows[0]?.['QUERY PLAN'][0]?.Plan;
  if (!plan) throw new Error(`no plan for: ${sql}`);
  return plan;
}

/**
 * An executor that explains instead of executing: repository functions run against it send their
 * real SQL and parameters, get no rows back, and the plans are kept in order.
 */
function explainingExecutor(db: SqlExecutor): { executor: SqlExecutor; plans: PlanNode[]; sql: string[] } {
  const plans: PlanNode[] = [];
  const sql: string[] = [];
  return {
    plans,
    sql,
    executor: {
      async query<R>(text: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
        sql.push(text);
        plans.push(await explain(db, text, params ?? []));
        return { rows: [], rowCount: 0 };
      },
      copyIn: () => Promise.reject(new Error('COPY cannot be explained')),
    },
  };
}

/**
 * Asserts the plan reads `table` through one of `indexes` (and names the index), and never
 * sequentially scans `table`. The plan is in the failure message.
 */
function expectIndexed(plan: PlanNode, table: string, indexes: readonly string[]): PlanSummary[] {
  const nodes = planNodes(plan);
  const shown = JSON.stringify(plan, null, 1);
  const seqScans = nodes.filter((n) => n.nodeType === 'Seq Scan' && n.relation === table);
  expect(seqScans, `sequential scan of ${table}:\n${shown}`).toEqual([]);
  const used = nodes.filter((n) => n.index !== null).map((n) => n.index);
  expect(
    used.some((name) => indexes.includes(name!)),
    `expected one of ${indexes.join(', ')}; plan uses ${used.join(', ') || 'no index'}:\n${shown}`,
  ).toBe(true);
  const reads = nodes.filter((n) => /Index|Bitmap Heap/.test(n.nodeType));
  expect(reads.length, `no index access node:\n${shown}`).toBeGreaterThan(0);
  return nodes;
}

const tenantId = (t: number) => `ten_${String(t).padStart(2, '0')}`;
const supplierId = (n: number) => `sup_${String(n).padStart(6, '0')}`;
const activityName = (a: number) => `act_${String(a).padStart(4, '0')}`;

/*
 * Data shape (every generated value is a pure function of the row number, so the test can name rows):
 * - tenants ten_00..ten_49.
 * - suppliers n = 0..99,999: tenant n % 50 (2,000 per tenant); name "Supplier n Ltd"; one in five has
 *   a DUNS (9 digits = n), one in ten a LEI ("LEI" + 17 digits = n); the rest NULL.
 * - emissions g = 0..99,999: tenant g % 50, m = g / 50, category 1 + m % 15,
 *   supplier k = (m / 15) % 40 of the tenant (n = k * 2,500 + tenant: 2,000 suppliers in use),
 *   dates spread over 2022-01-01 .. 2024-12-31.
 * - factors: 95,000 public (tenant NULL), laid out as data set files are imported: by year
 *   (2020..2024), then activity act_0000..act_4999, then region GLOBAL/US/GB/DE; plus 5,000 tenant
 *   overrides (100 per tenant) over scattered activities and regions incl. FR and CN.
 */
async function load(db: SqlDriver): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(`INSERT INTO tenants (id, name) SELECT 'ten_' || lpad(t::text, 2, '0'), 'Tenant ' || t FROM generate_series(0, ${TENANTS - 1}) t`);
    await tx.query(
      `INSERT INTO factor_sources (id, tenant_id, name, publisher, dataset_version, licence, citation, factor_count)
       SELECT 'src_public_' || y, NULL, 'Public factors', 'Greenline test', y::text, 'CC-BY-4.0', 'Test data ' || y, 20000
       FROM generate_series(2020, 2024) y`,
    );
    await tx.query(
      `INSERT INTO factor_sources (id, tenant_id, name, publisher, dataset_version, licence, citation, factor_count)
       SELECT 'src_tenant_' || id, id, 'Tenant factors', 'tenant', 'tenant', 'proprietary', 'Supplied by the tenant', 100 FROM tenants`,
    );
    await tx.query(
      `INSERT INTO suppliers (id, tenant_id, name, normalized_name, country, duns, lei, vat, naics)
       SELECT 'sup_' || lpad(n::text, 6, '0'),
              'ten_' || lpad((n % ${TENANTS})::text, 2, '0'),
              'Supplier ' || n || ' Ltd',
              'supplier ' || n,
              (ARRAY['US', 'GB', 'DE', 'FR', 'CN'])[1 + n % 5],
              CASE WHEN n % 5 = 0 THEN lpad(n::text, 9, '0') END,
              CASE WHEN n % 10 = 3 THEN 'LEI' || lpad(n::text, 17, '0') END,
              NULL,
              CASE WHEN n % 3 = 0 THEN (331000 + n % 900)::text END
       FROM generate_series(0, ${ROWS - 1}) n`,
    );
    await tx.query(
      `INSERT INTO factors (id, tenant_id, source_id, supplier_id, activity, name, category, naics_code, region, year, value, unit,
                            gases, gwp_set, uncertainty, dataset_version, licence, citation)
       SELECT 'fac_p' || lpad(g::text, 6, '0'), NULL, 'src_public_' || (2020 + g / 20000),  NULL,
              'act_' || lpad(((g % 20000) / 4)::text, 4, '0'),
              'Factor for activity ' || ((g % 20000) / 4),
              CASE WHEN (g % 20000) / 4 % 7 = 0 THEN NULL ELSE 1 + ((g % 20000) / 4) % 15 END,
              NULL,
              (ARRAY['GLOBAL', 'US', 'GB', 'DE'])[1 + g % 4],
              2020 + g / 20000,
              0.1 + (g % 997) / 100.0,
              'kg',
              NULL, 'AR6', 0.1, (2020 + g / 20000)::text, 'CC-BY-4.0', 'Test data'
       FROM generate_series(0, ${PUBLIC_FACTORS - 1}) g`,
    );
    await tx.query(
      `INSERT INTO factors (id, tenant_id, source_id, supplier_id, activity, name, category, naics_code, region, year, value, unit,
                            gases, gwp_set, uncertainty, dataset_version, licence, citation)
       SELECT 'fac_t' || lpad(h::text, 6, '0'),
              'ten_' || lpad((h % ${TENANTS})::text, 2, '0'),
              'src_tenant_ten_' || lpad((h % ${TENANTS})::text, 2, '0'),
              CASE WHEN h % 4 = 0 THEN 'sup_' || lpad((((h / ${TENANTS}) % 40) * 2500 + h % ${TENANTS})::text, 6, '0') END,
              'act_' || lpad(((h * 97) % ${ACTIVITY_KINDS})::text, 4, '0'),
              'Tenant override ' || h,
              1 + h % 15,
              NULL,
              (ARRAY['GLOBAL', 'US', 'GB', 'DE', 'FR', 'CN'])[1 + h % 6],
              2020 + h % 5,
              0.2 + (h % 313) / 100.0,
              'kg',
              NULL, NULL, NULL, 'tenant', 'proprietary', 'Supplied by the tenant'
       FROM generate_series(0, ${TENANT_FACTORS - 1}) h`,
    );
    await tx.query(
      `INSERT INTO emissions (id, tenant_id, tenant_no, supplier_id, category, tier, method, activity_date, kg_co2e, gases,
                             factor_id, dataset_version, dqi, lineage_hash, external_id, input, detail)
       SELECT 'em_' || lpad(g::text, 6, '0'),
              'ten_' || lpad((g % ${TENANTS})::text, 2, '0'),
              (SELECT no FROM tenants WHERE id = 'ten_' || lpad((g % ${TENANTS})::text, 2, '0')),
              'sup_' || lpad(((((g / ${TENANTS}) / 15) % 40) * 2500 + g % ${TENANTS})::text, 6, '0'),
              1 + (g / ${TENANTS}) % 15,
              1 + g % 3, 'spend', date '2022-01-01' + (g * 37) % 1096, (g % 1000) * 1.5, NULL,
              'fac_p' || lpad(((g * 13) % ${PUBLIC_FACTORS})::text, 6, '0'), '2024', 2.5, md5(g::text),
              CASE WHEN g % 2 = 0 THEN 'ext-' || g END,
              json_build_object('activity', 'act_' || lpad(((g * 31) % ${ACTIVITY_KINDS})::text, 4, '0'), 'quantity', g % 1000, 'unit', 'kg'),
              '{}'::json
       FROM generate_series(0, ${ROWS - 1}) g`,
    );
  });
  // ANALYZE for statistics; VACUUM so the visibility map is set and index-only scans need no heap.
  await db.query('VACUUM ANALYZE');
}

describe('query plans on 100,000-row tables (PostgreSQL)', () => {
  let database: TestDatabase;
  let driver: SqlDriver;
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    let t = performance.now();
    database = await createTestDatabase('greenline_explain');
    driver = await openPostgres(database.url, { ...testPoolConfig, max: 2 });
    await migrate(driver);
    timings.setup = performance.now() - t;
    t = performance.now();
    await load(driver);
    timings.load = performance.now() - t;
  });

  afterAll(async () => {
    await driver?.close();
    await database?.drop();
  });

  it('loaded 100,000 rows into each big table', async () => {
    const res = await driver.query<{ factors: number; suppliers: number; emissions: number; in_use: number; categories: number }>(
      `SELECT (SELECT count(*) FROM factors) AS factors, (SELECT count(*) FROM suppliers) AS suppliers,
              (SELECT count(*) FROM emissions) AS emissions,
              (SELECT count(DISTINCT supplier_id) FROM emissions) AS in_use,
              (SELECT count(DISTINCT category) FROM emissions) AS categories`,
    );
    expect(res.rows[0]).toEqual({ factors: ROWS, suppliers: ROWS, emissions: ROWS, in_use: 2_000, categories: 15 });
    // Statistics are there, so the planner is not guessing.
    const stats = await driver.query<{ relname: string; n_live_tup: number }>(
      "SELECT relname, reltuples::bigint AS n_live_tup FROM pg_class WHERE relname IN ('factors', 'suppliers', 'emissions') ORDER BY relname",
    );
    for (const row of stats.rows) expect(row.n_live_tup, row.relname).toBeGreaterThan(90_000);
    console.info(`explain-indexes: setup ${timings.setup?.toFixed(0)} ms, load + VACUUM ANALYZE ${timings.load?.toFixed(0)} ms`);
  });

  it("the broker's candidate query (loadCandidates) uses factors_activity_idx", async () => {
    const ex = explainingExecutor(driver);
    // ~50 distinct activities, as a batch of activity lines would ask for.
    const activities = Array.from({ length: 50 }, (_, i) => activityName(i * 97 + 11));
    await loadCandidates(ex.executor, tenantId(7), activities);
    expect(ex.sql).toHaveLength(1);
    expect(ex.sql[0]).toMatch(/WHERE activity = ANY\(\$1::text\[\]\) AND \(tenant_id IS NULL OR tenant_id = \$2\)/);
    expectIndexed(ex.plans[0]!, 'factors', ['factors_activity_idx']);
    // The same statement with literal values plans the same way.
    const literal = ex.sql[0]!.replace('$1::text[]', `ARRAY[${activities.map((a) => `'${a}'`).join(', ')}]::text[]`).replace('$2', `'${tenantId(7)}'`);
    expectIndexed(await explain(driver, literal), 'factors', ['factors_activity_idx']);
  });

  it('a factor by id for a tenant (getFactor) uses factors_pkey', async () => {
    const ex = explainingExecutor(driver);
    await getFactor(ex.executor, tenantId(3), 'fac_p041234');
    await getFactor(ex.executor, tenantId(3), 'fac_t000003');
    for (const plan of ex.plans) {
      const nodes = expectIndexed(plan, 'factors', ['factors_pkey']);
      expect(nodes.some((n) => n.nodeType === 'Index Scan' && n.index === 'factors_pkey')).toBe(true);
    }
  });

  it('a keyset page of factors (listFactors) walks factors_pkey from the cursor', async () => {
    const secret = 'explain-test-secret';
    const ex = explainingExecutor(driver);
    await listFactors(ex.executor, tenantId(9), {}, { limit: 100, secret });
    // Deep in the table: the cursor's last id, as page 500 would carry it.
    await listFactors(ex.executor, tenantId(9), {}, { limit: 100, secret, cursor: encodeCursor(['fac_p050000'], secret, 'factors:{}') });
    expect(ex.sql[1]).toMatch(/id > \$2 ORDER BY id LIMIT \$3/);
    for (const plan of ex.plans) {
      const nodes = expectIndexed(plan, 'factors', ['factors_pkey']);
      expect(nodes[0]?.nodeType).toBe('Limit');
      // Reads in id order straight from the primary key: no sort of the table.
      expect(nodes.some((n) => n.nodeType === 'Sort')).toBe(false);
      expect(nodes.some((n) => n.nodeType === 'Index Scan' && n.index === 'factors_pkey')).toBe(true);
    }
  });

  it('a supplier by (tenant_id, duns) uses the partial unique index suppliers_tenant_duns_uq', async () => {
    // supplier 12345 * 5 = 61725 has DUNS 000061725 and belongs to tenant 61725 % 50 = 25.
    const plan = await explain(driver, 'SELECT id, name FROM suppliers WHERE tenant_id = $1 AND duns = $2', [tenantId(25), '000061725']);
    expectIndexed(plan, 'suppliers', ['suppliers_tenant_duns_uq']);
    const hit = await driver.query<{ id: string }>('SELECT id FROM suppliers WHERE tenant_id = $1 AND duns = $2', [tenantId(25), '000061725']);
    expect(hit.rows).toEqual([{ id: supplierId(61725) }]);
  });

  it('a supplier by (tenant_id, lei) uses the partial unique index suppliers_tenant_lei_uq', async () => {
    const lei = `LEI${String(4443).padStart(17, '0')}`; // n = 4443: n % 10 = 3, tenant 43
    const plan = await explain(driver, 'SELECT id, name FROM suppliers WHERE tenant_id = $1 AND lei = $2', [tenantId(43), lei]);
    expectIndexed(plan, 'suppliers', ['suppliers_tenant_lei_uq']);
    const hit = await driver.query<{ id: string }>('SELECT id FROM suppliers WHERE tenant_id = $1 AND lei = $2', [tenantId(43), lei]);
    expect(hit.rows).toEqual([{ id: supplierId(4443) }]);
  });

  it('a supplier by (tenant_id, normalized_name) uses suppliers_tenant_name_idx', async () => {
    const plan = await explain(driver, 'SELECT id, name FROM suppliers WHERE tenant_id = $1 AND normalized_name = $2', [tenantId(17), 'supplier 70017']);
    expectIndexed(plan, 'suppliers', ['suppliers_tenant_name_idx']);
  });

  it('date-range totals by category and tier are an index-only scan of emissions_date_keyset_idx', async () => {
    // As src/store/reports.ts reads rows: current results only, the partial index's predicate (migration 008).
    const sql = `SELECT category, tier, sum(kg_co2e) FROM emissions
                 WHERE tenant_no = $1 AND superseded_by IS NULL AND activity_date BETWEEN $2 AND $3 GROUP BY category, tier`;
    const params = [(await tenantKey(driver, tenantId(21))).no, '2023-01-01', '2023-12-31'];
    const plan = await explain(driver, sql, params);
    const nodes = expectIndexed(plan, 'emissions', ['emissions_date_keyset_idx']);
    const scan = nodes.find((n) => n.index === 'emissions_date_keyset_idx');
    expect(scan?.nodeType, JSON.stringify(plan, null, 1)).toBe('Index Only Scan');
    // Executed, it reads (almost) no heap pages: the visibility map answers for the rows. VACUUM can
    // only mark pages all-visible past the cluster's oldest snapshot, and other test files share
    // the cluster, so a page or two may still be fetched.
    await driver.query('VACUUM emissions');
    const res = await driver.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, params);
    const analyzed = res.rows[0]!['QUERY PLAN'][0]!.Plan;
    const findScan = (n: PlanNode): PlanNode | undefined =>
      n['Index Name'] === 'emissions_date_keyset_idx' ? n : (n.Plans ?? []).map(findScan).find((x) => x !== undefined);
    const executed = findScan(analyzed);
    expect(executed?.['Node Type']).toBe('Index Only Scan');
    expect(executed?.['Actual Rows']).toBeGreaterThan(100);
    expect(executed?.['Heap Fetches']).toBeLessThan(Number(executed?.['Actual Rows'] ?? 0) / 10);
  });
});
