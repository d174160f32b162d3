/**
 * Category 10 — Processing of sold products (GHG Protocol Scope 3 Technical Guidance v1.0, ch. 10;
 * PRODUCT.md "Formulas": per-unit processing energy).
 *   Tier 1 site-specific: quantity × energy_per_unit × ef (+ Σ waste × waste_ef) — the downstream
 *          processor's energy use per unit of the intermediate product (`energy_per_unit` +
 *          `energy_unit`, per one `unit` of `quantity`) × the energy's factor: `electricity.grid`
 *          (default `energy_type`, region = the record's region, i.e. where processing happens) or
 *          `heat.*` / `fuel.<type>`; plus, when the record gives `waste`, the waste the processing
 *          generates × the factor of its treatment (ch. 10, site-specific method: fuel and
 *          electricity consumed, and "to the extent possible" the mass of waste generated in the
 *          process, each × its emission factor):
 *            `waste: [{ treatment, waste_type?, mass | mass_per_unit, mass_unit }]`, `mass` the
 *            waste of the whole `quantity`, or `mass_per_unit` per one `unit` of it (× quantity);
 *            factor `waste.<treatment>.<waste_type>`, or `waste.<treatment>` without a type (the
 *            category-5 keys; no stand-in: a missing waste factor makes the method unusable, and
 *            the skip names the key)
 *          Or, formula [10.1] as the guidance writes it (Example [10.1]): the processor's metered
 *          energy for processing the whole quantity sold, `energy: [{ type, quantity, unit }]`
 *          (each × the factor of its type, as in categories 8, 13 and 14: `electricity.grid`,
 *          `heat.*`, `fuel.<type>`), + Σ waste × waste_ef; `quantity` is then optional (recorded
 *          when given; needed only for a waste `mass_per_unit`). A waste whose treatment the
 *          processor does not name is `treatment: "unspecified"`, factor `waste.unspecified[.<waste_type>]`
 *          (the guidance's "emission factor for waste activity", kg CO2e per kg of waste output).
 *   Tier 2 average-data, energy: the same energy formula with `energy_data: "industry_average"`,
 *          when the energy per unit is a secondary (published, industry-average) figure, not the
 *          processor's
 *   Tier 2 average-data: quantity × `processing.<process>` (kg CO2e per unit of product processed)
 *   The processor's waste is site data: the tier-2 methods do not use it, and an INPUT_NOT_USED
 *   warning says so (as for energy_per_unit when the process average is used instead).
 * No spend-based tier: sold products carry no spend for their processing by others.
 */

import type { FactorProduct } from '../apply-factor.ts';
import { FieldReader } from '../fields.ts';
import type { CalcContext, CalculationWarning, CategoryModule, Computation, UsedFactor } from '../types.ts';
import { WASTE_TREATMENTS, type WasteTreatment, wasteActivity } from './c05-waste.ts';
import {
  BASE_FIELDS,
  type BaseInput,
  computation,
  type EnergyItem,
  energyActivity,
  energyNeeds,
  inputNotUsed,
  type Measure,
  measured,
  need,
  PlanBuilder,
  perUnit,
  readBase,
  readEnergyItems,
  readList,
  readMeasure,
  readSlug,
  sumProducts,
} from './shared.ts';

const ENERGY_DATA = ['processor', 'industry_average'] as const;
type EnergyData = (typeof ENERGY_DATA)[number];

/** Waste treatments of category 10's site data: category 5's, or `unspecified` (the processor's waste factor names none). */
export const PROCESSING_WASTE_TREATMENTS = [...WASTE_TREATMENTS, 'unspecified'] as const;

/** Waste the processing generates: the whole quantity's (`mass`) or per unit of it (`perUnit`). */
export interface ProcessingWaste {
  treatment: WasteTreatment | 'unspecified';
  wasteType: string | undefined;
  mass: Measure;
  perUnit: boolean;
}

export interface ProcessingInput extends BaseInput {
  /** Undefined only with `energy` (the processor's metered totals). */
  quantity: Measure | undefined;
  /** The processor's metered energy for the whole quantity (formula [10.1]), instead of energy_per_unit. */
  energy: EnergyItem[] | undefined;
  energyPerUnit: Measure | undefined;
  energyType: string;
  /** Whose energy per unit: the processor's own (tier 1) or a published industry average (tier 2). */
  energyData: EnergyData;
  process: string | undefined;
  waste: ProcessingWaste[] | undefined;
}

const FIELDS = [...BASE_FIELDS, 'quantity', 'unit', 'energy_per_unit', 'energy_unit', 'energy_type', 'energy_data', 'process', 'waste', 'energy'];

const wasteName = (i: number) => `waste[${i}]`;

function readWaste(r: FieldReader, raw: Record<string, unknown>): ProcessingWaste[] | undefined {
  return readList(r, raw, 'waste', (w, obj) => {
    w.rejectUnknown(['treatment', 'waste_type', 'mass', 'mass_per_unit', 'mass_unit']);
    const treatment = w.string('treatment', { required: true, oneOf: PROCESSING_WASTE_TREATMENTS }) as ProcessingWaste['treatment'] | undefined;
    const wasteType = readSlug(w, 'waste_type');
    const perUnit = w.has('mass_per_unit');
    if (perUnit && w.has('mass')) w.issues.push({ field: 'mass_per_unit', message: 'give mass (the whole quantity’s waste) or mass_per_unit, not both' });
    const mass = readMeasure(w, obj, perUnit ? 'mass_per_unit' : 'mass', 'mass_unit', ['mass'], true);
    return { treatment: treatment!, wasteType, mass: mass!, perUnit };
  });
}

/** Σ waste × waste_ef (mass_per_unit × quantity, or the whole quantity's mass); records each waste's inputs. */
function wasteParts(
  input: ProcessingInput,
  factors: ReadonlyMap<string, UsedFactor>,
  ctx: CalcContext,
  inputsUsed: Computation['inputsUsed'],
): FactorProduct[] {
  return (input.waste ?? []).map((w, i) => {
    const wf = factors.get(wasteName(i))!;
    const scale = w.perUnit ? input.quantity!.value : 1;
    const waste = measured(w.mass, wf, ctx, `${wasteName(i)}.mass_unit`, scale);
    Object.assign(inputsUsed, {
      [`${wasteName(i)}.treatment`]: w.treatment,
      ...(w.wasteType ? { [`${wasteName(i)}.waste_type`]: w.wasteType } : {}),
      ...(w.perUnit ? { [`${wasteName(i)}.mass_per_unit`]: w.mass.value, [`${wasteName(i)}.mass_per_unit_unit`]: w.mass.unit } : {}),
      [`${wasteName(i)}.mass`]: waste.amount,
      [`${wasteName(i)}.mass_unit`]: perUnit(wf),
    });
    return waste.product;
  });
}

export const processing: CategoryModule<ProcessingInput> = {
  category: 10,
  name: 'Processing of sold products',
  methodVersion: '1',

  parse(raw) {
    const r = new FieldReader(raw);
    r.rejectUnknown(FIELDS);
    const metered = r.has('energy');
    const input = {
      ...readBase(r),
      quantity: readMeasure(r, raw, 'quantity', 'unit', undefined, !metered),
      energy: readEnergyItems(r, raw),
      energyPerUnit: readMeasure(r, raw, 'energy_per_unit', 'energy_unit', ['energy', 'volume', 'mass']),
      energyType: readSlug(r, 'energy_type') ?? 'electricity',
      energyData: (r.string('energy_data', { oneOf: ENERGY_DATA }) ?? 'processor') as EnergyData,
      process: readSlug(r, 'process'),
      waste: readWaste(r, raw),
    };
    if (metered) {
      if (r.has('energy_per_unit')) r.issues.push({ field: 'energy', message: 'give energy (the metered totals) or energy_per_unit, not both' });
      if (r.has('energy_type')) r.issues.push({ field: 'energy_type', message: 'goes with energy_per_unit; each energy item has its own type' });
      if (input.energyData === 'industry_average')
        r.issues.push({ field: 'energy_data', message: 'energy is the processor’s metered energy (site-specific); give industry averages as energy_per_unit' });
      if (input.quantity === undefined && !r.has('quantity') && input.process !== undefined)
        r.issues.push({ field: 'quantity', message: 'is required with process (the average-data method: quantity × processing factor)' });
      if (input.quantity === undefined && !r.has('quantity'))
        (input.waste ?? []).forEach((w, i) => {
          if (w.perUnit) r.issues.push({ field: `${wasteName(i)}.mass_per_unit`, message: 'needs quantity (give the whole quantity’s waste as mass)' });
        });
    }
    r.done();
    return input as ProcessingInput;
  },

  plan(input) {
    const wasteNeeds = () => (input.waste ?? []).map((w, i) => need(wasteName(i), wasteActivity(w.treatment, w.wasteType), input));
    if (input.energy)
      return new PlanBuilder(input)
        .add(1, 'site_specific', [...energyNeeds(input.energy, input), ...wasteNeeds()])
        .when(input.process !== undefined, 2, 'average_data', () => [need('processing_factor', `processing.${input.process}`, input)], 'needs process')
        .done();
    return new PlanBuilder(input)
      .when(
        input.energyPerUnit !== undefined && input.energyData === 'processor',
        1,
        'site_specific',
        () => [need('energy_factor', energyActivity(input.energyType), input), ...wasteNeeds()],
        input.energyPerUnit === undefined
          ? "needs energy_per_unit and energy_unit (the processor's energy use per unit of product)"
          : 'energy_data is "industry_average": the energy per unit is not the processor\'s own',
      )
      .when(
        input.energyPerUnit !== undefined && input.energyData === 'industry_average',
        2,
        'average_data_energy',
        () => [need('energy_factor', energyActivity(input.energyType), input)],
        'needs energy_per_unit and energy_unit with energy_data "industry_average"',
      )
      .when(input.process !== undefined, 2, 'average_data', () => [need('processing_factor', `processing.${input.process}`, input)], 'needs process')
      .done();
  },

  compute(input, plan, factors, ctx): Computation {
    const q = input.quantity!;
    const unused: CalculationWarning[] = [];
    if (input.waste && plan.method !== 'site_specific')
      unused.push(inputNotUsed('waste', `the processor's waste enters only the site-specific method, and ${plan.method} was used (see tier_fallback)`));
    if (input.energy && plan.method === 'site_specific') {
      // Σ energy_i × ef_i (the processor's metered totals) + Σ waste × waste_ef
      const inputsUsed: Computation['inputsUsed'] = input.quantity ? { quantity: q.value, unit: q.unit } : {};
      const energy = input.energy.map((e, i) => {
        const f = factors.get(`energy[${i}]`)!;
        const { amount, product } = measured(e.amount, f, ctx, `energy[${i}].unit`);
        Object.assign(inputsUsed, { [`energy[${i}].type`]: e.type, [`energy[${i}].quantity`]: amount, [`energy[${i}].unit`]: perUnit(f) });
        return product;
      });
      return computation(sumProducts([...energy, ...wasteParts(input, factors, ctx, inputsUsed)]), inputsUsed);
    }
    if (input.energy)
      unused.push(inputNotUsed('energy', 'the process average (processing.<process>) was used, as an energy item has no factor (see tier_fallback)'));
    if (plan.method === 'site_specific' || plan.method === 'average_data_energy') {
      const f = factors.get('energy_factor')!;
      const epu = input.energyPerUnit!;
      // units × energy_per_unit × ef
      const { amount, product } = measured({ value: q.value * epu.value, unit: epu.unit }, f, ctx, 'energy_unit');
      const inputsUsed: Computation['inputsUsed'] = {
        quantity: q.value,
        unit: q.unit,
        energy_per_unit: epu.value,
        energy_type: input.energyType,
        energy: amount,
        energy_unit: perUnit(f),
        ...(plan.method === 'average_data_energy' ? { energy_data: input.energyData } : {}),
      };
      if (plan.method !== 'site_specific' || !input.waste) return computation(product, inputsUsed, unused);
      return computation(sumProducts([product, ...wasteParts(input, factors, ctx, inputsUsed)]), inputsUsed);
    }
    if (input.energyPerUnit)
      unused.push(
        inputNotUsed('energy_per_unit', 'the process average (processing.<process>) was used, as no factor was found for the energy (see tier_fallback)'),
      );
    const f = factors.get('processing_factor')!;
    // quantity × average processing ef
    const { amount, product } = measured(q, f, ctx, 'unit');
    return computation(product, { quantity: amount, unit: perUnit(f), process: input.process! }, unused);
  },
};
