/**
 * GET /metrics on the real app over real PostgreSQL: route-template labels, pool gauges, cache
 * counters, and an exposition promtool accepts. The app records into the process's default
 * registry, which this file has to itself (vitest isolates modules per test file).
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.ts';
import { prepareDatabase } from '../../src/runtime.ts';
import { addApiKey, ensureTenant } from '../../src/store/tenants.ts';
import { type DriverFixture, postgresFactory, testPoolConfig } from '../support/databases.ts';
import { labelSets, promtoolCheck, sample } from './exposition.ts';

describe('GET /metrics on PostgreSQL', () => {
  let fx: DriverFixture;
  let app: FastifyInstance;
  let auth: { authorization: string };
  let factorId: string;
  let exposition: string;

  beforeAll(async () => {
    fx = await postgresFactory()();
    const rt = await prepareDatabase(fx.driver, { cursorSecret: null });
    auth = { authorization: `Bearer ${await addApiKey(fx.driver, (await ensureTenant(fx.driver, 'metrics')).id)}` };
    app = await buildApp({ driver: fx.driver, config: { bodyLimitBytes: 1024 * 1024, logLevel: 'silent' }, cursorSecret: rt.cursorSecret });

    const list = await app.inject({ url: '/v1/factors?activity=transport.rail&limit=1', headers: auth });
    factorId = list.json().data[0].id;
    // A cached route read twice (miss, then hit), a 404 from a matched route, an unmatched URL,
    // a 400, and a resolve twice (the factor caches: load, then L1 hit).
    for (let i = 0; i < 2; i++) expect((await app.inject({ url: `/v1/factors/${factorId}`, headers: auth })).statusCode).toBe(200);
    expect((await app.inject({ url: '/v1/factors/no-such-factor', headers: auth })).statusCode).toBe(404);
    expect((await app.inject({ url: '/no/such/route' })).statusCode).toBe(404);
    expect(
      (await app.inject({ method: 'POST', url: '/v1/factors/resolve', headers: auth, payload: { activity: 'hotel.night', colour: 'red' } })).statusCode,
    ).toBe(400);
    for (let i = 0; i < 2; i++) {
      const resolved = await app.inject({
        method: 'POST',
        url: '/v1/factors/resolve',
        headers: auth,
        payload: { activity: 'transport.road.truck_heavy', region: 'DE', year: 2024 },
      });
      expect(resolved.statusCode).toBe(200);
    }
    // A supplier registered, then the same DUNS again (refused as a duplicate).
    const supplier = { name: 'Metrics Freight', duns: '123456789' };
    expect((await app.inject({ method: 'POST', url: '/v1/suppliers', headers: auth, payload: supplier })).statusCode).toBe(201);
    expect((await app.inject({ method: 'POST', url: '/v1/suppliers', headers: auth, payload: { ...supplier, name: 'Metrics Freight GmbH' } })).statusCode).toBe(
      409,
    );
    const res = await app.inject('/metrics');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    exposition = res.body;
  });
  afterAll(async () => {
    await app?.close();
    await fx?.close();
  });

  it('counts and times requests by method, route template and status code, never by raw URL', () => {
    const get = (route: string, status_code: string) => sample(exposition, 'greenline_http_requests_total', { method: 'GET', route, status_code });
    expect(get('/v1/factors/:id', '200')).toBe(2);
    expect(get('/v1/factors/:id', '404')).toBe(1);
    expect(get('unmatched', '404')).toBe(1);
    expect(sample(exposition, 'greenline_http_requests_total', { method: 'POST', route: '/v1/factors/resolve', status_code: '400' })).toBe(1);
    expect(sample(exposition, 'greenline_http_requests_total', { method: 'POST', route: '/v1/factors/resolve', status_code: '200' })).toBe(2);

    const histogram = { method: 'GET', route: '/v1/factors/:id', status_code: '200' };
    expect(sample(exposition, 'greenline_http_request_duration_seconds_count', histogram)).toBe(2);
    expect(sample(exposition, 'greenline_http_request_duration_seconds_bucket', { ...histogram, le: '+Inf' })).toBe(2);
    expect(sample(exposition, 'greenline_http_request_duration_seconds_sum', histogram)).toBeGreaterThan(0);
    const buckets = labelSets(exposition, 'greenline_http_request_duration_seconds_bucket').filter(
      (l) => l.route === '/v1/factors/:id' && l.status_code === '200',
    );
    expect(buckets.map((l) => l.le)).toEqual([
      '0.0005',
      '0.001',
      '0.0025',
      '0.005',
      '0.01',
      '0.025',
      '0.05',
      '0.1',
      '0.25',
      '0.5',
      '1',
      '2.5',
      '5',
      '10',
      '+Inf',
    ]);

    const routes = new Set(labelSets(exposition, 'greenline_http_requests_total').map((l) => l.route ?? ''));
    expect([...routes].filter((route) => route.includes(factorId) || route.includes('no-such'))).toEqual([]);
  });

  it('counts the scrape itself as the one request in flight', () => {
    expect(sample(exposition, 'greenline_http_requests_in_flight')).toBe(1);
  });

  it("reports the pool's connections by state, its size and its acquisitions", () => {
    const total = sample(exposition, 'greenline_db_pool_connections', { state: 'total' })!;
    const idle = sample(exposition, 'greenline_db_pool_connections', { state: 'idle' })!;
    expect(total).toBeGreaterThanOrEqual(1);
    expect(idle).toBeLessThanOrEqual(total);
    expect(sample(exposition, 'greenline_db_pool_connections', { state: 'waiting' })).toBe(0);
    expect(sample(exposition, 'greenline_db_pool_max_connections')).toBe(testPoolConfig.max);
    expect(sample(exposition, 'greenline_db_pool_acquires_total')).toBeGreaterThan(0);
    expect(sample(exposition, 'greenline_db_pool_acquire_wait_seconds_total')).toBeGreaterThanOrEqual(0);
    expect(sample(exposition, 'greenline_db_pool_acquire_timeouts_total')).toBe(0);
  });

  it('times every statement by a name made of its verb and first table, never its text', () => {
    const count = (query: string) => sample(exposition, 'greenline_db_query_duration_seconds_count', { query });
    // The factor look-ups read factors; the first request's key check reads api_keys.
    expect(count('select.factors')).toBeGreaterThan(0);
    expect(count('select.api_keys')).toBeGreaterThan(0);
    const names = labelSets(exposition, 'greenline_db_query_duration_seconds_count').map((l) => l.query!);
    for (const name of names) expect(name).toMatch(/^[a-z]+(\.[a-z_0-9]+)?$/);
    expect(sample(exposition, 'greenline_db_query_duration_seconds_bucket', { query: 'select.factors', le: '+Inf' })).toBe(count('select.factors'));
  });

  it('counts supplier registrations by outcome', () => {
    expect(sample(exposition, 'greenline_suppliers_registered_total', { outcome: 'created' })).toBe(1);
    expect(sample(exposition, 'greenline_suppliers_registered_total', { outcome: 'duplicate' })).toBe(1);
  });

  it('counts the response cache miss then hit of a GET read twice, with its hit ratio', () => {
    const responses = (level: string, result: string) => sample(exposition, 'greenline_cache_operations_total', { cache: 'responses', level, result });
    // Cached routes read: the list (miss), the factor (miss, then hit), the unknown factor (a
    // miss; a 404 is not stored).
    expect(responses('l1', 'hit')).toBe(1);
    expect(responses('l1', 'miss')).toBe(3);
    expect(sample(exposition, 'greenline_cache_hit_ratio', { cache: 'responses' })).toBeCloseTo(1 / 4);
    // No Redis in this app: L1-only caches have no L2 series.
    expect(labelSets(exposition, 'greenline_cache_operations_total').filter((l) => l.level === 'l2')).toEqual([]);
  });

  it('counts the factor caches: the first resolve loads, the second hits L1', () => {
    const candidates = (level: string, result: string) => sample(exposition, 'greenline_cache_operations_total', { cache: 'factor-candidates', level, result });
    expect(candidates('l1', 'hit')).toBeGreaterThanOrEqual(1);
    expect(candidates('l1', 'miss')).toBeGreaterThanOrEqual(1);
    for (const cache of ['factor-candidates', 'factor-averages', 'factor-sources', 'responses']) {
      expect(sample(exposition, 'greenline_cache_evictions_total', { cache })).toBe(0);
      expect(sample(exposition, 'greenline_cache_stampedes_suppressed_total', { cache })).toBe(0);
    }
  });

  it('exposes process and Node metrics with the greenline_ prefix', () => {
    for (const name of [
      'greenline_process_cpu_seconds_total',
      'greenline_process_resident_memory_bytes',
      'greenline_nodejs_heap_size_used_bytes',
      'greenline_nodejs_eventloop_lag_p99_seconds',
    ]) {
      expect(sample(exposition, name), name).toBeGreaterThanOrEqual(0);
    }
    expect(exposition).toContain('# TYPE greenline_nodejs_gc_duration_seconds histogram');
  });

  it('passes promtool check metrics', async () => {
    const { code, output } = await promtoolCheck(exposition);
    expect(output).toBe('');
    expect(code).toBe(0);
  });

  it('serves /metrics without an API key and leaves it out of OpenAPI', async () => {
    const doc = (await app.inject('/openapi.json')).json();
    expect(Object.keys(doc.paths)).not.toContain('/metrics');
    expect((await app.inject({ url: '/metrics', headers: { authorization: 'Bearer nonsense' } })).statusCode).toBe(200);
  });
});
