/**
 * Category 8 — Upstream leased assets (GHG Protocol Scope 3 Technical Guidance, ch. 8; PRODUCT.md
 * "Formulas"). The same module is category 13, downstream leased assets (c13-downstream-leased-assets.ts),
 * with the lessee in place of the lessor.
 *   Tier 1 asset-specific (guidance formula [8.1], "asset-specific method"): Σ energy × ef over the
 *          asset's metered energy and fuels, `energy: [{ type, quantity, unit }]`: electricity →
 *          `electricity.grid` (record's region), district_heat → `heat.district`, steam →
 *          `heat.steam`, district_cooling → `cooling.district`, any other type → `fuel.<type>`
 *          (e.g. `fuel.natural_gas`);
 *          + Σ refrigerant lost × GWP (`refrigerants`, fugitive.ts: the guidance's asset-specific
 *            method includes the asset's fugitive emissions; no factor, the GWP set's values);
 *          × allocation share when `allocation` is given: `energy` and `refrigerants` are then the
 *            whole shared building's (not separately metered), and share = own ÷ total (`area`,
 *            `volume`), own_area ÷ (total_area × occupancy_rate) (`area_occupancy`), or a stated
 *            `share` (allocation.ts; recorded in inputsUsed, with `unallocated_kgco2e`).
 *   Tier 1 reported emissions (guidance ch. 8 "lessor-specific method"; ch. 13 "lessee-specific
 *          method"): (`reported_scope1_kgco2e` + `reported_scope2_kgco2e`, kg CO2e: the lessor's
 *          (cat 8) or lessee's (cat 13) reported scope 1 and 2) × allocation share × lease_fraction.
 *          (or `reported_scope1_2_kgco2e`, the two combined, where only that is reported: the
 *          guidance's ch. 13 worked example). `allocation` is required with them (they are the whole company's; a stated share of 1
 *          when they are the asset's own, which the guidance counts as asset-specific data). After
 *          the asset-specific method: the asset's own meters are more specific than a company's
 *          total allocated to it (the guidance lists asset-specific first); preferred over the
 *          average-data estimates.
 *   Tier 2 average-data (area): floor_area × intensity × lease_fraction × ef
 *          - `energy_intensity` given (kWh per m² per year, taken as electricity): ef =
 *            `electricity.grid`
 *          - else `building_type`: intensity × ef as one factor, `building.<type>` (kg CO2e per m²
 *            and year)
 *          + Σ refrigerant lost × GWP (× allocation share when given; floor_area is the leased
 *            area itself, so the area estimate is not allocated).
 *   Tier 3 spend-based (category 8 only): lease payments × EEIO factor (`eeio.naics.*`, else
 *          `spend.<sector>`); a lessor's lease income is no measure of the asset's emissions.
 * `lease_fraction` (0–1, default 1) is the share of the reporting year the asset was leased;
 * floor_area is the leased area. Metered energy (and lease payments) are already for the lease
 * period and are not scaled; reported scope 1 and 2 are the company's year, so they are.
 * Inputs a chosen method cannot use are named in INPUT_NOT_USED warnings: lease_fraction with
 * metered energy or spend; the reported emissions when the asset-specific method is used (they
 * would count the same emissions twice); refrigerants with reported emissions (scope 1 includes
 * fugitive emissions) or spend; allocation with an area method without refrigerants, or spend.
 */
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
  AREA_FIELDS,
  BASE_FIELDS,
  type BaseInput,
  computeBuildingArea,
  computeEnergy,
  computeIntensityArea,
  type EnergyItem,
  energyNeeds,
  type FloorArea,
  inputNotUsed,
  isSpendPlan,
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
  /** Whether the record gave lease_fraction (the metered-energy and spend methods warn that they do not use it). */
  leaseFractionGiven: boolean;
  spend: SpendInput | undefined;
  /** The leased asset's share of a shared whole: the metered energy and refrigerants, or the reported scope 1 and 2. */
  allocation: Allocation | undefined;
  refrigerants: RefrigerantLoss[] | undefined;
  /** The lessor's (cat 8) or lessee's (cat 13) reported scope 1 and 2. */
  reported: ReportedScope12 | undefined;
}

const REPORTED_COMBINED = REPORTED_ANY_FIELDS[2];

export const LEASED_ASSET_NEW_FIELDS = ['allocation', 'refrigerants', ...REPORTED_ANY_FIELDS] as const;

/** The leased-assets module for category 8 (the company is the lessee; with a spend method) or 13 (the lessor). */
export function leasedAssetsModule(category: 8 | 13, name: string, withSpend: boolean): CategoryModule<LeasedAssetsInput> {
  const fields = [
    ...BASE_FIELDS,
    'energy',
    ...AREA_FIELDS,
    'energy_intensity',
    'lease_fraction',
    ...LEASED_ASSET_NEW_FIELDS,
    ...(withSpend ? SPEND_FIELDS : []),
  ];
  /** Whose reported scope 1 and 2 the record gives. */
  const party = category === 8 ? 'lessor' : 'lessee';
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
        leaseFractionGiven: r.has('lease_fraction'),
        spend: withSpend ? readSpendInput(r) : undefined,
        allocation: readAllocation(r, raw, SHARED_ASSET_BASES),
        refrigerants: readRefrigerants(r, raw),
        reported: readReportedScope12(r),
      };
      if (REPORTED_ANY_FIELDS.some((f) => r.has(f)) && !r.has('allocation'))
        r.issues.push({
          field: 'allocation',
          message: `is required with ${(r.has(REPORTED_COMBINED) ? [REPORTED_COMBINED] : REPORTED_FIELDS).join(' and ')}: they are the ${party}'s whole scope 1 and 2; give the leased asset's share (basis share with share 1 when they are the asset's alone)`,
        });
      r.done();
      return input;
    },

    plan(input) {
      const { energy, area } = input;
      const pb = new PlanBuilder(input)
        .when(energy !== undefined, 1, 'asset_specific', () => energyNeeds(energy!, input), 'needs energy (metered energy and fuel use)')
        .when(
          input.reported !== undefined,
          1,
          'reported_emissions',
          () => [],
          `needs ${REPORTED_FIELDS.join(', ')} and allocation (the ${party}'s reported scope 1 and 2 and the leased asset's share)`,
        );
      if (area.area && input.energyIntensity !== undefined) pb.add(2, 'area_based', [need('grid_factor', 'electricity.grid', input)]);
      if (area.area && area.buildingType) pb.add(2, 'area_based_building', [need('building_factor', `building.${area.buildingType}`, input)]);
      if (!pb.plans.some((p) => p.tier === 2)) pb.decline(2, 'area_based', 'needs floor_area and area_unit with energy_intensity or building_type');
      return pb.done();
    },

    compute(input, plan, factors, ctx): Computation {
      const warnings: CalculationWarning[] = [];
      if (plan.method === 'asset_specific') {
        if (input.leaseFractionGiven)
          warnings.push(inputNotUsed('lease_fraction', "metered energy is already the lease period's, so it is not scaled by the share of the year leased"));
        if (input.reported)
          for (const f of reportedFields(input.reported))
            warnings.push(
              inputNotUsed(
                f,
                `the asset-specific method (metered energy) is used; adding the ${party}'s reported emissions would count the same emissions twice`,
              ),
            );
        // (Σ energy × ef + Σ refrigerant lost × GWP) × allocation share
        return withFugitiveAndShare(computeEnergy(input.energy!, factors, ctx), input.refrigerants, input.allocation, ctx, 'whole', warnings);
      }
      const lease = { name: 'lease_fraction', value: input.leaseFraction };
      if (plan.method === 'reported_emissions') {
        if (input.refrigerants) warnings.push(inputNotUsed('refrigerants', `the ${party}'s reported scope 1 already includes its fugitive emissions`));
        // (scope 1 + scope 2) × allocation share × lease_fraction
        return computeReported(input.reported!, input.allocation, warnings, lease);
      }
      if (input.allocation && !input.refrigerants)
        warnings.push(
          inputNotUsed(
            'allocation',
            'floor_area is already the leased area, so the area-based estimate is not allocated (allocation shares metered energy, refrigerants or reported emissions)',
          ),
        );
      const c =
        plan.method === 'area_based_building'
          ? computeBuildingArea(input.area, factors, ctx, lease)
          : computeIntensityArea(input.area, input.energyIntensity!, factors, ctx, lease);
      // area estimate + Σ refrigerant lost × GWP (× allocation share)
      return withFugitiveAndShare(c, input.refrigerants, input.allocation, ctx, 'fugitive_only', warnings);
    },
  };
  if (!withSpend) return module;
  const spendModule = withSpendTier(module);
  return {
    ...spendModule,
    compute(input, plan, factors, ctx) {
      const c = spendModule.compute(input, plan, factors, ctx);
      if (!(input.spend && isSpendPlan(plan))) return c;
      const warnings: CalculationWarning[] = [];
      if (input.leaseFractionGiven) warnings.push(inputNotUsed('lease_fraction', "lease payments are already the lease period's, so they are not scaled"));
      if (input.allocation)
        warnings.push(inputNotUsed('allocation', "lease payments are the company's own; the spend-based method has no shared whole to allocate"));
      if (input.refrigerants)
        warnings.push(
          inputNotUsed('refrigerants', "the spend-based method's EEIO factor is a sector average; measured refrigerant losses are not added to it"),
        );
      return warnings.length === 0 ? c : { ...c, warnings: [...(c.warnings ?? []), ...warnings] };
    },
  };
}

export const upstreamLeasedAssets = leasedAssetsModule(8, 'Upstream leased assets', true);
