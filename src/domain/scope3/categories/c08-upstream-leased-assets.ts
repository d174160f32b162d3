/**
 * Category 8 — Upstream leased assets (GHG Protocol Scope 3 Technical Guidance, ch. 8; PRODUCT.md
 * "Formulas"). The same module is category 13, downstream leased assets (c13-downstream-leased-assets.ts).
 *   Tier 1 asset-specific: Σ energy × ef over the asset's metered energy and fuels,
 *          `energy: [{ type, quantity, unit }]`: electricity → `electricity.grid` (record's
 *          region), district_heat → `heat.district`, steam → `heat.steam`, district_cooling →
 *          `cooling.district`, any other type → `fuel.<type>` (e.g. `fuel.natural_gas`)
 *   Tier 2 average-data (area): floor_area × intensity × lease_fraction × ef
 *          - `energy_intensity` given (kWh per m² per year, taken as electricity): ef =
 *            `electricity.grid`
 *          - else `building_type`: intensity × ef as one factor, `building.<type>` (kg CO2e per m²
 *            and year)
 *   Tier 3 spend-based (category 8 only): lease payments × EEIO factor (`eeio.naics.*`, else
 *          `spend.<sector>`); a lessor's lease income is no measure of the asset's emissions.
 * `lease_fraction` (0–1, default 1) is the share of the reporting year the asset was leased;
 * floor_area is the leased area. Metered energy is already for the lease period and is not scaled.
 */
import { FieldReader } from '../fields.ts';
import type { CategoryModule, Computation } from '../types.ts';
import {
  AREA_FIELDS,
  BASE_FIELDS,
  type BaseInput,
  computeBuildingArea,
  computeEnergy,
  computeIntensityArea,
  type EnergyItem,
  energyNeeds,
  type FloorArea,
  need,
  PlanBuilder,
  readBase,
  readEnergyItems,
  readFloorArea,
  readFraction,
  readSpendInput,
  SPEND_FIELDS,
  type SpendInput,
  withSpendTier,
} from './shared.ts';

export interface LeasedAssetsInput extends BaseInput {
  energy: EnergyItem[] | undefined;
  area: FloorArea;
  /** kWh per m² per year. */
  energyIntensity: number | undefined;
  leaseFraction: number;
  spend: SpendInput | undefined;
}

/** The leased-assets module for category 8 (the company is the lessee; with a spend method) or 13 (the lessor). */
export function leasedAssetsModule(category: 8 | 13, name: string, withSpend: boolean): CategoryModule<LeasedAssetsInput> {
  const fields = [...BASE_FIELDS, 'energy', ...AREA_FIELDS, 'energy_intensity', 'lease_fraction', ...(withSpend ? SPEND_FIELDS : [])];
  const module: CategoryModule<LeasedAssetsInput> = {
    category,
    name,
    methodVersion: '1',

    parse(raw) {
      const r = new FieldReader(raw);
      r.rejectUnknown(fields);
      const input: LeasedAssetsInput = {
        ...readBase(r),
        energy: readEnergyItems(r, raw),
        area: readFloorArea(r, raw),
        energyIntensity: r.number('energy_intensity', { exclusiveMin: true, max: 100_000 }),
        leaseFraction: readFraction(r, 'lease_fraction', true) ?? 1,
        spend: withSpend ? readSpendInput(r) : undefined,
      };
      r.done();
      return input;
    },

    plan(input) {
      const { energy, area } = input;
      const pb = new PlanBuilder(input).when(
        energy !== undefined,
        1,
        'asset_specific',
        () => energyNeeds(energy!, input),
        'needs energy (metered energy and fuel use)',
      );
      if (area.area && input.energyIntensity !== undefined) pb.add(2, 'area_based', [need('grid_factor', 'electricity.grid', input)]);
      if (area.area && area.buildingType) pb.add(2, 'area_based_building', [need('building_factor', `building.${area.buildingType}`, input)]);
      if (!pb.plans.some((p) => p.tier === 2)) pb.decline(2, 'area_based', 'needs floor_area and area_unit with energy_intensity or building_type');
      return pb.done();
    },

    compute(input, plan, factors, ctx): Computation {
      if (plan.method === 'asset_specific') return computeEnergy(input.energy!, factors, ctx);
      const lease = { name: 'lease_fraction', value: input.leaseFraction };
      if (plan.method === 'area_based_building') return computeBuildingArea(input.area, factors, ctx, lease);
      return computeIntensityArea(input.area, input.energyIntensity!, factors, ctx, lease);
    },
  };
  return withSpend ? withSpendTier(module) : module;
}

export const upstreamLeasedAssets = leasedAssetsModule(8, 'Upstream leased assets', true);
