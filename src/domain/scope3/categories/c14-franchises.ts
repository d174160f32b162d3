/**
 * Category 14 — Franchises (GHG Protocol Scope 3 Technical Guidance, ch. 14; PRODUCT.md
 * "Formulas": franchise area or count based). For franchisors; one record per franchise or group.
 *   Tier 1 franchise-specific: Σ energy × ef of the franchisees' scope 1 and 2 energy use,
 *          `energy: [{ type, quantity, unit }]` with the activity keys of categories 8/13
 *          (`electricity.grid`, `heat.district`, `heat.steam`, `cooling.district`, `fuel.<type>`)
 *   Tier 2 average-data, area:  floor_area × energy_intensity (kWh per m² and year, taken as
 *          electricity) × `electricity.grid` (`area_based_intensity`; needs no type factor), else
 *          floor_area × `building.<franchise_type>` (kg CO2e per m² and year, `area_based`)
 *   Tier 2 average-data, count: count × `franchise.<franchise_type>` (kg CO2e per franchise and year)
 * No spend-based tier: royalties received say nothing about a franchise's energy use.
 */
import { MAX_COUNT } from '../../plausible-bounds.ts';
import { FieldReader } from '../fields.ts';
import type { CategoryModule, Computation } from '../types.ts';
import {
  BASE_FIELDS,
  type BaseInput,
  computation,
  computeBuildingArea,
  computeEnergy,
  computeIntensityArea,
  type EnergyItem,
  energyNeeds,
  type FloorArea,
  measured,
  need,
  PlanBuilder,
  readBase,
  readEnergyItems,
  readFloorArea,
} from './shared.ts';

export interface FranchisesInput extends BaseInput {
  energy: EnergyItem[] | undefined;
  area: FloorArea;
  /** kWh per m² per year. */
  energyIntensity: number | undefined;
  count: number | undefined;
}

const FIELDS = [...BASE_FIELDS, 'energy', 'floor_area', 'area_unit', 'franchise_type', 'energy_intensity', 'count'];

export const franchises: CategoryModule<FranchisesInput> = {
  category: 14,
  name: 'Franchises',
  methodVersion: '1',

  parse(raw) {
    const r = new FieldReader(raw);
    r.rejectUnknown(FIELDS);
    const input: FranchisesInput = {
      ...readBase(r),
      energy: readEnergyItems(r, raw),
      area: readFloorArea(r, raw, 'franchise_type'),
      energyIntensity: r.number('energy_intensity', { exclusiveMin: true, max: 100_000 }),
      count: r.number('count', { exclusiveMin: true, max: MAX_COUNT.franchises }),
    };
    r.done();
    return input;
  },

  plan(input) {
    const { energy, area, count } = input;
    const type = area.buildingType;
    return new PlanBuilder(input)
      .when(energy !== undefined, 1, 'franchise_specific', () => energyNeeds(energy!, input), "needs energy (the franchisees' metered energy and fuel use)")
      .when(
        area.area !== undefined && input.energyIntensity !== undefined,
        2,
        'area_based_intensity',
        () => [need('grid_factor', 'electricity.grid', input)],
        'needs floor_area, area_unit and energy_intensity',
      )
      .when(
        area.area !== undefined && type !== undefined,
        2,
        'area_based',
        () => [need('building_factor', `building.${type}`, input)],
        'needs floor_area, area_unit and franchise_type',
      )
      .when(
        count !== undefined && type !== undefined,
        2,
        'count_based',
        () => [need('franchise_factor', `franchise.${type}`, input)],
        'needs count and franchise_type',
      )
      .done();
  },

  compute(input, plan, factors, ctx): Computation {
    if (plan.method === 'franchise_specific') return computeEnergy(input.energy!, factors, ctx);
    if (plan.method === 'area_based_intensity') return computeIntensityArea(input.area, input.energyIntensity!, factors, ctx);
    if (plan.method === 'area_based') return computeBuildingArea(input.area, factors, ctx);
    // count × average emissions per franchise
    const { amount, product } = measured({ value: input.count!, unit: 'item' }, factors.get('franchise_factor')!, ctx, 'count');
    return computation(product, { count: amount, franchise_type: input.area.buildingType! });
  },
};
