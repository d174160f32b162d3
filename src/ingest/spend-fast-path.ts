/**
 * The fast path for plain spend lines (category 1: date, spend, currency, NAICS or sector,
 * optional external id; nothing else), which are most of a year of purchases.
 *
 * Every such line of one group — same NAICS code, sector, currency and year — has the same
 * method, factor, exchange rate, deflator, fallback list, data quality and CV; only the amount
 * differs. So the engine calculates one representative per group, and every line of the group
 * is then written from it: value = (spend × rate) × deflator and kg = value × factor, the
 * engine's own arithmetic in its order, and the lineage JSON and COPY line assembled from the
 * group's constant parts. Tests hold each fast line byte-for-byte equal to the engine's line for
 * the same record, so `greenline verify` recomputes these rows through the engine unchanged.
 *
 * A group whose factor has a gas breakdown or whose result carries warnings is not fast (its kg
 * depends on more than one multiplication); its lines go through the engine.
 */
import { ENGINE_VERSION, type CalculationResult } from '../domain/scope3/engine.ts';
import { isCalendarDate, MAX_MAGNITUDE } from '../domain/scope3/fields.ts';
import { SPEND_SECTORS } from '../domain/scope3/categories/shared.ts';
import { resultLineageJson, sha256Hex } from '../domain/lineage.ts';
import { copyJson, copyNumber, copyText } from '../store/copy-text.ts';
import type { EmissionWriter } from '../store/calculations.ts';

const FAST_FIELDS = new Set(['category', 'date', 'external_id', 'spend', 'currency', 'naics', 'sector']);
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const CURRENCY = /^[A-Z]{3}$/;
const NAICS = /^\d{6}$/;
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
  lineage: [string, string, string];
  /** Detail JSON up to the spend value, then the end. */
  detail: [string, string];
}

/** The group of a plain spend line, or null when the line is anything else (the engine takes it). */
export function spendGroupKey(record: Record<string, unknown>): string | null {
  if (record.category !== 1) return null;
  for (const k in record) if (!FAST_FIELDS.has(k)) return null;
  const { date, spend, currency = 'USD', naics, sector = 'average', external_id: ext } = record;
  if (typeof date !== 'string' || !DATE.test(date) || !isCalendarDate(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)))) return null;
  if (typeof spend !== 'number' || !(spend > 0) || spend > MAX_MAGNITUDE) return null;
  if (typeof currency !== 'string' || !CURRENCY.test(currency)) return null;
  if (naics !== undefined && (typeof naics !== 'string' || !NAICS.test(naics))) return null;
  if (typeof sector !== 'string' || !SECTORS.has(sector)) return null;
  if (ext !== undefined && (typeof ext !== 'string' || ext.length > 200)) return null;
  return `${naics ?? ''}|${sector}|${currency}|${date.slice(0, 4)}`;
}

export class SpendFastPath {
  /** Group → its constants, or null when the group is not fast. */
  private readonly groups = new Map<string, FastGroup | null>();

  constructor(private readonly writer: EmissionWriter) {}

  has(key: string): boolean {
    return this.groups.has(key);
  }

  /** Learns a group from the engine's result for one of its lines (null: the engine refused it). */
  learn(key: string, r: CalculationResult | null): void {
    if (!r) {
      this.groups.set(key, null);
      return;
    }
    const u = r.inputsUsed;
    const f = r.factors[0];
    const keys = Object.keys(u).join(',');
    const fast =
      r.factors.length === 1 &&
      f !== undefined &&
      r.gases === null &&
      f.gases === null &&
      r.warnings.length === 0 &&
      keys === 'spend,spend_unit,fx_rate,fx_date,deflator' &&
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
    const detail = copyJson(this.writer.detailOf({ ...r, inputsUsed: { ...u, spend: MARK } }));
    this.groups.set(key, {
      rate: u.fx_rate as number,
      deflator: u.deflator as number,
      factor: f.value,
      prefix: this.writer.rowPrefix(undefined, r),
      factorColumns: this.writer.factorColumns(r),
      lineage: splitAt(lineage, `"spend":${MARK}`, `"kgCo2e":${MARK}`) as [string, string, string],
      detail: splitAt(detail, `"spend":${MARK}`) as [string, string],
    });
  }

  /** The COPY line of a line in a known fast group, with its kg; null when the group is not fast. */
  line(key: string, id: string, record: Record<string, unknown>, row: number | null): { line: string; kg: number } | null {
    const g = this.groups.get(key);
    if (!g) return null;
    // The engine's arithmetic, in its order: ((spend × rate) × deflator) × factor.
    const value = (record.spend as number) * g.rate * g.deflator;
    const kg = value * g.factor;
    const v = String(value);
    const hash = sha256Hex(`${g.lineage[0]}${v}${g.lineage[1]}${kg}${g.lineage[2]}`);
    const ext = record.external_id as string | undefined;
    return {
      line: `${copyText(id)}\t${g.prefix}${record.date as string}\t${copyNumber(kg)}\t${g.factorColumns}${hash}\t${copyText(ext)}\t${copyJson(record)}\t${g.detail[0]}${v}${g.detail[1]}\t${copyNumber(row)}\n`,
      kg,
    };
  }
}

/** `text` cut around each marker (each must occur exactly once, in order). */
function splitAt(text: string, ...markers: string[]): string[] {
  const parts: string[] = [];
  let rest = text;
  for (const m of markers) {
    const i = rest.indexOf(m);
    if (i === -1 || rest.indexOf(m, i + 1) !== -1) throw new Error(`fast path: marker ${m} not found once in ${text}`);
    const key = m.slice(0, m.indexOf(':') + 1);
    parts.push(rest.slice(0, i) + key);
    rest = rest.slice(i + m.length);
  }
  parts.push(rest);
  return parts;
}
