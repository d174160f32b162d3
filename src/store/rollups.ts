/**
 * Emission totals by (month, category, tier, supplier) in `emission_rollups`, and by (month,
 * category, tier) in `emission_rollups_by_category`, kept by every write in the same transaction
 * as its rows, so reports read rollup rows instead of millions of emissions. A writer adds each
 * stored result to an accumulator and stores the sums once per transaction. Sums are exact
 * (ExactSum, `numeric` columns since migration 011): a rollup equals the exact sum of its rows,
 * whatever the order in which they were written, and adding to it never overflows.
 */
import { EXACT_INTEGERS_FROM, ExactSum } from '../domain/exact-sum.ts';
import type { SqlExecutor } from './driver.ts';

/**
 * The decimal a float8 column counts as in an exact sum, in SQL: `sum(exactDecimalSql('kg_co2e'))`
 * equals ExactSum over the same numbers, so a rollup can be checked or rebuilt from its rows. From
 * 2^53 up a double is an integer, taken exactly: through bigint below 2^63, from its bits above.
 */
export function exactDecimalSql(column: string): string {
  const bits = `('x' || encode(float8send(${column}), 'hex'))::bit(64)::bigint`;
  return `(CASE WHEN abs(${column}) < ${EXACT_INTEGERS_FROM} THEN ${column}::text::numeric
    WHEN abs(${column}) < ${2 ** 63}::float8 THEN ${column}::bigint::numeric
    ELSE sign(${column})::numeric * ((${bits} & 4503599627370495) | 4503599627370496)::numeric * 2::numeric ^ (((${bits} >> 52) & 2047) - 1075) END)`;
}

/** One rollup's sums; kg and dqi are exact decimals (they cross threads and go to SQL as text). */
export interface RollupSum {
  month: string;
  category: number;
  tier: number;
  supplier: string;
  rows: number;
  kg: string;
  dqi: string;
}

interface Entry {
  month: string;
  category: number;
  tier: number;
  supplier: string;
  rows: number;
  kg: ExactSum;
  dqi: ExactSum;
}

export class RollupAccumulator {
  private readonly sums = new Map<string, Entry>();

  private entry(month: string, category: number, tier: number, supplier: string): Entry {
    const key = `${month}|${category}|${tier}|${supplier}`;
    let e = this.sums.get(key);
    if (!e) {
      e = { month, category, tier, supplier, rows: 0, kg: new ExactSum(), dqi: new ExactSum() };
      this.sums.set(key, e);
    }
    return e;
  }

  /** One stored result: `date` is YYYY-MM-DD. */
  add(date: string, category: number, tier: number, supplierId: string | null | undefined, kg: number, dqi: number): void {
    const e = this.entry(`${date.slice(0, 7)}-01`, category, tier, supplierId ?? '');
    e.rows++;
    e.kg.add(kg);
    e.dqi.add(dqi);
  }

  /** Takes a result out (one a recalculation supersedes). */
  remove(date: string, category: number, tier: number, supplierId: string | null | undefined, kg: number, dqi: number): void {
    const e = this.entry(`${date.slice(0, 7)}-01`, category, tier, supplierId ?? '');
    e.rows--;
    e.kg.add(-kg);
    e.dqi.add(-dqi);
  }

  /** Adds another accumulator's sums (`rows()` of one kept elsewhere, a worker thread's say). */
  merge(sums: readonly RollupSum[]): void {
    for (const x of sums) {
      const e = this.entry(x.month, x.category, x.tier, x.supplier);
      e.rows += x.rows;
      e.kg.addDecimal(x.kg);
      e.dqi.addDecimal(x.dqi);
    }
  }

  /** The exact kg of every result added, in all and by category. */
  totals(): { kg: string; byCategory: Record<string, string> } {
    const all = new ExactSum();
    const byCategory = new Map<number, ExactSum>();
    for (const e of this.sums.values()) {
      all.merge(e.kg);
      const c = byCategory.get(e.category) ?? new ExactSum();
      byCategory.set(e.category, c.merge(e.kg));
    }
    return { kg: all.toString(), byCategory: Object.fromEntries([...byCategory].map(([k, v]) => [String(k), v.toString()])) };
  }

  get size(): number {
    return this.sums.size;
  }

  /** The sums in key order (month, category, tier, supplier). */
  rows(): RollupSum[] {
    return [...this.sums.values()]
      .map((e) => ({ ...e, kg: e.kg.toString(), dqi: e.dqi.toString() }))
      .sort((a, b) =>
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
       FROM json_to_recordset($2::json) AS u(month date, category smallint, tier smallint, supplier text, rows bigint, kg numeric, dqi numeric)
       ON CONFLICT (tenant_id, month, category, tier, supplier_id)
       DO UPDATE SET rows = r.rows + EXCLUDED.rows, kg_co2e = r.kg_co2e + EXCLUDED.kg_co2e, dqi_sum = r.dqi_sum + EXCLUDED.dqi_sum`,
      [tenantId, JSON.stringify(rows)],
    );
    const coarse = new RollupAccumulator();
    coarse.merge(rows.map((r) => ({ ...r, supplier: '' })));
    await db.query(
      `INSERT INTO emission_rollups_by_category AS r (tenant_id, month, category, tier, rows, kg_co2e, dqi_sum)
       SELECT $1, u.month, u.category, u.tier, u.rows, u.kg, u.dqi
       FROM json_to_recordset($2::json) AS u(month date, category smallint, tier smallint, rows bigint, kg numeric, dqi numeric)
       ON CONFLICT (tenant_id, month, category, tier)
       DO UPDATE SET rows = r.rows + EXCLUDED.rows, kg_co2e = r.kg_co2e + EXCLUDED.kg_co2e, dqi_sum = r.dqi_sum + EXCLUDED.dqi_sum`,
      [tenantId, JSON.stringify(coarse.rows())],
    );
  }
}
