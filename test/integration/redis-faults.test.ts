/**
 * Redis stopped and started under load (issue 21, item 8): two app instances on one PostgreSQL
 * test database share a redis-server of the test's own (never the shared one), with the
 * production Redis client settings, under an open-model load of reads, resolves and writes on
 * both. Redis is shut down for ~5 s and started again. What must hold (docs/reliability.md):
 * every request answers, none 5xx — the caches fall back to L1 and the database, the rate limit
 * to per-instance counts — and afterwards the instances use Redis again: a write made on one
 * while Redis was down reaches the other's cached answers, and counts go back to Redis.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisClient } from '../../src/cache/index.ts';
import { buildApp } from '../../src/http/app.ts';
import { prepareDatabase } from '../../src/runtime.ts';
import type { SqlDriver } from '../../src/store/driver.ts';
import { openPostgres } from '../../src/store/postgres-driver.ts';
import { addApiKey, ensureTenant } from '../../src/store/tenants.ts';
import { SpareRedisServer, waitUntil } from '../cache/support.ts';
import { createTestDatabase, type TestDatabase, testPoolConfig } from '../support/databases.ts';

const DOWN_MS = 5_000;
/** One request every TICK_MS, alternating between the instances, whether or not earlier ones answered. */
const TICK_MS = 10;
/** High enough for the load; low enough that every request is counted (in Redis or, while it is down, locally). */
const RATE_LIMIT_PER_MINUTE = 100_000;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Outcome {
  startedAt: number;
  ms: number;
  status: number;
  instance: 'a' | 'b';
}

describe('Redis stopped and started under load (two instances, one PostgreSQL, own redis-server)', () => {
  let redisServer: SpareRedisServer;
  let database: TestDatabase;
  const drivers: SqlDriver[] = [];
  const clients: Redis[] = [];
  let a: FastifyInstance;
  let b: FastifyInstance;
  let headers: Record<string, string>;
  let keyId: string;
  let factorId: string;

  beforeAll(async () => {
    redisServer = await SpareRedisServer.start();
    database = await createTestDatabase('greenline_redis_faults');
    // Two instances as two processes would be: each its own pool and its own Redis connection.
    for (let i = 0; i < 2; i++) drivers.push(await openPostgres(database.url, { ...testPoolConfig, max: 4, applicationName: 'greenline-redis-faults' }));
    const rt = await prepareDatabase(drivers[0]!, { cursorSecret: 'redis-faults' });
    const tenant = (await ensureTenant(drivers[0]!, 'redis-faults')).id;
    headers = { authorization: `Bearer ${await addApiKey(drivers[0]!, tenant)}` };
    const instance = async (driver: SqlDriver) => {
      const redis = createRedisClient(redisServer.url);
      clients.push(redis);
      return buildApp({
        driver,
        config: { bodyLimitBytes: 1024 * 1024, logLevel: 'silent', calculationThreads: false, rateLimitPerMinute: RATE_LIMIT_PER_MINUTE },
        cursorSecret: rt.cursorSecret,
        redis,
      });
    };
    a = await instance(drivers[0]!);
    b = await instance(drivers[1]!);
    await Promise.all([a.ready(), b.ready()]);
    const keys = await a.inject({ url: '/v1/keys', headers });
    keyId = keys.json().data[0].id;
    factorId = (await a.inject({ url: '/v1/factors?limit=1', headers })).json().data[0].id;
  }, 60_000);

  afterAll(async () => {
    await a?.close();
    await b?.close();
    for (const client of clients) client.disconnect();
    for (const driver of drivers) await driver.close();
    await database?.drop();
    await redisServer?.destroy();
  });

  /** The suppliers named `name` as `app` answers GET /v1/suppliers?q=… (a cached route). */
  const suppliersNamed = async (app: FastifyInstance, name: string) =>
    ((await app.inject({ url: `/v1/suppliers?q=${encodeURIComponent(name)}`, headers })).json().data as { name: string }[]).map((s) => s.name);
  const addSupplier = (app: FastifyInstance, name: string) => app.inject({ method: 'POST', url: '/v1/suppliers', headers, payload: { name, country: 'DE' } });

  it('no 5xx while Redis is down, then invalidations and shared counts resume', async ({ annotate }) => {
    // The bus works before the fault: B's cached list learns of A's write.
    expect(await suppliersNamed(b, 'Before')).toEqual([]);
    expect((await addSupplier(a, 'Before the fault')).statusCode).toBe(201);
    await waitUntil(async () => (await suppliersNamed(b, 'Before')).length === 1, 2_000, "B's cached list to see A's write");

    const outcomes: Outcome[] = [];
    const created: string[] = [];
    let n = 0;
    const fire = async () => {
      const i = n++;
      const instance = i % 2 === 0 ? 'a' : 'b';
      const app = instance === 'a' ? a : b;
      const startedAt = performance.now();
      let response: LightMyRequestResponse;
      switch (i % 5) {
        case 0:
          response = await addSupplier(app, `Load supplier ${i}`);
          if (response.statusCode === 201) created.push(response.json().id);
          break;
        case 1:
          response = await app.inject({ url: '/v1/suppliers?limit=5', headers });
          break;
        case 2:
          response = await app.inject({
            method: 'POST',
            url: '/v1/factors/resolve',
            headers,
            payload: { activity: 'transport.road.truck_heavy', region: 'DE', year: 2020 + (i % 5) },
          });
          break;
        case 3:
          response = await app.inject({ url: '/v1/factors?limit=5', headers });
          break;
        default:
          response = await app.inject({ url: `/v1/factors/${factorId}`, headers });
      }
      outcomes.push({ startedAt, ms: performance.now() - startedAt, status: response.statusCode, instance });
    };
    const inflight: Promise<void>[] = [];
    const ticker = setInterval(() => inflight.push(fire()), TICK_MS);

    let downAt = 0;
    let upAt = 0;
    let staleOnB: string[] = [];
    try {
      await sleep(1_500);
      const stopAt = performance.now();
      await redisServer.shutdown();
      downAt = performance.now();
      // While Redis is down: B caches a list, A adds to it; B cannot hear of it yet.
      await suppliersNamed(b, 'Outage');
      expect((await addSupplier(a, 'Outage supplier')).statusCode).toBe(201);
      staleOnB = await suppliersNamed(b, 'Outage');
      await sleep(DOWN_MS - (performance.now() - stopAt));
      await redisServer.start();
      upAt = performance.now();

      // Invalidations resume: B's cached list shows the write A made while Redis was down.
      await waitUntil(async () => (await suppliersNamed(b, 'Outage')).length === 1, 10_000, "B's cached list to see the write made during the outage");
      const invalidationMs = Math.round(performance.now() - upAt);
      // Counts go back to Redis: the key's window is there again.
      await waitUntil(
        async () => Number(await clients[0]!.get(`greenline:ratelimit:${keyId}`).catch(() => null)) > 0,
        5_000,
        'rate-limit counts in Redis again',
      );
      const countsMs = Math.round(performance.now() - upAt);
      // And a new write crosses over as before the fault: B's freshly cached list learns of it.
      expect(await suppliersNamed(b, 'After')).toEqual([]);
      expect((await addSupplier(a, 'After the fault')).statusCode).toBe(201);
      const writtenAt = performance.now();
      await waitUntil(async () => (await suppliersNamed(b, 'After')).length === 1, 2_000, "B's cached list to see A's write after the fault");
      const busMs = Math.round(performance.now() - writtenAt);
      await sleep(1_500);
      clearInterval(ticker);
      await Promise.all(inflight);

      const during = outcomes.filter((o) => o.startedAt + o.ms >= stopAt && o.startedAt <= upAt);
      const errors = outcomes.filter((o) => o.status >= 500);
      const unexpected = outcomes.filter((o) => o.status !== 200 && o.status !== 201);
      const slowestDuring = Math.round(Math.max(...during.map((o) => o.ms)));
      expect(errors).toEqual([]);
      expect(unexpected).toEqual([]);
      expect(during.length).toBeGreaterThan(100);
      expect(new Set(during.map((o) => o.instance))).toEqual(new Set(['a', 'b']));
      // Every acknowledged write is stored: none lost to the fault.
      const kept = await drivers[0]!.query<{ n: number }>('SELECT count(*)::int AS n FROM suppliers WHERE id = ANY($1::text[])', [created]);
      expect(kept.rows[0]!.n).toBe(created.length);
      // L2 back in use: the instances store answers in Redis again.
      expect(await clients[0]!.keys('greenline:cache:*')).not.toEqual([]);
      await annotate(
        `Redis down ${Math.round(upAt - downAt)} ms (shutdown took ${Math.round(downAt - stopAt)} ms): ${outcomes.length} requests, ${during.length} during the fault, ${errors.length} × 5xx, ${unexpected.length} other non-2xx, ${created.length} acknowledged writes all stored; slowest during the fault ${slowestDuring} ms; B's list during the outage: ${JSON.stringify(staleOnB)}; the outage's write reached B ${invalidationMs} ms and rate-limit counts were back in Redis ${countsMs} ms after Redis was back; a write after it reached B in ${busMs} ms`,
      );
    } finally {
      clearInterval(ticker);
      await Promise.allSettled(inflight);
    }
  });
});
