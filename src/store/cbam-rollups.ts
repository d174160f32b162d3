/**
 * CBAM totals by (year, quarter, CN code, origin, installation, method) in `cbam_rollups`, kept by
 * every shipment write in the same transaction, so the annual declaration reads a few hundred
 * rollup rows instead of a million shipments. Sums are exact (ExactSum → numeric).
 */
import type { DeclarationLine } from '../domain/cbam/certificates.ts';
import type { EmbeddedMethod } from '../domain/cbam/types.ts';
import { ExactSum } from '../domain/exact-sum.ts';
import type { SqlExecutor } from './driver.ts';

interface Entry {
  year: number;
  quarter: number;
  cn: string;
  origin: string;
  installation: string;
  method: string;
  shipments: number;
  quantity: ExactSum;
  direct: ExactSum;
  indirect: ExactSum;
  counted: ExactSum;
  paid: ExactSum;
}

export interface CbamRollupFigures {
  importDate: string;
  cnCode: string;
  originCountry: string;
  installationId: string | undefined;
  method: string;
  quantity: number;
  directT: number;
  indirectT: number;
  countedT: number;
  carbonPricePaidEur: number;
}

export class CbamRollupAccumulator {
  private readonly sums = new Map<string, Entry>();
  private readonly all = new ExactSum();
  private readonly byCategory = new Map<string, ExactSum>();
  private readonly allT = new ExactSum();
  private readonly byCategoryT = new Map<string, ExactSum>();

  /** One stored shipment; `goodsCategory` only for the batch's totals by category. */
  add(f: CbamRollupFigures, goodsCategory: string): void {
    const year = Number(f.importDate.slice(0, 4));
    const quarter = Math.floor((Number(f.importDate.slice(5, 7)) - 1) / 3) + 1;
    const installation = f.installationId ?? '';
    const key = `${year}|${quarter}|${f.cnCode}|${f.originCountry}|${installation}|${f.method}`;
    let e = this.sums.get(key);
    if (!e) {
      const z = () => new ExactSum();
      e = {
        year,
        quarter,
        cn: f.cnCode,
        origin: f.originCountry,
        installation,
        method: f.method,
        shipments: 0,
        quantity: z(),
        direct: z(),
        indirect: z(),
        counted: z(),
        paid: z(),
      };
      this.sums.set(key, e);
    }
    e.shipments++;
    e.quantity.add(f.quantity);
    e.direct.add(f.directT);
    e.indirect.add(f.indirectT);
    e.counted.add(f.countedT);
    e.paid.add(f.carbonPricePaidEur);
    // Batches count kg CO2e, as for Scope 3 rows.
    this.all.add(f.countedT * 1000);
    const c = this.byCategory.get(goodsCategory) ?? new ExactSum();
    this.byCategory.set(goodsCategory, c.add(f.countedT * 1000));
    this.allT.add(f.countedT);
    const t = this.byCategoryT.get(goodsCategory) ?? new ExactSum();
    this.byCategoryT.set(goodsCategory, t.add(f.countedT));
  }

  /** tCO2e counted, in all and by goods category, as the nearest doubles (for answers). */
  totalsTonnes(): { counted_t: number; by_goods_category_t: Record<string, number> } {
    return {
      counted_t: Number(this.allT.toString()),
      by_goods_category_t: Object.fromEntries([...this.byCategoryT].map(([k, v]) => [k, Number(v.toString())])),
    };
  }

  /** kg CO2e counted, in all and by goods category (exact decimals). */
  totals(): { kg: string; byCategory: Record<string, string> } {
    return { kg: this.all.toString(), byCategory: Object.fromEntries([...this.byCategory].map(([k, v]) => [k, v.toString()])) };
  }

  /** Adds the sums to the tenant's rollups, in key order (no deadlock between two writers). */
  async store(db: SqlExecutor, tenantId: string): Promise<void> {
    if (this.sums.size === 0) return;
    const rows = [...this.sums.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, e]) => ({
        year: e.year,
        quarter: e.quarter,
        cn: e.cn,
        origin: e.origin,
        installation: e.installation,
        method: e.method,
        shipments: e.shipments,
        quantity: e.quantity.toString(),
        direct: e.direct.toString(),
        indirect: e.indirect.toString(),
        counted: e.counted.toString(),
        paid: e.paid.toString(),
      }));
    await db.query(
      `INSERT INTO cbam_rollups AS r (tenant_id, year, quarter, cn_code, origin_country, installation_id, method, shipments, quantity, direct_t, indirect_t, counted_t, carbon_price_paid_eur)
       SELECT $1, u.year, u.quarter, u.cn, u.origin, u.installation, u.method, u.shipments, u.quantity, u.direct, u.indirect, u.counted, u.paid
       FROM json_to_recordset($2::json) AS u(year smallint, quarter smallint, cn text, origin text, installation text, method text, shipments bigint,
            quantity numeric, direct numeric, indirect numeric, counted numeric, paid numeric)
       ON CONFLICT (tenant_id, year, quarter, cn_code, origin_country, installation_id, method)
       DO UPDATE SET shipments = r.shipments + EXCLUDED.shipments, quantity = r.quantity + EXCLUDED.quantity, direct_t = r.direct_t + EXCLUDED.direct_t,
         indirect_t = r.indirect_t + EXCLUDED.indirect_t, counted_t = r.counted_t + EXCLUDED.counted_t,
         carbon_price_paid_eur = r.carbon_price_paid_eur + EXCLUDED.carbon_price_paid_eur`,
      [tenantId, JSON.stringify(rows)],
    );
  }
}

/** The declaration's lines for a year (or a quarter): the rollups summed over quarters. */
export async function declarationLines(db: SqlExecutor, tenantId: string, year: number, quarter?: number): Promise<DeclarationLine[]> {
  const res = await db.query<{
    cn_code: string;
    origin_country: string;
    installation_id: string;
    method: EmbeddedMethod;
    shipments: string;
    quantity: string;
    direct_t: string;
    indirect_t: string;
    counted_t: string;
    paid: string;
  }>(
    `SELECT cn_code, origin_country, installation_id, method, sum(shipments)::text AS shipments, sum(quantity)::text AS quantity,
            sum(direct_t)::text AS direct_t, sum(indirect_t)::text AS indirect_t, sum(counted_t)::text AS counted_t, sum(carbon_price_paid_eur)::text AS paid
     FROM cbam_rollups WHERE tenant_id = $1 AND year = $2 ${quarter === undefined ? '' : 'AND quarter = $3'}
     GROUP BY cn_code, origin_country, installation_id, method ORDER BY cn_code, origin_country, installation_id, method`,
    quarter === undefined ? [tenantId, year] : [tenantId, year, quarter],
  );
  return res.rows.map((r) => ({
    cnCode: r.cn_code,
    originCountry: r.origin_country,
    installationId: r.installation_id === '' ? null : r.installation_id,
    method: r.method,
    shipments: Number(r.shipments),
    quantity: Number(r.quantity),
    directT: Number(r.direct_t),
    indirectT: Number(r.indirect_t),
    countedT: Number(r.counted_t),
    carbonPricePaidEur: Number(r.paid),
  }));
}

/** Years and quarters with shipments, newest first. */
export async function cbamPeriods(db: SqlExecutor, tenantId: string): Promise<Array<{ year: number; quarter: number; shipments: number }>> {
  const res = await db.query<{ year: number; quarter: number; shipments: string }>(
    'SELECT year, quarter, sum(shipments)::text AS shipments FROM cbam_rollups WHERE tenant_id = $1 GROUP BY year, quarter ORDER BY year DESC, quarter DESC',
    [tenantId],
  );
  return res.rows.map((r) => ({ year: r.year, quarter: r.quarter, shipments: Number(r.shipments) }));
}
