/**
 * Taking deleted results out of the emission rollups (rollups.ts keeps them by every write), in
 * the transaction that deletes the rows, so a report still equals what grouping the remaining
 * rows gives. Each touched cell loses the deleted rows' count and their exact sums (every number
 * counted as the writers add it: domain/exact-sum.ts, exactDecimalSql in rollups.ts), so after
 * any number of deletes a cell is still the exact sum of its rows; a cell left with no rows is
 * removed. Cells are locked in key order first, the order every writer adds to them in, so a
 * delete and a write never deadlock.
 */
import type { SqlExecutor } from './driver.ts';
import { exactDecimalSql } from './rollups.ts';

/** What deleted current rows took from one cell of the supplier-level rollup. */
export interface RemovedCell {
  /** First day of the month, YYYY-MM-DD. */
  month: string;
  category: number;
  tier: number;
  /** '' for rows without a supplier. */
  supplier: string;
  rows: number;
  /** Exact decimal sums (PostgreSQL numeric, as text). */
  kg: string;
  dqi: string;
}

/**
 * The SELECT that turns deleted rows (a CTE named `gone` with the emissions columns) into
 * RemovedCell rows; only current rows are ever in the rollups, so give it those. The sums are
 * exact, each number counted as the writers' ExactSum counts it (exactDecimalSql).
 */
export const REMOVED_CELLS_SQL = `SELECT to_char(activity_date, 'YYYY-MM-01') AS month, category::int AS category, tier::int AS tier,
         COALESCE(supplier_id, '') AS supplier, count(*)::int AS rows,
         sum(${exactDecimalSql('kg_co2e')})::text AS kg, COALESCE(sum(${exactDecimalSql('dqi')}), 0)::text AS dqi
  FROM gone GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`;

/** The two rollup tables and their key columns, in the order writers lock them. */
const LEVELS = [
  { table: 'emission_rollups', keys: ['month', 'category', 'tier', 'supplier_id'] },
  { table: 'emission_rollups_by_category', keys: ['month', 'category', 'tier'] },
] as const;

/** Takes the removed cells out of both rollup tables. */
export async function removeFromRollups(db: SqlExecutor, tenantId: string, cells: readonly RemovedCell[]): Promise<void> {
  if (cells.length === 0) return;
  const removed = JSON.stringify(
    cells.map((c) => ({ month: c.month, category: c.category, tier: c.tier, supplier_id: c.supplier, rows: c.rows, kg: c.kg, dqi: c.dqi })),
  );
  for (const { table, keys } of LEVELS) {
    const cols = keys.join(', ');
    const match = keys.map((k) => `r.${k} = u.${k}`).join(' AND ');
    // The removed sums per cell of this table (the coarse one sums the supplier cells), from $2.
    const grouped = `SELECT ${cols}, sum(rows) AS rows, sum(kg) AS kg, sum(dqi) AS dqi
      FROM json_to_recordset($2::json) AS x(month date, category smallint, tier smallint, supplier_id text, rows bigint, kg numeric, dqi numeric)
      GROUP BY ${cols}`;
    await db.query(
      `SELECT 1 FROM ${table} r WHERE r.tenant_id = $1 AND (${keys.map((k) => `r.${k}`).join(', ')}) IN (SELECT ${cols} FROM (${grouped}) u)
       ORDER BY ${keys.map((k) => `r.${k}`).join(', ')} FOR UPDATE`,
      [tenantId, removed],
    );
    await db.query(
      `UPDATE ${table} r SET rows = r.rows - u.rows, kg_co2e = r.kg_co2e - u.kg, dqi_sum = r.dqi_sum - u.dqi
       FROM (${grouped}) u WHERE r.tenant_id = $1 AND ${match}`,
      [tenantId, removed],
    );
    // A cell with no rows left is gone.
    await db.query(`DELETE FROM ${table} r USING (${grouped}) u WHERE r.tenant_id = $1 AND ${match} AND r.rows <= 0`, [tenantId, removed]);
  }
}
