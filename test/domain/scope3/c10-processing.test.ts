import { describe, expect, it } from 'vitest';
import { calc, expectSkipped, issueFields, type Row } from './harness.ts';

const rows: Row[] = [
  { activity: 'electricity.grid', value: 0.58, unit: 'kgCO2e/kWh', region: 'CN' },
  { activity: 'fuel.natural_gas', value: 2.02, unit: 'kgCO2e/m3' },
  { activity: 'processing.steel_rolling', value: 95, unit: 'kgCO2e/t' },
  { activity: 'waste.landfill', value: 500, unit: 'kgCO2e/t' },
  { activity: 'waste.recycling.steel', value: 20, unit: 'kgCO2e/t' },
];
const base = { category: 10, date: '2024-08-20', region: 'CN' };

describe('category 10, processing of sold products', () => {
  it('site-specific: units × energy per unit × grid ef', () => {
    // 200 t × 50 kWh/t × 0.58 kg/kWh (CN grid) = 10,000 kWh × 0.58 = 5,800 kg
    const r = calc({ ...base, quantity: 200, unit: 't', energy_per_unit: 50, energy_unit: 'kWh' }, rows);
    expect([r.tier, r.method]).toEqual([1, 'site_specific']);
    expect(r.kgCo2e).toBeCloseTo(5800, 9);
    expect(r.inputsUsed).toMatchObject({ energy: 10000, energy_type: 'electricity' });
  });

  it('converts MJ to kWh', () => {
    // 200 t × 180 MJ/t = 36,000 MJ = 10,000 kWh × 0.58 = 5,800 kg
    expect(calc({ ...base, quantity: 200, unit: 't', energy_per_unit: 180, energy_unit: 'MJ' }, rows).kgCo2e).toBeCloseTo(5800, 9);
  });

  it('site-specific with a fuel', () => {
    // 100 t × 30 m³/t = 3,000 m³ × 2.02 kg/m³ (natural gas) = 6,060 kg
    expect(calc({ ...base, quantity: 100, unit: 't', energy_per_unit: 30, energy_unit: 'm3', energy_type: 'natural_gas' }, rows).kgCo2e).toBeCloseTo(6060, 9);
  });

  it('average data: quantity × processing ef, kg converted to t', () => {
    // 200,000 kg = 200 t × 95 kg/t (steel rolling) = 19,000 kg
    const r = calc({ ...base, quantity: 200000, unit: 'kg', process: 'steel_rolling' }, rows);
    expect([r.tier, r.method]).toEqual([2, 'average_data']);
    expect(r.kgCo2e).toBeCloseTo(19000, 9);
    expectSkipped(r, 1, 'site_specific', 'needs energy_per_unit');
  });

  it('falls back to average data when the energy has no factor', () => {
    const r = calc({ ...base, quantity: 200, unit: 't', energy_per_unit: 5, energy_unit: 'kg', energy_type: 'hydrogen', process: 'steel_rolling' }, rows);
    expect([r.tier, r.kgCo2e]).toEqual([2, expect.closeTo(19000, 9)]);
    expectSkipped(r, 1, 'site_specific', 'no factor for fuel.hydrogen in CN');
  });

  it('reports bad fields by name', () => {
    expect(issueFields({ ...base, unit: 't', energy_per_unit: 5, energy_unit: 'km', process: 'Steel Rolling' })).toEqual([
      'energy_unit',
      'process',
      'quantity',
    ]);
    expect(issueFields({ ...base, quantity: 10, unit: 't', energy_per_unit: 5 })).toEqual(['energy_unit']);
    expect(issueFields({ ...base, quantity: Number.POSITIVE_INFINITY, unit: 't', process: 'x', spend: 1 })).toEqual(['quantity', 'spend']);
    expect(issueFields({ ...base, quantity: -200, unit: 'tonnez', energy_per_unit: '50', energy_unit: 'kWh' })).toEqual([
      'energy_per_unit',
      'quantity',
      'unit',
    ]);
  });
});

describe('category 10, site-specific with the waste from processing', () => {
  const site = { ...base, quantity: 200, unit: 't', energy_per_unit: 50, energy_unit: 'kWh', process: 'steel_rolling' };

  it('energy + Σ waste per unit × quantity × waste ef', () => {
    // energy: 200 t × 50 kWh/t × 0.58 kg/kWh = 5,800 kg
    // waste: 200 t × 15 kg/t = 3 t steel scrap recycled × 20 kg/t = 60 kg; 200 t × 5 kg/t = 1 t landfilled × 500 kg/t = 500 kg
    // total 5,800 + 60 + 500 = 6,360 kg
    const r = calc(
      {
        ...site,
        waste: [
          { treatment: 'recycling', waste_type: 'steel', mass_per_unit: 15, mass_unit: 'kg' },
          { treatment: 'landfill', mass_per_unit: 5, mass_unit: 'kg' },
        ],
      },
      rows,
    );
    expect([r.tier, r.method, r.kgCo2e]).toEqual([1, 'site_specific', expect.closeTo(6360, 9)]);
    expect(r.inputsUsed).toMatchObject({
      energy: 10000,
      'waste[0].treatment': 'recycling',
      'waste[0].waste_type': 'steel',
      'waste[0].mass_per_unit': 15,
      'waste[0].mass_per_unit_unit': 'kg',
      'waste[0].mass': expect.closeTo(3, 12),
      'waste[0].mass_unit': 't',
      'waste[1].mass': expect.closeTo(1, 12),
    });
    expect(r.warnings).toEqual([]);
  });

  it("the whole quantity's waste as a total mass", () => {
    // 5,800 kg (energy) + 2 t × 500 kg/t (landfill) = 6,800 kg
    const r = calc({ ...site, waste: [{ treatment: 'landfill', mass: 2000, mass_unit: 'kg' }] }, rows);
    expect(r.kgCo2e).toBeCloseTo(6800, 9);
    expect(r.inputsUsed).toMatchObject({ 'waste[0].mass': 2, 'waste[0].mass_unit': 't' });
  });

  it('a waste factor that is missing makes the site-specific method unusable; the waste is then not used (INPUT_NOT_USED)', () => {
    // 200 t × 95 kg/t (steel rolling) = 19,000 kg
    const r = calc({ ...site, waste: [{ treatment: 'landfill', waste_type: 'slag', mass: 2, mass_unit: 't' }] }, rows);
    expect([r.tier, r.method, r.kgCo2e]).toEqual([2, 'average_data', expect.closeTo(19000, 9)]);
    expectSkipped(r, 1, 'site_specific', 'no factor for waste.landfill.slag in CN');
    expect(r.warnings.map((w) => [w.code, w.message.split(':')[0]])).toEqual([
      ['INPUT_NOT_USED', 'waste is given but not used'],
      ['INPUT_NOT_USED', 'energy_per_unit is given but not used'],
    ]);
  });

  it('industry-average energy: the waste is not used (INPUT_NOT_USED)', () => {
    // 200 t × 50 kWh/t × 0.58 kg/kWh = 5,800 kg, energy only
    const r = calc({ ...site, energy_data: 'industry_average', waste: [{ treatment: 'landfill', mass: 2, mass_unit: 't' }] }, rows);
    expect([r.tier, r.method, r.kgCo2e]).toEqual([2, 'average_data_energy', expect.closeTo(5800, 9)]);
    expect(r.warnings.map((w) => w.code)).toEqual(['INPUT_NOT_USED']);
    expect(r.warnings[0]!.message).toContain('waste is given but not used');
  });

  it('the process average when the energy has no factor: energy_per_unit is not used (INPUT_NOT_USED)', () => {
    // 200 t × 95 kg/t = 19,000 kg
    const r = calc({ ...base, quantity: 200, unit: 't', energy_per_unit: 5, energy_unit: 'kg', energy_type: 'hydrogen', process: 'steel_rolling' }, rows);
    expect(r.kgCo2e).toBeCloseTo(19000, 9);
    expect(r.warnings.map((w) => w.code)).toEqual(['INPUT_NOT_USED']);
    expect(r.warnings[0]!.message).toContain('energy_per_unit is given but not used');
  });

  it('reports bad waste items by name', () => {
    const w = (waste: unknown) => ({ ...site, waste });
    expect(issueFields(w([{ treatment: 'bury', mass: 1, mass_unit: 'L' }]))).toEqual(['waste[0].mass_unit', 'waste[0].treatment']);
    expect(issueFields(w([{ treatment: 'landfill', mass: 1, mass_per_unit: 1, mass_unit: 'kg' }]))).toEqual(['waste[0].mass_per_unit']);
    expect(issueFields(w([{ treatment: 'landfill', mass_unit: 'kg' }]))).toEqual(['waste[0].mass']);
    expect(issueFields(w([{ treatment: 'landfill', mass_per_unit: -1, mass_unit: 'kg', colour: 'grey' }]))).toEqual([
      'waste[0].colour',
      'waste[0].mass_per_unit',
    ]);
    expect(issueFields(w([{ treatment: 'landfill', mass: 1 }]))).toEqual(['waste[0].mass_unit']);
    expect(issueFields(w([{ treatment: 'landfill', waste_type: 'Slag', mass: 1, mass_unit: 'kg' }]))).toEqual(['waste[0].waste_type']);
    expect(issueFields(w([]))).toEqual(['waste']);
    expect(issueFields(w({ treatment: 'landfill' }))).toEqual(['waste']);
  });
});

describe("category 10: the processor's metered energy (formula [10.1])", () => {
  it('Σ energy × ef + Σ waste × waste ef, quantity optional', () => {
    // 10 MWh × 0.58 kg/kWh (CN grid) + 40 m³ gas × 2.02 kg/m³ + 2 t landfill × 500 kg/t = 5,800 + 80.8 + 1,000 = 6,880.8 kg
    const r = calc(
      {
        ...base,
        energy: [
          { type: 'electricity', quantity: 10, unit: 'MWh' },
          { type: 'natural_gas', quantity: 40, unit: 'm3' },
        ],
        waste: [{ treatment: 'landfill', mass: 2, mass_unit: 't' }],
      },
      rows,
    );
    expect([r.tier, r.method]).toEqual([1, 'site_specific']);
    expect(r.kgCo2e).toBeCloseTo(6880.8, 9);
    expect(r.inputsUsed).toMatchObject({ 'energy[0].quantity': 10_000, 'energy[0].unit': 'kWh', 'energy[1].type': 'natural_gas', 'waste[0].mass': 2 });
    expect(r.inputsUsed.quantity).toBeUndefined();
  });

  it('a waste of unspecified treatment: factor waste.unspecified[.<waste_type>]', () => {
    // 1 MWh × 0.58 + 300 kg × 0.4 kg/kg = 580 + 120 = 700 kg
    const r = calc(
      {
        ...base,
        quantity: 5,
        unit: 't',
        energy: [{ type: 'electricity', quantity: 1, unit: 'MWh' }],
        waste: [{ treatment: 'unspecified', waste_type: 'offcuts', mass: 300, mass_unit: 'kg' }],
      },
      [...rows, { activity: 'waste.unspecified.offcuts', value: 0.4, unit: 'kgCO2e/kg' }],
    );
    expect(r.kgCo2e).toBeCloseTo(700, 9);
    expect(r.inputsUsed).toMatchObject({ quantity: 5, unit: 't', 'waste[0].treatment': 'unspecified' });
  });

  it('reports bad metered-energy records by name', () => {
    const e = { ...base, energy: [{ type: 'electricity', quantity: 1, unit: 'MWh' }] };
    expect(issueFields({ ...e, energy_per_unit: 1, energy_unit: 'kWh', quantity: 1, unit: 't' })).toEqual(['energy']);
    expect(issueFields({ ...e, energy_type: 'electricity' })).toEqual(['energy_type']);
    expect(issueFields({ ...e, energy_data: 'industry_average' })).toEqual(['energy_data']);
    expect(issueFields({ ...e, process: 'steel_rolling' })).toEqual(['quantity']);
    expect(issueFields({ ...e, waste: [{ treatment: 'landfill', mass_per_unit: 1, mass_unit: 'kg' }] })).toEqual(['waste[0].mass_per_unit']);
    expect(issueFields({ ...base, energy: [{ type: 'electricity', quantity: 1, unit: 'm2' }] })).toEqual(['energy[0].unit']);
    expect(issueFields({ ...base })).toEqual(['quantity']);
  });
});

describe('GHG Protocol Technical Guidance worked examples', () => {
  // Example [10.1]: natural gas 3,500 kWh × 0.2 + electricity 2,000 kWh × 0.5 + waste 50 kg × 0.5
  //   = 700 + 1,000 + 25 = 1,725 kg (the waste's treatment is not named: "unspecified").
  // checked against the guidance text, line 4041
  it('Example [10.1]: Calculating emissions from processing of sold products using the site-specific method', () => {
    const factors: Row[] = [
      { activity: 'fuel.natural_gas', value: 0.2, unit: 'kgCO2e/kWh' },
      { activity: 'electricity.grid', value: 0.5, unit: 'kgCO2e/kWh' },
      { activity: 'waste.unspecified', value: 0.5, unit: 'kgCO2e/kg' },
    ];
    const r = calc(
      {
        category: 10,
        date: '2024-06-30',
        energy: [
          { type: 'natural_gas', quantity: 3500, unit: 'kWh' },
          { type: 'electricity', quantity: 2000, unit: 'kWh' },
        ],
        waste: [{ treatment: 'unspecified', mass: 50, mass_unit: 'kg' }],
      },
      factors,
    );
    expect([r.tier, r.method]).toEqual([1, 'site_specific']);
    expect(r.kgCo2e).toBe(1725);
  });

  // Example [10.2]: 1,000 kg sold × 1.5 kg CO2e/kg (candy making) = 1,500 kg.
  // checked against the guidance text, line 4158
  it('Example [10.2]: Calculating emissions from processing of sold products using the average data method', () => {
    const r = calc({ category: 10, date: '2024-06-30', quantity: 1000, unit: 'kg', process: 'candy_making' }, [
      { activity: 'processing.candy_making', value: 1.5, unit: 'kgCO2e/kg' },
    ]);
    expect([r.tier, r.method]).toEqual([2, 'average_data']);
    expect(r.kgCo2e).toBe(1500);
  });
});
