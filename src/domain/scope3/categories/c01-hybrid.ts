/**
 * Category 1 hybrid method (GHG Protocol Scope 3 Technical Guidance, ch. 1, "Hybrid method"): the
 * supplier's own scope 1 and 2 emissions allocated to the goods bought, plus secondary data for the
 * upstream emissions the supplier does not report:
 *   E = supplier scope 1+2 × allocation share
 *     + Σ material inputs (mass or amount × cradle-to-gate ef)
 *     + Σ inbound transport of those inputs to the supplier (tkm × ef per tkm)
 *     + Σ waste the supplier generates making the goods (mass × waste-treatment ef)
 * Fields: `supplier_scope1_2_kgco2e` (kg CO2e; the supplier's total with `allocation` — units,
 * mass, economic or a stated share — or already the goods' share without it), `material_inputs:
 * [{ material, quantity, unit }]` (factor key as written, e.g. `material.steel`), `inbound_transport:
 * [{ mode, distance, distance_unit, mass, mass_unit } | { mode, tkm }]` (`transport.<mode>`),
 * `supplier_waste: [{ treatment, waste_type?, mass, mass_unit }]` (`waste.<treatment>[.<type>]`).
 *
 * Guidance formulas [1.2] and [1.3] in full (added for its worked examples [1.2] and [1.3]):
 *   - `supplier_energy: [{ type, quantity, unit }]` instead of `supplier_scope1_2_kgco2e`: the
 *     supplier's scope 1 and 2 from its metered energy and fuels, Σ energy × ef (`electricity.grid`,
 *     `heat.district`…, `fuel.<type>`, as categories 8, 13, 14), × the allocation share as the total
 *     it replaces would be.
 *   - `inbound_transport[i].vehicle` instead of `mode`: the factor key of the vehicle type as written
 *     (the guidance's "emission factor for the vehicle type"), per tkm or any freight unit
 *     (`kgCO2e/kgkm` for a factor per kg and km).
 *   - `other_upstream: { product, quantity, unit }`: formula [1.3], all other upstream emissions of
 *     the goods = quantity bought × a cradle-to-gate factor that excludes the supplier's own scope 1,
 *     2 and waste (`product` is that factor's key as written). Not allocated: it is the goods' own.
 */
import { MAX_AMOUNT } from '../../plausible-bounds.ts';
import { convert } from '../../units.ts';
import type { FactorProduct } from '../apply-factor.ts';
import type { FieldReader } from '../fields.ts';
import type { CalcContext, Computation, FactorNeed, UsedFactor } from '../types.ts';
import { type Allocation, allocationInputs, readAllocation } from './allocation.ts';
import { TRANSPORT_MODES } from './c04-upstream-transport.ts';
import { WASTE_TREATMENTS, wasteActivity } from './c05-waste.ts';
import {
  type BaseInput,
  type EnergyItem,
  energyNeeds,
  type Measure,
  measured,
  need,
  perUnit,
  readEnergyItems,
  readList,
  readMeasure,
  readMode,
  readObject,
  readSlug,
  sumProducts,
} from './shared.ts';

export interface HybridInput {
  scope12Kg: number;
  /** The supplier's metered energy and fuels, instead of `scope12Kg` (formula [1.2]). */
  energy: EnergyItem[] | undefined;
  allocation: Allocation | undefined;
  materials: Array<{ material: string; amount: Measure }>;
  /** `mode` (a transport mode) or `vehicle` (a factor key as written): one of them. */
  transport: Array<{ mode: string | undefined; vehicle: string | undefined; tkm: number; distanceKm: number | undefined; massT: number | undefined }>;
  waste: Array<{ treatment: string; wasteType: string | undefined; mass: Measure }>;
  /** Formula [1.3]: the goods bought × a factor excluding the supplier's scope 1, 2 and waste. */
  otherUpstream: { product: string; amount: Measure } | undefined;
}

export const HYBRID_FIELDS = [
  'supplier_scope1_2_kgco2e',
  'allocation',
  'material_inputs',
  'inbound_transport',
  'supplier_waste',
  'supplier_energy',
  'other_upstream',
] as const;

/** The largest supplier scope 1+2 total one record may carry: 1e12 kg (a billion tonnes). */
const MAX_SUPPLIER_KG = 1e12;

/** The hybrid fields, or undefined when the record has none; issues name `material_inputs[0].unit` etc. */
export function readHybrid(r: FieldReader, raw: Record<string, unknown>): HybridInput | undefined {
  if (!HYBRID_FIELDS.some((f) => r.has(f))) return undefined;
  const scope12Kg = r.number('supplier_scope1_2_kgco2e', { max: MAX_SUPPLIER_KG });
  const energy = readEnergyItems(r, raw, 'supplier_energy');
  if (!r.has('supplier_scope1_2_kgco2e') && !r.has('supplier_energy'))
    r.issues.push({
      field: 'supplier_scope1_2_kgco2e',
      message: 'is required for the hybrid method (with allocation, material_inputs, inbound_transport or supplier_waste), or supplier_energy',
    });
  if (r.has('supplier_scope1_2_kgco2e') && r.has('supplier_energy'))
    r.issues.push({ field: 'supplier_energy', message: 'give supplier_scope1_2_kgco2e or supplier_energy (the energy it comes from), not both' });
  const allocation = readAllocation(r, raw, ['units', 'mass', 'economic', 'share']);
  const materials =
    readList(r, raw, 'material_inputs', (m, obj) => {
      m.rejectUnknown(['material', 'quantity', 'unit']);
      const material = m.string('material', { required: true, maxLength: 200 });
      const amount = readMeasure(m, obj, 'quantity', 'unit', undefined, true);
      return { material: material!, amount: amount! };
    }) ?? [];
  const transport =
    readList(r, raw, 'inbound_transport', (t, obj) => {
      t.rejectUnknown(['mode', 'vehicle', 'distance', 'distance_unit', 'mass', 'mass_unit', 'tkm']);
      const vehicle = t.string('vehicle', { maxLength: 200 });
      const mode = readMode(t, 'mode', TRANSPORT_MODES, !t.has('vehicle'));
      if (t.has('mode') && t.has('vehicle')) t.issues.push({ field: 'vehicle', message: 'give mode or vehicle (a factor key), not both' });
      const tkm = t.number('tkm', { exclusiveMin: true, max: MAX_AMOUNT.freight });
      const distance = readMeasure(t, obj, 'distance', 'distance_unit', ['distance']);
      const mass = readMeasure(t, obj, 'mass', 'mass_unit', ['mass']);
      if (t.has('tkm') && (t.has('distance') || t.has('mass'))) t.issues.push({ field: 'tkm', message: 'give either tkm or distance with mass, not both' });
      else if (!t.has('tkm') && !(t.has('distance') && t.has('mass')))
        t.issues.push({ field: 'distance', message: 'distance and mass are required (or give tkm)' });
      const distanceKm = distance ? convert(distance.value, distance.unit, 'km') : undefined;
      const massT = mass ? convert(mass.value, mass.unit, 't') : undefined;
      return { mode, vehicle, tkm: tkm ?? (distanceKm ?? 0) * (massT ?? 0), distanceKm, massT };
    }) ?? [];
  const waste =
    readList(r, raw, 'supplier_waste', (w, obj) => {
      w.rejectUnknown(['treatment', 'waste_type', 'mass', 'mass_unit']);
      const treatment = w.string('treatment', { required: true, oneOf: WASTE_TREATMENTS });
      const wasteType = readSlug(w, 'waste_type');
      const mass = readMeasure(w, obj, 'mass', 'mass_unit', ['mass'], true);
      return { treatment: treatment!, wasteType, mass: mass! };
    }) ?? [];
  const otherUpstream = readObject(r, raw, 'other_upstream', (o, obj) => {
    o.rejectUnknown(['product', 'quantity', 'unit']);
    const product = o.string('product', { required: true, maxLength: 200 });
    const amount = readMeasure(o, obj, 'quantity', 'unit', undefined, true);
    return { product: product!, amount: amount! };
  });
  return { scope12Kg: scope12Kg ?? 0, energy, allocation, materials, transport, waste, otherUpstream };
}

/** The factors the hybrid method needs: one per supplier energy line, material input, transport leg and waste line. */
export function hybridNeeds(h: HybridInput, base: BaseInput): FactorNeed[] {
  return [
    ...(h.energy ? energyNeeds(h.energy, base, 'supplier_energy') : []),
    ...h.materials.map((m, i) => need(`material_inputs[${i}]`, m.material, base)),
    ...h.transport.map((t, i) => need(`inbound_transport[${i}]`, t.vehicle ?? `transport.${t.mode}`, base)),
    ...h.waste.map((w, i) => need(`supplier_waste[${i}]`, wasteActivity(w.treatment, w.wasteType), base)),
    ...(h.otherUpstream ? [need('other_upstream', h.otherUpstream.product, base)] : []),
  ];
}

/** A factor product × a share (kg CO2e and each gas). */
function scaled(p: FactorProduct, share: number): FactorProduct {
  const gases = p.gases ? Object.fromEntries(Object.entries(p.gases).map(([g, kg]) => [g, kg * share])) : undefined;
  return { ...p, kgCo2e: p.kgCo2e * share, gases };
}

/** The four parts summed; each part's amounts and the allocation are inputs as used. */
export function computeHybrid(
  h: HybridInput,
  factors: ReadonlyMap<string, UsedFactor>,
  ctx: CalcContext,
): { product: FactorProduct; inputsUsed: Computation['inputsUsed'] } {
  const share = h.allocation?.share ?? 1;
  const inputsUsed: Computation['inputsUsed'] = { supplier_scope1_2_kgco2e: h.scope12Kg, ...(h.allocation ? allocationInputs(h.allocation) : {}) };
  const parts: FactorProduct[] = [];
  if (h.energy) {
    // Supplier's scope 1+2 from its energy: Σ energy × ef, × allocation share.
    const energy = sumProducts(
      h.energy.map((e, i) => {
        const name = `supplier_energy[${i}]`;
        const f = factors.get(name)!;
        const { amount, product } = measured(e.amount, f, ctx, `${name}.unit`);
        Object.assign(inputsUsed, { [`${name}.type`]: e.type, [`${name}.quantity`]: amount, [`${name}.unit`]: perUnit(f) });
        return product;
      }),
    );
    inputsUsed.supplier_scope1_2_kgco2e = energy.kgCo2e;
    parts.push(scaled(energy, share));
  } else {
    // Supplier's scope 1+2 × allocation share: already CO2e, no factor.
    parts.push({ kgCo2e: h.scope12Kg * share, gases: undefined, warnings: [] });
  }
  inputsUsed.supplier_scope1_2_allocated_kgco2e = parts[0]!.kgCo2e;
  h.materials.forEach((m, i) => {
    const name = `material_inputs[${i}]`;
    const f = factors.get(name)!;
    const { amount, product } = measured(m.amount, f, ctx, `${name}.unit`);
    Object.assign(inputsUsed, { [`${name}.material`]: m.material, [`${name}.quantity`]: amount, [`${name}.unit`]: perUnit(f) });
    parts.push(product);
  });
  h.transport.forEach((t, i) => {
    const name = `inbound_transport[${i}]`;
    const f = factors.get(name)!;
    const { amount, product } = measured({ value: t.tkm, unit: 'tkm' }, f, ctx, t.vehicle === undefined ? `${name}.mode` : `${name}.vehicle`);
    if (t.vehicle === undefined) Object.assign(inputsUsed, { [`${name}.mode`]: t.mode!, [`${name}.tkm`]: amount });
    // A vehicle's factor may be per any freight unit: the amount is in it, and its unit is named.
    else Object.assign(inputsUsed, { [`${name}.vehicle`]: t.vehicle, [`${name}.amount`]: amount, [`${name}.unit`]: perUnit(f) });
    if (t.distanceKm !== undefined) inputsUsed[`${name}.distance_km`] = t.distanceKm;
    if (t.massT !== undefined) inputsUsed[`${name}.mass_t`] = t.massT;
    parts.push(product);
  });
  h.waste.forEach((w, i) => {
    const name = `supplier_waste[${i}]`;
    const f = factors.get(name)!;
    const { amount, product } = measured(w.mass, f, ctx, `${name}.mass_unit`);
    Object.assign(inputsUsed, { [`${name}.treatment`]: w.treatment, [`${name}.mass`]: amount, [`${name}.mass_unit`]: perUnit(f) });
    if (w.wasteType) inputsUsed[`${name}.waste_type`] = w.wasteType;
    parts.push(product);
  });
  if (h.otherUpstream) {
    // Formula [1.3]: quantity of the goods × cradle-to-gate ef excluding the supplier's scope 1, 2 and waste.
    const f = factors.get('other_upstream')!;
    const { amount, product } = measured(h.otherUpstream.amount, f, ctx, 'other_upstream.unit');
    Object.assign(inputsUsed, { 'other_upstream.product': h.otherUpstream.product, 'other_upstream.quantity': amount, 'other_upstream.unit': perUnit(f) });
    parts.push(product);
  }
  return { product: sumProducts(parts), inputsUsed };
}
