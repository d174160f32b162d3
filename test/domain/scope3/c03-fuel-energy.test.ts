import { describe, expect, it } from 'vitest';
import { calc, expectSkipped, issueFields, type Row } from './harness.ts';

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
