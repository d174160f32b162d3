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

  describe('guidance methods: refrigerants, allocation, reported scope 1 and 2', () => {
    const notUsed = (r: { warnings: Array<{ code: string; message: string }> }) =>
      r.warnings.filter((w) => w.code === 'INPUT_NOT_USED').map((w) => w.message.split(' ')[0]);
    const energy = [
      { type: 'electricity', quantity: 80000, unit: 'kWh' },
      { type: 'lpg', quantity: 1000, unit: 'L' },
    ];

    it("franchise-specific + the franchise's refrigerant losses", () => {
      // 80,000 kWh × 0.37 + 1,000 L × 1.56 = 31,160 kg
      // + 4 kg R-404A (44% HFC-125, 52% HFC-143a, 4% HFC-134a; AR5 3,170, 4,800, 1,300):
      //   4 × (0.44 × 3,170 + 0.52 × 4,800 + 0.04 × 1,300) = 4 × (1,394.8 + 2,496 + 52) = 4 × 3,942.8 = 15,771.2 kg
      // = 46,931.2 kg
      const r = calc({ ...base, energy, refrigerants: [{ type: 'R-404A', mass_lost: 4, mass_unit: 'kg' }] }, rows);
      expect([r.tier, r.method]).toEqual([1, 'franchise_specific']);
      expect(r.kgCo2e).toBeCloseTo(46931.2, 9);
      expect(r.inputsUsed).toMatchObject({ 'refrigerants[0].type': 'R-404A', fugitive_kgco2e: expect.closeTo(15771.2, 9) });
    });

    it("franchise-specific in a shared building: (energy + refrigerants) × the franchise's area share", () => {
      // (31,160 + 2 kg × 1,300 (HFC-134a by charge × leak rate: 20 kg × 0.1)) × 300 ÷ 1,200 m²
      // = 33,760 × 0.25 = 8,440 kg
      const r = calc(
        {
          ...base,
          energy,
          refrigerants: [{ type: 'R-134a', charge: 20, charge_unit: 'kg', leak_rate: 0.1 }],
          allocation: { basis: 'area', own: 300, total: 1200 },
        },
        rows,
      );
      expect(r.kgCo2e).toBeCloseTo(8440, 9);
      expect(r.inputsUsed).toMatchObject({ unallocated_kgco2e: 33760, 'allocation.share': 0.25, 'refrigerants[0].charge_kg': 20 });
    });

    it("reported emissions: the franchisee's scope 1 + 2 (× an allocation share when given)", () => {
      // 50,000 + 70,000 = 120,000 kg (share 1: the franchisee's scope 1 and 2 are the franchise's)
      const reported = { ...base, reported_scope1_kgco2e: 50_000, reported_scope2_kgco2e: 70_000, count: 2, franchise_type: 'cafe' };
      const r = calc(reported, rows);
      expect([r.tier, r.method, r.kgCo2e]).toEqual([1, 'reported_emissions', 120_000]);
      expect(r.inputsUsed).toEqual({ reported_scope1_kgco2e: 50_000, reported_scope2_kgco2e: 70_000 });
      expectSkipped(r, 1, 'franchise_specific', 'needs energy');
      // 120,000 kg × 0.6 (the franchisee's other business has the rest) = 72,000 kg
      expect(calc({ ...reported, allocation: { basis: 'share', share: 0.6 } }, rows).kgCo2e).toBeCloseTo(72_000, 9);
    });

    it('names the inputs a chosen method cannot use', () => {
      // metered energy preferred: 31,160 kg; the reported emissions would count it twice
      const metered = calc({ ...base, energy, reported_scope1_kgco2e: 1, reported_scope2_kgco2e: 1 }, rows);
      expect([metered.method, metered.kgCo2e]).toEqual(['franchise_specific', expect.closeTo(31160, 9)]);
      expect(notUsed(metered)).toEqual(['reported_scope1_kgco2e', 'reported_scope2_kgco2e']);
      // reported: scope 1 has the refrigerants; 3 kg
      const reported = calc({ ...base, reported_scope1_kgco2e: 1, reported_scope2_kgco2e: 2, refrigerants: [{ type: 'R-32', mass_lost: 1, mass_unit: 'kg' }] });
      expect([reported.kgCo2e, notUsed(reported)]).toEqual([3, ['refrigerants']]);
      // count-based: 12 × 90,000 = 1,080,000 kg, neither refrigerants nor allocation added
      const count = calc(
        {
          ...base,
          count: 12,
          franchise_type: 'restaurant',
          refrigerants: [{ type: 'R-32', mass_lost: 1, mass_unit: 'kg' }],
          allocation: { basis: 'share', share: 0.5 },
        },
        rows,
      );
      expect([count.method, count.kgCo2e]).toEqual(['count_based', expect.closeTo(1_080_000, 6)]);
      expect(notUsed(count)).toEqual(['refrigerants', 'allocation']);
      // area-based: 250 m² × 320 = 80,000 kg, floor_area already the franchise's own
      const area = calc({ ...base, floor_area: 250, area_unit: 'm2', franchise_type: 'restaurant', allocation: { basis: 'share', share: 0.5 } }, rows);
      expect([area.method, area.kgCo2e, notUsed(area)]).toEqual(['area_based', expect.closeTo(80000, 9), ['allocation']]);
    });

    it('area-based + refrigerants × allocation share', () => {
      // 250 m² × 320 kg/m² = 80,000 kg + 2 kg HFC-32 × 677 × 0.5 = 677 kg → 80,677 kg
      const r = calc(
        {
          ...base,
          floor_area: 250,
          area_unit: 'm2',
          franchise_type: 'restaurant',
          refrigerants: [{ type: 'HFC-32', mass_lost: 2, mass_unit: 'kg' }],
          allocation: { basis: 'share', share: 0.5 },
        },
        rows,
      );
      expect([r.method, r.kgCo2e, r.warnings]).toEqual(['area_based', expect.closeTo(80677, 9), []]);
    });

    it('reports bad new fields by name', () => {
      expect(issueFields({ ...base, reported_scope2_kgco2e: 5 })).toEqual(['reported_scope1_kgco2e']);
      expect(issueFields({ ...base, reported_scope1_kgco2e: '5', reported_scope2_kgco2e: Number.NaN })).toEqual([
        'reported_scope1_kgco2e',
        'reported_scope2_kgco2e',
      ]);
      expect(
        issueFields({ ...base, energy, allocation: { basis: 'units', own: 1, total: 3 }, refrigerants: [{ type: 'R-32', mass_lost: 1, mass_unit: 'L' }] }),
      ).toEqual(['allocation.basis', 'refrigerants[0].mass_unit']);
    });
  });

  describe('GHG Protocol Technical Guidance worked examples', () => {
    // Example [14.1]: the scope 1 and 2 each of five restaurant franchisees report, one record each
    // (no allocation: each franchisee's scope 1 and 2 are its franchise's):
    //   (100,000 + 20,000) + (25,000 + 10,000) + (30,000 + 10,000) + (90,000 + 30,000) + (30,000 + 10,000)
    //   = 120,000 + 35,000 + 40,000 + 120,000 + 40,000 = 355,000 kg CO2e
    // checked against the guidance text, line 4962
    it('Example [14.1]: Calculating the emissions from franchises using the franchise-specific method', () => {
      const franchisees = [
        [100_000, 20_000],
        [25_000, 10_000],
        [30_000, 10_000],
        [90_000, 30_000],
        [30_000, 10_000],
      ];
      const results = franchisees.map(([s1, s2]) => calc({ category: 14, date: '2024-12-31', reported_scope1_kgco2e: s1, reported_scope2_kgco2e: s2 }));
      expect(results.map((r) => [r.tier, r.method])).toEqual(Array(5).fill([1, 'reported_emissions']));
      expect(results.map((r) => r.kgCo2e)).toEqual([120_000, 35_000, 40_000, 120_000, 40_000]);
      expect(results.reduce((sum, r) => sum + r.kgCo2e, 0)).toBe(355_000);
    });

    it('takes a combined reported scope 1 and 2 as well', () => {
      // 120,000 kg × 0.5 (the franchisee also runs other business) = 60,000 kg
      const r = calc({ ...base, reported_scope1_2_kgco2e: 120_000, allocation: { basis: 'share', share: 0.5 } });
      expect([r.method, r.kgCo2e]).toEqual(['reported_emissions', 60_000]);
    });
  });
});
