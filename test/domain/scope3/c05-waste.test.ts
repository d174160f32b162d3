import { describe, expect, it } from 'vitest';
import { calc, expectSkipped, issueFields, type Row } from './harness.ts';

const rows: Row[] = [
  { activity: 'waste.landfill', value: 467, unit: 'kgCO2e/t' },
  { activity: 'waste.landfill', value: 400, unit: 'kgCO2e/t', supplierId: 'hauler-1' },
  { activity: 'waste.incineration', value: 21, unit: 'kgCO2e/t' },
  { activity: 'waste.incineration.plastics', value: 21.28, unit: 'kgCO2e/t' },
  { activity: 'waste.composting', value: 20, unit: 'kgCO2e/t', gases: { CH4: 0.5, N2O: 0.02 }, gwpSet: 'AR4' },
  { activity: 'eeio.naics.562212', value: 1.2, unit: 'kgCO2e/USD', region: 'US' },
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
