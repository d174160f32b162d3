/**
 * POST /v1/calculations/batch with 10,000 mixed records on real PostgreSQL, including storage
 * (issue 4 target: < 250 ms median). Records: a deterministic mix of spend-based purchases (EPA
 * NAICS factors), freight legs, flights, hotel nights and waste with tenant factors. Baseline:
 * bare Fastify in the same process receiving the same body and answering with a body of the
 * same size, so the ratio is what calculating and storing adds over moving the bytes.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { parseEpaSupplyChain } from '../../src/domain/factors/importers/epa-supply-chain.ts';
import { buildApp } from '../../src/http/app.ts';
import { defineSuite } from '../../src/perf/bench/suite.ts';
import { prepareDatabase } from '../../src/runtime.ts';
import type { SqlDriver } from '../../src/store/driver.ts';
import { createTenantFactor, importDataset } from '../../src/store/factors.ts';
import { openPostgres } from '../../src/store/postgres-driver.ts';
import { addApiKey, ensureTenant } from '../../src/store/tenants.ts';
import { createTestDatabase, type TestDatabase, testPoolConfig } from '../../test/support/databases.ts';

const RECORDS = 10_000;
const REQUESTS_PER_ROUND = 8;
const DATA_DIR = process.env.GREENLINE_TEST_DATA ?? resolve(import.meta.dirname, '../../../shared/data');
const EPA_FILE = 'SupplyChainGHGEmissionFactors_v1.3.0_NAICS_CO2e_USD2022.csv';

interface Ctx {
  db: TestDatabase;
  driver: SqlDriver;
  app: FastifyInstance;
  bare: FastifyInstance;
  appUrl: string;
  bareUrl: string;
  key: string;
  body: string;
}

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

function makeRecords(naics: string[]): object[] {
  const rand = lcg(7);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const date = () => `202${3 + Math.floor(rand() * 2)}-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 9)}`;
  return Array.from({ length: RECORDS }, () => {
    const r = rand();
    if (r < 0.6) return { category: 1, date: date(), spend: Math.round(rand() * 100_000) / 100, currency: pick(['USD', 'USD', 'EUR', 'GBP']), naics: pick(naics) };
    if (r < 0.8) {
      return { category: 4, date: date(), mode: pick(['road.truck_heavy', 'rail', 'sea.container']), distance: 50 + Math.floor(rand() * 2000), distance_unit: 'km', mass: 1 + Math.floor(rand() * 20), mass_unit: 't' };
    }
    if (r < 0.9) return { category: 6, date: date(), travel_type: 'flight', cabin: pick(['economy', 'business']), distance: 300 + Math.floor(rand() * 9000), distance_unit: 'km', passengers: 1 };
    if (r < 0.95) return { category: 6, date: date(), travel_type: 'hotel', nights: 1 + Math.floor(rand() * 5), country: pick(['US', 'GB', 'DE', 'JP']) };
    return { category: 5, date: date(), treatment: 'landfill', mass: 10 + Math.floor(rand() * 500), mass_unit: 'kg' };
  });
}

async function timedPosts(url: string, key: string, body: string): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < REQUESTS_PER_ROUND; i++) {
    const started = performance.now();
    const res = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body });
    const text = await res.text();
    samples.push(performance.now() - started);
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${text.slice(0, 300)}`);
  }
  return samples;
}

export default defineSuite({
  name: 'app-calculations-batch',
  kind: 'app',
  async setup(): Promise<Ctx> {
    const db = await createTestDatabase('greenline_bench');
    const driver = await openPostgres(db.url, { ...testPoolConfig, max: 10 });
    const rt = await prepareDatabase(driver, { cursorSecret: null });
    const text = await readFile(join(DATA_DIR, 'epa-supply-chain', EPA_FILE), 'utf8').catch(() => {
      throw new Error(`benchmark data missing: ${EPA_FILE} in ${DATA_DIR} (set GREENLINE_TEST_DATA)`);
    });
    const dataset = parseEpaSupplyChain(text, EPA_FILE, createHash('sha256').update(text).digest('hex'));
    await importDataset(driver, dataset);
    const tenant = await ensureTenant(driver, 'bench');
    await createTenantFactor(driver, tenant.id, { activity: 'waste.landfill', name: 'Landfill, mixed', value: 0.45, unit: 'kgCO2e/kg', year: 2023, category: 5 });
    await driver.query('ANALYZE');
    const key = await addApiKey(driver, tenant.id);
    const app = await buildApp({ driver, config: { bodyLimitBytes: 64 * 1024 * 1024, logLevel: 'silent' }, cursorSecret: rt.cursorSecret });
    const appUrl = `${await app.listen({ port: 0, host: '127.0.0.1' })}/v1/calculations/batch`;
    const naics = [...new Set(dataset.factors.map((f) => f.naicsCode!))].sort();
    const body = JSON.stringify({ records: makeRecords(naics) });
    const probe = await fetch(appUrl, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body });
    const sameSize = await probe.text();
    const failed = (JSON.parse(sameSize) as { totals: { failed: number } }).totals.failed;
    if (failed > 0) throw new Error(`benchmark records should all calculate; ${failed} failed: ${sameSize.slice(0, 500)}`);
    const bare = Fastify({ bodyLimit: 64 * 1024 * 1024 });
    bare.post('/batch', async (_request, reply) => reply.type('application/json').send(sameSize));
    const bareUrl = `${await bare.listen({ port: 0, host: '127.0.0.1' })}/batch`;
    return { db, driver, app, bare, appUrl, bareUrl, key, body };
  },
  async teardown(ctx) {
    await ctx.app.close();
    await ctx.bare.close();
    await ctx.driver.close();
    await ctx.db.drop();
  },
  benchmarks: [
    {
      name: 'POST /v1/calculations/batch, 10,000 mixed records, PostgreSQL, stored',
      rounds: 2,
      warmupRounds: 1,
      run: (ctx) => timedPosts(ctx.appUrl, ctx.key, ctx.body),
      baseline: (ctx) => timedPosts(ctx.bareUrl, ctx.key, ctx.body),
    },
  ],
});
