import { describe, expect, it } from 'vitest';
import { BUILTIN_FX_RATES, createCurrencyConverter, US_CPI_U } from '../../src/domain/currency.ts';
import { issuesOf } from '../support/issues.ts';

// Federal Reserve G.5A annual averages used below (USD per unit for EUR and GBP, units per USD
// for JPY and CAD): EUR 2015 1.1096, 2019 1.1194, 2021 1.1830, 2022 1.0534, 2023 1.0817;
// GBP 2021 1.3764; JPY 2023 140.5001; CAD 2025 1.3973.
// US CPI-U annual averages (BLS CUUR0000SA0, 1982–84 = 100): 2019 255.657, 2022 292.655, 2024 313.689.
const CPI_2019 = 255.657;
const CPI_2022 = 292.655;
const CPI_2024 = 313.689;

describe('createCurrencyConverter', () => {
  const fx = createCurrencyConverter();

  it('leaves USD to USD alone', () => {
    expect(fx.convert(1234.5, 'USD', '2021-03-04', 'USD', 'spend')).toEqual({ value: 1234.5, unit: 'USD', rate: 1, rateDate: null, deflator: 1, warnings: [] });
  });

  it('converts EUR with the annual average of the spend year', () => {
    // 1,000 EUR in 2019 × 1.1194 USD/EUR = 1,119.40 USD.
    const m = fx.convert(1000, 'EUR', '2019-06-15', 'USD', 'spend');
    expect(m.value).toBeCloseTo(1119.4, 9);
    expect(m).toMatchObject({ unit: 'USD', rate: 1.1194, rateDate: '2019 (annual average)', deflator: 1 });
  });

  it('converts a per-USD currency by dividing', () => {
    // 1,000,000 JPY in 2023 ÷ 140.5001 JPY/USD = 7,117.4327 USD.
    const m = fx.convert(1_000_000, 'JPY', '2023-11-30', 'USD', 'spend');
    expect(m.value).toBeCloseTo(7117.4327, 3);
    expect(m.rateDate).toBe('2023 (annual average)');
  });

  it('deflates USD2019 spend to a USD2022 factor with CPI-U', () => {
    // 1,000 × CPI 2022 / CPI 2019 = 1,000 × 292.655 / 255.657 = 1,144.7173.
    const m = fx.convert(1000, 'USD', '2019-01-10', 'USD2022', 'spend');
    expect(m.deflator).toBeCloseTo(CPI_2022 / CPI_2019, 12);
    expect(m.value).toBeCloseTo(1144.7173, 4);
    expect(m).toMatchObject({ unit: 'USD2022', rate: 1, rateDate: null });
  });

  it('converts first, then deflates: EUR 2019 → USD2022', () => {
    // 1,000 EUR × 1.1194 = 1,119.40 USD(2019) × 292.655 / 255.657 = 1,281.3966 USD2022.
    const m = fx.convert(1000, 'EUR', '2019-12-31', 'USD2022', 'spend');
    expect(m.value).toBeCloseTo(1281.3966, 4);
    expect(m.rate).toBe(1.1194);
    expect(m.deflator).toBeCloseTo(CPI_2022 / CPI_2019, 12);
  });

  it('does not deflate when the spend is already in the price year, or when deflation is off', () => {
    expect(fx.convert(500, 'USD', '2022-07-01', 'USD2022', 'spend')).toMatchObject({ value: 500, deflator: 1 });
    const off = createCurrencyConverter({ deflateSpend: false });
    expect(off.convert(500, 'USD', '2019-07-01', 'USD2022', 'spend')).toMatchObject({ value: 500, deflator: 1, unit: 'USD2022' });
  });

  it('uses the nearest year outside the tables and says which', () => {
    // No CPI-U for 2025 in the table: 2024 is used. 100 USD × 292.655 / 313.689 = 93.2946.
    const cpi = fx.convert(100, 'USD', '2025-05-01', 'USD2022', 'spend');
    expect(cpi.deflator).toBeCloseTo(CPI_2022 / CPI_2024, 12);
    expect(cpi.value).toBeCloseTo(93.2946, 4);
    // No EUR rate for 2024: 2023 (1.0817) is used.
    expect(fx.convert(100, 'EUR', '2024-02-02', 'USD', 'spend')).toMatchObject({ rate: 1.0817, rateDate: '2023 (annual average)' });
    // 2016 is equally far from 2015 and 2017: the earlier year wins (1.1096).
    expect(fx.convert(100, 'EUR', '2016-02-02', 'USD', 'spend')).toMatchObject({ rate: 1.1096, rateDate: '2015 (annual average)' });
    // Before the table: 2015; after it: the last year there is (CAD has 2025: 1.3973).
    expect(fx.convert(100, 'EUR', '2009-02-02', 'USD', 'spend').rateDate).toBe('2015 (annual average)');
    expect(fx.convert(1397.3, 'CAD', '2031-02-02', 'USD', 'spend')).toMatchObject({ rateDate: '2025 (annual average)' });
    expect(fx.convert(1397.3, 'CAD', '2031-02-02', 'USD', 'spend').value).toBeCloseTo(1000, 9);
  });

  it('converts into a non-USD factor currency through USD', () => {
    // 1,000 USD in 2022 ÷ 1.0534 USD/EUR = 949.3070 EUR.
    expect(fx.convert(1000, 'USD', '2022-03-01', 'EUR', 'spend').value).toBeCloseTo(949.307, 3);
    // 1,000 EUR in 2021 → GBP: 1.1830 / 1.3764 = 0.859489 GBP per EUR.
    const m = fx.convert(1000, 'EUR', '2021-03-01', 'GBP', 'spend');
    expect(m.rate).toBeCloseTo(1.183 / 1.3764, 12);
    expect(m.value).toBeCloseTo(859.4885, 4);
    expect(m.rateDate).toBe('2021 (annual average)');
    // Legs from different years are both named: EUR 2023 (nearest to 2024) and JPY 2024.
    expect(fx.convert(1, 'EUR', '2024-01-01', 'JPY', 'spend').rateDate).toBe('EUR 2023, JPY 2024 (annual averages)');
  });

  it('names the field for an unknown currency and lists the known ones', () => {
    expect(issuesOf(() => fx.convert(10, 'XYZ', '2022-01-01', 'USD', 'spend'))).toEqual([
      { field: 'spend', message: 'unknown currency "XYZ"; known: AUD, BRL, CAD, CHF, CNY, EUR, GBP, INR, JPY, MXN, SEK, USD' },
    ]);
    expect(issuesOf(() => fx.convert(10, 'USD', '2022-01-01', 'kWh', 'capex'))[0]!.field).toBe('capex');
    expect(issuesOf(() => fx.convert(10, 'USD', '2022-01-01', 'ZZZ2020', 'spend'))[0]!.message).toMatch(/no exchange rates/);
    expect(issuesOf(() => fx.convert(10, 'USD', '2022', 'USD2020', 'spend'))[0]!.message).toMatch(/YYYY-MM-DD/);
    expect(issuesOf(() => fx.convert(Number.NaN, 'USD', '2022-01-01', 'USD', 'spend'))[0]!.field).toBe('spend');
  });

  it('needs a price index to deflate into a non-USD price year', () => {
    expect(issuesOf(() => fx.convert(10, 'EUR', '2019-01-01', 'EUR2021', 'spend'))[0]!.message).toMatch(/no price index for EUR/);
    // Nominal conversion when deflation is off; with an index given, index(P)/index(Y).
    expect(createCurrencyConverter({ deflateSpend: false }).convert(10, 'EUR', '2019-01-01', 'EUR2021', 'spend').value).toBe(10);
    const withHicp = createCurrencyConverter({
      priceIndex: [
        { currency: 'EUR', year: 2019, value: 100 },
        { currency: 'EUR', year: 2021, value: 105 },
      ],
    });
    expect(withHicp.convert(10, 'EUR', '2019-01-01', 'EUR2021', 'spend')).toMatchObject({ deflator: 1.05, rate: 1, rateDate: null });
  });

  it('takes extra or overriding rates', () => {
    const custom = createCurrencyConverter({
      rates: [
        { currency: 'NOK', year: 2022, usdPerUnit: 0.104 },
        { currency: 'EUR', year: 2024, usdPerUnit: 1.08 },
      ],
    });
    expect(custom.convert(100, 'NOK', '2022-05-05', 'USD', 'spend').value).toBeCloseTo(10.4, 12);
    expect(custom.convert(100, 'EUR', '2024-05-05', 'USD', 'spend')).toMatchObject({ rate: 1.08, rateDate: '2024 (annual average)' });
    expect(() => createCurrencyConverter({ rates: [{ currency: 'NOK', year: 2022, usdPerUnit: -1 }] })).toThrow(RangeError);
  });
});

describe('built-in tables', () => {
  it('hold positive rates for the documented currencies and years', () => {
    const years = (c: string) =>
      BUILTIN_FX_RATES.filter((r) => r.currency === c)
        .map((r) => r.year)
        .sort();
    const all = [2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025];
    for (const c of ['BRL', 'CAD', 'CHF', 'CNY', 'INR', 'JPY', 'MXN', 'SEK']) expect(years(c), c).toEqual(all);
    // EUR, GBP, AUD: 2016, 2024, 2025 left out (see currency.ts).
    for (const c of ['AUD', 'EUR', 'GBP']) expect(years(c), c).toEqual([2015, 2017, 2018, 2019, 2020, 2021, 2022, 2023]);
    for (const r of BUILTIN_FX_RATES) expect(r.usdPerUnit).toBeGreaterThan(0);
    // Spot checks of the direction: a yen is worth under a cent, a pound over a dollar.
    expect(BUILTIN_FX_RATES.find((r) => r.currency === 'JPY' && r.year === 2023)!.usdPerUnit).toBeCloseTo(1 / 140.5001, 12);
    expect(BUILTIN_FX_RATES.find((r) => r.currency === 'GBP' && r.year === 2023)!.usdPerUnit).toBe(1.244);
    expect(Object.keys(US_CPI_U).map(Number)).toEqual([2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024]);
  });
});
