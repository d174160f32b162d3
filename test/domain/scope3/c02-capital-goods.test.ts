import { describe, expect, it } from 'vitest';
import { calc, expectSkipped, issueFields, issues, type Row, straightLineCtx } from './harness.ts';

const rows: Row[] = [
  { activity: 'capital.server', value: 1000, unit: 'kgCO2e/item' },
  { activity: 'capital.server', value: 800, unit: 'kgCO2e/item', supplierId: 'sup-1' },
  { activity: 'capital.steel_structure', value: 1850, unit: 'kgCO2e/t' },
  { activity: 'eeio.naics.333924', value: 0.3, unit: 'kgCO2e/USD', region: 'US' },
];
const base = { category: 2, date: '2024-03-01' };

describe('category 2, capital goods', () => {
  it('tier 1 inline supplier PCF: quantity × PCF, in full in the purchase year', () => {
    // 4 forklifts × 1,500 kg/item (supplier PCF) = 6,000 kg
    const r = calc({ ...base, asset: 'capital.forklift', quantity: 4, unit: 'item', supplier_pcf: { value: 1500, unit: 'item' } }, rows);
    expect(r.tier).toBe(1);
    expect(r.method).toBe('supplier_pcf');
    expect(r.kgCo2e).toBeCloseTo(6000, 9);
    expect(r.inputsUsed).toMatchObject({ quantity: 4, supplier_pcf: 1500, allocation: 'full_in_purchase_year' });
  });

  it("tier 1 from the supplier's own factor in the broker", () => {
    // 10 servers × 800 kg/item (sup-1's factor) = 8,000 kg
    const r = calc({ ...base, supplier_id: 'sup-1', asset: 'capital.server', quantity: 10, unit: 'item' }, rows);
    expect([r.tier, r.method]).toEqual([1, 'supplier_specific']);
    expect(r.kgCo2e).toBeCloseTo(8000, 9);
  });

  it('falls back to tier 2 when the supplier has no factor of its own, and says why', () => {
    // 10 servers × 1,000 kg/item (average) = 10,000 kg
    const r = calc({ ...base, supplier_id: 'sup-2', asset: 'capital.server', quantity: 10, unit: 'item' }, rows);
    expect([r.tier, r.method]).toEqual([2, 'average_data']);
    expect(r.kgCo2e).toBeCloseTo(10000, 9);
    expectSkipped(r, 1, 'supplier_specific', 'no supplier_specific factor for capital.server');
  });

  it('straight-line setting: (quantity × ef) / useful_life_years, with a warning', () => {
    // 10 × 1,000 kg / 5 years = 2,000 kg this year
    const r = calc({ ...base, asset: 'capital.server', quantity: 10, unit: 'item', useful_life_years: 5 }, rows, straightLineCtx);
    expect(r.kgCo2e).toBeCloseTo(2000, 9);
    expect(r.inputsUsed).toMatchObject({ allocation: 'straight_line', useful_life_years: 5, quantity: 10 });
    expect(r.warnings.map((w) => w.message).join(' ')).toContain('straight-line');
  });

  it('straight-line also spreads the spend-based amount', () => {
    // 50,000 USD × 0.45 kg/USD (manufacturing, built-in) / 10 years = 2,250 kg
    const r = calc({ ...base, capex: 50000, sector: 'manufacturing', useful_life_years: 10 }, rows, straightLineCtx);
    expect(r.kgCo2e).toBeCloseTo(2250, 9);
  });

  it('straight-line without useful_life_years is an input error', () => {
    expect(issueFields({ ...base, asset: 'capital.server', quantity: 10, unit: 'item' }, rows, straightLineCtx)).toEqual(['useful_life_years']);
  });

  it('converts lb to the factor unit (t)', () => {
    // 5,000 lb = 5,000 × 0.45359237 / 1,000 = 2.26796185 t; × 1,850 kg/t = 4,195.7294225 kg
    const r = calc({ ...base, asset: 'capital.steel_structure', quantity: 5000, unit: 'lb' }, rows);
    expect(r.inputsUsed.quantity).toBeCloseTo(2.26796185, 9);
    expect(r.kgCo2e).toBeCloseTo(4195.7294225, 6);
  });

  it('tier 3 from capex only: EUR converted to USD, sector factor', () => {
    // 50,000 EUR × 1.10 USD/EUR = 55,000 USD × 0.45 kg/USD (manufacturing, built-in) = 24,750 kg
    const r = calc({ ...base, capex: 50000, currency: 'EUR', sector: 'manufacturing' }, rows);
    expect([r.tier, r.method]).toEqual([3, 'spend_based_sector']);
    expect(r.kgCo2e).toBeCloseTo(24750, 6);
    expect(r.inputsUsed.capex).toBeCloseTo(55000, 9);
    expect(r.inputsUsed).toMatchObject({ capex_unit: 'USD', fx_rate: 1.1, fx_date: '2024-03-01' });
    expectSkipped(r, 1, 'supplier_specific', 'needs quantity');
    expectSkipped(r, 2, 'average_data', 'needs asset');
  });

  it('tier 3 by NAICS-6', () => {
    // 20,000 USD × 0.3 kg/USD (NAICS 333924) = 6,000 kg
    const r = calc({ ...base, capex: 20000, naics: '333924' }, rows);
    expect([r.tier, r.method]).toEqual([3, 'spend_based']);
    expect(r.kgCo2e).toBeCloseTo(6000, 9);
  });

  it('reports every bad field by name', () => {
    expect(issueFields({ ...base, asset: 'capital.server', quantity: -5, unit: 'furlong', color: 'red', capex: '100', useful_life_years: Number.NaN })).toEqual(
      ['capex', 'color', 'quantity', 'unit', 'useful_life_years'],
    );
    expect(issueFields({ ...base, asset: 'capital.server', quantity: 1, unit: 'item', supplier_pcf: { value: 'x' } })).toEqual([
      'supplier_pcf.unit',
      'supplier_pcf.value',
    ]);
    expect(issueFields({ ...base, asset: 'capital.server', quantity: 3 })).toEqual(['unit']);
    expect(issues({ ...base, quantity: 5, unit: 'kg' })[0]!.message).toContain('not enough data');
  });
});
