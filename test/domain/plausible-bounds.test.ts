/**
 * Plausibility bounds (issue 21, docs/calculations.md "Bounds"): activity amounts per dimension of
 * their unit, factor values per unit, one record's result, activity dates — each refused naming
 * the field; and money conversions that had to take a rate or price index from another year say so.
 */
import { describe, expect, it } from 'vitest';
import { createCurrencyConverter } from '../../src/domain/currency.ts';
import { amountBeyondBound, boundText, factorBeyondBound, factorIssues, MAX_RESULT_KG } from '../../src/domain/plausible-bounds.ts';
import { calc, issues, type Row } from './scope3/harness.ts';

const truck = { category: 4, date: '2024-03-01', mode: 'road.truck_heavy', distance: 500, distance_unit: 'km', mass: 12, mass_unit: 't' };

describe('activity amounts', () => {
  it('are bounded per dimension in its base unit, whatever unit the record uses', () => {
    expect(amountBeyondBound(1e9, 't')).toBeNull();
    expect(amountBeyondBound(1e12, 'kg')).toBeNull();
    expect(amountBeyondBound(1.5e9, 't')).toMatch(/^must be at most 1e9 t \(1e12 kg\), the largest plausible mass of one record/);
    expect(amountBeyondBound(2.3e12, 'lb')).toMatch(/^must be at most 2\.2e12 lb \(1e12 kg\)/);
    expect(amountBeyondBound(2e10, 'km')).toMatch(/^must be at most 1e10 km,/);
    expect(amountBeyondBound(1e20, 'no_such_unit')).toBeNull();
  });

  it('refuse a record beyond them, naming the field (a mass of 1e10 t used to be accepted)', () => {
    expect(issues({ ...truck, mass: 1e10 })).toEqual([{ field: 'mass', message: expect.stringMatching(/^must be at most 1e9 t/) }]);
    expect(issues({ ...truck, distance: 2e10 })).toEqual([{ field: 'distance', message: expect.stringMatching(/^must be at most 1e10 km/) }]);
    const { distance: _d, distance_unit: _u, mass: _m, mass_unit: _mu, ...mode } = truck;
    expect(issues({ ...mode, tkm: 2e13 })).toEqual([{ field: 'tkm', message: 'must be at most 1e13' }]);
    expect(issues({ category: 1, date: '2024-01-01', spend: 2e13 })).toEqual([{ field: 'spend', message: 'must be at most 1e13' }]);
    expect(issues({ category: 6, date: '2024-01-01', travel_type: 'hotel', nights: 2e9 })).toEqual([{ field: 'nights', message: 'must be at most 1e9' }]);
    expect(issues({ category: 12, date: '2024-01-01', materials: [{ material: 'plastic', mass: 2e12, mass_unit: 'kg', treatment: 'landfill' }] })).toEqual([
      { field: 'materials[0].mass', message: expect.stringMatching(/^must be at most 1e12 kg,/) },
    ]);
    // Company figures have their own, higher bound.
    const investment = { category: 15, date: '2024-01-01', company_emissions_tco2e: 100, outstanding: 5e14, evic: 1e15, pcaf_score: 2 };
    expect(calc(investment).kgCo2e).toBeCloseTo(50_000, 6);
    expect(issues({ ...investment, evic: 2e15 })).toEqual([{ field: 'evic', message: 'must be at most 1e15' }]);
  });

  it('accept the largest allowed amount', () => {
    expect(calc({ ...truck, mass: 1e9, distance: 1 }).kgCo2e).toBeCloseTo(1e9 * 0.062, 0);
  });
});

describe('activity dates', () => {
  it('are 1990-01-01 to 2100-12-31 (0001-01-01 and 9999-12-31 used to be accepted, rates clamped)', () => {
    for (const date of ['0001-01-01', '1989-12-31', '2101-01-01', '9999-12-31'])
      expect(issues({ ...truck, date })).toEqual([{ field: 'date', message: `must be between 1990-01-01 and 2100-12-31, got "${date}"` }]);
    expect(calc({ ...truck, date: '1990-01-01' }).kgCo2e).toBe(372);
    expect(calc({ ...truck, date: '2100-12-31' }).kgCo2e).toBe(372);
  });
});

describe('one record’s result', () => {
  it('is at most 1e15 kg: bounded inputs multiplied past any sense are refused', () => {
    const rows: Row[] = [{ activity: 'product.heavy', value: 1e6, unit: 'kgCO2e/kg' }];
    const widget = { category: 1, date: '2024-01-01', product: 'product.heavy', unit: 'kg' };
    expect(calc({ ...widget, quantity: 1e9 }, rows).kgCo2e).toBe(MAX_RESULT_KG);
    expect(issues({ ...widget, quantity: 2e9 }, rows)).toEqual([
      { field: '', message: expect.stringMatching(/^the calculation gave 2e15 kg CO2e, more than the 1e15 kg one record may have/) },
    ]);
  });
});

describe('factor values', () => {
  it('are bounded per unit: 1e6 kg CO2e per kg is 1e9 per t; money 1e3 per currency unit; unknown units 1e9', () => {
    expect(factorBeyondBound(1e6, 'kgCO2e/kg')).toBeNull();
    expect(factorBeyondBound(1e9, 'kgCO2e/t')).toBeNull();
    expect(factorBeyondBound(1.1e9, 'kgCO2e/t')).toMatch(/^must be at most 1e9 kg CO2e per t \(1e6 per kg\)/);
    expect(factorBeyondBound(1e308, 'kgCO2e/kWh')).toMatch(/^must be at most 1000 kg CO2e per kWh, the largest/);
    expect(factorBeyondBound(2000, 'kgCO2e/USD2022')).toMatch(/^must be at most 1000 kg CO2e per USD2022,/);
    expect(factorBeyondBound(0.5, 'kgCO2e/EUR')).toBeNull();
    expect(factorBeyondBound(2e9, 'kgCO2e/widget')).toMatch(/^must be at most 1e9 kg CO2e per widget,/);
    // A franchise is counted (units.ts: an alias of item since issue 17).
    expect(factorBeyondBound(2e9, 'kgCO2e/franchise')).toMatch(/^must be at most 1e9 kg CO2e per franchise \(1e9 per item\),/);
  });

  it('have a unit the engine can compute with, checked when written (issue 17)', () => {
    expect(factorIssues({ value: 0.5, unit: 'kgCO2e/TEU-km' })).toEqual([
      { field: 'unit', message: expect.stringMatching(/^unknown unit "TEU-km" in "kgCO2e\/TEU-km": use kgCO2e\/ with one of mg, g, kg, .*tkm/) },
    ]);
    expect(factorIssues({ value: 0.5, unit: 'CO2/kg' })).toEqual([{ field: 'unit', message: 'factor unit "CO2/kg" is not "kgCO2e/<unit>"' }]);
    for (const unit of ['kgCO2e/franchise', 'kgCO2e/USD2022', 'kgCO2e/EUR', 'kgCO2e/passenger_mile', 'kgCO2e/litres'])
      expect(factorIssues({ value: 1, unit })).toEqual([]);
  });

  it('name the field at fault, the value or one gas', () => {
    expect(factorIssues({ value: 1e308, unit: 'kgCO2e/kg', gases: { CO2: 1, CH4: 2e6 } })).toEqual([
      { field: 'value', message: expect.stringMatching(/^must be at most 1e6 kg CO2e per kg/) },
      { field: 'gases.CH4', message: expect.stringMatching(/^must be at most 1e6 kg CH4 per kg/) },
    ]);
    expect(factorIssues({ value: 3, unit: 'kgCO2e/kg', gases: { CO2: 3 } })).toEqual([]);
  });

  it('bound a supplier’s PCF given in the record as they bound a stored factor', () => {
    expect(issues({ category: 1, date: '2024-01-01', quantity: 1, unit: 't', supplier_pcf: { value: 2e9, unit: 't' } })).toEqual([
      { field: 'supplier_pcf.value', message: expect.stringMatching(/^must be at most 1e9 kg CO2e per t/) },
    ]);
  });

  it('print their bounds readably', () => {
    expect([boundText(7), boundText(100), boundText(1e13), boundText(2.2046e12)]).toEqual(['7', '100', '1e13', '2.2e12']);
  });
});

describe('money conversions from another year', () => {
  const fx = createCurrencyConverter();

  it('warn when the spend year is outside a currency’s exchange-rate table (it used to be clamped silently)', () => {
    expect(fx.convert(100, 'EUR', '2024-02-02', 'USD', 'spend').warnings).toEqual([
      {
        code: 'EXCHANGE_RATE_YEAR_NOT_COVERED',
        message: 'no EUR exchange rate for 2024 (the table covers 2015–2023); the 2023 annual average was used',
      },
    ]);
    expect(fx.convert(100, 'EUR', '1995-02-02', 'USD', 'spend').warnings.map((w) => w.code)).toEqual(['EXCHANGE_RATE_YEAR_NOT_COVERED']);
    // A gap inside the table (EUR 2016) is not outside it: rate_date names the year used.
    expect(fx.convert(100, 'EUR', '2016-02-02', 'USD', 'spend').warnings).toEqual([]);
    expect(fx.convert(100, 'EUR', '2022-02-02', 'USD', 'spend').warnings).toEqual([]);
  });

  it('warn when the spend year or the price year is outside the price index', () => {
    expect(fx.convert(100, 'USD', '2025-05-01', 'USD2022', 'spend').warnings).toEqual([
      { code: 'PRICE_INDEX_YEAR_NOT_COVERED', message: 'no USD price index for 2025 (the table covers 2015–2024); the 2024 value was used' },
    ]);
    expect(fx.convert(100, 'USD', '2023-05-01', 'USD2022', 'spend').warnings).toEqual([]);
  });

  it('reach the result as warnings', () => {
    const r = calc({ category: 1, date: '2024-02-02', spend: 100, currency: 'EUR' }, [], {
      settings: { gwpSet: 'AR5', capitalGoods: 'full_in_purchase_year', deflateSpend: true },
      currency: fx,
    });
    expect(r.warnings.map((w) => w.code)).toEqual(['EXCHANGE_RATE_YEAR_NOT_COVERED']);
  });
});
