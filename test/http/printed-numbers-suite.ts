/**
 * Answers print computed quantities in their printed form (12 significant digits, no binary
 * artefacts; docs/calculations.md, Printed numbers) on each driver: calculations, batches,
 * verification, uncertainty, the emissions list, reports in JSON and CSV, the ESRS E1-6 table,
 * ingest batches and supplier summaries; the lineage hash is the hash of the printed form; the
 * stored column keeps full precision and still verifies, and tampering is still caught.
 *
 * The numbers: 550 km × 2 t = 1100 tkm × 0.54085 kg CO2e/tkm is 594.9350000000001 in binary
 * arithmetic; 3100 km × 2 t × 0.062 (heavy truck, built-in) is 384.4 kg, 0.38439999999999996 t.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/domain/scope3/types.ts';
import { type Canonical, canonicalJson, type ResultLineage, resultLineageHash, sha256Hex } from '../../src/domain/lineage.ts';
import { printed } from '../../src/domain/printed-number.ts';
import { ENGINE_VERSION } from '../../src/domain/scope3/engine.ts';
import { buildApp } from '../../src/http/app.ts';
import { ingest } from '../../src/ingest/pipeline.ts';
import { prepareDatabase } from '../../src/runtime.ts';
import type { SqlDriver } from '../../src/store/driver.ts';
import { addApiKey, ensureTenant } from '../../src/store/tenants.ts';
import { generated, textSource } from '../ingest/ingest-suite.ts';
import type { DriverFactory, DriverFixture } from '../support/databases.ts';

/** Every number in an answer is its own printed form (the paths name the ones that are not). */
function unprinted(v: unknown, path = '$'): string[] {
  if (typeof v === 'number') return Object.is(printed(v), v) ? [] : [`${path} = ${v}`];
  if (Array.isArray(v)) return v.flatMap((x, i) => unprinted(x, `${path}[${i}]`));
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => unprinted(x, `${path}.${k}`));
  return [];
}

/** The numbers in a JSON or CSV answer's text that are not in their printed form (as `594.9350000000001`). */
function textArtefacts(text: string): string[] {
  const numbers = text.match(/(?<=^|[:,[\n])-?\d+(?:\.\d+)?(?:e[-+]?\d+)?(?=$|[,\]}\n])/gm) ?? [];
  return numbers.filter((t) => String(printed(Number(t))) !== t);
}

interface CalculationJson {
  id: string;
  category: number;
  method_version: string;
  tier: number;
  method: string;
  gwp_set: string;
  inputs_used: Record<string, Canonical>;
  factors: Array<{ name: string; id: string; value: number; unit: string; dataset_version: string }>;
  kg_co2e: number;
  lineage_hash: string;
}

/** What a reader who re-hashes an answer's printed lineage fields computes (generic canonical JSON, no rounding). */
function rehash(body: CalculationJson): string {
  const lineage = {
    engine: ENGINE_VERSION,
    category: body.category,
    methodVersion: body.method_version,
    tier: body.tier,
    method: body.method,
    gwpSet: body.gwp_set,
    inputs: body.inputs_used,
    factors: body.factors
      .map((f) => ({ name: f.name, id: f.id, value: f.value, unit: f.unit, datasetVersion: f.dataset_version }))
      .sort((a, b) => (a.name < b.name ? -1 : 1)),
    kgCo2e: body.kg_co2e,
  };
  return sha256Hex(canonicalJson(lineage));
}

export function runPrintedNumbersSuite(label: string, open: DriverFactory): void {
  describe(`printed numbers on ${label}`, () => {
    let fx: DriverFixture;
    let db: SqlDriver;
    let app: FastifyInstance;
    let key: string;
    let tenantId: string;
    let otherKey: string;
    let otherTenantId: string;
    let supplierId: string;
    let rail: CalculationJson;
    let truck: CalculationJson;
    const as = (k: string) => ({ authorization: `Bearer ${k}` });
    const get = (url: string, k = key, accept = 'application/json') => app.inject({ url, headers: { ...as(k), accept } });
    const post = (url: string, payload: object, k = key) => app.inject({ method: 'POST', url, headers: as(k), payload });
    const railRecord = (over: object = {}) => ({
      category: 4,
      date: '2024-05-10',
      mode: 'rail',
      distance: 550,
      distance_unit: 'km',
      mass: 2,
      mass_unit: 't',
      ...over,
    });
    const truckRecord = { category: 4, date: '2023-06-01', mode: 'road.truck_heavy', distance: 3100, distance_unit: 'km', mass: 2, mass_unit: 't' };
    const railFactor = { activity: 'transport.rail', name: 'Rail freight (carrier figure)', value: 0.54085, unit: 'kgCO2e/tkm', year: 2024, category: 4 };

    beforeAll(async () => {
      fx = await open();
      db = fx.driver;
      const rt = await prepareDatabase(db, { cursorSecret: null });
      tenantId = (await ensureTenant(db, 'printed')).id;
      key = await addApiKey(db, tenantId);
      // Tampering, the batch and the ingest use another tenant, so this one holds only `rail` and `truck`.
      otherTenantId = (await ensureTenant(db, 'printed-other')).id;
      otherKey = await addApiKey(db, otherTenantId);
      app = await buildApp({ driver: db, config: { bodyLimitBytes: 8 * 1024 * 1024, logLevel: 'silent' }, cursorSecret: rt.cursorSecret });
      for (const k of [key, otherKey]) expect((await post('/v1/factors', railFactor, k)).statusCode).toBe(201);
      supplierId = (await post('/v1/suppliers', { name: 'Rail Co' })).json().id;
      const a = await post('/v1/calculations', { record: railRecord({ supplier_id: supplierId }) });
      expect(a.statusCode).toBe(201);
      rail = a.json();
      truck = (await post('/v1/calculations', { record: truckRecord })).json();
    });
    afterAll(async () => {
      await app?.close();
      await fx?.close();
    });

    it('answers a calculation in printed form, hashed in that form, and stores full precision', async () => {
      // Today's arithmetic gives the artefacts; the answer does not show them.
      expect(1100 * 0.54085).toBe(594.9350000000001);
      expect(384.4 / 1000).toBe(0.38439999999999996);
      expect(rail).toMatchObject({ kg_co2e: 594.935, t_co2e: 0.594935, tier: 2, method: 'distance_based' });
      expect(rail.factors[0]).toMatchObject({ value: 0.54085, id: expect.any(String) });
      expect(rail.inputs_used).toMatchObject({ tkm: 1100 });
      expect(truck).toMatchObject({ kg_co2e: 384.4, t_co2e: 0.3844 });
      for (const body of [rail, truck]) {
        expect(unprinted(body)).toEqual([]);
        expect(textArtefacts(JSON.stringify(body))).toEqual([]);
        // Re-hashing the printed inputs, factors and result gives the lineage hash.
        expect(rehash(body)).toBe(body.lineage_hash);
      }
      // Read back: the same printed answer.
      const again = (await get(`/v1/calculations/${rail.id}`)).json();
      expect(again).toMatchObject({ kg_co2e: 594.935, t_co2e: 0.594935, lineage_hash: rail.lineage_hash });
      // The stored column keeps the full-precision result.
      const stored = await db.query<{ kg: string }>('SELECT kg_co2e::text AS kg FROM emissions WHERE id = $1', [rail.id]);
      expect(Number(stored.rows[0]!.kg)).toBe(594.9350000000001);
    });

    it('verifies a stored result as a match in printed form, and still catches tampering', async () => {
      const ok = await post(`/v1/calculations/${rail.id}/verify`, {});
      expect(ok.json()).toEqual({
        id: rail.id,
        status: 'match',
        stored: { kg_co2e: 594.935, lineage_hash: rail.lineage_hash },
        recomputed: { kg_co2e: 594.935, lineage_hash: rail.lineage_hash },
        differences: [],
      });
      expect(textArtefacts(ok.body)).toEqual([]);
      const copy = (await post('/v1/calculations', { record: railRecord() }, otherKey)).json();
      const verify = async () => (await post(`/v1/calculations/${copy.id}/verify`, {}, otherKey)).json();
      await db.query('UPDATE emissions SET kg_co2e = kg_co2e * 2 WHERE id = $1', [copy.id]);
      const doubled = await verify();
      expect(doubled.status).toBe('mismatch');
      expect(doubled.differences).toEqual(['kg_co2e: stored 1189.87, recomputed 594.935']);
      // A change below the printed precision is no change of the result: it prints the same.
      await db.query('UPDATE emissions SET kg_co2e = 594.935 WHERE id = $1', [copy.id]);
      expect((await verify()).status).toBe('match');
      await db.query('UPDATE emissions SET kg_co2e = 594.9351 WHERE id = $1', [copy.id]);
      expect((await verify()).differences).toEqual(['kg_co2e: stored 594.9351, recomputed 594.935']);
    });

    it('accepts the unrounded lineage hash of a result stored before printed hashing, and no other', async () => {
      const old = (await post('/v1/calculations', { record: railRecord() }, otherKey)).json();
      const verify = async () => (await post(`/v1/calculations/${old.id}/verify`, {}, otherKey)).json();
      const unrounded: ResultLineage = {
        engine: ENGINE_VERSION,
        category: 4,
        methodVersion: old.method_version,
        tier: 2,
        method: 'distance_based',
        gwpSet: 'AR5',
        inputs: old.inputs_used,
        factors: [{ name: old.factors[0].name, id: old.factors[0].id, value: 0.54085, unit: 'kgCO2e/tkm', datasetVersion: old.factors[0].dataset_version }],
        kgCo2e: 594.9350000000001,
      };
      const legacy = resultLineageHash(unrounded, 'unrounded');
      expect(legacy).not.toBe(old.lineage_hash);
      expect(resultLineageHash(unrounded)).toBe(old.lineage_hash);
      await db.query('UPDATE emissions SET lineage_hash = $2 WHERE id = $1', [old.id, legacy]);
      expect(await verify()).toMatchObject({ status: 'match', recomputed: { lineage_hash: legacy } });
      await db.query('UPDATE emissions SET lineage_hash = $2 WHERE id = $1', [old.id, sha256Hex('something else')]);
      expect((await verify()).differences).toEqual([`lineage_hash: stored ${sha256Hex('something else')}, recomputed ${old.lineage_hash}`]);
    });

    it('prints a batch answer, its totals and a Monte Carlo over stored results', async () => {
      const res = await post('/v1/calculations/batch', { records: [railRecord(), truckRecord, truckRecord, truckRecord] }, otherKey);
      const body = res.json();
      // 594.9350000000001 + 3 × 384.4 = 1748.1349999999998 in binary arithmetic.
      expect(body.results.map((r: { kg_co2e: number }) => r.kg_co2e)).toEqual([594.935, 384.4, 384.4, 384.4]);
      expect(body.totals).toMatchObject({ kg_co2e: 1748.135, t_co2e: 1.748135, by_category_kg: { 4: 1748.135 }, by_tier_kg: { 2: 1748.135 } });
      expect(unprinted(body)).toEqual([]);
      expect(textArtefacts(res.body)).toEqual([]);
      const ids = body.results.map((r: { id: string }) => r.id);
      const mc = await post('/v1/uncertainty', { calculation_ids: ids, iterations: 5_000, seed: 3 }, otherKey);
      expect(mc.statusCode).toBe(200);
      expect(unprinted(mc.json())).toEqual([]);
    });

    it('prints the emissions list, reports in JSON and CSV, the ESRS table and the supplier summary', async () => {
      const list = await get('/v1/emissions?limit=1000');
      expect(list.json().data.map((e: { kg_co2e: number }) => e.kg_co2e)).toEqual(expect.arrayContaining([594.935, 384.4]));
      expect(unprinted(list.json())).toEqual([]);

      // From the rows (a range that cuts a month), then from the rollups (whole months).
      const report = await get('/v1/reports/emissions?group_by=category&from=2024-05-01&to=2024-05-10');
      expect(report.json().source).toBe('emissions');
      expect(report.json().rows).toEqual([
        { category: 4, category_name: 'Upstream transportation and distribution', kg_co2e: 594.935, t_co2e: 0.594935, rows: 1, average_dqi: 71 },
      ]);
      expect(report.json().totals).toEqual({ kg_co2e: 594.935, t_co2e: 0.594935, rows: 1, average_dqi: 71 });
      expect(textArtefacts(report.body)).toEqual([]);
      const csv = await get('/v1/reports/emissions?group_by=category,month&from=2024-01-01&to=2024-12-31', key, 'text/csv');
      expect(csv.body).toBe(
        'category,category_name,month,kg_co2e,t_co2e,rows,average_dqi\n4,Upstream transportation and distribution,2024-05,594.935,0.594935,1,71\n',
      );

      const esrs = await get('/v1/reports/esrs-e1-6?year=2023');
      expect(esrs.json().categories[3]).toEqual({ category: 4, name: 'Upstream transportation and distribution', t_co2e: 0.3844, share_pct: 100, rows: 1 });
      expect(esrs.json().gross_scope3_t_co2e).toBe(0.3844);
      expect(textArtefacts(esrs.body)).toEqual([]);
      const esrsCsv = (await get('/v1/reports/esrs-e1-6?year=2023&format=csv')).body.trim().split('\n');
      expect(esrsCsv[4]).toBe('4,Upstream transportation and distribution,0.3844,100,1');
      expect(esrsCsv[16]).toBe(',Gross Scope 3 GHG emissions,0.3844,100,1');

      const supplier = (await get(`/v1/suppliers/${supplierId}`)).json();
      expect(supplier.emissions).toMatchObject({ kg_co2e: 594.935, t_co2e: 0.594935, rows: 1, by_category: { 4: 594.935 } });
    });

    it('prints an ingest batch’s totals', async () => {
      const s = await ingest(db, {
        tenantId: otherTenantId,
        type: 'purchases',
        format: 'csv',
        settings: DEFAULT_SETTINGS,
        source: textSource('printed.csv', generated('purchases', 300, 11)),
      });
      expect(s.rowsOk).toBe(300);
      const batch = await get(`/v1/batches/${s.batchId}`, otherKey);
      expect(batch.json()).toMatchObject({ kg_co2e: printed(s.kgCo2e), t_co2e: printed(s.kgCo2e / 1000) });
      expect(unprinted(batch.json())).toEqual([]);
      // Its rows, written by the spend fast path, verify.
      const first = (await get(`/v1/emissions?batch_id=${s.batchId}&limit=3`, otherKey)).json().data;
      expect(first).toHaveLength(3);
      for (const e of first) expect((await post(`/v1/calculations/${e.id}/verify`, {}, otherKey)).json()).toMatchObject({ status: 'match' });
    });
  });
}
