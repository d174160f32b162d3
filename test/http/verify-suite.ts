/**
 * Verification checks everything it claims (issue 21), on each driver: a stored result is
 * recomputed from its stored inputs and every cited factor's value, unit, gases and version, and
 * any edit — to an input as used, to the raw input, to a cited factor's row or to the snapshot the
 * result keeps of it — is a mismatch naming what differs. It used to re-read only value, unit and
 * dataset version, and to pass after `distance_km` or a gas breakdown was edited.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyCalculation } from '../../src/calculate/verify.ts';
import { buildApp } from '../../src/http/app.ts';
import { prepareDatabase } from '../../src/runtime.ts';
import type { SqlDriver } from '../../src/store/driver.ts';
import { addApiKey, ensureTenant } from '../../src/store/tenants.ts';
import type { DriverFactory, DriverFixture } from '../support/databases.ts';

export function runVerifySuite(label: string, open: DriverFactory): void {
  describe(`verify on ${label}`, () => {
    let fx: DriverFixture;
    let db: SqlDriver;
    let app: FastifyInstance;
    let key: string;
    let tenantId: string;
    const auth = () => ({ authorization: `Bearer ${key}` });
    const truck = { category: 4, date: '2024-03-01', mode: 'road.truck_heavy', distance: 500, distance_unit: 'km', mass: 12, mass_unit: 't' };

    beforeAll(async () => {
      fx = await open();
      db = fx.driver;
      const rt = await prepareDatabase(db, { cursorSecret: null });
      tenantId = (await ensureTenant(db, 'verifier')).id;
      key = await addApiKey(db, tenantId);
      app = await buildApp({ driver: db, config: { bodyLimitBytes: 1024 * 1024, logLevel: 'silent' }, cursorSecret: rt.cursorSecret });
    });
    afterAll(async () => {
      await app?.close();
      await fx?.close();
    });

    const calculate = async (record: Record<string, unknown>) => {
      const res = await app.inject({ method: 'POST', url: '/v1/calculations', headers: auth(), payload: { record } });
      expect(res.statusCode, res.body).toBe(201);
      return res.json();
    };
    const verify = async (id: string) => {
      const res = await app.inject({ method: 'POST', url: `/v1/calculations/${id}/verify`, headers: auth() });
      expect(res.statusCode).toBe(200);
      return res.json() as { status: string; differences: string[] };
    };
    /** Edits one key of an emission row's stored lineage document (`detail`, JSON kept as text). */
    const editDetail = (id: string, path: string[], json: string) =>
      db.query('UPDATE emissions SET detail = jsonb_set(detail::jsonb, $2::text[], $3::jsonb)::text WHERE id = $1', [id, path, json]);

    it('matches an untouched result, with and without a gas breakdown', async () => {
      const plain = await calculate(truck);
      expect(await verify(plain.id)).toMatchObject({ status: 'match', differences: [] });
      const gassy = await calculate(await widgetRecord());
      expect(gassy.factors[0]).toMatchObject({ gases: { CO2: 1, CH4: 0.01 } });
      expect(await verify(gassy.id)).toMatchObject({ status: 'match', differences: [] });
      // The command-line path reads the same rows.
      expect((await verifyCalculation(db, null, gassy.id))?.status).toBe('match');
    });

    it('is a mismatch naming the field when an input as used is edited in the database (it used to match)', async () => {
      const { id } = await calculate(truck);
      await editDetail(id, ['u', 'distance_km'], '600');
      const v = await verify(id);
      expect(v.status).toBe('mismatch');
      expect(v.differences).toEqual(['input distance_km: stored 600, recomputed 500']);
    });

    it('is a mismatch naming the field when the raw input is edited', async () => {
      const { id } = await calculate(truck);
      await db.query(`UPDATE emissions SET input = jsonb_set(input::jsonb, '{distance}', '600')::text WHERE id = $1`, [id]);
      const v = await verify(id);
      expect(v.status).toBe('mismatch');
      expect(v.differences).toEqual(
        expect.arrayContaining([
          'input distance_km: stored 500, recomputed 600',
          'input tkm: stored 6000, recomputed 7200',
          'kg_co2e: stored 372, recomputed 446.4',
          expect.stringMatching(/^lineage_hash: stored [0-9a-f]{64}, recomputed [0-9a-f]{64}$/),
        ]),
      );
    });

    /** A tenant factor with a gas breakdown (no GWP set of its own: converted with the settings' AR5). */
    let widgetFactor: string | undefined;
    async function widgetRecord(): Promise<Record<string, unknown>> {
      if (!widgetFactor) {
        const res = await app.inject({
          method: 'POST',
          url: '/v1/factors',
          headers: auth(),
          payload: { activity: 'product.widget', name: 'Widget', value: 1.28, unit: 'kgCO2e/kg', year: 2024, gases: { CO2: 1, CH4: 0.01 } },
        });
        expect(res.statusCode, res.body).toBe(201);
        widgetFactor = res.json().id;
      }
      return { category: 1, date: '2024-05-01', product: 'product.widget', quantity: 10, unit: 'kg' };
    }

    it('is a mismatch naming the factor and `gases` when a cited factor’s breakdown is edited in the factors table (it used to match)', async () => {
      const { id, kg_co2e } = await calculate(await widgetRecord());
      // 10 kg × (1 kg CO2 + 0.01 kg CH4 × 28) = 12.8 kg CO2e
      expect(kg_co2e).toBe(12.8);
      await db.query(`UPDATE factors SET gases = '{"CO2": 1, "CH4": 0.02}'::jsonb WHERE id = $1`, [widgetFactor]);
      try {
        const v = await verify(id);
        expect(v.status).toBe('mismatch');
        expect(v.differences).toEqual(
          expect.arrayContaining([
            `factor ${widgetFactor} gases: cited {"CH4":0.01,"CO2":1}, now {"CH4":0.02,"CO2":1}`,
            'kg_co2e: stored 12.8, recomputed 15.6',
          ]),
        );
      } finally {
        await db.query(`UPDATE factors SET gases = '{"CO2": 1, "CH4": 0.01}'::jsonb WHERE id = $1`, [widgetFactor]);
      }
      expect((await verify(id)).status).toBe('match');
    });

    it('is a mismatch naming the factor when the snapshot a result keeps of it is edited (a breakdown changing nothing else)', async () => {
      const { id } = await calculate(await widgetRecord());
      const { rows } = await db.query<{ part: string }>(`SELECT detail::json -> 'f' ->> 'product_factor' AS part FROM emissions WHERE id = $1`, [id]);
      const part = rows[0]!.part;
      const original = (await db.query<{ doc: string }>('SELECT doc::text AS doc FROM calculation_parts WHERE id = $1', [part])).rows[0]!.doc;
      // The same CO2e (1 + 0.01 × 28 = 0.72 + 0.02 × 28), another breakdown.
      await db.query(`UPDATE calculation_parts SET doc = jsonb_set(doc::jsonb, '{gases}', '{"CO2": 0.72, "CH4": 0.02}')::json WHERE id = $1`, [part]);
      try {
        const v = await verify(id);
        expect(v.status).toBe('mismatch');
        expect(v.differences).toEqual([`factor ${widgetFactor} gases: cited {"CH4":0.02,"CO2":0.72}, now {"CH4":0.01,"CO2":1}`]);
      } finally {
        await db.query('UPDATE calculation_parts SET doc = $2::json WHERE id = $1', [part, original]);
      }
    });

    it('is a mismatch naming the factor and attribute when a cited factor’s value, unit or version is edited', async () => {
      const { id, factors } = await calculate(truck);
      const factorId = factors[0].id as string;
      await db.query("UPDATE factors SET dataset_version = 'edited' WHERE id = $1", [factorId]);
      try {
        const v = await verify(id);
        expect(v.status).toBe('mismatch');
        expect(v.differences).toContain(`factor ${factorId} dataset_version: cited "2026.1", now "edited"`);
      } finally {
        await db.query("UPDATE factors SET dataset_version = '2026.1' WHERE id = $1", [factorId]);
      }
    });
  });
}
