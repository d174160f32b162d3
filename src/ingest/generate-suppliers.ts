/**
 * `greenline gen suppliers` and `greenline gen supplier-mentions`: the supplier-matching evaluation
 * set (src/domain/suppliers/generate.ts) as CSV or NDJSON text, streamed in pieces of about 64 KiB.
 * The same type, rows, companies and seed always give the same bytes.
 */
import { type CanonicalCompany, companies, mentions, SUPPLIER_CAPACITY, type SupplierMention } from '../domain/suppliers/generate.ts';

export const SUPPLIER_GEN_TYPES = ['suppliers', 'supplier-mentions'] as const;
export type SupplierGenType = (typeof SUPPLIER_GEN_TYPES)[number];

export const isSupplierGenType = (type: string): type is SupplierGenType => (SUPPLIER_GEN_TYPES as readonly string[]).includes(type);

export interface SupplierGenerateOptions {
  type: SupplierGenType;
  rows: number;
  seed: number;
  /** supplier-mentions: the `--rows` of the `gen suppliers` set the mentions refer to. */
  companies?: number;
  format?: 'csv' | 'ndjson';
}

export const SUPPLIER_HEADER = ['id', 'name', 'country', 'lei', 'duns'];
export const MENTION_HEADER = ['mention_id', 'name', 'country', 'lei', 'duns', 'truth', 'corruptions'];

/** RFC 4180: quoted when it holds a comma, quote or line break. */
const cell = (v: string | null) => (v === null ? '' : /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

const companyCsv = (c: CanonicalCompany) => [c.id, c.name, c.country, c.lei, c.duns].map(cell).join(',');
const mentionCsv = (m: SupplierMention) => [m.id, m.name, m.country, m.lei, m.duns, m.truth, m.corruptions.join('|')].map(cell).join(',');

const companyJson = (c: CanonicalCompany) =>
  JSON.stringify({ id: c.id, name: c.name, country: c.country, ...(c.lei && { lei: c.lei }), ...(c.duns && { duns: c.duns }) });
const mentionJson = (m: SupplierMention) =>
  JSON.stringify({
    mention_id: m.id,
    name: m.name,
    ...(m.country && { country: m.country }),
    ...(m.lei && { lei: m.lei }),
    ...(m.duns && { duns: m.duns }),
    truth: m.truth,
    corruptions: m.corruptions,
  });

/** Checks the options and yields the file (header first for CSV). */
export function* generateSupplierRows(opts: SupplierGenerateOptions): Generator<string> {
  const ndjson = opts.format === 'ndjson';
  let lines: Iterable<string>;
  let header: string[];
  if (opts.type === 'suppliers') {
    if (opts.companies !== undefined) throw new Error('--companies: applies to supplier-mentions only (gen suppliers takes --rows)');
    if (opts.rows > SUPPLIER_CAPACITY) throw new Error(`--rows: at most ${SUPPLIER_CAPACITY} suppliers per seed, got ${opts.rows}`);
    header = SUPPLIER_HEADER;
    lines = map(companies(opts.seed, opts.rows), ndjson ? companyJson : companyCsv);
  } else {
    const m = opts.companies;
    if (m === undefined) throw new Error('--companies: required for supplier-mentions (the --rows given to gen suppliers)');
    if (m < 1 || m > SUPPLIER_CAPACITY) throw new Error(`--companies: must be 1..${SUPPLIER_CAPACITY}, got ${m}`);
    header = MENTION_HEADER;
    lines = map(mentions(opts.seed, opts.rows, m), ndjson ? mentionJson : mentionCsv);
  }
  let out = ndjson ? '' : `${header.join(',')}\n`;
  for (const line of lines) {
    out += `${line}\n`;
    if (out.length >= 65_536) {
      yield out;
      out = '';
    }
  }
  if (out.length > 0) yield out;
}

function* map<T>(items: Iterable<T>, f: (item: T) => string): Generator<string> {
  for (const item of items) yield f(item);
}
