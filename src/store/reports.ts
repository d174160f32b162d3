/**
 * Emission reports: totals, row counts and average DQI grouped by any of category, supplier,
 * month, tier and gas, over a date range. Whole months come from the rollups (maintained by every
 * write; src/store/rollups.ts), so a report over millions of rows reads a few thousand; a range that cuts a
 * month, or a breakdown by gas, is computed from the emission rows themselves (the date index
 * narrows them). The answer says which source it used.
 */
import type { SqlExecutor } from './driver.ts';
import { tenantKey } from './tenants.ts';

export const REPORT_DIMENSIONS = ['category', 'supplier', 'month', 'tier', 'gas'] as const;
export type ReportDimension = (typeof REPORT_DIMENSIONS)[number];

export interface ReportQuery {
  groupBy: ReportDimension[];
  /** Inclusive YYYY-MM-DD. */
  from?: string;
  to?: string;
}

export interface ReportRow {
  category?: number;
  supplier_id?: string | null;
  month?: string;
  tier?: number;
  gas?: string;
  kg_co2e: number;
  rows: number;
  average_dqi: number | null;
}

export interface Report {
  source: 'rollups' | 'emissions';
  groupBy: ReportDimension[];
  from: string | null;
  to: string | null;
  rows: ReportRow[];
  totals: { kg_co2e: number; rows: number; average_dqi: number | null };
}

const isMonthStart = (d: string) => d.endsWith('-01');
function isMonthEnd(d: string): boolean {
  const next = new Date(`${d}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.getUTCDate() === 1;
}

/** Whole months only: the rollups answer exactly. */
export function rollupsAnswer(q: ReportQuery): boolean {
  return !q.groupBy.includes('gas') && (q.from === undefined || isMonthStart(q.from)) && (q.to === undefined || isMonthEnd(q.to));
}

const COLUMN: Record<Exclude<ReportDimension, 'gas'>, { rollup: string; emissions: string; as: string }> = {
  category: { rollup: 'category', emissions: 'category', as: 'category' },
  supplier: { rollup: "NULLIF(supplier_id, '')", emissions: 'supplier_id', as: 'supplier_id' },
  month: { rollup: "to_char(month, 'YYYY-MM')", emissions: "to_char(activity_date, 'YYYY-MM')", as: 'month' },
  tier: { rollup: 'tier', emissions: 'tier', as: 'tier' },
};

export async function emissionsReport(db: SqlExecutor, tenantId: string, q: ReportQuery): Promise<Report> {
  const dims = [...new Set(q.groupBy)];
  const useRollups = rollupsAnswer({ ...q, groupBy: dims });
  // Rows are read through the date keyset index, which leads with the tenant's number.
  const params: unknown[] = [useRollups ? tenantId : (await tenantKey(db, tenantId)).no];
  // Rows: current results only, the predicate of the partial keyset index (migration 008).
  const where = useRollups ? ['tenant_id = $1'] : ['tenant_no = $1', 'superseded_by IS NULL'];
  const dateCol = useRollups ? 'month' : 'activity_date';
  if (q.from) {
    params.push(q.from);
    where.push(`${dateCol} >= $${params.length}::date`);
  }
  if (q.to) {
    params.push(q.to);
    where.push(`${dateCol} <= $${params.length}::date`);
  }
  // The coarser rollup unless the report needs suppliers (far fewer rows: months × 15 × 3).
  const table = useRollups ? (dims.includes('supplier') ? 'emission_rollups' : 'emission_rollups_by_category') : 'emissions';
  // Rollup sums are numeric (exact, and never "value out of range" however large); read as numbers.
  const sums = useRollups
    ? 'sum(kg_co2e) AS kg_co2e, sum(rows)::bigint AS rows, sum(dqi_sum) AS dqi_sum'
    : 'sum(kg_co2e)::float8 AS kg_co2e, count(*)::bigint AS rows, sum(dqi)::float8 AS dqi_sum';
  const plain = dims.filter((d): d is Exclude<ReportDimension, 'gas'> => d !== 'gas');
  const keys = plain.map((d) => `${useRollups ? COLUMN[d].rollup : COLUMN[d].emissions} AS ${COLUMN[d].as}`);
  let sql: string;
  if (dims.includes('gas')) {
    // Each row's gases (kg of each gas, where its factor gave a breakdown); a row without one
    // counts under "CO2e" with its CO2e.
    sql = `SELECT ${[...keys, 'g.gas AS gas', 'sum(g.kg)::float8 AS kg_co2e', 'count(*)::bigint AS rows', 'sum(dqi)::float8 AS dqi_sum'].join(', ')}
           FROM emissions e
           CROSS JOIN LATERAL (
             SELECT key AS gas, value::float8 AS kg FROM jsonb_each_text(e.gases) WHERE e.gases IS NOT NULL
             UNION ALL SELECT 'CO2e', e.kg_co2e WHERE e.gases IS NULL
           ) g
           WHERE ${where.map((w) => `e.${w}`).join(' AND ')}`;
  } else sql = `SELECT ${[...keys, sums].join(', ')} FROM ${table} WHERE ${where.join(' AND ')}`;
  const groups = keys.length + (dims.includes('gas') ? 1 : 0);
  if (groups > 0) {
    const ordinals = Array.from({ length: groups }, (_, i) => String(i + 1)).join(', ');
    sql += ` GROUP BY ${ordinals} ORDER BY ${ordinals}`;
  }
  type Sums = { kg_co2e: number | null; rows: number | null; dqi_sum: number | null };
  const res = await db.query<Record<string, unknown> & Sums>(sql, params);
  const total =
    groups > 0 || dims.includes('gas') ? (await db.query<Sums>(`SELECT ${sums} FROM ${table} WHERE ${where.join(' AND ')}`, params)).rows[0]! : res.rows[0]!;
  const average = (s: Sums) => (s.rows ? round1((s.dqi_sum ?? 0) / Number(s.rows)) : null);
  return {
    source: useRollups ? 'rollups' : 'emissions',
    groupBy: dims,
    from: q.from ?? null,
    to: q.to ?? null,
    rows: res.rows
      .filter((r) => Number(r.rows ?? 0) > 0)
      .map(({ dqi_sum, rows, kg_co2e, ...k }) => ({ ...k, kg_co2e: kg_co2e ?? 0, rows: Number(rows), average_dqi: average({ dqi_sum, rows, kg_co2e }) })),
    totals: { kg_co2e: total.kg_co2e ?? 0, rows: Number(total.rows ?? 0), average_dqi: average(total) },
  };
}

const round1 = (n: number) => Math.round(n * 10) / 10;

export interface EsrsE16 {
  year: number;
  unit: 'tCO2e';
  categories: Array<{ category: number; name: string; t_co2e: number; share_pct: number; rows: number }>;
  gross_scope3_t_co2e: number;
}

/**
 * ESRS E1-6 style table (ESRS E1 §44, §51 and AR 46): gross Scope 3 emissions in tCO2e for the
 * year, each of the 15 GHG Protocol categories listed (0 where nothing was recorded), with its
 * share of the total.
 */
export async function esrsE16(db: SqlExecutor, tenantId: string, year: number, names: (category: number) => string): Promise<EsrsE16> {
  const r = await emissionsReport(db, tenantId, { groupBy: ['category'], from: `${year}-01-01`, to: `${year}-12-31` });
  const byCategory = new Map(r.rows.map((row) => [row.category!, row]));
  const total = r.totals.kg_co2e / 1000;
  return {
    year,
    unit: 'tCO2e',
    categories: Array.from({ length: 15 }, (_, i) => {
      const row = byCategory.get(i + 1);
      const t = (row?.kg_co2e ?? 0) / 1000;
      return { category: i + 1, name: names(i + 1), t_co2e: t, share_pct: total > 0 ? Math.round((t / total) * 1000) / 10 : 0, rows: row?.rows ?? 0 };
    }),
    gross_scope3_t_co2e: total,
  };
}
