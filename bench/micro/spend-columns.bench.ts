/**
 * Tier-3 spend calculation over columns (issue 4 target: ≥ 1,000,000 records/s in process on one
 * core): 100,000 purchase lines over 1,000 NAICS factors, 4 currencies and 9 years, with currency
 * conversion, CPI deflation, per-row validation and the batch's SHA-256 lineage. Baseline: a plain
 * loop multiplying the same spends by one factor. Records/s = 100,000 / median.
 */
import { createCurrencyConverter } from '../../src/domain/currency.ts';
import { calculateSpendColumns, type SpendColumns } from '../../src/domain/scope3/spend-columns.ts';
import type { CalcContext, UsedFactor } from '../../src/domain/scope3/types.ts';
import { defineSuite } from '../../src/perf/bench/suite.ts';

const ROWS = 100_000;
const ACTIVITIES = 1_000;
const ctx: CalcContext = {
  settings: { gwpSet: 'AR5', capitalGoods: 'full_in_purchase_year', deflateSpend: true },
  currency: createCurrencyConverter({ deflateSpend: true }),
};
const activities = Array.from({ length: ACTIVITIES }, (_, i) => `eeio.naics.${331_000 + i}`);
const factors = new Map<string, UsedFactor>(
  activities.map((a, i) => [
    a,
    {
      name: a,
      id: `fac_${i}`,
      value: 0.1 + (i % 97) / 100,
      unit: 'kgCO2e/USD2022',
      datasetVersion: 'v1.3.0',
      source: 'US EPA Supply Chain GHG Emission Factors',
      gwpSet: 'AR5',
      gases: null,
      uncertainty: null,
      isProxy: false,
      resolvedBy: 'region_year_exact',
      region: 'US',
      year: 2022,
    },
  ]),
);
let seed = 1;
function rand(): number {
  seed = (Math.imul(seed, 1_664_525) + 1_013_904_223) >>> 0;
  return seed / 2 ** 32;
}
const cols: SpendColumns = {
  spend: Float64Array.from({ length: ROWS }, () => 1 + Math.round(rand() * 1e6) / 100),
  year: Uint16Array.from({ length: ROWS }, () => 2016 + Math.floor(rand() * 9)),
  currency: Uint16Array.from({ length: ROWS }, () => Math.floor(rand() * 4)),
  activity: Uint32Array.from({ length: ROWS }, () => Math.floor(rand() * ACTIVITIES)),
  currencies: ['USD', 'EUR', 'GBP', 'JPY'],
  activities,
};

export default defineSuite({
  name: 'micro-spend-columns',
  kind: 'micro',
  benchmarks: [
    {
      name: '100,000 tier-3 spend rows over columns vs a plain multiply loop',
      fn: () => calculateSpendColumns(cols, (a) => factors.get(a) ?? null, ctx).totalKg,
      baseline: () => {
        let total = 0;
        for (let i = 0; i < cols.spend.length; i++) total += cols.spend[i]! * 0.5;
        return total;
      },
    },
  ],
});
