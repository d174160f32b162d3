/**
 * Money conversion for spend-based factors: currency (annual-average exchange rates) and price
 * year (a consumer price index), so spend in any known currency and year can be multiplied by a
 * factor in e.g. kg CO2e per USD2022. Pure: the tables are data in this file, or passed in.
 *
 * convert(amount, currency, date, target):
 *   1. Y = the spend date's year. The exchange rate of each non-USD currency is its annual
 *      average for Y, or for the nearest year in the table when Y is not there (ties: the
 *      earlier year); `rateDate` names the year(s) used, e.g. "2019 (annual average)".
 *   2. value in the target currency = amount × usdPerUnit(currency) / usdPerUnit(target).
 *   3. When the target names a price year P (`USD2022`) and deflateSpend is on (the default):
 *      × index(P) / index(Y), with the target currency's price index (built in: US CPI-U for USD;
 *      others only if given in `priceIndex`, else an error). Years outside the index table use
 *      the nearest year, as for rates. A target without a year (`USD`) is never deflated.
 *   A year before or after a table (a currency's rates, a price index) takes the nearest year's
 *   value and says so in `warnings` (EXCHANGE_RATE_YEAR_NOT_COVERED, PRICE_INDEX_YEAR_NOT_COVERED);
 *   a gap inside a table shows in `rateDate` only.
 *
 * EXCHANGE RATES — source: Board of Governors of the Federal Reserve System, statistical
 * release G.5A "Foreign Exchange Rates (Annual)", https://www.federalreserve.gov/releases/g5a/
 * (averages of daily noon buying rates in New York; currency units per USD, except EUR, GBP and
 * AUD, quoted in USD per unit — kept here as published, marked usd_per_unit).
 *   - 2015: release of 4 January 2016 (…/g5a/20160104/); INR, JPY and MXN were published there
 *     with 2–3 decimals and are kept so.
 *   - 2017–2020: release dated 1 November 2021 (…/g5a/20210104); 2020–2023: release of
 *     1 February 2024 (…/g5a/20240201); the 2020 column agrees in both.
 *   - 2016, 2024, 2025: the same G.5A series as republished in FRED (annual series AEX…US),
 *     for the currencies quoted per USD only; those republished values agree with the release
 *     pages to the last digit in every year both show.
 *   - Not included (no value verified from the release itself): EUR, GBP and AUD for 2016,
 *     2024 and 2025. Spend in those years uses the nearest year (2015/2023) and says so in
 *     `rateDate`. Pass `rates` to add or override years.
 *
 * PRICE INDEX — US CPI-U, U.S. city average, all items, not seasonally adjusted, annual average,
 * 1982–84 = 100 (BLS series CUUR0000SA0, https://data.bls.gov/timeseries/CUUR0000SA0), 2015–2024.
 * 2025 is left out: its annual average could not be verified (spend in 2025 uses 2024).
 */
import { CalculationError, type CalculationWarning, type CurrencyConverter, type MoneyConversion } from './scope3/types.ts';

/** One annual-average exchange rate: the USD value of one unit of `currency` in `year`. */
export interface FxRate {
  currency: string;
  year: number;
  usdPerUnit: number;
}

/** One annual price-index value of a currency (any base, consistent within the currency). */
export interface PriceIndexPoint {
  currency: string;
  year: number;
  value: number;
}

type Quote = 'per_usd' | 'usd_per_unit';

/** G.5A annual averages as published: [quote, { year: rate }]. See the module comment. */
const G5A: Readonly<Record<string, readonly [Quote, Readonly<Record<number, number>>]>> = {
  AUD: ['usd_per_unit', { 2015: 0.7522, 2017: 0.7671, 2018: 0.7481, 2019: 0.6952, 2020: 0.6899, 2021: 0.7515, 2022: 0.6951, 2023: 0.6644 }],
  BRL: [
    'per_usd',
    { 2015: 3.336, 2016: 3.4839, 2017: 3.191, 2018: 3.6513, 2019: 3.944, 2020: 5.1587, 2021: 5.3958, 2022: 5.1605, 2023: 4.9946, 2024: 5.3872, 2025: 5.5891 },
  ],
  CAD: [
    'per_usd',
    {
      2015: 1.2791,
      2016: 1.3243,
      2017: 1.2984,
      2018: 1.2957,
      2019: 1.3269,
      2020: 1.3422,
      2021: 1.2533,
      2022: 1.3014,
      2023: 1.3494,
      2024: 1.3699,
      2025: 1.3973,
    },
  ],
  CHF: [
    'per_usd',
    { 2015: 0.9628, 2016: 0.9848, 2017: 0.9842, 2018: 0.9784, 2019: 0.9937, 2020: 0.9389, 2021: 0.9144, 2022: 0.955, 2023: 0.8984, 2024: 0.8808, 2025: 0.8305 },
  ],
  CNY: [
    'per_usd',
    { 2015: 6.2827, 2016: 6.64, 2017: 6.7569, 2018: 6.609, 2019: 6.9081, 2020: 6.9042, 2021: 6.4508, 2022: 6.729, 2023: 7.0809, 2024: 7.1957, 2025: 7.1875 },
  ],
  EUR: ['usd_per_unit', { 2015: 1.1096, 2017: 1.1301, 2018: 1.1817, 2019: 1.1194, 2020: 1.141, 2021: 1.183, 2022: 1.0534, 2023: 1.0817 }],
  GBP: ['usd_per_unit', { 2015: 1.5284, 2017: 1.289, 2018: 1.3363, 2019: 1.2768, 2020: 1.2829, 2021: 1.3764, 2022: 1.2371, 2023: 1.244 }],
  INR: [
    'per_usd',
    {
      2015: 64.11,
      2016: 67.1572,
      2017: 65.0659,
      2018: 68.3734,
      2019: 70.3777,
      2020: 74.1429,
      2021: 73.9351,
      2022: 78.5792,
      2023: 82.5708,
      2024: 83.6566,
      2025: 87.1468,
    },
  ],
  JPY: [
    'per_usd',
    {
      2015: 121.05,
      2016: 108.6569,
      2017: 112.0986,
      2018: 110.3974,
      2019: 109.0188,
      2020: 106.7754,
      2021: 109.8429,
      2022: 131.4589,
      2023: 140.5001,
      2024: 151.4551,
      2025: 149.5686,
    },
  ],
  MXN: [
    'per_usd',
    {
      2015: 15.873,
      2016: 18.6674,
      2017: 18.8841,
      2018: 19.2179,
      2019: 19.2469,
      2020: 21.5462,
      2021: 20.2844,
      2022: 20.1208,
      2023: 17.7334,
      2024: 18.3062,
      2025: 19.2052,
    },
  ],
  SEK: [
    'per_usd',
    {
      2015: 8.435,
      2016: 8.5541,
      2017: 8.543,
      2018: 8.6945,
      2019: 9.4604,
      2020: 9.2167,
      2021: 8.5812,
      2022: 10.1177,
      2023: 10.6089,
      2024: 10.5744,
      2025: 9.806,
    },
  ],
};

/** The built-in exchange rates as USD per unit (USD itself is 1 in every year, not listed). */
export const BUILTIN_FX_RATES: readonly FxRate[] = Object.entries(G5A).flatMap(([currency, [quote, years]]) =>
  Object.entries(years).map(([year, rate]) => ({ currency, year: Number(year), usdPerUnit: quote === 'usd_per_unit' ? rate : 1 / rate })),
);

/** US CPI-U annual averages (CUUR0000SA0, 1982–84 = 100). */
export const US_CPI_U: Readonly<Record<number, number>> = {
  2015: 237.017,
  2016: 240.007,
  2017: 245.12,
  2018: 251.107,
  2019: 255.657,
  2020: 258.811,
  2021: 270.97,
  2022: 292.655,
  2023: 304.702,
  2024: 313.689,
};

export const BUILTIN_PRICE_INDEX: readonly PriceIndexPoint[] = Object.entries(US_CPI_U).map(([year, value]) => ({
  currency: 'USD',
  year: Number(year),
  value,
}));

const CURRENCY = /^[A-Z]{3}$/;
const TARGET = /^([A-Z]{3})(\d{4})?$/;
const DATE = /^(\d{4})-\d{2}-\d{2}$/;

type YearTable = Map<number, number>;

function addPoint(tables: Map<string, YearTable>, currency: string, year: number, value: number, what: string): void {
  if (!CURRENCY.test(currency)) throw new RangeError(`${what}: currency must be 3 capital letters, got "${currency}"`);
  if (!Number.isInteger(year)) throw new RangeError(`${what} ${currency}: year must be an integer, got ${year}`);
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${what} ${currency} ${year}: value must be a finite number > 0, got ${value}`);
  let t = tables.get(currency);
  if (!t) {
    t = new Map();
    tables.set(currency, t);
  }
  t.set(year, value);
}

/** Whether `year` lies outside the years `table` spans (its nearest value then stands in: a warning). */
function outside(table: YearTable, year: number): boolean {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const y of table.keys()) {
    if (y < min) min = y;
    if (y > max) max = y;
  }
  return year < min || year > max;
}

/** The value for `year`, or for the nearest year present (ties: the earlier). */
function nearest(table: YearTable, year: number): { year: number; value: number } {
  let best: number | undefined;
  for (const y of table.keys()) {
    if (best === undefined) best = y;
    else {
      const d = Math.abs(y - year);
      const bd = Math.abs(best - year);
      if (d < bd || (d === bd && y < best)) best = y;
    }
  }
  if (best === undefined) throw new RangeError('empty table');
  return { year: best, value: table.get(best)! };
}

/** `2015–2024`: the first and last year of a table. */
function span(table: YearTable): string {
  const years = [...table.keys()];
  return `${Math.min(...years)}–${Math.max(...years)}`;
}

export function createCurrencyConverter(opts: { deflateSpend?: boolean; rates?: FxRate[]; priceIndex?: PriceIndexPoint[] } = {}): CurrencyConverter {
  const deflateSpend = opts.deflateSpend ?? true;
  const rates = new Map<string, YearTable>();
  for (const r of [...BUILTIN_FX_RATES, ...(opts.rates ?? [])]) addPoint(rates, r.currency, r.year, r.usdPerUnit, 'exchange rate');
  rates.delete('USD'); // USD is the pivot: 1 in every year.
  const indexes = new Map<string, YearTable>();
  for (const p of [...BUILTIN_PRICE_INDEX, ...(opts.priceIndex ?? [])]) addPoint(indexes, p.currency, p.year, p.value, 'price index');
  const known = ['USD', ...rates.keys()].sort();

  const usdPerUnit = (currency: string, year: number): { year: number | null; value: number } => {
    if (currency === 'USD') return { year: null, value: 1 };
    return nearest(rates.get(currency)!, year);
  };

  return {
    convert(amount: number, currency: string, date: string, target: string, field: string): MoneyConversion {
      const fail = (message: string): never => {
        throw new CalculationError([{ field, message }]);
      };
      if (!Number.isFinite(amount)) fail(`must be a finite number, got ${amount}`);
      const c = currency.toUpperCase();
      if (c !== 'USD' && !rates.has(c)) fail(`unknown currency "${currency}"; known: ${known.join(', ')}`);
      const t = TARGET.exec(target);
      if (!t) return fail(`the factor's money unit "${target}" is not a currency code with an optional price year (e.g. USD, USD2022)`);
      const tc = t[1]!;
      const priceYear = t[2] === undefined ? null : Number(t[2]);
      if (tc !== 'USD' && !rates.has(tc)) fail(`the factor is per ${target}, a currency Greenline has no exchange rates for; known: ${known.join(', ')}`);
      const d = DATE.exec(date);
      if (!d) return fail(`needs the spend date as YYYY-MM-DD to pick an exchange rate, got "${date}"`);
      const year = Number(d[1]);

      let rate = 1;
      let rateDate: string | null = null;
      const warnings: CalculationWarning[] = [];
      if (c !== tc) {
        const from = usdPerUnit(c, year);
        const to = usdPerUnit(tc, year);
        // A year past either end of a currency's table takes the nearest year's rate: say so.
        for (const [cur, used] of [
          [c, from],
          [tc, to],
        ] as const) {
          if (used.year !== null && outside(rates.get(cur)!, year))
            warnings.push({
              code: 'EXCHANGE_RATE_YEAR_NOT_COVERED',
              message: `no ${cur} exchange rate for ${year} (the table covers ${span(rates.get(cur)!)}); the ${used.year} annual average was used`,
            });
        }
        rate = from.value / to.value;
        const years = [from.year, to.year].filter((y): y is number => y !== null);
        rateDate = years.length === 2 && years[0] !== years[1] ? `${c} ${years[0]}, ${tc} ${years[1]} (annual averages)` : `${years[0]} (annual average)`;
      }

      let deflator = 1;
      if (priceYear !== null && deflateSpend && priceYear !== year) {
        const index = indexes.get(tc);
        if (!index) {
          return fail(
            `cannot move ${tc} to ${priceYear} prices: no price index for ${tc} (built in: USD, US CPI-U); give priceIndex points for ${tc} or turn deflateSpend off`,
          );
        }
        deflator = nearest(index, priceYear).value / nearest(index, year).value;
        for (const y of [year, priceYear]) {
          if (outside(index, y))
            warnings.push({
              code: 'PRICE_INDEX_YEAR_NOT_COVERED',
              message: `no ${tc} price index for ${y} (the table covers ${span(index)}); the ${nearest(index, y).year} value was used`,
            });
        }
      }
      return { value: amount * rate * deflator, unit: target, rate, rateDate, deflator, warnings };
    },
  };
}
