/**
 * CBAM shipments: one row per accepted goods line with its embedded emissions and their lineage,
 * written with COPY (the same path as emissions), read back one by one, in keyset pages, and per
 * quarter for the quarterly report.
 */

import type { ActualEmissions, CbamShipmentInput, EmbeddedEmissions } from '../domain/cbam/types.ts';
import { timeOrderedId } from '../domain/ids.ts';
import { type CopyBuffer, copyJson, copyNumber, copyText } from './copy-text.ts';
import type { SqlExecutor } from './driver.ts';

export const CBAM_SHIPMENT_COLUMNS = [
  'tenant_id',
  'id',
  'shipment_id',
  'batch_id',
  'row_number',
  'import_date',
  'cn_code',
  'origin_country',
  'installation_id',
  'quantity',
  'method',
  'direct_see',
  'indirect_see',
  'markup_pct',
  'direct_t',
  'indirect_t',
  'counted_t',
  'carbon_price_paid_eur',
  'dataset_id',
  'input',
  'warnings',
  'lineage_hash',
] as const;

/** A shipment as computed, ready to store: the line, the actual emissions used (if any), the result. */
export interface ComputedShipment {
  input: CbamShipmentInput;
  /** The registered installation's actual emissions for the line's CN code and year, if any (the line's own are in `input`). */
  actual: ActualEmissions | undefined;
  embedded: EmbeddedEmissions;
}

/** The stored input document: what verify recomputes from (the line, and its installation's actual emissions then). */
export interface StoredShipmentInput {
  line: CbamShipmentInput;
  actual: ActualEmissions | null;
}

/** Appends one shipment's COPY line; returns its id. */
export function writeShipmentLine(out: CopyBuffer, tenantId: string, batchId: string | null, row: number | null, s: ComputedShipment): string {
  const id = timeOrderedId('cbs');
  const e = s.embedded;
  const i = s.input;
  const doc: StoredShipmentInput = { line: i, actual: s.actual ?? null };
  out.text(
    [
      copyText(tenantId),
      id,
      copyText(i.shipmentId),
      copyText(batchId),
      copyNumber(row),
      i.importDate,
      i.cnCode,
      i.originCountry,
      copyText(i.installationId ?? null),
      copyNumber(i.quantity),
      e.method,
      copyNumber(e.directSee),
      copyNumber(e.indirectSee),
      copyNumber(e.markupPct),
      copyNumber(e.directT),
      copyNumber(e.indirectT),
      copyNumber(e.countedT),
      copyNumber(i.carbonPricePaidEur),
      copyText(e.datasetId),
      copyJson(doc),
      e.warnings.length > 0 ? copyJson(e.warnings) : '\\N',
      e.lineageHash,
    ].join('\t') + '\n',
  );
  return id;
}

/** Of `ids`, those the tenant has stored already. */
export async function storedShipmentIds(db: SqlExecutor, tenantId: string, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const res = await db.query<{ shipment_id: string }>('SELECT shipment_id FROM cbam_shipments WHERE tenant_id = $1 AND shipment_id = ANY($2::text[])', [
    tenantId,
    ids,
  ]);
  return new Set(res.rows.map((r) => r.shipment_id));
}

export interface ShipmentRow {
  id: string;
  shipment_id: string;
  batch_id: string | null;
  import_date: string;
  cn_code: string;
  origin_country: string;
  installation_id: string | null;
  quantity: number;
  method: string;
  direct_see: number;
  indirect_see: number;
  markup_pct: number;
  direct_t: number;
  indirect_t: number;
  counted_t: number;
  carbon_price_paid_eur: number;
  dataset_id: string;
  input: StoredShipmentInput;
  warnings: Array<{ code: string; message: string }> | null;
  lineage_hash: string;
  created_at: Date;
}

const SELECT = `SELECT id, shipment_id, batch_id, to_char(import_date, 'YYYY-MM-DD') AS import_date, cn_code, origin_country, installation_id,
  quantity, method, direct_see, indirect_see, markup_pct, direct_t, indirect_t, counted_t, carbon_price_paid_eur, dataset_id, input, warnings,
  lineage_hash, created_at FROM cbam_shipments`;

/** One shipment by our id (`cbs_…`) or the caller's shipment_id. */
export async function getShipment(db: SqlExecutor, tenantId: string, id: string): Promise<ShipmentRow | null> {
  const res = await db.query<ShipmentRow>(`${SELECT} WHERE tenant_id = $1 AND (id = $2 OR shipment_id = $2) LIMIT 1`, [tenantId, id]);
  return res.rows[0] ?? null;
}

/** A page of the tenant's shipments in id order (time of storing), after `after`; optionally one year. */
export async function listShipments(
  db: SqlExecutor,
  tenantId: string,
  opts: { after?: string; limit: number; year?: number; quarter?: number },
): Promise<ShipmentRow[]> {
  const params: unknown[] = [tenantId, opts.after ?? '', opts.limit];
  let where = 'tenant_id = $1 AND id > $2';
  if (opts.year !== undefined) {
    const [from, to] = periodBounds(opts.year, opts.quarter);
    params.push(from, to);
    where += ` AND import_date >= $4 AND import_date < $5`;
  }
  const res = await db.query<ShipmentRow>(`${SELECT} WHERE ${where} ORDER BY id LIMIT $3`, params);
  return res.rows;
}

/** [first day, first day after] of a year or one of its quarters. */
export function periodBounds(year: number, quarter?: number): [string, string] {
  if (quarter === undefined) return [`${year}-01-01`, `${year + 1}-01-01`];
  const m = (quarter - 1) * 3 + 1;
  const next = quarter === 4 ? `${year + 1}-01-01` : `${year}-${String(m + 3).padStart(2, '0')}-01`;
  return [`${year}-${String(m).padStart(2, '0')}-01`, next];
}
