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
  /**
   * The method this one stands in for when that method's factor for the record's own key is
   * missing (`spend_based_sector` for `spend_based` with an unknown NAICS code): its factors are
   * then proxies, and the result warns naming the missing key.
   */
  standsInFor?: string;
}

export interface SkippedMethod {
  tier: Tier;
  method: string;
  reason: string;
}

/**
 * Something a result's reader should know about how it was computed: a stand-in factor, a rate
 * table year that did not cover the date, an allocation choice. `code` is stable (docs/calculations.md,
 * Warnings); `message` names the key, field or year concerned.
 */
export interface CalculationWarning {
  code: WarningCode;
  message: string;
}

export type WarningCode =
  /** A category-average proxy factor (the broker's last step). */
  | 'PROXY_FACTOR'
  /** The record's own key (NAICS code, waste type) has no factor; a more general one stands in. */
  | 'FACTOR_KEY_NOT_FOUND'
  /** No factor for the record's region (country); the global value stands in. */
  | 'REGION_NOT_COVERED'
  /** The spend date's year is outside the exchange-rate table; the nearest year's rate was used. */
  | 'EXCHANGE_RATE_YEAR_NOT_COVERED'
  /** The spend date's year (or the factor's price year) is outside the price-index table; the nearest year was used. */
  | 'PRICE_INDEX_YEAR_NOT_COVERED'
  /** A gas breakdown could not be converted to the chosen GWP set; the published CO2e was used. */
  | 'GWP_NOT_CONVERTED'
  /** Category 2 straight-line allocation: only 1/useful life of the asset's emissions in this year. */
  | 'STRAIGHT_LINE_ALLOCATION'
  /** Category 7: occupancy given, but the factor is per passenger-km. */
  | 'OCCUPANCY_NOT_APPLIED'
  /** Category 6: the radiative-forcing multiplier was applied to a flight. */
  | 'RADIATIVE_FORCING_APPLIED'
  /** Category 3: td_loss_pct below 1 (a percentage, not a fraction). */
  | 'TD_LOSS_PCT_SMALL'
  /** Category 15: outstanding exceeds EVIC (attribution factor above 1). */
  | 'ATTRIBUTION_ABOVE_ONE'
  /**
   * Category 15 project finance: the financed share of the project's projected lifetime emissions
   * (annual × lifetime × share, inputsUsed `projected_lifetime_kgco2e`), reported separately from
   * the inventory as the guidance asks: not in the result's kg CO2e.
   */
  | 'PROJECTED_LIFETIME_EMISSIONS'
  /** An input the record gives that the chosen method cannot use (named in the message, with why). */
  | 'INPUT_NOT_USED'
  /** Category 4/9 fuel-based: no upstream (well-to-tank) factor for the fuel, so combustion only. */
  | 'UPSTREAM_NOT_INCLUDED'
  /** Bulk ingest's opt-in classification filled the line's empty naics from a text column (named in the message, with the classifier and its version). */
  | 'NAICS_CLASSIFIED'
  /** A stored result from before warnings had codes: its text only. */
  | 'NOTE';

/** What compute() returns: the number and the inputs as used, after unit conversion. */
export interface Computation {
  kgCo2e: number;
  /** kg of each gas, where the factors give a breakdown. */
  gases?: GasBreakdown | undefined;
  inputsUsed: Record<string, number | string | boolean>;
  warnings?: CalculationWarning[] | undefined;
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
  /** Years a table did not cover (the nearest year's value was used); empty when none. */
  warnings: CalculationWarning[];
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
  /**
   * GWP-100 values of the settings' GWP set from an imported table (`factors import --format gwp`),
   * by gas: they take the place of the built-in ones (gwp.ts) for the gases they list, and each one
   * used is recorded in the result's inputs as used (`gwp.<gas>`). Absent: built-in values only.
   */
  importedGwp?: Readonly<Record<string, number>> | undefined;
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
