/**
 * Plain spend lines (category 1: date, spend, currency, NAICS or sector, optional external id;
 * nothing else) are most of a year of purchases. Every line of one group (same NAICS code, sector,
 * currency and year) has the same result but for its amount, so the engine calculates one line
 * per group and the store's row template for that group (EmissionWriter.spendTemplate) writes the
 * rest. The general path writes plain lines through the same templates; the fast path only reads
 * them straight from their cells and skips the engine. It is an optimisation, never a different
 * behaviour: test/ingest/fast-path-differential.test.ts holds the two to the same stored bytes
 * and row errors.
 */

import { MAX_SPEND } from '../domain/plausible-bounds.ts';
import { SPEND_SECTORS } from '../domain/scope3/categories/shared.ts';
import type { CalculationResult } from '../domain/scope3/engine.ts';
import { isCalendarDate, isPlausibleYear } from '../domain/scope3/fields.ts';
import { spendLineOf } from '../domain/scope3/spend-line.ts';
import type { CopyBuffer } from '../store/copy-text.ts';
import type { EmissionWriter, SpendRowTemplate } from '../store/emission-row.ts';
import type { RollupAccumulator } from '../store/rollups.ts';
import type { ColumnPlan } from './record-types.ts';

const FAST_FIELDS = new Set(['category', 'date', 'external_id', 'spend', 'currency', 'naics', 'sector']);
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const CURRENCY = /^[A-Z]{3}$/;
const NAICS = /^\d{6}$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const SECTORS: ReadonlySet<string> = new Set(SPEND_SECTORS);

/** The parts of a plain spend line that decide its group, or null when it is not one. */
function groupParts(date: unknown, spend: unknown, currency: unknown, naics: unknown, sector: unknown, ext: unknown): [string, string, string, string] | null {
  if (typeof date !== 'string' || !DATE.test(date) || !isCalendarDate(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))))
    return null;
  if (!isPlausibleYear(Number(date.slice(0, 4)))) return null;
  if (typeof spend !== 'number' || !(spend > 0) || spend > MAX_SPEND) return null;
  if (typeof currency !== 'string' || !CURRENCY.test(currency)) return null;
  if (naics !== undefined && (typeof naics !== 'string' || !NAICS.test(naics))) return null;
  if (typeof sector !== 'string' || !SECTORS.has(sector)) return null;
  if (ext !== undefined && (typeof ext !== 'string' || ext.length > 200)) return null;
  return [naics ?? '', sector, currency, date.slice(0, 4)];
}

/** The group of a plain spend record, or null when it is anything else (the engine takes it). */
export function spendGroupKey(record: Record<string, unknown>): string | null {
  if (record.category !== 1) return null;
  for (const k in record) if (!FAST_FIELDS.has(k)) return null;
  const parts = groupParts(record.date, record.spend, record.currency ?? 'USD', record.naics, record.sector ?? 'average', record.external_id);
  // Raw currency and sector in the key: a line that gives USD and one that leaves it to the
  // default have different inputs, so different templates.
  return parts && `${parts[0]}|${record.sector ?? ''}|${record.currency ?? ''}|${parts[3]}`;
}

/** Where a CSV file's spend columns are, for reading lines straight from their cells. */
export interface SpendCells {
  date: number;
  spend: number;
  currency: number;
  naics: number;
  sector: number;
  externalId: number;
  /** Other mapped columns: a line with any of them filled is not plain. */
  others: number[];
  /** Field name per column (null: ignored), in file order. */
  fields: Array<string | null>;
}

export function spendCells(plan: ColumnPlan): SpendCells {
  const at = (f: string) => plan.fields.indexOf(f);
  const known = new Set(['date', 'spend', 'currency', 'naics', 'sector', 'external_id']);
  const others: number[] = [];
  plan.fields.forEach((f, i) => {
    if (f !== null && !known.has(f)) others.push(i);
  });
  return {
    date: at('date'),
    spend: at('spend'),
    currency: at('currency'),
    naics: at('naics'),
    sector: at('sector'),
    externalId: at('external_id'),
    others,
    fields: plan.fields,
  };
}

const cell = (cells: readonly string[], i: number): string => (i < 0 ? '' : cells[i]!.trim());

const DASH = 45;
const DOT = 46;
const ZERO = 48;

/** The value of the decimal digits s[from, to), or -1 when one is not a digit. */
function digitsAt(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = s.charCodeAt(i) - ZERO;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * The year of a YYYY-MM-DD calendar date in the years records may carry, or -1: DATE,
 * isCalendarDate's and isPlausibleYear's verdict without a regex or slices.
 */
export function calendarYear(date: string): number {
  if (date.length !== 10 || date.charCodeAt(4) !== DASH || date.charCodeAt(7) !== DASH) return -1;
  const year = digitsAt(date, 0, 4);
  const month = digitsAt(date, 5, 7);
  const day = digitsAt(date, 8, 10);
  return year >= 0 && month >= 0 && day >= 0 && isCalendarDate(year, month, day) && isPlausibleYear(year) ? year : -1;
}

// Parsed, not computed: each is then the double nearest its power of ten, for certain.
const POW10 = Array.from({ length: 16 }, (_, i) => Number(`1e${i}`));

/**
 * Number(text) when `text` is a decimal that JavaScript prints back unchanged (String(Number(text))
 * === text), else -1. That is /^[1-9]\d*(\.\d*[1-9])?$/ with at most 15 digits, how amounts are
 * usually written: every decimal of 15 significant digits survives the round trip through a
 * double, and 1 ≤ value < 1e15 prints in plain notation. The value is digits / 10^decimals, both
 * exact doubles, and IEEE division rounds correctly, so it is Number(text) exactly (the fast case
 * of every correct strtod) at a fraction of Number()'s cost; the line then reuses the text
 * instead of formatting the number again.
 */
export function printedDecimal(text: string): number {
  const n = text.length;
  if (n === 0 || n > 16) return -1;
  let digits = text.charCodeAt(0) - ZERO;
  if (digits < 1 || digits > 9) return -1;
  let dot = -1;
  for (let i = 1; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === DOT && dot === -1) {
      dot = i;
      continue;
    }
    const d = c - ZERO;
    if (d < 0 || d > 9) return -1;
    digits = digits * 10 + d;
  }
  if (dot === -1) return n <= 15 ? digits : -1;
  if (dot === n - 1 || text.charCodeAt(n - 1) === ZERO) return -1;
  return digits / POW10[n - 1 - dot]!;
}

/**
 * Group keys of CSV lines, interned: naics → sector → currency → year → key, each cell as the file
 * gives it. A line's key is found with four small map lookups instead of four regexes and a
 * string built per line, and the same key object comes back each time, so the maps it is looked
 * up in later hash it once. Only valid cell values are kept (invalid ones are rare and would let
 * a hostile file grow the cache); MAX_KEYS bounds the rest.
 */
class GroupKeys {
  private readonly tree = new Map<string, Map<string, Map<string, Map<number, string>>>>();
  private size = 0;
  private static readonly MAX_KEYS = 100_000;

  /** The key of a line with these cells (the year already checked), or null when a cell is invalid. */
  get(naics: string, sector: string, currency: string, year: number, date: string): string | null {
    const bySector = this.tree.get(naics) ?? (naics === '' || NAICS.test(naics) ? this.add(this.tree, naics, new Map()) : null);
    if (!bySector) return null;
    const byCurrency = bySector.get(sector) ?? (SECTORS.has(sector || 'average') ? this.add(bySector, sector, new Map()) : null);
    if (!byCurrency) return null;
    const byYear = byCurrency.get(currency) ?? (CURRENCY.test(currency || 'USD') ? this.add(byCurrency, currency, new Map()) : null);
    if (!byYear) return null;
    // The year's text, not the number: the key must stay what it was (`0999`, not `999`).
    return byYear.get(year) ?? this.add(byYear, year, `${naics}|${sector}|${currency}|${date.slice(0, 4)}`);
  }

  private add<K, V>(map: Map<K, V>, key: K, value: V): V {
    if (++this.size > GroupKeys.MAX_KEYS) {
      this.tree.clear();
      this.size = 0;
    }
    map.set(key, value);
    return value;
  }
}

/** The fields of a plain spend record that every line of its group shares. */
export function constantInput(record: Record<string, unknown>): Record<string, unknown> {
  const { date: _d, external_id: _e, spend: _s, ...constant } = record;
  return constant;
}

/** The row templates of the groups seen so far (null: the group's lines go through the engine). */
export class SpendTemplates {
  private readonly groups = new Map<string, SpendRowTemplate | null>();

  constructor(private readonly writer: EmissionWriter) {}

  has(key: string): boolean {
    return this.groups.has(key);
  }

  get(key: string): SpendRowTemplate | null {
    return this.groups.get(key) ?? null;
  }

  /** Learns a group from the engine's result for one of its lines (`r` null: the engine refused it). */
  learn(key: string, r: CalculationResult | null, record: Record<string, unknown>): SpendRowTemplate | null {
    const template = r ? this.writer.spendTemplate(r, spendLineOf(r), constantInput(record)) : null;
    this.groups.set(key, template);
    return template;
  }
}

/**
 * Reads plain spend lines straight from their CSV cells (or their NDJSON record) and writes them
 * through their group's template, without a record object or the engine.
 */
export class SpendFastPath {
  private readonly keys = new GroupKeys();

  constructor(readonly templates: SpendTemplates) {}

  /**
   * The group key of a CSV line read straight from its cells, or null when it is not plain: the
   * checks of groupParts (a test holds the two equal), each cell looked at once. A line with
   * another number of cells than the header is not plain (the general path reports it).
   */
  keyOfCells(cols: SpendCells, cells: readonly string[]): string | null {
    if (cells.length !== cols.fields.length) return null;
    for (const i of cols.others) if (cells[i]!.trim() !== '') return null;
    const spendText = cell(cells, cols.spend);
    let spend = printedDecimal(spendText);
    if (spend === -1) {
      if (!NUMBER.test(spendText)) return null;
      spend = Number(spendText);
    }
    if (!(spend > 0) || spend > MAX_SPEND) return null;
    if (cell(cells, cols.externalId).length > 200) return null;
    const date = cell(cells, cols.date);
    const year = calendarYear(date);
    if (year < 0) return null;
    return this.keys.get(cell(cells, cols.naics), cell(cells, cols.sector), cell(cells, cols.currency), year, date);
  }

  /** Writes a CSV row of a known group from its cells; its kg, or null when the group has no template. */
  writeCells(
    out: CopyBuffer,
    rollup: RollupAccumulator,
    key: string,
    id: string,
    cols: SpendCells,
    cells: readonly string[],
    row: number | null,
  ): number | null {
    const t = this.templates.get(key);
    if (!t) return null;
    const ext = cell(cells, cols.externalId);
    const spendText = cell(cells, cols.spend);
    const printed = printedDecimal(spendText);
    const amount = printed === -1 ? Number(spendText) : printed;
    const amountText = printed === -1 ? String(amount) : spendText;
    return t.write(out, rollup, id, cell(cells, cols.date), amount, amountText, ext === '' ? undefined : ext, row);
  }

  /** Writes a record of a known group; its kg, or null when the group has no template. */
  writeRecord(out: CopyBuffer, rollup: RollupAccumulator, key: string, id: string, record: Record<string, unknown>, row: number | null): number | null {
    const t = this.templates.get(key);
    if (!t) return null;
    return writeSpendRecord(t, out, rollup, id, record, row);
  }
}

/** Writes a plain spend record through its group's template; its kg. */
export function writeSpendRecord(
  t: SpendRowTemplate,
  out: CopyBuffer,
  rollup: RollupAccumulator,
  id: string,
  record: Record<string, unknown>,
  row: number | null,
): number {
  const amount = record.spend as number;
  return t.write(out, rollup, id, record.date as string, amount, String(amount), record.external_id as string | undefined, row);
}
