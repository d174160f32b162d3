import { describe, expect, it } from 'vitest';
import { calc, issueFields, issues, LEASED_ROWS as leasedRows } from './harness.ts';

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

  it("reported emissions: the lessee's scope 1 + 2 × allocation share (lessee-specific method)", () => {
    // (2,000,000 + 3,000,000 kg) × 0.1 (a stated share: the lessee's own figure for the asset) = 500,000 kg
    const r = calc({ ...base, reported_scope1_kgco2e: 2_000_000, reported_scope2_kgco2e: 3_000_000, allocation: { basis: 'share', share: 0.1 } });
    expect([r.category, r.tier, r.method]).toEqual([13, 1, 'reported_emissions']);
    expect(r.kgCo2e).toBeCloseTo(500_000, 9);
    expect(r.inputsUsed).toMatchObject({ 'allocation.share': 0.1, lease_fraction: 1 });
    expect(issues({ ...base, reported_scope1_kgco2e: 1, reported_scope2_kgco2e: 2 })).toEqual([
      { field: 'allocation', message: expect.stringContaining("they are the lessee's whole scope 1 and 2") },
    ]);
  });

  it("asset-specific: a shared building's metered energy × its volume share", () => {
    // 100,000 kWh × 0.37 kg/kWh (US) = 37,000 kg × 3,000 m³ ÷ 12,000 m³ (0.25) = 9,250 kg
    const r = calc(
      { ...base, region: 'US', energy: [{ type: 'electricity', quantity: 100_000, unit: 'kWh' }], allocation: { basis: 'volume', own: 3000, total: 12000 } },
      leasedRows,
    );
    expect([r.method, r.kgCo2e]).toEqual(['asset_specific', expect.closeTo(9250, 9)]);
    expect(r.inputsUsed).toMatchObject({ 'allocation.basis': 'volume', 'allocation.share': 0.25, unallocated_kgco2e: 37000 });
  });

  it('refuses an allocation basis the category does not allow', () => {
    expect(issueFields({ ...base, energy: [{ type: 'electricity', quantity: 1, unit: 'kWh' }], allocation: { basis: 'economic', own: 1, total: 2 } })).toEqual([
      'allocation.basis',
    ]);
  });
});
