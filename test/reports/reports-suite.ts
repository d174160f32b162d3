/**
 * Reports on each driver, from data written by the real write paths (POST /v1/calculations/batch
 * and bulk ingest): the rollups kept by every write give the same totals as grouping the emission
 * rows themselves; cut months and gas breakdowns come from the rows; the ESRS E1-6 table lists all
 * 15 categories; CSV; bad parameters named.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.ts';
import { ingest } from '../../src/ingest/pipeline.ts';
import { prepareDatabase } from '../../src/runtime.ts';
import { printed } from '../../src/domain/printed-number.ts';
import { DEFAULT_SETTINGS } from '../../src/domain/scope3/types.ts';
import type { SqlDriver } from '../../src/store/driver.ts';
import { createTenantFactor } from '../../src/store/factors.ts';
import { addApiKey, ensureTenant } from '../../src/store/tenants.ts';
import { generated, textSource } from '../ingest/ingest-suite.ts';
import type { DriverFactory, DriverFixture } from '../support/databases.ts';

/**
 * An answered total against the same sum taken another way: answers print 12 significant digits
 * (docs/calculations.md), and sums in another order may differ in the last bits.
 */
function expectPrinted(answered: number, sum: number): void {
  expect(answered).toBe(printed(answered));
  expect(Math.abs(answered - sum)).toBeLessThanOrEqual(1e-11 * Math.abs(sum));
}

export function runReportsSuite(label: string, open: DriverFactory): void {
  describe(`reports on ${label}`, () => {
    let fx: DriverFixture;
    let db: SqlDriver;
    let app: FastifyInstance;
    let key: string;
    let tenantId: string;
    const get = (url: string, accept = 'application/json') => app.inject({ url, headers: { authorization: `Bearer ${key}`, accept } });

    beforeAll(async () => {
      fx = await open();
      db = fx.driver;
      const rt = await prepareDatabase(db, { cursorSecret: null });
      tenantId = (await ensureTenant(db, 'reports')).id;
      key = await addApiKey(db, tenantId);
      // A landfill factor with a gas breakdown (kg of each gas per kg of waste), AR5 like the settings.
      await createTenantFactor(db, tenantId, {
        activity: 'waste.landfill',
        name: 'Landfill',
        value: 0.58,
        unit: 'kgCO2e/kg',
        year: 2024,
        category: 5,
        gases: { CO2: 0.02, CH4: 0.02 },
      });
      app = await buildApp({ driver: db, config: { bodyLimitBytes: 8 * 1024 * 1024, logLevel: 'silent' }, cursorSecret: rt.cursorSecret });
      const supplier = (
        await app.inject({ method: 'POST', url: '/v1/suppliers', headers: { authorization: `Bearer ${key}` }, payload: { name: 'Rail Co' } })
      ).json();
      const records = [
        ...Array.from({ length: 40 }, (_, i) => ({
          category: 4,
          date: `2024-0${1 + (i % 6)}-1${i % 9}`,
          mode: 'rail',
          distance: 100 + i,
          distance_unit: 'km',
          mass: 2,
          mass_unit: 't',
          supplier_id: supplier.id,
        })),
        ...Array.from({ length: 20 }, (_, i) => ({ category: 5, date: `2024-0${1 + (i % 3)}-05`, treatment: 'landfill', mass: 10 + i, mass_unit: 'kg' })),
        ...Array.from({ length: 10 }, (_, i) => ({ category: 6, date: '2023-12-31', travel_type: 'hotel', nights: 1 + i, country: 'GB' })),
      ];
      const batch = await app.inject({ method: 'POST', url: '/v1/calculations/batch', headers: { authorization: `Bearer ${key}` }, payload: { records } });
      expect(batch.json().totals.failed).toBe(0);
      const s = await ingest(db, {
        tenantId,
        type: 'purchases',
        format: 'csv',
        settings: DEFAULT_SETTINGS,
        source: textSource('p.csv', generated('purchases', 2_000, 4)),
      });
      expect(s.rowsOk).toBe(2_000);
    });
    afterAll(async () => {
      await app?.close();
      await fx?.close();
    });

    it('gives from the rollups exactly what grouping the emission rows gives', async () => {
      const res = await get('/v1/reports/emissions?group_by=category,month,tier,supplier');
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.source).toBe('rollups');
      const direct = await db.query<{ category: number; month: string; tier: number; supplier_id: string | null; kg: number; n: number; dqi: number }>(
        `SELECT category::int AS category, to_char(activity_date, 'YYYY-MM') AS month, tier::int AS tier, supplier_id,
                sum(kg_co2e)::float8 AS kg, count(*)::int AS n, avg(dqi)::float8 AS dqi
         FROM emissions WHERE tenant_id = $1 GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
        [tenantId],
      );
      expect(body.rows).toHaveLength(direct.rows.length);
      direct.rows.forEach((d, i) => {
        const r = body.rows[i];
        expect({ category: r.category, month: r.month, tier: r.tier, supplier_id: r.supplier_id, rows: r.rows }).toEqual({
          category: d.category,
          month: d.month,
          tier: d.tier,
          supplier_id: d.supplier_id,
          rows: d.n,
        });
        expectPrinted(r.kg_co2e, d.kg);
        expect(r.average_dqi).toBeCloseTo(d.dqi, 0);
      });
      const total = await db.query<{ kg: number; n: number }>('SELECT sum(kg_co2e)::float8 AS kg, count(*)::int AS n FROM emissions WHERE tenant_id = $1', [
        tenantId,
      ]);
      expect(body.totals.rows).toBe(total.rows[0]!.n);
      expectPrinted(body.totals.kg_co2e, total.rows[0]!.kg);
      expect(body.rows.find((r: { category: number }) => r.category === 4).category_name).toBe('Upstream transportation and distribution');
    });

    it('computes a range that cuts a month from the rows, and agrees with whole months', async () => {
      const cut = (await get('/v1/reports/emissions?group_by=category&from=2024-01-01&to=2024-01-15')).json();
      expect(cut.source).toBe('emissions');
      const direct = await db.query<{ kg: number }>(
        "SELECT sum(kg_co2e)::float8 AS kg FROM emissions WHERE tenant_id = $1 AND activity_date BETWEEN '2024-01-01' AND '2024-01-15'",
        [tenantId],
      );
      expectPrinted(cut.totals.kg_co2e, direct.rows[0]!.kg);
      const whole = (await get('/v1/reports/emissions?group_by=month&from=2024-01-01&to=2024-03-31')).json();
      const rows = (await get('/v1/reports/emissions?group_by=month&from=2024-01-01&to=2024-03-30')).json();
      expect(whole.source).toBe('rollups');
      expect(rows.source).toBe('emissions');
      expect(whole.rows.map((r: { month: string }) => r.month)).toEqual(['2024-01', '2024-02', '2024-03']);
      // Whole months hold the rows of the cut range and those of 31 March.
      const last = await db.query<{ kg: number; n: number }>(
        "SELECT COALESCE(sum(kg_co2e), 0)::float8 AS kg, count(*)::int AS n FROM emissions WHERE tenant_id = $1 AND activity_date = '2024-03-31'",
        [tenantId],
      );
      expect(whole.totals.rows).toBe(rows.totals.rows + last.rows[0]!.n);
      expectPrinted(whole.totals.kg_co2e, rows.totals.kg_co2e + last.rows[0]!.kg);
    });

    it('breaks emissions down by gas where factors give one', async () => {
      const res = (await get('/v1/reports/emissions?group_by=category,gas&from=2024-01-01&to=2024-12-31')).json();
      const waste = res.rows.filter((r: { category: number }) => r.category === 5);
      // 20 landfill records of 10..29 kg: Σ mass = 390 kg; CO2 0.02 and CH4 0.02 kg per kg.
      expect(waste.map((r: { gas: string }) => r.gas)).toEqual(['CH4', 'CO2']);
      for (const r of waste) expect(r.kg_co2e).toBeCloseTo(390 * 0.02, 9);
      expect(res.rows.some((r: { category: number; gas: string }) => r.category === 4 && r.gas === 'CO2e')).toBe(true);
    });

    it('answers CSV, and the ESRS E1-6 table lists all 15 categories summing to the gross total', async () => {
      const csv = await get('/v1/reports/emissions?group_by=category', 'text/csv');
      expect(csv.headers['content-type']).toMatch(/text\/csv/);
      const lines = csv.body.trim().split('\n');
      expect(lines[0]).toBe('category,category_name,kg_co2e,t_co2e,rows,average_dqi');
      expect(lines[1]).toMatch(/^1,Purchased goods and services,/);
      const esrs = (await get('/v1/reports/esrs-e1-6?year=2024')).json();
      expect(esrs.categories).toHaveLength(15);
      expect(esrs.categories.map((c: { category: number }) => c.category)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
      const sum = esrs.categories.reduce((s: number, c: { t_co2e: number }) => s + c.t_co2e, 0);
      expect(sum).toBeCloseTo(esrs.gross_scope3_t_co2e, 9);
      expect(esrs.categories[5]).toMatchObject({ category: 6, t_co2e: 0, rows: 0 }); // hotels were in 2023
      const esrsCsv = await get('/v1/reports/esrs-e1-6?year=2024&format=csv');
      expect(esrsCsv.body.trim().split('\n')).toHaveLength(17);
    });

    it('names a bad dimension, an impossible date and a reversed range', async () => {
      const bad = await get('/v1/reports/emissions?group_by=category,colour');
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors[0]).toMatchObject({ field: 'querystring.group_by' });
      expect((await get('/v1/reports/emissions?from=2024-02-30')).json().errors[0].field).toBe('querystring.from');
      expect((await get('/v1/reports/emissions?from=2024-03-01&to=2024-02-01')).json().errors[0].field).toBe('querystring.to');
      expect((await get('/v1/reports/esrs-e1-6')).statusCode).toBe(400);
    });
  });
}
