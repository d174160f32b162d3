/**
 * Reading stored emissions a page at a time: filtered and sorted keyset pages that cost the same
 * at any depth (keyset-pages.ts), plain OFFSET pages for older clients, and exact or estimated
 * totals. Each sort walks one index of migration 006 — (tenant_no, activity_date, row_no) or
 * (tenant_no, kg_co2e, row_no) — in index order, so a page is a range scan of `limit + 1`
 * entries. `row_no` orders ties; it is never shown.
 */
import type { SqlExecutor } from './driver.ts';
import { tenantKey } from './tenants.ts';
import { decodeSeek, type Keyset, type Page, type PageStart, type Position, seekSql, toPage } from './keyset-pages.ts';

export const EMISSION_SORTS = ['date', '-date', 'amount', '-amount'] as const;
export type EmissionSort = (typeof EMISSION_SORTS)[number];

const ROW_NO = { column: 'row_no', type: 'int8' } as const;
const SORT_COLUMNS: Record<EmissionSort, Pick<Keyset, 'column' | 'type' | 'descending' | 'tiebreak'>> = {
  date: { column: 'activity_date', type: 'date', descending: false, tiebreak: ROW_NO },
  '-date': { column: 'activity_date', type: 'date', descending: true, tiebreak: ROW_NO },
  amount: { column: 'kg_co2e', type: 'float8', descending: false, tiebreak: ROW_NO },
  '-amount': { column: 'kg_co2e', type: 'float8', descending: true, tiebreak: ROW_NO },
};

export interface EmissionFilter {
  supplierId?: string | undefined;
  category?: number | undefined;
  tier?: number | undefined;
  /** First activity date, inclusive (YYYY-MM-DD). */
  from?: string | undefined;
  /** Last activity date, inclusive (YYYY-MM-DD). */
  to?: string | undefined;
  batchId?: string | undefined;
}

/** `exact`: count(*) of the filtered rows; `estimated`: the planner's row estimate, from statistics. */
export type CountMode = 'exact' | 'estimated';

export interface EmissionListRequest {
  filter: EmissionFilter;
  sort: EmissionSort;
  limit: number;
  /**
   * A page cursor, or an offset into the sorted list. An offset is slow at depth: PostgreSQL
   * reads every skipped row and throws it away. None: the first page.
   */
  start?: { cursor: string } | { offset: number } | undefined;
  count?: CountMode | undefined;
  secret: string;
}

/** One stored emission without its input and lineage documents (GET /v1/calculations/:id has those). */
export interface EmissionListItem {
  id: string;
  category: number;
  tier: number;
  method: string;
  activity_date: string;
  kg_co2e: number;
  supplier_id: string | null;
  factor_id: string | null;
  dataset_version: string | null;
  dqi: number | null;
  lineage_hash: string;
  batch_id: string | null;
  row_number: number | null;
  external_id: string | null;
  calculated_at: string;
}

export interface EmissionPage extends Page<EmissionListItem> {
  /** Only when a count was asked for. */
  totalCount?: number;
}

/** `tiebreak`: the row's `row_no` as text (an int8; not named row_no, which ORDER BY would then mean). */
type EmissionRow = Omit<EmissionListItem, 'calculated_at'> & { calculated_at: Date | string; tiebreak: string };

const LIST_COLUMNS =
  'id, category, tier, method, activity_date, kg_co2e, supplier_id, factor_id, dataset_version, dqi, lineage_hash, batch_id, row_number, external_id, calculated_at, row_no::text AS tiebreak';

/**
 * The WHERE conditions and parameters of a filter, always scoped to the tenant by its number,
 * which leads both keyset indexes. A value, not a sub-select: the planner then knows from the
 * column's statistics how many rows the tenant has, and picks the ordered index walk.
 */
async function filterSql(db: SqlExecutor, tenantId: string, filter: EmissionFilter): Promise<{ where: string[]; params: unknown[] }> {
  // Current results only: the keyset indexes are partial on this predicate (migration 008).
  const where = ['tenant_no = $1', 'superseded_by IS NULL'];
  const params: unknown[] = [(await tenantKey(db, tenantId)).no];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (filter.supplierId !== undefined) add('supplier_id = ?', filter.supplierId);
  if (filter.category !== undefined) add('category = ?', filter.category);
  if (filter.tier !== undefined) add('tier = ?', filter.tier);
  if (filter.from !== undefined) add('activity_date >= ?::date', filter.from);
  if (filter.to !== undefined) add('activity_date <= ?::date', filter.to);
  if (filter.batchId !== undefined) add('batch_id = ?', filter.batchId);
  return { where, params };
}

/** Cursors are bound to the tenant, every filter (in a fixed order) and the sort; not to `limit`. */
function keysetFor(tenantId: string, request: EmissionListRequest): Keyset {
  const f = request.filter;
  const filters = [f.supplierId, f.category, f.tier, f.from, f.to, f.batchId].map((v) => v ?? null);
  return { ...SORT_COLUMNS[request.sort], secret: request.secret, scope: `emissions:${tenantId}:${request.sort}:${JSON.stringify(filters)}` };
}

export async function listEmissions(db: SqlExecutor, tenantId: string, request: EmissionListRequest): Promise<EmissionPage> {
  const keyset = keysetFor(tenantId, request);
  const start: PageStart =
    request.start && 'cursor' in request.start ? { seek: decodeSeek(keyset, request.start.cursor) } : { offset: request.start?.offset ?? 0 };
  const { where, params } = await filterSql(db, tenantId, request.filter);
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const { condition, orderBy } = seekSql(keyset, start, param);
  if (condition) where.push(condition);
  const limit = `LIMIT ${param(request.limit + 1)}`;
  const offset = 'offset' in start && start.offset > 0 ? ` OFFSET ${param(start.offset)}` : '';
  const res = await db.query<EmissionRow>(`SELECT ${LIST_COLUMNS} FROM emissions WHERE ${where.join(' AND ')} ORDER BY ${orderBy} ${limit}${offset}`, params);
  const positionOf = (row: EmissionRow): Position => ({ key: keyset.type === 'date' ? row.activity_date : row.kg_co2e, id: row.tiebreak });
  const page: EmissionPage = toPage(keyset, res.rows, request.limit, start, positionOf, ({ tiebreak: _, ...row }) => ({
    ...row,
    calculated_at: new Date(row.calculated_at).toISOString(),
  }));
  if (request.count) page.totalCount = await countEmissions(db, tenantId, request.filter, request.count);
  return page;
}

/**
 * Refreshes the planner's statistics of `emissions` (ANALYZE samples a fixed number of rows, so
 * it costs about the same at any size). After a big write, so `count=estimated` and the planner's
 * choices reflect it; the embedded database has no autovacuum to do it.
 */
export async function refreshEmissionStatistics(db: SqlExecutor): Promise<void> {
  await db.query('ANALYZE emissions');
}

interface ExplainPlan {
  Plan: { 'Plan Rows': number };
}

/**
 * How many rows match the filter (cursor and offset aside). `estimated` reads the planner's row
 * estimate for the filtered query from EXPLAIN — no rows are read, so it costs the same on a
 * billion rows, and is as good as the table's statistics (ANALYZE; autovacuum keeps them fresh).
 * The estimate is taken of `SELECT 1 … WHERE filter`, not of `SELECT count(*)`, whose top node
 * is the aggregate's single row.
 */
export async function countEmissions(db: SqlExecutor, tenantId: string, filter: EmissionFilter, mode: CountMode): Promise<number> {
  const { where, params } = await filterSql(db, tenantId, filter);
  const conditions = where.join(' AND ');
  if (mode === 'exact') {
    const res = await db.query<{ n: number }>(`SELECT count(*) AS n FROM emissions WHERE ${conditions}`, params);
    return Number(res.rows[0]?.n ?? 0);
  }
  const res = await db.query<{ 'QUERY PLAN': ExplainPlan[] }>(`EXPLAIN (FORMAT JSON) SELECT 1 FROM emissions WHERE ${conditions}`, params);
  return Math.round(res.rows[0]?.['QUERY PLAN'][0]?.Plan['Plan Rows'] ?? 0);
}
