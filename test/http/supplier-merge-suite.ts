/**
 * Merging two suppliers through the real API on each driver (issue 18, docs/suppliers.md "Merging
 * suppliers"): POST /v1/suppliers/:id/merge moves emission rows and rollup cells (the kg over both
 * suppliers before equals the kept one's after, to the last digit of the exact sums), supplier
 * factors (a clashing one superseded, still verifying), aliases, rejections, identifiers, review
 * candidates and CBAM shipments; the old id answers 301 to the kept one, is not matched, and a new
 * calculation naming it is stored for the kept supplier with its factors. One audit entry with the
 * counts; errors name their field; another tenant can merge nothing of this one and its data stays.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printed } from '../../src/domain/printed-number.ts';
import { buildApp } from '../../src/http/app.ts';
import { prepareDatabase } from '../../src/runtime.ts';
import { createApiKey } from '../../src/store/api-keys.ts';
import type { SqlDriver } from '../../src/store/driver.ts';
import { exactDecimalSql } from '../../src/store/rollups.ts';
import { addAlias, addRejection } from '../../src/store/supplier-aliases.ts';
import { addApiKey, ensureTenant } from '../../src/store/tenants.ts';
import type { DriverFactory, DriverFixture } from '../support/databases.ts';

/** ISO 7064 MOD 97-10 check digits for the first 18 characters of an LEI. */
function lei(first18: string): string {
  const value = BigInt([...`${first18}00`].map((c) => Number.parseInt(c, 36)).join(''));
  return `${first18}${String(98n - (value % 97n)).padStart(2, '0')}`;
}

const FROM_LEI = lei('5299004ACMEFRT0001');
const truck = (date: string, distance: number, mass: number, supplier?: string) => ({
  category: 4,
  date,
  mode: 'road.truck_heavy',
  distance,
  distance_unit: 'km',
  mass,
  mass_unit: 't',
  ...(supplier ? { supplier_id: supplier } : {}),
});
const rail = (date: string, distance: number, mass: number, supplier: string) => ({
  category: 4,
  date,
  mode: 'rail',
  distance,
  distance_unit: 'km',
  mass,
  mass_unit: 't',
  supplier_id: supplier,
});

export function runSupplierMergeSuite(label: string, open: DriverFactory): void {
  describe(`merging suppliers on ${label}`, () => {
    let fx: DriverFixture;
    let db: SqlDriver;
    let app: FastifyInstance;
    let tenantA: string;
    let tenantB: string;
    let keyA: string;
    let keyB: string;
    let readKeyA: string;
    const s = {} as Record<'from' | 'into' | 'older' | 'other' | 'beta', string>;
    const f = {} as Record<'fromTruck' | 'fromRail' | 'intoTruck' | 'beta', string>;
    const calcs = {} as Record<'fromTruck', string>;
    const as = (key: string) => ({ authorization: `Bearer ${key}` });
    const post = (key: string, url: string, payload: object) => app.inject({ method: 'POST', url, headers: as(key), payload });
    const get = (key: string, url: string) => app.inject({ url, headers: as(key) });
    const merge = (from: string, into: string, key = keyA) => post(key, `/v1/suppliers/${from}/merge`, { into });

    async function supplier(key: string, body: object): Promise<string> {
      const res = await post(key, '/v1/suppliers', body);
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id;
    }
    async function factor(key: string, supplierId: string, activity: string, value: number): Promise<string> {
      const res = await post(key, '/v1/factors', {
        activity,
        name: `carrier ${activity}`,
        value,
        unit: 'kgCO2e/tkm',
        year: 2024,
        supplier_id: supplierId,
        category: 4,
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id;
    }
    async function calculate(key: string, records: object[]): Promise<string[]> {
      const res = await post(key, '/v1/calculations/batch', { records });
      expect(res.statusCode, res.body).toBe(200);
      const results = res.json().results as { status: string; id?: string }[];
      expect(
        results.every((r) => r.status === 'ok'),
        res.body,
      ).toBe(true);
      return results.map((r) => r.id!);
    }
    /** Exact kg (numeric text) and rows of a tenant's rollup cells for these suppliers. */
    async function rollupTotals(tenantId: string, suppliers: string[]): Promise<{ kg: string; rows: number; cells: number }> {
      const res = await db.query<{ kg: string | null; rows: number; cells: number }>(
        'SELECT sum(kg_co2e)::text AS kg, COALESCE(sum(rows), 0)::int AS rows, count(*)::int AS cells FROM emission_rollups WHERE tenant_id = $1 AND supplier_id = ANY($2::text[])',
        [tenantId, suppliers],
      );
      return { kg: normal(res.rows[0]!.kg ?? '0'), rows: res.rows[0]!.rows, cells: res.rows[0]!.cells };
    }
    /** Exact kg (numeric text) and count of current rows naming these suppliers. */
    async function rowTotals(tenantId: string, suppliers: string[]): Promise<{ kg: string; rows: number }> {
      const res = await db.query<{ kg: string | null; rows: number }>(
        `SELECT sum(${exactDecimalSql('kg_co2e')})::text AS kg, count(*)::int AS rows FROM emissions
         WHERE tenant_id = $1 AND superseded_by IS NULL AND supplier_id = ANY($2::text[])`,
        [tenantId, suppliers],
      );
      return { kg: normal(res.rows[0]!.kg ?? '0'), rows: res.rows[0]!.rows };
    }
    /** A numeric's text without trailing zeros (numeric sums keep the largest scale of their terms). */
    const normal = (n: string) => (n.includes('.') ? n.replace(/0+$/, '').replace(/\.$/, '') : n);
    /** Everything of tenant B a merge in tenant A must not touch. */
    const snapshotOf = async (tenantId: string) =>
      Promise.all(
        [
          'SELECT id, supplier_id, kg_co2e::text FROM emissions WHERE tenant_id = $1 ORDER BY id',
          'SELECT month::text, category, tier, supplier_id, rows::int, kg_co2e::text FROM emission_rollups WHERE tenant_id = $1 ORDER BY 1, 2, 3, 4',
          'SELECT id, supplier_id, value FROM factors WHERE tenant_id = $1 ORDER BY id',
          'SELECT id, name, lei, duns, vat FROM suppliers WHERE tenant_id = $1 ORDER BY id',
          'SELECT normalized_name, supplier_id FROM supplier_aliases WHERE tenant_id = $1 ORDER BY 1',
        ].map(async (sql) => (await db.query(sql, [tenantId])).rows),
      );

    let before: { kg: string; rows: number; cells: number };
    let fromRows: { kg: string; rows: number };
    let fromCells: number;
    let snapshotB: unknown;

    beforeAll(async () => {
      fx = await open();
      db = fx.driver;
      const rt = await prepareDatabase(db, { cursorSecret: null });
      tenantA = (await ensureTenant(db, 'merge-alpha')).id;
      tenantB = (await ensureTenant(db, 'merge-beta')).id;
      keyA = await addApiKey(db, tenantA);
      keyB = await addApiKey(db, tenantB);
      readKeyA = (await createApiKey(db, tenantA, { scope: 'read' })).secret;
      app = await buildApp({ driver: db, config: { bodyLimitBytes: 1024 * 1024, logLevel: 'silent' }, cursorSecret: rt.cursorSecret });

      s.from = await supplier(keyA, { name: 'Acme Freight GmbH', country: 'DE', lei: FROM_LEI, duns: '150483782', vat: 'DE136695976' });
      s.into = await supplier(keyA, { name: 'ACME Logistics AG', country: 'DE', duns: '315506245' });
      s.older = await supplier(keyA, { name: 'Acme Frachtdienst', country: 'DE' });
      s.other = await supplier(keyA, { name: 'Nordic Freight AB', country: 'SE' });
      // Tenant B: a supplier of the same name, with its own factor and results.
      s.beta = await supplier(keyB, { name: 'Acme Freight GmbH', country: 'DE', lei: FROM_LEI });

      f.fromTruck = await factor(keyA, s.from, 'transport.road.truck_heavy', 0.0812);
      f.fromRail = await factor(keyA, s.from, 'transport.rail', 0.0213);
      f.intoTruck = await factor(keyA, s.into, 'transport.road.truck_heavy', 0.0937);
      f.beta = await factor(keyB, s.beta, 'transport.road.truck_heavy', 0.05);

      // Inexact decimals on purpose: the sums are exact only if every addition is.
      const fromIds = await calculate(keyA, [
        truck('2024-03-04', 123.7, 3.3, s.from),
        truck('2024-03-19', 411.1, 0.7, s.from),
        truck('2024-04-02', 77.7, 12.9, s.from),
        rail('2024-03-11', 950.3, 21.1, s.from),
        rail('2024-05-30', 0.1, 0.2, s.from),
      ]);
      calcs.fromTruck = fromIds[0]!;
      await calculate(keyA, [truck('2024-03-07', 300.3, 1.1, s.into), truck('2024-06-01', 55.5, 5.5, s.into), truck('2024-03-08', 10, 1)]);
      await calculate(keyB, [truck('2024-03-04', 123.7, 3.3, s.beta)]);

      // Matching decisions and a queued name naming `from`.
      await addAlias(db, tenantA, { name: 'Acme Frt', supplierId: s.from, source: 'manual' });
      await addRejection(db, tenantA, { name: 'Acme Freight Polska', supplierId: s.from });
      await db.query(
        `INSERT INTO supplier_review (id, tenant_id, name, normalized_name, country, candidates, best_confidence, source)
         VALUES ('rev_merge_1', $1, 'Acme Freigth', 'acme freigth', 'DE', $2::json, 80, 'match')`,
        [
          tenantA,
          JSON.stringify([
            { supplierId: s.from, confidence: 80, rule: 'fuzzy', why: {} },
            { supplierId: s.into, confidence: 62, rule: 'fuzzy', why: {} },
            { supplierId: s.other, confidence: 41, rule: 'fuzzy', why: {} },
          ]),
        ],
      );
      // A CBAM line naming `from` as its supplier.
      await db.query(
        `INSERT INTO cbam_shipments (tenant_id, id, shipment_id, import_date, cn_code, origin_country, quantity, method, direct_see, indirect_see,
           markup_pct, direct_t, indirect_t, counted_t, carbon_price_paid_eur, dataset_id, input, lineage_hash)
         VALUES ($1, 'cbs_merge_1', 'SHIP-1', '2026-02-01', '72081000', 'TR', 10, 'default', 1, 0, 0, 10, 0, 10, 0, 'ds', $2::json, 'h')`,
        [tenantA, JSON.stringify({ unitGiven: 't', supplierId: s.from })],
      );
      // An earlier merge into `from`: its tombstone must end up pointing at `into`.
      expect((await merge(s.older, s.from)).statusCode).toBe(200);

      before = await rollupTotals(tenantA, [s.from, s.into]);
      fromRows = await rowTotals(tenantA, [s.from]);
      fromCells = (await rollupTotals(tenantA, [s.from])).cells;
      snapshotB = await snapshotOf(tenantB);
    });
    afterAll(async () => {
      await app?.close();
      await fx?.close();
    });

    describe('refusals', () => {
      it('refuses merging a supplier into itself: 400 naming body.into', async () => {
        const res = await merge(s.from, s.from);
        expect(res.statusCode).toBe(400);
        expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'body.into', message: expect.stringContaining('itself') }] });
      });

      it('refuses a body without into, or with another field, naming it', async () => {
        const none = await post(keyA, `/v1/suppliers/${s.from}/merge`, {});
        expect(none.statusCode).toBe(400);
        expect(none.json().errors).toEqual([{ field: 'body.into', message: 'is required' }]);
        const extra = await post(keyA, `/v1/suppliers/${s.from}/merge`, { into: s.into, force: true });
        expect(extra.statusCode).toBe(400);
        expect(extra.json().errors).toEqual([{ field: 'body.force', message: 'is not a known field' }]);
      });

      it('answers 404 naming the field for an unknown supplier', async () => {
        const into = await merge(s.from, 'sup_nobody');
        expect(into.statusCode).toBe(404);
        expect(into.json()).toMatchObject({ code: 'NOT_FOUND', errors: [{ field: 'body.into', message: 'no supplier sup_nobody' }] });
        const from = await merge('sup_nobody', s.into);
        expect(from.statusCode).toBe(404);
        expect(from.json()).toMatchObject({ code: 'NOT_FOUND', errors: [{ field: 'params.id', message: 'no supplier sup_nobody' }] });
      });

      it("gives tenant B a 404 for tenant A's suppliers, either way round, and changes nothing", async () => {
        for (const [from, into, field] of [
          [s.from, s.into, 'params.id'],
          [s.beta, s.into, 'body.into'],
          [s.from, s.beta, 'params.id'],
        ] as const) {
          const res = await merge(from, into, keyB);
          expect(res.statusCode).toBe(404);
          expect(res.json().errors[0].field).toBe(field);
        }
        expect(await rollupTotals(tenantA, [s.from, s.into])).toEqual(before);
      });

      it('needs a write key: 403 for a read key', async () => {
        const res = await merge(s.from, s.into, readKeyA);
        expect(res.statusCode).toBe(403);
      });

      it('refuses merging into a tombstone, or a tombstone again: 409 naming the field and the kept supplier', async () => {
        const into = await merge(s.other, s.older);
        expect(into.statusCode).toBe(409);
        expect(into.json()).toMatchObject({
          code: 'SUPPLIER_MERGED',
          errors: [{ field: 'body.into', message: expect.stringContaining(`merged into ${s.from}`) }],
        });
        const again = await merge(s.older, s.other);
        expect(again.statusCode).toBe(409);
        expect(again.json().errors[0].field).toBe('params.id');
      });
    });

    describe('a merge', () => {
      let answer: Record<string, unknown> & { moved: Record<string, unknown>; conflicts: Record<string, unknown> };
      beforeAll(async () => {
        const res = await merge(s.from, s.into);
        expect(res.statusCode, res.body).toBe(200);
        answer = res.json();
      });

      it('answers what moved and what conflicted, with exact figures', () => {
        expect(fromRows.rows).toBe(5);
        expect(answer).toMatchObject({
          id: s.from,
          merged_into: s.into,
          supplier: { id: s.into, name: 'ACME Logistics AG', lei: FROM_LEI, duns: '315506245', vat: 'DE136695976' },
          moved: {
            emissions: 5,
            current_emissions: 5,
            kg_co2e_exact: fromRows.kg,
            kg_co2e: printed(Number(fromRows.kg)),
            rollup_cells: fromCells,
            factors: 1,
            factors_superseded: 1,
            aliases: 2,
            name_alias: true,
            rejections: 1,
            review_items: 1,
            cbam_shipments: 1,
            identifiers: ['lei', 'vat'],
            earlier_merges: 1,
          },
          conflicts: {
            identifiers: [{ scheme: 'duns', kept: '315506245', not_moved: '150483782' }],
            factors: [
              { factor_id: f.fromTruck, superseded_by: f.intoTruck, activity: 'transport.road.truck_heavy', region: 'GLOBAL', year: 2024, unit: 'kgCO2e/tkm' },
            ],
            name_alias: null,
            rejections_dropped: 0,
          },
        });
        // Cells (month, category 4, tier 1): 2024-03 (two trucks and a rail line), 2024-04 and 2024-05.
        expect(fromCells).toBe(3);
      });

      it("makes the kept supplier's total exactly the total over both before, to the last digit", async () => {
        const after = await rollupTotals(tenantA, [s.into]);
        expect(after.kg).toBe(before.kg);
        expect(after.rows).toBe(before.rows);
        expect(await rollupTotals(tenantA, [s.from])).toEqual({ kg: '0', rows: 0, cells: 0 });
        // The rollups still equal the rows they count.
        expect(await rowTotals(tenantA, [s.into])).toEqual({ kg: before.kg, rows: before.rows });
        expect((await db.query('SELECT 1 FROM emissions WHERE supplier_id = $1', [s.from])).rows).toEqual([]);
        const differences = await db.query(
          `WITH r AS (SELECT month, category, tier, supplier_id, rows, kg_co2e FROM emission_rollups WHERE tenant_id = $1),
                e AS (SELECT date_trunc('month', activity_date)::date AS month, category, tier, COALESCE(supplier_id, '') AS supplier_id,
                             count(*) AS rows, sum(${exactDecimalSql('kg_co2e')}) AS kg
                      FROM emissions WHERE tenant_id = $1 AND superseded_by IS NULL GROUP BY 1, 2, 3, 4)
           SELECT * FROM r FULL JOIN e USING (month, category, tier, supplier_id) WHERE r.rows IS DISTINCT FROM e.rows OR r.kg_co2e IS DISTINCT FROM e.kg`,
          [tenantA],
        );
        expect(differences.rows).toEqual([]);
      });

      it('shows the merged totals on the kept supplier, and the report by supplier names only it', async () => {
        const kept = await get(keyA, `/v1/suppliers/${s.into}`);
        expect(kept.statusCode).toBe(200);
        expect(kept.json().emissions).toMatchObject({ rows: 7, kg_co2e: printed(Number(before.kg)), first_month: '2024-03', last_month: '2024-06' });
        const report = await get(keyA, '/v1/reports/emissions?group_by=supplier');
        expect(report.statusCode, report.body).toBe(200);
        const bySupplier = report.json().rows.map((r: { supplier_id: string | null; rows: number }) => [r.supplier_id, r.rows]);
        expect(bySupplier).toEqual(
          expect.arrayContaining([
            [s.into, 7],
            [null, 1],
          ]),
        );
        expect(bySupplier.some(([id]: [string | null]) => id === s.from)).toBe(false);
      });

      it('answers 301 to the kept supplier for the old id (and for an id merged into it before)', async () => {
        for (const old of [s.from, s.older]) {
          const res = await get(keyA, `/v1/suppliers/${old}`);
          expect(res.statusCode).toBe(301);
          expect(res.headers.location).toBe(`/v1/suppliers/${s.into}`);
          expect(res.json()).toMatchObject({ code: 'SUPPLIER_MERGED', detail: expect.stringContaining(`merged into ${s.into}`) });
        }
        // Not for another tenant: there it never existed.
        expect((await get(keyB, `/v1/suppliers/${s.from}`)).statusCode).toBe(404);
        const listed = (await get(keyA, '/v1/suppliers?q=acme')).json().data.map((x: { id: string }) => x.id);
        expect(listed).toEqual([s.into]);
      });

      it('matches the old name, the old alias and the old LEI to the kept supplier; the old id is never a candidate', async () => {
        const res = await post(keyA, '/v1/suppliers/match', {
          names: [{ name: 'Acme Freight GmbH', country: 'DE' }, { name: 'Acme Frt' }, { name: 'Unknown name', lei: FROM_LEI }, { name: 'Acme Freight Polska' }],
        });
        expect(res.statusCode, res.body).toBe(200);
        const results = res.json().results as { status: string; best: { supplier_id: string; rule: string } | null; candidates: { supplier_id: string }[] }[];
        expect(results.slice(0, 3).map((r) => [r.status, r.best?.supplier_id, r.best?.rule])).toEqual([
          ['matched', s.into, 'exact_name'],
          ['matched', s.into, 'exact_name'],
          ['matched', s.into, 'identifier'],
        ]);
        // The rejected pair moved with it: that name is never auto-matched to the kept supplier.
        expect(results[3]!.status).not.toBe('matched');
        expect(results.flatMap((r) => r.candidates.map((c) => c.supplier_id))).not.toContain(s.from);
      });

      it('moves aliases, rejections, review candidates and CBAM shipments', async () => {
        const aliases = await db.query<{ name: string; supplier_id: string }>(
          'SELECT name, supplier_id FROM supplier_aliases WHERE tenant_id = $1 ORDER BY name',
          [tenantA],
        );
        expect(aliases.rows).toEqual([
          { name: 'Acme Frachtdienst', supplier_id: s.into },
          { name: 'Acme Freight GmbH', supplier_id: s.into },
          { name: 'Acme Frt', supplier_id: s.into },
        ]);
        const rejections = await db.query('SELECT name, supplier_id FROM supplier_rejections WHERE tenant_id = $1', [tenantA]);
        expect(rejections.rows).toEqual([{ name: 'Acme Freight Polska', supplier_id: s.into }]);
        const review = await db.query<{ candidates: unknown; best_confidence: number }>(
          "SELECT candidates, best_confidence FROM supplier_review WHERE id = 'rev_merge_1'",
        );
        const candidates = review.rows[0]!.candidates;
        expect(
          (typeof candidates === 'string' ? JSON.parse(candidates) : candidates).map((c: { supplierId: string; confidence: number }) => [
            c.supplierId,
            c.confidence,
          ]),
        ).toEqual([
          [s.into, 80],
          [s.other, 41],
        ]);
        expect(review.rows[0]!.best_confidence).toBe(80);
        const cbam = await db.query<{ input: unknown }>("SELECT input FROM cbam_shipments WHERE id = 'cbs_merge_1'");
        const input = cbam.rows[0]!.input;
        expect(typeof input === 'string' ? JSON.parse(input) : input).toEqual({ unitGiven: 't', supplierId: s.into });
      });

      it("moves the supplier's factors: a clashing one is superseded by the kept one's and its results still verify", async () => {
        const owned = await db.query<{ id: string; supplier_id: string }>('SELECT id, supplier_id FROM factors WHERE tenant_id = $1 ORDER BY id', [tenantA]);
        expect(owned.rows).toEqual(
          [
            { id: f.fromRail, supplier_id: s.into },
            { id: f.intoTruck, supplier_id: s.into },
          ].sort((a, b) => (a.id < b.id ? -1 : 1)),
        );
        expect((await get(keyA, `/v1/factors/${f.fromTruck}`)).statusCode).toBe(404);
        const kept = await db.query('SELECT superseded_by FROM deleted_factors WHERE id = $1', [f.fromTruck]);
        expect(kept.rows).toEqual([{ superseded_by: f.intoTruck }]);
        const verified = await post(keyA, `/v1/calculations/${calcs.fromTruck}/verify`, {});
        expect(verified.statusCode, verified.body).toBe(200);
        expect(verified.json()).toMatchObject({ status: 'match', differences: [] });
      });

      it('stores a new calculation naming the old id for the kept supplier, with its factors', async () => {
        const one = await post(keyA, '/v1/calculations', { record: truck('2024-07-01', 100, 2, s.from) });
        expect(one.statusCode, one.body).toBe(201);
        // 100 km × 2 t × the kept supplier's 0.0937 (the merged one's 0.0812 was superseded).
        expect(one.json()).toMatchObject({ supplier_id: s.into, tier: 1, kg_co2e: printed(100 * 2 * 0.0937) });
        const [railId] = await calculate(keyA, [rail('2024-07-02', 1000, 3, s.from)]);
        const stored = await get(keyA, `/v1/calculations/${railId}`);
        // The moved rail factor resolves for the kept supplier: 1000 × 3 × 0.0213.
        expect(stored.json()).toMatchObject({ supplier_id: s.into, tier: 1, kg_co2e: printed(1000 * 3 * 0.0213) });
        expect((await rowTotals(tenantA, [s.from])).rows).toBe(0);
      });

      it("recalculates the moved results with the kept supplier's factor, for the kept supplier (the stored input still names the old id)", async () => {
        const res = await post(keyA, '/v1/recalculations', { from: '2024-03-01', to: '2024-05-31' });
        expect([200, 202], res.body).toContain(res.statusCode);
        let run = res.json();
        while (run.state === 'pending' || run.state === 'running') {
          await new Promise((r) => setTimeout(r, 50));
          run = (await get(keyA, `/v1/recalculations/${run.id}`)).json();
        }
        // The three truck lines cited the superseded factor: recomputed with the kept one's 0.0937.
        expect(run).toMatchObject({ state: 'succeeded', recalculated: 3 });
        const trucks = await db.query<{ supplier_id: string; kg: string }>(
          `SELECT supplier_id, kg_co2e::text AS kg FROM emissions WHERE tenant_id = $1 AND superseded_by IS NULL AND activity_date <= '2024-05-31' AND input LIKE '%road.truck_heavy%'
             AND input LIKE $2 ORDER BY activity_date`,
          [tenantA, `%${s.from}%`],
        );
        expect(trucks.rows.map((r) => [r.supplier_id, printed(Number(r.kg))])).toEqual([
          [s.into, printed(123.7 * 3.3 * 0.0937)],
          [s.into, printed(411.1 * 0.7 * 0.0937)],
          [s.into, printed(77.7 * 12.9 * 0.0937)],
        ]);
        expect((await rowTotals(tenantA, [s.from])).rows).toBe(0);
        expect(await rollupTotals(tenantA, [s.from])).toEqual({ kg: '0', rows: 0, cells: 0 });
        const into = await rowTotals(tenantA, [s.into]);
        expect(await rollupTotals(tenantA, [s.into])).toMatchObject({ kg: into.kg, rows: into.rows });
      });

      it('records one audit entry with the counts', async () => {
        await app.auditLog.flush();
        const res = await get(keyA, `/v1/audit?resource=${s.from}`);
        expect(res.statusCode, res.body).toBe(200);
        const merges = res
          .json()
          .data.filter((e: { route: string; summary: { merged_into?: string } }) => e.route === '/v1/suppliers/:id/merge' && e.summary.merged_into === s.into);
        expect(merges).toHaveLength(1);
        expect(merges[0]).toMatchObject({
          method: 'POST',
          status: 200,
          resource_type: 'supplier',
          resource_id: s.from,
          summary: {
            from: s.from,
            merged_into: s.into,
            emissions: 5,
            current_emissions: 5,
            kg_co2e: fromRows.kg,
            rollup_cells: fromCells,
            factors: 1,
            factors_superseded: 1,
            aliases: 2,
            identifiers: ['lei', 'vat'],
            identifier_conflicts: ['duns'],
          },
        });
      });

      it("leaves tenant B's suppliers, factors, rows and rollups as they were", async () => {
        expect(await snapshotOf(tenantB)).toEqual(snapshotB);
        expect((await get(keyB, `/v1/suppliers/${s.beta}`)).json().emissions.rows).toBe(1);
      });
    });
  });
}
