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

export class SpendFastPath {
  /** Group key → its constants, or null when the group is not fast. */
  private readonly groups = new Map<string, FastGroup | null>();

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
    this.groups.set(key, {
      rate: u.fx_rate as number,
      deflator: u.deflator as number,
      factor: f.value,
      prefix: this.writer.rowPrefix(undefined, r),
      factorColumns: this.writer.factorColumns(r),
      lineage: splitAt(lineage, `"spend":${MARK}`, `"kgCo2e":${MARK}`),
      detailHead: splitAt(copyJson(detail), `"a":${MARK}`)[0]!,
      tier: r.tier,
      dqi: r.dataQuality.score,
    });
  }

  /** The group key of a CSV line read straight from its cells, or null when it is not plain. */
  keyOfCells(cols: SpendCells, cells: readonly string[]): string | null {
    for (const i of cols.others) if (cells[i]!.trim() !== '') return null;
    const spendText = cell(cells, cols.spend);
    if (!NUMBER.test(spendText)) return null;
    const ext = cell(cells, cols.externalId);
    const currency = cell(cells, cols.currency);
    const sector = cell(cells, cols.sector);
    const parts = groupParts(cell(cells, cols.date), Number(spendText), currency || 'USD', cell(cells, cols.naics) || undefined, sector || 'average', ext || undefined);
    return parts && `${parts[0]}|${sector}|${currency}|${parts[3]}`;
  }

  /**
   * Writes the COPY line of a CSV row in a fast group straight from its cells and returns its kg
   * (null when the group is not fast).
   */
  writeCells(out: CopyBuffer, rollup: RollupAccumulator, key: string, id: string, cols: SpendCells, cells: readonly string[], row: number | null): number | null {
    const g = this.groups.get(key);
    if (!g) return null;
    const ext = cell(cells, cols.externalId);
    return this.write(out, rollup, g, id, cell(cells, cols.date), Number(cell(cells, cols.spend)), ext === '' ? undefined : ext, row);
  }

  /** Writes the line of a record in a known fast group and returns its kg; null when the group is not fast. */
  writeRecord(out: CopyBuffer, rollup: RollupAccumulator, key: string, id: string, record: Record<string, unknown>, row: number | null): number | null {
    const g = this.groups.get(key);
    if (!g) return null;
    return this.write(out, rollup, g, id, record.date as string, record.spend as number, record.external_id as string | undefined, row);
  }

  /**
   * The row's input is not written: it is the template's constant fields with this row's date,
   * external id and amount (templateInput rebuilds it on read).
   */
  private write(out: CopyBuffer, rollup: RollupAccumulator, g: FastGroup, id: string, date: string, spend: number, ext: string | undefined, row: number | null): number {
    // The engine's arithmetic, in its order: ((spend × rate) × deflator) × factor.
    const value = spend * g.rate * g.deflator;
    const kg = value * g.factor;
    const k = copyNumber(kg);
    const hash = sha256Hex(`${g.lineage[0]}${value}${g.lineage[1]}${k}${g.lineage[2]}`);
    // One string per line, written at once: small ropes flatten cheaply, one big rope did not.
    rollup.add(date, 1, g.tier, null, kg, g.dqi);
    out.text(`${id}\t${g.prefix}${date}\t${k}\t${g.factorColumns}${hash}\t${copyText(ext)}\t\\N\t${g.detailHead}${spend}}\t${copyNumber(row)}\n`);
    return kg;
  }
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
