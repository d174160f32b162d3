/**
 * A plain spend line's result as a function of its amount. Every line of one group (same NAICS
 * code, sector, currency and year) has the same method, factor, exchange rate, deflator, data
 * quality and CV; only the amount differs. When the engine's result for one line of a group is
 * that simple (one factor, no gas breakdown), `spendLineOf` captures it, and
 * `SpendLine` gives any other amount's converted value, kg and lineage JSON exactly as the
 * engine would: the same arithmetic in the same order, the same canonical JSON (its numbers in
 * their printed form).
 */
import { type ResultLineage, resultLineageJson } from '../lineage.ts';
import { printed } from '../printed-number.ts';
import { type CalculationResult, ENGINE_VERSION } from './engine.ts';

export interface SpendLine {
  readonly rate: number;
  readonly deflator: number;
  readonly factor: number;
  /** The amount in the factor's currency and price year: (amount × rate) × deflator (currency.ts). */
  value(amount: number): number;
  /** value × factor (apply-factor.ts). */
  kg(value: number): number;
  /** The canonical lineage JSON the engine hashes for this line (value and kg printed, printed-number.ts). */
  lineageJson(value: number, kg: number): string;
}

const SPEND_INPUTS = 'spend,spend_unit,fx_rate,fx_date,deflator';
/** A number that stands in for the amount and kg while the lineage JSON is cut into pieces. */
const MARK = 1234.5;

/** The group's line, or null when the engine's result depends on more than the amount. */
export function spendLineOf(r: CalculationResult): SpendLine | null {
  const u = r.inputsUsed;
  const f = r.factors[0];
  const simple =
    f &&
    r.factors.length === 1 &&
    r.gases === null &&
    f.gases === null &&
    // Warnings are allowed: a spend line's (a NAICS code without a factor, a rate year the table
    // does not cover) depend on the group's code, currency and year, never on the amount.
    Object.keys(u).join(',') === SPEND_INPUTS &&
    typeof u.fx_rate === 'number' &&
    typeof u.deflator === 'number';
  if (!simple) return null;
  const rate = u.fx_rate as number;
  const deflator = u.deflator as number;
  const factor = f.value;
  const lineage: ResultLineage = {
    engine: ENGINE_VERSION,
    category: r.category,
    methodVersion: r.methodVersion,
    tier: r.tier,
    method: r.method,
    gwpSet: r.gwpSet,
    inputs: { ...u, spend: MARK },
    factors: [{ name: f.name, id: f.id, value: f.value, unit: f.unit, datasetVersion: f.datasetVersion }],
    kgCo2e: MARK,
  };
  const [head, middle, tail] = cutAt(resultLineageJson(lineage), `"spend":${MARK}`, `"kgCo2e":${MARK}`);
  return {
    rate,
    deflator,
    factor,
    value: (amount) => amount * rate * deflator,
    kg: (value) => value * factor,
    // JSON.stringify of a finite number is String(number): the canonical encoder's form, of the printed number.
    lineageJson: (value, kg) => `${head}${printed(value)}${middle}${printed(kg)}${tail}`,
  };
}

/** `text` cut around each marker (each must occur exactly once, in order); the marker's key stays. */
function cutAt(text: string, ...markers: string[]): string[] {
  const parts: string[] = [];
  let rest = text;
  for (const m of markers) {
    const i = rest.indexOf(m);
    if (i === -1 || rest.indexOf(m, i + 1) !== -1) throw new Error(`spend line: marker ${m} not found once in ${text}`);
    parts.push(rest.slice(0, i) + m.slice(0, m.indexOf(':') + 1));
    rest = rest.slice(i + m.length);
  }
  parts.push(rest);
  return parts;
}
