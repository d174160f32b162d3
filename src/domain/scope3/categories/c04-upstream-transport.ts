/**
 * Category 4 — Upstream transportation and distribution (GHG Protocol Scope 3 Technical Guidance
 * v1.0, 2013, ch. 4 "Category 4: Upstream transportation and distribution"; ISO 14083:2023 for the
 * transport-chain arithmetic; PRODUCT.md "Formulas"). The same module, without the spend method, is
 * category 9 (c09-downstream-transport.ts; guidance ch. 9 refers to the methods of ch. 4).
 *
 * A record is either a transport record (a shipment, or one vehicle run) or a storage record (goods
 * held in a warehouse, distribution centre or retail store): never both, so each result has one
 * method and tier. Transport methods, best first:
 *   Tier 1 fuel-based (guidance ch. 4, "fuel-based method"):
 *                               fuel_quantity × (combustion ef + upstream ef), i.e. well-to-wheel
 *                               as ISO 14083 requires (`fuel.<fuel_type>` + `wtt.<fuel_type>`)
 *                               [× allocation share] [+ refrigerant leakage × GWP [× share]]
 *   Tier 1 supplier-specific:   distance_km × mass_t × the carrier's own ef per tkm
 *                               (`transport.<mode>` held for `supplier_id`, accepted only if
 *                               supplier-specific; single-mode shipments) [+ refrigerants]
 *   Tier 1 fuel-based, combustion only (`fuel_based_combustion`): fuel_quantity × `fuel.<fuel_type>`
 *                               [× share] [+ refrigerants]: the fuel-based method when there is no
 *                               `wtt.<fuel_type>` factor; the guidance includes upstream fuel
 *                               emissions "where possible", so the result warns
 *                               UPSTREAM_NOT_INCLUDED naming the missing `wtt.<fuel_type>`.
 *                               `fuel_boundary` chooses instead of the factors found:
 *                               `tank_to_wheel` = this method only (the record's fuel factor is the
 *                               whole, e.g. the guidance's worked example [4.1], one "emission factor
 *                               for the fuel"; still UPSTREAM_NOT_INCLUDED), `well_to_wheel` =
 *                               `fuel_based` only (no combustion-only fallback)
 *   Tier 1 reported_emissions:  the carrier's reported (or calculated) emissions of the vehicle run,
 *                               `reported_scope1_2_kgco2e` (or `reported_scope1_kgco2e` +
 *                               `reported_scope2_kgco2e`, reported-scope12.ts) × allocation share
 *                               (required; the guidance's worked example [4.3]: a delivery run's
 *                               31.5 kg allocated to its shipments by tonne-km)
 *   Tier 2 distance-based (guidance ch. 4, "distance-based method"):
 *                               Σ over legs of distance_km × mass_t × ef_per_tkm(mode)
 *                               (`transport.<mode>`; built-in defaults in kg CO2e/tkm: truck light
 *                               0.180, medium 0.110, heavy 0.062, van 0.250, rail 0.022, sea
 *                               container 0.012, bulk 0.008, tanker 0.005, air cargo 0.680, inland
 *                               waterway 0.031) [+ refrigerants]
 *   Tier 3 spend-based (cat 4): freight spend × EEIO factor (`eeio.naics.*`, else `spend.<sector>`)
 * Storage (distribution) methods, best first:
 *   Tier 1 storage_site_specific (guidance ch. 4, distribution, "site-specific method"):
 *                               (Σ storage_energy_i × ef_i + Σ refrigerant lost × GWP) × allocation
 *                               share (the reporting company's share of the facility: volume, area
 *                               or a stated share; none = a facility used for its goods alone)
 *   Tier 2 storage_average_data (guidance ch. 4, distribution, "average-data method"):
 *                               stored volume (m³) × days stored × `storage.<facility_type>`
 *                               (kg CO2e per m³·day, unit `kgCO2e/m3_day`)
 *   Tier 3 spend-based (cat 4): storage spend × EEIO factor, as for transport
 *
 * Transport inputs: `mode` + `distance` & `distance_unit` + `mass` & `mass_unit` (converted to km and
 * t), or `tkm` (tonne-km) directly; or multimodal `legs: [{ mode, distance, distance_unit, mass?,
 * mass_unit?, tkm? }]` where a leg without mass carries the shipment's `mass`; `fuel_type` +
 * `fuel_quantity` & `fuel_unit` (the fuel of the vehicle run); `refrigerants` (fugitive.ts: the
 * refrigerant the vehicle's refrigeration unit lost on the run, `[{ type, mass_lost, mass_unit }]` or
 * `[{ type, charge, charge_unit, leak_rate }]`), added to every transport method but spend (per-tkm
 * factors such as the built-in ones cover the fuel, not refrigerant leakage); `allocation`
 * (allocation.ts; bases mass, volume, tkm, distance, share): the shipment's share of a vehicle run it
 * shares with other goods (for distance and tkm, distances are great-circle distances, as the GLEC
 * Framework and ISO 14083 allocate a multi-drop run: own = the shipment's mass × its origin–destination
 * great-circle distance, total = Σ over the run's shipments). The share applies to the run's fuel
 * (fuel-based methods) and refrigerants; the distance-based and supplier-specific methods already
 * compute with the shipment's own tonne-km, and spend is the shipment's own, so there an allocation
 * that scales nothing is reported as INPUT_NOT_USED.
 * Storage inputs: `storage_energy: [{ type, quantity, unit }]` (the facility's metered energy in the
 * period: electricity, district_heat, steam, district_cooling or a fuel, as shared.ts energy items),
 * `allocation` (bases volume, area, share), `refrigerants` (the facility's), `stored_volume` &
 * `volume_unit` (a volume, with `days_stored`; or already m³·day, unit `m3_day`), `facility_type`.
 * Inputs given but unused by the chosen method are named in INPUT_NOT_USED warnings.
 *
 * Activity keys (besides `transport.<mode>`, `fuel.<fuel>`, `wtt.<fuel>` and the energy keys of
 * shared.ts, `electricity.grid`, `heat.district`, `heat.steam`, `cooling.district`):
 *   storage.<facility_type>    cat 4, 9: kgCO2e per m3_day (m³ of goods stored for one day) of a
 *                              storage facility type (warehouse, cold_storage, distribution_centre,
 *                              retail…); no built-in value: a tenant override or an import
 */
import { MAX_AMOUNT } from '../../plausible-bounds.ts';
import { convert, dimensionOf } from '../../units.ts';
import { applyFactor, type FactorProduct, toFactorUnit } from '../apply-factor.ts';
import { FieldReader } from '../fields.ts';
import type { CalcContext, CalculationWarning, CategoryModule, Computation, MethodPlan, UsedFactor } from '../types.ts';
import { type Allocation, type AllocationBasis, allocationInputs, readAllocation } from './allocation.ts';
import { fugitiveEmissions, type RefrigerantLoss, readRefrigerants } from './fugitive.ts';
import { computeReported, REPORTED_ANY_FIELDS, type ReportedScope12, readReportedScope12, reportedFields } from './reported-scope12.ts';
import {
  BASE_FIELDS,
  type BaseInput,
  computation,
  type EnergyItem,
  energyNeeds,
  inputNotUsed,
  isSpendPlan,
  type Measure,
  measured,
  need,
  PlanBuilder,
  perUnit,
  readBase,
  readEnergyItems,
  readList,
  readMeasure,
  readMode,
  readSlug,
  readSpendInput,
  SPEND_FIELDS,
  type SpendInput,
  sumProducts,
  supplierNeed,
  withSpendTier,
} from './shared.ts';

/** Input mode → activity suffix after `transport.` (the built-in factors' keys). */
export const TRANSPORT_MODES: Readonly<Record<string, string>> = {
  truck_light: 'road.truck_light',
  truck_medium: 'road.truck_medium',
  truck_heavy: 'road.truck_heavy',
  van: 'road.van',
  rail: 'rail',
  sea_container: 'sea.container',
  sea_bulk: 'sea.bulk',
  sea_tanker: 'sea.tanker',
  air_cargo: 'air.cargo',
  inland_waterway: 'inland_waterway',
};

/** Allocation bases of a vehicle run shared with other goods (distance, tkm: great-circle distances). */
export const TRANSPORT_ALLOCATION_BASES: readonly AllocationBasis[] = ['mass', 'volume', 'tkm', 'distance', 'share'];
/** Allocation bases of a storage facility shared with other companies' goods. */
export const STORAGE_ALLOCATION_BASES: readonly AllocationBasis[] = ['volume', 'area', 'share'];

export interface Leg {
  mode: string | undefined;
  distanceKm: number | undefined;
  massT: number | undefined;
  tkm: number | undefined;
}

export interface StorageInput {
  /** The facility's metered energy in the period (site-specific method). */
  energy: EnergyItem[] | undefined;
  /** Stored volume as given: a volume (with `days`) or already m³·day. */
  volume: Measure | undefined;
  days: number | undefined;
  facilityType: string | undefined;
}

/** `fuel_boundary`: the fuel-based method the record asks for (none: well-to-wheel, else combustion only). */
export const FUEL_BOUNDARIES = ['tank_to_wheel', 'well_to_wheel'] as const;
export type FuelBoundary = (typeof FUEL_BOUNDARIES)[number];

export interface TransportInput extends BaseInput {
  /** One leg for a single-mode shipment (possibly incomplete), several for a multimodal one; none for storage. */
  legs: Leg[];
  multimodal: boolean;
  fuel: { type: string; amount: Measure } | undefined;
  spend: SpendInput | undefined;
  /** Refrigerant lost by the vehicle (transport) or the facility (storage). */
  refrigerants: RefrigerantLoss[] | undefined;
  /** The record's share of the vehicle run (transport) or of the facility (storage). */
  allocation: Allocation | undefined;
  /** Set for a storage record (which then has no legs or fuel). */
  storage: StorageInput | undefined;
  /** `fuel_boundary`, when the record gives it. */
  fuelBoundary?: FuelBoundary | undefined;
  /** The carrier's reported emissions of the vehicle run (× the allocation share), when given. */
  reported?: ReportedScope12 | undefined;
}

const LEG_FIELDS = ['mode', 'distance', 'distance_unit', 'mass', 'mass_unit', 'tkm'];
const FUEL_FIELDS = ['fuel_type', 'fuel_quantity', 'fuel_unit'];
/** Transport-record fields added for the guidance's worked examples [4.1] and [4.3]. */
const RUN_FIELDS = ['fuel_boundary', ...REPORTED_ANY_FIELDS];
/** Fields only a transport record has. */
const TRANSPORT_ONLY = [...LEG_FIELDS, 'legs', ...FUEL_FIELDS, ...RUN_FIELDS];
/** Fields that make a record a storage record. */
export const STORAGE_FIELDS = ['storage_energy', 'stored_volume', 'volume_unit', 'days_stored', 'facility_type'] as const;

/** A leg's fields; `shipmentMass` stands in for a leg without its own mass. */
function readLeg(r: FieldReader, raw: Record<string, unknown>, shipmentMass: Measure | undefined, own: { mass: boolean; mode: boolean }): Leg {
  const mode = readMode(r, 'mode', TRANSPORT_MODES, own.mode);
  const distance = readMeasure(r, raw, 'distance', 'distance_unit', ['distance']);
  const mass = (own.mass ? readMeasure(r, raw, 'mass', 'mass_unit', ['mass']) : undefined) ?? shipmentMass;
  const tkm = r.number('tkm', { exclusiveMin: true, max: MAX_AMOUNT.freight });
  if (r.has('tkm') && (r.has('distance') || (own.mass && r.has('mass'))))
    r.issues.push({ field: 'tkm', message: 'give either tkm or distance with mass, not both' });
  if (r.has('distance') && mass === undefined && !r.has('mass')) r.issues.push({ field: 'mass', message: 'is required with distance (or give tkm)' });
  if (own.mode && !r.has('tkm') && !r.has('distance')) r.issues.push({ field: 'distance', message: 'is required (or give tkm)' });
  if (tkm !== undefined) return { mode, distanceKm: undefined, massT: undefined, tkm };
  const distanceKm = distance ? convert(distance.value, distance.unit, 'km') : undefined;
  const massT = mass ? convert(mass.value, mass.unit, 't') : undefined;
  return { mode, distanceKm, massT, tkm: distanceKm !== undefined && massT !== undefined ? distanceKm * massT : undefined };
}

/** The storage fields; issues name `storage_energy[0].unit`, `days_stored`, … */
function readStorage(r: FieldReader, raw: Record<string, unknown>): StorageInput {
  const energy = readEnergyItems(r, raw, 'storage_energy');
  const volume = readMeasure(r, raw, 'stored_volume', 'volume_unit', ['volume', 'volume_time']);
  const days = r.number('days_stored', { exclusiveMin: true, max: MAX_AMOUNT.time });
  const facilityType = readSlug(r, 'facility_type');
  const perDay = r.has('volume_unit') && dimensionOf(String(raw.volume_unit)) === 'volume_time';
  if (perDay && r.has('days_stored'))
    r.issues.push({ field: 'days_stored', message: 'give either stored_volume in m3_day, or stored_volume in a volume unit with days_stored, not both' });
  if (r.has('stored_volume') && r.has('volume_unit') && !perDay && !r.has('days_stored'))
    r.issues.push({ field: 'days_stored', message: 'is required with stored_volume in a volume unit (or give stored_volume in m3_day)' });
  if (r.has('days_stored') && !r.has('stored_volume')) r.issues.push({ field: 'stored_volume', message: 'is required with days_stored' });
  const hasEnergy = r.has('storage_energy');
  if (r.has('stored_volume') && !r.has('facility_type') && !hasEnergy)
    r.issues.push({ field: 'facility_type', message: 'is required with stored_volume (the storage.<facility_type> factor per m³·day)' });
  if (r.has('facility_type') && !r.has('stored_volume') && !hasEnergy)
    r.issues.push({ field: 'stored_volume', message: 'is required with facility_type (with days_stored), or give storage_energy' });
  return { energy, volume, days, facilityType };
}

const legFactorName = (input: TransportInput, i: number) => (input.multimodal ? `legs[${i}]` : 'transport_factor');

/** Σ tkm × ef per leg, each leg's tkm converted to its factor's unit. */
function legsProduct(
  input: TransportInput,
  factorOf: (i: number) => UsedFactor,
  ctx: CalcContext,
): { product: FactorProduct; inputsUsed: Computation['inputsUsed'] } {
  const inputsUsed: Computation['inputsUsed'] = {};
  let total = 0;
  const parts = input.legs.map((leg, i) => {
    const f = factorOf(i);
    const prefix = input.multimodal ? `legs[${i}].` : '';
    // ISO 14083: distance_km × mass_t × ef_per_tkm
    const amount = toFactorUnit(leg.tkm!, 'tkm', f, `${prefix}mode`);
    total += leg.tkm!;
    inputsUsed[`${prefix}mode`] = leg.mode!;
    if (leg.distanceKm !== undefined) inputsUsed[`${prefix}distance_km`] = leg.distanceKm;
    if (leg.massT !== undefined) inputsUsed[`${prefix}mass_t`] = leg.massT;
    inputsUsed[`${prefix}tkm`] = leg.tkm!;
    return applyFactor(amount, f, ctx);
  });
  if (input.multimodal) Object.assign(inputsUsed, { legs: input.legs.length, tkm: total });
  return { product: sumProducts(parts), inputsUsed };
}

/** A product times a share: CO2e and each gas. */
function scaled(p: FactorProduct, share: number): FactorProduct {
  const gases = p.gases ? Object.fromEntries(Object.entries(p.gases).map(([g, kg]) => [g, kg * share])) : undefined;
  return { ...p, kgCo2e: p.kgCo2e * share, gases };
}

/**
 * The record's refrigerant leakage × GWP (× the allocation share when given), as a part to add and
 * its inputs; nothing when the record has none.
 */
function refrigerantPart(input: TransportInput, ctx: CalcContext): { parts: FactorProduct[]; inputsUsed: Computation['inputsUsed'] } {
  if (!input.refrigerants) return { parts: [], inputsUsed: {} };
  const { product, inputsUsed } = fugitiveEmissions(input.refrigerants, ctx);
  // Guidance ch. 4: Σ (quantity of refrigerant leakage × GWP of the refrigerant)
  inputsUsed.refrigerants_kg_co2e = product.kgCo2e;
  return { parts: [input.allocation ? scaled(product, input.allocation.share) : product], inputsUsed };
}

/** `fuel_quantity` × the factors of `names` (× allocation share), with the inputs as used. */
function fuelProduct(input: TransportInput, factors: ReadonlyMap<string, UsedFactor>, names: string[], ctx: CalcContext) {
  const fuel = input.fuel!;
  const a = input.allocation;
  const parts = names.map((n) => {
    const f = factors.get(n)!;
    if (!a) return measured(fuel.amount, f, ctx, 'fuel_unit');
    // The run's fuel × the shipment's share of the run (guidance ch. 4: allocated fuel use).
    const run = toFactorUnit(fuel.amount.value, fuel.amount.unit, f, 'fuel_unit');
    return { amount: run, product: applyFactor(run * a.share, f, ctx) };
  });
  const f = factors.get(names[0]!)!;
  const inputsUsed: Computation['inputsUsed'] = { fuel_type: fuel.type, fuel_quantity: parts[0]!.amount, fuel_unit: perUnit(f) };
  if (a) Object.assign(inputsUsed, allocationInputs(a), { fuel_quantity_allocated: parts[0]!.amount * a.share });
  return { parts: parts.map((p) => p.product), inputsUsed };
}

/** Reported run emissions the chosen method does not use (it computes the run from the record's own data). */
function reportedUnused(input: TransportInput, method: string): CalculationWarning[] {
  if (!input.reported) return [];
  return reportedFields(input.reported).map((f) =>
    inputNotUsed(f, `${method} computes with the record's own activity data, not the carrier's reported emissions`),
  );
}

function computeTransport(input: TransportInput, plan: MethodPlan, factors: ReadonlyMap<string, UsedFactor>, ctx: CalcContext): Computation {
  if (plan.method === 'reported_emissions') {
    const warnings: CalculationWarning[] = [];
    if (input.refrigerants) warnings.push(inputNotUsed('refrigerants', "the carrier's reported scope 1 already includes its vehicles' fugitive emissions"));
    // The run's reported (or carrier-calculated) emissions × the shipment's allocation share.
    return computeReported(input.reported!, input.allocation, warnings);
  }
  const fridge = refrigerantPart(input, ctx);
  if (plan.method === 'fuel_based' || plan.method === 'fuel_based_combustion') {
    const combustionOnly = plan.method === 'fuel_based_combustion';
    const fuel = fuelProduct(input, factors, combustionOnly ? ['fuel_factor'] : ['fuel_factor', 'wtt_factor'], ctx);
    // Tier 1: fuel × (tank-to-wheel + well-to-tank ef) = well-to-wheel; combustion only without a WTT factor
    const inputsUsed = { ...fuel.inputsUsed, boundary: combustionOnly ? 'tank_to_wheel' : 'well_to_wheel', ...fridge.inputsUsed };
    const warnings: CalculationWarning[] = [];
    if (combustionOnly && input.fuelBoundary === 'tank_to_wheel') {
      Object.assign(inputsUsed, { fuel_boundary: 'tank_to_wheel' });
      warnings.push({
        code: 'UPSTREAM_NOT_INCLUDED',
        message:
          `fuel_boundary is tank_to_wheel: the fuel's combustion only, as the record asks (fuel.${input.fuel!.type} taken as the whole fuel factor), without upstream ` +
          `(well-to-tank) emissions, which the guidance includes where possible`,
      });
    } else if (combustionOnly) {
      const wtt = `wtt.${input.fuel!.type}`;
      warnings.push({
        code: 'UPSTREAM_NOT_INCLUDED',
        message:
          `no ${wtt} factor${input.region ? ` for ${input.region}` : ''} (none found, or only a proxy): the fuel's combustion (tank-to-wheel) only, without its upstream ` +
          `(well-to-tank) emissions, which the guidance includes where possible; add a ${wtt} factor for well-to-wheel`,
      });
    } else if (input.fuelBoundary) Object.assign(inputsUsed, { fuel_boundary: input.fuelBoundary });
    warnings.push(...reportedUnused(input, plan.method));
    return computation(sumProducts([...fuel.parts, ...fridge.parts]), inputsUsed, warnings);
  }
  const legs = plan.method === 'supplier_specific' ? () => factors.get('carrier_factor')! : (i: number) => factors.get(legFactorName(input, i))!;
  const { product, inputsUsed } = legsProduct(input, legs, ctx);
  const unused = reportedUnused(input, plan.method);
  if (!input.refrigerants) return computation(product, inputsUsed, [...allocationUnused(input, plan.method), ...unused]);
  if (input.allocation) Object.assign(inputsUsed, allocationInputs(input.allocation));
  return computation(sumProducts([product, ...fridge.parts]), { ...inputsUsed, ...fridge.inputsUsed }, unused);
}

/** An allocation the tkm methods cannot use: they compute with the shipment's own tonne-km already. */
function allocationUnused(input: TransportInput, method: string): CalculationWarning[] {
  if (!input.allocation) return [];
  return [
    inputNotUsed(
      'allocation',
      `${method} computes with the shipment's own tonne-km, already its share of the vehicle; the allocation share applies to a vehicle run's fuel (fuel-based methods) and refrigerants`,
    ),
  ];
}

function computeStorage(input: TransportInput, plan: MethodPlan, factors: ReadonlyMap<string, UsedFactor>, ctx: CalcContext): Computation {
  const s = input.storage!;
  const warnings: CalculationWarning[] = [];
  if (plan.method === 'storage_site_specific') {
    const share = input.allocation?.share ?? 1;
    const inputsUsed: Computation['inputsUsed'] = input.allocation ? allocationInputs(input.allocation) : {};
    const parts = s.energy!.map((e, i) => {
      const name = `storage_energy[${i}]`;
      const f = factors.get(name)!;
      // The facility's energy × ef × the company's share of the facility.
      const amount = toFactorUnit(e.amount.value, e.amount.unit, f, `${name}.unit`);
      Object.assign(inputsUsed, { [`${name}.type`]: e.type, [`${name}.quantity`]: amount, [`${name}.unit`]: perUnit(f) });
      return applyFactor(amount * share, f, ctx);
    });
    const fridge = refrigerantPart(input, ctx);
    Object.assign(inputsUsed, fridge.inputsUsed);
    for (const [field, given] of [
      ['stored_volume', s.volume],
      ['days_stored', s.days],
      ['facility_type', s.facilityType],
    ] as const) {
      if (given !== undefined)
        warnings.push(inputNotUsed(field, "storage_site_specific computes with the facility's own energy (storage_energy) and the allocation share"));
    }
    return computation(sumProducts([...parts, ...fridge.parts]), inputsUsed, warnings);
  }
  // storage_average_data: stored volume (m³) × days stored × ef per m³·day
  const f = factors.get('storage_factor')!;
  const v = s.volume!;
  const perDay = dimensionOf(v.unit) === 'volume_time';
  const m3Days = perDay ? convert(v.value, v.unit, 'm3_day') : convert(v.value, v.unit, 'm3') * s.days!;
  const amount = toFactorUnit(m3Days, 'm3_day', f, 'volume_unit');
  const inputsUsed: Computation['inputsUsed'] = {
    facility_type: s.facilityType!,
    ...(perDay ? {} : { stored_volume_m3: convert(v.value, v.unit, 'm3'), days_stored: s.days! }),
    stored_m3_days: m3Days,
    storage_quantity: amount,
    storage_unit: perUnit(f),
  };
  const why = 'storage_average_data computes with the stored volume × days × the facility type’s average factor, which stands for the whole facility';
  if (s.energy) warnings.push(inputNotUsed('storage_energy', why));
  if (input.refrigerants) warnings.push(inputNotUsed('refrigerants', why));
  if (input.allocation) warnings.push(inputNotUsed('allocation', `${why}; stored_volume is already the company's own`));
  return computation(applyFactor(amount, f, ctx), inputsUsed, warnings);
}

/** The new fields a spend-based result cannot use (spend is the shipment's or the storage's own price). */
function spendUnused(input: TransportInput): CalculationWarning[] {
  const why = 'spend_based computes with the amount spent only';
  const out: CalculationWarning[] = [];
  if (input.storage) {
    const s = input.storage;
    for (const [field, given] of [
      ['storage_energy', s.energy],
      ['stored_volume', s.volume],
      ['days_stored', s.days],
      ['facility_type', s.facilityType],
    ] as const) {
      if (given !== undefined) out.push(inputNotUsed(field, why));
    }
  }
  if (input.refrigerants) out.push(inputNotUsed('refrigerants', why));
  if (input.allocation) out.push(inputNotUsed('allocation', `${why}, already the company's own`));
  if (input.reported) for (const f of reportedFields(input.reported)) out.push(inputNotUsed(f, why));
  return out;
}

/** The transport module for category 4 (with a spend method) or 9 (without). */
export function transportModule(category: 4 | 9, name: string, withSpend: boolean): CategoryModule<TransportInput> {
  const fields = [
    ...BASE_FIELDS,
    ...LEG_FIELDS,
    'legs',
    ...FUEL_FIELDS,
    ...RUN_FIELDS,
    'refrigerants',
    'allocation',
    ...STORAGE_FIELDS,
    ...(withSpend ? SPEND_FIELDS : []),
  ];
  const module: CategoryModule<TransportInput> = {
    category,
    name,
    methodVersion: '1',

    parse(raw) {
      const r = new FieldReader(raw);
      r.rejectUnknown(fields);
      const base = readBase(r);
      const spend = withSpend ? readSpendInput(r) : undefined;
      const refrigerants = readRefrigerants(r, raw);
      if (STORAGE_FIELDS.some((f) => r.has(f))) {
        for (const f of TRANSPORT_ONLY) {
          if (r.has(f))
            r.issues.push({
              field: f,
              message: `a storage record (${STORAGE_FIELDS.join(', ')}) has no transport fields: give the transport as a record of its own`,
            });
        }
        const storage = readStorage(r, raw);
        const allocation = readAllocation(r, raw, STORAGE_ALLOCATION_BASES);
        r.done();
        return { ...base, legs: [], multimodal: false, fuel: undefined, spend, refrigerants, allocation, storage };
      }
      const fuelType = readSlug(r, 'fuel_type');
      const fuelAmount = readMeasure(r, raw, 'fuel_quantity', 'fuel_unit', ['volume', 'mass', 'energy']);
      if (fuelAmount && fuelType === undefined && !r.has('fuel_type')) r.issues.push({ field: 'fuel_type', message: 'is required with fuel_quantity' });
      const fuelBoundary = r.string('fuel_boundary', { oneOf: FUEL_BOUNDARIES }) as FuelBoundary | undefined;
      if (r.has('fuel_boundary') && !r.has('fuel_quantity'))
        r.issues.push({ field: 'fuel_boundary', message: 'is only for the fuel-based method: give fuel_type and fuel_quantity' });
      const reported = readReportedScope12(r);
      if (reported && !r.has('allocation'))
        r.issues.push({
          field: 'allocation',
          message: `is required with ${reportedFields(reported).join(' and ')}: they are the vehicle run's; give the shipment's share (basis share with share 1 when the run carried its goods alone)`,
        });
      const allocation = readAllocation(r, raw, TRANSPORT_ALLOCATION_BASES);
      let legs: Leg[];
      const multimodal = r.has('legs');
      if (multimodal) {
        const shipmentMass = readMeasure(r, raw, 'mass', 'mass_unit', ['mass']);
        for (const f of ['mode', 'distance', 'distance_unit', 'tkm']) {
          if (r.has(f)) r.issues.push({ field: f, message: 'give either legs or a single mode with distance or tkm, not both' });
        }
        legs =
          readList(
            r,
            raw,
            'legs',
            (sub, obj) => {
              sub.rejectUnknown(LEG_FIELDS);
              return readLeg(sub, obj, shipmentMass, { mass: true, mode: true });
            },
            50,
          ) ?? [];
      } else legs = [readLeg(r, raw, undefined, { mass: true, mode: false })];
      r.done();
      const fuel = fuelAmount && fuelType ? { type: fuelType, amount: fuelAmount } : undefined;
      return {
        ...base,
        legs,
        multimodal,
        fuel,
        spend,
        refrigerants,
        allocation,
        storage: undefined,
        ...(fuelBoundary ? { fuelBoundary } : {}),
        ...(reported ? { reported } : {}),
      };
    },

    plan(input) {
      const pb = new PlanBuilder(input);
      const s = input.storage;
      if (s) {
        pb.when(
          s.energy !== undefined,
          1,
          'storage_site_specific',
          () => energyNeeds(s.energy!, input, 'storage_energy'),
          "needs storage_energy (the storage facility's metered energy), with allocation when the facility is shared",
        );
        pb.when(
          s.volume !== undefined && s.facilityType !== undefined,
          2,
          'storage_average_data',
          () => [need('storage_factor', `storage.${s.facilityType}`, input)],
          'needs stored_volume with days_stored (or in m3_day) and facility_type',
        );
        return pb.done();
      }
      const complete = input.legs.length > 0 && input.legs.every((l) => l.mode !== undefined && l.tkm !== undefined);
      const { fuel } = input;
      const boundary = input.fuelBoundary;
      if (fuel && boundary === 'tank_to_wheel') pb.decline(1, 'fuel_based', 'fuel_boundary is tank_to_wheel: combustion only, as the record asks');
      else if (fuel) pb.add(1, 'fuel_based', [need('fuel_factor', `fuel.${fuel.type}`, input), need('wtt_factor', `wtt.${fuel.type}`, input)]);
      if (input.supplierId && complete && !input.multimodal)
        pb.add(1, 'supplier_specific', [supplierNeed('carrier_factor', `transport.${input.legs[0]!.mode}`, input)]);
      if (pb.plans.length === 0 && !(fuel && boundary === 'tank_to_wheel')) {
        pb.decline(1, 'supplier_specific', 'needs fuel_type and fuel_quantity, or supplier_id (the carrier) with one mode and distance and mass, or tkm');
      }
      // Without a well-to-tank factor the fuel data still beat average per-tkm factors: combustion only, with a warning.
      if (fuel && boundary === 'well_to_wheel') pb.decline(1, 'fuel_based_combustion', 'fuel_boundary is well_to_wheel: no combustion-only fallback');
      else if (fuel) pb.add(1, 'fuel_based_combustion', [need('fuel_factor', `fuel.${fuel.type}`, input)]);
      // The carrier's own figure for the run, allocated: primary data, after the record's own fuel or carrier factor.
      if (input.reported) pb.add(1, 'reported_emissions', []);
      pb.when(
        complete,
        2,
        'distance_based',
        () => input.legs.map((l, i) => need(legFactorName(input, i), `transport.${l.mode}`, input)),
        'needs mode with distance and mass, or tkm (or legs)',
      );
      return pb.done();
    },

    compute(input, plan, factors, ctx): Computation {
      return input.storage ? computeStorage(input, plan, factors, ctx) : computeTransport(input, plan, factors, ctx);
    },
  };
  if (!withSpend) return module;
  const spendTier = withSpendTier(module);
  return {
    ...spendTier,
    compute(input, plan, factors, ctx) {
      const c = spendTier.compute(input, plan, factors, ctx);
      if (!isSpendPlan(plan)) return c;
      const unused = spendUnused(input);
      return unused.length === 0 ? c : { ...c, warnings: [...(c.warnings ?? []), ...unused] };
    },
  };
}

export const upstreamTransport = transportModule(4, 'Upstream transportation and distribution', true);
