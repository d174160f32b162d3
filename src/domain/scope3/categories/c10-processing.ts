/**
 * Category 10 — Processing of sold products (GHG Protocol Scope 3 Technical Guidance, ch. 10;
 * PRODUCT.md "Formulas": per-unit processing energy).
 *   Tier 1 site-specific: quantity × energy_per_unit × ef — the downstream processor's energy use
 *          per unit of the intermediate product (`energy_per_unit` + `energy_unit`, per one `unit`
 *          of `quantity`) × the energy's factor: `electricity.grid` (default `energy_type`, region
 *          = the record's region, i.e. where processing happens) or `heat.*` / `fuel.<type>`
 *   Tier 2 average-data, energy: the same formula with `energy_data: "industry_average"`, when the
 *          energy per unit is a secondary (published, industry-average) figure, not the processor's
 *   Tier 2 average-data: quantity × `processing.<process>` (kg CO2e per unit of product processed)
 * No spend-based tier: sold products carry no spend for their processing by others.
 */
import { FieldReader } from '../fields.ts';
import type { CategoryModule, Computation } from '../types.ts';
import {
  BASE_FIELDS,
  type BaseInput,
  computation,
  energyActivity,
  type Measure,
  measured,
  need,
  PlanBuilder,
  perUnit,
  readBase,
  readMeasure,
  readSlug,
} from './shared.ts';

const ENERGY_DATA = ['processor', 'industry_average'] as const;
type EnergyData = (typeof ENERGY_DATA)[number];

export interface ProcessingInput extends BaseInput {
  quantity: Measure;
  energyPerUnit: Measure | undefined;
  energyType: string;
  /** Whose energy per unit: the processor's own (tier 1) or a published industry average (tier 2). */
  energyData: EnergyData;
  process: string | undefined;
}

const FIELDS = [...BASE_FIELDS, 'quantity', 'unit', 'energy_per_unit', 'energy_unit', 'energy_type', 'energy_data', 'process'];

export const processing: CategoryModule<ProcessingInput> = {
  category: 10,
  name: 'Processing of sold products',
  methodVersion: '1',

  parse(raw) {
    const r = new FieldReader(raw);
    r.rejectUnknown(FIELDS);
    const input = {
      ...readBase(r),
      quantity: readMeasure(r, raw, 'quantity', 'unit', undefined, true),
      energyPerUnit: readMeasure(r, raw, 'energy_per_unit', 'energy_unit', ['energy', 'volume', 'mass']),
      energyType: readSlug(r, 'energy_type') ?? 'electricity',
      energyData: (r.string('energy_data', { oneOf: ENERGY_DATA }) ?? 'processor') as EnergyData,
      process: readSlug(r, 'process'),
    };
    r.done();
    return input as ProcessingInput;
  },

  plan(input) {
    return new PlanBuilder(input)
      .when(
        input.energyPerUnit !== undefined && input.energyData === 'processor',
        1,
        'site_specific',
        () => [need('energy_factor', energyActivity(input.energyType), input)],
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
    const q = input.quantity;
    if (plan.method === 'site_specific' || plan.method === 'average_data_energy') {
      const f = factors.get('energy_factor')!;
      const epu = input.energyPerUnit!;
      // units × energy_per_unit × ef
      const { amount, product } = measured({ value: q.value * epu.value, unit: epu.unit }, f, ctx, 'energy_unit');
      return computation(product, {
        quantity: q.value,
        unit: q.unit,
        energy_per_unit: epu.value,
        energy_type: input.energyType,
        energy: amount,
        energy_unit: perUnit(f),
        ...(plan.method === 'average_data_energy' ? { energy_data: input.energyData } : {}),
      });
    }
    const f = factors.get('processing_factor')!;
    // quantity × average processing ef
    const { amount, product } = measured(q, f, ctx, 'unit');
    return computation(product, { quantity: amount, unit: perUnit(f), process: input.process! });
  },
};
