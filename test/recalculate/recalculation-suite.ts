/**
 * Recalculation on each driver (docs/recalculation.md): results calculated with the built-in
 * factors are recalculated after an import and a tenant override, by period, data set and batch;
 * the new figures are exact, the old results stay readable (and verifiable) and say what
 * superseded them, listings, reports and rollups count current results only, a second run with
 * nothing changed writes nothing, two runs over the same results never replace one twice, bad
 * input is a 400 naming the field, and another tenant's results are untouched.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRecalculation, createRecalculationFor, type RecalculationStatus } from '../../src/calculate/recalculate.ts';
import { CalculationSession } from '../../src/calculate/session.ts';
import type { FactorDataset } from '../../src/domain/factors/types.ts';
import { deterministicId } from '../../src/domain/ids.ts';
import { DEFAULT_SETTINGS } from '../../src/domain/scope3/types.ts';
import { buildApp } from '../../src/http/app.ts';
import { ingest } from '../../src/ingest/pipeline.ts';
import { prepareDatabase } from '../../src/runtime.ts';
import type { SqlDriver } from '../../src/store/driver.ts';
import { createTenantFactor, importDataset } from '../../src/store/factors.ts';
import { addApiKey, ensureTenant } from '../../src/store/tenants.ts';
import { generated, textSource } from '../ingest/ingest-suite.ts';
import type { DriverFactory, DriverFixture } from '../support/databases.ts';

const truck = (date: string, distance: number, mass: number) => ({
  category: 4,
  date,
  mode: 'road.truck_heavy',
  distance,
  distance_unit: 'km',
  mass,
  mass_unit: 't',
});

/** A public data set newer than the built-in one for the heavy truck: 0.0625 kg CO2e/tkm (exact in binary). */
function freightDataset(): FactorDataset {
  const name = 'Test freight factors';
  const version = '2027.1';
  const sourceId = deterministicId('src', name, version);
  return {
    source: {
      id: sourceId,
      tenantId: null,
      name,
      publisher: 'Greenline tests',
      datasetVersion: version,
      licence: 'CC0-1.0',
      citation: 'test data',
      fileSha256: 'test-freight-2027.1',
    },
    factors: [
      {
        id: deterministicId('fac', sourceId, 'transport.road.truck_heavy', 'GLOBAL', 2024),
        tenantId: null,
        sourceId,
        supplierId: null,
        activity: 'transport.road.truck_heavy',
        name: 'Heavy truck (test)',
        category: 4,
        naicsCode: null,
        region: 'GLOBAL',
        year: 2024,
        value: 0.0625,
        unit: 'kgCO2e/tkm',
        gases: null,
        gwpSet: 'AR5',
        uncertainty: 0.2,
        datasetVersion: version,
        licence: 'CC0-1.0',
        citation: 'test data',
        meta: {},
      },
    ],
  };
}

export function runRecalculationSuite(label: string, open: DriverFactory): void {
  describe(`recalculation on ${label}`, () => {
    let fx: DriverFixture;
    let db: SqlDriver;
    let app: FastifyInstance;
    let tenantA: string;
    let tenantB: string;
    let keyA: string;
    let keyB: string;
    let batchA: string;
    let batchB: string;
    /** Tenant A's results by name, as first calculated. */
    const ids: Record<string, string> = {};
    let bIds: string[] = [];
    const as = (key: string) => ({ authorization: `Bearer ${key}` });
    const get = (url: string, key = keyA) => app.inject({ url, headers: as(key) });
    const post = (url: string, payload: unknown, key = keyA) => app.inject({ method: 'POST', url, headers: as(key), payload: payload as object });

    /** POSTs a recalculation and follows it until it has finished. */
    async function recalculate(payload: unknown, key = keyA) {
      const res = await post('/v1/recalculations', payload, key);
      expect([200, 202], res.body).toContain(res.statusCode);
      expect(res.headers.location).toBe(`/v1/recalculations/${res.json().id}`);
      let body = res.json();
      while (body.state === 'pending' || body.state === 'running') {
        await new Promise((r) => setTimeout(r, 100));
        body = (await get(res.headers.location as string, key)).json();
      }
      expect(body.state, JSON.stringify(body)).toBe('succeeded');
      return body;
    }

    /** The tenant's current results: count, kg, by id. */
    async function current(tenantId: string) {
      const r = await db.query<{ id: string; kg_co2e: number }>('SELECT id, kg_co2e FROM emissions WHERE tenant_id = $1 AND superseded_by IS NULL', [tenantId]);
      return new Map(r.rows.map((x) => [x.id, x.kg_co2e]));
    }

    const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
    /** Equal to 11 significant digits: answers print numbers to 12, sums add in another order. */
    const expectClose = (actual: number, expected: number) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-11 * Math.max(1, Math.abs(expected)));

    beforeAll(async () => {
      fx = await open();
      db = fx.driver;
      const rt = await prepareDatabase(db, { cursorSecret: null });
      tenantA = (await ensureTenant(db, 'recalc-a')).id;
      tenantB = (await ensureTenant(db, 'recalc-b')).id;
      keyA = await addApiKey(db, tenantA);
      keyB = await addApiKey(db, tenantB);
      app = await buildApp({ driver: db, config: { bodyLimitBytes: 8 * 1024 * 1024, logLevel: 'silent' }, cursorSecret: rt.cursorSecret });
      const records = [
        truck('2024-03-01', 500, 12), // 6000 tkm × 0.062 = 372 kg with the built-in factor
        truck('2024-06-15', 100, 10), // 1000 tkm × 0.062 = 62 kg
        { category: 4, date: '2024-03-10', mode: 'rail', distance: 200, distance_unit: 'km', mass: 5, mass_unit: 't' },
        { category: 6, date: '2024-03-20', travel_type: 'hotel', nights: 2, country: 'GB' },
      ];
      const batch = (await post('/v1/calculations/batch', { records })).json();
      expect(batch.totals.failed).toBe(0);
      [ids.march, ids.june, ids.rail, ids.hotel] = batch.results.map((r: { id: string }) => r.id);
      const other = (await post('/v1/calculations/batch', { records: [truck('2024-03-01', 500, 12)] }, keyB)).json();
      bIds = other.results.map((r: { id: string }) => r.id);
      const file = generated('purchases', 300, 7);
      const a = await ingest(db, { tenantId: tenantA, type: 'purchases', format: 'csv', settings: DEFAULT_SETTINGS, source: textSource('p.csv', file) });
      const b = await ingest(db, { tenantId: tenantB, type: 'purchases', format: 'csv', settings: DEFAULT_SETTINGS, source: textSource('p.csv', file) });
      expect([a.rowsOk, b.rowsOk]).toEqual([300, 300]);
      batchA = a.batchId;
      batchB = b.batchId;
    });
    afterAll(async () => {
      await app?.close();
      await fx?.close();
    });

    it('recalculates a period after an import: new figure exact, old result readable, verifiable and superseded', async () => {
      expect((await get(`/v1/calculations/${ids.march}`)).json()).toMatchObject({ kg_co2e: 372 });
      await importDataset(db, freightDataset());
      const before = await current(tenantA);
      const inMarch = await db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM emissions WHERE tenant_id = $1 AND activity_date BETWEEN '2024-03-01' AND '2024-03-31'",
        [tenantA],
      );
      const rc = await recalculate({ from: '2024-03-01', to: '2024-03-31' });
      expect(rc).toMatchObject({
        scope: { from: '2024-03-01', to: '2024-03-31', batch_id: null, dataset: null },
        selected: inMarch.rows[0]!.n,
        recalculated: 1,
        unchanged: inMarch.rows[0]!.n - 1,
        failed: 0,
        skipped: 0,
        kg_co2e: { before: 372, after: 375 },
        datasets: [
          {
            before: { source: 'Greenline built-in defaults', dataset_version: '2026.1' },
            after: { source: 'Test freight factors', dataset_version: '2027.1' },
            results: 1,
          },
        ],
      });
      expect(rc.finished_at).not.toBeNull();

      const old = (await get(`/v1/calculations/${ids.march}`)).json();
      expect(old).toMatchObject({ id: ids.march, kg_co2e: 372, superseded: { recalculation_id: rc.id } });
      const newId = old.superseded.by as string;
      expect(newId).not.toBe(ids.march);
      const fresh = (await get(`/v1/calculations/${newId}`)).json();
      // 500 km × 12 t × 0.0625 kg CO2e/tkm (the imported factor) = 375 kg CO2e, exactly
      expect(fresh).toMatchObject({ kg_co2e: 375, tier: 2, method: 'distance_based', supersedes: { id: ids.march, recalculation_id: rc.id } });
      expect(fresh.input).toEqual(old.input);
      expect(fresh.superseded).toBeUndefined();
      expect(fresh.factors[0]).toMatchObject({ value: 0.0625, source: 'Test freight factors', dataset_version: '2027.1' });
      expect(old.factors[0]).toMatchObject({ value: 0.062, source: 'Greenline built-in defaults', dataset_version: '2026.1' });
      // Both verify: each against the factors it cites.
      for (const id of [ids.march, newId]) expect((await post(`/v1/calculations/${id}/verify`, {})).json()).toMatchObject({ status: 'match' });

      // The June truck is outside the period: unchanged, still current.
      const after = await current(tenantA);
      expect(after.size).toBe(before.size);
      expect(after.get(ids.june!)).toBe(62);
      expect(after.has(ids.march!)).toBe(false);
      expect(after.get(newId)).toBe(375);
      expectClose(sum(after), sum(before) + 3);
    });

    it('lists, counts and reports current results only', async () => {
      const now = await current(tenantA);
      const listed: string[] = [];
      let url: string | null = '/v1/emissions?limit=50&sort=amount&count=exact';
      let total: number | undefined;
      while (url) {
        const page: { total_count?: number; data: Array<{ id: string }>; links: { next: string | null } } = (await get(url)).json();
        total ??= page.total_count;
        listed.push(...page.data.map((e) => e.id));
        url = page.links.next;
      }
      expect(total).toBe(now.size);
      expect(listed.sort()).toEqual([...now.keys()].sort());
      const march = (await get('/v1/emissions?from=2024-03-01&to=2024-03-31&category=4')).json();
      expect(march.data.map((e: { id: string }) => e.id)).not.toContain(ids.march);
      expect(march.data.some((e: { kg_co2e: number }) => e.kg_co2e === 375)).toBe(true);

      // Rollups (whole months) and rows (a cut range, a breakdown by gas) agree with the current rows.
      const grouped = (await get('/v1/reports/emissions?group_by=category,month,tier,supplier')).json();
      expect(grouped.source).toBe('rollups');
      const direct = await db.query<{ category: number; month: string; tier: number; kg: number; n: number }>(
        `SELECT category::int AS category, to_char(activity_date, 'YYYY-MM') AS month, tier::int AS tier, sum(kg_co2e)::float8 AS kg, count(*)::int AS n
         FROM emissions WHERE tenant_id = $1 AND superseded_by IS NULL GROUP BY 1, 2, 3, supplier_id ORDER BY 1, 2, 3, supplier_id`,
        [tenantA],
      );
      expect(grouped.rows).toHaveLength(direct.rows.length);
      direct.rows.forEach((d, i) => {
        expect(grouped.rows[i]).toMatchObject({ category: d.category, month: d.month, tier: d.tier, rows: d.n });
        expectClose(grouped.rows[i].kg_co2e, d.kg);
      });
      expect(grouped.totals.rows).toBe(now.size);
      expectClose(grouped.totals.kg_co2e, sum(now));
      const cut = (await get('/v1/reports/emissions?group_by=category&from=2024-03-01&to=2024-03-15')).json();
      expect(cut.source).toBe('emissions');
      const cutDirect = await db.query<{ kg: number; n: number }>(
        "SELECT sum(kg_co2e)::float8 AS kg, count(*)::int AS n FROM emissions WHERE tenant_id = $1 AND superseded_by IS NULL AND activity_date BETWEEN '2024-03-01' AND '2024-03-15'",
        [tenantA],
      );
      expect(cut.totals.rows).toBe(cutDirect.rows[0]!.n);
      expectClose(cut.totals.kg_co2e, cutDirect.rows[0]!.kg);
      const byGas = (await get('/v1/reports/emissions?group_by=gas&from=2024-03-01&to=2024-03-31')).json();
      expect(byGas.totals.rows).toBe(
        cutDirect.rows[0]!.n +
          (
            await db.query<{ n: number }>(
              "SELECT count(*)::int AS n FROM emissions WHERE tenant_id = $1 AND superseded_by IS NULL AND activity_date BETWEEN '2024-03-16' AND '2024-03-31'",
              [tenantA],
            )
          ).rows[0]!.n,
      );
      const esrs = (await get('/v1/reports/esrs-e1-6?year=2024')).json();
      const year = await db.query<{ kg: number }>(
        "SELECT sum(kg_co2e)::float8 AS kg FROM emissions WHERE tenant_id = $1 AND superseded_by IS NULL AND activity_date BETWEEN '2024-01-01' AND '2024-12-31'",
        [tenantA],
      );
      expectClose(esrs.gross_scope3_t_co2e, year.rows[0]!.kg / 1000);
      // Category 4 in 2024: the March truck's new figure, the June truck and the rail shipment.
      expectClose(esrs.categories.find((c: { category: number }) => c.category === 4).t_co2e, (375 + 62 + now.get(ids.rail!)!) / 1000);
    });

    it('a second recalculation with nothing changed writes nothing', async () => {
      const rows = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM emissions');
      const rc = await recalculate({ from: '2024-03-01', to: '2024-03-31' });
      expect(rc).toMatchObject({ recalculated: 0, failed: 0, datasets: [], kg_co2e: { before: 0, after: 0 } });
      expect(rc.unchanged).toBe(rc.selected);
      expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM emissions')).rows[0]!.n).toBe(rows.rows[0]!.n);
    });

    it('recalculates by data set: the results whose factor came from it', async () => {
      const rc = await recalculate({ dataset: 'Greenline built-in defaults', dataset_version: '2026.1' });
      // The June truck (the March one moved to the imported data set); spend, rail and hotel factors did not change.
      expect(rc).toMatchObject({ recalculated: 1, failed: 0, kg_co2e: { before: 62, after: 62.5 } });
      expect(rc.scope.sources).toEqual([expect.objectContaining({ name: 'Greenline built-in defaults', dataset_version: '2026.1' })]);
      const june = (await get(`/v1/calculations/${ids.june}`)).json();
      expect((await get(`/v1/calculations/${june.superseded.by}`)).json()).toMatchObject({ kg_co2e: 62.5 });
      // Nothing left to do for the built-in data sets, however named.
      expect(await recalculate({ dataset: 'builtin' })).toMatchObject({ recalculated: 0, failed: 0 });
      const imported = await recalculate({ dataset: deterministicId('src', 'Test freight factors', '2027.1') });
      expect(imported).toMatchObject({ selected: 2, recalculated: 0, unchanged: 2 });
    });

    it('recalculates a batch after a tenant override, a chunk at a time, and two runs at once never replace a result twice', async () => {
      for (const sector of ['manufacturing', 'services', 'agriculture', 'construction', 'average'])
        await createTenantFactor(db, tenantA, { activity: `spend.${sector}`, name: `Own ${sector}`, value: 0.5, unit: 'kgCO2e/USD', year: 2024, category: 1 });
      const inBatch = async (tenantId: string) =>
        (
          await db.query<{ id: string; kg_co2e: number; row_number: number }>(
            'SELECT id, kg_co2e, row_number FROM emissions WHERE tenant_id = $1 AND batch_id = $2 AND superseded_by IS NULL ORDER BY row_number',
            [tenantId, tenantId === tenantA ? batchA : batchB],
          )
        ).rows;
      const old = await inBatch(tenantA);
      expect(old).toHaveLength(300);
      const [one, two] = await Promise.all([
        createRecalculationFor(db, tenantA, { batchId: batchA }),
        createRecalculationFor(db, tenantA, { batchId: batchA }),
      ]);
      const seen: RecalculationStatus[] = [];
      const runs = await Promise.all([
        runRecalculation(db, tenantA, one!.id, { chunkSize: 37, onProgress: (s) => seen.push(s) }),
        runRecalculation(db, tenantA, two!.id, { chunkSize: 53 }),
      ]);
      expect(runs.map((r) => r.state)).toEqual(['succeeded', 'succeeded']);
      expect(runs.map((r) => r.failed)).toEqual([0, 0]);
      // However the two runs shared the work, each accounts for every result it selected.
      for (const r of runs) expect(r.recalculated + r.unchanged + r.failed + r.skipped).toBe(r.selected);
      expect(seen.at(-1)).toMatchObject({ selected: runs[0]!.selected, processed: runs[0]!.selected });
      // Every old row superseded exactly once; one current row per file row.
      expect(runs[0]!.recalculated + runs[1]!.recalculated).toBe(300);
      const now = await inBatch(tenantA);
      expect(now.map((r) => r.row_number)).toEqual(old.map((r) => r.row_number));
      expect(now.some((r) => old.some((o) => o.id === r.id))).toBe(false);
      const successors = await db.query<{ n: number; distinct_new: number }>(
        'SELECT count(*)::int AS n, count(DISTINCT superseded_by)::int AS distinct_new FROM emissions WHERE id = ANY($1::text[])',
        [old.map((r) => r.id)],
      );
      expect(successors.rows[0]).toEqual({ n: 300, distinct_new: 300 });
      // Exact: what calculating each stored input afresh with the tenant's factors gives.
      const session = new CalculationSession(db, tenantA, DEFAULT_SETTINGS);
      for (const r of now.slice(0, 25)) {
        const stored = (await get(`/v1/calculations/${r.id}`)).json();
        const [planned] = await session.prepare([stored.input]);
        if (!planned?.ok) throw new Error('stored input should plan');
        const done = session.complete(planned.planned);
        if (!done.ok) throw new Error('stored input should calculate');
        expect(r.kg_co2e).toBe(done.result.kgCo2e);
        expect(stored.factors[0]).toMatchObject({ value: 0.5, resolved_by: 'tenant_override', source: 'Tenant factors' });
        expect(stored.supersedes.id).toMatch(/^calc_/);
      }
      // The old rows were written from templates (bulk ingest's spend fast path): still readable and verifiable.
      const first = (await get(`/v1/calculations/${old[0]!.id}`)).json();
      expect(first.superseded.by).toBe(now[0]!.id);
      expect((await post(`/v1/calculations/${old[0]!.id}/verify`, {})).json()).toMatchObject({ status: 'match' });
      expect((await post(`/v1/calculations/${now[0]!.id}/verify`, {})).json()).toMatchObject({ status: 'match' });
      // The batch's listing shows the current rows only.
      const listed = (await get(`/v1/emissions?batch_id=${batchA}&limit=1000&count=exact`)).json();
      expect(listed.total_count).toBe(300);
      expect(listed.data.map((e: { id: string }) => e.id).sort()).toEqual(now.map((r) => r.id).sort());
      // Once more: nothing to do (over HTTP), and a chunk at a time with progress after each.
      expect(await recalculate({ batch_id: batchA })).toMatchObject({ selected: 300, recalculated: 0, unchanged: 300 });
      const alone = await createRecalculationFor(db, tenantA, { batchId: batchA });
      const steps: RecalculationStatus[] = [];
      const rerun = await runRecalculation(db, tenantA, alone.id, { chunkSize: 37, onProgress: (s) => steps.push(s) });
      expect(rerun).toMatchObject({ state: 'succeeded', selected: 300, recalculated: 0, unchanged: 300, skipped: 0 });
      // The count, one report per chunk of 37 (9 chunks), and the final one.
      expect(steps.map((s) => s.processed)).toEqual([0, 37, 74, 111, 148, 185, 222, 259, 296, 300, 300]);
    });

    it("leaves another tenant's results untouched", async () => {
      const b = await current(tenantB);
      expect(b.size).toBe(301);
      expect(b.get(bIds[0]!)).toBe(372);
      const superseded = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM emissions WHERE tenant_id = $1 AND superseded_by IS NOT NULL', [
        tenantB,
      ]);
      expect(superseded.rows[0]!.n).toBe(0);
      // A's recalculations are not B's to read; A's batch is not B's to recalculate.
      const mine = await recalculate({ batch_id: batchB }, keyB);
      expect(mine).toMatchObject({ selected: 300, recalculated: 0, unchanged: 300 });
      expect((await get(`/v1/recalculations/${mine.id}`)).statusCode).toBe(404);
      const foreign = await post('/v1/recalculations', { batch_id: batchA }, keyB);
      expect(foreign.statusCode).toBe(400);
      expect(foreign.json().errors).toEqual([{ field: 'body.batch_id', message: `no batch ${batchA}` }]);
      // B's truck would change with the imported factor too, once B asks.
      const all = await recalculate({ dataset: 'all' }, keyB);
      expect(all).toMatchObject({ selected: 301, recalculated: 1, unchanged: 300 });
    });

    it('refuses bad input with the fields at fault', async () => {
      const cases: Array<[unknown, string[]]> = [
        [{}, ['body']],
        [{ from: '2024-02-01', to: '2024-01-01' }, ['body.to']],
        [{ from: '2024-13-01' }, ['body.from']],
        [{ batch_id: 'bat_nope' }, ['body.batch_id']],
        [{ dataset: 'No such data set' }, ['body.dataset']],
        [{ dataset: 'Greenline built-in defaults', dataset_version: '1999' }, ['body.dataset_version']],
        [{ dataset: 'builtin', dataset_version: '2026.1' }, ['body.dataset_version']],
        [{ dataset: 'all', colour: 'red' }, ['body.colour']],
        [{ dataset: '' }, ['body.dataset']],
      ];
      for (const [payload, fields] of cases) {
        const res = await post('/v1/recalculations', payload);
        expect(res.statusCode, JSON.stringify(payload)).toBe(400);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.json().code).toBe('VALIDATION_FAILED');
        expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(fields);
      }
      const missing = await get('/v1/recalculations/rcl_nope');
      expect(missing.statusCode).toBe(404);
      expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect((await app.inject({ method: 'POST', url: '/v1/recalculations', payload: { dataset: 'all' } })).statusCode).toBe(401);
    });
  });
}
