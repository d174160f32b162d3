/**
 * The supplier review queue through the real API on each driver (issue 18): POST /v1/suppliers/match
 * queues its review results (one item per name and country, counted), a reviewer accepts (the name
 * matches exactly next time, via alias) or rejects (the pair never matches automatically again);
 * decisions and the queue are per tenant; another instance on the same database sees a decision at
 * its next request (the tenant's supplier version); bad requests are 400 naming the field, an
 * unknown or foreign item 404, a decided one 409.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.ts';
import { prepareDatabase } from '../../src/runtime.ts';
import { createApiKey } from '../../src/store/api-keys.ts';
import { getReview, queueReviews } from '../../src/store/supplier-review.ts';
import { SupplierIndexCache } from '../../src/store/supplier-index-cache.ts';
import { bumpSupplierVersion, supplierMatchingState } from '../../src/store/suppliers.ts';
import { addApiKey, ensureTenant } from '../../src/store/tenants.ts';
import type { DriverFactory, DriverFixture } from '../support/databases.ts';

interface MatchResultJson {
  index: number;
  status: 'matched' | 'review' | 'no_match';
  best: { supplier_id: string; name: string; confidence: number; rule: string; why: Record<string, unknown> } | null;
  candidates: { supplier_id: string; name: string; confidence: number }[];
  review_id?: string;
}

interface MatchAnswer {
  results: MatchResultJson[];
  totals: { matched: number; review: number; no_match: number };
  auto_match_threshold: number;
  queued: { created: number; updated: number; skipped: number } | null;
}

interface ReviewItemJson {
  id: string;
  name: string;
  normalized_name: string;
  country: string | null;
  status: string;
  source: string;
  batch_id: string | null;
  seen_count: number;
  created_at: string;
  last_seen_at: string;
  decided_at: string | null;
  decided_by: string | null;
  decision: { action: string; supplier_id: string; from_supplier_id?: string } | null;
  candidates: { supplier_id: string; name: string | null; confidence: number; rule: string; why: Record<string, unknown> }[];
}

interface ReviewPage {
  data: ReviewItemJson[];
  page_info: { has_next_page: boolean; has_previous_page: boolean; start_cursor: string | null; end_cursor: string | null };
  links: { next: string | null; prev: string | null };
}

export function runSupplierReviewSuite(label: string, open: DriverFactory): void {
  describe(`supplier review queue on ${label}`, () => {
    let fx: DriverFixture;
    let app: FastifyInstance;
    let other: FastifyInstance;
    let tenantA: string;
    let tenantB: string;
    let keyA: string;
    let keyIdA: string;
    let keyB: string;
    let readKeyA: string;
    const ids = {} as Record<'tkse' | 'nordic' | 'hansa' | 'baltic', string>;
    const idsB = {} as Record<'tkse', string>;
    const as = (key: string) => ({ authorization: `Bearer ${key}` });
    const register = async (body: object, key = keyA) => {
      const res = await app.inject({ method: 'POST', url: '/v1/suppliers', headers: as(key), payload: body });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    const match = async (names: object[], extra: object = {}, key = keyA, on = app): Promise<MatchAnswer> => {
      const res = await on.inject({ method: 'POST', url: '/v1/suppliers/match', headers: as(key), payload: { names, ...extra } });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as MatchAnswer;
    };
    const one = async (name: object, extra: object = {}, key = keyA, on = app) => (await match([name], extra, key, on)).results[0]!;
    const decide = (id: string, body: object, key = keyA) => app.inject({ method: 'POST', url: `/v1/suppliers/review/${id}`, headers: as(key), payload: body });
    const list = async (query = '', key = keyA): Promise<ReviewPage> => {
      const res = await app.inject({ url: `/v1/suppliers/review${query}`, headers: as(key) });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as ReviewPage;
    };
    /** Queues the name (status review, or at this threshold) and gives its review item id. */
    const queued = async (name: object, extra: object = {}, key = keyA) => {
      const r = await one(name, extra, key);
      expect(r.status, JSON.stringify(r)).toBe('review');
      expect(r.review_id).toMatch(/^rev_/);
      return r.review_id!;
    };

    beforeAll(async () => {
      fx = await open();
      const rt = await prepareDatabase(fx.driver, { cursorSecret: null });
      tenantA = (await ensureTenant(fx.driver, 'review-a')).id;
      tenantB = (await ensureTenant(fx.driver, 'review-b')).id;
      const created = await createApiKey(fx.driver, tenantA, { scope: 'write' });
      keyA = created.secret;
      keyIdA = created.key.id;
      keyB = await addApiKey(fx.driver, tenantB);
      readKeyA = (await createApiKey(fx.driver, tenantA, { scope: 'read' })).secret;
      const build = () => buildApp({ driver: fx.driver, config: { bodyLimitBytes: 4 * 1024 * 1024, logLevel: 'silent' }, cursorSecret: rt.cursorSecret });
      app = await build();
      // A second instance on the same database, with its own supplier index cache.
      other = await build();
      for (const [key, body] of [
        ['tkse', { name: 'Thyssenkrupp Steel Europe AG', country: 'DE' }],
        ['nordic', { name: 'Nordic Freight AB', country: 'SE' }],
        ['hansa', { name: 'Hansa Metallwerke AG', country: 'DE' }],
        ['baltic', { name: 'Baltic Cement Oy', country: 'FI' }],
      ] as const) {
        ids[key] = await register(body);
      }
      idsB.tkse = await register({ name: 'Thyssenkrupp Steel Europe AG', country: 'DE' }, keyB);
    });
    afterAll(async () => {
      await other?.close();
      await app?.close();
      await fx?.close();
    });

    it('queues a review result with its candidates and why, and lists it', async () => {
      const answer = await match([{ name: 'Hansa Metall', country: 'DE' }]);
      expect(answer.queued).toEqual({ created: 1, updated: 0, skipped: 0 });
      expect(answer.auto_match_threshold).toBe(85);
      const r = answer.results[0]!;
      expect(r).toMatchObject({ status: 'review', best: { supplier_id: ids.hansa } });
      const page = await list();
      const item = page.data.find((i) => i.id === r.review_id)!;
      expect(item).toMatchObject({
        name: 'Hansa Metall',
        normalized_name: 'hansa metall',
        country: 'DE',
        status: 'pending',
        source: 'match',
        batch_id: null,
        seen_count: 1,
        decided_at: null,
        decided_by: null,
        decision: null,
      });
      expect(item.candidates[0]).toMatchObject({
        supplier_id: ids.hansa,
        name: 'Hansa Metallwerke AG',
        confidence: r.best!.confidence,
        rule: 'fuzzy',
        why: { rule: 'fuzzy', via: 'tokens', country: 'same' },
      });
      expect(Date.parse(item.created_at)).not.toBeNaN();
      // One item, read alone too.
      const alone = await app.inject({ url: `/v1/suppliers/review/${r.review_id}`, headers: as(keyA) });
      expect(alone.json()).toEqual(item);
    });

    it('keeps one pending item per name and country, counting every time it is queued', async () => {
      // 1,000 in one call, then twice more written differently (same normalized name), then once from another country.
      const many = await match(Array.from({ length: 1_000 }, () => ({ name: 'Baltic Cement Trading', country: 'FI' })));
      expect(many.totals.review).toBe(1_000);
      expect(many.queued).toEqual({ created: 1, updated: 0, skipped: 0 });
      const id = many.results[0]!.review_id!;
      expect(new Set(many.results.map((r) => r.review_id))).toEqual(new Set([id]));
      const again = await match([
        { name: 'BALTIC CEMENT TRADING', country: 'fi' },
        { name: 'Baltic Cement Trading Oy', country: 'FI' },
      ]);
      expect(again.queued).toEqual({ created: 0, updated: 1, skipped: 0 });
      expect(again.results.map((r) => r.review_id)).toEqual([id, id]);
      const abroad = await one({ name: 'Baltic Cement Trading', country: 'SE' });
      expect(abroad.review_id).not.toBe(id);
      const items = (await list('?limit=1000')).data.filter((i) => i.normalized_name === 'baltic cement trading');
      expect(items.map((i) => [i.country, i.seen_count])).toEqual([
        ['FI', 1_002],
        ['SE', 1],
      ]);
      // The name as first written is kept.
      expect(items[0]!.name).toBe('Baltic Cement Trading');
    });

    it('does not queue with queue: false, nor matched or no_match names', async () => {
      const answer = await match([{ name: 'Thyssenkrupp Steel', country: 'DE' }], { queue: false });
      expect(answer.results[0]!.status).toBe('review');
      expect(answer.results[0]!.review_id).toBeUndefined();
      expect(answer.queued).toBeNull();
      const mixed = await match([
        { name: 'Nordic Freight AB', country: 'SE' },
        { name: 'Zebra Logistics Ltd', country: 'GB' },
      ]);
      expect(mixed.results.map((r) => r.status)).toEqual(['matched', 'no_match']);
      expect(mixed.queued).toEqual({ created: 0, updated: 0, skipped: 0 });
      expect((await list('?limit=1000')).data.map((i) => i.normalized_name)).not.toContain('thyssenkrupp steel');
    });

    it('accept: the name becomes an alias, matched exactly next time (confidence 100, via alias)', async () => {
      const before = await one({ name: 'Thyssenkrupp Steel', country: 'DE' }, { queue: false });
      expect(before.status).toBe('review');
      const id = await queued({ name: 'Thyssenkrupp Steel', country: 'DE' });
      const res = await decide(id, { action: 'accept' });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ id, status: 'accepted', decided_by: keyIdA, decision: { action: 'accept', supplier_id: ids.tkse } });
      expect(Date.parse(res.json().decided_at)).not.toBeNaN();
      for (const name of ['Thyssenkrupp Steel', 'THYSSENKRUPP STEEL GmbH']) {
        const after = await one({ name, country: 'DE' });
        expect(after).toMatchObject({ status: 'matched', best: { supplier_id: ids.tkse, confidence: 100, rule: 'exact_name' } });
        expect(after.best!.why).toMatchObject({ rule: 'exact_name', via: 'alias', notes: ['a reviewer accepted this name for this supplier'] });
        expect(after.review_id).toBeUndefined();
      }
      // Decided items are listed by their status.
      expect((await list('?status=accepted')).data.map((i) => i.id)).toContain(id);
      expect((await list('?limit=1000')).data.map((i) => i.id)).not.toContain(id);
    });

    it('accept may name any supplier of the tenant, not only a candidate', async () => {
      const id = await queued({ name: 'TK Steel Europe', country: 'DE' });
      const item = (await app.inject({ url: `/v1/suppliers/review/${id}`, headers: as(keyA) })).json() as ReviewItemJson;
      expect(item.candidates.map((c) => c.supplier_id)).not.toContain(ids.nordic);
      // A reviewer knows better (an odd ledger name): any of the tenant's suppliers may be chosen.
      expect((await decide(id, { action: 'accept', supplier_id: ids.nordic })).json().decision).toEqual({ action: 'accept', supplier_id: ids.nordic });
      expect(await one({ name: 'tk steel europe', country: 'DE' })).toMatchObject({ status: 'matched', best: { supplier_id: ids.nordic, confidence: 100 } });
    });

    it('reject: a 97-point pair is never matched automatically again, and the name is not queued again for it', async () => {
      const typo = { name: 'Nordic Freigth', country: 'SE' };
      const before = await one(typo, { queue: false });
      expect(before).toMatchObject({ status: 'matched', best: { supplier_id: ids.nordic, rule: 'fuzzy' } });
      expect(before.best!.confidence).toBeGreaterThanOrEqual(95);
      // Held to review by a threshold above its score, so a reviewer sees it, and rejects it.
      const id = await queued(typo, { auto_match_threshold: 100 });
      const res = await decide(id, { action: 'reject' });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ status: 'rejected', decision: { action: 'reject', supplier_id: ids.nordic }, decided_by: keyIdA });
      const after = await match([typo]);
      expect(after.results[0]).toMatchObject({ status: 'review', best: { supplier_id: ids.nordic, confidence: before.best!.confidence } });
      expect(after.results[0]!.best!.why.notes).toContain('a reviewer rejected this pair: never matched automatically');
      // Its only candidate was rejected: nothing to ask a reviewer again.
      expect(after.queued).toEqual({ created: 0, updated: 0, skipped: 1 });
      expect(after.results[0]!.review_id).toBeUndefined();
      // Even at the lowest threshold.
      expect((await one(typo, { auto_match_threshold: 50, queue: false })).status).toBe('review');
      // Another instance sees it too.
      expect((await one(typo, { queue: false }, keyA, other)).status).toBe('review');
    });

    it('accepting a pair that was rejected lifts the rejection', async () => {
      // The same name queued from two countries (two items) before a reviewer rejects the pair on one.
      const inSweden = await queued({ name: 'Nordik Freight', country: 'SE' }, { auto_match_threshold: 100 });
      const inDenmark = await queued({ name: 'Nordik Freight', country: 'DK' }, { auto_match_threshold: 100 });
      expect(inDenmark).not.toBe(inSweden);
      expect((await decide(inSweden, { action: 'reject' })).statusCode).toBe(200);
      expect((await one({ name: 'Nordik Freight', country: 'SE' }, { queue: false })).status).toBe('review');
      // Another reviewer decides the other item the other way: the name is the supplier after all.
      expect((await decide(inDenmark, { action: 'accept', supplier_id: ids.nordic })).statusCode).toBe(200);
      const { matcher } = await new SupplierIndexCache(fx.driver).matching(tenantA);
      expect(matcher.isRejected('nordik freight', ids.nordic)).toBe(false);
      expect(await one({ name: 'Nordik Freight', country: 'SE' }, { queue: false })).toMatchObject({
        status: 'matched',
        best: { supplier_id: ids.nordic, confidence: 100, why: { via: 'alias' } },
      });
    });

    it('merge: two suppliers the name showed to be one become one, and the name an alias of the kept one', async () => {
      const kept = await register({ name: 'Kinevance Dairy GmbH', country: 'DE' });
      const duplicate = await register({ name: 'Kinevance Dairy AG', country: 'DE' });
      // One normalized name held by two suppliers of the country: a tie, so review.
      const id = await queued({ name: 'Kinevance Dairy', country: 'DE' });
      const item = (await app.inject({ url: `/v1/suppliers/review/${id}`, headers: as(keyA) })).json() as ReviewItemJson;
      expect(new Set(item.candidates.map((c) => c.supplier_id))).toEqual(new Set([kept, duplicate]));
      const missing = await decide(id, { action: 'merge', supplier_id: kept });
      expect(missing.statusCode).toBe(400);
      expect(missing.json().errors).toEqual([{ field: 'body.from_supplier_id', message: 'required for merge: the supplier merged into supplier_id' }]);
      const itself = await decide(id, { action: 'merge', supplier_id: kept, from_supplier_id: kept });
      expect(itself.json().errors).toEqual([{ field: 'body.from_supplier_id', message: 'must differ from supplier_id' }]);
      const unknown = await decide(id, { action: 'merge', supplier_id: kept, from_supplier_id: 'sup_nope' });
      expect(unknown.json().errors).toEqual([{ field: 'body.from_supplier_id', message: 'supplier sup_nope does not exist' }]);

      const res = await decide(id, { action: 'merge', supplier_id: kept, from_supplier_id: duplicate });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ status: 'merged', decision: { action: 'merge', supplier_id: kept, from_supplier_id: duplicate } });
      // The name is the kept supplier's alias now, and the duplicate's name its too (the merge's name alias), on both instances.
      expect(await one({ name: 'Kinevance Dairy', country: 'DE' })).toMatchObject({ status: 'matched', best: { supplier_id: kept, confidence: 100 } });
      expect(await one({ name: 'Kinevance Dairy AG', country: 'DE' }, {}, keyA, other)).toMatchObject({ status: 'matched', best: { supplier_id: kept } });
      const gone = await app.inject({ url: `/v1/suppliers/${duplicate}`, headers: as(keyA) });
      expect(gone.statusCode).toBe(301);
      expect(gone.headers.location).toBe(`/v1/suppliers/${kept}`);
      // Two audit entries: the decision, and the merge with what moved.
      await app.auditLog.flush();
      const audit = (await app.inject({ url: '/v1/audit?limit=1000', headers: as(keyA) })).json() as {
        data: { route: string; resource_type: string; resource_id: string; summary: Record<string, unknown> }[];
      };
      const entries = audit.data.filter((e) => e.route === '/v1/suppliers/review/:id' && (e.resource_id === id || e.resource_id === duplicate));
      expect(entries.map((e) => e.resource_type).sort()).toEqual(['supplier', 'supplier_review']);
      expect(entries.find((e) => e.resource_type === 'supplier')!.summary).toMatchObject({ merged_into: kept, review_id: id });
      expect(entries.find((e) => e.resource_type === 'supplier_review')!.summary).toEqual({ action: 'merge', supplier_id: kept, from_supplier_id: duplicate });
    });

    it("keeps tenants apart: B neither sees nor decides A's items, and A's aliases do not match for B", async () => {
      const id = await queued({ name: 'Hansa Metallwerke Bremen', country: 'DE' });
      // B's list holds none of A's items; B reading or deciding A's item is 404, and it stays pending.
      expect((await list('?limit=1000', keyB)).data.map((i) => i.id)).not.toContain(id);
      expect((await app.inject({ url: `/v1/suppliers/review/${id}`, headers: as(keyB) })).statusCode).toBe(404);
      const foreign = await decide(id, { action: 'accept' }, keyB);
      expect(foreign.statusCode).toBe(404);
      expect(foreign.json()).toMatchObject({ code: 'NOT_FOUND' });
      expect((await getReview(fx.driver, tenantA, id))!.status).toBe('pending');
      // A accepted "Thyssenkrupp Steel" for its supplier: for B the same name is still a review, with B's own supplier only.
      const forB = await one({ name: 'Thyssenkrupp Steel', country: 'DE' }, {}, keyB);
      expect(forB).toMatchObject({ status: 'review', best: { supplier_id: idsB.tkse, rule: 'fuzzy' } });
      expect(forB.candidates.map((c) => c.supplier_id)).toEqual([idsB.tkse]);
      // B's own queue holds it; B cannot accept it as one of A's suppliers.
      const bad = await decide(forB.review_id!, { action: 'accept', supplier_id: ids.tkse }, keyB);
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'body.supplier_id', message: `supplier ${ids.tkse} does not exist` }] });
      expect((await list('', keyB)).data.map((i) => i.id)).toEqual([forB.review_id]);
    });

    it('another instance sees a new alias at its next request (the tenant version changed)', async () => {
      const name = { name: 'Hansa Werke', country: 'DE' };
      // Both instances have built A's matcher.
      expect((await one(name, { queue: false }, keyA, other)).status).not.toBe('matched');
      const id = await queued(name);
      const version = (await supplierMatchingState(fx.driver, tenantA)).version;
      expect((await decide(id, { action: 'accept', supplier_id: ids.hansa })).statusCode).toBe(200);
      // The alias write bumped the version once, in the decision's transaction.
      expect((await supplierMatchingState(fx.driver, tenantA)).version).toBe(String(BigInt(version) + 1n));
      expect(await one(name, { queue: false }, keyA, other)).toMatchObject({
        status: 'matched',
        best: { supplier_id: ids.hansa, confidence: 100, why: { via: 'alias' } },
      });
    });

    it('reads the version with one query per match once warm, and rebuilds only when it changes', async () => {
      const cache = new SupplierIndexCache(fx.driver);
      await cache.matching(tenantA);
      expect(cache.builds).toBe(1);
      const seen: string[] = [];
      const stop = fx.driver.observeQueries((name) => seen.push(name));
      try {
        await cache.matching(tenantA);
      } finally {
        stop();
      }
      expect(seen).toEqual(['select.supplier_settings']);
      expect(cache.builds).toBe(1);
      await bumpSupplierVersion(fx.driver, tenantA);
      await cache.matching(tenantA);
      expect(cache.builds).toBe(2);
    });

    it('uses the tenant threshold unless the call gives one (PUT /v1/suppliers/settings)', async () => {
      const typo = { name: 'Hansa Metalwerke', country: 'DE' };
      const base = await one(typo, { queue: false });
      expect(base.status).toBe('matched');
      const put = await app.inject({ method: 'PUT', url: '/v1/suppliers/settings', headers: as(keyA), payload: { auto_match_threshold: 99.5 } });
      expect(put.statusCode, put.body).toBe(200);
      expect(put.json()).toMatchObject({ auto_match_threshold: 99.5 });
      expect((await app.inject({ url: '/v1/suppliers/settings', headers: as(keyA) })).json().auto_match_threshold).toBe(99.5);
      const held = await match([typo], { queue: false });
      expect(held).toMatchObject({ auto_match_threshold: 99.5, results: [{ status: 'review' }] });
      // On the other instance too (read with the version), and a call's own threshold wins.
      expect((await one(typo, { queue: false }, keyA, other)).status).toBe('review');
      expect((await one(typo, { queue: false, auto_match_threshold: 85 })).status).toBe('matched');
      // B keeps the default.
      expect((await app.inject({ url: '/v1/suppliers/settings', headers: as(keyB) })).json().auto_match_threshold).toBe(85);
      expect((await app.inject({ method: 'PUT', url: '/v1/suppliers/settings', headers: as(keyA), payload: { auto_match_threshold: 85 } })).statusCode).toBe(
        200,
      );
      const low = await app.inject({ method: 'PUT', url: '/v1/suppliers/settings', headers: as(keyA), payload: { auto_match_threshold: 40 } });
      expect(low.statusCode).toBe(400);
      expect(low.json().errors[0]).toMatchObject({ field: 'body.auto_match_threshold' });
      expect(
        (await app.inject({ method: 'PUT', url: '/v1/suppliers/settings', headers: as(readKeyA), payload: { auto_match_threshold: 90 } })).statusCode,
      ).toBe(403);
    });

    it('queueReviews (the ingest path) stores the source and batch, and counts', async () => {
      const index = (await new SupplierIndexCache(fx.driver).matching(tenantA)).matcher;
      const mention = { name: 'Baltic Cemnt Ab', country: 'FI' };
      const result = index.match(mention);
      expect(result.status).toBe('review');
      const outcome = await queueReviews(
        fx.driver,
        tenantA,
        [
          { mention, result, count: 7 },
          { mention, result },
        ],
        { kind: 'ingest', batchId: 'bat_1' },
      );
      expect(outcome).toMatchObject({ created: 1, updated: 0, skipped: 0 });
      const id = [...outcome.itemIds.values()][0]!;
      expect(await getReview(fx.driver, tenantA, id)).toMatchObject({ source: 'ingest', batchId: 'bat_1', seenCount: 8, country: 'FI' });
    });

    it('pages the queue oldest first, each item once; a cursor is bound to its status', async () => {
      const all = (await list('?limit=1000')).data.map((i) => i.id);
      expect(all.length).toBeGreaterThanOrEqual(4);
      const seen: string[] = [];
      let url: string | null = '/v1/suppliers/review?limit=2';
      while (url) {
        const page = (await app.inject({ url, headers: as(keyA) })).json() as ReviewPage;
        seen.push(...page.data.map((i) => i.id));
        url = page.links.next;
      }
      expect(seen).toEqual(all);
      const first = await list('?limit=2');
      const times = (await list('?limit=1000')).data.map((i) => i.created_at);
      expect([...times].sort()).toEqual(times);
      const back = await list(`?limit=2&cursor=${encodeURIComponent(first.page_info.end_cursor!)}`);
      expect((await list(`?limit=2&cursor=${encodeURIComponent(back.page_info.start_cursor!)}`)).data.map((i) => i.id)).toEqual(first.data.map((i) => i.id));
      const wrong = await app.inject({
        url: `/v1/suppliers/review?status=accepted&cursor=${encodeURIComponent(first.page_info.end_cursor!)}`,
        headers: as(keyA),
      });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json().errors[0].field).toBe('querystring.cursor');
    });

    it('answers 404, 409, 400 and 403 with the code and the field', async () => {
      const missing = await decide('rev_missing', { action: 'accept' });
      expect(missing.statusCode).toBe(404);
      expect(missing.json()).toMatchObject({ code: 'NOT_FOUND', detail: 'review item rev_missing does not exist' });
      expect((await app.inject({ url: '/v1/suppliers/review/rev_missing', headers: as(keyA) })).statusCode).toBe(404);

      const id = await queued({ name: 'Hansa Metallwerke Hamburg', country: 'DE' });
      const noAction = await decide(id, {});
      expect(noAction.statusCode).toBe(400);
      expect(noAction.json().errors[0]).toMatchObject({ field: 'body.action' });
      const badAction = await decide(id, { action: 'approve' });
      expect(badAction.statusCode).toBe(400);
      expect(badAction.json().errors[0]).toMatchObject({ field: 'body.action' });
      const extra = await decide(id, { action: 'accept', from_supplier_id: ids.tkse });
      expect(extra.statusCode).toBe(400);
      expect(extra.json().errors[0].field).toBe('body.from_supplier_id');
      const unknown = await decide(id, { action: 'reject', supplier_id: 'sup_nope' });
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'body.supplier_id', message: 'supplier sup_nope does not exist' }] });
      // A read key may list but not decide.
      expect((await list('', readKeyA)).data.length).toBeGreaterThan(0);
      expect((await decide(id, { action: 'accept' }, readKeyA)).statusCode).toBe(403);
      // Still pending after all that; then decided once, and a second decision is 409.
      expect((await decide(id, { action: 'accept' })).statusCode).toBe(200);
      const twice = await decide(id, { action: 'reject' });
      expect(twice.statusCode).toBe(409);
      expect(twice.json()).toMatchObject({ code: 'ALREADY_DECIDED', detail: `review item ${id} was already decided (accepted); it cannot be decided again` });
      const badStatus = await app.inject({ url: '/v1/suppliers/review?status=done', headers: as(keyA) });
      expect(badStatus.statusCode).toBe(400);
      expect(badStatus.json().errors[0].field).toBe('querystring.status');
    });

    it('audits decisions with the key, the item and the action', async () => {
      const id = await queued({ name: 'Hansa Metallwerke Kiel', country: 'DE' });
      expect((await decide(id, { action: 'reject' })).statusCode).toBe(200);
      await app.auditLog.flush();
      const audit = (await app.inject({ url: '/v1/audit?limit=1000', headers: as(keyA) })).json() as {
        data: { route: string; resource_type: string; resource_id: string; key_id: string; summary: Record<string, unknown> }[];
      };
      expect(audit.data.find((e) => e.resource_id === id)).toMatchObject({
        route: '/v1/suppliers/review/:id',
        resource_type: 'supplier_review',
        key_id: keyIdA,
        summary: { action: 'reject' },
      });
      expect(audit.data.map((e) => e.route)).not.toContain('/v1/suppliers/match');
    });
  });
}
