/**
 * Category 4 — Upstream transportation and distribution (GHG Protocol Scope 3 Technical Guidance,
 * ch. 4; ISO 14083:2023 for the transport-chain arithmetic; PRODUCT.md "Formulas"). The same
 * module, without the spend method, is category 9 (c09-downstream-transport.ts).
 *   Tier 1 fuel-based:          fuel_quantity × (combustion ef + upstream ef), i.e. well-to-wheel
 *                               as ISO 14083 requires (`fuel.<fuel_type>` + `wtt.<fuel_type>`)
 *   Tier 1 supplier-specific:   distance_km × mass_t × the carrier's own ef per tkm
 *                               (`transport.<mode>` held for `supplier_id`, accepted only if
 *                               supplier-specific; single-mode shipments)
 *   Tier 2 distance-based:      Σ over legs of distance_km × mass_t × ef_per_tkm(mode)
 *                               (`transport.<mode>`; built-in defaults in kg CO2e/tkm: truck light
 *                               0.180, medium 0.110, heavy 0.062, van 0.250, rail 0.022, sea
 *                               container 0.012, bulk 0.008, tanker 0.005, air cargo 0.680, inland
 *                               waterway 0.031)
 *   Tier 3 spend-based (cat 4): freight spend × EEIO factor (`eeio.naics.*`, else `spend.<sector>`)
 * Inputs: `mode` + `distance` & `distance_unit` + `mass` & `mass_unit` (converted to km and t), or
 * `tkm` (tonne-km) directly; or multimodal `legs: [{ mode, distance, distance_unit, mass?, mass_unit?, tkm? }]`
 * where a leg without mass carries the shipment's `mass`.
 */
import { MAX_AMOUNT } from '../../plausible-bounds.ts';
import { convert } from '../../units.ts';
import { applyFactor, toFactorUnit } from '../apply-factor.ts';
import { FieldReader } from '../fields.ts';
import type { CalcContext, CategoryModule, Computation, UsedFactor } from '../types.ts';
import {
  BASE_FIELDS,
  type BaseInput,
  computation,
  type Measure,
  measured,
  need,
  perUnit,
  PlanBuilder,
  readBase,
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

export interface Leg {
  mode: string | undefined;
  distanceKm: number | undefined;
  massT: number | undefined;
  tkm: number | undefined;
}

export interface TransportInput extends BaseInput {
  /** One leg for a single-mode shipment (possibly incomplete), several for a multimodal one. */
  legs: Leg[];
  multimodal: boolean;
  fuel: { type: string; amount: Measure } | undefined;
  spend: SpendInput | undefined;
}

const LEG_FIELDS = ['mode', 'distance', 'distance_unit', 'mass', 'mass_unit', 'tkm'];

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

const legFactorName = (input: TransportInput, i: number) => (input.multimodal ? `legs[${i}]` : 'transport_factor');

/** Σ tkm × ef per leg, each leg's tkm converted to its factor's unit. */
function computeLegs(input: TransportInput, factorOf: (i: number) => UsedFactor, ctx: CalcContext): Computation {
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
  return computation(sumProducts(parts), inputsUsed);
}

/** The transport module for category 4 (with a spend method) or 9 (without). */
export function transportModule(category: 4 | 9, name: string, withSpend: boolean): CategoryModule<TransportInput> {
  const fields = [...BASE_FIELDS, ...LEG_FIELDS, 'legs', 'fuel_type', 'fuel_quantity', 'fuel_unit', ...(withSpend ? SPEND_FIELDS : [])];
  const module: CategoryModule<TransportInput> = {
    category,
    name,
    methodVersion: '1',

    parse(raw) {
      const r = new FieldReader(raw);
      r.rejectUnknown(fields);
      const base = readBase(r);
      const fuelType = readSlug(r, 'fuel_type');
      const fuelAmount = readMeasure(r, raw, 'fuel_quantity', 'fuel_unit', ['volume', 'mass', 'energy']);
      if (fuelAmount && fuelType === undefined && !r.has('fuel_type')) r.issues.push({ field: 'fuel_type', message: 'is required with fuel_quantity' });
      const spend = withSpend ? readSpendInput(r) : undefined;
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
      return { ...base, legs, multimodal, fuel: fuelAmount && fuelType ? { type: fuelType, amount: fuelAmount } : undefined, spend };
    },

    plan(input) {
      const pb = new PlanBuilder(input);
      const complete = input.legs.length > 0 && input.legs.every((l) => l.mode !== undefined && l.tkm !== undefined);
      const { fuel } = input;
      if (fuel) pb.add(1, 'fuel_based', [need('fuel_factor', `fuel.${fuel.type}`, input), need('wtt_factor', `wtt.${fuel.type}`, input)]);
      if (input.supplierId && complete && !input.multimodal)
        pb.add(1, 'supplier_specific', [supplierNeed('carrier_factor', `transport.${input.legs[0]!.mode}`, input)]);
      if (pb.plans.length === 0) {
        pb.decline(1, 'supplier_specific', 'needs fuel_type and fuel_quantity, or supplier_id (the carrier) with one mode and distance and mass, or tkm');
      }
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
      if (plan.method === 'fuel_based') {
        const fuel = input.fuel!;
        const f = factors.get('fuel_factor')!;
        const ttw = measured(fuel.amount, f, ctx, 'fuel_unit');
        const wtt = measured(fuel.amount, factors.get('wtt_factor')!, ctx, 'fuel_unit');
        // Tier 1: fuel × (tank-to-wheel + well-to-tank ef) = well-to-wheel
        return computation(sumProducts([ttw.product, wtt.product]), {
          fuel_type: fuel.type,
          fuel_quantity: ttw.amount,
          fuel_unit: perUnit(f),
          boundary: 'well_to_wheel',
        });
      }
      if (plan.method === 'supplier_specific') return computeLegs(input, () => factors.get('carrier_factor')!, ctx);
      return computeLegs(input, (i) => factors.get(legFactorName(input, i))!, ctx);
    },
  };
  return withSpend ? withSpendTier(module) : module;
}

export const upstreamTransport = transportModule(4, 'Upstream transportation and distribution', true);
