/**
 * Helpers the category modules 2–15 share: reading the record context, measures with a unit of a
 * given dimension, lists of sub-records, modes; building method plans and factor needs; the tier-3
 * spend-based plans and their computation (the same arithmetic as category 1); energy items
 * (Σ energy × ef) and floor-area methods; and summing several factor products.
 *
 * Activity keys the modules ask the factor broker for (tenant-supplied or imported factors, except
 * the built-in `transport.*`, `flight.*`, `hotel.night` and `spend.*`):
 *   <product>, <asset>         cat 1, 2: the product or asset key as the record gives it
 *   transport.<mode>           cat 4, 9: kgCO2e/tkm (road.truck_light|truck_medium|truck_heavy|van,
 *                              rail, sea.container|bulk|tanker, air.cargo, inland_waterway)
 *   flight.<cabin>, hotel.night, travel.<rail|bus|car|taxi>        cat 6
 *   commute.<mode>             cat 7: per vehicle-km or passenger-km
 *   electricity.wtt, electricity.td_loss                            cat 3: kgCO2e/kWh
 *   processing.<process>       cat 10: per unit of intermediate product processed
 *   franchise.<type>           cat 14: per franchise and year
 *   electricity.grid           kgCO2e/kWh, location-based grid average for the record's region
 *   fuel.<fuel>                kgCO2e per L/kg/kWh…, combustion (tank-to-wheel) of a fuel
 *   wtt.<fuel>                 kgCO2e per L/kg/kWh…, upstream (well-to-tank) of a fuel
 *   heat.district, heat.steam, cooling.district   kgCO2e/kWh of purchased heat, steam, cooling
 *   building.<type>            kgCO2e per m² and year of a building type (energy intensity × ef)
 *   waste.<treatment>[.<waste_type>]              kgCO2e per kg/t treated (cat 5, 12)
 *   eeio.naics.<NAICS-6>, spend.<sector>          kgCO2e per currency unit (tier 3, as category 1)
 */
import { amountBeyondBound, factorBeyondBound, MAX_SPEND } from '../../plausible-bounds.ts';
import { type Dimension, canonicalUnit, convert, dimensionOf, factorDenominator } from '../../units.ts';
import { applyFactor, type FactorProduct, toFactorUnit } from '../apply-factor.ts';
import { FieldReader, yearOf } from '../fields.ts';
import type {
  CalcContext,
  CalculationWarning,
  CategoryModule,
  Computation,
  FactorNeed,
  InputIssue,
  MethodPlan,
  Planned,
  SkippedMethod,
  Tier,
  UsedFactor,
} from '../types.ts';

// ---------------------------------------------------------------------------------------------
// Record context and field readers

/** The common fields the engine passes to every module's parse. */
export const BASE_FIELDS = ['date', 'supplier_id', 'region'] as const;

export interface BaseInput {
  date: string;
  supplierId: string | undefined;
  region: string | undefined;
}

export function readBase(r: FieldReader): BaseInput {
  const date = r.date('date', { required: true });
  const supplierId = r.string('supplier_id');
  const region = r.string('region')?.toUpperCase();
  return { date: date!, supplierId, region };
}

/** A lower-case key that becomes part of an activity key, e.g. `natural_gas` in `fuel.natural_gas`. */
export const SLUG = /^[a-z][a-z0-9_]{0,59}$/;

export function readSlug(r: FieldReader, field: string, required = false): string | undefined {
  return r.string(field, { required, pattern: SLUG, maxLength: 60 });
}

export interface Measure {
  value: number;
  /** Canonical unit symbol (units.ts). */
  unit: string;
}

export const SPEND_SECTORS = ['manufacturing', 'services', 'agriculture', 'construction', 'average'] as const;

/** Reads a quantity and its unit as a pair: both or neither, and a unit Greenline knows. */
function readQuantity(
  r: FieldReader,
  raw: Record<string, unknown>,
  qField: string,
  uField: string,
): { quantity: number | undefined; unit: string | undefined } {
  // Bounded by its unit's dimension (readMeasure), not by one number for every unit.
  const quantity = r.number(qField, { exclusiveMin: true, max: Number.MAX_VALUE });
  const unit = r.string(uField, { maxLength: 40 });
  // An empty unit is as good as none (r.string reports only a unit of the wrong type).
  if (quantity !== undefined && unit === undefined && (!r.has(uField) || raw[uField] === ''))
    r.issues.push({ field: uField, message: `is required with ${qField}` });
  if (unit !== undefined && !canonicalUnit(unit)) r.issues.push({ field: uField, message: `unknown unit "${unit}"` });
  return { quantity, unit: unit === undefined ? undefined : (canonicalUnit(unit) ?? unit) };
}

/**
 * `qField` + `uField` as a pair (readQuantity: value > 0, a known unit), and the unit
 * of one of `dims` when given.
 */
export function readMeasure(
  r: FieldReader,
  raw: Record<string, unknown>,
  qField: string,
  uField: string,
  dims?: readonly Dimension[],
  required = false,
): Measure | undefined {
  if (required && !r.has(qField)) r.issues.push({ field: qField, message: 'is required' });
  const { quantity, unit } = readQuantity(r, raw, qField, uField);
  if (unit === undefined || !canonicalUnit(unit)) return undefined;
  const dim = dimensionOf(unit)!;
  if (dims && !dims.includes(dim)) {
    r.issues.push({ field: uField, message: `must be a unit of ${dims.join(' or ')}, got "${unit}" (${dim})` });
    return undefined;
  }
  if (quantity === undefined) {
    if (!required && !r.has(qField)) r.issues.push({ field: qField, message: `is required with ${uField}` });
    return undefined;
  }
  const beyond = amountBeyondBound(quantity, unit);
  if (beyond) {
    r.issues.push({ field: qField, message: beyond });
    return undefined;
  }
  return { value: quantity, unit };
}

/** A fraction in [0, 1] (or (0, 1] with `positive`), e.g. a recycling rate or a lease fraction. */
export function readFraction(r: FieldReader, field: string, positive = false): number | undefined {
  return r.number(field, { min: 0, max: 1, exclusiveMin: positive });
}

/**
 * One of the names of `modes` (or the value it maps to, e.g. both `truck_heavy` and
 * `road.truck_heavy`); returns the mapped value.
 */
export function readMode(r: FieldReader, field: string, modes: Readonly<Record<string, string>>, required = false): string | undefined {
  const v = r.string(field, { required, maxLength: 60 });
  if (v === undefined) return undefined;
  const mapped = modes[v] ?? (Object.values(modes).includes(v) ? v : undefined);
  if (mapped === undefined) r.issues.push({ field, message: `must be one of ${Object.keys(modes).join(', ')}; got "${v}"` });
  return mapped;
}

/** Issues of a nested reader, moved under `prefix` (`legs[0].mode`, `supplier_pcf.value`). */
function adopt(r: FieldReader, sub: FieldReader, prefix: string): void {
  r.issues.push(...sub.issues.map((i: InputIssue) => ({ field: `${prefix}.${i.field}`, message: i.message })));
}

/** A nested object field, read with its own reader; its issues are reported as `field.sub`. */
export function readObject<T>(
  r: FieldReader,
  raw: Record<string, unknown>,
  field: string,
  read: (sub: FieldReader, obj: Record<string, unknown>) => T,
): T | undefined {
  if (!r.has(field)) return undefined;
  const v = raw[field];
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    r.issues.push({ field, message: 'must be an object' });
    return undefined;
  }
  const sub = new FieldReader(v as Record<string, unknown>);
  const out = read(sub, v as Record<string, unknown>);
  adopt(r, sub, field);
  return sub.issues.length === 0 ? out : undefined;
}

/** A non-empty array of objects, each read with its own reader; issues are `field[i].sub`. */
export function readList<T>(
  r: FieldReader,
  raw: Record<string, unknown>,
  field: string,
  read: (sub: FieldReader, obj: Record<string, unknown>) => T,
  maxItems = 100,
): T[] | undefined {
  if (!r.has(field)) return undefined;
  const v = raw[field];
  if (!Array.isArray(v) || v.length === 0) {
    r.issues.push({ field, message: 'must be a non-empty array of objects' });
    return undefined;
  }
  if (v.length > maxItems) {
    r.issues.push({ field, message: `must have at most ${maxItems} items` });
    return undefined;
  }
  const out: T[] = [];
  v.forEach((item: unknown, i: number) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      r.issues.push({ field: `${field}[${i}]`, message: 'must be an object' });
      return;
    }
    const sub = new FieldReader(item as Record<string, unknown>);
    const value = read(sub, item as Record<string, unknown>);
    adopt(r, sub, `${field}[${i}]`);
    if (sub.issues.length === 0) out.push(value);
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Plans and factor needs

/** Collects a module's methods best tier first, and the reasons better ones were not possible. */
export class PlanBuilder<I> {
  readonly plans: MethodPlan[] = [];
  readonly skipped: SkippedMethod[] = [];

  constructor(private readonly input: I) {}

  /** `standsInFor`: the method (added before) whose missing factor this one replaces (MethodPlan). */
  add(tier: Tier, method: string, needs: FactorNeed[], standsInFor?: string): this {
    this.plans.push(standsInFor === undefined ? { tier, method, needs } : { tier, method, needs, standsInFor });
    return this;
  }

  decline(tier: Tier, method: string, reason: string): this {
    this.skipped.push({ tier, method, reason });
    return this;
  }

  /** Adds the method when `ok`, else records it as skipped with `reason`. */
  when(ok: boolean, tier: Tier, method: string, needs: () => FactorNeed[], reason: string, standsInFor?: string): this {
    return ok ? this.add(tier, method, needs(), standsInFor) : this.decline(tier, method, reason);
  }

  done(): Planned<I> {
    return { input: this.input, plans: this.plans, skipped: this.skipped };
  }
}

/** A factor need for the record's year and region (or `region`). */
export function need(name: string, activity: string, base: BaseInput, region: string | undefined = base.region): FactorNeed {
  return { name, query: { activity, region, year: yearOf(base.date) } };
}

/** A tier-1 need: the supplier's own factor for the activity, and nothing else. */
export function supplierNeed(name: string, activity: string, base: BaseInput, region: string | undefined = base.region): FactorNeed {
  return { name, query: { activity, supplierId: base.supplierId, region, year: yearOf(base.date) }, acceptOnly: ['supplier_specific'] };
}

/** A factor the record itself carries (a supplier's PCF), in the shape of a resolved one. */
export function inlineFactor(name: string, value: number, perUnit: string, base: BaseInput, source: string): UsedFactor {
  return {
    name,
    id: `inline:${name}`,
    value,
    unit: `kgCO2e/${perUnit}`,
    datasetVersion: 'inline',
    source,
    gwpSet: null,
    gases: null,
    uncertainty: null,
    isProxy: false,
    resolvedBy: 'supplier_specific',
    region: base.region ?? 'GLOBAL',
    year: yearOf(base.date),
  };
}

/** `supplier_pcf: { value, unit }`: kg CO2e per one `unit` of the product, from the supplier. */
export function readSupplierPcf(r: FieldReader, raw: Record<string, unknown>): Measure | undefined {
  return readObject(r, raw, 'supplier_pcf', (p) => {
    p.rejectUnknown(['value', 'unit']);
    const value = p.number('value', { required: true, max: Number.MAX_VALUE });
    const unit = p.string('unit', { required: true, maxLength: 40 });
    if (unit !== undefined && !canonicalUnit(unit)) p.issues.push({ field: 'unit', message: `unknown unit "${unit}"` });
    // A supplier's PCF is a factor: bounded as a stored one is, per its unit.
    const beyond = value !== undefined && unit !== undefined && canonicalUnit(unit) ? factorBeyondBound(value, `kgCO2e/${canonicalUnit(unit)}`) : null;
    if (beyond) p.issues.push({ field: 'value', message: beyond });
    return { value: value!, unit: canonicalUnit(unit ?? '') ?? '' };
  });
}

/** The activity unit of a factor (`kgCO2e/tkm` → `tkm`). */
export function perUnit(f: UsedFactor): string {
  return factorDenominator(f.unit);
}

// ---------------------------------------------------------------------------------------------
// Computing

/** Adds up factor products: kg CO2e, gases, and each distinct warning once. */
export function sumProducts(parts: FactorProduct[]): FactorProduct {
  let kgCo2e = 0;
  let gases: Record<string, number> | undefined;
  let gwp: Record<string, number> | undefined;
  const warnings: CalculationWarning[] = [];
  for (const p of parts) {
    kgCo2e += p.kgCo2e;
    if (p.gwp) gwp = { ...gwp, ...p.gwp };
    if (p.gases) {
      gases ??= {};
      for (const [g, kg] of Object.entries(p.gases)) gases[g] = (gases[g] ?? 0) + kg;
    }
    for (const w of p.warnings) if (!warnings.some((x) => x.code === w.code && x.message === w.message)) warnings.push(w);
  }
  return gwp ? { kgCo2e, gases, warnings, gwp } : { kgCo2e, gases, warnings };
}

/**
 * A Computation from a factor product, the inputs as used and any extra warnings. Imported GWP
 * values the product used join the inputs (`gwp.<gas>`), so the lineage hash covers them.
 */
export function computation(p: FactorProduct, inputsUsed: Computation['inputsUsed'], warnings: CalculationWarning[] = []): Computation {
  const all = [...p.warnings, ...warnings];
  if (p.gwp) for (const [gas, value] of Object.entries(p.gwp)) inputsUsed[`gwp.${gas}`] = value;
  return { kgCo2e: p.kgCo2e, gases: p.gases, inputsUsed, warnings: all.length > 0 ? all : undefined };
}

/** `amount` (in `unit`) × factor, with the amount converted to the factor's unit. */
export function measured(m: Measure, f: UsedFactor, ctx: CalcContext, field: string, scale = 1): { amount: number; product: FactorProduct } {
  const amount = toFactorUnit(m.value, m.unit, f, field) * scale;
  return { amount, product: applyFactor(amount, f, ctx) };
}

/**
 * The activity amount of a distance travelled by `persons` for a factor per passenger-km (pkm =
 * km × persons) or per vehicle-km (vehicle-km = km × persons / occupancy).
 */
export function travelAmount(km: number, persons: number, occupancy: number, f: UsedFactor, field: string): { amount: number; basis: 'pkm' | 'vehicle_km' } {
  const unit = perUnit(f);
  if (dimensionOf(unit) === 'passenger_distance') return { amount: convert(km * persons, 'pkm', unit), basis: 'pkm' };
  return { amount: toFactorUnit((km * persons) / occupancy, 'km', f, field), basis: 'vehicle_km' };
}

// ---------------------------------------------------------------------------------------------
// Tier 3: spend-based (the arithmetic of category 1's spend methods)

export type SpendSector = (typeof SPEND_SECTORS)[number];

export interface SpendInput {
  /** The money field's name (`spend`, `capex`, `company_revenue`), for messages. */
  field: string;
  amount: number | undefined;
  currency: string;
  naics: string | undefined;
  sector: SpendSector;
}

export const SPEND_FIELDS = ['spend', 'currency', 'naics', 'sector'] as const;

/**
 * The money amount (`spend` unless named otherwise, at most `max`) + `currency` (ISO 4217,
 * default USD), `naics`, `sector`.
 */
export function readSpendInput(r: FieldReader, field = 'spend', max = MAX_SPEND): SpendInput {
  const amount = r.number(field, { exclusiveMin: true, max });
  const currency = r.string('currency', { pattern: /^[A-Z]{3}$/ }) ?? 'USD';
  const naics = r.string('naics', { pattern: /^\d{6}$/ });
  const sector = (r.string('sector', { oneOf: SPEND_SECTORS }) ?? 'average') as SpendSector;
  return { field, amount, currency, naics, sector };
}

/**
 * The tier-3 plans for a money amount: EEIO factor by NAICS-6 (US data sets, so region US unless
 * given) and the sector average as a fallback; or a skip when there is no amount.
 */
export function spendFallback<I>(pb: PlanBuilder<I>, s: SpendInput, base: BaseInput, method = 'spend_based', tier: Tier = 3): PlanBuilder<I> {
  if (s.amount === undefined) return pb.decline(tier, method, `needs ${s.field}`);
  if (s.naics) pb.add(tier, method, [need('eeio_factor', `eeio.naics.${s.naics}`, base, base.region ?? 'US')]);
  // With a NAICS code, the sector average is a stand-in for the code's own factor (a proxy).
  return pb.add(
    tier,
    `${method}_sector`,
    [{ name: 'eeio_factor', query: { activity: `spend.${s.sector}`, year: yearOf(base.date) } }],
    s.naics ? method : undefined,
  );
}

export function isSpendPlan(plan: MethodPlan, method = 'spend_based'): boolean {
  return plan.method === method || plan.method === `${method}_sector`;
}

/** The money amount in the EEIO factor's currency and price year, times `scale`, times the factor. */
export function spendProduct(
  s: SpendInput,
  base: BaseInput,
  factors: ReadonlyMap<string, UsedFactor>,
  ctx: CalcContext,
  scale = 1,
): { product: FactorProduct; inputsUsed: Computation['inputsUsed'] } {
  const f = factors.get('eeio_factor')!;
  const money = ctx.currency.convert(s.amount!, s.currency, base.date, perUnit(f), s.field);
  // Tier 3: spend × EEIO factor, spend first converted to the factor's currency and price year.
  const product = applyFactor(money.value * scale, f, ctx);
  if (money.warnings.length > 0) product.warnings.push(...money.warnings);
  return {
    product,
    inputsUsed: { [s.field]: money.value, [`${s.field}_unit`]: money.unit, fx_rate: money.rate, fx_date: money.rateDate ?? 'none', deflator: money.deflator },
  };
}

export function computeSpend(s: SpendInput, base: BaseInput, factors: ReadonlyMap<string, UsedFactor>, ctx: CalcContext): Computation {
  const { product, inputsUsed } = spendProduct(s, base, factors, ctx);
  return computation(product, inputsUsed);
}

/**
 * A module with the tier-3 spend-based methods added: its own plans first, then spend × EEIO
 * (by NAICS, then by sector) when the input has a money amount; compute handles the spend plans
 * and passes every other plan to the module.
 */
export function withSpendTier<I extends BaseInput & { spend: SpendInput | undefined }>(m: CategoryModule<I>): CategoryModule<I> {
  return {
    ...m,
    plan(input, ctx) {
      const own = m.plan(input, ctx);
      if (!input.spend) return own;
      const pb = new PlanBuilder(input);
      pb.plans.push(...own.plans);
      pb.skipped.push(...own.skipped);
      return spendFallback(pb, input.spend, input).done();
    },
    compute(input, plan, factors, ctx) {
      return input.spend && isSpendPlan(plan) ? computeSpend(input.spend, input, factors, ctx) : m.compute(input, plan, factors, ctx);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Energy: Σ energy × ef (categories 8, 10, 13, 14)

const SPECIAL_ENERGY: Readonly<Record<string, string>> = {
  electricity: 'electricity.grid',
  district_heat: 'heat.district',
  steam: 'heat.steam',
  district_cooling: 'cooling.district',
};

/** The factor activity of an energy carrier: grid electricity, purchased heat/steam/cooling, or `fuel.<type>`. */
export function energyActivity(type: string): string {
  return SPECIAL_ENERGY[type] ?? `fuel.${type}`;
}

export interface EnergyItem {
  type: string;
  amount: Measure;
}

const ENERGY_DIMS: readonly Dimension[] = ['energy', 'volume', 'mass'];

/** `energy: [{ type, quantity, unit }]`: metered energy and fuels (units of energy, volume or mass). */
export function readEnergyItems(r: FieldReader, raw: Record<string, unknown>, field = 'energy'): EnergyItem[] | undefined {
  return readList(r, raw, field, (e, obj) => {
    e.rejectUnknown(['type', 'quantity', 'unit']);
    const type = readSlug(e, 'type', true);
    const amount = readMeasure(e, obj, 'quantity', 'unit', ENERGY_DIMS, true);
    return { type: type!, amount: amount! };
  });
}

export function energyNeeds(items: EnergyItem[], base: BaseInput, field = 'energy'): FactorNeed[] {
  return items.map((e, i) => need(`${field}[${i}]`, energyActivity(e.type), base));
}

/** Σ energy_i × ef_i, each converted to its factor's unit. */
export function computeEnergy(items: EnergyItem[], factors: ReadonlyMap<string, UsedFactor>, ctx: CalcContext, field = 'energy'): Computation {
  const inputsUsed: Computation['inputsUsed'] = {};
  const parts = items.map((e, i) => {
    const f = factors.get(`${field}[${i}]`)!;
    const { amount, product } = measured(e.amount, f, ctx, `${field}[${i}].unit`);
    inputsUsed[`${field}[${i}].type`] = e.type;
    inputsUsed[`${field}[${i}].quantity`] = amount;
    inputsUsed[`${field}[${i}].unit`] = perUnit(f);
    return product;
  });
  return computation(sumProducts(parts), inputsUsed);
}

// ---------------------------------------------------------------------------------------------
// Floor area (categories 8, 13, 14)

export interface FloorArea {
  area: Measure | undefined;
  buildingType: string | undefined;
}

export const AREA_FIELDS = ['floor_area', 'area_unit', 'building_type'] as const;

export function readFloorArea(r: FieldReader, raw: Record<string, unknown>, typeField = 'building_type'): FloorArea {
  return { area: readMeasure(r, raw, 'floor_area', 'area_unit', ['area']), buildingType: readSlug(r, typeField) };
}

/**
 * floor_area × energy_intensity (kWh per m² and year, taken as electricity) × fraction × `electricity.grid`
 * (the `grid_factor` need): the area-based method that needs no building-type factor.
 */
export function computeIntensityArea(
  a: FloorArea,
  intensityKwhPerM2: number,
  factors: ReadonlyMap<string, UsedFactor>,
  ctx: CalcContext,
  fraction?: { name: string; value: number },
): Computation {
  const grid = factors.get('grid_factor')!;
  const m2 = convert(a.area!.value, a.area!.unit, 'm2');
  const kwh = m2 * intensityKwhPerM2 * (fraction?.value ?? 1);
  return computation(applyFactor(toFactorUnit(kwh, 'kWh', grid, 'energy_intensity'), grid, ctx), {
    floor_area_m2: m2,
    energy_intensity_kwh_per_m2: intensityKwhPerM2,
    ...(fraction ? { [fraction.name]: fraction.value } : {}),
    energy_kwh: kwh,
  });
}

/** floor_area × `building.<type>` (kg CO2e per m² and year), × a fraction (e.g. of the year leased). */
export function computeBuildingArea(
  a: FloorArea,
  factors: ReadonlyMap<string, UsedFactor>,
  ctx: CalcContext,
  fraction?: { name: string; value: number },
): Computation {
  const f = factors.get('building_factor')!;
  const area = toFactorUnit(a.area!.value, a.area!.unit, f, 'area_unit');
  const product = applyFactor(area * (fraction?.value ?? 1), f, ctx);
  return computation(product, {
    floor_area: area,
    area_unit: perUnit(f),
    building_type: a.buildingType!,
    ...(fraction ? { [fraction.name]: fraction.value } : {}),
  });
}

/** The warning for an input the chosen method cannot use: never silence (issue 17). */
export function inputNotUsed(field: string, why: string): CalculationWarning {
  return { code: 'INPUT_NOT_USED', message: `${field} is given but not used: ${why}` };
}
