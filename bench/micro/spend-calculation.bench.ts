/**
 * Tier-3 spend calculation in process through the full engine (validate, plan, currency and
 * price-year conversion, compute, data quality, uncertainty, SHA-256 lineage), 1,000 records per
 * call. Issue 4 target: ≥ 1,000,000 records/s on one core. Baseline: a plain loop multiplying
 * the same spends by a factor, the floor any implementation pays.
 */
import { completeRecord, planRecord } from '../../src/domain/scope3/engine.ts';
import type { UsedFactor } from '../../src/domain/scope3/types.ts';
import { defineSuite } from '../../src/perf/bench/suite.ts';
import { calcContext } from '../../src/calculate/session.ts';
import { DEFAULT_SETTINGS } from '../../src/domain/scope3/types.ts';

const RECORDS = 1_000;
const ctx = calcContext(DEFAULT_SETTINGS);
const factor: UsedFactor = {
  name: 'eeio_factor',
  id: 'fac_bench',
  value: 0.787,
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
};
const records = Array.from({ length: RECORDS }, (_, i) => ({
  category: 1,
  date: `202${i % 4}-06-15`,
  spend: 100 + (i % 997),
  currency: i % 3 ? 'USD' : 'EUR',
  naics: '331110',
}));
const spends = new Float64Array(records.map((r) => r.spend));

export default defineSuite({
  name: 'micro-spend-calculation',
  kind: 'micro',
  benchmarks: [
    {
      name: '1,000 tier-3 spend records through the engine vs a plain multiply loop',
      fn: () => {
        let total = 0;
        for (const r of records) {
          const p = planRecord(r, ctx);
          if (!p.ok) throw new Error(p.issues[0]!.message);
          const c = completeRecord(p.planned, () => factor, ctx);
          if (c.ok) total += c.result.kgCo2e;
        }
        return total;
      },
      baseline: () => {
        let total = 0;
        for (let i = 0; i < spends.length; i++) total += spends[i]! * factor.value;
        return total;
      },
    },
  ],
});
