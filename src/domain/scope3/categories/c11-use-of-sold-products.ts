/**
 * Category 11 — Use of sold products (GHG Protocol Scope 3 Technical Guidance, ch. 11, direct
 * use-phase emissions; PRODUCT.md "Formulas"):
 *   electricity:  units × energy_per_year × lifetime_years × grid_ef      (`electricity.grid`,
 *                 region = the record's region, i.e. where the products are used)
 *   + direct fuel use (optional): units × fuel_per_year × lifetime_years × fuel_ef (`fuel.<fuel_type>`)
 *   Tier 2 average-data (product specification × average factors). The total lifetime emissions
 *   of the products sold in the reporting year are reported in that year (GHG Protocol).
 * No supplier or spend tiers: use-phase emissions come from the product's specification.
 */
import { MAX_COUNT } from '../../plausible-bounds.ts';
import { FieldReader } from '../fields.ts';
import type { CategoryModule, Computation, FactorNeed } from '../types.ts';
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
  readMeasure,
  readSlug,
  sumProducts,
} from './shared.ts';

export interface UseOfSoldProductsInput extends BaseInput {
  units: number;
  lifetimeYears: number;
  energyPerYear: Measure | undefined;
  fuel: { type: string; perYear: Measure } | undefined;
}

const FIELDS = [...BASE_FIELDS, 'units', 'lifetime_years', 'energy_per_year', 'energy_unit', 'fuel_type', 'fuel_per_year', 'fuel_unit'];

export const useOfSoldProducts: CategoryModule<UseOfSoldProductsInput> = {
  category: 11,
  name: 'Use of sold products',
  methodVersion: '1',

  parse(raw) {
    const r = new FieldReader(raw);
    r.rejectUnknown(FIELDS);
    const base = readBase(r);
    const units = r.number('units', { required: true, exclusiveMin: true, max: MAX_COUNT.units });
    const lifetimeYears = r.number('lifetime_years', { required: true, exclusiveMin: true, max: 100 });
    const energyPerYear = readMeasure(r, raw, 'energy_per_year', 'energy_unit', ['energy']);
    const fuelType = readSlug(r, 'fuel_type');
    const fuelPerYear = readMeasure(r, raw, 'fuel_per_year', 'fuel_unit', ['volume', 'mass', 'energy']);
    if (fuelPerYear && fuelType === undefined && !r.has('fuel_type')) r.issues.push({ field: 'fuel_type', message: 'is required with fuel_per_year' });
    if (fuelType !== undefined && !r.has('fuel_per_year')) r.issues.push({ field: 'fuel_per_year', message: 'is required with fuel_type' });
    r.done();
    return {
      ...base,
      units: units!,
      lifetimeYears: lifetimeYears!,
      energyPerYear,
      fuel: fuelPerYear && fuelType ? { type: fuelType, perYear: fuelPerYear } : undefined,
    };
  },

  plan(input) {
    const needs: FactorNeed[] = [];
    if (input.energyPerYear) needs.push(need('grid_factor', 'electricity.grid', input));
    if (input.fuel) needs.push(need('fuel_factor', `fuel.${input.fuel.type}`, input));
    return new PlanBuilder(input)
      .when(needs.length > 0, 2, 'use_phase', () => needs, 'needs energy_per_year and energy_unit, or fuel_type with fuel_per_year and fuel_unit')
      .done();
  },

  compute(input, _plan, factors, ctx): Computation {
    const lifetimeUnits = input.units * input.lifetimeYears;
    const inputsUsed: Computation['inputsUsed'] = { units: input.units, lifetime_years: input.lifetimeYears };
    const parts = [];
    if (input.energyPerYear) {
      const f = factors.get('grid_factor')!;
      // units × kWh/yr × lifespan × grid_ef
      const e = measured(input.energyPerYear, f, ctx, 'energy_unit', lifetimeUnits);
      parts.push(e.product);
      Object.assign(inputsUsed, { energy: e.amount, energy_unit: perUnit(f) });
    }
    if (input.fuel) {
      const f = factors.get('fuel_factor')!;
      // units × fuel/yr × lifespan × fuel_ef
      const e = measured(input.fuel.perYear, f, ctx, 'fuel_unit', lifetimeUnits);
      parts.push(e.product);
      Object.assign(inputsUsed, { fuel_type: input.fuel.type, fuel: e.amount, fuel_unit: perUnit(f) });
    }
    return computation(sumProducts(parts), inputsUsed);
  },
};
