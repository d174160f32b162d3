/**
 * Bad-input classes of issue 21 over HTTP and bulk ingest, on each driver:
 * - bounds: a factor value or an activity amount beyond the plausible bound of its unit is a 400
 *   naming the field (a row error in an ingest), and reports on the largest allowed values stored
 *   many times still answer (two results of a 1e308 factor used to make them 500 for good);
 * - no silent fallbacks: an unknown NAICS code or an uncovered country gives a proxy factor and a
 *   warning naming the missing key, an ingest counts its rows with warnings, and dates outside
 *   1990–2100 are refused; a rate year the tables do not cover is a warning;
 * - the imported GWP table is the one calculations use (built-in values otherwise).
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyCalculation } from '../../src/calculate/verify.ts';
import { buildApp } from '../../src/http/app.ts';
import { prepareDatabase } from '../../src/runtime.ts';
import { listBatchErrors } from '../../src/store/batches.ts';
import type { SqlDriver } from '../../src/store/driver.ts';
import { importGwpValues } from '../../src/store/factors.ts';
import { addApiKey, ensureTenant } from '../../src/store/tenants.ts';
import type { DriverFactory, DriverFixture } from '../support/databases.ts';

export function runPlausibleInputsSuite(label: string, open: DriverFactory): void {
  describe(`plausible inputs and no silent fallbacks on ${label}`, () => {
    let fx: DriverFixture;
    let db: SqlDriver;
    let app: FastifyInstance;
    const keys = new Map<string, string>();

    beforeAll(async () => {
      fx = await open();
      db = fx.driver;
      const rt = await prepareDatabase(db, { cursorSecret: null });
      for (const name of ['bounds', 'reports', 'fallbacks', 'ingest', 'gwp']) keys.set(name, await addApiKey(db, (await ensureTenant(db, name)).id));
      app = await buildApp({ driver: db, config: { bodyLimitBytes: 16 * 1024 * 1024, logLevel: 'silent' }, cursorSecret: rt.cursorSecret });
    });
    afterAll(async () => {
      await app?.close();
      await fx?.close();
    });

    const auth = (tenant: string) => ({ authorization: `Bearer ${keys.get(tenant)}` });
    const post = (tenant: string, url: string, payload: unknown) => app.inject({ method: 'POST', url, headers: auth(tenant), payload: payload as object });
    const fields = (body: { errors?: Array<{ field: string }> }) => (body.errors ?? []).map((e) => e.field);
    const truck = { category: 4, date: '2024-03-01', mode: 'road.truck_heavy', distance: 500, distance_unit: 'km', mass: 12, mass_unit: 't' };

    describe('bounds', () => {
      it('refuses a tenant factor beyond its unit’s bound with 400 naming the field (1e308 used to be stored)', async () => {
        const factor = { activity: 'product.bounded', name: 'Bounded', unit: 'kgCO2e/kg', year: 2024 };
        const huge = await post('bounds', '/v1/factors', { ...factor, value: 1e308 });
        expect(huge.statusCode).toBe(400);
        expect(huge.json()).toMatchObject({
          code: 'VALIDATION_FAILED',
          errors: [{ field: 'body.value', message: expect.stringMatching(/^must be at most 1e6 kg CO2e per kg/) }],
        });
        const gas = await post('bounds', '/v1/factors', { ...factor, value: 2, gases: { CO2: 1, CH4: 5e6 } });
        expect(fields(gas.json())).toEqual(['body.gases.CH4']);
        // Per tonne, a thousand times as much is the same bound.
        const perTonne = await post('bounds', '/v1/factors', { ...factor, unit: 'kgCO2e/t', value: 1e9 });
        expect(perTonne.statusCode).toBe(201);
        // Correcting a factor goes through the same check.
        const superseded = await post('bounds', `/v1/factors/${perTonne.json().id}/supersede`, { value: 1e12 });
        expect([superseded.statusCode, fields(superseded.json())]).toEqual([400, ['body.value']]);
        const none = await app.inject({ url: '/v1/factors?activity=product.bounded', headers: auth('bounds') });
        expect(none.json().data.map((f: { value: number }) => f.value)).toEqual([1e9]);
      });

      it('refuses record amounts and dates beyond their bounds with 400 naming the field; a batch refuses each record on its own', async () => {
        const mass = await post('bounds', '/v1/calculations', { record: { ...truck, mass: 1e10 } });
        expect(mass.statusCode).toBe(400);
        expect(mass.json().errors).toEqual([{ field: 'body.record.mass', message: expect.stringMatching(/^must be at most 1e9 t \(1e12 kg\)/) }]);
        for (const date of ['0001-01-01', '9999-12-31']) {
          const res = await post('bounds', '/v1/calculations', { record: { ...truck, date } });
          expect([res.statusCode, fields(res.json())], date).toEqual([400, ['body.record.date']]);
        }
        const spend = await post('bounds', '/v1/calculations', { record: { category: 1, date: '2024-01-01', spend: 1e14 } });
        expect(fields(spend.json())).toEqual(['body.record.spend']);
        const batch = (
          await post('bounds', '/v1/calculations/batch', { records: [truck, { ...truck, distance: 1e11 }, { ...truck, date: '1970-01-01' }] })
        ).json();
        expect(batch.totals).toMatchObject({ records: 3, succeeded: 1, failed: 2 });
        expect(batch.results.map((r: { errors?: Array<{ field: string }> }) => r.errors?.map((e) => e.field))).toEqual([
          undefined,
          ['records[1].distance'],
          ['records[2].date'],
        ]);
      });

      it('answers both reports on the largest allowed values stored many times (two 1e308 factors used to make them 500)', async () => {
        const factor = await post('reports', '/v1/factors', { activity: 'product.largest', name: 'Largest', value: 1e6, unit: 'kgCO2e/kg', year: 2024 });
        expect(factor.statusCode).toBe(201);
        // The largest mass with the largest factor per kg: 1e9 kg × 1e6 = 1e15 kg, the most one record may have.
        const record = { category: 1, date: '2024-06-01', product: 'product.largest', quantity: 1e9, unit: 'kg' };
        const n = 5_000;
        for (let round = 0; round < 2; round++) {
          const batch = (await post('reports', '/v1/calculations/batch', { records: Array.from({ length: n }, () => record) })).json();
          expect(batch.totals).toMatchObject({ succeeded: n, failed: 0 });
        }
        const beyond = await post('reports', '/v1/calculations', { record: { ...record, quantity: 1.1e9 } });
        expect([beyond.statusCode, fields(beyond.json())]).toEqual([400, ['body.record']]);
        const report = await app.inject({ url: '/v1/reports/emissions?group_by=category,month', headers: auth('reports') });
        expect(report.statusCode, report.body).toBe(200);
        expect(report.json().totals).toMatchObject({ rows: 2 * n, kg_co2e: 2 * n * 1e15 });
        const esrs = await app.inject({ url: '/v1/reports/esrs-e1-6?year=2024', headers: auth('reports') });
        expect(esrs.statusCode, esrs.body).toBe(200);
        expect(esrs.json().gross_scope3_t_co2e).toBe((2 * n * 1e15) / 1000);
        const csv = await app.inject({ url: '/v1/reports/esrs-e1-6?year=2024&format=csv', headers: auth('reports') });
        expect(csv.statusCode).toBe(200);
      });
    });

    describe('no silent fallbacks', () => {
      it('gives an unknown NAICS code the sector average as a proxy with a warning naming the missing key, stored and read back (it was is_proxy false, no warning)', async () => {
        const res = await post('fallbacks', '/v1/calculations', { record: { category: 1, date: '2024-01-01', spend: 1000, naics: '999999' } });
        expect(res.statusCode).toBe(201);
        const body = res.json();
        expect(body).toMatchObject({ method: 'spend_based_sector', kg_co2e: 350 });
        expect(body.factors).toMatchObject([{ name: 'eeio_factor', is_proxy: true, source: 'Greenline built-in defaults' }]);
        expect(body.warnings).toEqual([
          { code: 'FACTOR_KEY_NOT_FOUND', message: expect.stringContaining('no factor for eeio.naics.999999 in US; spend.average stands in') },
        ]);
        const again = (await app.inject({ url: `/v1/calculations/${body.id}`, headers: auth('fallbacks') })).json();
        expect([again.warnings, again.factors[0].is_proxy, again.data_quality]).toEqual([body.warnings, true, body.data_quality]);
        expect((await verifyCalculation(db, null, body.id))?.status).toBe('match');
        // A batch answer carries the same warnings.
        const batch = (
          await post('fallbacks', '/v1/calculations/batch', { records: [{ category: 1, date: '2024-01-01', spend: 10, naics: '999999' }] })
        ).json();
        expect(batch.results[0].warnings).toEqual(body.warnings);
      });

      it('gives a country without its own factor the global value as a proxy, naming the country', async () => {
        const hotel = { category: 6, date: '2024-01-01', travel_type: 'hotel', nights: 2 };
        const india = (await post('fallbacks', '/v1/calculations', { record: { ...hotel, country: 'IN' } })).json();
        expect(india.factors).toMatchObject([{ region: 'GLOBAL', resolved_by: 'parent_region', is_proxy: true }]);
        expect(india.warnings).toEqual([
          { code: 'REGION_NOT_COVERED', message: 'no hotel.night factor for region IN; the GLOBAL value stands in for it (is_proxy)' },
        ]);
        const us = (await post('fallbacks', '/v1/calculations', { record: { ...hotel, country: 'US' } })).json();
        expect([us.factors[0].is_proxy, us.warnings]).toEqual([false, []]);
        // The factor answer says the same.
        const resolved = (await post('fallbacks', '/v1/factors/resolve', { activity: 'hotel.night', region: 'IN', year: 2024 })).json();
        expect(resolved.provenance).toMatchObject({ is_proxy: true, resolved_by: 'parent_region', region: 'GLOBAL' });
      });

      it('warns when a spend year is outside the exchange-rate table (EUR 2024 was clamped to 2023 silently)', async () => {
        const body = (await post('fallbacks', '/v1/calculations', { record: { category: 1, date: '2024-06-01', spend: 1000, currency: 'EUR' } })).json();
        expect(body.warnings).toEqual([
          { code: 'EXCHANGE_RATE_YEAR_NOT_COVERED', message: 'no EUR exchange rate for 2024 (the table covers 2015–2023); the 2023 annual average was used' },
        ]);
        expect(body.inputs_used).toMatchObject({ fx_rate: 1.0817 });
      });

      it('counts an ingest’s rows with warnings, in the batch answer, and reports out-of-bound rows as row errors (fast path on)', async () => {
        const csv = [
          'date,external_id,spend,currency,naics,sector',
          '2024-01-05,a,100,USD,,services',
          '2024-01-06,b,200,USD,,services',
          '2024-01-07,c,300,USD,999999,services',
          '2024-01-08,d,400,USD,999999,services',
          '2024-01-09,e,500,EUR,,average',
          '0001-01-01,f,600,USD,,services',
          '2024-01-10,g,2e13,USD,,services',
          '9999-12-31,h,700,USD,,services',
          '',
        ].join('\n');
        const res = await app.inject({
          method: 'POST',
          url: '/v1/batches?type=purchases&name=warned.csv',
          headers: { ...auth('ingest'), 'content-type': 'text/csv' },
          payload: csv,
        });
        expect(res.statusCode).toBe(202);
        let batch = res.json();
        for (let i = 0; i < 300 && (batch.status === 'pending' || batch.status === 'running'); i++) {
          await new Promise((r) => setTimeout(r, 50));
          batch = (await app.inject({ url: `/v1/batches/${batch.id}`, headers: auth('ingest') })).json();
        }
        expect(batch).toMatchObject({ status: 'succeeded', rows: { total: 8, stored: 5, failed: 3, with_warnings: 3 } });
        const errors = await listBatchErrors(db, batch.id, { limit: 10 });
        expect(errors.map((e) => [e.row, e.field])).toEqual([
          [6, 'date'],
          [7, 'spend'],
          [8, 'date'],
        ]);
        // Each stored row's warnings are read back with it.
        const list = (await app.inject({ url: `/v1/emissions?batch_id=${batch.id}&limit=10`, headers: auth('ingest') })).json();
        const warned: string[] = [];
        for (const e of list.data) {
          const r = (await app.inject({ url: `/v1/calculations/${e.id}`, headers: auth('ingest') })).json();
          if (r.warnings.length > 0) warned.push(`${r.input.external_id}:${r.warnings.map((w: { code: string }) => w.code).join()}`);
        }
        expect(warned.sort()).toEqual(['c:FACTOR_KEY_NOT_FOUND', 'd:FACTOR_KEY_NOT_FOUND', 'e:EXCHANGE_RATE_YEAR_NOT_COVERED']);
      });
    });

    describe('the GWP table', () => {
      it('is the imported one when there is one, recorded as an input (the engine used to keep its own constants)', async () => {
        const factor = await post('gwp', '/v1/factors', {
          activity: 'product.methane_rich',
          name: 'Methane-rich widget',
          value: 1,
          unit: 'kgCO2e/kg',
          year: 2024,
          gases: { CO2: 1, CH4: 0.01 },
        });
        expect(factor.statusCode).toBe(201);
        const record = { category: 1, date: '2024-05-01', product: 'product.methane_rich', quantity: 100, unit: 'kg' };
        const settings = { gwp_set: 'AR6' };
        // Built in: AR6 CH4 29.8 (fossil). 100 kg × (1 + 0.01 × 29.8) = 129.8 kg.
        const builtIn = (await post('gwp', '/v1/calculations', { record, settings })).json();
        expect(builtIn.kg_co2e).toBe(129.8);
        expect(builtIn.inputs_used['gwp.CH4']).toBeUndefined();
        // The openclimatedata table's AR6 CH4 is 27.9: once imported, calculations use it.
        await importGwpValues(db, [
          { gwpSet: 'AR6', gas: 'CO2', value: 1 },
          { gwpSet: 'AR6', gas: 'CH4', value: 27.9 },
        ]);
        const imported = (await post('gwp', '/v1/calculations', { record, settings })).json();
        expect(imported.kg_co2e).toBe(127.9);
        expect(imported.inputs_used).toMatchObject({ 'gwp.CH4': 27.9, 'gwp.CO2': 1 });
        expect((await verifyCalculation(db, null, imported.id))?.status).toBe('match');
        // A result made before the import no longer verifies, and says why.
        const before = await verifyCalculation(db, null, builtIn.id);
        expect(before?.differences).toEqual(expect.arrayContaining(['input gwp.CH4: stored none, recomputed 27.9', 'kg_co2e: stored 129.8, recomputed 127.9']));
        // A new import changes what a result made with the old one verifies to.
        await importGwpValues(db, [{ gwpSet: 'AR6', gas: 'CH4', value: 28 }]);
        expect((await verifyCalculation(db, null, imported.id))?.differences).toContain('input gwp.CH4: stored 27.9, recomputed 28');
        await db.query("DELETE FROM gwp_values WHERE gwp_set = 'AR6'");
      });
    });
  });
}
