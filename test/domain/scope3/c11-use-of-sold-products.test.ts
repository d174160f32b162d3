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

  it('lifetime uses: units × lifetime_uses × energy per use × grid ef (ch. 11, products that directly consume energy)', () => {
    // washing machines: 1,000 units × 2,000 washes × 0.9 kWh/wash = 1,800,000 kWh × 0.37 kg/kWh (US grid) = 666,000 kg
    // (2,000 washes is a lifetime no lifetime_years ≤ 100 could express as a count)
    const r = calc({ ...base, units: 1000, lifetime_uses: 2000, energy_per_use: 0.9, energy_per_use_unit: 'kWh' }, rows);
    expect([r.tier, r.method]).toEqual([2, 'use_phase']);
    expect(r.kgCo2e).toBeCloseTo(666000, 6);
    expect(r.inputsUsed).toEqual({ units: 1000, lifetime_uses: 2000, use_energy: expect.closeTo(1800000, 6), use_energy_unit: 'kWh' });
    expect(r.warnings).toEqual([]);
    // per charge, in Wh: 50,000 phones × 800 charges × 15 Wh = 600,000 kWh × 0.37 = 222,000 kg
    expect(calc({ ...base, units: 50000, lifetime_uses: 800, energy_per_use: 15, energy_per_use_unit: 'Wh' }, rows).kgCo2e).toBeCloseTo(222000, 6);
  });

  it('fuel per use: units × lifetime_uses × fuel per use × fuel ef', () => {
    // lawn mowers: 500 units × 300 uses × 0.5 L petrol = 75,000 L × 2.31 kg/L = 173,250 kg
    const r = calc({ ...base, units: 500, lifetime_uses: 300, fuel_type: 'petrol', fuel_per_use: 0.5, fuel_per_use_unit: 'L' }, rows);
    expect(r.kgCo2e).toBeCloseTo(173250, 6);
    expect(r.inputsUsed).toEqual({ units: 500, lifetime_uses: 300, fuel_type: 'petrol', use_fuel: 75000, use_fuel_unit: 'L' });
  });

  it('per use and per year together: the terms add up', () => {
    // 100 units × 1,500 uses × 1 kWh = 150,000 kWh; 100 units × 10 yr × 5 kWh standby = 5,000 kWh;
    // 155,000 kWh × 0.37 kg/kWh = 57,350 kg
    const r = calc(
      { ...base, units: 100, lifetime_uses: 1500, energy_per_use: 1, energy_per_use_unit: 'kWh', lifetime_years: 10, energy_per_year: 5, energy_unit: 'kWh' },
      rows,
    );
    expect(r.kgCo2e).toBeCloseTo(57350, 6);
    expect(r.inputsUsed).toMatchObject({ lifetime_years: 10, lifetime_uses: 1500, energy: 5000, use_energy: 150000 });
  });

  it('an intermediate product: units × final product per-use emissions × lifetime uses (the part is the energy user)', () => {
    // engines sold to a car maker: 1,000 engines × 200,000 km (a use = a km) × 0.06 L/km × 2.31 kg/L
    // = 12,000,000 L × 2.31 = 27,720,000 kg
    const r = calc({ ...base, units: 1000, intermediate: true, lifetime_uses: 200000, fuel_type: 'petrol', fuel_per_use: 0.06, fuel_per_use_unit: 'L' }, rows);
    expect([r.tier, r.method]).toEqual([2, 'use_phase_intermediate']);
    expect(r.kgCo2e).toBeCloseTo(27720000, 4);
    expect(r.inputsUsed).toMatchObject({ units: 1000, intermediate: true, lifetime_uses: 200000, use_fuel: expect.closeTo(12000000, 6) });
    expect(r.inputsUsed['allocation.share']).toBeUndefined();
  });

  it("an intermediate product's share of the final product's use (allocation.ts)", () => {
    // motors sold into washing machines, allocated by value: 50 USD of a 400 USD machine = 0.125;
    // 10,000 motors × 2,000 washes × 0.9 kWh = 18,000,000 kWh × 0.37 = 6,660,000 kg × 0.125 = 832,500 kg
    const r = calc(
      {
        ...base,
        units: 10000,
        intermediate: true,
        lifetime_uses: 2000,
        energy_per_use: 0.9,
        energy_per_use_unit: 'kWh',
        allocation: { basis: 'economic', own: 50, total: 400 },
      },
      rows,
    );
    expect(r.method).toBe('use_phase_intermediate');
    expect(r.kgCo2e).toBeCloseTo(832500, 6);
    expect(r.inputsUsed).toMatchObject({
      intermediate: true,
      'allocation.basis': 'economic',
      'allocation.own': 50,
      'allocation.total': 400,
      'allocation.share': 0.125,
    });
    // per year, a stated share: 2,000 compressors × 12 yr × 300 kWh × 0.25 = 1,800,000 kWh × 0.37 = 666,000 kg
    const y = calc(
      { ...base, units: 2000, intermediate: true, lifetime_years: 12, energy_per_year: 300, energy_unit: 'kWh', allocation: { basis: 'share', share: 0.25 } },
      rows,
    );
    expect(y.kgCo2e).toBeCloseTo(666000, 6);
    expect(y.inputsUsed).toMatchObject({ energy: 1800000, 'allocation.share': 0.25 });
  });

  it('warns when a lifetime is given that no energy or fuel uses', () => {
    // lifetime_years with per-use energy only: 10 × 100 × 2 kWh × 0.37 = 740 kg, lifetime_years not used
    const r = calc({ ...base, units: 10, lifetime_years: 8, lifetime_uses: 100, energy_per_use: 2, energy_per_use_unit: 'kWh' }, rows);
    expect(r.kgCo2e).toBeCloseTo(740, 9);
    expect(r.inputsUsed.lifetime_years).toBeUndefined();
    expect(r.warnings).toEqual([
      { code: 'INPUT_NOT_USED', message: 'lifetime_years is given but not used: no energy_per_year or fuel_per_year to multiply it by' },
    ]);
    // lifetime_uses with per-year energy only: 10 × 8 yr × 50 kWh × 0.37 = 1,480 kg, lifetime_uses not used
    const y = calc({ ...base, units: 10, lifetime_years: 8, lifetime_uses: 100, energy_per_year: 50, energy_unit: 'kWh' }, rows);
    expect(y.kgCo2e).toBeCloseTo(1480, 9);
    expect(y.warnings.map((w) => w.message)).toEqual(['lifetime_uses is given but not used: no energy_per_use or fuel_per_use to multiply it by']);
  });

  it('reports bad per-use and intermediate inputs by name', () => {
    const use = { ...base, units: 10, lifetime_uses: 100, energy_per_use: 2, energy_per_use_unit: 'kWh' };
    expect(issues({ ...use, lifetime_uses: 2e7 })).toEqual([{ field: 'lifetime_uses', message: 'must be at most 1e7' }]);
    expect(issues({ ...use, lifetime_uses: undefined })).toEqual([{ field: 'lifetime_uses', message: 'is required with energy_per_use or fuel_per_use' }]);
    expect(issueFields({ ...use, energy_per_use_unit: undefined, lifetime_uses: 0 })).toEqual(['energy_per_use_unit', 'lifetime_uses']);
    expect(issueFields({ ...use, energy_per_use_unit: 'L', fuel_per_use: 1, fuel_per_use_unit: 'km' })).toEqual(['energy_per_use_unit', 'fuel_per_use_unit']);
    expect(issues({ ...use, fuel_per_use: 1, fuel_per_use_unit: 'L' })).toEqual([{ field: 'fuel_type', message: 'is required with fuel_per_use' }]);
    // per-year energy needs lifetime_years even when lifetime_uses is given
    expect(issues({ ...use, energy_per_year: 5, energy_unit: 'kWh' })).toEqual([
      { field: 'lifetime_years', message: 'is required with energy_per_year or fuel_per_year' },
    ]);
    expect(issues({ ...base, units: 10 })).toEqual([{ field: 'lifetime_years', message: 'is required' }]);
    expect(issues({ ...use, allocation: { basis: 'share', share: 0.5 } })[0]!.field).toBe('allocation');
    expect(issueFields({ ...use, intermediate: 'yes' })).toEqual(['intermediate']);
    expect(issueFields({ ...use, intermediate: true, allocation: { basis: 'area', own: 1, total: 2 } })).toEqual(['allocation.basis']);
    expect(issueFields({ ...use, intermediate: true, allocation: { basis: 'mass', own: 3, total: 2 } })).toEqual(['allocation.own']);
    expect(issueFields({ ...use, intermediate: true, allocation: { basis: 'share', share: 0 } })).toEqual(['allocation.share']);
    expect(issues({ ...base, units: 10, lifetime_uses: 50 })[0]!.message).toContain('needs energy_per_year');
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

describe('category 11: use scenarios and emissions per use', () => {
  it('scenario_share: the share of lifetime uses in one use scenario (formula [11.4])', () => {
    // 1,000 units × 500 uses × 25% × 2 kWh × 0.37 kg/kWh = 125,000 uses × 2 × 0.37 = 92,500 kg
    const r = calc({ ...base, units: 1000, lifetime_uses: 500, scenario_share: 0.25, energy_per_use: 2, energy_per_use_unit: 'kWh' }, rows);
    expect(r.kgCo2e).toBeCloseTo(92_500, 9);
    expect(r.inputsUsed).toMatchObject({ scenario_share: 0.25, use_energy: 250_000 });
  });

  it('use_profile: units × lifetime uses × use_phase.<use_profile> per use', () => {
    const own: Row[] = [
      ...rows,
      { activity: 'use_phase.ebike', value: 0.005, unit: 'kgCO2e/km' },
      { activity: 'use_phase.kettle', value: 0.04, unit: 'kgCO2e/item' },
    ];
    // 200 e-bikes × 20,000 km × 0.005 kg/km = 20,000 kg
    const bike = calc({ ...base, units: 200, lifetime_uses: 20_000, lifetime_uses_unit: 'km', use_profile: 'ebike' }, own);
    expect([bike.method, bike.kgCo2e]).toEqual(['use_phase', expect.closeTo(20_000, 9)]);
    expect(bike.inputsUsed).toMatchObject({ use_profile: 'ebike', uses: 4_000_000, uses_unit: 'km' });
    // uses as a count (default unit): 100 kettles × 3,000 boils × 0.04 kg/item = 12,000 kg
    expect(calc({ ...base, units: 100, lifetime_uses: 3000, use_profile: 'kettle' }, own).kgCo2e).toBeCloseTo(12_000, 9);
  });

  it('reports bad scenario and use-profile inputs by name', () => {
    expect(issueFields({ ...base, units: 1, lifetime_years: 5, energy_per_year: 10, energy_unit: 'kWh', scenario_share: 0.5 })).toEqual(['scenario_share']);
    expect(issueFields({ ...base, units: 1, lifetime_uses: 5, energy_per_use: 1, energy_per_use_unit: 'kWh', scenario_share: 1.2 })).toEqual([
      'scenario_share',
    ]);
    expect(issueFields({ ...base, units: 1, use_profile: 'ebike' })).toEqual(['lifetime_uses']);
    expect(issueFields({ ...base, units: 1, lifetime_uses: 5, energy_per_use: 1, energy_per_use_unit: 'kWh', lifetime_uses_unit: 'km' })).toEqual([
      'lifetime_uses_unit',
    ]);
    expect(issueFields({ ...base, units: 1, lifetime_uses: 5, use_profile: 'ebike', lifetime_uses_unit: 'parsec' })).toEqual(['lifetime_uses_unit']);
  });
});

describe('GHG Protocol Technical Guidance worked examples', () => {
  const date = '2024-06-30';
  const grid: Row[] = [{ activity: 'electricity.grid', value: 0.5, unit: 'kgCO2e/kWh' }];

  // Example [11.1]: lifetime uses × number sold × kWh per use × 0.5 kg/kWh:
  //   X100 1,000 × 11,500 × 1.3 × 0.5 = 7,475,000; X200 1,100 × 1,900 × 1.5 × 0.5 = 1,567,500;
  //   Y123 2,000 × 20,000 × 0.2 × 0.5 = 4,000,000. Total 13,042,500 kg.
  // checked against the guidance text, line 4352
  it('Example [11.1]: Calculating direct use-phase emissions from products that directly consume energy (fuels or electricity) during use', () => {
    const product = (units: number, lifetime_uses: number, kWh: number) =>
      calc({ category: 11, date, units, lifetime_uses, energy_per_use: kWh, energy_per_use_unit: 'kWh' }, grid).kgCo2e;
    const results = [product(11_500, 1000, 1.3), product(1900, 1100, 1.5), product(20_000, 2000, 0.2)];
    expect(results).toEqual([7_475_000, 1_567_500, 4_000_000].map((v) => expect.closeTo(v, 6)));
    expect(results.reduce((s, v) => s + v, 0)).toBeCloseTo(13_042_500, 6);
  });

  // Example [11.2]: lifetime uses × share of uses in the scenario × products sold × kWh per use × 0.5:
  //   30 °C 1,000 × 0.2 × 2,000 × 0.4 × 0.5 = 80,000; 40 °C 1,000 × 0.4 × 2,000 × 0.5 × 0.5 = 200,000;
  //   90 °C 1,000 × 0.4 × 2,000 × 1.2 × 0.5 = 480,000. Total 760,000 kg.
  // checked against the guidance text, line 4548
  it('Example [11.2]: Calculating indirect use-phase emissions from products that indirectly consume energy (fuels or electricity) during use', () => {
    const scenario = (share: number, kWh: number) =>
      calc({ category: 11, date, units: 2000, lifetime_uses: 1000, scenario_share: share, energy_per_use: kWh, energy_per_use_unit: 'kWh' }, grid).kgCo2e;
    const results = [scenario(0.2, 0.4), scenario(0.4, 0.5), scenario(0.4, 1.2)];
    expect(results).toEqual([80_000, 200_000, 480_000].map((v) => expect.closeTo(v, 6)));
    expect(results.reduce((s, v) => s + v, 0)).toBeCloseTo(760_000, 6);
  });

  // Example [11.3]: engines sold × lifetime km flown × kg CO2e per km × engine ÷ airplane weight
  //   = 10 × 300,000 × 0.3 × (20 ÷ 500) = 36,000 kg (printed "( 500 20 )", i.e. 20/500 = 0.04).
  // checked against the guidance text, line 4610
  it('Example [11.3]: Calculating use-phase emissions from sold intermediate products', () => {
    const r = calc(
      {
        category: 11,
        date,
        intermediate: true,
        units: 10,
        use_profile: 'airplane',
        lifetime_uses: 300_000,
        lifetime_uses_unit: 'km',
        allocation: { basis: 'mass', own: 20, total: 500 },
      },
      [{ activity: 'use_phase.airplane', value: 0.3, unit: 'kgCO2e/km' }],
    );
    expect(r.method).toBe('use_phase_intermediate');
    expect(r.inputsUsed).toMatchObject({ 'allocation.share': 0.04, uses: 120_000, uses_unit: 'km' });
    expect(r.kgCo2e).toBeCloseTo(36_000, 9);
  });
});
