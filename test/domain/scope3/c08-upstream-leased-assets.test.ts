import { describe, expect, it } from 'vitest';
import { calc, expectSkipped, issueFields, LEASED_ROWS as leasedRows } from './harness.ts';

const base = { category: 8, date: '2024-01-31' };
const metered = {
  ...base,
  region: 'DE',
  energy: [
    { type: 'electricity', quantity: 120000, unit: 'kWh' },
    { type: 'natural_gas', quantity: 5000, unit: 'm3' },
  ],
};

describe('category 8, upstream leased assets', () => {
  it('asset-specific: Σ energy × ef', () => {
    // 120,000 kWh × 0.38 kg/kWh (DE grid) + 5,000 m³ × 2.02 kg/m³ (natural gas) = 45,600 + 10,100 = 55,700 kg
    const r = calc(metered, leasedRows);
    expect([r.tier, r.method]).toEqual([1, 'asset_specific']);
    expect(r.kgCo2e).toBeCloseTo(55700, 9);
    expect(r.inputsUsed).toMatchObject({ 'energy[0].type': 'electricity', 'energy[1].quantity': 5000, 'energy[1].unit': 'm3' });
  });

  it('area-based: floor_area × intensity × lease_fraction × grid ef', () => {
    // 1,000 m² × 150 kWh/m²/yr × 0.5 (6 months) × 0.38 kg/kWh = 28,500 kg
    const r = calc({ ...base, region: 'DE', floor_area: 1000, area_unit: 'm2', energy_intensity: 150, lease_fraction: 0.5 }, leasedRows);
    expect([r.tier, r.method]).toEqual([2, 'area_based']);
    expect(r.kgCo2e).toBeCloseTo(28500, 9);
    expect(r.inputsUsed).toMatchObject({ energy_kwh: 75000, lease_fraction: 0.5 });
    expectSkipped(r, 1, 'asset_specific', 'needs energy');
  });

  it('converts square feet to m²', () => {
    // 10,000 ft² = 929.0304 m² × 150 kWh/m² × 0.37 kg/kWh (US) = 51,561.1872 kg
    const r = calc({ ...base, region: 'US', floor_area: 10000, area_unit: 'sqft', energy_intensity: 150 }, leasedRows);
    expect(r.inputsUsed.floor_area_m2).toBeCloseTo(929.0304, 9);
    expect(r.kgCo2e).toBeCloseTo(51561.1872, 6);
  });

  it('area-based with a building-type factor (intensity × ef per m²)', () => {
    // 2,000 m² × 55 kg/m²/yr (office) × 0.75 = 82,500 kg
    const r = calc({ ...base, floor_area: 2000, area_unit: 'm2', building_type: 'office', lease_fraction: 0.75 }, leasedRows);
    expect(r.method).toBe('area_based_building');
    expect(r.kgCo2e).toBeCloseTo(82500, 9);
  });

  it('falls back from metered energy to the area method when a fuel has no factor', () => {
    const r = calc(
      { ...metered, energy: [{ type: 'biogas', quantity: 10, unit: 'm3' }], floor_area: 1000, area_unit: 'm2', energy_intensity: 150 },
      leasedRows,
    );
    expect([r.tier, r.kgCo2e]).toEqual([2, expect.closeTo(57000, 9)]);
    expectSkipped(r, 1, 'asset_specific', 'no factor for fuel.biogas in DE');
  });

  it('tier 3 from lease payments', () => {
    // 100,000 USD × 0.1 kg/USD (NAICS 531120) = 10,000 kg
    const r = calc({ ...base, spend: 100000, naics: '531120' }, leasedRows);
    expect([r.tier, r.method, r.kgCo2e]).toEqual([3, 'spend_based', expect.closeTo(10000, 9)]);
    expectSkipped(r, 2, 'area_based', 'needs floor_area');
  });

  it('reports bad fields by name', () => {
    expect(issueFields({ ...base, energy: { type: 'electricity' } })).toEqual(['energy']);
    expect(
      issueFields({
        ...base,
        energy: [
          { type: 'electricity', quantity: 5, unit: 'km' },
          { type: 'Natural Gas', unit: 'm3' },
        ],
      }),
    ).toEqual(['energy[0].unit', 'energy[1].quantity', 'energy[1].type']);
    expect(issueFields({ ...base, floor_area: 100, area_unit: 'kg', lease_fraction: 0, energy_intensity: -5 })).toEqual([
      'area_unit',
      'energy_intensity',
      'lease_fraction',
    ]);
    expect(issueFields({ ...base, floor_area: 100, building_type: 'office', tenants: 3 })).toEqual(['area_unit', 'tenants']);
    expect(issueFields({ ...base, floor_area: '100', area_unit: 'm2', energy: [{ type: 'electricity', quantity: Number.NaN, unit: 'furlongs' }] })).toEqual([
      'energy[0].quantity',
      'energy[0].unit',
      'floor_area',
    ]);
  });
});
