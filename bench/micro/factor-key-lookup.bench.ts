/**
 * Factor lookups by composite key (region, year, activity code), as the factor broker's cache
 * does them: building the key string on every lookup against a plain Map.get with a prebuilt
 * key, so the ratio is the cost of key construction and hashing a fresh string.
 */
import { defineSuite } from '../../src/perf/bench/suite.ts';

const REGIONS = ['US', 'GB', 'DE', 'FR', 'CN', 'JP', 'IN', 'BR'];
const YEARS = [2019, 2020, 2021, 2022, 2023, 2024];
const CODES = Array.from({ length: 50 }, (_, i) => String(331_110 + i * 10));

const factors = new Map<string, number>();
for (const region of REGIONS) for (const year of YEARS) for (const code of CODES) factors.set(`${region}:${year}:${code}`, Math.random());

const queries = Array.from({ length: 256 }, (_, i) => ({
  region: REGIONS[i % REGIONS.length]!,
  year: YEARS[i % YEARS.length]!,
  code: CODES[(i * 13) % CODES.length]!,
}));
const prebuiltKeys = queries.map(({ region, year, code }) => `${region}:${year}:${code}`);

export default defineSuite({
  name: 'micro-factor-key-lookup',
  kind: 'micro',
  benchmarks: [
    {
      name: '256 lookups, key built per call vs prebuilt',
      fn: () => {
        let total = 0;
        for (const { region, year, code } of queries) total += factors.get(`${region}:${year}:${code}`)!;
        return total;
      },
      baseline: () => {
        let total = 0;
        for (const key of prebuiltKeys) total += factors.get(key)!;
        return total;
      },
    },
  ],
});
