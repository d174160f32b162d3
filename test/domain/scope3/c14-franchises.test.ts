import { describe, expect, it } from 'vitest';
import { calc, expectSkipped, issueFields, type Row } from './harness.ts';

const rows: Row[] = [
  { activity: 'electricity.grid', value: 0.37, unit: 'kgCO2e/kWh', region: 'US' },
  { activity: 'fuel.lpg', value: 1.56, unit: 'kgCO2e/L' },
  { activity: 'building.restaurant', value: 320, unit: 'kgCO2e/m2' },
  { activity: 'franchise.restaurant', value: 90000, unit: 'kgCO2e/item' },
  { activity: 'franchise.cafe', value: 30000, unit: 'kgCO2e/item' },
];
const base = { category: 14, date: '2024-12-01', region: 'US' };

describe('category 14, franchises', () => {
  it("franchise-specific: Σ the franchisees' energy × ef", () => {
    // 80,000 kWh × 0.37 kg/kWh (US) + 1,000 L × 1.56 kg/L (LPG) = 29,600 + 1,560 = 31,160 kg
    const r = calc(
      {
        ...base,
        energy: [
          { type: 'electricity', quantity: 80000, unit: 'kWh' },
          { type: 'lpg', quantity: 1000, unit: 'L' },
        ],
      },
      rows,
    );
    expect([r.tier, r.method]).toEqual([1, 'franchise_specific']);
    expect(r.kgCo2e).toBeCloseTo(31160, 9);
  });

  it('area-based: floor_area × ef per m²', () => {
    // 250 m² × 320 kg/m²/yr (restaurant) = 80,000 kg
    const r = calc({ ...base, floor_area: 250, area_unit: 'm2', franchise_type: 'restaurant' }, rows);
    expect([r.tier, r.method, r.kgCo2e]).toEqual([2, 'area_based', expect.closeTo(80000, 9)]);
    expectSkipped(r, 1, 'franchise_specific', 'needs energy');
  });

  it('count-based: count × ef per franchise', () => {
    // 12 franchises × 90,000 kg/franchise/yr = 1,080,000 kg
    const r = calc({ ...base, count: 12, franchise_type: 'restaurant' }, rows);
    expect([r.method, r.kgCo2e]).toEqual(['count_based', expect.closeTo(1080000, 6)]);
  });

  it('falls back from area to count when the building type has no factor', () => {
    // 4 cafés × 30,000 kg = 120,000 kg
    const r = calc({ ...base, floor_area: 100, area_unit: 'm2', count: 4, franchise_type: 'cafe' }, rows);
    expect([r.method, r.kgCo2e]).toEqual(['count_based', expect.closeTo(120000, 9)]);
    expectSkipped(r, 2, 'area_based', 'no factor for building.cafe in US');
  });

  it('reports bad fields by name', () => {
    expect(issueFields({ ...base, count: -1, franchise_type: 'Cafe!', spend: 10 })).toEqual(['count', 'franchise_type', 'spend']);
    expect(issueFields({ ...base, floor_area: '250', area_unit: 'acre', franchise_type: 'cafe' })).toEqual(['area_unit', 'floor_area']);
    expect(issueFields({ ...base, energy: [{ type: 'electricity', quantity: 1, unit: 'kWh', meter: 'A' }] })).toEqual(['energy[0].meter']);
    expect(issueFields({ ...base, count: Number.NaN, franchise_type: 'cafe' })).toEqual(['count']);
  });
});
