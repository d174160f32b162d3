/**
 * The audit log on each driver (docs/data-lifecycle.md): every successful write and delete
 * under /v1 — each write operation OpenAPI lists — leaves one entry naming the API key, the
 * route, the resource and the request id, readable at GET /v1/audit by its tenant only; reads and
 * refused writes leave none; the greenline command's writes through the local admin API are
 * recorded as `cli`; the table refuses UPDATE, DELETE and TRUNCATE; pages are newest first, cover
 * every entry once, and their cursors are bound to the filter; and entries waiting in the buffer
 * are stored when the server closes.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.ts';
import { prepareDatabase } from '../../src/runtime.ts';
import type { SqlDriver } from '../../src/store/driver.ts';
import { addApiKey, ensureTenant, hashApiKey } from '../../src/store/tenants.ts';
import { FakeOpenAiServer } from '../intelligence/fake-openai-server.ts';
import type { DriverFactory, DriverFixture } from '../support/databases.ts';

const ADMIN_TOKEN = 'audit-suite-admin-token';
const RECORD = { category: 4, date: '2024-03-01', mode: 'road.truck_heavy', distance: 500, distance_unit: 'km', mass: 12, mass_unit: 't' };
const SHIPMENTS = 'date,external_id,mode,distance,distance_unit,mass,mass_unit\n2024-03-01,A-1,road.truck_heavy,500,km,12,t\n2024-13-01,A-2,rail,5,km,1,t\n';

interface Entry {
  seq: string;
  at: string;
  actor: string;
  key_id: string | null;
  method: string;
  route: string;
  status: number;
  resource_type: string | null;
  resource_id: string | null;
  summary: Record<string, unknown>;
  request_id: string;
}

export function runAuditSuite(label: string, open: DriverFactory): void {
  describe(`audit log on ${label}`, () => {
    let fx: DriverFixture;
    let db: SqlDriver;
    let app: FastifyInstance;
    let cursorSecret: string;
    let key: string;
    let keyId: string;
    let tenantId: string;
    let otherKey: string;
    let requests = 0;
    let llm: FakeOpenAiServer;
    /** Every request carries its own request id, so its entry can be found by it. */
    const send = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object | string, headers: Record<string, string> = {}, as = key) => {
      const id = `audit-test-${++requests}`;
      return app
        .inject({ method, url, headers: { authorization: `Bearer ${as}`, 'x-request-id': id, ...headers }, ...(payload !== undefined ? { payload } : {}) })
        .then((res) => Object.assign(res, { requestId: id }));
    };
    const all = async (query = '', as = key): Promise<Entry[]> => {
      const res = await send('GET', `/v1/audit?limit=1000${query}`, undefined, {}, as);
      expect(res.statusCode, res.body).toBe(200);
      return res.json().data;
    };
    const keyIdOf = async (secret: string) => (await db.query<{ id: string }>('SELECT id FROM api_keys WHERE key_hash = $1', [hashApiKey(secret)])).rows[0]!.id;

    beforeAll(async () => {
      fx = await open();
      db = fx.driver;
      const rt = await prepareDatabase(db, { cursorSecret: null });
      cursorSecret = rt.cursorSecret;
      tenantId = (await ensureTenant(db, 'audited')).id;
      key = await addApiKey(db, tenantId);
      keyId = await keyIdOf(key);
      otherKey = await addApiKey(db, (await ensureTenant(db, 'audit-other')).id);
      // The LLM gateway's calls are writes too (they spend the tenant's budget): a local upstream answers them.
      llm = await new FakeOpenAiServer().start();
      app = await buildApp({
        driver: db,
        config: {
          bodyLimitBytes: 1024 * 1024,
          logLevel: 'silent',
          calculationThreads: false,
          llm: { baseUrl: llm.url, apiKey: null, timeoutMs: 5_000, maxRetries: 0, retryBaseMs: 10 },
        },
        cursorSecret,
        admin: { token: ADMIN_TOKEN, uploadDir: '/tmp/greenline-audit-suite' },
      });
    });
    afterAll(async () => {
      await app?.close();
      await llm?.close();
      await fx?.close();
    });

    it('records every write operation of OpenAPI, with the key, route, resource and request id', async () => {
      const writes: Array<{ res: { statusCode: number; body: string; requestId: string }; route: string; type: string; id?: string }> = [];
      const write = async (
        route: string,
        type: string,
        method: 'POST' | 'PUT' | 'DELETE',
        url: string,
        payload?: object | string,
        headers?: Record<string, string>,
      ) => {
        const res = await send(method, url, payload, headers);
        expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
        const id = res.body ? (JSON.parse(res.body) as { id?: string }).id : undefined;
        writes.push({ res, route: `${method} ${route}`, type, id });
        return res;
      };
      // Merged into the next one below (created first: the checks read the newest POST /v1/suppliers entry).
      const duplicate = (await send('POST', '/v1/suppliers', { name: 'Audit Steel Duplicate', country: 'DE' })).json().id;
      const supplier = (await write('/v1/suppliers', 'supplier', 'POST', '/v1/suppliers', { name: 'Audit Steel', country: 'DE' })).json().id;
      await write('/v1/suppliers/settings', 'supplier_settings', 'PUT', '/v1/suppliers/settings', { auto_match_threshold: 90 });
      // A name the match sends to review, then decided.
      const toReview = (await send('POST', '/v1/suppliers/match', { names: [{ name: 'Audit Steel Trading', country: 'DE' }] })).json();
      expect(toReview.results[0].status).toBe('review');
      const reviewId = toReview.results[0].review_id as string;
      await write('/v1/suppliers/review/:id', 'supplier_review', 'POST', `/v1/suppliers/review/${reviewId}`, { action: 'accept' });
      await write('/v1/suppliers/:id/merge', 'supplier', 'POST', `/v1/suppliers/${duplicate}/merge`, { into: supplier });
      const factor = (
        await write('/v1/factors', 'factor', 'POST', '/v1/factors', { activity: 'waste.landfill', name: 'Ours', value: 0.5, unit: 'kgCO2e/kg', year: 2024 })
      ).json().id;
      const calc = (await write('/v1/calculations', 'calculation', 'POST', '/v1/calculations', { record: { ...RECORD, supplier_id: supplier } })).json().id;
      await write('/v1/calculations/batch', 'calculation', 'POST', '/v1/calculations/batch', { records: [RECORD, RECORD] });
      const batch = await write('/v1/batches', 'batch', 'POST', '/v1/batches?type=logistics&name=a.csv', SHIPMENTS, { 'content-type': 'text/csv' });
      const batchId = batch.json().id as string;
      for (let i = 0; i < 200 && (await send('GET', `/v1/batches/${batchId}`)).json().status !== 'succeeded'; i++) await new Promise((r) => setTimeout(r, 25));
      await write('/v1/batches/:id/resume', 'batch', 'POST', `/v1/batches/${batchId}/resume`);
      const rc = await write('/v1/recalculations', 'recalculation', 'POST', '/v1/recalculations', { batch_id: batchId });
      const spare = (await write('/v1/keys', 'key', 'POST', '/v1/keys', { label: 'spare', scope: 'read' })).json();
      expect(JSON.stringify(await all())).not.toContain(spare.key);
      await write('/v1/keys/:id/rotate', 'key', 'POST', `/v1/keys/${spare.id}/rotate`, { grace: '0s' });
      await write('/v1/keys/:id/revoke', 'key', 'POST', `/v1/keys/${spare.id}/revoke`, {});
      const fresh = (await write('/v1/factors/:id/supersede', 'factor', 'POST', `/v1/factors/${factor}/supersede`, { value: 0.6 })).json().id;
      await write('/v1/factors/:id', 'factor', 'DELETE', `/v1/factors/${fresh}`);
      await write('/v1/calculations/:id', 'calculation', 'DELETE', `/v1/calculations/${calc}`);
      for (let i = 0; i < 200 && (await send('GET', `/v1/recalculations/${rc.json().id}`)).json().state === 'running'; i++)
        await new Promise((r) => setTimeout(r, 25));
      await write('/v1/batches/:id', 'batch', 'DELETE', `/v1/batches/${batchId}`);
      const shipment = { shipment_id: 'A-1', import_date: '2026-02-03', cn_code: '72085120', origin_country: 'TR', quantity: 60, unit: 't' };
      const stored = (await write('/v1/cbam/shipments', 'cbam_shipment', 'POST', '/v1/cbam/shipments', { shipment })).json().id;
      await write('/v1/cbam/installations', 'cbam_installation', 'POST', '/v1/cbam/installations', {
        installations: [{ installation_id: 'TR-1', name: 'Works', operator_name: 'Celik AS', country: 'TR', emissions: [] }],
      });
      await write(
        '/v1/cbam/datasets',
        'cbam_dataset',
        'POST',
        '/v1/cbam/datasets?name=Audit&version=1&source=test',
        'kind,cn_code,country,period,direct_see,indirect_see,value\nprice,,,2026,,,80\n',
        { 'content-type': 'text/csv' },
      );

      await write('/v1/intelligence/settings', 'intelligence', 'PUT', '/v1/intelligence/settings', { monthly_budget_usd: 100 });
      await write('/v1/intelligence/chat', 'intelligence', 'POST', '/v1/intelligence/chat', {
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'hello' }],
      });
      await write('/v1/intelligence/embeddings', 'intelligence', 'POST', '/v1/intelligence/embeddings', {
        model: 'text-embedding-3-small',
        input: 'steel coil',
      });

      // Every write operation OpenAPI lists is among those made here (a new one needs a line above).
      const openapi = (await app.inject('/openapi.json')).json() as { paths: Record<string, Record<string, unknown>> };
      const readOnlyPosts = new Set(['/v1/factors/resolve', '/v1/calculations/{id}/verify', '/v1/uncertainty', '/v1/suppliers/match', '/v1/classify/spend']);
      const operations = Object.entries(openapi.paths).flatMap(([path, methods]) =>
        Object.keys(methods)
          .filter((m) => m !== 'get' && !(m === 'post' && readOnlyPosts.has(path)))
          .map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
      );
      expect(new Set(writes.map((w) => w.route))).toEqual(new Set(operations));

      const entries = await all();
      for (const w of writes) {
        const found = entries.filter((e) => e.request_id === w.res.requestId);
        expect(found, `${w.route}: one entry`).toHaveLength(1);
        const [method, route] = w.route.split(' ');
        expect(found[0]).toMatchObject({ actor: 'api_key', key_id: keyId, method, route, status: w.res.statusCode, resource_type: w.type });
        if (w.route.includes(':id') || w.route === 'POST /v1/batches' || w.route === 'POST /v1/recalculations') expect(found[0]!.resource_id).toMatch(/_/);
      }
      const byRoute = (route: string) => entries.find((e) => `${e.method} ${e.route}` === route)!;
      expect(byRoute('POST /v1/suppliers')).toMatchObject({ resource_id: supplier, summary: { name: 'Audit Steel', country: 'DE' } });
      expect(byRoute('PUT /v1/suppliers/settings')).toMatchObject({ resource_id: null, summary: { auto_match_threshold: 90 } });
      expect(byRoute('POST /v1/suppliers/review/:id')).toMatchObject({ resource_id: reviewId, summary: { action: 'accept' } });
      expect(byRoute('POST /v1/calculations')).toMatchObject({ resource_id: calc, summary: { category: 4, supplier_id: supplier } });
      expect(byRoute('POST /v1/calculations/batch').summary).toEqual({ records: 2 });
      expect(byRoute('POST /v1/batches')).toMatchObject({ resource_id: batchId, summary: { type: 'logistics', name: 'a.csv' } });
      expect(byRoute('DELETE /v1/batches/:id')).toMatchObject({ resource_id: batchId, status: 204, summary: { rows: 1, row_errors: 1 } });
      expect(byRoute('POST /v1/factors/:id/supersede')).toMatchObject({ resource_id: factor, summary: { superseded_by: fresh, changed: ['value'] } });
      expect(byRoute('DELETE /v1/calculations/:id')).toMatchObject({ resource_id: calc, summary: { superseded_results: [] } });
      expect(byRoute('POST /v1/cbam/shipments')).toMatchObject({ resource_id: stored, summary: { shipments: 1 } });
      expect(byRoute('POST /v1/cbam/installations').summary).toEqual({ installations: 1 });
      expect(byRoute('POST /v1/cbam/datasets').summary).toEqual({ name: 'Audit', version: '1' });
      for (const e of entries) expect(Date.parse(e.at)).not.toBeNaN();
    });

    it('records no reads and no refused writes, and shows a tenant only its own entries', async () => {
      const before = (await all()).length;
      await send('GET', '/v1/factors?limit=1');
      await send('POST', '/v1/factors/resolve', { activity: 'transport.road.truck_heavy', region: 'DE', year: 2024 });
      expect((await send('POST', '/v1/suppliers/match', { names: [{ name: 'Audit Steel' }] })).statusCode).toBe(200);
      expect((await send('POST', '/v1/suppliers', { name: '' })).statusCode).toBe(400);
      expect((await send('DELETE', '/v1/calculations/calc_missing')).statusCode).toBe(404);
      expect((await send('POST', '/v1/suppliers', { name: 'No key' }, {}, 'gl_not-a-key')).statusCode).toBe(401);
      expect((await all()).length).toBe(before);
      expect(await all('', otherKey)).toEqual([]);
      expect((await send('POST', '/v1/suppliers', { name: 'Theirs' }, {}, otherKey)).statusCode).toBe(201);
      const theirs = await all('', otherKey);
      expect(theirs).toHaveLength(1);
      expect(theirs[0]!.key_id).toBe(await keyIdOf(otherKey));
      expect((await all()).length).toBe(before);
    });

    it("records the greenline command's writes through the local admin API as cli", async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/admin/keys',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'x-request-id': 'audit-cli-1' },
        payload: { tenant: 'audited', label: 'from the command line' },
      });
      expect(res.statusCode, res.body).toBe(201);
      const entry = (await all()).find((e) => e.request_id === 'audit-cli-1');
      expect(entry).toMatchObject({ actor: 'cli', key_id: null, method: 'POST', route: '/admin/keys', resource_type: 'key', resource_id: res.json().id });
      expect(entry!.summary).toEqual({ label: 'from the command line', tenant: 'audited' });
    });

    it('is append-only: UPDATE, DELETE and TRUNCATE are refused', async () => {
      await app.auditLog.flush();
      const n = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log')).rows[0]!.n;
      expect(n).toBeGreaterThan(0);
      for (const sql of [
        "UPDATE audit_log SET key_id = 'key_forged'",
        'DELETE FROM audit_log',
        'TRUNCATE audit_log',
        "UPDATE audit_log SET summary = '{}' WHERE false",
      ]) {
        await expect(db.query(sql), sql).rejects.toThrow(/audit_log is append-only/);
      }
      expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log')).rows[0]!.n).toBe(n);
    });

    it('pages newest first through every entry once; cursors are bound to the filter', async () => {
      for (let i = 0; i < 23; i++) expect((await send('POST', '/v1/suppliers', { name: `Paged ${i}` })).statusCode).toBe(201);
      const everything = await all();
      const pages: Entry[][] = [];
      let url: string | null = '/v1/audit?limit=7';
      while (url) {
        const res = await send('GET', url);
        expect(res.statusCode, res.body).toBe(200);
        const body = res.json();
        pages.push(body.data);
        expect(body.page_info.has_next_page).toBe(body.links.next !== null);
        url = body.links.next;
      }
      expect(pages.slice(0, -1).every((p) => p.length === 7)).toBe(true);
      const paged = pages.flat();
      expect(paged.map((e) => e.seq)).toEqual(everything.map((e) => e.seq));
      expect(new Set(paged.map((e) => e.seq)).size).toBe(paged.length);
      for (let i = 1; i < paged.length; i++) {
        const [a, b] = [paged[i - 1]!, paged[i]!];
        expect(Date.parse(a.at) > Date.parse(b.at) || (a.at === b.at && BigInt(a.seq) > BigInt(b.seq))).toBe(true);
      }

      // Filters: a type, one resource, a time window.
      const suppliers = await all('&resource=supplier');
      expect(suppliers.length).toBeGreaterThanOrEqual(23);
      expect(suppliers.every((e) => e.resource_type === 'supplier')).toBe(true);
      const one = suppliers[0]!;
      expect((await all(`&resource=${one.resource_id}`)).map((e) => e.seq)).toEqual([one.seq]);
      const window = await all(`&from=${encodeURIComponent(suppliers[5]!.at)}&to=${encodeURIComponent(suppliers[1]!.at)}`);
      expect(window.every((e) => e.at >= suppliers[5]!.at && e.at <= suppliers[1]!.at)).toBe(true);
      expect(window.map((e) => e.seq)).toEqual(expect.arrayContaining(suppliers.slice(1, 6).map((e) => e.seq)));
      const today = new Date().toISOString().slice(0, 10);
      expect((await all(`&from=${today}&to=${today}`)).length).toBe(everything.length);
      expect(await all('&to=2000-01-01')).toEqual([]);

      // A cursor from one filter is refused by another; an edited one too; bad bounds name the field.
      const first = (await send('GET', '/v1/audit?limit=2&resource=supplier')).json();
      const moved = await send('GET', `/v1/audit?limit=2&cursor=${first.page_info.next_cursor}`);
      expect(moved.statusCode).toBe(400);
      expect(moved.json()).toMatchObject({ code: 'INVALID_CURSOR' });
      expect((await send('GET', `/v1/audit?limit=2&resource=supplier&cursor=${first.page_info.next_cursor}x`)).json()).toMatchObject({
        code: 'INVALID_CURSOR',
      });
      expect((await send('GET', '/v1/audit?from=2024-02-30')).json()).toMatchObject({ status: 400, errors: [{ field: 'querystring.from' }] });
      expect((await send('GET', '/v1/audit?from=2024-03-02&to=2024-03-01')).json()).toMatchObject({ status: 400, errors: [{ field: 'querystring.to' }] });
      expect((await send('GET', '/v1/audit?limit=0')).statusCode).toBe(400);
    });

    it('stores the entries still waiting when the server closes', async () => {
      const second = await buildApp({ driver: db, config: { bodyLimitBytes: 1024 * 1024, logLevel: 'silent', calculationThreads: false }, cursorSecret });
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await second.inject({
          method: 'POST',
          url: '/v1/suppliers',
          headers: { authorization: `Bearer ${key}`, 'x-request-id': `audit-close-${i}` },
          payload: { name: `Closing ${i}` },
        });
        expect(res.statusCode).toBe(201);
        ids.push(`audit-close-${i}`);
      }
      expect(second.auditLog.size).toBe(5);
      await second.close();
      const stored = await db.query<{ request_id: string; key_id: string }>('SELECT request_id, key_id FROM audit_log WHERE request_id = ANY($1::text[])', [
        ids,
      ]);
      expect(stored.rows.map((r) => r.request_id).sort()).toEqual(ids);
      expect(stored.rows.every((r) => r.key_id === keyId)).toBe(true);
    });
  });
}
