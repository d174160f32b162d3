/**
 * Category 11 — Use of sold products (GHG Protocol Scope 3 Technical Guidance, ch. 11, direct
 * use-phase emissions; PRODUCT.md "Formulas"). Tier 2 average-data (product specification ×
 * average factors); the total lifetime emissions of the products sold in the reporting year are
 * reported in that year (GHG Protocol). No supplier or spend tiers: use-phase emissions come from
 * the product's specification.
 *
 * use_phase — ch. 11, "Calculation method for direct use-phase emissions from products that
 * directly consume energy (fuels or electricity) during use": Σ total lifetime expected uses ×
 * (fuel per use × fuel ef + electricity per use × electricity ef). A use is either a year of use
 * or one use as the product counts them (a wash, a charge, an hour, a km):
 *   per year:  units × lifetime_years × (energy_per_year × grid_ef + fuel_per_year × fuel_ef)
 *   per use:   units × lifetime_uses × (energy_per_use × grid_ef + fuel_per_use × fuel_ef)
 *   A record may give both (e.g. electricity per wash, and standby electricity per year): the
 *   terms add up. grid_ef = `electricity.grid` for the record's region (where the products are
 *   used); fuel_ef = `fuel.<fuel_type>` (one fuel per record, per year and per use alike).
 *   `lifetime_uses` is at most 1e7 uses per product (thirty years of hourly use is 262,800; a
 *   lift's trips over its life some millions).
 *
 * Emissions per use (`use_profile`): when the guidance gives the product's emissions per use
 * rather than its energy (Example [11.3]: kg CO2e per km flown), factor `use_phase.<use_profile>`
 * in kg CO2e per one use, a use counted in `lifetime_uses_unit` (km, hour, item…; default `unit`,
 * a plain count): units × lifetime_uses × ef — a per-use term like the energy and fuel ones.
 *
 * Use scenarios (ch. 11, formula [11.4], indirect use-phase emissions, Example [11.2]):
 * `scenario_share` (0–1) is the share of the lifetime uses in this scenario (e.g. washes at 30 °C),
 * one record per scenario; it multiplies every per-use term:
 *   units × lifetime_uses × scenario_share × (energy_per_use × grid_ef + …)
 *
 * use_phase_intermediate — intermediate products (`intermediate: true`; ch. 11 and Scope 3
 * Standard 5.6: a part sold into a final product that directly consumes energy, e.g. an engine or
 * a motor): Σ intermediate products sold × emissions per use of the final product × lifetime uses
 * of the final product × the intermediate product's share:
 *   units × (lifetime_uses × per-use emissions and/or lifetime_years × per-year emissions) × share
 *   where the energy and fuel fields describe the final product, and `allocation` (allocation.ts:
 *   units, mass, economic or a stated share) gives the intermediate product's share of the final
 *   product's use-phase emissions. Without `allocation` the share is 1: the intermediate product
 *   is what consumes the energy (an engine in a car). `allocation` without `intermediate: true`
 *   is refused (a final product's emissions are all its own).
 */
import { MAX_COUNT } from '../../plausible-bounds.ts';
import { canonicalUnit } from '../../units.ts';
import { FieldReader } from '../fields.ts';
import type { CalculationWarning, CategoryModule, Computation, FactorNeed } from '../types.ts';
import { type Allocation, allocationInputs, readAllocation } from './allocation.ts';
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
  readMeasure,
  readSlug,
  sumProducts,
} from './shared.ts';

/** The most uses one product may be given over its life (`lifetime_uses`). */
export const MAX_LIFETIME_USES = 1e7;
/** Bases an intermediate product's share of the final product's use may be measured by. */
export const INTERMEDIATE_ALLOCATION_BASES = ['units', 'mass', 'economic', 'share'] as const;

export interface UseOfSoldProductsInput extends BaseInput {
  units: number;
  lifetimeYears: number | undefined;
  lifetimeUses: number | undefined;
  energyPerYear: Measure | undefined;
  energyPerUse: Measure | undefined;
  fuel: { type: string; perYear: Measure | undefined; perUse: Measure | undefined } | undefined;
  intermediate: boolean;
  allocation: Allocation | undefined;
  /** Share of the lifetime uses in this use scenario (formula [11.4]); undefined = all of them. */
  scenarioShare: number | undefined;
  /** Factor `use_phase.<useProfile>`: kg CO2e per use, a use counted in `useUnit`. */
  useProfile: string | undefined;
  useUnit: string;
}

const FIELDS = [
  ...BASE_FIELDS,
  'units',
  'lifetime_years',
  'energy_per_year',
  'energy_unit',
  'fuel_type',
  'fuel_per_year',
  'fuel_unit',
  'lifetime_uses',
  'energy_per_use',
  'energy_per_use_unit',
  'fuel_per_use',
  'fuel_per_use_unit',
  'intermediate',
  'allocation',
  'scenario_share',
  'use_profile',
  'lifetime_uses_unit',
];

const FUEL_DIMS = ['volume', 'mass', 'energy'] as const;

export const useOfSoldProducts: CategoryModule<UseOfSoldProductsInput> = {
  category: 11,
  name: 'Use of sold products',
  methodVersion: '1',

  parse(raw) {
    const r = new FieldReader(raw);
    r.rejectUnknown(FIELDS);
    const base = readBase(r);
    const units = r.number('units', { required: true, exclusiveMin: true, max: MAX_COUNT.units });
    const perYearGiven = r.has('energy_per_year') || r.has('fuel_per_year');
    const perUseGiven = r.has('energy_per_use') || r.has('fuel_per_use') || r.has('use_profile');
    // lifetime_years is required unless the record counts its lifetime in uses only.
    const yearsRequired = perYearGiven || !(perUseGiven || r.has('lifetime_uses'));
    if (yearsRequired && !r.has('lifetime_years'))
      r.issues.push({ field: 'lifetime_years', message: perYearGiven ? 'is required with energy_per_year or fuel_per_year' : 'is required' });
    const lifetimeYears = r.number('lifetime_years', { exclusiveMin: true, max: 100 });
    if (perUseGiven && !r.has('lifetime_uses'))
      r.issues.push({
        field: 'lifetime_uses',
        message: r.has('energy_per_use') || r.has('fuel_per_use') ? 'is required with energy_per_use or fuel_per_use' : 'is required with use_profile',
      });
    const lifetimeUses = r.number('lifetime_uses', { exclusiveMin: true, max: MAX_LIFETIME_USES });
    const energyPerYear = readMeasure(r, raw, 'energy_per_year', 'energy_unit', ['energy']);
    const energyPerUse = readMeasure(r, raw, 'energy_per_use', 'energy_per_use_unit', ['energy']);
    const fuelType = readSlug(r, 'fuel_type');
    const fuelPerYear = readMeasure(r, raw, 'fuel_per_year', 'fuel_unit', FUEL_DIMS);
    const fuelPerUse = readMeasure(r, raw, 'fuel_per_use', 'fuel_per_use_unit', FUEL_DIMS);
    if ((fuelPerYear || fuelPerUse) && fuelType === undefined && !r.has('fuel_type'))
      r.issues.push({ field: 'fuel_type', message: `is required with ${fuelPerYear ? 'fuel_per_year' : 'fuel_per_use'}` });
    if (fuelType !== undefined && !r.has('fuel_per_year') && !r.has('fuel_per_use'))
      r.issues.push({ field: 'fuel_per_year', message: 'is required with fuel_type (or fuel_per_use)' });
    const scenarioShare = readFraction(r, 'scenario_share', true);
    if (r.has('scenario_share') && !perUseGiven)
      r.issues.push({ field: 'scenario_share', message: 'is a share of the lifetime uses: give it with energy_per_use, fuel_per_use or use_profile' });
    const useProfile = readSlug(r, 'use_profile');
    const useUnitRaw = r.string('lifetime_uses_unit', { maxLength: 40 });
    const useUnit = useUnitRaw === undefined ? undefined : canonicalUnit(useUnitRaw);
    if (useUnitRaw !== undefined && useUnit === null) r.issues.push({ field: 'lifetime_uses_unit', message: `unknown unit "${useUnitRaw}"` });
    if (r.has('lifetime_uses_unit') && !r.has('use_profile'))
      r.issues.push({ field: 'lifetime_uses_unit', message: 'goes with use_profile (its factor is per use in this unit)' });
    const intermediate = r.boolean('intermediate') ?? false;
    const allocation = readAllocation(r, raw, INTERMEDIATE_ALLOCATION_BASES);
    if (r.has('allocation') && !intermediate)
      r.issues.push({
        field: 'allocation',
        message: "applies only to intermediate products (intermediate: true): a final product's use-phase emissions are all its own",
      });
    r.done();
    return {
      ...base,
      units: units!,
      lifetimeYears,
      lifetimeUses,
      energyPerYear,
      energyPerUse,
      fuel: fuelType && (fuelPerYear || fuelPerUse) ? { type: fuelType, perYear: fuelPerYear, perUse: fuelPerUse } : undefined,
      intermediate,
      allocation,
      scenarioShare,
      useProfile,
      useUnit: useUnit ?? 'unit',
    };
  },

  plan(input) {
    const needs: FactorNeed[] = [];
    if (input.energyPerYear || input.energyPerUse) needs.push(need('grid_factor', 'electricity.grid', input));
    if (input.fuel) needs.push(need('fuel_factor', `fuel.${input.fuel.type}`, input));
    if (input.useProfile) needs.push(need('use_factor', `use_phase.${input.useProfile}`, input));
    const reason =
      'needs energy_per_year and energy_unit, or fuel_type with fuel_per_year and fuel_unit (with lifetime_years); or energy_per_use, fuel_per_use or use_profile (with lifetime_uses)';
    return new PlanBuilder(input).when(needs.length > 0, 2, input.intermediate ? 'use_phase_intermediate' : 'use_phase', () => needs, reason).done();
  },

  compute(input, _plan, factors, ctx): Computation {
    const share = input.allocation?.share ?? 1;
    const inputsUsed: Computation['inputsUsed'] = { units: input.units };
    const warnings: CalculationWarning[] = [];
    const parts = [];
    const perYear = input.energyPerYear !== undefined || input.fuel?.perYear !== undefined;
    const perUse = input.energyPerUse !== undefined || input.fuel?.perUse !== undefined || input.useProfile !== undefined;
    if (input.lifetimeYears !== undefined) {
      if (perYear) inputsUsed.lifetime_years = input.lifetimeYears;
      else warnings.push(inputNotUsed('lifetime_years', 'no energy_per_year or fuel_per_year to multiply it by'));
    }
    if (input.lifetimeUses !== undefined) {
      if (perUse) inputsUsed.lifetime_uses = input.lifetimeUses;
      else warnings.push(inputNotUsed('lifetime_uses', 'no energy_per_use or fuel_per_use to multiply it by'));
    }
    // The products' lifetime years (or uses) in all; for an intermediate product, × its share.
    // (parse requires lifetime_years with a per-year term and lifetime_uses with a per-use term)
    const years = perYear ? input.units * input.lifetimeYears! * (input.intermediate ? share : 1) : 0;
    // (and, for one use scenario, × its share of the uses)
    let uses = perUse ? input.units * input.lifetimeUses! * (input.intermediate ? share : 1) : 0;
    if (input.scenarioShare !== undefined) {
      uses *= input.scenarioShare;
      inputsUsed.scenario_share = input.scenarioShare;
    }
    if (input.energyPerYear) {
      const f = factors.get('grid_factor')!;
      // units × kWh/yr × lifespan × grid_ef
      const e = measured(input.energyPerYear, f, ctx, 'energy_unit', years);
      parts.push(e.product);
      Object.assign(inputsUsed, { energy: e.amount, energy_unit: perUnit(f) });
    }
    if (input.fuel?.perYear) {
      const f = factors.get('fuel_factor')!;
      // units × fuel/yr × lifespan × fuel_ef
      const e = measured(input.fuel.perYear, f, ctx, 'fuel_unit', years);
      parts.push(e.product);
      Object.assign(inputsUsed, { fuel_type: input.fuel.type, fuel: e.amount, fuel_unit: perUnit(f) });
    }
    if (input.energyPerUse) {
      const f = factors.get('grid_factor')!;
      // units × lifetime uses × kWh/use × grid_ef
      const e = measured(input.energyPerUse, f, ctx, 'energy_per_use_unit', uses);
      parts.push(e.product);
      Object.assign(inputsUsed, { use_energy: e.amount, use_energy_unit: perUnit(f) });
    }
    if (input.fuel?.perUse) {
      const f = factors.get('fuel_factor')!;
      // units × lifetime uses × fuel/use × fuel_ef
      const e = measured(input.fuel.perUse, f, ctx, 'fuel_per_use_unit', uses);
      parts.push(e.product);
      Object.assign(inputsUsed, { fuel_type: input.fuel.type, use_fuel: e.amount, use_fuel_unit: perUnit(f) });
    }
    if (input.useProfile) {
      const f = factors.get('use_factor')!;
      // units × lifetime uses × emissions per use (use_phase.<use_profile>)
      const e = measured({ value: 1, unit: input.useUnit }, f, ctx, 'lifetime_uses_unit', uses);
      parts.push(e.product);
      Object.assign(inputsUsed, { use_profile: input.useProfile, uses: e.amount, uses_unit: perUnit(f) });
    }
    if (input.intermediate) {
      inputsUsed.intermediate = true;
      if (input.allocation) Object.assign(inputsUsed, allocationInputs(input.allocation));
    }
    return computation(sumProducts(parts), inputsUsed, warnings);
  },
};
