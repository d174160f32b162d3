/**
 * The metrics plugin on small Fastify apps with a fresh registry: hooks on every route (child
 * plugins included), abandoned requests, switching it off, and letting go of its sources.
 */
import { request as httpRequest } from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import type { CacheStats } from '../../src/cache/index.ts';
import { emptyCounters } from '../../src/cache/stats.ts';
import { metricsPlugin } from '../../src/http/plugins/metrics.ts';
import { createMetrics, type Metrics } from '../../src/metrics/registry.ts';
import type { PoolStats } from '../../src/store/driver.ts';
import { sample } from './exposition.ts';

const pool: PoolStats = {
  driver: 'pglite',
  total: 1,
  idle: 1,
  waiting: 0,
  max: 1,
  acquireCount: 3,
  acquireTimeouts: 0,
  acquireTimeTotalMs: 0,
  acquireTimeMaxMs: 0,
  validationFailures: 0,
};
const cache: CacheStats = {
  name: 'things',
  ...emptyCounters(),
  l1Hits: 2,
  circuitState: 'disabled',
  circuitOpens: 0,
  l1Entries: 1,
  l1Bytes: 10,
  unsentInvalidations: 0,
};

const SLOW_MS = 1_500;

/** Polls until `check` passes (5 s at most), so a busy machine only makes the test slower. */
async function eventually(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; !(await check()); i++) {
    if (i === 100) throw new Error('condition not met within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function build(metrics: Metrics, enabled?: boolean): Promise<FastifyInstance> {
  const instance = Fastify();
  await instance.register(metricsPlugin, { metrics, driver: { stats: () => pool }, caches: () => [{ stats: () => cache }], enabled });
  instance.get('/fast', async () => ({ ok: true }));
  instance.get('/slow', async () => {
    await new Promise((resolve) => setTimeout(resolve, SLOW_MS));
    return { ok: true };
  });
  await instance.register(
    async (v1) => {
      v1.get('/things/:id', async (req) => ({ id: (req.params as { id: string }).id }));
    },
    { prefix: '/v1' },
  );
  return instance;
}

describe('metrics plugin', () => {
  it('labels routes of child plugins with their full template, and HEAD requests with their method', async () => {
    const metrics = createMetrics();
    app = await build(metrics);
    await app.inject('/v1/things/42');
    await app.inject('/v1/things/43');
    await app.inject({ method: 'HEAD', url: '/fast' });
    const text = (await app.inject('/metrics')).body;
    expect(sample(text, 'greenline_http_requests_total', { method: 'GET', route: '/v1/things/:id', status_code: '200' })).toBe(2);
    expect(sample(text, 'greenline_http_requests_total', { method: 'HEAD', route: '/fast', status_code: '200' })).toBe(1);
    expect(sample(text, 'greenline_db_pool_acquires_total')).toBe(3);
    expect(sample(text, 'greenline_cache_operations_total', { cache: 'things', level: 'l1', result: 'hit' })).toBe(2);
  });

  it('records a request the client abandons as 499, timed until it left, and takes it out of flight', async () => {
    const metrics = createMetrics();
    app = await build(metrics);
    const url = new URL(await app.listen({ port: 0, host: '127.0.0.1' }));
    const client = httpRequest({ host: url.hostname, port: url.port, path: '/slow' });
    client.on('error', () => {});
    client.end();
    await eventually(async () => sample(await metrics.registry.metrics(), 'greenline_http_requests_in_flight') === 1);
    const abandonedAt = performance.now();
    client.destroy();
    const abandoned = { method: 'GET', route: '/slow', status_code: '499' };
    await eventually(async () => sample(await metrics.registry.metrics(), 'greenline_http_requests_total', abandoned) === 1);
    // The handler finishes later; nothing more must be recorded for the request then.
    await new Promise((resolve) => setTimeout(resolve, SLOW_MS - (performance.now() - abandonedAt) + 200));

    const text = await metrics.registry.metrics();
    expect(sample(text, 'greenline_http_requests_total', abandoned)).toBe(1);
    expect(sample(text, 'greenline_http_request_duration_seconds_sum', abandoned)).toBeGreaterThan(0);
    expect(sample(text, 'greenline_http_request_duration_seconds_sum', abandoned)).toBeLessThan(SLOW_MS / 1000);
    expect(sample(text, 'greenline_http_requests_total', { route: '/slow', status_code: '200' })).toBeUndefined();
    expect(sample(text, 'greenline_http_requests_in_flight')).toBe(0);
  });

  it('with enabled: false adds no hooks and no /metrics route', async () => {
    const metrics = createMetrics();
    app = await build(metrics, false);
    expect((await app.inject('/fast')).statusCode).toBe(200);
    expect((await app.inject('/metrics')).statusCode).toBe(404);
    const text = await metrics.registry.metrics();
    expect(sample(text, 'greenline_http_requests_total', { route: '/fast' })).toBeUndefined();
    expect(sample(text, 'greenline_db_pool_acquires_total')).toBe(0);
  });

  it('stops reading the pool and the caches once the app is closed', async () => {
    const metrics = createMetrics();
    const closed = await build(metrics);
    await closed.ready();
    await closed.close();
    const text = await metrics.registry.metrics();
    expect(sample(text, 'greenline_db_pool_acquires_total')).toBe(0);
    expect(sample(text, 'greenline_cache_operations_total', { cache: 'things' })).toBeUndefined();
  });
});
