/**
 * Category 12 — End-of-life treatment of sold products (GHG Protocol Scope 3 Technical Guidance
 * v1.0, ch. 12; PRODUCT.md "Formulas"): Σ material_mass × disposal_ef, and with proportions
 *   Σ_material Σ_treatment units × mass_m × share_t × disposal_ef_(t, m)
 * — ch. 12, waste-type-specific method: the mass of sold products (and packaging) at end of life,
 * by material, × the proportion of it treated by each waste treatment method × the factor of that
 * treatment (and material). The record gives the proportions; no mass needs pre-multiplying:
 *   `materials: [{ material, mass + mass_unit | mass_share, treatment | treatments }]`
 *   - `mass` per unit of product, times `units` sold (default 1, i.e. the masses are totals); or
 *     `mass_share` (0–1), the material's share of `product_mass` + `product_mass_unit` (the mass of
 *     one unit of product): mass = product_mass × mass_share. The shares of all materials sum to
 *     at most 1 (the rest of the product is not counted).
 *   - `treatment` (as in category 5: the whole mass of the material goes to it); or
 *     `treatments: [{ treatment, share }]`, the proportion of the material treated by each (each
 *     treatment once, shares 0–1 summing to at most 1; the remainder is not counted).
 *   Tier 2 waste-type-specific: `waste.<treatment>.<material>` for every material and treatment
 *   Tier 2 average-data:        `waste.<treatment>` (mixed waste) for every material and treatment
 *   `product_mass` given while no material has a mass_share: INPUT_NOT_USED.
 * No supplier or spend tiers: the company has no data from, and no spend with, the end-of-life
 * treaters of its products.
 */
import { MAX_COUNT } from '../../plausible-bounds.ts';
import { FieldReader } from '../fields.ts';
import type { CalculationWarning, CategoryModule, Computation, FactorNeed } from '../types.ts';
import { readTreatmentShares, SHARE_SUM_TOLERANCE, type TreatmentShare, WASTE_TREATMENTS, wasteActivity } from './c05-waste.ts';
import {
  BASE_FIELDS,
  type BaseInput,
  computation,
  inputNotUsed,
  type Measure,
  measured,
  need,
  PlanBuilder,
  perUnit,
  readBase,
  readFraction,
  readList,
  readMeasure,
  readSlug,
  sumProducts,
} from './shared.ts';

export interface Material {
  material: string;
  /** Mass per unit of product (or in total, without `units`); undefined with `massShare`. */
  mass: Measure | undefined;
  /** Share of `product_mass`. */
  massShare: number | undefined;
  /** The one treatment of the whole mass, or undefined with `treatments`. */
  treatment: string | undefined;
  treatments: TreatmentShare[] | undefined;
}

export interface EndOfLifeInput extends BaseInput {
  units: number;
  productMass: Measure | undefined;
  materials: Material[];
}

const FIELDS = [...BASE_FIELDS, 'units', 'product_mass', 'product_mass_unit', 'materials'];

const factorName = (i: number) => `materials[${i}]`;
const splitName = (i: number, j: number) => `materials[${i}].treatments[${j}]`;

function readMaterial(m: FieldReader, obj: Record<string, unknown>): Material {
  m.rejectUnknown(['material', 'mass', 'mass_unit', 'mass_share', 'treatment', 'treatments']);
  const material = readSlug(m, 'material', true)!;
  let mass: Measure | undefined;
  let massShare: number | undefined;
  if (m.has('mass_share')) {
    massShare = readFraction(m, 'mass_share', true);
    if (m.has('mass')) m.issues.push({ field: 'mass_share', message: 'give mass or mass_share, not both' });
    else if (m.has('mass_unit')) m.issues.push({ field: 'mass_unit', message: 'goes with mass; mass_share is a share of product_mass, in product_mass_unit' });
  } else mass = readMeasure(m, obj, 'mass', 'mass_unit', ['mass'], true);
  let treatment: string | undefined;
  let treatments: TreatmentShare[] | undefined;
  if (m.has('treatments')) {
    treatments = readTreatmentShares(m, obj, 'treatments');
    if (m.has('treatment')) m.issues.push({ field: 'treatments', message: 'give treatment or treatments, not both' });
  } else treatment = m.string('treatment', { required: true, oneOf: WASTE_TREATMENTS });
  return { material, mass, massShare, treatment, treatments };
}

/** Each material's factor needs: one per material, or one per treatment of its split. */
function needs(input: EndOfLifeInput, typed: boolean): FactorNeed[] {
  return input.materials.flatMap((m, i) => {
    const key = (t: string) => wasteActivity(t, typed ? m.material : undefined);
    if (m.treatments) return m.treatments.map((t, j) => need(splitName(i, j), key(t.treatment), input));
    return [need(factorName(i), key(m.treatment!), input)];
  });
}

export const endOfLife: CategoryModule<EndOfLifeInput> = {
  category: 12,
  name: 'End-of-life treatment of sold products',
  methodVersion: '1',

  parse(raw) {
    const r = new FieldReader(raw);
    r.rejectUnknown(FIELDS);
    const base = readBase(r);
    const units = r.number('units', { exclusiveMin: true, max: MAX_COUNT.units }) ?? 1;
    const productMass = readMeasure(r, raw, 'product_mass', 'product_mass_unit', ['mass']);
    if (!r.has('materials')) r.issues.push({ field: 'materials', message: 'is required' });
    const materials = readList(r, raw, 'materials', readMaterial);
    const shared = (materials ?? []).filter((m) => m.massShare !== undefined);
    if (shared.length > 0) {
      if (!r.has('product_mass')) r.issues.push({ field: 'product_mass', message: 'is required with a material’s mass_share' });
      const sum = shared.reduce((s, m) => s + m.massShare!, 0);
      if (sum > 1 + SHARE_SUM_TOLERANCE)
        r.issues.push({ field: 'materials', message: `mass_share values sum to ${sum}; they are shares of product_mass and must sum to at most 1` });
    }
    r.done();
    return { ...base, units, productMass, materials: materials! };
  },

  plan(input) {
    return new PlanBuilder(input)
      .add(2, 'waste_type_specific', needs(input, true))
      .add(
        2,
        'average_data',
        needs(input, false),
        // The treatment's average stands in for a material's own factor.
        'waste_type_specific',
      )
      .done();
  },

  compute(input, _plan, factors, ctx): Computation {
    const inputsUsed: Computation['inputsUsed'] = { units: input.units };
    const warnings: CalculationWarning[] = [];
    const usesShare = input.materials.some((m) => m.massShare !== undefined);
    if (input.productMass) {
      if (usesShare) Object.assign(inputsUsed, { product_mass: input.productMass.value, product_mass_unit: input.productMass.unit });
      else warnings.push(inputNotUsed('product_mass', 'every material gives its own mass (product_mass is used with mass_share)'));
    }
    // Σ units × material_mass (or product_mass × mass_share) × share_t × disposal_ef
    const parts = input.materials.flatMap((m, i) => {
      const mass = m.mass ?? { value: input.productMass!.value * m.massShare!, unit: input.productMass!.unit };
      const unitField = m.mass ? `${factorName(i)}.mass_unit` : 'product_mass_unit';
      inputsUsed[`${factorName(i)}.material`] = m.material;
      if (m.massShare !== undefined) inputsUsed[`${factorName(i)}.mass_share`] = m.massShare;
      if (!m.treatments) {
        const f = factors.get(factorName(i))!;
        const { amount, product } = measured(mass, f, ctx, unitField, input.units);
        Object.assign(inputsUsed, {
          [`${factorName(i)}.treatment`]: m.treatment!,
          [`${factorName(i)}.mass`]: amount,
          [`${factorName(i)}.mass_unit`]: perUnit(f),
        });
        return [product];
      }
      return m.treatments.map((t, j) => {
        const f = factors.get(splitName(i, j))!;
        const { amount, product } = measured(mass, f, ctx, unitField, input.units * t.share);
        Object.assign(inputsUsed, {
          [`${splitName(i, j)}.treatment`]: t.treatment,
          [`${splitName(i, j)}.share`]: t.share,
          [`${splitName(i, j)}.mass`]: amount,
          [`${splitName(i, j)}.mass_unit`]: perUnit(f),
        });
        return product;
      });
    });
    return computation(sumProducts(parts), inputsUsed, warnings);
  },
};
