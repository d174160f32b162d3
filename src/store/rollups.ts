/**
 * Emission totals by (month, category, tier, supplier) in `emission_rollups`, and by (month,
 * category, tier) in `emission_rollups_by_category`, kept by every write in the same transaction
 * as its rows, so reports read rollup rows instead of millions of emissions. A writer adds each
 * stored result to an accumulator and stores the sums once per transaction.
 */
import type { SqlExecutor } from './driver.ts';

export interface RollupSum {
  month: string;
  category: number;
  tier: number;
  supplier: string;
  rows: number;
  kg: number;
  dqi: number;
}

export class RollupAccumulator {
  private readonly sums = new Map<string, RollupSum>();

  /** One stored result: `date` is YYYY-MM-DD. */
  add(date: string, category: number, tier: number, supplierId: string | null | undefined, kg: number, dqi: number): void {
    const month = `${date.slice(0, 7)}-01`;
    const supplier = supplierId ?? '';
    const key = `${month}|${category}|${tier}|${supplier}`;
    const s = this.sums.get(key);
    if (s) {
      s.rows++;
      s.kg += kg;
      s.dqi += dqi;
    } else this.sums.set(key, { month, category, tier, supplier, rows: 1, kg, dqi });
  }

  /** Adds another accumulator's sums (`rows()` of one kept elsewhere, a worker thread's say). */
  merge(sums: readonly RollupSum[]): void {
    for (const x of sums) {
      const key = `${x.month}|${x.category}|${x.tier}|${x.supplier}`;
      const s = this.sums.get(key);
      if (s) {
        s.rows += x.rows;
        s.kg += x.kg;
        s.dqi += x.dqi;
      } else this.sums.set(key, { ...x });
    }
  }

  get size(): number {
    return this.sums.size;
  }

  /** The sums in key order (month, category, tier, supplier). */
  rows(): RollupSum[] {
    return [...this.sums.values()].sort((a, b) =>
      a.month !== b.month
        ? a.month < b.month
          ? -1
          : 1
        : a.category - b.category || a.tier - b.tier || (a.supplier < b.supplier ? -1 : a.supplier > b.supplier ? 1 : 0),
    );
  }

  /**
   * Adds the sums into the tenant's rollups (one statement). Rows are written in key order, so
   * two transactions adding to the same rollups lock them in the same order and never deadlock.
   */
  async store(db: SqlExecutor, tenantId: string): Promise<void> {
    if (this.sums.size === 0) return;
    const rows = this.rows();
    await db.query(
      `INSERT INTO emission_rollups AS r (tenant_id, month, category, tier, supplier_id, rows, kg_co2e, dqi_sum)
       SELECT $1, u.month, u.category, u.tier, u.supplier, u.rows, u.kg, u.dqi
       FROM json_to_recordset($2::json) AS u(month date, category smallint, tier smallint, supplier text, rows bigint, kg float8, dqi float8)
       ON CONFLICT (tenant_id, month, category, tier, supplier_id)
       DO UPDATE SET rows = r.rows + EXCLUDED.rows, kg_co2e = r.kg_co2e + EXCLUDED.kg_co2e, dqi_sum = r.dqi_sum + EXCLUDED.dqi_sum`,
      [tenantId, JSON.stringify(rows)],
    );
    const coarse = new Map<string, { month: string; category: number; tier: number; rows: number; kg: number; dqi: number }>();
    for (const r of rows) {
      const key = `${r.month}|${r.category}|${r.tier}`;
      const c = coarse.get(key);
      if (c) {
        c.rows += r.rows;
        c.kg += r.kg;
        c.dqi += r.dqi;
      } else coarse.set(key, { month: r.month, category: r.category, tier: r.tier, rows: r.rows, kg: r.kg, dqi: r.dqi });
    }
    await db.query(
      `INSERT INTO emission_rollups_by_category AS r (tenant_id, month, category, tier, rows, kg_co2e, dqi_sum)
       SELECT $1, u.month, u.category, u.tier, u.rows, u.kg, u.dqi
       FROM json_to_recordset($2::json) AS u(month date, category smallint, tier smallint, rows bigint, kg float8, dqi float8)
       ON CONFLICT (tenant_id, month, category, tier)
       DO UPDATE SET rows = r.rows + EXCLUDED.rows, kg_co2e = r.kg_co2e + EXCLUDED.kg_co2e, dqi_sum = r.dqi_sum + EXCLUDED.dqi_sum`,
      [tenantId, JSON.stringify([...coarse.values()])],
    );
  }
}
