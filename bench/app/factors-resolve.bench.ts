/**
 * POST /v1/factors/resolve with 10,000 queries in one call, on real PostgreSQL (issue 2 target:
 * < 150 ms median, client-measured, response read in full). Data: the US EPA supply-chain
 * factors v1.2 and v1.3 (4,064 factors) plus the built-in set; queries are a deterministic mix of
 * spend lines (NAICS, US regions, several years), freight legs, flights and hotel nights.
 * Baseline: bare Fastify in the same process receiving the same body and answering with a
 * JSON body of the same size, so the ratio is what resolving adds over moving the bytes.
 */
import { defineSuite } from '../../src/perf/bench/suite.ts';
import { importDataset } from '../../src/store/factors.ts';
import { addApiKey, ensureTenant } from '../../src/store/tenants.ts';
import { type ApiBenchContext, apiBenchmark, closeApiBench, lcg, loadEpaDataset, scratchPostgres, startApiBench } from './support.ts';

const QUERIES = 10_000;
const REQUESTS_PER_ROUND = 15;
const EPA_FILES = ['SupplyChainGHGEmissionFactors_v1.2_NAICS_CO2e_USD2021.csv', 'SupplyChainGHGEmissionFactors_v1.3.0_NAICS_CO2e_USD2022.csv'];

function makeQueries(naicsCodes: string[]): object[] {
  const rand = lcg(42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const states = ['US', 'US', 'US-CA', 'US-TX', 'US-NY'];
  const countries = ['US', 'GB', 'DE', 'FR', 'JP', 'CN', 'IN', 'BR'];
  const modes = ['road.truck_heavy', 'road.truck_medium', 'rail', 'sea.container', 'air.cargo'];
  const cabins = ['economy', 'business', 'premium_economy', 'first'];
  return Array.from({ length: QUERIES }, () => {
    const r = rand();
    if (r < 0.7) return { activity: `eeio.naics.${pick(naicsCodes)}`, region: pick(states), year: 2019 + Math.floor(rand() * 6), category: 1 };
    if (r < 0.8) return { activity: `transport.${pick(modes)}`, region: pick(countries), year: 2024, category: 4 };
    if (r < 0.9) return { activity: `flight.${pick(cabins)}`, year: 2024, category: 6 };
    return { activity: 'hotel.night', region: pick(countries), year: 2024, category: 6 };
  });
}

export default defineSuite({
  name: 'app-factors-resolve',
  kind: 'app',
  async setup(): Promise<ApiBenchContext> {
    const { db, driver, cursorSecret } = await scratchPostgres('greenline_bench', { max: 10 });
    const naics = new Set<string>();
    for (const file of EPA_FILES) {
      const dataset = await loadEpaDataset(file);
      for (const f of dataset.factors) if (f.naicsCode) naics.add(f.naicsCode);
      await importDataset(driver, dataset);
    }
    await driver.query('ANALYZE factors');
    const key = await addApiKey(driver, (await ensureTenant(driver, 'bench')).id);
    return startApiBench({
      db,
      driver,
      cursorSecret,
      key,
      path: '/v1/factors/resolve',
      body: JSON.stringify({ queries: makeQueries([...naics].sort()) }),
    });
  },
  teardown: closeApiBench,
  benchmarks: [apiBenchmark('POST /v1/factors/resolve, 10,000 queries, PostgreSQL', REQUESTS_PER_ROUND)],
});
