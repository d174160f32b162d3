import { describe, expect, it } from 'vitest';
import { calc, issueFields, issues, type Row } from './harness.ts';

const rows: Row[] = [
  { activity: 'electricity.grid', value: 0.37, unit: 'kgCO2e/kWh', region: 'US' },
  { activity: 'fuel.petrol', value: 2.31, unit: 'kgCO2e/L' },
];
const base = { category: 11, date: '2024-10-01', region: 'US' };

describe('category 11, use of sold products', () => {
  it('use phase: units × kWh/yr × lifespan × grid ef', () => {
    // 1,000 units × 120 kWh/yr × 10 yr × 0.37 kg/kWh (US grid) = 1,200,000 kWh × 0.37 = 444,000 kg
    const r = calc({ ...base, units: 1000, energy_per_year: 120, energy_unit: 'kWh', lifetime_years: 10 }, rows);
    expect([r.tier, r.method]).toEqual([2, 'use_phase']);
    expect(r.kgCo2e).toBeCloseTo(444000, 6);
    expect(r.inputsUsed).toMatchObject({ units: 1000, lifetime_years: 10, energy: 1200000 });
  });

  it('converts MWh per year', () => {
    // 0.12 MWh = 120 kWh per year: same 444,000 kg
    expect(calc({ ...base, units: 1000, energy_per_year: 0.12, energy_unit: 'MWh', lifetime_years: 10 }, rows).kgCo2e).toBeCloseTo(444000, 6);
  });

  it('electricity plus direct fuel use', () => {
    // 500 × 50 kWh × 8 yr × 0.37 = 74,000 kg; 500 × 200 L × 8 yr × 2.31 kg/L = 1,848,000 kg; total 1,922,000 kg
    const r = calc(
      { ...base, units: 500, lifetime_years: 8, energy_per_year: 50, energy_unit: 'kWh', fuel_type: 'petrol', fuel_per_year: 200, fuel_unit: 'L' },
      rows,
    );
    expect(r.kgCo2e).toBeCloseTo(1922000, 6);
    expect(r.inputsUsed).toMatchObject({ energy: 200000, fuel: 800000, fuel_type: 'petrol' });
  });

  it('fuel only, in US gallons', () => {
    // 10 units × 52.8344 gal/yr × 3.785411784 L/gal = 200.0000... L/yr; × 5 yr × 2.31 = 10 × 5 × 200.00... × 2.31 ≈ 23,100 kg
    const r = calc({ ...base, units: 10, lifetime_years: 5, fuel_type: 'petrol', fuel_per_year: 52.8344, fuel_unit: 'gal_us' }, rows);
    expect(r.kgCo2e).toBeCloseTo(10 * 5 * 52.8344 * 3.785411784 * 2.31, 6);
    expect(r.kgCo2e).toBeCloseTo(23100, 0);
  });

  it('needs energy or fuel', () => {
    expect(issues({ ...base, units: 10, lifetime_years: 5 })[0]!.message).toContain('needs energy_per_year');
  });

  it('reports bad fields by name', () => {
    expect(issueFields({ ...base, lifetime_years: 0, energy_per_year: 10, energy_unit: 'L' })).toEqual(['energy_unit', 'lifetime_years', 'units']);
    expect(issueFields({ ...base, units: 5, lifetime_years: 3, fuel_type: 'petrol' })).toEqual(['fuel_per_year']);
    expect(issueFields({ ...base, units: 5, lifetime_years: 3, fuel_per_year: 3, fuel_unit: 'L', colour: 'red' })).toEqual(['colour', 'fuel_type']);
    expect(issueFields({ ...base, units: -5, lifetime_years: Number.NaN, energy_per_year: '10', energy_unit: 'kwhr' })).toEqual([
      'energy_per_year',
      'energy_unit',
      'lifetime_years',
      'units',
    ]);
  });
});
