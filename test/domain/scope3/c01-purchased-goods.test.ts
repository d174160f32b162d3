import { describe, expect, it } from 'vitest';
import { calc, expectSkipped, issueFields, type Row } from './harness.ts';

const rows: Row[] = [
  { activity: 'material.steel', value: 1.85, unit: 'kgCO2e/kg' },
  { activity: 'material.steel', value: 1.2, unit: 'kgCO2e/kg', supplierId: 'sup-1' },
  { activity: 'eeio.naics.331110', value: 0.787, unit: 'kgCO2e/USD', region: 'US' },
  { activity: 'spend.manufacturing', value: 0.45, unit: 'kgCO2e/USD' },
];
const base = { category: 1, date: '2024-03-01' };

describe('category 1, purchased goods and services', () => {
  it('tier 1 inline supplier PCF: quantity × PCF, converted to the PCF’s unit', () => {
    // 2 t = 2,000 kg × 1.1 kg CO2e/kg (supplier PCF) = 2,200 kg
    const r = calc({ ...base, product: 'material.steel', quantity: 2, unit: 't', supplier_pcf: { value: 1.1, unit: 'kg' } }, rows);
    expect([r.tier, r.method]).toEqual([1, 'supplier_pcf']);
    expect(r.kgCo2e).toBeCloseTo(2200, 9);
    expect(r.inputsUsed).toMatchObject({ quantity: 2000, unit: 'kg', supplier_pcf: 1.1 });
  });

  it("tier 1 from the supplier's own factor in the broker", () => {
    // 500 kg × 1.2 kg CO2e/kg (sup-1's steel) = 600 kg
    const r = calc({ ...base, supplier_id: 'sup-1', product: 'material.steel', quantity: 500, unit: 'kg' }, rows);
    expect([r.tier, r.method]).toEqual([1, 'supplier_specific']);
    expect(r.kgCo2e).toBeCloseTo(600, 9);
  });

  it('tier 2 average data when the supplier has no factor, with the reason recorded', () => {
    // 1,000 lb = 453.59237 kg × 1.85 kg CO2e/kg = 839.1458845 kg
    const r = calc({ ...base, supplier_id: 'sup-2', product: 'material.steel', quantity: 1000, unit: 'lb' }, rows);
    expect([r.tier, r.method]).toEqual([2, 'average_data']);
    expect(r.kgCo2e).toBeCloseTo(839.1458845, 9);
    expectSkipped(r, 1, 'supplier_specific', 'no supplier_specific factor for material.steel');
  });

  it('tier 3 spend-based by NAICS, then by sector', () => {
    // 1,000 USD × 0.787 kg CO2e/USD (NAICS 331110) = 787 kg
    const naics = calc({ ...base, spend: 1000, naics: '331110' }, rows);
    expect([naics.tier, naics.method]).toEqual([3, 'spend_based']);
    expect(naics.kgCo2e).toBeCloseTo(787, 9);
    // 1,000 USD × 0.45 kg CO2e/USD (manufacturing average) = 450 kg
    const sector = calc({ ...base, spend: 1000, sector: 'manufacturing' }, rows);
    expect([sector.tier, sector.method]).toEqual([3, 'spend_based_sector']);
    expect(sector.kgCo2e).toBeCloseTo(450, 9);
    expectSkipped(sector, 2, 'average_data', 'needs product, quantity and unit');
  });

  it('names every bad field', () => {
    expect(issueFields({ ...base, quantity: -1, unit: 'furlong', spend: 'lots', currency: 'usd', naics: '12', colour: 'red' }, rows)).toEqual([
      'colour',
      'currency',
      'naics',
      'quantity',
      'spend',
      'unit',
    ]);
    expect(issueFields({ ...base, product: 'material.steel', quantity: 5, supplier_pcf: { value: 1 } }, rows)).toEqual(['supplier_pcf.unit', 'unit']);
  });
});
