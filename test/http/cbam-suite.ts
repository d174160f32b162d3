/**
 * EU CBAM over HTTP on each driver (docs/cbam.md): shipments one by one, many per call and as a
 * file, each error code, installations with verified actuals, a data set import, the annual
 * declaration with its certificates, verify, the quarterly report as JSON and as XML that validates
 * against the EU schema, and tenant isolation.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.ts';
import { prepareDatabase } from '../../src/runtime.ts';
import { exactDecimalSql } from '../../src/store/rollups.ts';
import { addApiKey, ensureTenant } from '../../src/store/tenants.ts';
import type { DriverFactory, DriverFixture } from '../support/databases.ts';
import { validateQReport } from '../support/qreport.ts';

/** 100 t of hot-rolled flat steel (7208 51 20) from Turkey, imported in 2026, on default values. */
const STEEL = { shipment_id: 'S-1', import_date: '2026-03-10', cn_code: '7208 51 20', origin_country: 'TR', quantity: 100, unit: 't' };

export function runCbamSuite(label: string, open: DriverFactory): void {
  describe(`CBAM on ${label}`, () => {
    let fx: DriverFixture;
    let app: FastifyInstance;
    let keyA: string;
    let keyB: string;
    const as = (key: string, extra: Record<string, string> = {}) => ({ authorization: `Bearer ${key}`, ...extra });
    const post = (url: string, payload: unknown, key = keyA) => app.inject({ method: 'POST', url, headers: as(key), payload: payload as object });
    const get = (url: string, key = keyA) => app.inject({ url, headers: as(key) });

    beforeAll(async () => {
      fx = await open();
      const rt = await prepareDatabase(fx.driver, { cursorSecret: null });
      keyA = await addApiKey(fx.driver, (await ensureTenant(fx.driver, 'cbam-a')).id);
      keyB = await addApiKey(fx.driver, (await ensureTenant(fx.driver, 'cbam-b')).id);
      app = await buildApp({
        driver: fx.driver,
        config: { bodyLimitBytes: 4 * 1024 * 1024, logLevel: 'silent', calculationThreads: false },
        cursorSecret: rt.cursorSecret,
      });
    });
    afterAll(async () => {
      await app?.close();
      await fx?.close();
    });

    it('stores a shipment on default values with the year’s mark-up, and says the data are illustrative', async () => {
      const res = await post('/v1/cbam/shipments', { shipment: STEEL });
      expect(res.statusCode, res.body).toBe(201);
      const s = res.json();
      // Built-in illustrative defaults for heading 72: direct 2, indirect 0.4 tCO2e/t; 2026 mark-up 10%.
      // direct 100 × 2 × 1.1 = 220; indirect 100 × 0.4 × 1.1 = 44, not counted for iron and steel.
      expect(s).toMatchObject({
        shipment_id: 'S-1',
        cn_code: '72085120',
        cn_heading: '7208',
        cn_subheading: '720851',
        goods_category: 'iron_steel',
        origin_country: 'TR',
        quantity: 100,
        unit: 't',
        method: 'default',
        markup_pct: 10,
        direct_t: 220,
        indirect_t: 44,
        indirect_counts: false,
        counted_t: 220,
        dataset_id: 'greenline-illustrative',
      });
      expect(s.warnings.map((w: { code: string }) => w.code)).toContain('ILLUSTRATIVE_DATA');
      expect(s.lineage_hash).toMatch(/^[0-9a-f]{64}$/);
      const again = await get(`/v1/cbam/shipments/S-1`);
      expect(again.json().id).toBe(s.id);
      const v = (await get(`/v1/cbam/shipments/${s.id}/verify`)).json();
      expect(v).toMatchObject({ status: 'match', recomputed: { lineage_hash: s.lineage_hash, counted_t: 220 } });
    });

    it('refuses a shipment_id already stored, and names every problem of a bad line with its code', async () => {
      const dup = await post('/v1/cbam/shipments', { shipment: STEEL });
      expect(dup.statusCode).toBe(400);
      expect(dup.json().errors[0]).toMatchObject({ field: 'shipment.shipment_id', code: 'E010' });
      const cases: Array<[Record<string, unknown>, string, string]> = [
        [{ ...STEEL, shipment_id: undefined }, 'E001', 'shipment_id'],
        [{ ...STEEL, cn_code: '7208512' }, 'E002', 'cn_code'],
        [{ ...STEEL, cn_code: '72042110' }, 'E003', 'cn_code'],
        [{ ...STEEL, import_date: '2026-02-30' }, 'E004', 'import_date'],
        [{ ...STEEL, quantity: 0 }, 'E005', 'quantity'],
        [{ ...STEEL, declarant_eori: 'not an eori' }, 'E006', 'declarant_eori'],
        [{ ...STEEL, origin_country: 'XX' }, 'E007', 'origin_country'],
        [{ ...STEEL, origin_country: 'DE' }, 'E008', 'origin_country'],
        [{ ...STEEL, actual_direct_see: 1.2, actual_verified: true }, 'E009', 'actual_verified'],
        [{ ...STEEL, colour: 'blue' }, 'E010', 'colour'],
      ];
      const res = await post('/v1/cbam/shipments', {
        shipments: cases.map(([line], i) => ({ ...line, ...(line.shipment_id ? { shipment_id: `BAD-${i}` } : {}) })),
      });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      expect(body.totals).toMatchObject({ shipments: cases.length, stored: 0, failed: cases.length });
      cases.forEach(([, code, field], i) => {
        const errors = body.results[i].errors as Array<{ code: string; field: string; message: string }>;
        expect(
          errors.map((e) => [e.code, e.field]),
          `case ${i}`,
        ).toContainEqual([code, `shipments[${i}].${field}`]);
      });
    });

    it('uses a registered installation’s verified actual emissions before default values', async () => {
      const inst = await post('/v1/cbam/installations', {
        installation: {
          installation_id: 'TR-ISK-01',
          name: 'Iskenderun works',
          operator_name: 'Demir Celik AS',
          country: 'TR',
          emissions: [{ cn_code: '72085120', year: 2026, direct_see: 1.9, indirect_see: 0.3, verified: true, verifier: 'DNV', verified_on: '2026-02-01' }],
        },
      });
      expect(inst.statusCode, inst.body).toBe(200);
      expect(inst.json()).toMatchObject({ created: 1, updated: 0 });
      const res = await post('/v1/cbam/shipments', { shipment: { ...STEEL, shipment_id: 'S-2', installation_id: 'TR-ISK-01' } });
      expect(res.statusCode, res.body).toBe(201);
      // 100 t × 1.9 = 190 direct (no mark-up on actuals); indirect 100 × 0.3 = 30, not counted.
      expect(res.json()).toMatchObject({
        method: 'actual_verified',
        markup_pct: 0,
        direct_t: 190,
        indirect_t: 30,
        counted_t: 190,
        actual_used: { verifier: 'DNV' },
      });
      const unknown = await post('/v1/cbam/shipments', { shipment: { ...STEEL, shipment_id: 'S-3', installation_id: 'NOPE' } });
      expect(unknown.json().errors[0]).toMatchObject({ code: 'E009', field: 'shipment.installation_id' });
    });

    it('ingests a file through the same pipeline as purchases: good rows stored, bad ones reported with their code', async () => {
      const csv = [
        'shipment_id,import_date,cn_code,origin_country,quantity,unit',
        'F-1,2026-04-02,25232900,EG,40,t',
        'F-2,2026-04-03,99999999,EG,40,t',
        'F-3,2026-04-04,76061291,CN,5000,kg',
      ].join('\n');
      const up = await app.inject({
        method: 'POST',
        url: '/v1/batches?type=cbam-shipments',
        headers: as(keyA, { 'content-type': 'text/csv' }),
        payload: `${csv}\n`,
      });
      expect([200, 202]).toContain(up.statusCode);
      let batch = up.json();
      for (let i = 0; i < 100 && batch.status !== 'succeeded' && batch.status !== 'failed'; i++) {
        await new Promise((r) => setTimeout(r, 50));
        batch = (await get(`/v1/batches/${batch.id}`)).json();
      }
      expect(batch.status, JSON.stringify(batch)).toBe('succeeded');
      expect(batch.rows).toMatchObject({ stored: 2, failed: 1 });
      const errors = (await get(`/v1/batches/${batch.id}/errors`)).json();
      expect(errors.data[0]).toMatchObject({ row: 2, field: 'cn_code', value: '99999999' });
      expect(errors.data[0].reason).toMatch(/^E003 /);
      // Cement (2523 29 00), 40 t on defaults 0.8 + 0.1 with 10%: direct 35.2, indirect 4.4, both counted = 39.6.
      const cement = (await get('/v1/cbam/shipments/F-1')).json();
      expect(cement).toMatchObject({ goods_category: 'cement', indirect_counts: true, direct_t: 35.2, indirect_t: 4.4, counted_t: 39.6 });
      // 5,000 kg of aluminium plates = 5 t.
      expect((await get('/v1/cbam/shipments/F-3')).json()).toMatchObject({ goods_category: 'aluminium', quantity: 5 });
    });

    it('answers the 2026 declaration from the rollups: free allocation, certificates, cost', async () => {
      const d = (await get('/v1/cbam/declarations/2026')).json();
      // Lines: S-1 steel default 220, S-2 steel actual 190, F-1 cement 39.6, F-3 aluminium 5 t × 2 × 1.1 = 11.
      expect(d.gross_t).toBeCloseTo(220 + 190 + 39.6 + 11, 9);
      // Free allocation 2026 = 97.5% of benchmark × quantity: steel 200 t × 1.3, cement 40 × 0.7, aluminium 5 × 1.5.
      expect(d.free_allocation_t).toBeCloseTo((200 * 1.3 + 40 * 0.7 + 5 * 1.5) * 0.975, 9);
      const net = 460.6 - (260 + 28 + 7.5) * 0.975;
      expect(d.net_t).toBeCloseTo(net, 9);
      expect(d.certificates).toBe(Math.ceil(net));
      expect(d.de_minimis).toMatchObject({ threshold_t: 50, exempt: false });
      // Certificates are bought whole: 173 × EUR 80 (illustrative 2026 price).
      expect(d.estimated_cost_eur).toBe(Math.ceil(net) * 80);
      expect(d.deadlines.declaration_due).toBe('2027-09-30');
      const csv = await app.inject({ url: '/v1/cbam/declarations/2026?format=csv', headers: as(keyA) });
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      expect(csv.body.split('\n')[0]).toBe(
        'cn_code,origin_country,installation_id,method,shipments,quantity,direct_t,indirect_t,counted_t,carbon_price_paid_eur',
      );
      // Another tenant sees none of it.
      expect((await get('/v1/cbam/declarations/2026', keyB)).json().gross_t).toBe(0);
      expect((await get('/v1/cbam/shipments/S-1', keyB)).statusCode).toBe(404);
      expect((await get('/v1/cbam/shipments', keyB)).json().data).toEqual([]);
    });

    it('writes the transitional quarterly report as JSON and as XML that validates against the EU schema', async () => {
      await post('/v1/cbam/installations', {
        installation: {
          installation_id: 'IN-ALU-7',
          name: 'Smelter 7 & <Co>',
          operator_name: 'Alu Ltd',
          country: 'IN',
          emissions: [{ cn_code: '76012010', year: 2025, direct_see: 1.7, indirect_see: 6.1, verified: false }],
        },
      });
      const lines = [
        { shipment_id: 'Q-1', import_date: '2025-10-05', cn_code: '25231000', origin_country: 'EG', quantity: 300, unit: 't' },
        { shipment_id: 'Q-2', import_date: '2025-11-05', cn_code: '76012010', origin_country: 'IN', quantity: 20, unit: 't', installation_id: 'IN-ALU-7' },
        { shipment_id: 'Q-3', import_date: '2025-12-05', cn_code: '31021010', origin_country: 'UA', quantity: 80, unit: 't' },
        {
          shipment_id: 'Q-4',
          import_date: '2025-12-06',
          cn_code: '72085120',
          origin_country: 'CN',
          quantity: 12.5,
          unit: 't',
          actual_direct_see: 2.1,
          actual_indirect_see: 0.35,
        },
      ];
      const stored = await post('/v1/cbam/shipments', { shipments: lines });
      expect(stored.json().totals, stored.body).toMatchObject({ stored: 4, failed: 0 });
      const json = (await get('/v1/cbam/reports/2025/4')).json();
      expect(json).toMatchObject({ year: 2025, quarter: 4, transitional: true, due: '2026-01-31', totals: { shipments: 4, goods_lines: 4 } });
      const xml = await app.inject({
        url: '/v1/cbam/reports/2025/4?format=xml&declarant_eori=DE123456789012&declarant_name=Acme%20GmbH&declarant_city=Berlin',
        headers: as(keyA),
      });
      expect(xml.statusCode, xml.body.slice(0, 500)).toBe(200);
      expect(xml.headers['content-type']).toMatch(/^application\/xml/);
      const result = await validateQReport(xml.body);
      expect(result.errors).toEqual([]);
      expect(result.valid).toBe(true);
      expect(xml.body.match(/<ImportedGood>/g)).toHaveLength(4);
      // The same document with its declarant removed is rejected by the same validator.
      const broken = await validateQReport(xml.body.replace(/<Declarant>[\s\S]*?<\/Declarant>/, ''));
      expect(broken.valid).toBe(false);
      expect(broken.errors.join('\n')).toMatch(/Declarant/);
      expect((await get('/v1/cbam/reports/2024/1?format=xml&declarant_eori=DE1&declarant_name=A&declarant_city=B')).statusCode).toBe(404);
      // From 2026 the annual declaration replaces the quarterly report.
      const definitive = await get('/v1/cbam/reports/2026/1?format=xml&declarant_eori=DE1&declarant_name=A&declarant_city=B');
      expect(definitive.statusCode).toBe(400);
      expect(definitive.json().detail).toContain('GET /v1/cbam/declarations/2026');
    });

    it('keeps rollups equal to the exact sums of the stored rows', async () => {
      const sums = await fx.driver.query<{ same: boolean; rows: string }>(
        `WITH rows AS (
           SELECT tenant_id, extract(year FROM import_date)::int AS year, extract(quarter FROM import_date)::int AS quarter, cn_code, origin_country,
                  coalesce(installation_id, '') AS installation_id, method, count(*) AS shipments, sum(${exactDecimalSql('quantity')}) AS quantity,
                  sum(${exactDecimalSql('direct_t')}) AS direct_t, sum(${exactDecimalSql('indirect_t')}) AS indirect_t
           FROM cbam_shipments GROUP BY 1, 2, 3, 4, 5, 6, 7)
         SELECT count(*)::text AS rows, bool_and(r.shipments = x.shipments AND r.quantity = x.quantity AND r.direct_t = x.direct_t AND r.indirect_t = x.indirect_t) AS same
         FROM cbam_rollups r FULL JOIN rows x USING (tenant_id, year, quarter, cn_code, origin_country, installation_id, method)`,
      );
      expect(Number(sums.rows[0]!.rows)).toBeGreaterThan(5);
      expect(sums.rows[0]!.same).toBe(true);
    });

    it('pages the shipments with keyset cursors, each once', async () => {
      const seen: string[] = [];
      let url = '/v1/cbam/shipments?limit=3';
      for (;;) {
        const page = (await get(url)).json();
        seen.push(...page.data.map((s: { shipment_id: string }) => s.shipment_id));
        if (!page.page_info.has_next_page) break;
        url = `/v1/cbam/shipments?limit=3&cursor=${encodeURIComponent(page.page_info.next_cursor)}`;
      }
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toEqual(['F-1', 'F-3', 'Q-1', 'Q-2', 'Q-3', 'Q-4', 'S-1', 'S-2']);
    });

    it('imports a data set (it becomes the active one) and refuses the same version twice or a bad file with line numbers', async () => {
      const csv = [
        'kind,cn_code,country,period,direct_see,indirect_see,value',
        'default,72,,,2.5,0.5,',
        'markup,,,2026,,,10',
        'benchmark,72,,,,,1.3',
        'free_allocation,,,2026,,,97.5',
        'price,,,2026,,,75',
      ].join('\n');
      const url = '/v1/cbam/datasets?name=Test%20defaults&version=1&source=unit%20test';
      const res = await app.inject({ method: 'POST', url, headers: as(keyA, { 'content-type': 'text/csv' }), payload: csv });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ version: '1', illustrative: false, counts: { defaults: 1, benchmarks: 1, prices: 1 } });
      expect((await app.inject({ method: 'POST', url, headers: as(keyA, { 'content-type': 'text/csv' }), payload: csv })).statusCode).toBe(409);
      const bad = await app.inject({
        method: 'POST',
        url: '/v1/cbam/datasets?name=Bad&version=1&source=x',
        headers: as(keyA, { 'content-type': 'text/csv' }),
        payload: 'kind,cn_code,country,period,direct_see,indirect_see,value\nmarkup,,,twenty,,,10\n',
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors[0].field).toMatch(/^line 2/);
      // The imported set has defaults for heading 72 only: cement now needs actual emissions.
      const cement = await post('/v1/cbam/shipments', { shipment: { ...STEEL, shipment_id: 'C-9', cn_code: '25231000' } });
      expect(cement.json().errors[0]).toMatchObject({ code: 'E009', field: 'shipment.cn_code' });
      expect(cement.json().errors[0].message).toContain('greenline cbam defaults import');
      const s = await post('/v1/cbam/shipments', { shipment: { ...STEEL, shipment_id: 'S-4', quantity: 10 } });
      // 10 t × 2.5 × 1.1 = 27.5 from the imported set; no illustrative warning.
      expect(s.json()).toMatchObject({ direct_t: 27.5, counted_t: 27.5 });
      expect(s.json().warnings.map((w: { code: string }) => w.code)).not.toContain('ILLUSTRATIVE_DATA');
      const list = (await get('/v1/cbam/datasets')).json().data;
      expect(list[0]).toMatchObject({ name: 'Test defaults', active: true });
    });
  });
}
