/**
 * Category 5 — Waste generated in operations (GHG Protocol Scope 3 Technical Guidance, ch. 5;
 * PRODUCT.md "Formulas"): mass × disposal_ef × (1 − recycling_rate).
 *   Tier 1 supplier-specific: the waste contractor's own factor for the treatment (and waste type),
 *          held for `supplier_id` and accepted only if supplier-specific
 *   Tier 2 waste-type-specific: `waste.<treatment>.<waste_type>`
 *   Tier 2 average-data:        `waste.<treatment>` (mixed waste)
 *   Tier 3 spend-based:         waste-service spend × EEIO factor (`eeio.naics.*`, else `spend.<sector>`)
 * `recycling_rate` (0–1, default 0) is the share of the mass diverted to recycling instead of the
 * treatment; under the GHG Protocol's cut-off approach the recycled share carries no disposal
 * emissions here (recycling processes belong to the user of the recycled material). Record
 * recycling itself with `treatment: recycling` (then recycling_rate does not apply).
 */
import { applyFactor, toFactorUnit } from '../apply-factor.ts';
import { FieldReader } from '../fields.ts';
import type { CategoryModule, Computation } from '../types.ts';
import {
  BASE_FIELDS,
  type BaseInput,
  computation,
  type Measure,
  need,
  perUnit,
  PlanBuilder,
  readBase,
  readFraction,
  readMeasure,
  readSlug,
  readSpendInput,
  SPEND_FIELDS,
  type SpendInput,
  supplierNeed,
  withSpendTier,
} from './shared.ts';

export const WASTE_TREATMENTS = ['landfill', 'incineration', 'recycling', 'composting', 'anaerobic_digestion'] as const;
export type WasteTreatment = (typeof WASTE_TREATMENTS)[number];

/** `waste.<treatment>` or, with a waste type (material), `waste.<treatment>.<waste_type>`. */
export function wasteActivity(treatment: string, wasteType?: string): string {
  return wasteType ? `waste.${treatment}.${wasteType}` : `waste.${treatment}`;
}

export interface WasteInput extends BaseInput {
  treatment: WasteTreatment | undefined;
  wasteType: string | undefined;
  mass: Measure | undefined;
  recyclingRate: number;
  spend: SpendInput;
}

const FIELDS = [...BASE_FIELDS, 'treatment', 'waste_type', 'mass', 'mass_unit', 'recycling_rate', ...SPEND_FIELDS];

export const waste: CategoryModule<WasteInput> = withSpendTier({
  category: 5,
  name: 'Waste generated in operations',
  methodVersion: '1',

  parse(raw) {
    const r = new FieldReader(raw);
    r.rejectUnknown(FIELDS);
    const base = readBase(r);
    const treatment = r.string('treatment', { oneOf: WASTE_TREATMENTS }) as WasteTreatment | undefined;
    const recyclingRate = readFraction(r, 'recycling_rate');
    if (treatment === 'recycling' && recyclingRate !== undefined)
      r.issues.push({ field: 'recycling_rate', message: 'does not apply when treatment is recycling' });
    const input: WasteInput = {
      ...base,
      treatment,
      wasteType: readSlug(r, 'waste_type'),
      mass: readMeasure(r, raw, 'mass', 'mass_unit', ['mass']),
      recyclingRate: recyclingRate ?? 0,
      spend: readSpendInput(r),
    };
    r.done();
    return input;
  },

  plan(input) {
    const { treatment: t, wasteType, mass } = input;
    const physical = t !== undefined && mass !== undefined;
    return new PlanBuilder(input)
      .when(
        physical && input.supplierId !== undefined,
        1,
        'supplier_specific',
        () => [supplierNeed('waste_factor', wasteActivity(t!, wasteType), input)],
        'needs supplier_id (the waste contractor), treatment, mass and mass_unit',
      )
      .when(
        physical && wasteType !== undefined,
        2,
        'waste_type_specific',
        () => [need('waste_factor', wasteActivity(t!, wasteType), input)],
        'needs treatment, waste_type, mass and mass_unit',
      )
      .when(
        physical,
        2,
        'average_data',
        () => [need('waste_factor', wasteActivity(t!), input)],
        'needs treatment, mass and mass_unit',
        // With a waste type, the treatment's average stands in for the type's own factor.
        wasteType !== undefined ? 'waste_type_specific' : undefined,
      )
      .done();
  },

  compute(input, _plan, factors, ctx): Computation {
    const f = factors.get('waste_factor')!;
    const mass = toFactorUnit(input.mass!.value, input.mass!.unit, f, 'mass_unit');
    // mass × disposal_ef × (1 − recycling_rate)
    const disposed = mass * (1 - input.recyclingRate);
    return computation(applyFactor(disposed, f, ctx), {
      treatment: input.treatment!,
      ...(input.wasteType ? { waste_type: input.wasteType } : {}),
      mass,
      mass_unit: perUnit(f),
      recycling_rate: input.recyclingRate,
      disposed_mass: disposed,
    });
  },
});
