/**
 * Physical units and conversion. Every quantity Greenline computes with is converted to the
 * denominator of the factor it meets (e.g. miles → km for a kgCO2e/km factor), and conversion
 * errors name the units involved. Currency is not here: it needs dated rates (see currency.ts).
 * Conversion constants are exact by definition (NIST SP 811, Appendix B) unless noted.
 */

export type Dimension = 'mass' | 'energy' | 'volume' | 'distance' | 'freight' | 'passenger_distance' | 'area' | 'count' | 'time' | 'volume_time';

interface UnitDef {
  dimension: Dimension;
  /** Size in the dimension's base unit (kg, kWh, L, km, tkm, pkm, m2, item, day, m3_day). */
  toBase: number;
}

const LB_KG = 0.45359237;
const MILE_KM = 1.609344;
const SHORT_TON_T = (2000 * LB_KG) / 1000; // 0.90718474 t

const UNITS: Record<string, UnitDef> = {
  // mass, base kg
  mg: { dimension: 'mass', toBase: 1e-6 },
  g: { dimension: 'mass', toBase: 1e-3 },
  kg: { dimension: 'mass', toBase: 1 },
  t: { dimension: 'mass', toBase: 1000 },
  tonne: { dimension: 'mass', toBase: 1000 },
  lb: { dimension: 'mass', toBase: LB_KG },
  short_ton: { dimension: 'mass', toBase: 2000 * LB_KG },
  long_ton: { dimension: 'mass', toBase: 2240 * LB_KG },
  // energy, base kWh
  Wh: { dimension: 'energy', toBase: 1e-3 },
  kWh: { dimension: 'energy', toBase: 1 },
  MWh: { dimension: 'energy', toBase: 1e3 },
  GWh: { dimension: 'energy', toBase: 1e6 },
  MJ: { dimension: 'energy', toBase: 1 / 3.6 },
  GJ: { dimension: 'energy', toBase: 1000 / 3.6 },
  therm: { dimension: 'energy', toBase: 29.307107017222222 }, // US therm = 105,480,400 J (NIST)
  MMBtu: { dimension: 'energy', toBase: 293.07107017222222 }, // 10^6 Btu_IT = 1,055,055,852.62 J
  // volume, base litre
  mL: { dimension: 'volume', toBase: 1e-3 },
  L: { dimension: 'volume', toBase: 1 },
  m3: { dimension: 'volume', toBase: 1000 },
  gal_us: { dimension: 'volume', toBase: 3.785411784 },
  gal_uk: { dimension: 'volume', toBase: 4.54609 },
  bbl: { dimension: 'volume', toBase: 158.987294928 }, // 42 US gallons
  // distance, base km
  m: { dimension: 'distance', toBase: 1e-3 },
  km: { dimension: 'distance', toBase: 1 },
  mi: { dimension: 'distance', toBase: MILE_KM },
  nmi: { dimension: 'distance', toBase: 1.852 },
  // freight, base tonne-km
  tkm: { dimension: 'freight', toBase: 1 },
  ton_mile: { dimension: 'freight', toBase: SHORT_TON_T * MILE_KM }, // US short ton × statute mile
  kgkm: { dimension: 'freight', toBase: 1e-3 }, // kilogram × km, for a factor per kg and km (kgCO2e/kgkm)
  // passenger distance, base passenger-km
  pkm: { dimension: 'passenger_distance', toBase: 1 },
  passenger_mile: { dimension: 'passenger_distance', toBase: MILE_KM },
  // area, base m2
  m2: { dimension: 'area', toBase: 1 },
  ft2: { dimension: 'area', toBase: 0.09290304 },
  // counts, base one item
  item: { dimension: 'count', toBase: 1 },
  unit: { dimension: 'count', toBase: 1 },
  night: { dimension: 'count', toBase: 1 },
  // time, base day
  day: { dimension: 'time', toBase: 1 },
  week: { dimension: 'time', toBase: 7 },
  year: { dimension: 'time', toBase: 365 },
  // volume × time, base m³·day: goods stored (categories 4 and 9, average-data storage: stored
  // volume × days stored, with a storage factor in kgCO2e/m3_day)
  m3_day: { dimension: 'volume_time', toBase: 1 },
};

/** Common spellings accepted on input, mapped to the canonical symbol. */
const ALIASES: Record<string, string> = {
  kilogram: 'kg',
  kilograms: 'kg',
  kgs: 'kg',
  gram: 'g',
  grams: 'g',
  tonnes: 't',
  metric_ton: 't',
  mt: 't',
  lbs: 'lb',
  pound: 'lb',
  pounds: 'lb',
  ton: 'short_ton',
  tons: 'short_ton',
  kwh: 'kWh',
  mwh: 'MWh',
  gwh: 'GWh',
  mj: 'MJ',
  gj: 'GJ',
  wh: 'Wh',
  therms: 'therm',
  mmbtu: 'MMBtu',
  l: 'L',
  litre: 'L',
  litres: 'L',
  liter: 'L',
  liters: 'L',
  ml: 'mL',
  'm³': 'm3',
  cubic_metre: 'm3',
  cubic_meter: 'm3',
  gallon: 'gal_us',
  gallons: 'gal_us',
  us_gallon: 'gal_us',
  uk_gallon: 'gal_uk',
  barrel: 'bbl',
  kilometre: 'km',
  kilometer: 'km',
  kilometres: 'km',
  kilometers: 'km',
  metre: 'm',
  meter: 'm',
  miles: 'mi',
  mile: 'mi',
  'tonne-km': 'tkm',
  tonne_km: 'tkm',
  't.km': 'tkm',
  'kg-km': 'kgkm',
  kg_km: 'kgkm',
  'kg.km': 'kgkm',
  'ton-mile': 'ton_mile',
  ton_miles: 'ton_mile',
  'passenger-km': 'pkm',
  passenger_km: 'pkm',
  'passenger-mile': 'passenger_mile',
  'm²': 'm2',
  sqm: 'm2',
  sqft: 'ft2',
  'ft²': 'ft2',
  items: 'item',
  franchise: 'item',
  franchises: 'item',
  units: 'unit',
  pcs: 'item',
  piece: 'item',
  pieces: 'item',
  nights: 'night',
  room_night: 'night',
  room_nights: 'night',
  days: 'day',
  weeks: 'week',
  years: 'year',
  m3_days: 'm3_day',
  'm3-day': 'm3_day',
  m3·day: 'm3_day',
  'm³·day': 'm3_day',
};

export class UnitError extends Error {
  constructor(
    readonly code: 'UNIT_UNKNOWN' | 'UNIT_MISMATCH' | 'VALUE_INVALID',
    message: string,
  ) {
    super(message);
    this.name = 'UnitError';
  }
}

/** The canonical symbol for a unit as written, or null if Greenline does not know it. */
export function canonicalUnit(unit: string): string | null {
  const u = unit.trim();
  if (u in UNITS) return u;
  const alias = ALIASES[u] ?? ALIASES[u.toLowerCase()];
  return alias ?? null;
}

export function dimensionOf(unit: string): Dimension | null {
  const c = canonicalUnit(unit);
  return c ? UNITS[c]!.dimension : null;
}

export function knownUnits(): string[] {
  return Object.keys(UNITS);
}

/** Converts `value` from one unit to another of the same dimension. */
export function convert(value: number, from: string, to: string): number {
  if (!Number.isFinite(value)) throw new UnitError('VALUE_INVALID', `value ${value} is not a finite number`);
  const f = canonicalUnit(from);
  if (!f) throw new UnitError('UNIT_UNKNOWN', `unknown unit "${from}"`);
  const t = canonicalUnit(to);
  if (!t) throw new UnitError('UNIT_UNKNOWN', `unknown unit "${to}"`);
  if (f === t) return value;
  const a = UNITS[f]!;
  const b = UNITS[t]!;
  if (a.dimension !== b.dimension) {
    throw new UnitError('UNIT_MISMATCH', `cannot convert ${from} (${a.dimension}) to ${to} (${b.dimension})`);
  }
  return (value * a.toBase) / b.toBase;
}

/**
 * The activity unit of a factor unit: `kgCO2e/tkm` → `tkm`, `kgCO2e/USD2022` → `USD2022`.
 * Factor values are always kg CO2e per one of these.
 */
export function factorDenominator(factorUnit: string): string {
  const slash = factorUnit.indexOf('/');
  if (slash < 0 || !factorUnit.slice(0, slash).startsWith('kgCO2e')) {
    throw new UnitError('UNIT_UNKNOWN', `factor unit "${factorUnit}" is not "kgCO2e/<unit>"`);
  }
  return factorUnit.slice(slash + 1);
}
