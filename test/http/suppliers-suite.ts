/**
 * Suppliers through the real API on each driver (issue 18): POST /v1/suppliers checks LEI, DUNS and
 * VAT and stores them canonical; POST /v1/suppliers/match answers identifier, exact-name, fuzzy,
 * review and no-match results against the tenant's own suppliers only, honours the threshold, and
 * sees a new supplier on the next request, whether this app or another one added it.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.ts';
import { prepareDatabase } from '../../src/runtime.ts';
import { createApiKey } from '../../src/store/api-keys.ts';
import { createSupplier } from '../../src/store/suppliers.ts';
import { addApiKey, ensureTenant } from '../../src/store/tenants.ts';
import type { DriverFactory, DriverFixture } from '../support/databases.ts';

/** ISO 7064 MOD 97-10 check digits for the first 18 characters of an LEI (A=10 … Z=35): 98 − (value × 100 mod 97). */
function lei(first18: string): string {
  const value = BigInt([...`${first18}00`].map((c) => Number.parseInt(c, 36)).join(''));
  return `${first18}${String(98n - (value % 97n)).padStart(2, '0')}`;
}

const TKSE_LEI = lei('5299004TKSE0000001');
const ACME_LEI = lei('5299004ACME0000002');

interface MatchAnswer {
  results: {
    index: number;
    status: 'matched' | 'review' | 'no_match';
    best: { supplier_id: string; name: string; confidence: number; rule: string; why: Record<string, unknown> } | null;
    candidates: { supplier_id: string; name: string; confidence: number }[];
  }[];
  totals: { matched: number; review: number; no_match: number };
}

export function runSuppliersSuite(label: string, open: DriverFactory): void {
  describe(`suppliers and matching on ${label}`, () => {
    let fx: DriverFixture;
    let app: FastifyInstance;
    let other: FastifyInstance;
    let keyA: string;
    let keyB: string;
    let readKeyA: string;
    let tenantA: string;
    const ids: Record<string, string> = {};
    const as = (key: string) => ({ authorization: `Bearer ${key}` });
    const register = (body: object, key = keyA, on = app) => on.inject({ method: 'POST', url: '/v1/suppliers', headers: as(key), payload: body });
    const matchRaw = (payload: object, key = keyA, on = app) => on.inject({ method: 'POST', url: '/v1/suppliers/match', headers: as(key), payload });
    const match = async (names: object[], extra: object = {}, key = keyA, on = app): Promise<MatchAnswer> => {
      const res = await matchRaw({ names, ...extra }, key, on);
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as MatchAnswer;
    };
    const one = async (name: object, extra: object = {}, key = keyA) => (await match([name], extra, key)).results[0]!;

    beforeAll(async () => {
      fx = await open();
      const rt = await prepareDatabase(fx.driver, { cursorSecret: null });
      tenantA = (await ensureTenant(fx.driver, 'alpha')).id;
      keyA = await addApiKey(fx.driver, tenantA);
      keyB = await addApiKey(fx.driver, (await ensureTenant(fx.driver, 'beta')).id);
      readKeyA = (await createApiKey(fx.driver, tenantA, { scope: 'read' })).secret;
      const build = () => buildApp({ driver: fx.driver, config: { bodyLimitBytes: 4 * 1024 * 1024, logLevel: 'silent' }, cursorSecret: rt.cursorSecret });
      app = await build();
      // A second instance on the same database, with its own supplier index cache.
      other = await build();
      for (const [key, body] of [
        ['tkse', { name: 'Thyssenkrupp Steel Europe AG', country: 'DE', lei: TKSE_LEI.toLowerCase(), duns: '31-550-6245', vat: 'DE 136.695.976' }],
        ['applied', { name: 'Applied Materials Inc', country: 'US' }],
        ['ford', { name: 'Ford Motor Company', country: 'US' }],
        ['nordic', { name: 'Nordic Freight AB', country: 'SE' }],
      ] as const) {
        const res = await register(body);
        expect(res.statusCode, res.body).toBe(201);
        ids[key] = res.json().id;
      }
    });
    afterAll(async () => {
      await other?.close();
      await app?.close();
      await fx?.close();
    });

    describe('POST /v1/suppliers identifiers', () => {
      it('stores LEI, DUNS and VAT in canonical form', async () => {
        const res = await app.inject({ url: `/v1/suppliers/${ids.tkse}`, headers: as(keyA) });
        expect(res.json()).toMatchObject({ lei: TKSE_LEI, duns: '315506245', vat: 'DE136695976', country: 'DE' });
      });

      it('refuses an LEI with wrong check digits, naming body.lei and the digits expected', async () => {
        const wrong = `${ACME_LEI.slice(0, 18)}${ACME_LEI.endsWith('00') ? '01' : '00'}`;
        const res = await register({ name: 'Acme Steel', lei: wrong });
        expect(res.statusCode).toBe(400);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.json()).toMatchObject({
          code: 'VALIDATION_FAILED',
          errors: [
            { field: 'body.lei', message: `LEI check digits do not match (ISO 7064 MOD 97-10): expected ${ACME_LEI.slice(18)}, got ${wrong.slice(18)}` },
          ],
        });
        // The right digits are accepted.
        expect((await register({ name: 'Acme Steel', lei: ACME_LEI }, keyB)).statusCode).toBe(201);
      });

      it('refuses an 8-digit DUNS and a VAT number failing its check digit, each field named', async () => {
        const res = await register({ name: 'Bad Ids Ltd', duns: '12345678', vat: 'DE136695977' });
        expect(res.statusCode).toBe(400);
        expect(res.json().errors).toEqual([
          { field: 'body.duns', message: 'DUNS numbers have 9 digits; got 8' },
          { field: 'body.vat', message: expect.stringContaining('check digit') },
        ]);
      });
    });

    describe('POST /v1/suppliers/match', () => {
      it('matches by identifier whatever the name: 100, rule identifier, via lei', async () => {
        const r = await one({ name: 'TKSE', lei: ` ${TKSE_LEI.toLowerCase()} ` });
        expect(r).toMatchObject({
          index: 0,
          status: 'matched',
          best: { supplier_id: ids.tkse, name: 'Thyssenkrupp Steel Europe AG', confidence: 100, rule: 'identifier' },
        });
        expect(r.best!.why).toMatchObject({ rule: 'identifier', via: 'lei' });
        // A DUNS with dashes and a VAT with dots are compared canonical too.
        expect((await one({ name: 'x', duns: '315506245' })).best?.supplier_id).toBe(ids.tkse);
        expect((await one({ name: 'x', vat: 'DE136.695.976' })).best).toMatchObject({ supplier_id: ids.tkse, rule: 'identifier', why: { via: 'vat' } });
      });

      it('matches an exact normalized name (case, legal form dropped) at 100', async () => {
        const r = await one({ name: 'THYSSENKRUPP STEEL EUROPE', country: 'DE' });
        expect(r).toMatchObject({ status: 'matched', best: { supplier_id: ids.tkse, confidence: 100, rule: 'exact_name' } });
        expect(r.candidates[0]).toEqual({ supplier_id: ids.tkse, name: 'Thyssenkrupp Steel Europe AG', confidence: 100 });
      });

      it('matches a typo fuzzily at ≥ 85, explaining it in snake_case', async () => {
        const r = await one({ name: 'Thyssenkrup Steel Europe AG', country: 'DE' });
        expect(r.status).toBe('matched');
        expect(r.best).toMatchObject({ supplier_id: ids.tkse, rule: 'fuzzy' });
        expect(r.best!.confidence).toBeGreaterThanOrEqual(85);
        expect(r.best!.why).toMatchObject({
          rule: 'fuzzy',
          via: 'tokens',
          shared_tokens: ['thyssenkrup~thyssenkrupp', 'steel', 'europe'],
          missing_tokens: [],
          extra_tokens: [],
          country: 'same',
          legal_form: 'same',
          scores: { token_set: expect.any(Number), jaro_winkler: expect.any(Number), country_adjustment: 3, legal_form_adjustment: 2 },
        });
      });

      it('does not match a look-alike: Apple Inc is not Applied Materials Inc', async () => {
        const r = await one({ name: 'Apple Inc', country: 'US' });
        expect(r.status).toBe('no_match');
        expect(r.best).toBeNull();
      });

      it('sends a partial name to review with its best candidate', async () => {
        // "Thyssenkrupp Steel" lacks "Europe": one token the candidate adds costs 15 points.
        const r = await one({ name: 'Thyssenkrupp Steel', country: 'DE' });
        expect(r.status).toBe('review');
        expect(r.best).toMatchObject({ supplier_id: ids.tkse, rule: 'fuzzy', why: { extra_tokens: ['europe'] } });
        expect(r.best!.confidence).toBeGreaterThanOrEqual(40);
        expect(r.best!.confidence).toBeLessThan(85);
      });

      it('answers no_match for an unknown supplier, and counts each status', async () => {
        const answer = await match([{ name: 'Zebra Logistics Ltd', country: 'GB' }, { name: 'Ford Motor Co', country: 'US' }, { name: 'Thyssenkrupp Steel' }]);
        expect(answer.results.map((r) => [r.index, r.status])).toEqual([
          [0, 'no_match'],
          [1, 'matched'],
          [2, 'review'],
        ]);
        expect(answer.results[0]!.best).toBeNull();
        expect(answer.totals).toEqual({ matched: 1, review: 1, no_match: 1 });
      });

      it('reads the country as a feature: the same name abroad goes to review', async () => {
        expect(await one({ name: 'Ford Motor Company', country: 'US' })).toMatchObject({ status: 'matched', best: { confidence: 100 } });
        const abroad = await one({ name: 'Ford Motor Company', country: 'GB' });
        expect(abroad).toMatchObject({ status: 'review', best: { supplier_id: ids.ford, confidence: 80, why: { country: 'different' } } });
      });

      it('honours auto_match_threshold both ways', async () => {
        const typo = { name: 'Nordic Freigth', country: 'SE' };
        const base = await one(typo);
        expect(base.status).toBe('matched');
        const confidence = base.best!.confidence;
        expect(confidence).toBeLessThan(100);
        expect(await one(typo, { auto_match_threshold: Math.ceil(confidence + 0.1) })).toMatchObject({ status: 'review', best: { supplier_id: ids.nordic } });
        const partial = await one({ name: 'Thyssenkrupp Steel', country: 'DE' });
        expect(partial.status).toBe('review');
        expect(await one({ name: 'Thyssenkrupp Steel', country: 'DE' }, { auto_match_threshold: Math.floor(partial.best!.confidence) })).toMatchObject({
          status: 'matched',
          best: { supplier_id: ids.tkse },
        });
        const low = await matchRaw({ names: [typo], auto_match_threshold: 49 });
        expect(low.statusCode).toBe(400);
        expect(low.json().errors[0].field).toBe('body.auto_match_threshold');
      });

      it('refuses 10,001 names, naming body.names', async () => {
        const names = Array.from({ length: 10_001 }, (_, i) => ({ name: `Supplier ${i}` }));
        const res = await matchRaw({ names });
        expect(res.statusCode).toBe(400);
        expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'body.names', message: 'must NOT have more than 10000 items' }] });
      });

      it('answers 10,000 names', async () => {
        const names = Array.from({ length: 10_000 }, (_, i) => ({ name: i % 2 === 0 ? 'Nordic Freight' : `Unknown Trading ${i}` }));
        const answer = await match(names);
        expect(answer.results).toHaveLength(10_000);
        expect(answer.totals.matched).toBe(5_000);
        expect(answer.results[9_998]).toMatchObject({ index: 9_998, status: 'matched', best: { supplier_id: ids.nordic } });
      });

      it('refuses an empty or blank name, naming the field', async () => {
        const empty = await matchRaw({ names: [{ name: 'Nordic Freight' }, { name: '' }] });
        expect(empty.statusCode).toBe(400);
        expect(empty.json().errors).toEqual([{ field: 'body.names[1].name', message: 'must NOT have fewer than 1 characters' }]);
        const blank = await matchRaw({ names: [{ name: 'Nordic Freight' }, { name: 'x' }, { name: '   ' }] });
        expect(blank.statusCode).toBe(400);
        expect(blank.json().errors).toEqual([{ field: 'body.names[2].name', message: 'must not be blank' }]);
        expect((await matchRaw({ names: [] })).json().errors[0].field).toBe('body.names');
      });

      it("keeps tenants apart: B never sees A's suppliers, by identifier or name", async () => {
        const r = await one({ name: 'Thyssenkrupp Steel Europe AG', country: 'DE', lei: TKSE_LEI }, {}, keyB);
        const ofA = new Set(Object.values(ids));
        expect(r.status).toBe('no_match');
        // B holds only Acme Steel so far: far below review, and no supplier of A anywhere.
        expect(r.candidates.map((c) => c.name)).toEqual(['Acme Steel']);
        const own = await register({ name: 'Thyssenkrupp Steel Europe AG', country: 'DE' }, keyB);
        expect(own.statusCode).toBe(201);
        const mine = await one({ name: 'Thyssenkrupp Steel Europe', country: 'DE', lei: TKSE_LEI }, {}, keyB);
        expect(mine).toMatchObject({ status: 'matched', best: { supplier_id: own.json().id, rule: 'exact_name' } });
        expect(mine.candidates[0]!.supplier_id).toBe(own.json().id);
        expect(mine.candidates.filter((c) => ofA.has(c.supplier_id))).toEqual([]);
        // And A still gets its own.
        expect((await one({ name: 'Thyssenkrupp Steel Europe', country: 'DE' })).best?.supplier_id).toBe(ids.tkse);
      });

      it('sees a supplier added through the API on the next request', async () => {
        expect((await one({ name: 'Rheinmetall Logistics GmbH', country: 'DE' })).status).toBe('no_match');
        const res = await register({ name: 'Rheinmetall Logistics GmbH', country: 'DE' });
        expect(res.statusCode).toBe(201);
        expect(await one({ name: 'Rheinmetal Logistic', country: 'DE' })).toMatchObject({
          status: 'matched',
          best: { supplier_id: res.json().id, rule: 'fuzzy' },
        });
      });

      it('sees a supplier another instance added (its version changed), without that instance telling', async () => {
        // Both instances have built A's index.
        expect((await match([{ name: 'Baltic Shipping' }], {}, keyA, other)).results[0]!.status).toBe('no_match');
        expect((await one({ name: 'Baltic Shipping' })).status).toBe('no_match');
        const added = await register({ name: 'Baltic Shipping Oy', country: 'FI' }, keyA, other);
        expect(added.statusCode).toBe(201);
        expect(await one({ name: 'Baltic Shipping', country: 'FI' })).toMatchObject({ status: 'matched', best: { supplier_id: added.json().id } });
        // Straight into the database too, as an import would.
        const direct = await createSupplier(fx.driver, tenantA, { name: 'Adriatic Cement d.o.o.', country: 'HR' });
        expect(await one({ name: 'Adriatic Cement', country: 'HR' }, {}, keyA)).toMatchObject({ status: 'matched', best: { supplier_id: direct.id } });
        expect((await match([{ name: 'Adriatic Cement', country: 'HR' }], {}, keyA, other)).results[0]!.best?.supplier_id).toBe(direct.id);
      });

      it('is a read: a read-only key may match (but not register), and matching is not audited', async () => {
        expect((await one({ name: 'Nordic Freight' }, {}, readKeyA)).best?.supplier_id).toBe(ids.nordic);
        expect((await register({ name: 'Not Allowed Ltd' }, readKeyA)).statusCode).toBe(403);
        await app.auditLog.flush();
        const audit = (await app.inject({ url: '/v1/audit?limit=1000', headers: as(keyA) })).json() as { data: { route: string }[] };
        expect(audit.data.map((e) => e.route)).toContain('/v1/suppliers');
        expect(audit.data.map((e) => e.route)).not.toContain('/v1/suppliers/match');
      });
    });
  });
}
