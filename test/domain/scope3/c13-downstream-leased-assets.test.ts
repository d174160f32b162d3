import { describe, expect, it } from 'vitest';
import { calc, issueFields, LEASED_ROWS as leasedRows } from './harness.ts';

const base = { category: 13, date: '2024-07-01' };

describe('category 13, downstream leased assets', () => {
  it('asset-specific metered energy of the lessee', () => {
    // 40,000 kWh × 0.37 kg/kWh (US grid) = 14,800 kg
    const r = calc({ ...base, region: 'US', energy: [{ type: 'electricity', quantity: 40, unit: 'MWh' }] }, leasedRows);
    expect([r.category, r.tier, r.method]).toEqual([13, 1, 'asset_specific']);
    expect(r.kgCo2e).toBeCloseTo(14800, 9);
    expect(r.inputsUsed['energy[0].quantity']).toBeCloseTo(40000, 9);
  });

  it('area-based with intensity and lease fraction', () => {
    // 500 m² × 200 kWh/m²/yr × 0.25 × 0.38 kg/kWh (DE) = 9,500 kg
    expect(calc({ ...base, region: 'DE', floor_area: 500, area_unit: 'm2', energy_intensity: 200, lease_fraction: 0.25 }, leasedRows).kgCo2e).toBeCloseTo(
      9500,
      9,
    );
  });

  it('has no spend method', () => {
    expect(issueFields({ ...base, spend: 1000, currency: 'USD' })).toEqual(['currency', 'spend']);
  });

  it('reports bad fields by name', () => {
    expect(issueFields({ ...base, floor_area: -5, area_unit: 'acres', energy_intensity: '150', lease_fraction: 1.5, owner: 'x' })).toEqual([
      'area_unit',
      'energy_intensity',
      'floor_area',
      'lease_fraction',
      'owner',
    ]);
    expect(issueFields({ ...base, energy: [{ quantity: Number.NaN, unit: 'kWh' }] })).toEqual(['energy[0].quantity', 'energy[0].type']);
  });
});
