import { describe, expect, it } from 'vitest';
import { calc, expectSkipped, issueFields, type Row } from './harness.ts';

const rows: Row[] = [
  { activity: 'waste.landfill', value: 467, unit: 'kgCO2e/t' },
  { activity: 'waste.landfill', value: 400, unit: 'kgCO2e/t', supplierId: 'hauler-1' },
  { activity: 'waste.incineration', value: 21, unit: 'kgCO2e/t' },
  { activity: 'waste.incineration.plastics', value: 21.28, unit: 'kgCO2e/t' },
  { activity: 'waste.composting', value: 20, unit: 'kgCO2e/t', gases: { CH4: 0.5, N2O: 0.02 }, gwpSet: 'AR4' },
  { activity: 'eeio.naics.562212', value: 1.2, unit: 'kgCO2e/USD', region: 'US' },
  { activity: 'waste.incineration', value: 15, unit: 'kgCO2e/t', supplierId: 'hauler-1' },
  { activity: 'waste.landfill.plastics', value: 9, unit: 'kgCO2e/t' },
  { activity: 'waste.landfill.bulky', value: 80, unit: 'kgCO2e/m3' },
  { activity: 'wastewater', value: 0.272, unit: 'kgCO2e/m3' },
  { activity: 'wastewater.industrial', value: 0.5, unit: 'kgCO2e/m3' },
];
const base = { category: 5, date: '2024-02-15' };

describe('category 5, waste generated in operations', () => {
  it('average data: mass × ef × (1 − recycling_rate)', () => {
    // 2 t × 467 kg/t × (1 − 0.25) = 700.5 kg
    const r = calc({ ...base, treatment: 'landfill', mass: 2, mass_unit: 't', recycling_rate: 0.25 }, rows);
    expect([r.tier, r.method]).toEqual([2, 'average_data']);
    expect(r.kgCo2e).toBeCloseTo(700.5, 9);
    expect(r.inputsUsed).toMatchObject({ mass: 2, recycling_rate: 0.25, disposed_mass: 1.5 });
  });

  it('waste-type-specific factor, kg converted to t', () => {
    // 500 kg = 0.5 t × 21.28 kg/t (incinerated plastics) = 10.64 kg
    const r = calc({ ...base, treatment: 'incineration', waste_type: 'plastics', mass: 500, mass_unit: 'kg' }, rows);
    expect(r.method).toBe('waste_type_specific');
    expect(r.kgCo2e).toBeCloseTo(10.64, 9);
  });

  it('falls back to the treatment average when the waste type has no factor', () => {
    // 0.5 t × 21 kg/t (incineration, mixed) = 10.5 kg
    const r = calc({ ...base, treatment: 'incineration', waste_type: 'textiles', mass: 0.5, mass_unit: 't' }, rows);
    expect(r.method).toBe('average_data');
    expect(r.kgCo2e).toBeCloseTo(10.5, 9);
    expectSkipped(r, 2, 'waste_type_specific', 'no factor for waste.incineration.textiles');
    expectSkipped(r, 1, 'supplier_specific', 'needs supplier_id');
  });

  it("tier 1: the waste contractor's factor, and the fallback without it", () => {
    // 2 t × 400 kg/t (hauler-1) × 0.75 = 600 kg
    const r = calc({ ...base, supplier_id: 'hauler-1', treatment: 'landfill', mass: 2, mass_unit: 't', recycling_rate: 0.25 }, rows);
    expect([r.tier, r.kgCo2e]).toEqual([1, expect.closeTo(600, 9)]);
    const f = calc({ ...base, supplier_id: 'hauler-2', treatment: 'landfill', mass: 2, mass_unit: 't', recycling_rate: 0.25 }, rows);
    expect([f.tier, f.kgCo2e]).toEqual([2, expect.closeTo(700.5, 9)]);
    expectSkipped(f, 1, 'supplier_specific', 'no supplier_specific factor for waste.landfill');
  });

  it('converts lb to t', () => {
    // 1,000 lb = 0.45359237 t × 467 kg/t = 211.82763679 kg
    expect(calc({ ...base, treatment: 'landfill', mass: 1000, mass_unit: 'lb' }, rows).kgCo2e).toBeCloseTo(211.82763679, 6);
  });

  it('recomputes an AR4 gas breakdown with AR5 GWPs', () => {
    // per t: CH4 0.5 kg × 28 + N2O 0.02 kg × 265 = 14 + 5.3 = 19.3 kg (the factor's AR4 CO2e is 20);
    // 3 t → 57.9 kg, CH4 1.5 kg, N2O 0.06 kg
    const r = calc({ ...base, treatment: 'composting', mass: 3, mass_unit: 't' }, rows);
    expect(r.kgCo2e).toBeCloseTo(57.9, 9);
    expect(r.gases!.CH4).toBeCloseTo(1.5, 12);
    expect(r.gases!.N2O).toBeCloseTo(0.06, 12);
  });

  it('tier 3 from spend only', () => {
    // 5,000 USD × 1.2 kg/USD (NAICS 562212, landfills) = 6,000 kg
    const r = calc({ ...base, spend: 5000, naics: '562212' }, rows);
    expect([r.tier, r.method]).toEqual([3, 'spend_based']);
    expect(r.kgCo2e).toBeCloseTo(6000, 9);
  });

  it('reports bad fields by name', () => {
    expect(issueFields({ ...base, treatment: 'burying', mass: 2, mass_unit: 'L', recycling_rate: 1.5 })).toEqual(['mass_unit', 'recycling_rate', 'treatment']);
    expect(issueFields({ ...base, treatment: 'recycling', mass: 2, mass_unit: 't', recycling_rate: 0.5 })).toEqual(['recycling_rate']);
    expect(issueFields({ ...base, treatment: 'landfill', mass: -2, mass_unit: 't', waste_type: 'Mixed Waste', bin: 3 })).toEqual(['bin', 'mass', 'waste_type']);
    expect(issueFields({ ...base, treatment: 'landfill', mass_unit: 't', spend: '12' })).toEqual(['mass', 'spend']);
    expect(issueFields({ ...base, treatment: 'landfill', mass: 1, mass_unit: 'bushel', recycling_rate: Number.NaN })).toEqual(['mass_unit', 'recycling_rate']);
  });
});

describe('category 5, wastewater (waste-type-specific method by volume)', () => {
  it('average wastewater factor: volume × ef, US gallons converted to m³', () => {
    // 100,000 gal_us × 3.785411784 L = 378.5411784 m³ × 0.272 kg/m³ = 102.9632005248 kg
    const r = calc({ ...base, treatment: 'wastewater', volume: 100000, volume_unit: 'gal_us' }, rows);
    expect([r.tier, r.method, r.kgCo2e]).toEqual([2, 'average_data', expect.closeTo(102.9632005248, 9)]);
    expect(r.inputsUsed).toEqual({ treatment: 'wastewater', volume: expect.closeTo(378.5411784, 9), volume_unit: 'm3' });
  });

  it('wastewater type: wastewater.<waste_type>, litres converted', () => {
    // 500,000 L = 500 m³ × 0.5 kg/m³ (industrial wastewater) = 250 kg
    const r = calc({ ...base, treatment: 'wastewater', waste_type: 'industrial', volume: 500000, volume_unit: 'L' }, rows);
    expect([r.tier, r.method, r.kgCo2e]).toEqual([2, 'waste_type_specific', expect.closeTo(250, 9)]);
  });

  it('a wastewater type without a factor: the average stands in, and says so', () => {
    // 1,200 m³ × 0.272 kg/m³ = 326.4 kg
    const r = calc({ ...base, treatment: 'wastewater', waste_type: 'domestic', volume: 1200, volume_unit: 'm3' }, rows);
    expect([r.method, r.kgCo2e]).toEqual(['average_data', expect.closeTo(326.4, 9)]);
    expect(r.warnings.map((w) => w.code)).toEqual(['FACTOR_KEY_NOT_FOUND']);
    expectSkipped(r, 2, 'waste_type_specific', 'no factor for wastewater.domestic');
  });

  it('solid waste by volume, for a factor per m³: volume × ef × (1 − recycling_rate)', () => {
    // 12 m³ × (1 − 0.25) = 9 m³ × 80 kg/m³ (bulky waste to landfill) = 720 kg
    const r = calc({ ...base, treatment: 'landfill', waste_type: 'bulky', volume: 12, volume_unit: 'm3', recycling_rate: 0.25 }, rows);
    expect([r.method, r.kgCo2e]).toEqual(['waste_type_specific', expect.closeTo(720, 9)]);
    expect(r.inputsUsed).toMatchObject({ volume: 12, volume_unit: 'm3', disposed_volume: 9 });
  });

  it('a volume cannot meet a per-tonne factor: the unit is named', () => {
    expect(issueFields({ ...base, treatment: 'landfill', volume: 3, volume_unit: 'm3' }, rows)).toEqual(['volume_unit']);
  });
});

describe('category 5, a mass split across treatments (average-data method: Σ mass × proportion × ef)', () => {
  it('total mass × each treatment’s share × its factor; the rest is not counted', () => {
    // 10 t × 0.6 × 467 kg/t (landfill) + 10 t × 0.3 × 21 kg/t (incineration) = 2,802 + 63 = 2,865 kg
    // (the remaining 0.1, e.g. recycled, carries no disposal emissions: cut-off)
    const r = calc(
      {
        ...base,
        mass: 10,
        mass_unit: 't',
        treatments: [
          { treatment: 'landfill', share: 0.6 },
          { treatment: 'incineration', share: 0.3 },
        ],
      },
      rows,
    );
    expect([r.tier, r.method, r.kgCo2e]).toEqual([2, 'average_data', expect.closeTo(2865, 9)]);
    expect(r.inputsUsed).toEqual({
      mass: 10,
      mass_unit: 't',
      'treatments[0].treatment': 'landfill',
      'treatments[0].share': 0.6,
      'treatments[0].mass': 6,
      'treatments[0].mass_unit': 't',
      'treatments[1].treatment': 'incineration',
      'treatments[1].share': 0.3,
      'treatments[1].mass': expect.closeTo(3, 12),
      'treatments[1].mass_unit': 't',
    });
  });

  it('waste-type-specific factors for every treatment, kg converted to t', () => {
    // 2,000 kg = 2 t of plastics: 2 × 0.5 × 21.28 (incineration) + 2 × 0.5 × 9 (landfill) = 21.28 + 9 = 30.28 kg
    const split = [
      { treatment: 'incineration', share: 0.5 },
      { treatment: 'landfill', share: 0.5 },
    ];
    const r = calc({ ...base, waste_type: 'plastics', mass: 2000, mass_unit: 'kg', treatments: split }, rows);
    expect([r.method, r.kgCo2e]).toEqual(['waste_type_specific', expect.closeTo(30.28, 9)]);
  });

  it("tier 1: the contractor's factor for every treatment, else tier 2", () => {
    // 10 t × 0.6 × 400 (hauler-1 landfill) + 10 t × 0.4 × 15 (hauler-1 incineration) = 2,400 + 60 = 2,460 kg
    const split = [
      { treatment: 'landfill', share: 0.6 },
      { treatment: 'incineration', share: 0.4 },
    ];
    const r = calc({ ...base, supplier_id: 'hauler-1', mass: 10, mass_unit: 't', treatments: split }, rows);
    expect([r.tier, r.method, r.kgCo2e]).toEqual([1, 'supplier_specific', expect.closeTo(2460, 9)]);
    // hauler-1 has no composting factor: 10 × 0.6 × 467 + 10 × 0.4 × 19.3 (composting, AR4 → AR5) = 2,802 + 77.2 = 2,879.2 kg
    const f = calc({ ...base, supplier_id: 'hauler-1', mass: 10, mass_unit: 't', treatments: [split[0], { treatment: 'composting', share: 0.4 }] }, rows);
    expect([f.tier, f.kgCo2e]).toEqual([2, expect.closeTo(2879.2, 9)]);
    expectSkipped(f, 1, 'supplier_specific', 'no supplier_specific factor for waste.composting');
  });

  it('shares that sum to 1 with rounding are accepted', () => {
    // 0.34 + 0.56 + 0.1 = 1.0000000000000002 in floating point;
    // 1 t × (0.34 × 467 + 0.56 × 21 + 0.1 × 19.3) = 158.78 + 11.76 + 1.93 = 172.47 kg
    const split = [
      { treatment: 'landfill', share: 0.34 },
      { treatment: 'incineration', share: 0.56 },
      { treatment: 'composting', share: 0.1 },
    ];
    expect(calc({ ...base, mass: 1, mass_unit: 't', treatments: split }, rows).kgCo2e).toBeCloseTo(172.47, 9);
  });

  it('spend-based fallback names the physical inputs it cannot use (INPUT_NOT_USED)', () => {
    // no factor for waste.anaerobic_digestion: 5,000 USD × 1.2 kg/USD (NAICS 562212) = 6,000 kg
    const r = calc({ ...base, treatment: 'anaerobic_digestion', mass: 2, mass_unit: 't', spend: 5000, naics: '562212' }, rows);
    expect([r.tier, r.method, r.kgCo2e]).toEqual([3, 'spend_based', expect.closeTo(6000, 9)]);
    expect(r.warnings.map((w) => [w.code, w.message.split(':')[0]])).toEqual([
      ['INPUT_NOT_USED', 'treatment is given but not used'],
      ['INPUT_NOT_USED', 'mass is given but not used'],
    ]);
    expectSkipped(r, 2, 'average_data', 'no factor for waste.anaerobic_digestion');
  });

  it('reports bad treatments, volumes and conflicts by name', () => {
    const t = (treatments: unknown) => ({ ...base, mass: 1, mass_unit: 't', treatments });
    expect(
      issueFields(
        t([
          { treatment: 'landfill', share: 0.7 },
          { treatment: 'incineration', share: 0.5 },
        ]),
      ),
    ).toEqual(['treatments']);
    expect(issueFields(t([{ treatment: 'landfill', share: 1.5 }]))).toEqual(['treatments[0].share']);
    expect(issueFields(t([{ treatment: 'landfill', share: 0 }]))).toEqual(['treatments[0].share']);
    expect(issueFields(t([{ treatment: 'landfill', share: 0.5 }, { treatment: 'incineration' }]))).toEqual(['treatments[1].share']);
    expect(
      issueFields(
        t([
          { treatment: 'landfill', share: 0.5 },
          { treatment: 'landfill', share: 0.2 },
        ]),
      ),
    ).toEqual(['treatments[1].treatment']);
    expect(issueFields(t([{ treatment: 'wastewater', share: 0.5, bin: 2 }]))).toEqual(['treatments[0].bin', 'treatments[0].treatment']);
    expect(issueFields(t([]))).toEqual(['treatments']);
    expect(issueFields({ ...t([{ treatment: 'landfill', share: 0.5 }]), treatment: 'landfill' })).toEqual(['treatments']);
    expect(issueFields({ ...t([{ treatment: 'landfill', share: 0.5 }]), recycling_rate: 0.2 })).toEqual(['recycling_rate']);
    const ww = { ...base, treatment: 'wastewater' };
    expect(issueFields({ ...ww, mass: 2, mass_unit: 't' })).toEqual(['mass']);
    expect(issueFields({ ...ww, volume: 2, volume_unit: 'm3', recycling_rate: 0.1 })).toEqual(['recycling_rate']);
    expect(issueFields({ ...base, treatment: 'landfill', mass: 2, mass_unit: 't', volume: 2, volume_unit: 'm3' })).toEqual(['volume']);
    expect(issueFields({ ...ww, volume: 2, volume_unit: 'kg' })).toEqual(['volume_unit']);
    expect(issueFields({ ...ww, volume: 2 })).toEqual(['volume_unit']);
    expect(issueFields({ ...ww, volume: -2, volume_unit: 'm3' })).toEqual(['volume']);
  });
});

describe('category 5, a treatment split with a factor of its own per share (`activity`)', () => {
  const split = { ...base, mass: 10, mass_unit: 't' };
  const own: Row[] = [
    ...rows,
    { activity: 'waste.recycling.route_a', value: 0, unit: 'kgCO2e/t' },
    { activity: 'waste.recycling.route_b', value: 10, unit: 'kgCO2e/t' },
  ];

  it('uses the share’s activity, so a treatment may appear once per activity', () => {
    // 10 t × 0.5 × 467 (landfill) + 10 × 0.2 × 0 (route a) + 10 × 0.3 × 10 (route b) = 2,335 + 0 + 30 = 2,365 kg
    const r = calc(
      {
        ...split,
        treatments: [
          { treatment: 'landfill', share: 0.5 },
          { treatment: 'recycling', share: 0.2, activity: 'waste.recycling.route_a' },
          { treatment: 'recycling', share: 0.3, activity: 'waste.recycling.route_b' },
        ],
      },
      own,
    );
    expect(r.kgCo2e).toBeCloseTo(2365, 9);
    expect(r.inputsUsed).toMatchObject({ 'treatments[2].activity': 'waste.recycling.route_b', 'treatments[2].mass': 3 });
    expect(r.inputsUsed).not.toHaveProperty('treatments[0].activity');
  });

  it('refuses a treatment listed twice with the same activity, and activity in category 12', () => {
    const twice = [
      { treatment: 'recycling', share: 0.2, activity: 'waste.recycling.route_a' },
      { treatment: 'recycling', share: 0.3, activity: 'waste.recycling.route_a' },
    ];
    expect(issueFields({ ...split, treatments: twice }, own)).toEqual(['treatments[1].treatment']);
    expect(issueFields({ category: 12, date: '2024-02-15', materials: [{ material: 'paper', mass: 1, mass_unit: 't', treatments: [twice[0]] }] }, own)).toEqual(
      ['materials[0].treatments[0].activity'],
    );
  });
});

describe('GHG Protocol Technical Guidance worked examples', () => {
  it('Example [5.1]: waste-type-specific method', () => {
    // 2,000 t × 40 (plastic, landfill) + 5,000 t × 2 (plastic, incinerated with energy recovery) + 4,000 t × 10 (plastic, recycled)
    //   + 5,000 m³ × 0.5 (wastewater) = 80,000 + 10,000 + 40,000 + 2,500 = 132,500 kg CO2e
    // checked against the guidance text, line 2765
    const exampleRows: Row[] = [
      { activity: 'waste.landfill.plastic', value: 40, unit: 'kgCO2e/t' },
      { activity: 'waste.incineration.plastic', value: 2, unit: 'kgCO2e/t' },
      { activity: 'waste.recycling.plastic', value: 10, unit: 'kgCO2e/t' },
      { activity: 'wastewater', value: 0.5, unit: 'kgCO2e/m3' },
    ];
    const solid = (
      [
        ['landfill', 2000],
        ['incineration', 5000],
        ['recycling', 4000],
      ] as const
    ).map(([treatment, t]) => calc({ ...base, treatment, waste_type: 'plastic', mass: t, mass_unit: 't' }, exampleRows));
    const water = calc({ ...base, treatment: 'wastewater', volume: 5000, volume_unit: 'm3' }, exampleRows);
    expect(solid.every((r) => r.method === 'waste_type_specific')).toBe(true);
    expect(water.kgCo2e).toBeCloseTo(2500, 9);
    expect(solid.reduce((s, r) => s + r.kgCo2e, water.kgCo2e)).toBeCloseTo(132_500, 6);
  });

  it('Example [5.2]: average-data method, two recycling routes with their own factors', () => {
    // 40 t × 25% × 300 (landfill) + 40 × 5% × 0 (incineration with energy recovery) + 40 × 30% × 0 (recycling, recovery
    //   allocated to the recycled material) + 40 × 20% × 10 (recycling, recovery not allocated) + 40 × 20% × 30 (composting)
    //   = 3,000 + 0 + 0 + 80 + 240 = 3,320 kg CO2e
    // checked against the guidance text, line 2838
    const exampleRows: Row[] = [
      { activity: 'waste.landfill', value: 300, unit: 'kgCO2e/t' },
      { activity: 'waste.incineration', value: 0, unit: 'kgCO2e/t' },
      { activity: 'waste.recycling.recovery_allocated', value: 0, unit: 'kgCO2e/t' },
      { activity: 'waste.recycling.recovery_not_allocated', value: 10, unit: 'kgCO2e/t' },
      { activity: 'waste.composting', value: 30, unit: 'kgCO2e/t' },
    ];
    const r = calc(
      {
        ...base,
        mass: 40,
        mass_unit: 't',
        treatments: [
          { treatment: 'landfill', share: 0.25 },
          { treatment: 'incineration', share: 0.05 },
          { treatment: 'recycling', share: 0.3, activity: 'waste.recycling.recovery_allocated' },
          { treatment: 'recycling', share: 0.2, activity: 'waste.recycling.recovery_not_allocated' },
          { treatment: 'composting', share: 0.2 },
        ],
      },
      exampleRows,
    );
    expect([r.tier, r.method]).toEqual([2, 'average_data']);
    expect(r.kgCo2e).toBeCloseTo(3320, 9);
  });
});
