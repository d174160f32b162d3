/**
 * POST /v1/calculations/batch with 10,000 mixed records on real PostgreSQL, including storage
 * (issue 4 target: < 250 ms median). Records: a deterministic mix of spend-based purchases (EPA
 * NAICS factors), freight legs, flights, hotel nights and waste with tenant factors. Baseline:
 * bare Fastify in the same process receiving the same body and answering with a body of the
 * same size, so the ratio is what calculating and storing adds over moving the bytes.
 */
import { defineSuite } from '../../src/perf/bench/suite.ts';
import { createTenantFactor, importDataset } from '../../src/store/factors.ts';
import { addApiKey, ensureTenant } from '../../src/store/tenants.ts';
import { type ApiBenchContext, apiBenchmark, closeApiBench, lcg, loadEpaDataset, scratchPostgres, startApiBench } from './support.ts';

const RECORDS = 10_000;
const REQUESTS_PER_ROUND = 8;
const EPA_FILE = 'SupplyChainGHGEmissionFactors_v1.3.0_NAICS_CO2e_USD2022.csv';

function makeRecords(naics: string[]): object[] {
  const rand = lcg(7);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const date = () => `202${3 + Math.floor(rand() * 2)}-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 9)}`;
  return Array.from({ length: RECORDS }, () => {
    const r = rand();
    if (r < 0.6)
      return { category: 1, date: date(), spend: Math.round(rand() * 100_000) / 100, currency: pick(['USD', 'USD', 'EUR', 'GBP']), naics: pick(naics) };
    if (r < 0.8) {
      return {
        category: 4,
        date: date(),
        mode: pick(['road.truck_heavy', 'rail', 'sea.container']),
        distance: 50 + Math.floor(rand() * 2000),
        distance_unit: 'km',
        mass: 1 + Math.floor(rand() * 20),
        mass_unit: 't',
      };
    }
    if (r < 0.9)
      return {
        category: 6,
        date: date(),
        travel_type: 'flight',
        cabin: pick(['economy', 'business']),
        distance: 300 + Math.floor(rand() * 9000),
        distance_unit: 'km',
        passengers: 1,
      };
    if (r < 0.95) return { category: 6, date: date(), travel_type: 'hotel', nights: 1 + Math.floor(rand() * 5), country: pick(['US', 'GB', 'DE', 'JP']) };
    return { category: 5, date: date(), treatment: 'landfill', mass: 10 + Math.floor(rand() * 500), mass_unit: 'kg' };
  });
}

export default defineSuite({
  name: 'app-calculations-batch',
  kind: 'app',
  async setup(): Promise<ApiBenchContext> {
    const { db, driver, cursorSecret } = await scratchPostgres('greenline_bench', { max: 10 });
    const dataset = await loadEpaDataset(EPA_FILE);
    await importDataset(driver, dataset);
    const tenant = await ensureTenant(driver, 'bench');
    await createTenantFactor(driver, tenant.id, {
      activity: 'waste.landfill',
      name: 'Landfill, mixed',
      value: 0.45,
      unit: 'kgCO2e/kg',
      year: 2023,
      category: 5,
    });
    await driver.query('ANALYZE');
    const key = await addApiKey(driver, tenant.id);
    const naics = [...new Set(dataset.factors.map((f) => f.naicsCode!))].sort();
    return startApiBench({
      db,
      driver,
      cursorSecret,
      key,
      path: '/v1/calculations/batch',
      body: JSON.stringify({ records: makeRecords(naics) }),
      check: (response) => {
        const failed = (JSON.parse(response) as { totals: { failed: number } }).totals.failed;
        if (failed > 0) throw new Error(`benchmark records should all calculate; ${failed} failed: ${response.slice(0, 500)}`);
      },
    });
  },
  teardown: closeApiBench,
  benchmarks: [apiBenchmark('POST /v1/calculations/batch, 10,000 mixed records, PostgreSQL, stored', REQUESTS_PER_ROUND)],
});
