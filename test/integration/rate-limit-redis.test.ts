/**
 * Rate limits across instances (docs/security.md#rate-limits): two app instances counting in one
 * Redis share each key's limit; with Redis unreachable each instance counts on its own (the limit
 * fails open to a per-instance one) and no request fails for it.
 */
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisClient } from '../../src/cache/index.ts';
import { buildApp } from '../../src/http/app.ts';
import { RateLimitCounts } from '../../src/http/plugins/rate-limit.ts';
import { prepareDatabase } from '../../src/runtime.ts';
import { addApiKey, ensureTenant } from '../../src/store/tenants.ts';
import { type DriverFixture, pgliteFactory } from '../support/databases.ts';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const LIMIT = 10;

describe('rate limits in Redis, two instances', () => {
  let fx: DriverFixture;
  let a: FastifyInstance;
  let b: FastifyInstance;
  let key: string;
  const clients: Redis[] = [];
  const prefix = `greenline-test:ratelimit:${process.pid}:${Date.now()}`;

  beforeAll(async () => {
    fx = await pgliteFactory();
    const rt = await prepareDatabase(fx.driver, { cursorSecret: null });
    key = await addApiKey(fx.driver, (await ensureTenant(fx.driver, 'shared-limit')).id);
    const instance = async () => {
      const redis = createRedisClient(REDIS_URL);
      clients.push(redis);
      return buildApp({
        driver: fx.driver,
        config: { bodyLimitBytes: 1024 * 1024, logLevel: 'silent', calculationThreads: false, metrics: false, rateLimitPerMinute: LIMIT },
        cursorSecret: rt.cursorSecret,
        redis,
        cacheKeyPrefix: prefix,
      });
    };
    a = await instance();
    b = await instance();
    await Promise.all([a.ready(), b.ready()]);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    const keys = await clients[0]?.keys(`${prefix}:*`);
    if (keys?.length) await clients[0]?.del(...keys);
    for (const c of clients) await c.quit().catch(() => {});
    await fx?.close();
  });

  it('share one count per key: the limit holds over both instances together', async () => {
    const get = (app: FastifyInstance) => app.inject({ url: '/v1/factors?limit=1', headers: { authorization: `Bearer ${key}` } });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await get(a)).statusCode);
    for (let i = 0; i < 4; i++) statuses.push((await get(b)).statusCode);
    expect(statuses).toEqual(Array(LIMIT).fill(200));
    const overB = await get(b);
    expect(overB.statusCode).toBe(429);
    expect(overB.json().code).toBe('RATE_LIMITED');
    expect((await get(a)).statusCode).toBe(429);
    // The count is in Redis, under the app's prefix, with the window's expiry.
    const [counted] = await clients[0]!.keys(`${prefix}:ratelimit:*`);
    expect(Number(await clients[0]!.get(counted!))).toBe(LIMIT + 2);
    expect(await clients[0]!.pttl(counted!)).toBeGreaterThan(0);
  });

  it('count in the instance while Redis is unreachable: a per-instance limit, no error', async () => {
    const unreachable = createRedisClient('redis://127.0.0.1:1');
    const errors: unknown[] = [];
    try {
      const counts = new RateLimitCounts(unreachable, prefix, (err) => errors.push(err));
      // (The store hands out its own record, updated in place: keep a copy of each answer.)
      const results: { current: number; ttl: number }[] = [];
      for (let i = 0; i < 12; i++) {
        results.push(
          await new Promise((resolve, reject) =>
            counts.incr('key_x', (err, r) => (err || !r ? reject(err ?? new Error('no result')) : resolve({ ...r })), 60_000, LIMIT),
          ),
        );
      }
      expect(results.map((r) => r.current)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
      expect(results.every((r) => r.ttl > 0 && r.ttl <= 60_000)).toBe(true);
      // Five failures open the circuit: the other requests do not even try Redis.
      expect(counts.stats()).toEqual({ shared: 0, local: 12, redisErrors: 5 });
      expect(errors).toHaveLength(5);
    } finally {
      unreachable.disconnect();
    }
  });
});
