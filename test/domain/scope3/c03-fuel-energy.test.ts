import { describe, expect, it } from 'vitest';
import { calc, expectSkipped, issueFields, issues, type Row } from './harness.ts';

const rows: Row[] = [
  { activity: 'wtt.natural_gas', value: 0.0306, unit: 'kgCO2e/kWh' },
  { activity: 'wtt.diesel', value: 0.61, unit: 'kgCO2e/L' },
  { activity: 'electricity.wtt', value: 0.046, unit: 'kgCO2e/kWh', region: 'GB' },
  { activity: 'electricity.wtt', value: 0.03, unit: 'kgCO2e/kWh', region: 'GB', supplierId: 'utility-1' },
  { activity: 'electricity.td_loss', value: 0.018, unit: 'kgCO2e/kWh', region: 'GB' },
  { activity: 'electricity.grid', value: 0.207, unit: 'kgCO2e/kWh', region: 'GB' },
  { activity: 'electricity.wtt', value: 0.0456, unit: 'kgCO2e/kWh', region: 'DE', gases: { CO2: 0.04, CH4: 0.0002 } },
  { activity: 'electricity.td_loss', value: 0.018, unit: 'kgCO2e/kWh', region: 'DE', gases: { CO2: 0.018 } },
];
const base = { category: 3, date: '2024-06-30' };

describe('category 3, fuel- and energy-related activities', () => {
  it('upstream of a fuel: qty × wtt ef', () => {
    // 10,000 kWh × 0.0306 kg/kWh (WTT natural gas) = 306 kg
    const r = calc({ ...base, energy_type: 'natural_gas', quantity: 10000, unit: 'kWh' }, rows);
    expect([r.tier, r.method]).toEqual([2, 'average_data']);
    expect(r.kgCo2e).toBeCloseTo(306, 9);
  });

  it('converts US gallons to litres', () => {
    // 1,000 gal_us × 3.785411784 L/gal = 3,785.411784 L × 0.61 kg/L = 2,309.10118824 kg
    const r = calc({ ...base, energy_type: 'diesel', quantity: 1000, unit: 'gal_us' }, rows);
    expect(r.inputsUsed.quantity).toBeCloseTo(3785.411784, 9);
    expect(r.kgCo2e).toBeCloseTo(2309.10118824, 6);
  });

  it('electricity: qty × (upstream ef + T&D loss ef)', () => {
    // 50,000 kWh × (0.046 + 0.018) kg/kWh = 3,200 kg
    const r = calc({ ...base, region: 'GB', energy_type: 'electricity', quantity: 50000, unit: 'kWh' }, rows);
    expect(r.kgCo2e).toBeCloseTo(3200, 9);
    expect(r.inputsUsed.td_method).toBe('td_loss_factor');
  });

  it('electricity with td_loss_pct: qty × upstream + qty × grid ef × pct/100 (MWh converted)', () => {
    // 50 MWh = 50,000 kWh; 50,000 × 0.046 + 50,000 × 0.207 × 5/100 = 2,300 + 517.5 = 2,817.5 kg
    const r = calc({ ...base, region: 'GB', energy_type: 'electricity', quantity: 50, unit: 'MWh', td_loss_pct: 5 }, rows);
    expect(r.kgCo2e).toBeCloseTo(2817.5, 9);
    expect(r.inputsUsed).toMatchObject({ quantity: 50000, td_loss_pct: 5, td_method: 'grid_x_td_loss_pct' });
    expect(r.warnings).toEqual([]);
  });

  it('warns when td_loss_pct looks like a fraction', () => {
    const r = calc({ ...base, region: 'GB', energy_type: 'electricity', quantity: 1000, unit: 'kWh', td_loss_pct: 0.05 }, rows);
    expect(r.warnings.map((w) => w.message).join(' ')).toContain('percentage');
  });

  it("tier 1: the utility's own upstream factor, T&D from the grid average", () => {
    // 50,000 × 0.03 (utility-1) + 50,000 × 0.018 (T&D) = 1,500 + 900 = 2,400 kg
    const r = calc({ ...base, region: 'GB', supplier_id: 'utility-1', energy_type: 'electricity', quantity: 50000, unit: 'kWh' }, rows);
    expect([r.tier, r.method]).toEqual([1, 'supplier_specific']);
    expect(r.kgCo2e).toBeCloseTo(2400, 9);
  });

  it('falls back to tier 2 when the supplier has no factor', () => {
    const r = calc({ ...base, region: 'GB', supplier_id: 'utility-9', energy_type: 'electricity', quantity: 50000, unit: 'kWh' }, rows);
    expect(r.tier).toBe(2);
    expect(r.kgCo2e).toBeCloseTo(3200, 9);
    expectSkipped(r, 1, 'supplier_specific', 'no supplier_specific factor for electricity.wtt in GB');
  });

  it('sums gas breakdowns of both parts', () => {
    // 1,000 kWh: CO2 1,000 × (0.04 + 0.018) = 58 kg, CH4 1,000 × 0.0002 = 0.2 kg;
    // CO2e (AR5) = 58 + 0.2 × 28 = 63.6 kg
    const r = calc({ ...base, region: 'DE', energy_type: 'electricity', quantity: 1000, unit: 'kWh' }, rows);
    expect(r.gases!.CO2).toBeCloseTo(58, 9);
    expect(r.gases!.CH4).toBeCloseTo(0.2, 9);
    expect(r.kgCo2e).toBeCloseTo(63.6, 9);
  });

  it('reports bad fields by name', () => {
    expect(issueFields({ ...base, energy_type: 'diesel', quantity: 10, unit: 'L', td_loss_pct: 5 })).toEqual(['td_loss_pct']);
    expect(issueFields({ ...base, quantity: 10, unit: 'km', td_loss_pct: 150 })).toEqual(['energy_type', 'td_loss_pct', 'unit']);
    expect(issueFields({ ...base, energy_type: 'Natural Gas', unit: 'kWh', spend: 5 })).toEqual(['energy_type', 'quantity', 'spend']);
    expect(issueFields({ ...base, energy_type: 'diesel', quantity: '10', unit: 'L' })).toEqual(['quantity']);
    expect(issueFields({ ...base, energy_type: 'diesel', quantity: -1, unit: 'bogus', td_loss_pct: Number.NaN })).toEqual(['quantity', 'td_loss_pct', 'unit']);
  });

  it('a litre quantity cannot meet a per-kWh factor: the unit is named', () => {
    expect(issueFields({ ...base, energy_type: 'natural_gas', quantity: 10, unit: 'L' }, rows)).toEqual(['unit']);
  });
});

describe('category 3, T&D losses of purchased heat, steam and cooling (activity C)', () => {
  const heatRows: Row[] = [
    { activity: 'wtt.district_heat', value: 0.026, unit: 'kgCO2e/kWh' },
    { activity: 'heat.district.td_loss', value: 0.009, unit: 'kgCO2e/kWh' },
    { activity: 'wtt.steam', value: 0.03, unit: 'kgCO2e/kWh' },
    { activity: 'heat.steam', value: 0.2, unit: 'kgCO2e/kWh' },
    { activity: 'wtt.district_cooling', value: 0.01, unit: 'kgCO2e/kWh' },
    { activity: 'wtt.district_cooling', value: 0.008, unit: 'kgCO2e/kWh', supplierId: 'dc-1' },
    { activity: 'cooling.district.td_loss', value: 0.004, unit: 'kgCO2e/kWh' },
  ];

  it('district heat without td_losses: upstream only, as before', () => {
    // 20,000 kWh × 0.026 kg/kWh (WTT district heat) = 520 kg
    const r = calc({ ...base, energy_type: 'district_heat', quantity: 20000, unit: 'kWh' }, heatRows);
    expect([r.tier, r.method, r.kgCo2e]).toEqual([2, 'average_data', expect.closeTo(520, 9)]);
    expect(r.inputsUsed.td_method).toBeUndefined();
  });

  it('district heat with td_losses: qty × (upstream ef + heat.district.td_loss)', () => {
    // 20,000 kWh × (0.026 + 0.009) kg/kWh = 520 + 180 = 700 kg
    const r = calc({ ...base, energy_type: 'district_heat', quantity: 20000, unit: 'kWh', td_losses: true }, heatRows);
    expect([r.tier, r.method, r.kgCo2e]).toEqual([2, 'average_data', expect.closeTo(700, 9)]);
    expect(r.inputsUsed).toMatchObject({ quantity: 20000, td_method: 'td_loss_factor' });
    expect(r.factors.map((f) => f.id).sort()).toEqual(['test:heat.district.td_loss:GLOBAL', 'test:wtt.district_heat:GLOBAL']);
  });

  it('steam with td_loss_pct: qty × upstream + qty × generation ef × pct/100 (GJ converted)', () => {
    // 36 GJ = 10,000 kWh; 10,000 × 0.03 + 10,000 × 0.2 (heat.steam) × 10/100 = 300 + 200 = 500 kg
    const r = calc({ ...base, energy_type: 'steam', quantity: 36, unit: 'GJ', td_loss_pct: 10 }, heatRows);
    expect(r.kgCo2e).toBeCloseTo(500, 9);
    expect(r.inputsUsed).toMatchObject({ quantity: 10000, td_loss_pct: 10, td_method: 'grid_x_td_loss_pct' });
    expect(r.warnings).toEqual([]);
  });

  it("tier 1 cooling: the supplier's upstream factor, the network's T&D-loss factor", () => {
    // 5,000 kWh × 0.008 (dc-1) + 5,000 × 0.004 (cooling.district.td_loss) = 40 + 20 = 60 kg
    const r = calc({ ...base, supplier_id: 'dc-1', energy_type: 'district_cooling', quantity: 5, unit: 'MWh', td_losses: true }, heatRows);
    expect([r.tier, r.method, r.kgCo2e]).toEqual([1, 'supplier_specific', expect.closeTo(60, 9)]);
  });

  it('td_losses without a T&D-loss factor: refused, naming the key', () => {
    const msg = issues({ ...base, energy_type: 'steam', quantity: 1000, unit: 'kWh', td_losses: true }, heatRows)[0]!.message;
    expect(msg).toContain('no factor for heat.steam.td_loss');
  });

  it('electricity: td_losses true changes nothing (its T&D losses are always counted)', () => {
    const plain = calc({ ...base, region: 'GB', energy_type: 'electricity', quantity: 50000, unit: 'kWh' }, rows);
    const flagged = calc({ ...base, region: 'GB', energy_type: 'electricity', quantity: 50000, unit: 'kWh', td_losses: true }, rows);
    // 50,000 kWh × (0.046 + 0.018) kg/kWh = 3,200 kg, same inputs, same lineage
    expect([flagged.kgCo2e, flagged.lineageHash]).toEqual([plain.kgCo2e, plain.lineageHash]);
    expect(flagged.kgCo2e).toBeCloseTo(3200, 9);
  });

  it('reports bad td_losses and td_loss_pct by name', () => {
    const heat = { ...base, energy_type: 'district_heat', quantity: 10, unit: 'kWh' };
    expect(issueFields({ ...base, energy_type: 'diesel', quantity: 10, unit: 'L', td_losses: true })).toEqual(['td_losses']);
    expect(issueFields({ ...base, energy_type: 'electricity', quantity: 10, unit: 'kWh', td_losses: false })).toEqual(['td_losses']);
    expect(issueFields({ ...heat, td_losses: 'yes' })).toEqual(['td_losses']);
    expect(issueFields({ ...heat, td_losses: false, td_loss_pct: 5 })).toEqual(['td_losses']);
    expect(issueFields({ ...heat, td_loss_pct: 120 })).toEqual(['td_loss_pct']);
  });
});

describe('GHG Protocol Technical Guidance worked examples', () => {
  it('Example [3.1]: upstream emissions of purchased electricity and heating, with T&D losses', () => {
    // Upstream of electricity (activity B): 500,000 × 0.12 + 600,000 × 0.10 + 400,000 × 0.15 + 5,500,000 × 0.10 + 200,000 × 0.05 = 740,000
    // T&D losses (activity C), kWh × combustion ef × loss rate: 500,000 × 0.8 × 10% + 600,000 × 0.4 × 13% + 50,000 × 0.15 × 5% (heat)
    //   + 400,000 × 0.8 × 15% + 5,500,000 × 0.5 × 10% + 200,000 × 0.4 × 12% = 40,000 + 31,200 + 375 + 48,000 + 275,000 + 9,600 = 404,175
    // Upstream of district heating (activity B): 50,000 × 0.05 = 2,500
    // total = 740,000 + 404,175 + 2,500 = 1,146,675 kg CO2e
    // checked against the guidance text, line 1674
    const countries: Array<[string, number, number, number, number]> = [
      ['AU', 500_000, 0.12, 0.8, 10],
      ['CA', 600_000, 0.1, 0.4, 13],
      ['IN', 400_000, 0.15, 0.8, 15],
      ['US', 5_500_000, 0.1, 0.5, 10],
      ['TR', 200_000, 0.05, 0.4, 12],
    ];
    const exampleRows: Row[] = [
      ...countries.flatMap(([region, , upstream, combustion]) => [
        { activity: 'electricity.wtt', value: upstream, unit: 'kgCO2e/kWh', region },
        { activity: 'electricity.grid', value: combustion, unit: 'kgCO2e/kWh', region },
      ]),
      { activity: 'wtt.district_heat', value: 0.05, unit: 'kgCO2e/kWh', region: 'CA' },
      { activity: 'heat.district', value: 0.15, unit: 'kgCO2e/kWh', region: 'CA' },
    ];
    const electricity = countries.map(([region, kwh, , , pct]) =>
      calc({ ...base, region, energy_type: 'electricity', quantity: kwh, unit: 'kWh', td_loss_pct: pct }, exampleRows),
    );
    const heat = calc({ ...base, region: 'CA', energy_type: 'district_heat', quantity: 50_000, unit: 'kWh', td_loss_pct: 5 }, exampleRows);
    expect(electricity.every((r) => r.inputsUsed.td_method === 'grid_x_td_loss_pct')).toBe(true);
    // Canada's electricity: 600,000 × 0.1 + 600,000 × 0.4 × 13% = 60,000 + 31,200 = 91,200
    expect(electricity[1]!.kgCo2e).toBeCloseTo(91_200, 6);
    // heat: 2,500 + 375 = 2,875
    expect(heat.kgCo2e).toBeCloseTo(2875, 9);
    expect(electricity.reduce((s, r) => s + r.kgCo2e, heat.kgCo2e)).toBeCloseTo(1_146_675, 6);
  });
});
