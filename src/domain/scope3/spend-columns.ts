/**
 * Tier-3 spend-based calculation over columns, for bulk work (a year of purchase lines): the
 * same arithmetic as category 1's `spend_based` method — spend × exchange rate × price-index
 * deflator × EEIO factor, in that order, so every number is bit-identical to the engine's (for
 * factors re-weighted to another GWP set, equal to rounding) — but
 * per group of (activity, currency, year) instead of per record, and one lineage hash for the
 * whole batch (SHA-256 streamed over the input and output columns) instead of one per record.
 * A record of such a batch is verified by recomputing its batch.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../lineage.ts';
import { applyFactor } from './apply-factor.ts';
import type { CalcContext, InputIssue, UsedFactor } from './types.ts';
import { CalculationError } from './types.ts';

export const SPEND_COLUMNS_METHOD_VERSION = '1';

/** Rows as parallel arrays; `currency` and `activity` index into their tables. */
export interface SpendColumns {
  spend: Float64Array;
  year: Uint16Array;
  currency: Uint16Array;
  activity: Uint32Array;
  currencies: readonly string[];
  /** Factor activity keys, e.g. `eeio.naics.331110` or `spend.services`. */
  activities: readonly string[];
}

export interface SpendColumnsResult {
  kgCo2e: Float64Array;
  totalKg: number;
  /** Rows that could not be calculated (their kgCo2e is 0). */
  errors: Array<{ index: number } & InputIssue>;
  /** Every factor used, by activity. */
  factors: Map<string, UsedFactor>;
  lineageHash: string;
}

interface Group {
  multiplier: number[];
  factorValue: number;
  error: string | null;
  field: string;
}

/**
 * `factorFor(activity)` gives the resolved factor (null when none): resolve every distinct
 * activity of the batch first, with the factor broker.
 */
export function calculateSpendColumns(cols: SpendColumns, factorFor: (activity: string) => UsedFactor | null, ctx: CalcContext): SpendColumnsResult {
  const n = cols.spend.length;
  if (cols.year.length !== n || cols.currency.length !== n || cols.activity.length !== n) {
    throw new CalculationError([{ field: 'columns', message: 'spend, year, currency and activity must have the same length' }]);
  }
  const kg = new Float64Array(n);
  const errors: SpendColumnsResult['errors'] = [];
  const factors = new Map<string, UsedFactor>();
  const groups = new Map<number, Group>();
  let total = 0;
  const nCurrencies = cols.currencies.length;

  for (let i = 0; i < n; i++) {
    const spend = cols.spend[i]!;
    if (!(spend > 0) || !Number.isFinite(spend)) {
      errors.push({ index: i, field: 'spend', message: `must be a positive finite number, got ${spend}` });
      continue;
    }
    const key = (cols.activity[i]! * nCurrencies + cols.currency[i]!) * 65_536 + cols.year[i]!;
    let g = groups.get(key);
    if (!g) {
      g = makeGroup(cols, i, factorFor, ctx, factors);
      groups.set(key, g);
    }
    if (g.error) {
      errors.push({ index: i, field: g.field, message: g.error });
      continue;
    }
    // Same order as the engine: ((spend × rate) × deflator) × factor.
    const value = spend * g.multiplier[0]! * g.multiplier[1]! * g.factorValue;
    kg[i] = value;
    total += value;
  }

  const h = createHash('sha256');
  h.update(
    canonicalJson({
      method: 'spend_based_columns',
      methodVersion: SPEND_COLUMNS_METHOD_VERSION,
      gwpSet: ctx.settings.gwpSet,
      deflateSpend: ctx.settings.deflateSpend,
      currencies: [...cols.currencies],
      activities: [...cols.activities],
      factors: [...factors.values()].map((f) => ({ activity: f.name, id: f.id, value: f.value, unit: f.unit, datasetVersion: f.datasetVersion })),
    }),
  );
  for (const column of [cols.spend, cols.year, cols.currency, cols.activity, kg]) h.update(new Uint8Array(column.buffer, column.byteOffset, column.byteLength));
  return { kgCo2e: kg, totalKg: total, errors, factors, lineageHash: h.digest('hex') };
}

function makeGroup(cols: SpendColumns, i: number, factorFor: (activity: string) => UsedFactor | null, ctx: CalcContext, used: Map<string, UsedFactor>): Group {
  const activity = cols.activities[cols.activity[i]!];
  const currency = cols.currencies[cols.currency[i]!];
  if (activity === undefined) return { multiplier: [], factorValue: 0, error: `activity index ${cols.activity[i]} is outside the table`, field: 'activity' };
  if (currency === undefined) return { multiplier: [], factorValue: 0, error: `currency index ${cols.currency[i]} is outside the table`, field: 'currency' };
  const factor = factorFor(activity);
  if (!factor) return { multiplier: [], factorValue: 0, error: `no factor for ${activity}`, field: 'activity' };
  try {
    const money = ctx.currency.convert(1, currency, `${String(cols.year[i]).padStart(4, '0')}-01-01`, factor.unit.split('/')[1]!, 'spend');
    // A factor with a gas breakdown in another GWP set is re-weighted by applyFactor; take its
    // per-unit result so the columnar path applies the same rule.
    const perUnit = applyFactor(1, factor, ctx).kgCo2e;
    used.set(activity, { ...factor, name: activity });
    return { multiplier: [money.rate, money.deflator], factorValue: perUnit, error: null, field: '' };
  } catch (err) {
    if (err instanceof CalculationError)
      return { multiplier: [], factorValue: 0, error: err.issues.map((x) => x.message).join('; '), field: err.issues[0]?.field ?? 'spend' };
    throw err;
  }
}
