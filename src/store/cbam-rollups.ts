/**
 * CBAM totals by (year, quarter, CN code, origin, installation, method) in `cbam_rollups`, kept by
 * every shipment write in the same transaction, so the annual declaration reads a few hundred
 * rollup rows instead of a million shipments. Sums are exact (ExactSum → numeric).
 */
import type { DeclarationLine } from '../domain/cbam/certificates.ts';
import { yearOf } from '../domain/cbam/embedded.ts';
import type { CbamGood, CbamShipmentInput, EmbeddedEmissions, EmbeddedMethod } from '../domain/cbam/types.ts';
import { ExactSum } from '../domain/exact-sum.ts';
import { printed } from '../domain/printed-number.ts';
import type { SqlExecutor } from './driver.ts';

/** A shipment's numbers as String() prints them, made once per row for its COPY line and its rollup. */
export interface ShipmentTexts {
  quantity: string;
  directT: string;
  indirectT: string;
}

/** A shipment's numbers as its stored COPY line prints them (String of each). */
export interface PrintedSums extends ShipmentTexts {
  paid: string;
}

interface Entry {
  year: number;
  quarter: number;
  cn: string;
  origin: string;
  installation: string;
  method: string;
  category: string;
  indirectCounts: boolean;
  shipments: number;
  quantity: ExactSum;
  direct: ExactSum;
  indirect: ExactSum;
  paid: ExactSum;
  /** countedOf's answer, once asked (no row is added after). */
  counted?: ExactSum;
}

/**
 * What counts: Σ direct, + Σ indirect where the goods' indirect emissions count (exact, as the rows'
 * counted_t add up). Made once, when the chunk's rows are all in (totals and rows both ask).
 */
function countedOf(e: Entry): ExactSum {
  if (!e.counted) {
    const c = new ExactSum().merge(e.direct);
    e.counted = e.indirectCounts ? c.merge(e.indirect) : c;
  }
  return e.counted;
}

export class CbamRollupAccumulator {
  private readonly sums = new Map<string, Entry>();

  /** One stored shipment: its line, its embedded emissions and its goods; `texts` their numbers as the row writer printed them. */
  add(s: CbamShipmentInput, e: EmbeddedEmissions, good: CbamGood, texts: ShipmentTexts): void {
    const sum = this.entry(s.importDate, s.cnCode, s.originCountry, s.installationId ?? '', e.method, good);
    sum.quantity.addWithText(s.quantity, texts.quantity);
    sum.direct.addWithText(e.directT, texts.directT);
    sum.indirect.addWithText(e.indirectT, texts.indirectT);
    if (s.carbonPricePaidEur !== 0) sum.paid.add(s.carbonPricePaidEur);
  }

  /** One stored shipment as its COPY line gives it: the key's fields, and each number as printed there. */
  addPrinted(date: string, cn: string, origin: string, installation: string, method: string, good: CbamGood, printed: PrintedSums): void {
    const sum = this.entry(date, cn, origin, installation, method, good);
    sum.quantity.addWithText(Number(printed.quantity), printed.quantity);
    sum.direct.addWithText(Number(printed.directT), printed.directT);
    sum.indirect.addWithText(Number(printed.indirectT), printed.indirectT);
    if (printed.paid !== '0') sum.paid.addWithText(Number(printed.paid), printed.paid);
  }

  /** The group's sums, counted one shipment more. */
  private entry(date: string, cn: string, origin: string, installation: string, method: string, good: CbamGood): Entry {
    const year = yearOf(date);
    const month = (date.charCodeAt(5) - 48) * 10 + (date.charCodeAt(6) - 48);
    const quarter = Math.floor((month - 1) / 3) + 1;
    const key = `${year}|${quarter}|${cn}|${origin}|${installation}|${method}`;
    let sum = this.sums.get(key);
    if (!sum) {
      sum = {
        year,
        quarter,
        cn,
        origin,
        installation,
        method,
        category: good.category,
        indirectCounts: good.indirectCounts,
        shipments: 0,
        quantity: new ExactSum(),
        direct: new ExactSum(),
        indirect: new ExactSum(),
        paid: new ExactSum(),
      };
      this.sums.set(key, sum);
    }
    sum.shipments++;
    sum.counted = undefined;
    return sum;
  }

  /** tCO2e counted, in all and by goods category (exact decimals). */
  private countedTotals(): { all: ExactSum; byCategory: Map<string, ExactSum> } {
    const all = new ExactSum();
    const byCategory = new Map<string, ExactSum>();
    for (const e of this.sums.values()) {
      const counted = countedOf(e);
      all.merge(counted);
      const c = byCategory.get(e.category) ?? new ExactSum();
      byCategory.set(e.category, c.merge(counted));
    }
    return { all, byCategory };
  }

  /** kg CO2e counted, in all and by goods category (exact decimals: tonnes × 1000 by moving the point), as batches count Scope 3 rows. */
  totals(): { kg: string; byCategory: Record<string, string> } {
    const { all, byCategory } = this.countedTotals();
    return { kg: timesThousand(all.toString()), byCategory: Object.fromEntries([...byCategory].map(([k, v]) => [k, timesThousand(v.toString())])) };
  }

  /** tCO2e counted, in all and by goods category, in their printed form (for answers). */
  totalsTonnes(): { counted_t: number; by_goods_category_t: Record<string, number> } {
    const { all, byCategory } = this.countedTotals();
    return {
      counted_t: printed(all.toNumber()),
      by_goods_category_t: Object.fromEntries([...byCategory].map(([k, v]) => [k, printed(v.toNumber())])),
    };
  }

  /** The sums as rollup rows (exact decimals), in key order (no deadlock between two writers). */
  rows(): CbamRollupRow[] {
    return [...this.sums.entries()]
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
        counted: countedOf(e).toString(),
        paid: e.paid.toString(),
      }));
  }

  /** Adds the sums to the tenant's rollups. */
  store(db: SqlExecutor, tenantId: string): Promise<void> {
    return storeRollupRows(db, tenantId, this.rows());
  }
}

/** One rollup row of a chunk: its key and its sums as exact decimals. */
export interface CbamRollupRow {
  year: number;
  quarter: number;
  cn: string;
  origin: string;
  installation: string;
  method: string;
  shipments: number;
  quantity: string;
  direct: string;
  indirect: string;
  counted: string;
  paid: string;
}

async function storeRollupRows(db: SqlExecutor, tenantId: string, rows: readonly CbamRollupRow[]): Promise<void> {
  if (rows.length === 0) return;
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

/** A plain decimal (`-12.5`) times 1000, exactly: the point moved three places. */
export function timesThousand(decimal: string): string {
  const negative = decimal.startsWith('-');
  const [whole, fraction = ''] = (negative ? decimal.slice(1) : decimal).split('.');
  const integer = (whole! + fraction.slice(0, 3).padEnd(3, '0')).replace(/^0+(?=\d)/, '');
  const rest = fraction.length > 3 ? `${integer}.${fraction.slice(3)}` : integer;
  return negative && rest !== '0' ? `-${rest}` : rest;
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
