/**
 * Deleting and correcting stored data on each driver (docs/data-lifecycle.md): a finished batch
 * goes with its rows, row errors, chunks and rollup contributions (a recalculated one with its
 * superseded rows too); a calculation goes with the results it superseded, a superseded one or a
 * batch row is refused naming what to delete instead; a tenant factor is deleted or superseded,
 * results that cited it keep their figures and still verify; public factors are refused. After
 * every delete each rollup cell is still the exact sum of its current rows, and the report says
 * what grouping the rows says. Another tenant's data is never touched.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printed } from '../../src/domain/printed-number.ts';
import { DEFAULT_SETTINGS } from '../../src/domain/scope3/types.ts';
import { buildApp } from '../../src/http/app.ts';
import { ingest } from '../../src/ingest/pipeline.ts';
import { prepareDatabase } from '../../src/runtime.ts';
import { findOrCreateBatch, startBatch } from '../../src/store/batches.ts';
import type { SqlDriver } from '../../src/store/driver.ts';
import { createTenantFactor } from '../../src/store/factors.ts';
import { exactDecimalSql, RollupAccumulator } from '../../src/store/rollups.ts';
import { addApiKey, ensureTenant, tenantKey } from '../../src/store/tenants.ts';
import { textSource } from '../ingest/ingest-suite.ts';
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
const rail = (date: string, distance: number, mass: number) => ({ category: 4, date, mode: 'rail', distance, distance_unit: 'km', mass, mass_unit: 't' });

/** Shipments over three months, every seventh row with a bad date (a row error). */
function shipments(rows: number, seed: number): string {
  let out = 'date,external_id,mode,distance,distance_unit,mass,mass_unit\n';
  for (let i = 0; i < rows; i++) {
    const date = i % 7 === 3 ? '2024-13-01' : `2024-0${3 + (i % 3)}-${String(1 + ((i * seed) % 28)).padStart(2, '0')}`;
    out += `${date},S-${seed}-${i},${i % 2 ? 'rail' : 'road.truck_heavy'},${100 + ((i * 37) % 900)},km,${1 + (i % 20)},t\n`;
  }
  return out;
}

export function runDataLifecycleSuite(label: string, open: DriverFactory): void {
  describe(`deleting and correcting data on ${label}`, () => {
    let fx: DriverFixture;
    let db: SqlDriver;
    let app: FastifyInstance;
    let other: { id: string; key: string };
    const as = (key: string) => ({ authorization: `Bearer ${key}` });
    const get = (key: string, url: string) => app.inject({ url, headers: as(key) });
    const post = (key: string, url: string, payload: object) => app.inject({ method: 'POST', url, headers: as(key), payload });
    const del = (key: string, url: string) => app.inject({ method: 'DELETE', url, headers: as(key) });

    async function newTenant(name: string) {
      const id = (await ensureTenant(db, name)).id;
      return { id, key: await addApiKey(db, id) };
    }

    async function calculate(key: string, record: object): Promise<string> {
      const res = await post(key, '/v1/calculations', { record });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id;
    }

    async function ingestFile(tenantId: string, text: string) {
      return ingest(db, { tenantId, type: 'logistics', format: 'csv', settings: DEFAULT_SETTINGS, source: textSource('shipments.csv', text) });
    }

    async function recalculate(key: string, payload: object) {
      const res = await post(key, '/v1/recalculations', payload);
      expect([200, 202], res.body).toContain(res.statusCode);
      let body = res.json();
      while (body.state === 'pending' || body.state === 'running') {
        await new Promise((r) => setTimeout(r, 50));
        body = (await get(key, `/v1/recalculations/${body.id}`)).json();
      }
      expect(body.state, JSON.stringify(body)).toBe('succeeded');
      return body;
    }

    const count = async (sql: string, params: unknown[]) => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params)).rows[0]!.n;

    /**
     * Each rollup cell of the tenant (both tables) against the exact sum of its current rows
     * (each number counted as the writers count it, exactDecimalSql): the same cells, counts and sums, and no cell
     * the deletes emptied left behind.
     */
    async function expectRollupsMatchRows(tenantId: string): Promise<void> {
      for (const [table, keys] of [
        ['emission_rollups', ['month', 'category', 'tier', 'supplier_id']],
        ['emission_rollups_by_category', ['month', 'category', 'tier']],
      ] as const) {
        const rowKeys = keys.map((k) =>
          k === 'month' ? "date_trunc('month', activity_date)::date AS month" : k === 'supplier_id' ? "COALESCE(supplier_id, '') AS supplier_id" : k,
        );
        const differences = await db.query(
          `WITH r AS (SELECT ${keys.join(', ')}, rows, kg_co2e FROM ${table} WHERE tenant_id = $1 AND rows <> 0),
                e AS (SELECT ${rowKeys.join(', ')}, count(*) AS rows, sum(${exactDecimalSql('kg_co2e')}) AS kg
                      FROM emissions WHERE tenant_id = $1 AND superseded_by IS NULL GROUP BY ${keys.map((_, i) => i + 1).join(', ')})
           SELECT ${keys.map((k) => `COALESCE(r.${k}, e.${k})::text AS ${k}`).join(', ')}, r.rows AS rollup_rows, e.rows AS rows,
                  r.kg_co2e::text AS rollup_kg, e.kg::text AS kg
           FROM r FULL JOIN e USING (${keys.join(', ')})
           WHERE r.rows IS DISTINCT FROM e.rows OR r.kg_co2e::numeric IS DISTINCT FROM e.kg`,
          [tenantId],
        );
        expect(differences.rows, `${table} against the rows`).toEqual([]);
      }
    }

    /** The report (from the rollups) against grouping the current rows, exactly, as answers print. */
    async function expectReportMatchesRows(key: string, tenantId: string): Promise<void> {
      const res = await get(key, '/v1/reports/emissions?group_by=category,month,tier,supplier');
      expect(res.statusCode, res.body).toBe(200);
      const report = res.json();
      expect(report.source).toBe('rollups');
      const rows = await db.query<{ category: number; month: string; tier: number; supplier_id: string | null; n: number; kg: string }>(
        `SELECT category::int AS category, to_char(activity_date, 'YYYY-MM') AS month, tier::int AS tier, supplier_id,
                count(*)::int AS n, sum(${exactDecimalSql('kg_co2e')})::text AS kg
         FROM emissions WHERE tenant_id = $1 AND superseded_by IS NULL GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
        [tenantId],
      );
      expect(
        report.rows.map((r: { category: number; month: string; tier: number; supplier_id: string | null; rows: number; kg_co2e: number }) => [
          r.category,
          r.month,
          r.tier,
          r.supplier_id,
          r.rows,
          r.kg_co2e,
        ]),
      ).toEqual(rows.rows.map((r) => [r.category, r.month, r.tier, r.supplier_id, r.n, printed(Number(r.kg))]));
      const total = await db.query<{ n: number; kg: string | null }>(
        `SELECT count(*)::int AS n, sum(${exactDecimalSql('kg_co2e')})::text AS kg FROM emissions WHERE tenant_id = $1 AND superseded_by IS NULL`,
        [tenantId],
      );
      expect(report.totals.rows).toBe(total.rows[0]!.n);
      expect(report.totals.kg_co2e).toBe(printed(Number(total.rows[0]!.kg ?? 0)));
    }

    beforeAll(async () => {
      fx = await open();
      db = fx.driver;
      const rt = await prepareDatabase(db, { cursorSecret: null });
      app = await buildApp({
        driver: db,
        config: { bodyLimitBytes: 8 * 1024 * 1024, logLevel: 'silent', calculationThreads: false },
        cursorSecret: rt.cursorSecret,
      });
      other = await newTenant('lifecycle-other');
    });
    afterAll(async () => {
      await app?.close();
      await fx?.close();
    });

    it('deletes a finished batch with its rows, row errors, chunks and rollup contributions; reports equal the rows', async () => {
      const t = await newTenant('lifecycle-batch');
      const file = shipments(120, 3);
      const batch = await ingestFile(t.id, file);
      const theirs = await ingestFile(other.id, file);
      expect(batch.rowsFailed).toBeGreaterThan(0);
      // Results of the API in the same months and cells as the batch's rows.
      await calculate(t.key, truck('2024-03-05', 250, 4));
      await calculate(t.key, rail('2024-04-09', 300, 2));
      await expectRollupsMatchRows(t.id);
      const before = await count('emissions WHERE tenant_id = $1', [t.id]);

      const res = await del(t.key, `/v1/batches/${batch.batchId}`);
      expect(res.statusCode, res.body).toBe(204);
      expect(res.body).toBe('');
      expect(await count('emissions WHERE batch_id = $1', [batch.batchId])).toBe(0);
      expect(await count('emissions WHERE tenant_id = $1', [t.id])).toBe(before - batch.rowsOk);
      expect(await count('batch_errors WHERE batch_id = $1', [batch.batchId])).toBe(0);
      expect(await count('batch_chunks WHERE batch_id = $1', [batch.batchId])).toBe(0);
      expect((await get(t.key, `/v1/batches/${batch.batchId}`)).statusCode).toBe(404);
      expect((await get(t.key, `/v1/emissions?batch_id=${batch.batchId}&count=exact`)).json().page_info.total_count ?? 0).toBe(0);
      await expectRollupsMatchRows(t.id);
      await expectReportMatchesRows(t.key, t.id);
      expect((await get(t.key, '/v1/reports/esrs-e1-6?year=2024')).statusCode).toBe(200);

      // The other tenant's batch of the same file is untouched.
      expect(await count('emissions WHERE batch_id = $1', [theirs.batchId])).toBe(theirs.rowsOk);
      await expectRollupsMatchRows(other.id);

      // Gone for good: a second delete, and the other tenant's attempt, find nothing.
      expect((await del(t.key, `/v1/batches/${batch.batchId}`)).json()).toMatchObject({ status: 404, code: 'NOT_FOUND' });
      expect((await del(t.key, `/v1/batches/${theirs.batchId}`)).statusCode).toBe(404);
      // The corrected file is a new batch; the same file again is stored again from scratch.
      const again = await ingestFile(t.id, file);
      expect(again.batchId).toBe(batch.batchId);
      expect(await count('emissions WHERE batch_id = $1', [batch.batchId])).toBe(batch.rowsOk);
      await expectRollupsMatchRows(t.id);
    });

    it('refuses to delete a batch that is still being ingested (409)', async () => {
      const t = await newTenant('lifecycle-running');
      const { batch } = await findOrCreateBatch(db, { tenantId: t.id, kind: 'logistics', sha256: 'f'.repeat(64), sourceName: 'big.csv', options: {} });
      for (const status of ['pending', 'running']) {
        if (status === 'running') await startBatch(db, batch.id);
        const res = await del(t.key, `/v1/batches/${batch.id}`);
        expect(res.statusCode).toBe(409);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.json()).toMatchObject({ code: 'BATCH_IN_PROGRESS', detail: expect.stringContaining(status) });
      }
      expect((await get(t.key, `/v1/batches/${batch.id}`)).statusCode).toBe(200);
    });

    it('deletes a recalculated batch with the rows its recalculation superseded', async () => {
      const t = await newTenant('lifecycle-recalculated');
      const factor = await createTenantFactor(db, t.id, {
        activity: 'transport.road.truck_heavy',
        name: 'Our fleet',
        value: 0.0625,
        unit: 'kgCO2e/tkm',
        year: 2024,
      });
      const batch = await ingestFile(t.id, shipments(60, 5));
      const truckRows = await count('emissions WHERE batch_id = $1 AND factor_id = $2', [batch.batchId, factor.id]);
      expect(truckRows).toBeGreaterThan(0);
      expect((await post(t.key, `/v1/factors/${factor.id}/supersede`, { value: 0.125 })).statusCode).toBe(201);
      const rc = await recalculate(t.key, { batch_id: batch.batchId });
      expect(rc.recalculated).toBe(truckRows);
      expect(await count('emissions WHERE batch_id = $1', [batch.batchId])).toBe(batch.rowsOk + truckRows);

      expect((await del(t.key, `/v1/batches/${batch.batchId}`)).statusCode).toBe(204);
      expect(await count('emissions WHERE tenant_id = $1', [t.id])).toBe(0);
      expect(await count('emission_rollups WHERE tenant_id = $1', [t.id])).toBe(0);
      expect(await count('emission_rollups_by_category WHERE tenant_id = $1', [t.id])).toBe(0);
      await expectReportMatchesRows(t.key, t.id);
    });

    it('deletes a current result with the results it superseded; a superseded one is refused naming the current one', async () => {
      const t = await newTenant('lifecycle-calculation');
      // A result a hundred thousand times larger than its neighbours in the same rollup cell (month, category 4, tier, no supplier).
      await createTenantFactor(db, t.id, { activity: 'transport.road.truck_heavy', name: 'Heavy', value: 1_000, unit: 'kgCO2e/tkm', year: 2024 });
      const big = await calculate(t.key, truck('2024-05-02', 500, 12));
      const small = [await calculate(t.key, rail('2024-05-03', 123.4, 1.7)), await calculate(t.key, rail('2024-05-20', 99.1, 0.3))];
      const factorId = (await get(t.key, `/v1/calculations/${big}`)).json().factors[0].id as string;
      expect((await post(t.key, `/v1/factors/${factorId}/supersede`, { value: 999.5 })).statusCode).toBe(201);
      await recalculate(t.key, { from: '2024-05-01', to: '2024-05-31' });
      const current = (await get(t.key, `/v1/calculations/${big}`)).json().superseded.by as string;
      expect(current).not.toBe(big);

      const refused = await del(t.key, `/v1/calculations/${big}`);
      expect(refused.statusCode).toBe(409);
      expect(refused.json()).toMatchObject({ code: 'CALCULATION_SUPERSEDED', detail: expect.stringContaining(current) });

      expect((await del(t.key, `/v1/calculations/${current}`)).statusCode).toBe(204);
      for (const id of [big, current]) expect((await get(t.key, `/v1/calculations/${id}`)).statusCode).toBe(404);
      expect(await count('emissions WHERE tenant_id = $1', [t.id])).toBe(2);
      await expectRollupsMatchRows(t.id);
      await expectReportMatchesRows(t.key, t.id);

      // Another tenant's result and an unknown id: 404; the last results: no rollup cell left.
      expect((await del(other.key, `/v1/calculations/${small[0]}`)).statusCode).toBe(404);
      expect((await del(t.key, '/v1/calculations/calc_unknown')).statusCode).toBe(404);
      for (const id of small) expect((await del(t.key, `/v1/calculations/${id}`)).statusCode).toBe(204);
      expect(await count('emission_rollups WHERE tenant_id = $1', [t.id])).toBe(0);
      expect(await count('emission_rollups_by_category WHERE tenant_id = $1', [t.id])).toBe(0);
      expect((await get(t.key, '/v1/reports/emissions?group_by=category')).json().totals).toMatchObject({ rows: 0, kg_co2e: 0 });
    });

    it('deletes results whose figures broke the tenant’s reports, and the reports answer exactly again', async () => {
      const t = await newTenant('lifecycle-huge');
      const kept = await calculate(t.key, rail('2024-03-05', 120, 3));
      // Two results of an absurd factor (9e307 kg each: their sum passes the largest double), as
      // stored before factor values were bounded, with their rollups.
      const tenant = await tenantKey(db, t.id);
      const rollup = new RollupAccumulator();
      for (const [id, date] of [
        ['calc_huge_march', '2024-03-09'],
        ['calc_huge_april', '2024-04-02'],
      ] as const) {
        await db.query(
          `INSERT INTO emissions (id, tenant_id, tenant_no, category, tier, method, activity_date, kg_co2e, dqi, lineage_hash, detail)
           VALUES ($1, $2, $3, 4, 2, 'distance_based', $4, 9e307, 3, 'x', '{}')`,
          [id, t.id, tenant.no, date],
        );
        rollup.add(date, 4, 2, null, 9e307, 3);
      }
      await rollup.store(db, t.id);
      const listed = (await get(t.key, '/v1/emissions?sort=-amount&limit=2')).json().data.map((r: { id: string }) => r.id);
      expect(listed.sort()).toEqual(['calc_huge_april', 'calc_huge_march']);
      for (const id of listed) expect((await del(t.key, `/v1/calculations/${id}`)).statusCode).toBe(204);
      await expectRollupsMatchRows(t.id);
      await expectReportMatchesRows(t.key, t.id);
      const esrs = await get(t.key, '/v1/reports/esrs-e1-6?year=2024');
      expect(esrs.statusCode).toBe(200);
      expect(esrs.json().gross_scope3_t_co2e).toBe(printed((await get(t.key, `/v1/calculations/${kept}`)).json().kg_co2e / 1000));
    });

    it('refuses to delete one row of a batch, naming the batch', async () => {
      const t = await newTenant('lifecycle-batch-row');
      const batch = await ingestFile(t.id, shipments(10, 7));
      const row = (await db.query<{ id: string }>('SELECT id FROM emissions WHERE batch_id = $1 LIMIT 1', [batch.batchId])).rows[0]!.id;
      const res = await del(t.key, `/v1/calculations/${row}`);
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ code: 'CALCULATION_IN_BATCH', detail: expect.stringContaining(batch.batchId) });
      expect(await count('emissions WHERE id = $1', [row])).toBe(1);
    });

    it('deletes a tenant factor: results that cited it keep their figures and still verify, naming it deleted', async () => {
      const t = await newTenant('lifecycle-factor');
      const created = await post(t.key, '/v1/factors', {
        activity: 'transport.road.truck_heavy',
        name: 'Our fleet',
        value: 0.0625,
        unit: 'kgCO2e/tkm',
        year: 2024,
      });
      const factorId = created.json().id as string;
      const calc = await calculate(t.key, truck('2024-03-01', 500, 12));
      const stored = (await get(t.key, `/v1/calculations/${calc}`)).json();
      expect(stored).toMatchObject({ kg_co2e: 375 });
      expect(stored.factors[0].id).toBe(factorId);

      expect((await del(t.key, `/v1/factors/${factorId}`)).statusCode).toBe(204);
      const gone = await get(t.key, `/v1/factors/${factorId}`);
      expect(gone.statusCode).toBe(404);
      expect(await count('factors WHERE id = $1', [factorId])).toBe(0);
      // New calculations no longer use it; the stored one is unchanged and verifies against the factor as it was.
      const resolved = (await post(t.key, '/v1/factors/resolve', { activity: 'transport.road.truck_heavy', region: 'DE', year: 2024 })).json();
      expect(resolved.factor?.id ?? resolved.factor_id).not.toBe(factorId);
      expect((await get(t.key, `/v1/calculations/${calc}`)).json()).toMatchObject({ kg_co2e: 375 });
      const verified = (await post(t.key, `/v1/calculations/${calc}/verify`, {})).json();
      expect(verified).toMatchObject({ status: 'match', differences: [], deleted_factors: [{ id: factorId, superseded_by: null }] });
      expect(Date.parse(verified.deleted_factors[0].deleted_at)).not.toBeNaN();
      // Its record is kept as it was, and cannot be rewritten.
      await expect(db.query("UPDATE deleted_factors SET factor = '{}' WHERE id = $1", [factorId])).rejects.toThrow(/append-only/);
      // Deleting it again, or another tenant deleting it: 404.
      expect((await del(t.key, `/v1/factors/${factorId}`)).json()).toMatchObject({ status: 404, detail: expect.stringContaining('was deleted at') });
      expect((await del(other.key, `/v1/factors/${factorId}`)).statusCode).toBe(404);
    });

    it('supersedes a tenant factor by a corrected one: a new id, the old one 404 naming it, old results still verify', async () => {
      const t = await newTenant('lifecycle-supersede');
      const old = (
        await post(t.key, '/v1/factors', { activity: 'transport.road.truck_heavy', name: 'Fleet', value: 0.0625, unit: 'kgCO2e/tkm', year: 2024, region: 'DE' })
      ).json();
      const calc = await calculate(t.key, { ...truck('2024-03-01', 500, 12), region: 'DE' });
      expect((await post(t.key, `/v1/factors/${old.id}/supersede`, {})).statusCode).toBe(400);
      const res = await post(t.key, `/v1/factors/${old.id}/supersede`, { value: 0.125, citation: 'Fleet telematics 2024' });
      expect(res.statusCode, res.body).toBe(201);
      const fresh = res.json();
      expect(res.headers.location).toBe(`/v1/factors/${fresh.id}`);
      expect(fresh).toMatchObject({
        activity: old.activity,
        name: 'Fleet',
        region: 'DE',
        year: 2024,
        unit: old.unit,
        value: 0.125,
        citation: 'Fleet telematics 2024',
      });
      expect(fresh.id).not.toBe(old.id);
      expect((await get(t.key, `/v1/factors/${old.id}`)).statusCode).toBe(404);
      expect((await post(t.key, `/v1/factors/${old.id}/supersede`, { value: 1 })).json()).toMatchObject({
        status: 404,
        detail: expect.stringContaining(`superseded by ${fresh.id}`),
      });
      expect((await post(t.key, `/v1/calculations/${calc}/verify`, {})).json()).toMatchObject({
        status: 'match',
        deleted_factors: [{ id: old.id, superseded_by: fresh.id }],
      });
      const next = await calculate(t.key, { ...truck('2024-03-02', 500, 12), region: 'DE' });
      expect((await get(t.key, `/v1/calculations/${next}`)).json()).toMatchObject({ kg_co2e: 750, factors: [expect.objectContaining({ id: fresh.id })] });
    });

    it('refuses to delete or supersede a public factor (403) or another tenant’s (404)', async () => {
      const t = await newTenant('lifecycle-public');
      const listed = (await get(t.key, '/v1/factors?activity=transport.road.truck_heavy&limit=1')).json().data[0];
      expect(listed.tenant_specific).toBe(false);
      for (const res of [await del(t.key, `/v1/factors/${listed.id}`), await post(t.key, `/v1/factors/${listed.id}/supersede`, { value: 1 })]) {
        expect(res.statusCode).toBe(403);
        expect(res.json()).toMatchObject({ code: 'PUBLIC_FACTOR', detail: expect.stringContaining('POST /v1/factors') });
      }
      expect((await get(t.key, `/v1/factors/${listed.id}`)).statusCode).toBe(200);
      const theirs = (await post(other.key, '/v1/factors', { activity: 'waste.landfill', name: 'Ours', value: 0.5, unit: 'kgCO2e/kg', year: 2024 })).json();
      expect((await del(t.key, `/v1/factors/${theirs.id}`)).statusCode).toBe(404);
      expect((await post(t.key, `/v1/factors/${theirs.id}/supersede`, { value: 1 })).statusCode).toBe(404);
      expect((await get(other.key, `/v1/factors/${theirs.id}`)).statusCode).toBe(200);
    });

    it('needs a write key to delete', async () => {
      const t = await newTenant('lifecycle-read-key');
      const read = (await post(t.key, '/v1/keys', { label: 'reader', scope: 'read' })).json().key as string;
      const calc = await calculate(t.key, truck('2024-03-01', 10, 1));
      const res = await del(read, `/v1/calculations/${calc}`);
      expect(res.statusCode).toBe(403);
      expect(await count('emissions WHERE id = $1', [calc])).toBe(1);
    });
  });
}
