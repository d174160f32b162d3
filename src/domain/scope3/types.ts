/**
 * The Scope 3 calculation model. A category module turns one input record into methods it could
 * use (best tier first) and the factors each method needs; the caller resolves all factors of a
 * batch in one go through the factor broker; the engine then computes with the best method whose
 * factors were found, and records why better tiers were not used.
 */
import type { FactorQuery } from '../factors/resolve.ts';
import type { GasBreakdown, GwpSetName } from '../factors/types.ts';

export type Tier = 1 | 2 | 3;

/** A problem with one field of an input record. `field` is a dotted path within the record. */
export interface InputIssue {
  field: string;
  message: string;
}

/** Thrown by parse helpers and compute() for a problem the caller should report per field. */
export class CalculationError extends Error {
  constructor(readonly issues: InputIssue[]) {
    super(issues.map((i) => `${i.field}: ${i.message}`).join('; '));
    this.name = 'CalculationError';
  }
}

/** A factor a method needs, under a name compute() looks it up by. */
export interface FactorNeed {
  name: string;
  query: FactorQuery;
  /**
   * Cascade steps whose answer this method accepts, e.g. only `supplier_specific` for a tier-1
   * supplier method (the broker would otherwise fall back to an average factor).
   */
  acceptOnly?: readonly string[];
}

/** A factor as a calculation used it: enough to cite it and to recompute the number. */
export interface UsedFactor {
  name: string;
  id: string;
  value: number;
  unit: string;
  datasetVersion: string;
  source: string | null;
  gwpSet: GwpSetName | null;
  gases: GasBreakdown | null;
  uncertainty: number | null;
  isProxy: boolean;
  resolvedBy: string;
  region: string;
  year: number;
}

/** One way to compute a record's emissions. */
export interface MethodPlan {
  tier: Tier;
  /** e.g. `supplier_specific`, `average_data`, `spend_based`, `distance_based`. */
  method: string;
  needs: FactorNeed[];
}

export interface SkippedMethod {
  tier: Tier;
  method: string;
  reason: string;
}

/** What compute() returns: the number and the inputs as used, after unit conversion. */
export interface Computation {
  kgCo2e: number;
  /** kg of each gas, where the factors give a breakdown. */
  gases?: GasBreakdown | undefined;
  inputsUsed: Record<string, number | string | boolean>;
  warnings?: string[] | undefined;
}

/** Converts money to the currency and price year a spend factor is expressed in. */
export interface MoneyConversion {
  value: number;
  /** The factor's currency unit, e.g. `USD2022`. */
  unit: string;
  /** Exchange rate applied (target per source unit); 1 when none was needed. */
  rate: number;
  rateDate: string | null;
  /** Price-index ratio applied to move the amount to the factor's price year; 1 when none. */
  deflator: number;
}

export interface CurrencyConverter {
  /**
   * `amount` in `currency` spent on `date` (YYYY-MM-DD), converted to `target` (a factor
   * denominator such as `USD`, `USD2022`, `EUR`). Throws CalculationError naming `field`.
   */
  convert(amount: number, currency: string, date: string, target: string, field: string): MoneyConversion;
}

export interface CalculationSettings {
  /** GWP set for gas breakdowns; factors without a breakdown keep their own CO2e. */
  gwpSet: GwpSetName;
  /** Category 2: GHG Protocol reports capital goods in full in the purchase year (the default). */
  capitalGoods: 'full_in_purchase_year' | 'straight_line';
  /** Move spend to the spend factor's price year with a price index (default on). */
  deflateSpend: boolean;
}

/** GHG Protocol defaults: AR5 GWPs, capital goods in full in the purchase year, spend deflated. */
export const DEFAULT_SETTINGS: CalculationSettings = { gwpSet: 'AR5', capitalGoods: 'full_in_purchase_year', deflateSpend: true };

export interface CalcContext {
  settings: CalculationSettings;
  currency: CurrencyConverter;
}

export interface Planned<I> {
  input: I;
  plans: MethodPlan[];
  skipped: SkippedMethod[];
}

export interface CategoryModule<I> {
  category: number;
  name: string;
  /** Bumped whenever this module's arithmetic changes; part of every lineage hash. */
  methodVersion: string;
  /** Checks a raw record (already known to be of this category); throws CalculationError. */
  parse(raw: Record<string, unknown>): I;
  /** The methods the inputs allow, best tier first, and the better ones they do not allow. */
  plan(input: I, ctx: CalcContext): Planned<I>;
  /** Computes with one method; `factors` holds every need of `plan` by name. */
  compute(input: I, plan: MethodPlan, factors: ReadonlyMap<string, UsedFactor>, ctx: CalcContext): Computation;
}
