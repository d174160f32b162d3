/**
 * Category 14 — Franchises (GHG Protocol Scope 3 Technical Guidance, ch. 14; PRODUCT.md
 * "Formulas": franchise area or count based). For franchisors; one record per franchise or group.
 *   Tier 1 franchise-specific (guidance ch. 14 "franchise-specific method", from activity data):
 *          Σ energy × ef of the franchisees' scope 1 and 2 energy use, `energy: [{ type, quantity,
 *          unit }]` with the activity keys of categories 8/13 (`electricity.grid`, `heat.district`,
 *          `heat.steam`, `cooling.district`, `fuel.<type>`)
 *          + Σ refrigerant lost × GWP (`refrigerants`, fugitive.ts: a franchise's scope 1 includes
 *            its fugitive emissions — refrigeration and air conditioning in restaurants and shops)
 *          × allocation share when `allocation` is given (a franchise in a shared building that is
 *            not separately metered: `energy` and `refrigerants` are the building's; `area`,
 *            `area_occupancy`, `volume` or a stated `share`, allocation.ts)
 *   Tier 1 reported emissions (guidance ch. 14 "franchise-specific method", from the franchisees'
 *          scope 1 and 2 emissions data): (`reported_scope1_kgco2e` + `reported_scope2_kgco2e`,
 *          kg CO2e, or `reported_scope1_2_kgco2e` combined) × allocation share (default 1: a franchisee's scope 1 and 2 are the franchise's;
 *          give `allocation` when the franchisee also runs other business). After the metered
 *          method (the franchisor applies its own factors to the franchise's meters), before the
 *          average-data estimates.
 *   Tier 2 average-data, area:  floor_area × energy_intensity (kWh per m² and year, taken as
 *          electricity) × `electricity.grid` (`area_based_intensity`; needs no type factor), else
 *          floor_area × `building.<franchise_type>` (kg CO2e per m² and year, `area_based`);
 *          + Σ refrigerant lost × GWP (× allocation share when given; floor_area is the
 *          franchise's own, so the area estimate is not allocated)
 *   Tier 2 average-data, count: count × `franchise.<franchise_type>` (kg CO2e per franchise and year)
 * No spend-based tier: royalties received say nothing about a franchise's energy use.
 * Inputs a chosen method cannot use are named in INPUT_NOT_USED warnings: the reported emissions
 * when the metered method is used; refrigerants with reported emissions (scope 1 includes them) or
 * the count method (an average franchise's emissions may include them); allocation with an area
 * method without refrigerants, or the count method.
 */
import { MAX_COUNT } from '../../plausible-bounds.ts';
import { FieldReader } from '../fields.ts';
import type { CalculationWarning, CategoryModule, Computation } from '../types.ts';
import { type Allocation, readAllocation } from './allocation.ts';
import { type RefrigerantLoss, readRefrigerants } from './fugitive.ts';
import {
  computeReported,
  REPORTED_ANY_FIELDS,
  REPORTED_FIELDS,
  type ReportedScope12,
  readReportedScope12,
  reportedFields,
  SHARED_ASSET_BASES,
  withFugitiveAndShare,
} from './reported-scope12.ts';
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
  inputNotUsed,
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
  /** The franchise's share of a shared whole: the metered energy and refrigerants, or the franchisee's reported scope 1 and 2. */
  allocation: Allocation | undefined;
  refrigerants: RefrigerantLoss[] | undefined;
  /** The franchisee's reported scope 1 and 2. */
  reported: ReportedScope12 | undefined;
}

const FIELDS = [
  ...BASE_FIELDS,
  'energy',
  'floor_area',
  'area_unit',
  'franchise_type',
  'energy_intensity',
  'count',
  'allocation',
  'refrigerants',
  ...REPORTED_ANY_FIELDS,
];

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
      allocation: readAllocation(r, raw, SHARED_ASSET_BASES),
      refrigerants: readRefrigerants(r, raw),
      reported: readReportedScope12(r),
    };
    r.done();
    return input;
  },

  plan(input) {
    const { energy, area, count } = input;
    const type = area.buildingType;
    return new PlanBuilder(input)
      .when(energy !== undefined, 1, 'franchise_specific', () => energyNeeds(energy!, input), "needs energy (the franchisees' metered energy and fuel use)")
      .when(input.reported !== undefined, 1, 'reported_emissions', () => [], `needs ${REPORTED_FIELDS.join(' and ')} (the franchisee's reported scope 1 and 2)`)
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
    const warnings: CalculationWarning[] = [];
    if (plan.method === 'franchise_specific') {
      if (input.reported)
        for (const f of reportedFields(input.reported))
          warnings.push(
            inputNotUsed(
              f,
              "the franchise-specific method (metered energy) is used; adding the franchisee's reported emissions would count the same emissions twice",
            ),
          );
      // (Σ energy × ef + Σ refrigerant lost × GWP) × allocation share
      return withFugitiveAndShare(computeEnergy(input.energy!, factors, ctx), input.refrigerants, input.allocation, ctx, 'whole', warnings);
    }
    if (plan.method === 'reported_emissions') {
      if (input.refrigerants) warnings.push(inputNotUsed('refrigerants', "the franchisee's reported scope 1 already includes its fugitive emissions"));
      // (scope 1 + scope 2) × allocation share
      return computeReported(input.reported!, input.allocation, warnings);
    }
    if (plan.method === 'count_based') {
      if (input.refrigerants)
        warnings.push(
          inputNotUsed(
            'refrigerants',
            'the count-based factor is an average franchise’s whole emissions, which may include refrigerant losses; they are not added twice',
          ),
        );
      if (input.allocation) warnings.push(inputNotUsed('allocation', 'count × emissions per franchise has no shared whole to allocate'));
      // count × average emissions per franchise
      const { amount, product } = measured({ value: input.count!, unit: 'item' }, factors.get('franchise_factor')!, ctx, 'count');
      return computation(product, { count: amount, franchise_type: input.area.buildingType! }, warnings);
    }
    if (input.allocation && !input.refrigerants)
      warnings.push(
        inputNotUsed(
          'allocation',
          "floor_area is already the franchise's own, so the area-based estimate is not allocated (allocation shares metered energy, refrigerants or reported emissions)",
        ),
      );
    const c =
      plan.method === 'area_based_intensity'
        ? computeIntensityArea(input.area, input.energyIntensity!, factors, ctx)
        : computeBuildingArea(input.area, factors, ctx);
    // area estimate + Σ refrigerant lost × GWP (× allocation share)
    return withFugitiveAndShare(c, input.refrigerants, input.allocation, ctx, 'fugitive_only', warnings);
  },
};
