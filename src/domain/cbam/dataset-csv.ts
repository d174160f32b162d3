/**
 * The CSV shape `greenline cbam defaults import FILE` reads (docs/cbam.md, Importing a data set):
 *
 *   kind,cn_code,country,period,direct_see,indirect_see,value
 *   default,7208,,,1.9,0.35,                 default SEE for a CN prefix, world (country empty) or one origin
 *   default,7208,TR,,1.7,0.3,
 *   markup,,,2026,,,10                       mark-up percent for a year (a cn_code limits it to goods under it)
 *   free_allocation,,,2026,,,97.5            CBAM factor percent for a year
 *   benchmark,7208,,,,,1.37                  benchmark tCO2e per tonne for a CN prefix
 *   price,,,2026-Q1,,,75                     certificate price EUR per tCO2e for a period
 *
 * Every error is reported with its line number; a line's unused columns must be empty (a shifted
 * column is caught). Lines starting with `#` are comments.
 */
import { parse } from 'csv-parse/sync';
import { coversCbamGoods, normalizeCn } from './goods.ts';
import type { CbamDataset } from './types.ts';
import { isIsoCountry } from './validate.ts';

export const DATASET_CSV_HEADER = ['kind', 'cn_code', 'country', 'period', 'direct_see', 'indirect_see', 'value'] as const;
type Column = (typeof DATASET_CSV_HEADER)[number];

export interface DatasetCsvError {
  line: number;
  field: string;
  message: string;
}

export type DatasetCsvParse = { ok: true; dataset: CbamDataset } | { ok: false; errors: DatasetCsvError[] };

/** For each kind, the columns it uses (required ones first flagged); any other column must be empty. */
const KINDS: Record<string, { required: Column[]; optional: Column[] }> = {
  default: { required: ['cn_code', 'direct_see'], optional: ['country', 'indirect_see'] },
  markup: { required: ['period', 'value'], optional: ['cn_code'] },
  free_allocation: { required: ['period', 'value'], optional: [] },
  benchmark: { required: ['cn_code', 'value'], optional: [] },
  price: { required: ['period', 'value'], optional: [] },
};

const NUMBER = /^-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

export function parseDatasetCsv(text: string, meta: { id: string; name: string; version: string; source: string }): DatasetCsvParse {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, { bom: true, trim: true, skip_empty_lines: true, comment: '#', relax_column_count: true, info: true }) as unknown as typeof records;
  } catch (e) {
    const err = e as { lines?: number; message: string };
    return { ok: false, errors: [{ line: err.lines ?? 1, field: '', message: `not readable as CSV: ${err.message}` }] };
  }
  const header = records[0];
  if (!header || header.record.join(',') !== DATASET_CSV_HEADER.join(',')) {
    return { ok: false, errors: [{ line: header?.info.lines ?? 1, field: '', message: `the header must be exactly: ${DATASET_CSV_HEADER.join(',')}` }] };
  }
  const ds: CbamDataset = { ...meta, illustrative: false, defaults: [], markups: [], freeAllocation: [], benchmarks: [], prices: [] };
  const errors: DatasetCsvError[] = [];
  const firstLine = new Map<string, number>();
  for (const { record, info } of records.slice(1)) {
    const line = info.lines;
    const err = (field: string, message: string): void => void errors.push({ line, field, message });
    if (record.length > DATASET_CSV_HEADER.length) err('', `${record.length} columns; the header has ${DATASET_CSV_HEADER.length}`);
    const cell = (c: Column): string => record[DATASET_CSV_HEADER.indexOf(c)] ?? '';
    const kind = cell('kind');
    const spec = KINDS[kind];
    if (!spec) {
      err('kind', `kind "${kind}" is not one of ${Object.keys(KINDS).join(', ')}`);
      continue;
    }
    const before = errors.length;
    for (const c of DATASET_CSV_HEADER.slice(1)) {
      const used = spec.required.includes(c) || spec.optional.includes(c);
      if (!used && cell(c) !== '') err(c, `${c} is not used by a ${kind} row; leave it empty`);
      if (spec.required.includes(c) && cell(c) === '') err(c, `${c} is required for a ${kind} row`);
    }
    const num = (c: Column, min: number, max = Number.POSITIVE_INFINITY): number => {
      const t = cell(c);
      if (t === '') return 0;
      const n = NUMBER.test(t) ? Number(t) : Number.NaN;
      if (!(n >= min && n <= max)) err(c, `${c} "${t}" must be a number from ${min}${max < Number.POSITIVE_INFINITY ? ` to ${max}` : ''}`);
      return n;
    };
    const prefix = (): string => {
      const t = cell('cn_code');
      const p = normalizeCn(t);
      if (t === '') return '';
      if (!/^\d{2,8}$/.test(p)) err('cn_code', `cn_code "${t}" must be a CN code or heading of 2 to 8 digits`);
      else if (!coversCbamGoods(p)) err('cn_code', `cn_code "${t}" covers no CBAM good (Annex I)`);
      return p;
    };
    const year = (): number => {
      const t = cell('period');
      if (t !== '' && !/^\d{4}$/.test(t)) err('period', `period "${t}" must be a year (YYYY) for a ${kind} row`);
      return Number(t);
    };
    let key = '';
    let add = (): void => {};
    if (kind === 'default') {
      const p = prefix();
      const country = cell('country').toUpperCase();
      if (country !== '' && !isIsoCountry(country)) err('country', `country "${cell('country')}" is not an ISO 3166-1 alpha-2 code`);
      const directSee = num('direct_see', 0);
      const indirectSee = num('indirect_see', 0);
      key = `default|${p}|${country}`;
      add = () => ds.defaults.push({ prefix: p, country: country === '' ? null : country, directSee, indirectSee });
    } else if (kind === 'markup') {
      const p = prefix();
      const y = year();
      const pct = num('value', 0);
      key = `markup|${p}|${y}`;
      add = () => ds.markups.push(p === '' ? { year: y, pct } : { year: y, pct, prefix: p });
    } else if (kind === 'free_allocation') {
      const y = year();
      const pct = num('value', 0, 100);
      key = `free_allocation|${y}`;
      add = () => ds.freeAllocation.push({ year: y, pct });
    } else if (kind === 'benchmark') {
      const p = prefix();
      const value = num('value', 0);
      key = `benchmark|${p}`;
      add = () => ds.benchmarks.push({ prefix: p, value });
    } else {
      const period = cell('period');
      if (period !== '' && !/^\d{4}(-Q[1-4]|-W(0[1-9]|[1-4]\d|5[0-3]))?$/.test(period)) {
        err('period', `period "${period}" must be a year (2026), a quarter (2026-Q1) or an ISO week (2026-W05)`);
      }
      const eurPerT = num('value', 0);
      key = `price|${period}`;
      add = () => ds.prices.push({ period, eurPerT });
    }
    if (errors.length > before) continue;
    const first = firstLine.get(key);
    if (first !== undefined) err('', `repeats the ${kind} row on line ${first} (same key); keep one`);
    else {
      firstLine.set(key, line);
      add();
    }
  }
  if (errors.length === 0 && records.length === 1) errors.push({ line: 1, field: '', message: 'the file has a header but no rows' });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, dataset: ds };
}
