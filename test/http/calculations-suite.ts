/** The calculations API on each driver: exact numbers, storage with lineage, verify, batches, tenancy. */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { builtinFactors } from '../../src/domain/factors/builtin.ts';
import { buildApp } from '../../src/http/app.ts';
import { metrics } from '../../src/metrics/registry.ts';
import { prepareDatabase } from '../../src/runtime.ts';
import { calculateBatch } from '../../src/calculate/batch.ts';
import type { BatchOutcome } from '../../src/calculate/result-summary.ts';
import { CalculationHelper } from '../../src/calculate/worker/helper.ts';
import { CalculationSession } from '../../src/calculate/session.ts';
import { DEFAULT_SETTINGS } from '../../src/domain/scope3/types.ts';
import { getCalculation } from '../../src/store/calculations.ts';
import { verifyCalculation } from '../../src/calculate/verify.ts';
import { importDataset } from '../../src/store/factors.ts';
import { migrate } from '../../src/store/migrate.ts';
import { migrations } from '../../src/store/migrations/index.ts';
import { addApiKey, ensureTenant } from '../../src/store/tenants.ts';
import type { DriverFactory, DriverFixture } from '../support/databases.ts';

export function runCalculationsSuite(label: string, open: DriverFactory): void {
  describe(`calculations API on ${label}`, () => {
    let fx: DriverFixture;
    let app: FastifyInstance;
    let keyA: string;
    let keyB: string;
    let tenantA: string;
    const as = (key: string) => ({ authorization: `Bearer ${key}` });
    const truck = { category: 4, date: '2024-03-01', mode: 'road.truck_heavy', distance: 500, distance_unit: 'km', mass: 12, mass_unit: 't' };

    beforeAll(async () => {
      fx = await open();
      const rt = await prepareDatabase(fx.driver, { cursorSecret: null });
      tenantA = (await ensureTenant(fx.driver, 'alpha')).id;
      keyA = await addApiKey(fx.driver, tenantA);
      keyB = await addApiKey(fx.driver, (await ensureTenant(fx.driver, 'beta')).id);
      app = await buildApp({ driver: fx.driver, config: { bodyLimitBytes: 16 * 1024 * 1024, logLevel: 'silent' }, cursorSecret: rt.cursorSecret });
    });
    afterAll(async () => {
      await app?.close();
      await fx?.close();
    });

    it('calculates, stores and reads back one record with its lineage', async () => {
      const res = await app.inject({ method: 'POST', url: '/v1/calculations', headers: as(keyA), payload: { record: truck } });
      expect(res.statusCode).toBe(201);
      const body = res.json();
      // 500 km × 12 t × 0.062 kg CO2e/tkm (heavy truck, built-in, PRODUCT.md) = 372 kg CO2e
      expect(body).toMatchObject({ category: 4, tier: 2, method: 'distance_based', kg_co2e: 372, t_co2e: 0.372 });
      expect(body.lineage_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(body.factors[0]).toMatchObject({ value: 0.062, unit: 'kgCO2e/tkm', source: 'Greenline built-in defaults' });
      const again = (await app.inject({ url: `/v1/calculations/${body.id}`, headers: as(keyA) })).json();
      expect(again).toMatchObject({ id: body.id, kg_co2e: 372, lineage_hash: body.lineage_hash, input: truck });
      // One naming convention in every answer: snake_case, nested objects included.
      expect(again.settings).toEqual({ gwp_set: 'AR5', capital_goods: 'full_in_purchase_year', deflate_spend: true });
      const keys = (v: unknown): string[] =>
        Array.isArray(v) ? v.flatMap(keys) : v && typeof v === 'object' ? Object.entries(v).flatMap(([k, x]) => [k, ...keys(x)]) : [];
      expect(keys(again).filter((k) => /[A-Z]/.test(k))).toEqual([]);
      // What is recomputed on read (data quality, uncertainty) and rebuilt from columns equals what was answered.
      const { calculated_at: _at, input: _in, settings: _set, ...rebuilt } = again;
      expect(rebuilt).toEqual(body);
      // Same inputs and factors → same lineage hash.
      const twin = (await app.inject({ method: 'POST', url: '/v1/calculations', headers: as(keyA), payload: { record: truck } })).json();
      expect(twin.lineage_hash).toBe(body.lineage_hash);
      expect(twin.id).not.toBe(body.id);
    });

    it('verifies a stored result, and catches a tampered one', async () => {
      const { id } = (await app.inject({ method: 'POST', url: '/v1/calculations', headers: as(keyA), payload: { record: truck } })).json();
      const ok = (await app.inject({ method: 'POST', url: `/v1/calculations/${id}/verify`, headers: as(keyA) })).json();
      expect(ok).toMatchObject({ status: 'match', differences: [], stored: { kg_co2e: 372 }, recomputed: { kg_co2e: 372 } });
      await fx.driver.query('UPDATE emissions SET kg_co2e = kg_co2e * 2 WHERE id = $1', [id]);
      const bad = await verifyCalculation(fx.driver, tenantA, id);
      expect(bad?.status).toBe('mismatch');
      expect(bad?.differences.join('\n')).toContain('kg_co2e: stored 744, recomputed 372');
    });

    it('names every bad field with the record index, and stores the good records of a batch', async () => {
      const records = [
        truck,
        { category: 4, date: '2024-03-01', mode: 'road.truck_heavy', distance: -5, distance_unit: 'km', mass: 'heavy', mass_unit: 't' },
        { category: 6, date: '2024-02-30', travel_type: 'flight', cabin: 'economy', distance: 1000, distance_unit: 'furlong' },
        { category: 1, date: '2024-01-01', spend: 100, colour: 'green' },
        { category: 16, date: '2024-01-01' },
        // 1,000 km × 2 passengers × 0.230 kg/pkm (business cabin, built-in) = 460 kg
        { category: 6, date: '2024-01-01', travel_type: 'flight', cabin: 'business', distance: 1000, distance_unit: 'km', passengers: 2 },
      ];
      const counted = async () => new Map((await metrics.calculations.get()).values.map((v) => [`${v.labels.category}/${v.labels.status}`, v.value]));
      const before = await counted();
      const res = await app.inject({ method: 'POST', url: '/v1/calculations/batch', headers: as(keyA), payload: { records } });
      expect(res.statusCode).toBe(200);
      const { totals, results } = res.json();
      expect(totals).toMatchObject({ records: 6, succeeded: 2, failed: 4, kg_co2e: 372 + 460 });
      // greenline_calculations_total by category and status, each record counted once.
      const after = await counted();
      const added = (k: string) => (after.get(k) ?? 0) - (before.get(k) ?? 0);
      expect(['4/ok', '6/ok', '4/error', '6/error', '1/error', '16/error'].map(added)).toEqual([1, 1, 1, 1, 1, 1]);
      expect(results[0]).toMatchObject({ index: 0, status: 'ok', kg_co2e: 372 });
      const fields = (i: number) => results[i].errors.map((e: { field: string }) => e.field).sort();
      expect(fields(1)).toEqual(['records[1].distance', 'records[1].mass']);
      expect(fields(2)).toEqual(expect.arrayContaining(['records[2].date', 'records[2].distance_unit']));
      expect(fields(3)).toEqual(['records[3].colour']);
      expect(fields(4)).toEqual(['records[4].category']);
      expect(results[5]).toMatchObject({ status: 'ok', kg_co2e: 460, tier: 2 });
      const stored = await fx.driver.query<{ n: number }>('SELECT count(*)::int AS n FROM emissions WHERE id = ANY($1::text[])', [
        [results[0].id, results[5].id],
      ]);
      expect(stored.rows[0]?.n).toBe(2);
    });

    it('splits a big batch with the worker thread and stores what one thread stores; a dying worker loses nothing', async () => {
      const supplier = (await app.inject({ method: 'POST', url: '/v1/suppliers', headers: as(keyA), payload: { name: 'Split Freight' } })).json();
      // 1,200 records (over PARALLEL_MIN_RECORDS), so the second half goes to the worker: good ones of
      // three categories, bad fields, an unknown and an owned supplier, in both halves.
      const records = Array.from({ length: 1_200 }, (_, i) => {
        switch (i % 6) {
          case 0:
            return { ...truck, distance: 100 + i };
          case 1:
            return { category: 6, date: '2024-01-01', travel_type: 'flight', cabin: 'business', distance: 1000 + i, distance_unit: 'km', passengers: 1 };
          case 2:
            return { ...truck, distance: -i };
          case 3:
            return { ...truck, supplier_id: 'sup_nobody' };
          case 4:
            return { ...truck, supplier_id: supplier.id, distance: 10 + i };
          default:
            return { category: 6, date: '2024-01-01', travel_type: 'hotel', nights: 1 + (i % 4), country: 'GB' };
        }
      });
      const tenantC = (await ensureTenant(fx.driver, 'gamma')).id;
      const tenantD = (await ensureTenant(fx.driver, 'delta')).id;
      await fx.driver.query('UPDATE suppliers SET tenant_id = $1 WHERE id = $2', [tenantC, supplier.id]);
      const helper = new CalculationHelper();
      try {
        // Not loaded yet: the batch runs on this thread rather than wait for the worker.
        expect(helper.available()).toBe(false);
        await helper.warmUp();
        const threaded = await calculateBatch(fx.driver, tenantC, records, DEFAULT_SETTINGS, undefined, helper);
        expect(helper.jobsStarted).toBe(1);
        await fx.driver.query('UPDATE suppliers SET tenant_id = $1 WHERE id = $2', [tenantD, supplier.id]);
        const single = await calculateBatch(fx.driver, tenantD, records, DEFAULT_SETTINGS, undefined, null);
        const shape = (o: BatchOutcome) => (o.ok ? { index: o.index, summary: o.summary } : { index: o.index, issues: o.issues });
        expect(threaded.map(shape)).toEqual(single.map(shape));
        expect(threaded.filter((o) => o.ok)).toHaveLength(800);
        expect(threaded[1_005]).toMatchObject({ ok: false, issues: [{ field: 'supplier_id', message: 'no supplier sup_nobody' }] });
        expect(threaded[1_000]).toMatchObject({ ok: true, summary: { supplierId: supplier.id } });
        const totals = async (tenant: string) =>
          (
            await fx.driver.query<{ n: number; kg: number; hashes: string }>(
              `SELECT count(*)::int AS n, sum(kg_co2e) AS kg, md5(string_agg(lineage_hash, ',' ORDER BY lineage_hash)) AS hashes FROM emissions WHERE tenant_id = $1`,
              [tenant],
            )
          ).rows[0];
        const rollups = async (tenant: string) =>
          (
            await fx.driver.query(
              `SELECT month, category, tier, supplier_id <> '' AS supplier, rows::int, round(kg_co2e::numeric, 6) AS kg FROM emission_rollups WHERE tenant_id = $1 ORDER BY 1, 2, 3, 4`,
              [tenant],
            )
          ).rows;
        expect(await totals(tenantC)).toEqual(await totals(tenantD));
        expect(await rollups(tenantC)).toEqual(await rollups(tenantD));
        // Two batches at once: the first takes the worker, the second runs here instead of queueing.
        await fx.driver.query('UPDATE suppliers SET tenant_id = $1 WHERE id = $2', [tenantC, supplier.id]);
        const [both1, both2] = await Promise.all(
          [tenantC, tenantC].map((tenant) => calculateBatch(fx.driver, tenant, records, DEFAULT_SETTINGS, undefined, helper)),
        );
        expect(helper.jobsStarted).toBe(2);
        expect(both1!.map(shape)).toEqual(single.map(shape));
        expect(both2!.map(shape)).toEqual(single.map(shape));
        expect((await totals(tenantC))?.n).toBe(3 * 800);
        // Every stored row reads back and verifies, whichever thread wrote it.
        for (const o of [threaded[0], threaded[1_000], threaded[1_199]])
          expect((await verifyCalculation(fx.driver, tenantC, o?.ok ? o.id : ''))?.status).toBe('match');

        // The worker dies while it works: the batch runs again on this thread, and stores each row once.
        const tenantE = (await ensureTenant(fx.driver, 'epsilon')).id;
        await fx.driver.query('UPDATE suppliers SET tenant_id = $1 WHERE id = $2', [tenantE, supplier.id]);
        const pending = calculateBatch(fx.driver, tenantE, records.slice(0, 600), DEFAULT_SETTINGS, undefined, helper);
        // The job starts once the tenant's number is read.
        await vi.waitFor(() => expect(helper.jobsStarted).toBe(3), { interval: 1 });
        await (helper as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
        const rescued = await pending;
        expect(rescued.map(shape)).toEqual(single.slice(0, 600).map(shape));
        expect((await totals(tenantE))?.n).toBe(400);
        // …and the next batch gets a new worker.
        await helper.warmUp();
        const after = await calculateBatch(fx.driver, tenantE, records.slice(0, 600), DEFAULT_SETTINGS, undefined, helper);
        expect(helper.jobsStarted).toBe(4);
        expect(after.filter((o) => o.ok)).toHaveLength(400);
      } finally {
        await helper.close();
      }
    });

    it('refuses more than 10,000 records and a body without records', async () => {
      const many = await app.inject({
        method: 'POST',
        url: '/v1/calculations/batch',
        headers: as(keyA),
        payload: { records: Array.from({ length: 10_001 }, () => ({})) },
      });
      expect(many.statusCode).toBe(400);
      expect(many.json().errors[0].field).toBe('body.records');
      const none = await app.inject({ method: 'POST', url: '/v1/calculations', headers: as(keyA), payload: {} });
      expect(none.json().errors).toEqual([{ field: 'body.record', message: 'is required' }]);
    });

    it('keeps calculations, verification and Monte Carlo inputs inside the tenant', async () => {
      const { id } = (await app.inject({ method: 'POST', url: '/v1/calculations', headers: as(keyA), payload: { record: truck } })).json();
      expect((await app.inject({ url: `/v1/calculations/${id}`, headers: as(keyB) })).statusCode).toBe(404);
      expect((await app.inject({ method: 'POST', url: `/v1/calculations/${id}/verify`, headers: as(keyB) })).statusCode).toBe(404);
      const mc = await app.inject({ method: 'POST', url: '/v1/uncertainty', headers: as(keyB), payload: { calculation_ids: [id] } });
      expect(mc.statusCode).toBe(404);
      const supplier = (await app.inject({ method: 'POST', url: '/v1/suppliers', headers: as(keyA), payload: { name: 'Alpha Freight' } })).json();
      const foreign = await app.inject({
        method: 'POST',
        url: '/v1/calculations',
        headers: as(keyB),
        payload: { record: { ...truck, supplier_id: supplier.id } },
      });
      expect(foreign.statusCode).toBe(400);
      expect(foreign.json().errors).toEqual([{ field: 'body.record.supplier_id', message: `no supplier ${supplier.id}` }]);
    });

    it('runs a seeded Monte Carlo over stored results, reproducibly', async () => {
      const ids: string[] = [];
      for (const distance of [100, 200, 300]) {
        ids.push((await app.inject({ method: 'POST', url: '/v1/calculations', headers: as(keyA), payload: { record: { ...truck, distance } } })).json().id);
      }
      const run = async () =>
        (
          await app.inject({ method: 'POST', url: '/v1/uncertainty', headers: as(keyA), payload: { calculation_ids: ids, iterations: 20_000, seed: 7 } })
        ).json();
      const a = await run();
      const b = await run();
      expect(a).toEqual(b);
      // Means of the three lognormals: (100 + 200 + 300) km × 12 t × 0.062 = 446.4 kg in total.
      expect(a.mean).toBeGreaterThan(446.4 * 0.97);
      expect(a.mean).toBeLessThan(446.4 * 1.03);
      expect(a.p5).toBeLessThan(a.p50);
      expect(a.p50).toBeLessThan(a.p95);
      expect(a.sensitivity[0].name).toBe(ids[2]);
      const bad = await app.inject({ method: 'POST', url: '/v1/uncertainty', headers: as(keyA), payload: { calculation_ids: ids, iterations: 10 } });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors[0].field).toBe('body.iterations');
    });
  });

  describe(`rows written before migration 2 on ${label}`, () => {
    let fx: DriverFixture;
    afterAll(async () => {
      await fx?.close();
    });

    it('keep their input and lineage through the migration, and still read and verify', async () => {
      fx = await open();
      const db = fx.driver;
      await migrate(db, migrations.slice(0, 1));
      await importDataset(db, builtinFactors);
      const tenantId = (await ensureTenant(db, 'legacy')).id;
      const truck = {
        category: 4,
        date: '2024-03-01',
        mode: 'road.truck_heavy',
        distance: 500,
        distance_unit: 'km',
        mass: 12,
        mass_unit: 't',
        external_id: 'PO-1',
      };
      // Written as version 1 wrote them: input in activities, the whole stored result in emissions.result.
      const session = new CalculationSession(db, tenantId, DEFAULT_SETTINGS);
      const [planned] = await session.prepare([truck]);
      if (!planned?.ok) throw new Error('the record should plan');
      const done = session.complete(planned.planned);
      if (!done.ok) throw new Error('the record should calculate');
      const r = done.result;
      const stored = {
        settings: DEFAULT_SETTINGS,
        methodVersion: r.methodVersion,
        factors: r.factors,
        inputsUsed: r.inputsUsed,
        warnings: r.warnings,
        skipped: r.tierFallback.skipped,
        cv: r.uncertainty.cv,
      };
      await db.query(
        "INSERT INTO activities (id, tenant_id, category, activity_date, external_id, payload) VALUES ('act_old', $1, 4, '2024-03-01', 'PO-1', $2)",
        [tenantId, JSON.stringify(truck)],
      );
      await db.query(
        `INSERT INTO emissions (id, tenant_id, activity_id, category, tier, method, activity_date, kg_co2e, factor_id, dqi, lineage_hash, result)
         VALUES ('calc_old', $1, 'act_old', 4, $2, $3, '2024-03-01', $4, $5, $6, $7, $8)`,
        [tenantId, r.tier, r.method, r.kgCo2e, r.factors[0]!.id, r.dataQuality.score, r.lineageHash, JSON.stringify(stored)],
      );
      await migrate(db);
      const row = await getCalculation(db, tenantId, 'calc_old');
      // 500 km × 12 t × 0.062 kg CO2e/tkm (built-in heavy truck) = 372 kg CO2e
      expect(row?.input).toEqual(truck);
      expect(row?.result).toEqual(r);
      expect(await verifyCalculation(db, tenantId, 'calc_old')).toMatchObject({ status: 'match', differences: [] });
      const moved = await db.query<{ external_id: string; cv: number }>("SELECT external_id, cv FROM emissions WHERE id = 'calc_old'");
      expect(moved.rows[0]).toEqual({ external_id: 'PO-1', cv: r.uncertainty.cv });
      expect((await db.query<{ t: string | null }>("SELECT to_regclass('activities')::text AS t")).rows[0]?.t).toBeNull();
    });
  });
}
