/**
 * The transitional quarterly report from the quarter's rollups: as JSON (lines and totals), or as
 * XML in the EU QReport schema, streamed — rollup rows are read in keyset pages and each goods line
 * (one CN code from one origin, with its installations) is written as soon as it is complete.
 */
import { quarterlyReportDue } from '../../domain/cbam/deadlines.ts';
import { lookupCn } from '../../domain/cbam/goods.ts';
import {
  type QuarterlyDeclarant,
  type QuarterlyGoodsLine,
  type QuarterlyInstallationEmissions,
  writeQuarterlyReport,
} from '../../domain/cbam/quarterly-xml.ts';
import type { EmbeddedMethod } from '../../domain/cbam/types.ts';
import { printed } from '../../domain/printed-number.ts';
import { declarationLines } from '../../store/cbam-rollups.ts';
import type { SqlExecutor } from '../../store/driver.ts';

/** Rollup rows read per query while streaming the XML. */
const PAGE_ROWS = 2000;

export interface ReportDeclarant {
  eori: string;
  name: string;
  city: string;
}

export async function quarterlyReportJson(db: SqlExecutor, tenantId: string, year: number, quarter: number) {
  const lines = await declarationLines(db, tenantId, year, quarter);
  let direct = 0;
  let indirect = 0;
  let shipments = 0;
  for (const l of lines) {
    direct += l.directT;
    indirect += l.indirectT;
    shipments += l.shipments;
  }
  return {
    year,
    quarter,
    transitional: quarterlyReportDue(year, quarter) !== null,
    due: quarterlyReportDue(year, quarter),
    totals: { shipments, goods_lines: lines.length, direct_t: printed(direct), indirect_t: printed(indirect) },
    lines: lines.map((l) => ({
      cn_code: l.cnCode,
      origin_country: l.originCountry,
      installation_id: l.installationId,
      method: l.method,
      shipments: l.shipments,
      quantity: printed(l.quantity),
      direct_see: l.quantity > 0 ? printed(l.directT / l.quantity) : 0,
      indirect_see: l.quantity > 0 ? printed(l.indirectT / l.quantity) : 0,
      direct_t: printed(l.directT),
      indirect_t: printed(l.indirectT),
      carbon_price_paid_eur: printed(l.carbonPricePaidEur),
    })),
  };
}

/** How many goods lines (CN code × origin) the quarter's report has. */
export async function quarterGoodsLines(db: SqlExecutor, tenantId: string, year: number, quarter: number): Promise<number> {
  const res = await db.query<{ n: string }>(
    'SELECT count(DISTINCT (cn_code, origin_country))::text AS n FROM cbam_rollups WHERE tenant_id = $1 AND year = $2 AND quarter = $3',
    [tenantId, year, quarter],
  );
  return Number(res.rows[0]?.n ?? 0);
}

interface RollupRow {
  cn_code: string;
  origin_country: string;
  installation_id: string;
  method: EmbeddedMethod;
  quantity: string;
  direct_t: string;
  indirect_t: string;
  paid: string;
  name: string | null;
  operator_name: string | null;
  country: string | null;
}

/** The quarter's rollup rows in (CN, origin, installation, method) order, a page at a time. */
async function* rollupRows(db: SqlExecutor, tenantId: string, year: number, quarter: number): AsyncGenerator<RollupRow> {
  let after: [string, string, string, string] = ['', '', '', ''];
  for (;;) {
    const res = await db.query<RollupRow>(
      `SELECT r.cn_code, r.origin_country, r.installation_id, r.method, r.quantity::text AS quantity, r.direct_t::text AS direct_t,
              r.indirect_t::text AS indirect_t, r.carbon_price_paid_eur::text AS paid, i.name, i.operator_name, i.country
       FROM cbam_rollups r LEFT JOIN cbam_installations i ON i.tenant_id = r.tenant_id AND i.installation_id = r.installation_id
       WHERE r.tenant_id = $1 AND r.year = $2 AND r.quarter = $3 AND (r.cn_code, r.origin_country, r.installation_id, r.method) > ($4, $5, $6, $7)
       ORDER BY r.cn_code, r.origin_country, r.installation_id, r.method LIMIT ${PAGE_ROWS}`,
      [tenantId, year, quarter, ...after],
    );
    yield* res.rows;
    if (res.rows.length < PAGE_ROWS) return;
    const last = res.rows[res.rows.length - 1]!;
    after = [last.cn_code, last.origin_country, last.installation_id, last.method];
  }
}

function installationEntry(r: RollupRow): QuarterlyInstallationEmissions {
  const quantity = Number(r.quantity);
  const entry: QuarterlyInstallationEmissions = {
    productionCountry: r.country ?? r.origin_country,
    quantity,
    direct: { method: r.method, see: quantity > 0 ? Number(r.direct_t) / quantity : 0 },
    indirect: { method: r.method, see: quantity > 0 ? Number(r.indirect_t) / quantity : 0 },
  };
  // The schema's installation element needs an address Greenline does not register: the
  // installation is named in a remark instead.
  if (r.installation_id !== '') entry.remarks = [`installation ${r.installation_id}${r.name ? ` (${r.name}, operator ${r.operator_name})` : ''}`];
  return entry;
}

/** Goods lines: consecutive rollup rows of one CN code and origin, with one entry per installation and method. */
async function* goodsLines(rows: AsyncIterable<RollupRow>): AsyncGenerator<QuarterlyGoodsLine> {
  let line: QuarterlyGoodsLine | null = null;
  for await (const r of rows) {
    if (!line || line.cnCode !== r.cn_code || line.originCountry !== r.origin_country) {
      if (line) yield line;
      const info = lookupCn(r.cn_code);
      line = {
        cnCode: r.cn_code,
        description: info?.good.description,
        originCountry: r.origin_country,
        unit: info?.good.unit ?? 't',
        quantity: 0,
        installations: [],
      };
    }
    const entry = installationEntry(r);
    line.quantity += entry.quantity;
    line.installations.push(entry);
  }
  if (line) yield line;
}

/** The QReport XML for a quarter, in pieces. */
export function quarterlyReportXml(db: SqlExecutor, tenantId: string, year: number, quarter: 1 | 2 | 3 | 4, d: ReportDeclarant): AsyncGenerator<string> {
  const declarant: QuarterlyDeclarant = { identificationNumber: d.eori, name: d.name, role: 'importer', address: { city: d.city } };
  return writeQuarterlyReport(
    {
      year,
      quarter,
      declarant,
      signatures: { globalDataConfirmation: true, useOfDataConfirmation: true, place: d.city, signature: d.name, position: 'declarant' },
    },
    goodsLines(rollupRows(db, tenantId, year, quarter)),
  );
}
