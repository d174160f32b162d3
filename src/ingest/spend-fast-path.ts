/**
 * The fast path for plain spend lines (category 1: date, spend, currency, NAICS or sector,
 * optional external id; nothing else), which are most of a year of purchases.
 *
 * Every such line of one group — same NAICS code, sector, currency and year — has the same
 * method, factor, exchange rate, deflator, fallback list, data quality and CV; only the amount
 * differs. So the engine calculates one line per group, and every line of the group is then
 * written from it: value = (spend × rate) × deflator and kg = value × factor, the engine's own
 * arithmetic in its order, the lineage hash over the same canonical JSON, and a lineage document
 * that cites the group's template part and keeps only the line's amount. Tests hold every column
 * equal to the engine's for the same record, so `greenline verify` recomputes these rows through
 * the engine unchanged.
 *
 * A group whose factor has a gas breakdown, or whose result carries warnings, is not fast (its kg
 * depends on more than one multiplication); its lines go through the engine.
 */
import { resultLineageJson, sha256Hex } from '../domain/lineage.ts';
import { SPEND_SECTORS } from '../domain/scope3/categories/shared.ts';
import { type CalculationResult, ENGINE_VERSION } from '../domain/scope3/engine.ts';
import { isCalendarDate, MAX_MAGNITUDE } from '../domain/scope3/fields.ts';
import type { EmissionDetail } from '../store/calculation-parts.ts';
import type { EmissionWriter } from '../store/calculations.ts';
import { type CopyBuffer, copyJson, copyNumber, copyText } from '../store/copy-text.ts';
import type { RollupAccumulator } from '../store/rollups.ts';
import type { ColumnPlan } from './record-types.ts';

const FAST_FIELDS = new Set(['category', 'date', 'external_id', 'spend', 'currency', 'naics', 'sector']);
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const CURRENCY = /^[A-Z]{3}$/;
const NAICS = /^\d{6}$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const SECTORS: ReadonlySet<string> = new Set(SPEND_SECTORS);

interface FastGroup {
  rate: number;
  deflator: number;
  factor: number;
  /** COPY columns from tenant to method, ending in a tab. */
  prefix: string;
  /** COPY columns from gases to CV, ending in a tab. */
  factorColumns: string;
  /** Lineage JSON up to the spend value, then up to kg, then the end. */
  lineage: string[];
  /** The lineage document's COPY text up to the amount. */
  detailHead: string;
  tier: number;
  dqi: number;
  /** Whether prefix, factorColumns and detailHead are ASCII. */
  ascii: boolean;
}

/** The parts of a plain spend line that decide its group, or null when it is not one. */
function groupParts(date: unknown, spend: unknown, currency: unknown, naics: unknown, sector: unknown, ext: unknown): [string, string, string, string] | null {
  if (typeof date !== 'string' || !DATE.test(date) || !isCalendarDate(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)))) return null;
  if (typeof spend !== 'number' || !(spend > 0) || spend > MAX_MAGNITUDE) return null;
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
  return { date: at('date'), spend: at('spend'), currency: at('currency'), naics: at('naics'), sector: at('sector'), externalId: at('external_id'), others, fields: plan.fields };
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

/** The year of a YYYY-MM-DD calendar date, or -1: DATE and isCalendarDate's verdict without a regex or slices. */
export function calendarYear(date: string): number {
  if (date.length !== 10 || date.charCodeAt(4) !== DASH || date.charCodeAt(7) !== DASH) return -1;
  const year = digitsAt(date, 0, 4);
  const month = digitsAt(date, 5, 7);
  const day = digitsAt(date, 8, 10);
  return year >= 0 && month >= 0 && day >= 0 && isCalendarDate(year, month, day) ? year : -1;
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

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/**
 * Whether a text field needs no COPY escape and is ASCII (so copyText(text) === text and it may
 * be written one byte per character): printable ASCII without a backslash.
 */
function isPlainAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x5c) return false;
  }
  return true;
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

export class SpendFastPath {
  /** Group key → its constants, or null when the group is not fast. */
  private readonly groups = new Map<string, FastGroup | null>();
  private readonly keys = new GroupKeys();

  constructor(private readonly writer: EmissionWriter) {}

  has(key: string): boolean {
    return this.groups.has(key);
  }

  /**
   * Learns a group from the engine's result for one of its lines (`record`; null: the engine
   * refused it).
   */
  learn(key: string, r: CalculationResult | null, record?: Record<string, unknown>): void {
    const u = r?.inputsUsed;
    const f = r?.factors[0];
    const fast =
      r &&
      u &&
      f &&
      r.factors.length === 1 &&
      r.gases === null &&
      f.gases === null &&
      r.warnings.length === 0 &&
      Object.keys(u).join(',') === 'spend,spend_unit,fx_rate,fx_date,deflator' &&
      typeof u.fx_rate === 'number' &&
      typeof u.deflator === 'number';
    if (!fast) {
      this.groups.set(key, null);
      return;
    }
    const MARK = 1234.5;
    const lineage = resultLineageJson({
      engine: ENGINE_VERSION,
      category: r.category,
      methodVersion: r.methodVersion,
      tier: r.tier,
      method: r.method,
      gwpSet: r.gwpSet,
      inputs: { ...u, spend: MARK },
      factors: [{ name: f.name, id: f.id, value: f.value, unit: f.unit, datasetVersion: f.datasetVersion }],
      kgCo2e: MARK,
    });
    const { date: _d, external_id: _e, spend: _s, ...constant } = record ?? {};
    const template = this.writer.parts.id('template', { ...this.writer.detailOf({ ...r, inputsUsed: { ...u, spend: 0 } }), in: constant });
    const detail: EmissionDetail = { t: template, a: MARK };
    const group: FastGroup = {
      ascii: false,
      rate: u.fx_rate as number,
      deflator: u.deflator as number,
      factor: f.value,
      prefix: flat(this.writer.rowPrefix(undefined, r)),
      factorColumns: flat(this.writer.factorColumns(r)),
      lineage: splitAt(lineage, `"spend":${MARK}`, `"kgCo2e":${MARK}`).map(flat),
      detailHead: flat(splitAt(copyJson(detail), `"a":${MARK}`)[0]!),
      tier: r.tier,
      dqi: r.dataQuality.score,
    };
    // (Already in COPY form: tabs and escapes are fine, only non-ASCII needs the UTF-8 encoder.)
    group.ascii = [group.prefix, group.factorColumns, group.detailHead].every(isAscii);
    this.groups.set(key, group);
  }

  /**
   * The group key of a CSV line read straight from its cells, or null when it is not plain: the
   * checks of groupParts (a test holds the two equal), each cell looked at once.
   */
  keyOfCells(cols: SpendCells, cells: readonly string[]): string | null {
    for (const i of cols.others) if (cells[i]!.trim() !== '') return null;
    const spendText = cell(cells, cols.spend);
    let spend = printedDecimal(spendText);
    if (spend === -1) {
      if (!NUMBER.test(spendText)) return null;
      spend = Number(spendText);
    }
    if (!(spend > 0) || spend > MAX_MAGNITUDE) return null;
    if (cell(cells, cols.externalId).length > 200) return null;
    const date = cell(cells, cols.date);
    const year = calendarYear(date);
    if (year < 0) return null;
    return this.keys.get(cell(cells, cols.naics), cell(cells, cols.sector), cell(cells, cols.currency), year, date);
  }

  /**
   * Writes the COPY line of a CSV row in a fast group straight from its cells and returns its kg
   * (null when the group is not fast).
   */
  writeCells(out: CopyBuffer, rollup: RollupAccumulator, key: string, id: string, cols: SpendCells, cells: readonly string[], row: number | null): number | null {
    const g = this.groups.get(key);
    if (!g) return null;
    const ext = cell(cells, cols.externalId);
    const spendText = cell(cells, cols.spend);
    const printed = printedDecimal(spendText);
    const spend = printed === -1 ? Number(spendText) : printed;
    return this.write(out, rollup, g, id, cell(cells, cols.date), spend, printed === -1 ? String(spend) : spendText, ext === '' ? undefined : ext, row);
  }

  /** Writes the line of a record in a known fast group and returns its kg; null when the group is not fast. */
  writeRecord(out: CopyBuffer, rollup: RollupAccumulator, key: string, id: string, record: Record<string, unknown>, row: number | null): number | null {
    const g = this.groups.get(key);
    if (!g) return null;
    const spend = record.spend as number;
    return this.write(out, rollup, g, id, record.date as string, spend, String(spend), record.external_id as string | undefined, row);
  }

  /**
   * The row's input is not written: it is the template's constant fields with this row's date,
   * external id and amount (templateInput rebuilds it on read). `spendText` is String(spend).
   */
  private write(out: CopyBuffer, rollup: RollupAccumulator, g: FastGroup, id: string, date: string, spend: number, spendText: string, ext: string | undefined, row: number | null): number {
    // The engine's arithmetic, in its order: ((spend × rate) × deflator) × factor.
    const value = spend * g.rate * g.deflator;
    const kg = value * g.factor;
    const k = copyNumber(kg);
    const hash = sha256Hex(`${g.lineage[0]}${value}${g.lineage[1]}${k}${g.lineage[2]}`);
    rollup.add(date, 1, g.tier, null, kg, g.dqi);
    // One string per line, written at once: small ropes flatten cheaply, one big rope did not.
    // Everything but the external id is ASCII by construction (ids, numbers, hex, a checked
    // date, the group's checked constants); with a plain external id the line is written one
    // byte per character, which skips the UTF-8 encoder.
    const plain = g.ascii && (ext === undefined || isPlainAscii(ext));
    const line = `${id}\t${g.prefix}${date}\t${k}\t${g.factorColumns}${hash}\t${plain ? (ext ?? '\\N') : copyText(ext)}\t\\N\t${g.detailHead}${spendText}}\t${copyNumber(row)}\n`;
    if (plain) out.ascii(line);
    else out.text(line);
    return kg;
  }
}

/**
 * A flat copy of `s`. V8 keeps a concatenation as a tree of its pieces, and a tree is not
 * flattened when it is copied into a bigger string: every line built from a group's constants
 * walked their trees again (measured with the one-byte write below: writing the lines of a
 * million rows fell from ~0.7 to ~0.3 CPU-s).
 */
function flat(s: string): string {
  return Buffer.from(s, 'utf8').toString('utf8');
}

/** `text` cut around each marker (each must occur exactly once, in order); the marker's key stays. */
function splitAt(text: string, ...markers: string[]): string[] {
  const parts: string[] = [];
  let rest = text;
  for (const m of markers) {
    const i = rest.indexOf(m);
    if (i === -1 || rest.indexOf(m, i + 1) !== -1) throw new Error(`fast path: marker ${m} not found once in ${text}`);
    parts.push(rest.slice(0, i) + m.slice(0, m.indexOf(':') + 1));
    rest = rest.slice(i + m.length);
  }
  parts.push(rest);
  return parts;
}
