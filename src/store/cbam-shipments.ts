/**
 * CBAM shipments: one row per accepted goods line with its embedded emissions and their lineage,
 * written with COPY (the same path as emissions), read back one by one, in keyset pages, and per
 * quarter for the quarterly report.
 */

import { lookupCn } from '../domain/cbam/goods.ts';
import type { ActualEmissions, CbamGood, CbamShipmentInput, EmbeddedEmissions } from '../domain/cbam/types.ts';
import { timeOrderedId } from '../domain/ids.ts';
import type { CalculationWarning } from '../domain/scope3/types.ts';
import type { PartSet } from './calculation-parts.ts';
import { CbamRollupAccumulator, type ShipmentTexts } from './cbam-rollups.ts';
import { type CopyBuffer, copyJson, copyText } from './copy-text.ts';
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

/**
 * The stored input document: the line's fields the columns do not hold, and its installation's
 * actual emissions then (undefined ones are left out, so a plain default-value line stores `{"unitGiven":"t"}`).
 */
export interface StoredShipmentExtra {
  unitGiven: string;
  declarantEori?: string;
  actual?: ActualEmissions;
  procedure?: string;
  supplierId?: string;
  description?: string;
  installationActual?: ActualEmissions;
}

/** What a stored row keeps of its line beyond the columns (undefined fields are left out of the JSON). */
function extraOf(s: ComputedShipment): StoredShipmentExtra {
  const i = s.input;
  return {
    unitGiven: i.unitGiven,
    declarantEori: i.declarantEori,
    actual: i.actual,
    procedure: i.procedure,
    supplierId: i.supplierId,
    description: i.description,
    installationActual: s.actual,
  };
}

const PLAIN_DOCUMENTS = new Map<string, string>();

/** The last text escaped by `sameText`, for fields that repeat on every row of a job (tenant, data set). */
const lastEscaped = { tenant: ['', ''], dataset: ['', ''] };

function sameText(slot: keyof typeof lastEscaped, value: string): string {
  const last = lastEscaped[slot];
  if (last[0] !== value) {
    last[0] = value;
    last[1] = copyText(value);
  }
  return last[1]!;
}

/** SEE values as printed: a default's repeat on every line of its code and origin (bounded: actual SEE vary). */
const SEE_TEXTS = new Map<number, string>();

function seeText(x: number): string {
  let t = SEE_TEXTS.get(x);
  if (t === undefined) {
    t = String(x);
    if (SEE_TEXTS.size >= 10_000) SEE_TEXTS.clear();
    SEE_TEXTS.set(x, t);
  }
  return t;
}

function plainDocument(unit: string): string {
  let text = PLAIN_DOCUMENTS.get(unit);
  if (text === undefined) {
    text = copyJson({ unitGiven: unit } satisfies StoredShipmentExtra);
    PLAIN_DOCUMENTS.set(unit, text);
  }
  return text;
}

/**
 * Appends one shipment's COPY line and adds it to `rollup` (when given: else rollupOfCopyLines
 * reads it from the lines); returns its id. Its warnings are a lineage part of `parts` (stored
 * with the rows that cite it).
 */
export function writeShipment(
  out: CopyBuffer,
  rollup: CbamRollupAccumulator | null,
  parts: PartSet,
  tenantId: string,
  batchId: string | null,
  row: number | null,
  s: ComputedShipment,
  good: CbamGood,
): string {
  const id = timeOrderedId('cbs');
  const e = s.embedded;
  const i = s.input;
  const plain =
    i.declarantEori === undefined &&
    i.actual === undefined &&
    i.procedure === undefined &&
    i.supplierId === undefined &&
    i.description === undefined &&
    !s.actual;
  // Most lines carry nothing but their unit besides the columns: that document is written once per unit.
  const docText = plain ? plainDocument(i.unitGiven) : copyJson(extraOf(s));
  // One string per row (one buffer write): the fields in CBAM_SHIPMENT_COLUMNS order, escaped where text may need it.
  const batch = batchId === null ? '\\N' : batchId;
  const rowNo = row === null ? '\\N' : row;
  const warnings = e.warnings.length > 0 ? parts.warnings(e.warnings as unknown as CalculationWarning[]) : '\\N';
  // Each number printed once, for the line and the rollup alike.
  const texts: ShipmentTexts = { quantity: String(i.quantity), directT: String(e.directT), indirectT: String(e.indirectT) };
  const counted = e.countedT === e.directT ? texts.directT : String(e.countedT);
  out.text(
    `${sameText('tenant', tenantId)}\t${id}\t${copyText(i.shipmentId)}\t${batch}\t${rowNo}\t${i.importDate}\t${i.cnCode}\t${i.originCountry}\t` +
      `${copyText(i.installationId ?? null)}\t${texts.quantity}\t${e.method}\t${seeText(e.directSee)}\t${seeText(e.indirectSee)}\t${e.markupPct}\t` +
      `${texts.directT}\t${texts.indirectT}\t${counted}\t${i.carbonPricePaidEur}\t${sameText('dataset', e.datasetId)}\t${docText}\t${warnings}\t${e.lineageHash}\n`,
  );
  rollup?.add(i, e, good, texts);
  return id;
}

const COLUMN = Object.fromEntries(CBAM_SHIPMENT_COLUMNS.map((c, i) => [c, i])) as Record<(typeof CBAM_SHIPMENT_COLUMNS)[number], number>;
/** The columns rollupOfCopyLines reads, and the last of them. */
const SUMMED_COLUMNS = (
  ['import_date', 'cn_code', 'origin_country', 'installation_id', 'method', 'quantity', 'direct_t', 'indirect_t', 'carbon_price_paid_eur'] as const
).map((c) => COLUMN[c]);
const LAST_SUMMED_COLUMN = Math.max(...SUMMED_COLUMNS);
const SUMMED = CBAM_SHIPMENT_COLUMNS.map((_, i) => SUMMED_COLUMNS.includes(i));
const UNESCAPE: Readonly<Record<string, string>> = { '\\': '\\', t: '\t', n: '\n', r: '\r' };

/** A COPY text field back to its value (copyText's inverse; `\N` is null). */
function fieldValue(text: string): string | null {
  if (text === '\\N') return null;
  return text.includes('\\') ? text.replace(/\\([\\tnr])/g, (_, c: string) => UNESCAPE[c]!) : text;
}

/** An installation id as a latin1 reading of its UTF-8 bytes gives it: its value ('' for none). */
function installationOf(latin1: string): string {
  const text = NON_ASCII.test(latin1) ? Buffer.from(latin1, 'latin1').toString('utf8') : latin1;
  return fieldValue(text) ?? '';
}
const NON_ASCII = /[\u0080-\u00ff]/;

/**
 * The rollup of a chunk's COPY lines (writeShipment's), read back from the bytes: the same sums as
 * the rollup the writer kept, each number counted as the line prints it. A compute thread leaves
 * this to the main thread, which has time to spare (src/ingest/cbam-thread.ts).
 */
export function rollupOfCopyLines(data: Uint8Array): CbamRollupAccumulator {
  const rollup = new CbamRollupAccumulator();
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  // Only the fields summed are cut out, up to the last of them (COPY text escapes tabs and newlines inside fields).
  const f: string[] = new Array(LAST_SUMMED_COLUMN + 1);
  for (let from = 0; from < bytes.length; ) {
    const to = pieceEnd(bytes, from);
    // Read as latin1 (a byte per character, no UTF-8 decoding): the fields summed are ASCII; an
    // installation id with other characters is decoded from its own bytes (installationOf).
    const text = bytes.toString('latin1', from, to);
    from = to;
    let start = 0;
    while (start < text.length) {
      for (let k = 0; k <= LAST_SUMMED_COLUMN; k++) {
        const tab = text.indexOf('\t', start);
        if (SUMMED[k]) f[k] = text.slice(start, tab);
        start = tab + 1;
      }
      start = text.indexOf('\n', start) + 1;
      const cn = f[COLUMN.cn_code]!;
      rollup.addPrinted(
        f[COLUMN.import_date]!,
        cn,
        f[COLUMN.origin_country]!,
        installationOf(f[COLUMN.installation_id]!),
        f[COLUMN.method]!,
        lookupCn(cn)!.good,
        {
          quantity: f[COLUMN.quantity]!,
          directT: f[COLUMN.direct_t]!,
          indirectT: f[COLUMN.indirect_t]!,
          paid: f[COLUMN.carbon_price_paid_eur]!,
        },
      );
    }
  }
  return rollup;
}

/**
 * Bytes read into one string at a time: V8 makes a string of 128 KiB or more in its large-object
 * space, some 50 times slower a byte than a smaller one (docs/benchmarks.md, Issue 16 check).
 */
export const TEXT_PIECE_BYTES = 32 * 1024;

/** The end of the piece of whole lines from `from`: about TEXT_PIECE_BYTES, longer only for one longer line. */
function pieceEnd(bytes: Buffer, from: number): number {
  if (bytes.length - from <= TEXT_PIECE_BYTES) return bytes.length;
  const lf = bytes.lastIndexOf(10, from + TEXT_PIECE_BYTES - 1);
  if (lf >= from) return lf + 1;
  const next = bytes.indexOf(10, from + TEXT_PIECE_BYTES);
  return next === -1 ? bytes.length : next + 1;
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
  input: StoredShipmentExtra;
  /** Resolved from the lineage part the row cites. */
  warnings: Array<{ code: string; message: string }>;
  lineage_hash: string;
  created_at: Date;
}

const SELECT = `SELECT id, shipment_id, batch_id, to_char(import_date, 'YYYY-MM-DD') AS import_date, cn_code, origin_country, installation_id,
  quantity, method, direct_see, indirect_see, markup_pct, direct_t, indirect_t, counted_t, carbon_price_paid_eur, dataset_id, input, warnings,
  lineage_hash, created_at FROM cbam_shipments`;

type StoredRow = Omit<ShipmentRow, 'warnings'> & { warnings: string | null };

/** The rows with their warnings read from the parts they cite (one query for the lot). */
async function withWarnings(db: SqlExecutor, rows: StoredRow[]): Promise<ShipmentRow[]> {
  const ids = [...new Set(rows.map((r) => r.warnings).filter((w): w is string => w !== null))];
  const docs = new Map<string, Array<{ code: string; message: string }>>();
  if (ids.length > 0) {
    const res = await db.query<{ id: string; doc: Array<{ code: string; message: string }> }>(
      'SELECT id, doc FROM calculation_parts WHERE id = ANY($1::text[])',
      [ids],
    );
    for (const r of res.rows) docs.set(r.id, r.doc);
  }
  return rows.map((r) => ({ ...r, warnings: r.warnings === null ? [] : (docs.get(r.warnings) ?? []) }));
}

/** The line as it was accepted, from a stored row: its columns and its extra document. */
export function storedLine(r: ShipmentRow): CbamShipmentInput {
  const x = r.input;
  return {
    shipmentId: r.shipment_id,
    importDate: r.import_date,
    cnCode: r.cn_code,
    originCountry: r.origin_country,
    quantity: r.quantity,
    unitGiven: x.unitGiven,
    declarantEori: x.declarantEori,
    installationId: r.installation_id ?? undefined,
    actual: x.actual,
    carbonPricePaidEur: r.carbon_price_paid_eur,
    procedure: x.procedure,
    supplierId: x.supplierId,
    description: x.description,
  };
}

/** One shipment by our id (`cbs_…`) or the caller's shipment_id. */
export async function getShipment(db: SqlExecutor, tenantId: string, id: string): Promise<ShipmentRow | null> {
  // Two index lookups (the key, then the tenant's shipment_id), not one OR that neither index serves.
  const res = await db.query<StoredRow>(`${SELECT} WHERE tenant_id = $1 AND id = $2 UNION ALL ${SELECT} WHERE tenant_id = $1 AND shipment_id = $2 LIMIT 1`, [
    tenantId,
    id,
  ]);
  return res.rows[0] ? (await withWarnings(db, res.rows))[0]! : null;
}

/** A page of the tenant's shipments in shipment_id order, after `after`; optionally one year or quarter of import dates. */
export async function listShipments(
  db: SqlExecutor,
  tenantId: string,
  opts: { after?: string; limit: number; year?: number; quarter?: number },
): Promise<ShipmentRow[]> {
  const params: unknown[] = [tenantId, opts.after ?? '', opts.limit];
  let where = 'tenant_id = $1 AND shipment_id > $2';
  if (opts.year !== undefined) {
    const [from, to] = periodBounds(opts.year, opts.quarter);
    params.push(from, to);
    where += ' AND import_date >= $4 AND import_date < $5';
  }
  const res = await db.query<StoredRow>(`${SELECT} WHERE ${where} ORDER BY shipment_id LIMIT $3`, params);
  return withWarnings(db, res.rows);
}

/** [first day, first day after] of a year or one of its quarters. */
export function periodBounds(year: number, quarter?: number): [string, string] {
  if (quarter === undefined) return [`${year}-01-01`, `${year + 1}-01-01`];
  const m = (quarter - 1) * 3 + 1;
  const next = quarter === 4 ? `${year + 1}-01-01` : `${year}-${String(m + 3).padStart(2, '0')}-01`;
  return [`${year}-${String(m).padStart(2, '0')}-01`, next];
}
