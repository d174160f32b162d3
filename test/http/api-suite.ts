/** The HTTP API, run against each driver through Fastify's inject (no sockets, real database). */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinDatasets } from '../../src/domain/factors/builtin.ts';
import { buildApp } from '../../src/http/app.ts';
import { prepareDatabase } from '../../src/runtime.ts';
import { latestVersion } from '../../src/store/migrate.ts';
import { addApiKey, ensureTenant } from '../../src/store/tenants.ts';
import type { DriverFactory, DriverFixture } from '../support/databases.ts';

const BODY_LIMIT = 1024 * 1024;

export function runApiSuite(label: string, open: DriverFactory): void {
  describe(`HTTP API on ${label}`, () => {
    let fx: DriverFixture;
    let app: FastifyInstance;
    let keyA: string;
    let keyB: string;
    const as = (key: string) => ({ authorization: `Bearer ${key}` });

    beforeAll(async () => {
      fx = await open();
      const rt = await prepareDatabase(fx.driver, { cursorSecret: null });
      keyA = await addApiKey(fx.driver, (await ensureTenant(fx.driver, 'alpha')).id);
      keyB = await addApiKey(fx.driver, (await ensureTenant(fx.driver, 'beta')).id);
      app = await buildApp({ driver: fx.driver, config: { bodyLimitBytes: BODY_LIMIT, logLevel: 'silent' }, cursorSecret: rt.cursorSecret });
    });
    afterAll(async () => {
      await app?.close();
      await fx?.close();
    });

    describe('health and docs', () => {
      it('reports liveness and readiness', async () => {
        expect((await app.inject('/healthz')).json()).toEqual({ status: 'ok' });
        const ready = await app.inject('/readyz');
        expect(ready.statusCode).toBe(200);
        expect(ready.json()).toMatchObject({ status: 'ready', migrations: { applied: latestVersion(), expected: latestVersion() } });
      });

      it('serves OpenAPI generated from the route schemas', async () => {
        const doc = (await app.inject('/openapi.json')).json();
        expect(doc.openapi).toBe('3.1.0');
        expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/factors', '/v1/factors/{id}', '/v1/factors/resolve', '/v1/suppliers']));
        expect(doc.paths['/v1/factors/resolve'].post.requestBody.content['application/json'].schema.oneOf[1].properties.queries.maxItems).toBe(10_000);
      });

      it('echoes a sane request id and makes one up otherwise', async () => {
        const given = await app.inject({ url: '/healthz', headers: { 'x-request-id': 'trace-123' } });
        expect(given.headers['x-request-id']).toBe('trace-123');
        const bad = await app.inject({ url: '/healthz', headers: { 'x-request-id': 'no spaces allowed' } });
        expect(bad.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      });
    });

    describe('authentication', () => {
      it('refuses a missing key', async () => {
        const res = await app.inject('/v1/factors');
        expect(res.statusCode).toBe(401);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.headers['www-authenticate']).toContain('Bearer');
        expect(res.json()).toMatchObject({ code: 'AUTH_MISSING', errors: [{ field: 'header.authorization' }] });
      });

      it('refuses a malformed header and an unknown key', async () => {
        expect((await app.inject({ url: '/v1/factors', headers: { authorization: 'Basic abc' } })).json().code).toBe('AUTH_MALFORMED');
        const res = await app.inject({ url: '/v1/factors', headers: as('gl_not-a-real-key') });
        expect(res.statusCode).toBe(401);
        expect(res.json().code).toBe('AUTH_INVALID');
      });
    });

    describe('bad input', () => {
      it('names unknown fields and wrong types', async () => {
        const res = await app.inject({
          method: 'POST',
          url: '/v1/factors/resolve',
          headers: as(keyA),
          payload: { activity: 'hotel.night', year: '2024', colour: 'red' },
        });
        expect(res.statusCode).toBe(400);
        const body = res.json();
        expect(body.code).toBe('VALIDATION_FAILED');
        expect(body.errors).toEqual(
          expect.arrayContaining([
            { field: 'body.colour', message: 'is not a known field' },
            { field: 'body.year', message: 'must be integer' },
          ]),
        );
      });

      it('points into arrays', async () => {
        const res = await app.inject({
          method: 'POST',
          url: '/v1/factors/resolve',
          headers: as(keyA),
          payload: { queries: [{ activity: 'hotel.night' }, { activity: 'hotel.night', region: 'not a region' }, { year: 2020 }] },
        });
        expect(res.statusCode).toBe(400);
        expect(res.json().errors).toEqual(
          expect.arrayContaining([expect.objectContaining({ field: 'body.queries[1].region' }), { field: 'body.queries[2].activity', message: 'is required' }]),
        );
      });

      it('refuses an oversized body with 413', async () => {
        const res = await app.inject({
          method: 'POST',
          url: '/v1/factors/resolve',
          headers: { ...as(keyA), 'content-type': 'application/json' },
          payload: 'x'.repeat(BODY_LIMIT + 1),
        });
        expect(res.statusCode).toBe(413);
        expect(res.json()).toMatchObject({ code: 'BODY_TOO_LARGE' });
      });

      it('refuses invalid JSON, more than 10,000 queries, and both forms at once', async () => {
        const json = await app.inject({
          method: 'POST',
          url: '/v1/factors/resolve',
          headers: { ...as(keyA), 'content-type': 'application/json' },
          payload: '{"activity": ',
        });
        expect(json.statusCode).toBe(400);
        expect(json.json().code).toBe('INVALID_JSON');
        const many = await app.inject({
          method: 'POST',
          url: '/v1/factors/resolve',
          headers: as(keyA),
          payload: { queries: Array.from({ length: 10_001 }, () => ({ activity: 'a' })) },
        });
        expect(many.statusCode).toBe(400);
        expect(many.json().errors[0]).toEqual({ field: 'body.queries', message: 'must NOT have more than 10000 items' });
        const both = await app.inject({
          method: 'POST',
          url: '/v1/factors/resolve',
          headers: as(keyA),
          payload: { activity: 'x', queries: [{ activity: 'y' }] },
        });
        expect(both.statusCode).toBe(400);
        expect(both.json().errors[0].field).toBe('body.activity');
        const none = await app.inject({ method: 'POST', url: '/v1/factors/resolve', headers: as(keyA), payload: {} });
        expect(none.json().errors).toEqual([{ field: 'body.activity', message: 'is required' }]);
      });

      it('validates query strings and cursors', async () => {
        const limit = await app.inject({ url: '/v1/factors?limit=0', headers: as(keyA) });
        expect(limit.statusCode).toBe(400);
        expect(limit.json().errors[0].field).toBe('querystring.limit');
        const unknown = await app.inject({ url: '/v1/factors?sort=name', headers: as(keyA) });
        expect(unknown.json().errors[0]).toEqual({ field: 'querystring.sort', message: 'is not a known field' });
        const cursor = await app.inject({ url: '/v1/factors?cursor=abc.def', headers: as(keyA) });
        expect(cursor.statusCode).toBe(400);
        expect(cursor.json().code).toBe('INVALID_CURSOR');
      });

      it('answers an unknown route with a problem', async () => {
        const res = await app.inject({ url: '/v1/nothing', headers: as(keyA) });
        expect(res.statusCode).toBe(404);
        expect(res.json().code).toBe('ROUTE_NOT_FOUND');
      });
    });

    describe('factors', () => {
      it('resolves a built-in activity with provenance', async () => {
        const res = await app.inject({
          method: 'POST',
          url: '/v1/factors/resolve',
          headers: as(keyA),
          payload: { activity: 'transport.road.truck_heavy', region: 'DE', year: 2024 },
        });
        expect(res.statusCode).toBe(200);
        const body = res.json();
        expect(body.factor).toMatchObject({ value: 0.062, unit: 'kgCO2e/tkm', region: 'GLOBAL' });
        expect(body.provenance).toMatchObject({
          resolved_by: 'parent_region',
          is_proxy: false,
          cache_hit: false,
          source: 'Greenline built-in defaults',
          dataset_version: '2026.1',
        });
        expect(body.provenance.fallback_chain).toEqual([
          'tenant_override: no_match',
          'supplier_specific: skipped (no supplier_id)',
          'region_year_exact: no_match (DE 2024)',
          'region_nearest_year: no_match (DE)',
          'parent_region: matched (GLOBAL 2024)',
        ]);
      });

      it('resolves a batch, summarising resolved, unresolved and proxies', async () => {
        const queries = [
          ...Array.from({ length: 2000 }, (_, i) => ({ activity: i % 2 ? 'flight.economy' : 'hotel.night', region: i % 3 ? 'US' : 'JP', year: 2024 })),
          { activity: 'transport.zeppelin', category: 4 },
          { activity: 'no.such.thing' },
        ];
        const res = await app.inject({ method: 'POST', url: '/v1/factors/resolve', headers: as(keyA), payload: { queries } });
        expect(res.statusCode).toBe(200);
        const body = res.json();
        expect(body.summary).toEqual({ total: 2002, resolved: 2001, unresolved: 1, proxies: 1 });
        expect(body.factors[body.results[0].factor_id]).toMatchObject({ value: 26.4, region: 'JP', source_name: 'Greenline built-in defaults' }); // JP hotel night
        expect(body.results[1].factor_id).toBe(body.results[3].factor_id); // flight.economy, US, twice
        expect(Object.keys(body.factors).length).toBeLessThanOrEqual(5);
        expect(body.results[2000].provenance.is_proxy).toBe(true);
        expect(body.results[2001]).toMatchObject({ status: 'unresolved', factor_id: null });
        expect(body.results[2001].error).toContain('no.such.thing');
      });

      it('pages the factor list through links.next, each factor once', async () => {
        const seen = new Set<string>();
        let url: string | null = '/v1/factors?limit=4';
        type Page = { data: { id: string }[]; links: { next: string | null } };
        let pages = 0;
        while (url) {
          const page: Page = (await app.inject({ url, headers: as(keyA) })).json();
          for (const f of page.data) {
            expect(seen.has(f.id)).toBe(false);
            seen.add(f.id);
          }
          url = page.links.next;
          pages++;
        }
        // The built-in set: 25 Greenline defaults, 184 BEIS 2020 rows, 210 grid rows (Ember via co2.js).
        const builtin = builtinDatasets.reduce((n, d) => n + d.factors.length, 0);
        expect(builtin).toBe(419);
        expect(seen.size).toBe(builtin);
        expect(pages).toBe(Math.ceil(builtin / 4));
      });
    });

    describe('tenancy', () => {
      it('gives tenant A a 404 for every kind of tenant B resource', async () => {
        const supplier = await app.inject({
          method: 'POST',
          url: '/v1/suppliers',
          headers: as(keyB),
          payload: { name: 'Beta Steel AG', country: 'de', lei: '529900T8BM49AURSDO55' },
        });
        expect(supplier.statusCode).toBe(201);
        const supplierId = supplier.json().id;
        const factor = await app.inject({
          method: 'POST',
          url: '/v1/factors',
          headers: as(keyB),
          payload: { activity: 'steel.hot_rolled', name: 'Beta’s own steel', value: 1.1, unit: 'kgCO2e/kg', year: 2024, supplier_id: supplierId, category: 1 },
        });
        expect(factor.statusCode).toBe(201);
        const factorId = factor.json().id;
        expect(factor.json()).toMatchObject({ tenant_specific: true, supplier_id: supplierId });

        // B sees its own resources.
        expect((await app.inject({ url: `/v1/factors/${factorId}`, headers: as(keyB) })).statusCode).toBe(200);
        expect((await app.inject({ url: `/v1/suppliers/${supplierId}`, headers: as(keyB) })).statusCode).toBe(200);

        // A does not: by id, by listing, by reference, or through the broker.
        const getFactor = await app.inject({ url: `/v1/factors/${factorId}`, headers: as(keyA) });
        expect(getFactor.statusCode).toBe(404);
        expect(getFactor.json().code).toBe('NOT_FOUND');
        expect((await app.inject({ url: `/v1/suppliers/${supplierId}`, headers: as(keyA) })).statusCode).toBe(404);
        const listed = (await app.inject({ url: '/v1/factors?activity=steel.hot_rolled', headers: as(keyA) })).json();
        expect(listed.data).toEqual([]);
        const byRef = await app.inject({
          method: 'POST',
          url: '/v1/factors',
          headers: as(keyA),
          payload: { activity: 'steel.hot_rolled', name: 'x', value: 1, unit: 'kgCO2e/kg', year: 2024, supplier_id: supplierId },
        });
        expect(byRef.statusCode).toBe(404);
        const resolved = (
          await app.inject({
            method: 'POST',
            url: '/v1/factors/resolve',
            headers: as(keyA),
            payload: { activity: 'steel.hot_rolled', supplier_id: supplierId },
          })
        ).json();
        expect(resolved.status).toBe('unresolved');
        const forB = (
          await app.inject({
            method: 'POST',
            url: '/v1/factors/resolve',
            headers: as(keyB),
            payload: { activity: 'steel.hot_rolled', supplier_id: supplierId },
          })
        ).json();
        expect(forB.provenance.resolved_by).toBe('supplier_specific');
      });
    });
  });
}
