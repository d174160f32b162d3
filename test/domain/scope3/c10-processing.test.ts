import { describe, expect, it } from 'vitest';
import { calc, expectSkipped, issueFields, type Row } from './harness.ts';

const rows: Row[] = [
  { activity: 'electricity.grid', value: 0.58, unit: 'kgCO2e/kWh', region: 'CN' },
  { activity: 'fuel.natural_gas', value: 2.02, unit: 'kgCO2e/m3' },
  { activity: 'processing.steel_rolling', value: 95, unit: 'kgCO2e/t' },
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
