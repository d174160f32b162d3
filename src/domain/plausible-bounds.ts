/**
 * Plausibility bounds (docs/calculations.md, Bounds): the largest activity amount a record may
 * give, the largest factor value a tenant may store, the largest result one record may have, and
 * the dates a record may carry. Each is generous — far beyond any real company's figure — but
 * finite, so a unit or decimal-point error upstream is refused with a message naming the field,
 * and no sum of stored results can leave the range of a double (a report of 10^12 results at the
 * largest allowed result is 1e27 kg, against a double's 1.8e308).
 *
 * Amounts and factor values are bounded per dimension of their unit, in the dimension's base unit
 * (units.ts), so 1e9 t and 1e12 kg are the same bound.
 */
import { canonicalUnit, convert, type Dimension, dimensionOf, factorDenominator, knownUnits } from './units.ts';

/** The base unit of each dimension (units.ts): bounds are stated in these. */
const BASE_UNIT: Readonly<Record<Dimension, string>> = {
  mass: 'kg',
  energy: 'kWh',
  volume: 'L',
  distance: 'km',
  freight: 'tkm',
  passenger_distance: 'pkm',
  area: 'm2',
  count: 'item',
  time: 'day',
  volume_time: 'm3_day',
};

/**
 * The largest activity amount of a record, per dimension, in its base unit: a mass of 1e9 t, an
 * energy of 1 PWh (about 1/30 of the world's yearly electricity), a volume of 1 km³, 1e10 km,
 * 1e13 tonne-km (more than the largest container line carries in a year), 1e12 passenger-km,
 * 10,000 km² of floor, 1e12 items, 1e7 days, 1e12 m³·day of goods stored (a cubic kilometre
 * of goods for almost three years).
 */
export const MAX_AMOUNT: Readonly<Record<Dimension, number>> = {
  mass: 1e12,
  energy: 1e12,
  volume: 1e12,
  distance: 1e10,
  freight: 1e13,
  passenger_distance: 1e12,
  area: 1e10,
  count: 1e12,
  time: 1e7,
  volume_time: 1e12,
};

/**
 * The largest money amount of one record's spend or capex, in the record's currency: 1e13 (ten
 * trillion; room for currencies such as JPY or INR, where 1e13 is some 1e11 USD).
 */
export const MAX_SPEND = 1e13;

/** The largest company-level money figure (category 15: revenue, EVIC, amount outstanding), in the record's currency. */
export const MAX_COMPANY_MONEY = 1e15;

/** Plain counts and company figures that are not a measure with a unit. */
export const MAX_COUNT = {
  /** Hotel nights of one record. */
  nights: 1e9,
  /** Employees of one commuting record. */
  employees: 1e8,
  /** Franchises of one record. */
  franchises: 1e7,
  /** Units sold (categories 11, 12). */
  units: 1e12,
  /** A company's own emissions, t CO2e (category 15): 10 Gt. */
  companyEmissionsT: 1e10,
} as const;

/**
 * The largest factor value, kg CO2e per base unit of the factor's denominator (per kg, kWh, L,
 * km…): 1e6 per kg (25 times gold's cradle-to-gate footprint; SF6 itself is 25,200), 1e3 per kWh,
 * per tonne-km and per passenger-km, 1e5 per km (a vehicle-km of the largest ship) and per m²,
 * 1e9 per item (a power station) and per day, 1e3 per m³·day of goods stored (a cold store is
 * below 1). Money: 1e3 kg per currency unit (EEIO factors are below 10 per USD). A denominator
 * Greenline does not know: 1e9 per unit, as for items.
 */
export const MAX_FACTOR_PER_BASE: Readonly<Record<Dimension | 'money' | 'other', number>> = {
  mass: 1e6,
  energy: 1e3,
  volume: 1e6,
  distance: 1e5,
  freight: 1e3,
  passenger_distance: 1e3,
  area: 1e5,
  count: 1e9,
  time: 1e9,
  volume_time: 1e3,
  money: 1e3,
  other: 1e9,
};

/**
 * The largest result of one record: 1e15 kg CO2e (1,000 Gt, some 20 times the world's yearly
 * emissions). Bounded inputs multiplied together (a distance × a mass × a factor) can still go
 * past any sense; such a record is refused rather than stored.
 */
export const MAX_RESULT_KG = 1e15;

/** Activity dates a record may carry: 1990-01-01 (the Kyoto base year) to 2100-12-31. */
export const EARLIEST_YEAR = 1990;
export const LATEST_YEAR = 2100;

/** A money denominator: a currency code with an optional price year (`USD`, `USD2022`). */
const MONEY = /^[A-Z]{3}(\d{4})?$/;

/** `1e+12` → `1e12`; 2.2046e12 → `2.2e12`: a bound as a reader takes it in. */
export function boundText(n: number): string {
  if (n < 1e5) return String(Number(n.toPrecision(3)));
  return Number(n.toPrecision(2)).toExponential().replace('e+', 'e');
}

/** Why `value` (in `unit`) is beyond the amounts accepted, or null when it is within them (or the unit is unknown). */
export function amountBeyondBound(value: number, unit: string): string | null {
  const dim = dimensionOf(unit);
  if (dim === null) return null;
  const base = BASE_UNIT[dim];
  const max = MAX_AMOUNT[dim];
  if (convert(value, unit, base) <= max) return null;
  const inUnit = convert(max, base, unit);
  const also = unit === base ? '' : ` (${boundText(max)} ${base})`;
  return `must be at most ${boundText(inUnit)} ${unit}${also}, the largest plausible ${dim.replace('_', ' ')} of one record: check the unit and the decimal point`;
}

/** Why a factor value is beyond the values accepted for its unit (`kgCO2e/<unit>`), or null. */
export function factorBeyondBound(value: number, factorUnit: string): string | null {
  let denominator: string;
  try {
    denominator = factorDenominator(factorUnit);
  } catch {
    return null;
  }
  const dim = dimensionOf(denominator);
  if (dim !== null) {
    const base = BASE_UNIT[dim];
    const max = MAX_FACTOR_PER_BASE[dim];
    // value per one `denominator` → per one base unit.
    const perBase = value / convert(1, denominator, base);
    if (perBase <= max) return null;
    const inUnit = max * convert(1, denominator, base);
    const also = denominator === base ? '' : ` (${boundText(max)} per ${base})`;
    return `must be at most ${boundText(inUnit)} kg CO2e per ${denominator}${also}, the largest plausible factor of its unit: check the unit and the decimal point`;
  }
  const max = MONEY.test(denominator) ? MAX_FACTOR_PER_BASE.money : MAX_FACTOR_PER_BASE.other;
  if (value <= max) return null;
  return `must be at most ${boundText(max)} kg CO2e per ${denominator}, the largest plausible factor of its unit: check the unit and the decimal point`;
}

/**
 * Why a factor unit cannot be computed with, or null: it must be `kgCO2e/<unit>` with a unit
 * units.ts knows (`kWh`, `tkm`, `passenger_mile`…) or a currency with an optional price year
 * (`USD`, `EUR2021`). Checked when a factor is written, so a calculation never meets it later.
 */
export function factorUnitIssue(unit: string): string | null {
  let denominator: string;
  try {
    denominator = factorDenominator(unit);
  } catch (err) {
    return (err as Error).message;
  }
  if (canonicalUnit(denominator) !== null || MONEY.test(denominator)) return null;
  return `unknown unit "${denominator}" in "${unit}": use kgCO2e/ with one of ${knownUnits().join(', ')}, or a currency code with an optional price year (kgCO2e/USD2022)`;
}

/**
 * A tenant factor's value and gas amounts checked against the bounds of its unit: each issue
 * names its field (`value`, `gases.CH4`). A gas amount is kg of the gas per unit, at most what
 * the CO2e value may be (every GWP is at least 1).
 */
export function factorIssues(f: {
  value: number;
  unit: string;
  gases?: Readonly<Record<string, number>> | null | undefined;
}): Array<{ field: string; message: string }> {
  const issues: Array<{ field: string; message: string }> = [];
  const unitIssue = factorUnitIssue(f.unit);
  if (unitIssue) return [{ field: 'unit', message: unitIssue }];
  const beyond = factorBeyondBound(f.value, f.unit);
  if (beyond) issues.push({ field: 'value', message: beyond });
  for (const [gas, kg] of Object.entries(f.gases ?? {})) {
    const gasBeyond = factorBeyondBound(kg, f.unit);
    if (gasBeyond) issues.push({ field: `gases.${gas}`, message: gasBeyond.replace('kg CO2e per', `kg ${gas} per`) });
  }
  return issues;
}
