/**
 * GET /v1/emissions and the suppliers read API over HTTP (Fastify inject, real database): shapes,
 * validation, links, counts, offset, cursor refusals and tenant isolation. Emission and rollup
 * rows are inserted with SQL, so the suite depends only on the read path.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.ts';
import { prepareDatabase } from '../../src/runtime.ts';
import { addApiKey, ensureTenant } from '../../src/store/tenants.ts';
import type { DriverFactory, DriverFixture } from '../support/databases.ts';

const ROWS_A = 150;
const ROWS_B = 40;
const LIST_FIELDS = [
  'activity_date',
  'batch_id',
  'calculated_at',
  'category',
  'dataset_version',
  'dqi',
  'external_id',
  'factor_id',
  'id',
  'kg_co2e',
  'lineage_hash',
  'method',
  'row_number',
  'supplier_id',
  'tier',
];

interface ListBody {
  data: Array<Record<string, unknown> & { id: string }>;
  page_info: { has_next_page: boolean; has_previous_page: boolean; start_cursor: string | null; end_cursor: string | null };
  links: { next: string | null; prev: string | null };
  total_count?: number;
}

export function runEmissionsApiSuite(label: string, open: DriverFactory): void {
  describe(`emissions and suppliers read API on ${label}`, () => {
    let fx: DriverFixture;
    let app: FastifyInstance;
    let tenantA: string;
    let tenantB: string;
    let keyA: string;
    let keyB: string;
    const as = (key: string) => ({ authorization: `Bearer ${key}` });
    const get = async (url: string, key = keyA) => app.inject({ url, headers: as(key) });
    const list = async (url: string, key = keyA): Promise<ListBody> => {
      const res = await get(url, key);
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    /** Ids of tenant A's rows under `where`, in `order`: what the API must return. */
    const expectedIds = async (where: string, order: string, params: unknown[] = []) =>
      (await fx.driver.query<{ id: string }>(`SELECT id FROM emissions WHERE tenant_id = $1 AND ${where} ORDER BY ${order}`, [tenantA, ...params])).rows.map(
        (r) => r.id,
      );
    const problemField = async (url: string, key = keyA) => {
      const res = await get(url, key);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      return res.json() as { code: string; errors: Array<{ field: string; message: string }> };
    };

    /*
     * Tenant A: 150 rows over 10 dates and 7 amounts (many ties on both), every third with
     * supplier sup_a1, even rows in batch bat_1. Tenant B: 40 rows on the same dates and amounts.
     */
    async function insertEmissions(prefix: string, tenantId: string, rows: number, supplierId: string): Promise<void> {
      await fx.driver.query(
        `INSERT INTO emissions (id, tenant_id, tenant_no, supplier_id, category, tier, method, activity_date, kg_co2e, factor_id, dataset_version, dqi,
                                lineage_hash, batch_id, external_id, row_number, input, detail)
         SELECT $1 || lpad(g::text, 4, '0'), $2, (SELECT no FROM tenants WHERE id = $2), CASE WHEN g % 3 = 0 THEN $3 END, 1 + g % 15, 1 + g % 3, 'spend',
                date '2024-01-01' + (g * 7) % 10, (g % 7) * 2.5, 'fac_x', '2024', 2.5, md5(g::text),
                CASE WHEN g % 2 = 0 THEN 'bat_1' END, 'ext-' || g, g, '{"spend": 1}'::json, '{}'::json
         FROM generate_series(1, $4::int) g`,
        [prefix, tenantId, supplierId, rows],
      );
    }

    beforeAll(async () => {
      fx = await open();
      const rt = await prepareDatabase(fx.driver, { cursorSecret: null });
      tenantA = (await ensureTenant(fx.driver, 'alpha')).id;
      tenantB = (await ensureTenant(fx.driver, 'beta')).id;
      keyA = await addApiKey(fx.driver, tenantA);
      keyB = await addApiKey(fx.driver, tenantB);
      app = await buildApp({ driver: fx.driver, config: { bodyLimitBytes: 1024 * 1024, logLevel: 'silent' }, cursorSecret: rt.cursorSecret });
      await insertEmissions('em_a', tenantA, ROWS_A, 'sup_a1');
      await insertEmissions('em_b', tenantB, ROWS_B, 'sup_b1');
      await fx.driver.query('ANALYZE emissions');
    });
    afterAll(async () => {
      await app?.close();
      await fx?.close();
    });

    describe('GET /v1/emissions', () => {
      it('answers the list shape, newest first, 100 rows by default, without the documents', async () => {
        const body = await list('/v1/emissions');
        expect(body.data).toHaveLength(100);
        expect(Object.keys(body.data[0]!).sort()).toEqual(LIST_FIELDS);
        expect(body.data.map((r) => r.id)).toEqual((await expectedIds('true', 'activity_date DESC, row_no DESC')).slice(0, 100));
        expect(body.data[0]).toMatchObject({ method: 'spend', factor_id: 'fac_x', dataset_version: '2024', dqi: 2.5, tier: expect.any(Number) });
        expect(body.data[0]!.activity_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(body.data[0]!.calculated_at).toMatch(/^\d{4}-\d{2}-\d{2}T.*Z$/);
        expect(body.page_info).toMatchObject({
          has_next_page: true,
          has_previous_page: false,
          start_cursor: expect.any(String),
          end_cursor: expect.any(String),
        });
        expect(body.links.prev).toBeNull();
        expect(body.links.next).toBe(`/v1/emissions?sort=-date&limit=100&cursor=${encodeURIComponent(body.page_info.end_cursor!)}`);
        expect(body).not.toHaveProperty('total_count');
      });

      it('refuses limits outside 1–1000 and unknown values, naming the field', async () => {
        for (const limit of [0, 1001]) expect((await problemField(`/v1/emissions?limit=${limit}`)).errors[0]!.field).toBe('querystring.limit');
        expect((await problemField('/v1/emissions?sort=name')).errors[0]!.field).toBe('querystring.sort');
        expect((await problemField('/v1/emissions?count=roughly')).errors[0]!.field).toBe('querystring.count');
        expect((await problemField('/v1/emissions?from=2024-02-30')).errors[0]!.field).toBe('querystring.from');
        expect((await problemField('/v1/emissions?from=2024-03-01&to=2024-02-01')).errors).toEqual([
          { field: 'querystring.to', message: 'must not be before from (2024-03-01)' },
        ]);
        expect((await problemField('/v1/emissions?category=16')).errors[0]!.field).toBe('querystring.category');
        expect((await problemField('/v1/emissions?colour=red')).errors[0]).toEqual({ field: 'querystring.colour', message: 'is not a known field' });
        expect((await list('/v1/emissions?limit=1000')).data).toHaveLength(ROWS_A);
      });

      it('follows links.next to the end and links.prev back to the start, each row once, in order', async () => {
        for (const sort of ['date', '-date', 'amount', '-amount']) {
          const [column, dir] = sort.startsWith('-') ? [sort.slice(1), 'DESC'] : [sort, 'ASC'];
          const expected = await expectedIds('tier = 2', `${column === 'date' ? 'activity_date' : 'kg_co2e'} ${dir}, id ${dir}`);
          const forward: string[][] = [];
          let url: string | null = `/v1/emissions?tier=2&sort=${sort}&limit=7`;
          let last: ListBody | null = null;
          while (url) {
            last = await list(url);
            forward.push(last.data.map((r) => r.id));
            url = last.links.next;
          }
          expect(forward.flat(), sort).toEqual(expected);
          const backward: string[][] = [];
          url = last!.links.prev;
          while (url) {
            const page = await list(url);
            backward.push(page.data.map((r) => r.id));
            url = page.links.prev;
          }
          expect([...backward.reverse().flat(), ...forward.at(-1)!], sort).toEqual(expected);
        }
      });

      it('filters by supplier, category, tier, date range and batch', async () => {
        const cases: Array<[string, string, unknown[]]> = [
          ['supplier_id=sup_a1', 'supplier_id = $2', ['sup_a1']],
          ['category=4', 'category = 4', []],
          ['tier=3&category=3', 'tier = 3 AND category = 3', []],
          ['from=2024-01-03&to=2024-01-05', "activity_date BETWEEN '2024-01-03' AND '2024-01-05'", []],
          ['from=2024-01-08', "activity_date >= '2024-01-08'", []],
          ['batch_id=bat_1&to=2024-01-02', "batch_id = 'bat_1' AND activity_date <= '2024-01-02'", []],
        ];
        for (const [query, where, params] of cases) {
          const expected = await expectedIds(where, 'activity_date DESC, row_no DESC', params);
          expect(expected.length, query).toBeGreaterThan(0);
          expect(
            (await list(`/v1/emissions?${query}&limit=1000`)).data.map((r) => r.id),
            query,
          ).toEqual(expected);
        }
        expect((await list('/v1/emissions?supplier_id=sup_b1')).data).toEqual([]);
      });

      it('adds total_count only when asked: exact, or the planner estimate', async () => {
        expect((await list('/v1/emissions?limit=1&count=exact')).total_count).toBe(ROWS_A);
        expect((await list('/v1/emissions?limit=1&category=2&count=exact')).total_count).toBe(10);
        const estimated = (await list('/v1/emissions?limit=1&count=estimated')).total_count!;
        expect(Number.isInteger(estimated)).toBe(true);
        // Statistics are fresh (ANALYZE in setup), so the estimate is close, not exact by contract.
        expect(estimated).toBeGreaterThanOrEqual(ROWS_A / 2);
        expect(estimated).toBeLessThanOrEqual(ROWS_A * 2);
        const page = await list('/v1/emissions?limit=1&count=exact');
        expect(page.links.next).not.toContain('count=');
      });

      it('keeps ?offset= for compatibility, leading on by cursor, and refuses it with a cursor', async () => {
        const expected = await expectedIds('true', 'kg_co2e ASC, row_no ASC');
        const page = await list('/v1/emissions?sort=amount&offset=10&limit=5');
        expect(page.data.map((r) => r.id)).toEqual(expected.slice(10, 15));
        expect(page.page_info).toMatchObject({ has_next_page: true, has_previous_page: true });
        expect(page.links.next).not.toContain('offset=');
        expect((await list(page.links.next!)).data.map((r) => r.id)).toEqual(expected.slice(15, 20));
        expect((await list(page.links.prev!)).data.map((r) => r.id)).toEqual(expected.slice(5, 10));
        const past = await list(`/v1/emissions?offset=${ROWS_A}`);
        expect(past.data).toEqual([]);
        expect(past.page_info.has_next_page).toBe(false);
        const both = await problemField(`/v1/emissions?offset=5&cursor=${encodeURIComponent(page.page_info.end_cursor!)}`);
        expect(both.errors[0]!.field).toBe('querystring.offset');
      });

      it('refuses an edited cursor, a foreign cursor and a cursor of other filters or sort, naming the cursor', async () => {
        const cursor = (await list('/v1/emissions?category=1&limit=3')).page_info.end_cursor!;
        const expectCursorRefused = async (url: string, key = keyA) => {
          const problem = await problemField(url, key);
          expect(problem.code, url).toBe('INVALID_CURSOR');
          expect(problem.errors[0]!.field).toBe('querystring.cursor');
        };
        const at = (c: string, query = 'category=1&limit=3') => `/v1/emissions?${query}&cursor=${encodeURIComponent(c)}`;
        expect((await list(at(cursor))).data).toHaveLength(3);
        for (const i of [0, Math.floor(cursor.length / 2), cursor.indexOf('.') + 1, cursor.length - 1]) {
          const flipped = cursor.slice(0, i) + (cursor[i] === 'A' ? 'B' : 'A') + cursor.slice(i + 1);
          await expectCursorRefused(at(flipped));
        }
        await expectCursorRefused(at('not-a-cursor'));
        await expectCursorRefused(at(cursor, 'category=2&limit=3'));
        await expectCursorRefused(at(cursor, 'limit=3'));
        await expectCursorRefused(at(cursor, 'category=1&sort=date'));
        await expectCursorRefused(at(cursor), keyB);
        const factorCursor: string = (await get('/v1/factors?limit=1')).json().page_info.next_cursor;
        await expectCursorRefused(at(factorCursor));
        await app.inject({ method: 'POST', url: '/v1/suppliers', headers: as(keyA), payload: { name: 'Cursor Source One' } });
        await app.inject({ method: 'POST', url: '/v1/suppliers', headers: as(keyA), payload: { name: 'Cursor Source Two' } });
        const supplierCursor = (await list('/v1/suppliers?q=cursor+source&limit=1')).page_info.end_cursor!;
        await expectCursorRefused(at(supplierCursor));
        // A page size change is not a different listing: limit is free from page to page.
        expect((await list(at(cursor, 'category=1&limit=2'))).data).toHaveLength(2);
      });

      it("never shows another tenant's rows", async () => {
        const a = await list('/v1/emissions?limit=1000&count=exact');
        expect(a.data.every((r) => r.id.startsWith('em_a'))).toBe(true);
        const b = await list('/v1/emissions?limit=1000&count=exact', keyB);
        expect(b.data.map((r) => r.id).sort()).toEqual(
          (await fx.driver.query<{ id: string }>('SELECT id FROM emissions WHERE tenant_id = $1 ORDER BY id', [tenantB])).rows.map((r) => r.id),
        );
        expect(b.total_count).toBe(ROWS_B);
        expect((await get('/v1/emissions')).statusCode).toBe(200);
        expect((await app.inject('/v1/emissions')).statusCode).toBe(401);
      });
    });

    describe('suppliers', () => {
      const create = async (name: string, country: string, key = keyA) => {
        const res = await app.inject({ method: 'POST', url: '/v1/suppliers', headers: as(key), payload: { name, country } });
        expect(res.statusCode, res.body).toBe(201);
        return res.json() as { id: string; normalized_name: string };
      };
      let acmeSteel: { id: string };
      let idle: { id: string };

      beforeAll(async () => {
        acmeSteel = await create('ACME Steel Ltd.', 'DE');
        await create('Acme Plastics', 'US');
        await create('Ácme Logistics GmbH', 'DE');
        await create('Coastal Freight Co', 'GB');
        idle = await create('Zeta Metals', 'FR');
        await create('Acme Hidden', 'DE', keyB);
      });

      it('lists by normalized name in keyset pages, forward and back', async () => {
        const all = (await list('/v1/suppliers?limit=1000')).data;
        const names = all.map((s) => s.normalized_name as string);
        expect(names).toEqual([...names].sort());
        expect(names).toEqual(expect.arrayContaining(['acme steel', 'acme plastics', 'acme logistics', 'coastal freight', 'zeta metals']));
        expect(names).not.toContain('acme hidden');
        const walked: string[] = [];
        let url: string | null = '/v1/suppliers?limit=2';
        let last: ListBody | null = null;
        while (url) {
          last = await list(url);
          walked.push(...last.data.map((s) => s.id));
          url = last.links.next;
        }
        expect(walked).toEqual(all.map((s) => s.id));
        const back = await list(last!.links.prev!);
        expect(back.data.map((s) => s.id)).toEqual(all.slice(-2 - last!.data.length, -last!.data.length).map((s) => s.id));
      });

      it('filters by name prefix (normalized like names) and country', async () => {
        const names = async (query: string) => (await list(`/v1/suppliers?${query}`)).data.map((s) => s.normalized_name);
        expect(await names('q=ACME')).toEqual(['acme logistics', 'acme plastics', 'acme steel']);
        expect(await names('q=acme%20st')).toEqual(['acme steel']);
        expect(await names('q=%C3%A1cme%20L')).toEqual(['acme logistics']);
        expect(await names('q=Co')).toEqual(['coastal freight']);
        expect(await names('q=acme&country=de')).toEqual(['acme logistics', 'acme steel']);
        expect(await names('q=nothing')).toEqual([]);
        expect((await problemField('/v1/suppliers?country=DEU')).errors[0]!.field).toBe('querystring.country');
        const emissionCursor = (await list('/v1/emissions?limit=1')).page_info.end_cursor!;
        expect((await problemField(`/v1/suppliers?cursor=${encodeURIComponent(emissionCursor)}`)).errors[0]!.field).toBe('querystring.cursor');
      });

      it('gives a supplier its emissions summary from the rollups, tenant-scoped', async () => {
        await fx.driver.query(
          `INSERT INTO emission_rollups (tenant_id, month, category, tier, supplier_id, rows, kg_co2e, dqi_sum) VALUES
             ($1, '2024-01-01', 1, 1, $3, 2, 100, 5), ($1, '2024-03-01', 4, 2, $3, 3, 50, 6), ($1, '2023-11-01', 1, 2, $3, 1, 25, 2),
             ($1, '2024-05-01', 1, 1, $3, 0, 0, 0), ($1, '2024-02-01', 6, 1, '', 9, 999, 9), ($2, '2022-01-01', 1, 1, $3, 7, 7000, 7)`,
          [tenantA, tenantB, acmeSteel.id],
        );
        const res = await get(`/v1/suppliers/${acmeSteel.id}`);
        expect(res.statusCode).toBe(200);
        expect(res.json()).toMatchObject({
          id: acmeSteel.id,
          name: 'ACME Steel Ltd.',
          emissions: { kg_co2e: 175, t_co2e: 0.175, rows: 6, by_category: { '1': 125, '4': 50 }, first_month: '2023-11', last_month: '2024-03' },
        });
        expect((await get(`/v1/suppliers/${idle.id}`)).json().emissions).toEqual({
          kg_co2e: 0,
          t_co2e: 0,
          rows: 0,
          by_category: {},
          first_month: null,
          last_month: null,
        });
        expect((await get(`/v1/suppliers/${acmeSteel.id}`, keyB)).statusCode).toBe(404);
      });
    });
  });
}
