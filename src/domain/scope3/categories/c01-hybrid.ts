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
 */
import { MAX_AMOUNT } from '../../plausible-bounds.ts';
import { convert } from '../../units.ts';
import type { FactorProduct } from '../apply-factor.ts';
import type { FieldReader } from '../fields.ts';
import type { CalcContext, Computation, FactorNeed, UsedFactor } from '../types.ts';
import { type Allocation, allocationInputs, readAllocation } from './allocation.ts';
import { TRANSPORT_MODES } from './c04-upstream-transport.ts';
import { WASTE_TREATMENTS, wasteActivity } from './c05-waste.ts';
import { type BaseInput, type Measure, measured, need, perUnit, readList, readMeasure, readMode, readSlug, sumProducts } from './shared.ts';

export interface HybridInput {
  scope12Kg: number;
  allocation: Allocation | undefined;
  materials: Array<{ material: string; amount: Measure }>;
  transport: Array<{ mode: string; tkm: number; distanceKm: number | undefined; massT: number | undefined }>;
  waste: Array<{ treatment: string; wasteType: string | undefined; mass: Measure }>;
}

export const HYBRID_FIELDS = ['supplier_scope1_2_kgco2e', 'allocation', 'material_inputs', 'inbound_transport', 'supplier_waste'] as const;

/** The largest supplier scope 1+2 total one record may carry: 1e12 kg (a billion tonnes). */
const MAX_SUPPLIER_KG = 1e12;

/** The hybrid fields, or undefined when the record has none; issues name `material_inputs[0].unit` etc. */
export function readHybrid(r: FieldReader, raw: Record<string, unknown>): HybridInput | undefined {
  if (!HYBRID_FIELDS.some((f) => r.has(f))) return undefined;
  const scope12Kg = r.number('supplier_scope1_2_kgco2e', { max: MAX_SUPPLIER_KG });
  if (!r.has('supplier_scope1_2_kgco2e'))
    r.issues.push({
      field: 'supplier_scope1_2_kgco2e',
      message: 'is required for the hybrid method (with allocation, material_inputs, inbound_transport or supplier_waste)',
    });
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
      t.rejectUnknown(['mode', 'distance', 'distance_unit', 'mass', 'mass_unit', 'tkm']);
      const mode = readMode(t, 'mode', TRANSPORT_MODES, true);
      const tkm = t.number('tkm', { exclusiveMin: true, max: MAX_AMOUNT.freight });
      const distance = readMeasure(t, obj, 'distance', 'distance_unit', ['distance']);
      const mass = readMeasure(t, obj, 'mass', 'mass_unit', ['mass']);
      if (t.has('tkm') && (t.has('distance') || t.has('mass'))) t.issues.push({ field: 'tkm', message: 'give either tkm or distance with mass, not both' });
      else if (!t.has('tkm') && !(t.has('distance') && t.has('mass')))
        t.issues.push({ field: 'distance', message: 'distance and mass are required (or give tkm)' });
      const distanceKm = distance ? convert(distance.value, distance.unit, 'km') : undefined;
      const massT = mass ? convert(mass.value, mass.unit, 't') : undefined;
      return { mode: mode!, tkm: tkm ?? (distanceKm ?? 0) * (massT ?? 0), distanceKm, massT };
    }) ?? [];
  const waste =
    readList(r, raw, 'supplier_waste', (w, obj) => {
      w.rejectUnknown(['treatment', 'waste_type', 'mass', 'mass_unit']);
      const treatment = w.string('treatment', { required: true, oneOf: WASTE_TREATMENTS });
      const wasteType = readSlug(w, 'waste_type');
      const mass = readMeasure(w, obj, 'mass', 'mass_unit', ['mass'], true);
      return { treatment: treatment!, wasteType, mass: mass! };
    }) ?? [];
  return { scope12Kg: scope12Kg ?? 0, allocation, materials, transport, waste };
}

/** The factors the hybrid method needs: one per material input, transport leg and waste line. */
export function hybridNeeds(h: HybridInput, base: BaseInput): FactorNeed[] {
  return [
    ...h.materials.map((m, i) => need(`material_inputs[${i}]`, m.material, base)),
    ...h.transport.map((t, i) => need(`inbound_transport[${i}]`, `transport.${t.mode}`, base)),
    ...h.waste.map((w, i) => need(`supplier_waste[${i}]`, wasteActivity(w.treatment, w.wasteType), base)),
  ];
}

/** The four parts summed; each part's amounts and the allocation are inputs as used. */
export function computeHybrid(
  h: HybridInput,
  factors: ReadonlyMap<string, UsedFactor>,
  ctx: CalcContext,
): { product: FactorProduct; inputsUsed: Computation['inputsUsed'] } {
  const share = h.allocation?.share ?? 1;
  const inputsUsed: Computation['inputsUsed'] = { supplier_scope1_2_kgco2e: h.scope12Kg, ...(h.allocation ? allocationInputs(h.allocation) : {}) };
  // Supplier's scope 1+2 × allocation share: already CO2e, no factor.
  const parts: FactorProduct[] = [{ kgCo2e: h.scope12Kg * share, gases: undefined, warnings: [] }];
  inputsUsed.supplier_scope1_2_allocated_kgco2e = h.scope12Kg * share;
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
    const { amount, product } = measured({ value: t.tkm, unit: 'tkm' }, f, ctx, `${name}.mode`);
    Object.assign(inputsUsed, { [`${name}.mode`]: t.mode, [`${name}.tkm`]: amount });
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
  return { product: sumProducts(parts), inputsUsed };
}
