/**
 * Stampede protection on the factor-resolve path (issue 21): 200 identical cold
 * `POST /v1/factors/resolve` split over two app instances — each with its own pool, as two
 * processes would have — on one PostgreSQL database and the real Redis cause exactly one load of
 * the candidate factors and one of the source names. Counted twice: by the statements each pool
 * ran, and by the cache metrics the server exposes at /metrics (loader calls, stampedes
 * suppressed), which add up every instance in the process.
 */
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisClient } from '../../src/cache/index.ts';
import { buildApp } from '../../src/http/app.ts';
import { prepareDatabase } from '../../src/runtime.ts';
import type { SqlDriver } from '../../src/store/driver.ts';
import { openPostgres } from '../../src/store/postgres-driver.ts';
import { addApiKey, ensureTenant } from '../../src/store/tenants.ts';
import { createTestDatabase, type TestDatabase, testPoolConfig } from '../support/databases.ts';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const REQUESTS = 200;

/** One value of the process's /metrics exposition, 0 when the series is absent. */
function metricValue(text: string, name: string, labels: Record<string, string>): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const labelText = line.slice(name.length + 1, line.indexOf('}'));
    if (wanted.every((pair) => labelText.split(',').includes(pair))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return 0;
}

describe('factor resolve under a stampede, two instances (PostgreSQL, Redis)', () => {
  let database: TestDatabase;
  const drivers: SqlDriver[] = [];
  const apps: FastifyInstance[] = [];
  const clients: Redis[] = [];
  const statements = new Map<string, number>();
  let key: string;
  const prefix = `greenline-test-stampede:${process.pid}:${Date.now()}`;

  beforeAll(async () => {
    database = await createTestDatabase('greenline_stampede');
    for (let i = 0; i < 2; i++) {
      const driver = await openPostgres(database.url, { ...testPoolConfig, max: 4, applicationName: `greenline-stampede-${i}` });
      drivers.push(driver);
      if (i === 0) {
        await prepareDatabase(driver, { cursorSecret: 'stampede' });
        key = await addApiKey(driver, (await ensureTenant(driver, 'stampede')).id);
      }
      driver.observeQueries((name) => statements.set(name, (statements.get(name) ?? 0) + 1));
      const redis = createRedisClient(REDIS_URL);
      clients.push(redis);
      apps.push(
        await buildApp({ driver, config: { bodyLimitBytes: 1024 * 1024, logLevel: 'silent' }, cursorSecret: 'stampede', redis, cacheKeyPrefix: prefix }),
      );
    }
    await Promise.all(apps.map((app) => app.ready()));
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    for (const client of clients) await client.quit().catch(() => {});
    const cleanup = new Redis(REDIS_URL);
    const keys = await cleanup.keys(`${prefix}*`);
    if (keys.length > 0) await cleanup.del(...keys);
    cleanup.disconnect();
    for (const driver of drivers) await driver.close();
    await database?.drop();
  });

  it('200 identical concurrent cold requests load the candidate factors once and the source names once', async () => {
    const headers = { authorization: `Bearer ${key}` };
    // Authentication is looked up once per instance first: what is measured is the factor path.
    for (const app of apps) expect((await app.inject({ url: '/v1/suppliers?limit=1', headers })).statusCode).toBe(200);
    const before = (await apps[0]!.inject({ url: '/metrics' })).body;
    statements.clear();

    const payload = { activity: 'transport.road.truck_heavy', region: 'DE', year: 2024 };
    const answers = await Promise.all(
      Array.from({ length: REQUESTS }, (_, i) => apps[i % 2]!.inject({ method: 'POST', url: '/v1/factors/resolve', headers, payload })),
    );

    expect(answers.map((a) => a.statusCode)).toEqual(Array(REQUESTS).fill(200));
    const factors = new Set(answers.map((a) => a.json().factor.id));
    expect(factors.size).toBe(1);
    expect(answers[0]!.json()).toMatchObject({ status: 'resolved' });

    // The pools ran one candidate query and one source-name query between them.
    expect(statements.get('select.factors')).toBe(1);
    expect(statements.get('select.factor_sources')).toBe(1);

    // The exposed counters say the same: one loader call per cache, every other caller suppressed.
    const after = (await apps[0]!.inject({ url: '/metrics' })).body;
    const delta = (name: string, labels: Record<string, string>) => metricValue(after, name, labels) - metricValue(before, name, labels);
    expect(delta('greenline_cache_operations_total', { cache: 'factor-candidates', level: 'loader', result: 'call' })).toBe(1);
    expect(delta('greenline_cache_operations_total', { cache: 'factor-sources', level: 'loader', result: 'call' })).toBe(1);
    const suppressed = delta('greenline_cache_stampedes_suppressed_total', { cache: 'factor-candidates' });
    const fromMemory = delta('greenline_cache_operations_total', { cache: 'factor-candidates', level: 'l1', result: 'hit' });
    // Every request but the one that loaded either shared a load in flight or found the value cached.
    expect(suppressed + fromMemory).toBe(REQUESTS - 1);
    expect(suppressed).toBeGreaterThan(0);
  });
});
