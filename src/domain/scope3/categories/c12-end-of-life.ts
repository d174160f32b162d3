/**
 * Category 12 — End-of-life treatment of sold products (GHG Protocol Scope 3 Technical Guidance,
 * ch. 12; PRODUCT.md "Formulas"): Σ material_mass × disposal_ef.
 *   `materials: [{ material, mass, mass_unit, treatment }]`, masses per unit of product, times
 *   `units` sold (default 1, i.e. the masses are totals); treatment as in category 5.
 *   Tier 2 waste-type-specific: `waste.<treatment>.<material>` for every material
 *   Tier 2 average-data:        `waste.<treatment>` (mixed waste) for every material
 * No supplier or spend tiers: the company has no data from, and no spend with, the end-of-life
 * treaters of its products.
 */
import { MAX_COUNT } from '../../plausible-bounds.ts';
import { FieldReader } from '../fields.ts';
import type { CategoryModule, Computation } from '../types.ts';
import { WASTE_TREATMENTS, wasteActivity } from './c05-waste.ts';
import {
  BASE_FIELDS,
  type BaseInput,
  computation,
  type Measure,
  measured,
  need,
  PlanBuilder,
  perUnit,
  readBase,
  readList,
  readMeasure,
  readSlug,
  sumProducts,
} from './shared.ts';

export interface Material {
  material: string;
  mass: Measure;
  treatment: string;
}

export interface EndOfLifeInput extends BaseInput {
  units: number;
  materials: Material[];
}

const FIELDS = [...BASE_FIELDS, 'units', 'materials'];

const factorName = (i: number) => `materials[${i}]`;

export const endOfLife: CategoryModule<EndOfLifeInput> = {
  category: 12,
  name: 'End-of-life treatment of sold products',
  methodVersion: '1',

  parse(raw) {
    const r = new FieldReader(raw);
    r.rejectUnknown(FIELDS);
    const base = readBase(r);
    const units = r.number('units', { exclusiveMin: true, max: MAX_COUNT.units }) ?? 1;
    if (!r.has('materials')) r.issues.push({ field: 'materials', message: 'is required' });
    const materials = readList(r, raw, 'materials', (m, obj) => {
      m.rejectUnknown(['material', 'mass', 'mass_unit', 'treatment']);
      return {
        material: readSlug(m, 'material', true)!,
        mass: readMeasure(m, obj, 'mass', 'mass_unit', ['mass'], true)!,
        treatment: m.string('treatment', { required: true, oneOf: WASTE_TREATMENTS })!,
      };
    });
    r.done();
    return { ...base, units, materials: materials! };
  },

  plan(input) {
    return new PlanBuilder(input)
      .add(
        2,
        'waste_type_specific',
        input.materials.map((m, i) => need(factorName(i), wasteActivity(m.treatment, m.material), input)),
      )
      .add(
        2,
        'average_data',
        input.materials.map((m, i) => need(factorName(i), wasteActivity(m.treatment), input)),
        // The treatment's average stands in for a material's own factor.
        'waste_type_specific',
      )
      .done();
  },

  compute(input, _plan, factors, ctx): Computation {
    const inputsUsed: Computation['inputsUsed'] = { units: input.units };
    // Σ units × material_mass × disposal_ef
    const parts = input.materials.map((m, i) => {
      const f = factors.get(factorName(i))!;
      const { amount, product } = measured(m.mass, f, ctx, `${factorName(i)}.mass_unit`, input.units);
      Object.assign(inputsUsed, {
        [`${factorName(i)}.material`]: m.material,
        [`${factorName(i)}.treatment`]: m.treatment,
        [`${factorName(i)}.mass`]: amount,
        [`${factorName(i)}.mass_unit`]: perUnit(f),
      });
      return product;
    });
    return computation(sumProducts(parts), inputsUsed);
  },
};
