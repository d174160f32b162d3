/**
 * Keyset pages of emissions on a real PostgreSQL:
 * - property test: random data with many ties on both sort keys, random page sizes, every sort,
 *   with and without filters; walking forward visits each matching row once in the exact order
 *   of an ORDER BY, walking back from the last page visits them all again; another tenant's rows
 *   (sharing the keys) never appear;
 * - query plans: a page deep into 100,000 rows is an index range scan of the sort's keyset index
 *   (the cursor in the Index Cond, no Sort node), and executed it reads only the page's rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueryResult, SqlDriver, SqlExecutor } from '../../src/store/driver.ts';
import { EMISSION_SORTS, type EmissionFilter, type EmissionListRequest, type EmissionSort, listEmissions } from '../../src/store/emissions.ts';
import { migrate } from '../../src/store/migrate.ts';
import { openPostgres } from '../../src/store/postgres-driver.ts';
import { createTestDatabase, type TestDatabase, testPoolConfig } from '../support/databases.ts';
import { seededRandom as prng } from '../support/random.ts';

const SECRET = 'keyset-test-secret';

/** Ties are ordered by `row_no`, the insertion number (migration 006), never shown by the API. */
const SORT_SQL: Record<EmissionSort, string> = {
  date: 'activity_date ASC, row_no ASC',
  '-date': 'activity_date DESC, row_no DESC',
  amount: 'kg_co2e ASC, row_no ASC',
  '-amount': 'kg_co2e DESC, row_no DESC',
};

/** The filter as SQL, written independently of the store's, for the expected rows. */
function filterWhere(f: EmissionFilter, params: unknown[]): string {
  const where = ['tenant_id = $1'];
  const add = (sql: string, v: unknown) => {
    params.push(v);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (f.supplierId !== undefined) add('supplier_id = ?', f.supplierId);
  if (f.category !== undefined) add('category = ?', f.category);
  if (f.tier !== undefined) add('tier = ?', f.tier);
  if (f.from !== undefined) add('activity_date >= ?::date', f.from);
  if (f.to !== undefined) add('activity_date <= ?::date', f.to);
  if (f.batchId !== undefined) add('batch_id = ?', f.batchId);
  return where.join(' AND ');
}

describe('emission keyset pages: property test (PostgreSQL)', () => {
  const TENANT = 'ten_prop';
  const OTHER = 'ten_other';
  const ROWS = 3_000;
  const OTHER_ROWS = 1_000;
  const DATES = Array.from({ length: 12 }, (_, i) => `2024-${String(1 + (i % 6)).padStart(2, '0')}-${String(1 + 9 * Math.floor(i / 6)).padStart(2, '0')}`);
  // Few amounts, so most rows tie; awkward floats check the cursor round-trips them exactly.
  const AMOUNTS = [0, 0.1, 0.1 + 0.2, 1.5, 2.5, 100, 1234.5678, 1e-9, 7 / 3];
  let database: TestDatabase;
  let driver: SqlDriver;

  beforeAll(async () => {
    database = await createTestDatabase('greenline_keyset');
    driver = await openPostgres(database.url, { ...testPoolConfig, max: 2 });
    await migrate(driver);
    await driver.query("INSERT INTO tenants (id, name) VALUES ($1, 'prop'), ($2, 'other')", [TENANT, OTHER]);
    const rand = prng(20_240_601);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    const ids = new Set<string>();
    const rows: Array<[string, string, string | null, number, number, string, number, string | null]> = [];
    for (let i = 0; i < ROWS + OTHER_ROWS; i++) {
      // Random ids of varying length (some prefixes of others), unrelated to insertion order.
      let id: string;
      do
        id = `em_${Math.floor(rand() * 36 ** 4)
          .toString(36)
          .slice(0, 1 + Math.floor(rand() * 4))}`;
      while (ids.has(id));
      ids.add(id);
      const tenant = i < ROWS ? TENANT : OTHER;
      rows.push([
        id,
        tenant,
        rand() < 0.8 ? pick(['sup_1', 'sup_2', 'sup_3']) : null,
        1 + Math.floor(rand() * 15),
        1 + Math.floor(rand() * 3),
        pick(DATES),
        pick(AMOUNTS),
        rand() < 0.5 ? 'bat_1' : null,
      ]);
    }
    const col = (k: number) => rows.map((r) => r[k]);
    await driver.query(
      `INSERT INTO emissions (id, tenant_id, tenant_no, supplier_id, category, tier, method, activity_date, kg_co2e, lineage_hash, batch_id, detail)
       SELECT u.id, u.tenant_id, (SELECT no FROM tenants t WHERE t.id = u.tenant_id), u.supplier_id, u.category, u.tier, 'spend', u.activity_date, u.kg_co2e, md5(u.id), u.batch_id, '{}'::json
       FROM unnest($1::text[], $2::text[], $3::text[], $4::smallint[], $5::smallint[], $6::date[], $7::float8[], $8::text[])
         AS u(id, tenant_id, supplier_id, category, tier, activity_date, kg_co2e, batch_id)`,
      [col(0), col(1), col(2), col(3), col(4), col(5), col(6), col(7)],
    );
    await driver.query('ANALYZE emissions');
  });

  afterAll(async () => {
    await driver?.close();
    await database?.drop();
  });

  const FILTERS: Array<(rand: () => number) => EmissionFilter> = [
    (r) => ({ category: 1 + Math.floor(r() * 15) }),
    (r) => ({ supplierId: `sup_${1 + Math.floor(r() * 3)}` }),
    (r) => ({ from: DATES[Math.floor(r() * 6)], to: DATES[6 + Math.floor(r() * 6)] }),
    (r) => ({ tier: 1 + Math.floor(r() * 3), batchId: 'bat_1' }),
    (r) => ({ from: DATES[Math.floor(r() * 12)] }),
    () => ({ supplierId: 'sup_nobody' }),
  ];

  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`seed ${seed}: forward and backward walks visit every row once, in order, for every sort`, async () => {
      const rand = prng(seed);
      const pageSize = () => 1 + Math.floor(rand() * 50);
      const filters: EmissionFilter[] = [{}, FILTERS[Math.floor(rand() * FILTERS.length)]!(rand)];
      for (const filter of filters) {
        for (const sort of EMISSION_SORTS) {
          const label = `seed ${seed}, sort ${sort}, filter ${JSON.stringify(filter)}`;
          const params: unknown[] = [TENANT];
          const where = filterWhere(filter, params);
          const expected = (await driver.query<{ id: string }>(`SELECT id FROM emissions WHERE ${where} ORDER BY ${SORT_SQL[sort]}`, params)).rows.map(
            (r) => r.id,
          );
          const page = (cursor: string | undefined, limit: number) =>
            listEmissions(driver, TENANT, {
              filter,
              sort,
              limit,
              start: cursor === undefined ? undefined : { cursor },
              secret: SECRET,
            } satisfies EmissionListRequest);

          // Forward from the first page to the end.
          const forward: string[][] = [];
          let current = await page(undefined, pageSize());
          expect(current.hasPreviousPage, label).toBe(false);
          forward.push(current.items.map((e) => e.id));
          while (current.hasNextPage) {
            // A paginator that repeats rows would never end: stop at more pages than rows.
            expect(forward.length, label).toBeLessThanOrEqual(expected.length);
            expect(current.items.length, label).toBeGreaterThan(0);
            current = await page(current.endCursor!, pageSize());
            expect(current.hasPreviousPage, label).toBe(true);
            forward.push(current.items.map((e) => e.id));
          }
          expect(forward.flat(), label).toEqual(expected);
          if (expected.length === 0) {
            expect(current).toMatchObject({ items: [], hasNextPage: false, startCursor: null, endCursor: null });
            continue;
          }

          // Backward from the last page to the first: full pages until the start, then the rest.
          const backward: string[][] = [];
          while (current.hasPreviousPage) {
            expect(backward.length, label).toBeLessThanOrEqual(expected.length);
            const limit = pageSize();
            current = await page(current.startCursor!, limit);
            expect(current.hasNextPage, label).toBe(true);
            if (current.hasPreviousPage) expect(current.items.length, label).toBe(limit);
            backward.push(current.items.map((e) => e.id));
          }
          expect([...backward.reverse().flat(), ...forward.at(-1)!], label).toEqual(expected);
        }
      }
    });
  }
});

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Index Cond'?: string;
  'Actual Rows'?: number;
  Plans?: PlanNode[];
}

function planNodes(root: PlanNode): PlanNode[] {
  return [root, ...(root.Plans ?? []).flatMap(planNodes)];
}

/** An executor that explains (or, with `analyze`, runs and explains) whatever it is sent. */
function explainingExecutor(db: SqlExecutor, analyze = false): { executor: SqlExecutor; plans: PlanNode[] } {
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

describe('emission keyset pages: query plans at depth on 100,000 rows (PostgreSQL)', () => {
  const TENANT = 'ten_big';
  const ROWS = 100_000;
  const INDEX: Record<EmissionSort, string> = {
    date: 'emissions_date_keyset_idx',
    '-date': 'emissions_date_keyset_idx',
    amount: 'emissions_amount_keyset_idx',
    '-amount': 'emissions_amount_keyset_idx',
  };
  let database: TestDatabase;
  let driver: SqlDriver;

  beforeAll(async () => {
    database = await createTestDatabase('greenline_keyset_plans');
    driver = await openPostgres(database.url, { ...testPoolConfig, max: 2 });
    await migrate(driver);
    // 100,000 rows of the tenant (about 91 per date, 100 per amount) and 50,000 of 49 others.
    await driver.query(`INSERT INTO tenants (id, name) SELECT 'ten_' || g, 'other-' || g FROM generate_series(0, 48) g UNION ALL SELECT '${TENANT}', 'big'`);
    await driver.query(
      `INSERT INTO emissions (id, tenant_id, tenant_no, supplier_id, category, tier, method, activity_date, kg_co2e, lineage_hash, batch_id, detail)
       SELECT e.id, e.tenant_id, t.no, e.supplier_id, e.category, e.tier, 'spend', e.activity_date, e.kg_co2e, e.lineage_hash, e.batch_id, '{}'::json
       FROM (SELECT 'em_' || lpad(g::text, 6, '0') AS id, CASE WHEN g < ${ROWS} THEN '${TENANT}' ELSE 'ten_' || g % 49 END AS tenant_id,
                    'sup_' || g % 40 AS supplier_id, 1 + g % 15 AS category, 1 + g % 3 AS tier, date '2022-01-01' + (g * 37) % 1096 AS activity_date,
                    (g % 1000) * 1.5 AS kg_co2e, md5(g::text) AS lineage_hash, 'bat_' || g / 10000 AS batch_id
             FROM generate_series(0, ${ROWS + 50_000 - 1}) g) e
       JOIN tenants t ON t.id = e.tenant_id
       ORDER BY e.id`,
    );
    await driver.query('VACUUM ANALYZE emissions');
  });

  afterAll(async () => {
    await driver?.close();
    await database?.drop();
  });

  /** A cursor 90% of the way into the filtered list, in either direction, as a client would hold it. */
  async function deepCursor(sort: EmissionSort, filter: EmissionFilter, backward: boolean): Promise<string> {
    const total = (await listEmissions(driver, TENANT, { filter, sort, limit: 1, count: 'exact', secret: SECRET })).totalCount!;
    const page = await listEmissions(driver, TENANT, { filter, sort, limit: 1, start: { offset: Math.floor(total * 0.9) }, secret: SECRET });
    return backward ? page.startCursor! : page.endCursor!;
  }

  /** Tenant only, or filters the planner expects to match plenty of rows past the cursor. */
  const orderedCases: Array<[EmissionSort, EmissionFilter]> = [
    ...EMISSION_SORTS.map((sort): [EmissionSort, EmissionFilter] => [sort, {}]),
    ['-date', { category: 3 }],
    ['-date', { from: '2022-06-01', to: '2024-06-30' }],
    ['amount', { category: 3 }],
    ['-amount', { tier: 1 }],
  ];

  const keysetScan = (nodes: PlanNode[], sort: EmissionSort) => nodes.find((n) => n['Index Name'] === INDEX[sort]);
  // The cursor bounds the scan in the index (a range), it is not a filter over the rows before it.
  const CURSOR_RANGE = /tenant_no = .*ROW\((activity_date|kg_co2e), row_no\) [<>] ROW\(/;

  for (const [sort, filter] of orderedCases) {
    it(`sort ${sort}, filter ${JSON.stringify(filter)}: range scan of ${INDEX[sort]} from the cursor, both directions, no Sort`, async () => {
      for (const backward of [false, true]) {
        const cursor = await deepCursor(sort, filter, backward);
        const ex = explainingExecutor(driver);
        await listEmissions(ex.executor, TENANT, { filter, sort, limit: 100, start: { cursor }, secret: SECRET });
        const shown = JSON.stringify(ex.plans[0], null, 1);
        const nodes = planNodes(ex.plans[0]!);
        expect(nodes[0]!['Node Type'], shown).toBe('Limit');
        expect(
          nodes.filter((n) => /Sort/.test(n['Node Type'])),
          shown,
        ).toEqual([]);
        expect(keysetScan(nodes, sort)?.['Node Type'], shown).toMatch(/^Index (Only )?Scan$/);
        expect(keysetScan(nodes, sort)?.['Index Cond'], shown).toMatch(CURSOR_RANGE);
      }
    });
  }

  /*
   * supplier_id and batch_id are in no keyset index. Deep in the list, where the planner expects
   * only a couple of hundred matches past the cursor, it may prefer a bitmap scan of the same
   * range and a sort of those few rows to walking the index in order; either way the cursor
   * bounds what is read. (An index (tenant_id, supplier_id, activity_date, id) would make these
   * ordered scans too.)
   */
  const selectiveCases: Array<[EmissionSort, EmissionFilter]> = [
    ['-date', { supplierId: 'sup_7' }],
    ['date', { tier: 2, batchId: 'bat_3' }],
  ];

  for (const [sort, filter] of selectiveCases) {
    it(`sort ${sort}, filter ${JSON.stringify(filter)}: ${INDEX[sort]} bounded by the cursor, no sequential scan`, async () => {
      for (const backward of [false, true]) {
        const ex = explainingExecutor(driver);
        await listEmissions(ex.executor, TENANT, { filter, sort, limit: 100, start: { cursor: await deepCursor(sort, filter, backward) }, secret: SECRET });
        const shown = JSON.stringify(ex.plans[0], null, 1);
        const nodes = planNodes(ex.plans[0]!);
        expect(
          nodes.some((n) => n['Node Type'] === 'Seq Scan'),
          shown,
        ).toBe(false);
        expect(keysetScan(nodes, sort)?.['Index Cond'], shown).toMatch(CURSOR_RANGE);
      }
    });
  }

  it('executed at depth, a tenant-only page reads just its rows from the index', async () => {
    for (const sort of EMISSION_SORTS) {
      const ex = explainingExecutor(driver, true);
      await listEmissions(ex.executor, TENANT, { filter: {}, sort, limit: 100, start: { cursor: await deepCursor(sort, {}, false) }, secret: SECRET });
      const scan = planNodes(ex.plans[0]!).find((n) => n['Index Name'] === INDEX[sort]);
      expect(scan?.['Actual Rows'], sort).toBe(101);
    }
  });

  it('the first page (no cursor) is an index scan without a Sort too', async () => {
    for (const sort of EMISSION_SORTS) {
      const ex = explainingExecutor(driver);
      await listEmissions(ex.executor, TENANT, { filter: {}, sort, limit: 100, secret: SECRET });
      const nodes = planNodes(ex.plans[0]!);
      expect(nodes.some((n) => n['Index Name'] === INDEX[sort])).toBe(true);
      expect(nodes.some((n) => /Sort/.test(n['Node Type']))).toBe(false);
    }
  });
});
