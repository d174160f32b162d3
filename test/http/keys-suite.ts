/**
 * API keys with a lifecycle (docs/security.md), through the real API on each driver: keys that
 * existed before scopes stay admin, scopes are enforced, expired keys get AUTH_EXPIRED, rotation
 * keeps the old key for its grace period only, and a revoked key is refused by the very next
 * request on the same instance (it used to work for up to 30 s, from the auth cache). The same
 * actions through the local admin API that `greenline keys` uses.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.ts';
import { prepareDatabase } from '../../src/runtime.ts';
import { createApiKey } from '../../src/store/api-keys.ts';
import { migrate } from '../../src/store/migrate.ts';
import { migrations } from '../../src/store/migrations/index.ts';
import { addApiKey, bootstrapKey, ensureTenant, hashApiKey } from '../../src/store/tenants.ts';
import type { DriverFactory, DriverFixture } from '../support/databases.ts';

const ADMIN_TOKEN = 'test-admin-token';

export function runKeysSuite(label: string, open: DriverFactory): void {
  describe(`API keys on ${label}`, () => {
    let fx: DriverFixture;
    let app: FastifyInstance;
    let legacyKey: string;
    let bootstrap: string;
    let otherAdmin: string;
    const as = (key: string) => ({ authorization: `Bearer ${key}` });
    const get = (url: string, key: string) => app.inject({ url, headers: as(key) });
    const post = (url: string, key: string, payload: object = {}) => app.inject({ method: 'POST', url, headers: as(key), payload });
    const newKey = async (admin: string, body: object = {}) => {
      const res = await post('/v1/keys', admin, body);
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as { id: string; key: string; scope: string; expires_at: string | null; label: string | null };
    };
    const admin = () => ({ authorization: `Bearer ${ADMIN_TOKEN}` });

    beforeAll(async () => {
      fx = await open();
      // A key made before migration 009, as an installation upgraded today has them.
      await migrate(
        fx.driver,
        migrations.filter((m) => m.version < 9),
      );
      legacyKey = 'gl_legacy-key-from-before-scopes';
      await fx.driver.query("INSERT INTO tenants (id, name) VALUES ('ten_legacy', 'legacy')");
      await fx.driver.query("INSERT INTO api_keys (id, tenant_id, key_hash, key_prefix, label) VALUES ('key_legacy', 'ten_legacy', $1, 'gl_leg', 'old')", [
        hashApiKey(legacyKey),
      ]);
      const rt = await prepareDatabase(fx.driver, { cursorSecret: null });
      // The bootstrap key of a first start (there are keys already, so made by hand as bootstrapKey would).
      bootstrap = await addApiKey(fx.driver, (await ensureTenant(fx.driver, 'default')).id, 'bootstrap-key', 'bootstrap');
      otherAdmin = await addApiKey(fx.driver, (await ensureTenant(fx.driver, 'other')).id);
      app = await buildApp({
        driver: fx.driver,
        config: { bodyLimitBytes: 1024 * 1024, logLevel: 'silent' },
        cursorSecret: rt.cursorSecret,
        admin: { token: ADMIN_TOKEN, uploadDir: '/tmp/greenline-keys-suite' },
      });
    });
    afterAll(async () => {
      await app?.close();
      await fx?.close();
    });

    it('keys from before scopes and the bootstrap key are admin: they manage keys and write', async () => {
      for (const key of [legacyKey, bootstrap]) {
        expect((await get('/v1/keys', key)).statusCode).toBe(200);
        expect((await post('/v1/suppliers', key, { name: `Supplier of ${key}` })).statusCode).toBe(201);
      }
      const legacy = (await get('/v1/keys', legacyKey)).json().data;
      expect(legacy).toEqual([expect.objectContaining({ id: 'key_legacy', scope: 'admin', status: 'active', label: 'old', expires_at: null })]);
    });

    it('a first start’s bootstrap key is admin', async () => {
      const fresh = await open();
      try {
        await prepareDatabase(fresh.driver, { cursorSecret: null });
        await bootstrapKey(fresh.driver, 'first-start-key');
        const rows = await fresh.driver.query<{ scope: string }>('SELECT scope FROM api_keys');
        expect(rows.rows).toEqual([{ scope: 'admin' }]);
      } finally {
        await fresh.close();
      }
    });

    it('creates a key whose secret is shown once; the list names it by id, never by secret, and only to its tenant', async () => {
      const created = await newKey(bootstrap, { label: 'ci' });
      expect(created).toMatchObject({ id: expect.stringMatching(/^key_/), key: expect.stringMatching(/^gl_/), scope: 'write', label: 'ci', expires_at: null });
      const list = await get('/v1/keys', bootstrap);
      expect(list.body).not.toContain(created.key);
      expect(list.json().data).toContainEqual(
        expect.objectContaining({ id: created.id, tenant: 'default', prefix: created.key.slice(0, 6), status: 'active' }),
      );
      expect((await get('/v1/keys', otherAdmin)).json().data.map((k: { id: string }) => k.id)).not.toContain(created.id);
      // The new key works at once.
      expect((await get('/v1/factors?limit=1', created.key)).statusCode).toBe(200);
    });

    it('enforces scopes: read keys read (and resolve), write keys write, only admin keys manage keys; 403 is problem+json', async () => {
      const read = (await newKey(bootstrap, { scope: 'read' })).key;
      const write = (await newKey(bootstrap, { scope: 'write' })).key;
      expect((await get('/v1/factors?limit=1', read)).statusCode).toBe(200);
      expect((await post('/v1/factors/resolve', read, { activity: 'hotel.night', region: 'US', year: 2024 })).statusCode).toBe(200);
      const refused = await post('/v1/suppliers', read, { name: 'Not allowed' });
      expect(refused.statusCode).toBe(403);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.json()).toMatchObject({ code: 'SCOPE_INSUFFICIENT', detail: expect.stringContaining('needs "write"') });
      expect((await post('/v1/suppliers', write, { name: 'Allowed' })).statusCode).toBe(201);
      for (const key of [read, write]) {
        expect((await get('/v1/keys', key)).json()).toMatchObject({ code: 'SCOPE_INSUFFICIENT' });
        expect((await post('/v1/keys', key)).statusCode).toBe(403);
      }
      // A write key cannot make itself an admin one.
      expect((await post('/v1/keys', write, { scope: 'admin' })).statusCode).toBe(403);
    });

    it('refuses a revoked key on the very next request, even though it was cached; revoking is tenant-scoped and idempotent', async () => {
      const victim = await newKey(bootstrap);
      expect((await get('/v1/factors?limit=1', victim.key)).statusCode).toBe(200);
      expect((await post(`/v1/keys/${victim.id}/revoke`, otherAdmin)).statusCode).toBe(404);
      expect((await get('/v1/factors?limit=1', victim.key)).statusCode).toBe(200);
      const revoked = await post(`/v1/keys/${victim.id}/revoke`, bootstrap);
      expect(revoked.json()).toMatchObject({ id: victim.id, status: 'revoked', revoked_at: expect.any(String) });
      const refused = await get('/v1/factors?limit=1', victim.key);
      expect(refused.statusCode).toBe(401);
      expect(refused.json()).toMatchObject({ code: 'AUTH_REVOKED', errors: [{ field: 'header.authorization' }] });
      const again = await post(`/v1/keys/${victim.id}/revoke`, bootstrap);
      expect(again.json().revoked_at).toBe(revoked.json().revoked_at);
      expect((await post(`/v1/keys/${victim.id}/rotate`, bootstrap)).json()).toMatchObject({ code: 'KEY_REVOKED' });
    });

    it('gives 401 AUTH_EXPIRED for an expired key, cached or not', async () => {
      const tenant = await ensureTenant(fx.driver, 'default');
      const soon = await createApiKey(fx.driver, tenant.id, { expiresAt: new Date(Date.now() + 1_500) });
      expect((await get('/v1/factors?limit=1', soon.secret)).statusCode).toBe(200);
      await new Promise((r) => setTimeout(r, Date.parse(soon.key.expiresAt!.toISOString()) - Date.now() + 20));
      const expired = await get('/v1/factors?limit=1', soon.secret);
      expect(expired.statusCode).toBe(401);
      expect(expired.json()).toMatchObject({ code: 'AUTH_EXPIRED' });
      const past = await createApiKey(fx.driver, tenant.id, { expiresAt: new Date(Date.now() - 1_000) });
      expect((await get('/v1/factors?limit=1', past.secret)).json()).toMatchObject({ code: 'AUTH_EXPIRED' });
      const listed = (await get('/v1/keys', bootstrap)).json().data.find((k: { id: string }) => k.id === past.key.id);
      expect(listed.status).toBe('expired');
    });

    it('takes an expiry as a duration or an ISO date, and names the field when it is neither or in the past', async () => {
      const inMonth = await newKey(bootstrap, { expires: '30d' });
      const days = (Date.parse(inMonth.expires_at!) - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(29.99);
      expect(days).toBeLessThanOrEqual(30);
      expect((await newKey(bootstrap, { expires: '2099-01-31' })).expires_at).toBe('2099-01-31T00:00:00.000Z');
      for (const expires of ['soon', '2020-01-01', '2099-02-30', '0d']) {
        const res = await post('/v1/keys', bootstrap, { expires });
        expect(res.statusCode, expires).toBe(400);
        expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'body.expires' }] });
      }
      expect((await post('/v1/keys', bootstrap, { scope: 'root' })).json().errors[0].field).toBe('body.scope');
    });

    it('rotates: the new key has the old one’s label and scope; the old one works for the grace period, then expires', async () => {
      const old = await newKey(bootstrap, { label: 'deploy', scope: 'read', expires: '10d' });
      expect((await get('/v1/factors?limit=1', old.key)).statusCode).toBe(200);
      const res = await post(`/v1/keys/${old.id}/rotate`, bootstrap, { grace: '1h' });
      expect(res.statusCode).toBe(201);
      const rotated = res.json();
      expect(rotated).toMatchObject({ key: expect.stringMatching(/^gl_/), label: 'deploy', scope: 'read', replaces: { id: old.id, replaced_by: rotated.id } });
      // The old key's grace ends in an hour; the new key lives as long as the old one was given (10 days).
      expect(Date.parse(rotated.replaces.expires_at) - Date.now()).toBeGreaterThan(3_590_000);
      expect(Date.parse(rotated.replaces.expires_at) - Date.now()).toBeLessThanOrEqual(3_600_000);
      expect((Date.parse(rotated.expires_at) - Date.now()) / 86_400_000).toBeCloseTo(10, 2);
      expect((await get('/v1/factors?limit=1', old.key)).statusCode).toBe(200);
      expect((await get('/v1/factors?limit=1', rotated.key)).statusCode).toBe(200);
      expect((await post(`/v1/keys/${old.id}/rotate`, bootstrap)).json()).toMatchObject({ code: 'KEY_ROTATED' });

      // No grace: the replaced key stops at once, although this instance had it cached.
      const next = (await post(`/v1/keys/${rotated.id}/rotate`, bootstrap, { grace: '0s' })).json();
      expect((await get('/v1/factors?limit=1', rotated.key)).json()).toMatchObject({ code: 'AUTH_EXPIRED' });
      expect((await get('/v1/factors?limit=1', next.key)).statusCode).toBe(200);
      expect((await post(`/v1/keys/${next.id}/rotate`, bootstrap, { grace: '31d' })).json()).toMatchObject({ errors: [{ field: 'body.grace' }] });
    });

    it('records when a key was last used', async () => {
      const fresh = await newKey(bootstrap);
      const before = (await get('/v1/keys', bootstrap)).json().data.find((k: { id: string }) => k.id === fresh.id);
      expect(before.last_used_at).toBeNull();
      await get('/v1/factors?limit=1', fresh.key);
      let after = before;
      for (let i = 0; i < 50 && after.last_used_at === null; i++) {
        await new Promise((r) => setTimeout(r, 20));
        after = (await get('/v1/keys', bootstrap)).json().data.find((k: { id: string }) => k.id === fresh.id);
      }
      expect(Date.now() - Date.parse(after.last_used_at)).toBeLessThan(10_000);
    });

    it('documents the key routes, and 403 on routes that need more than a read key', async () => {
      const doc = (await app.inject('/openapi.json')).json();
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/keys', '/v1/keys/{id}/revoke', '/v1/keys/{id}/rotate']));
      expect(Object.keys(doc.paths['/v1/suppliers'].post.responses)).toContain('403');
      expect(Object.keys(doc.paths['/v1/suppliers'].get.responses)).not.toContain('403');
      expect(Object.keys(doc.paths['/v1/keys'].get.responses)).toContain('403');
    });

    it('lists, creates, revokes and rotates any tenant’s keys through the local admin API (greenline keys)', async () => {
      const created = await app.inject({ method: 'POST', url: '/admin/keys', headers: admin(), payload: { tenant: 'viaadmin', scope: 'read' } });
      expect(created.statusCode).toBe(201);
      const key = created.json();
      expect(key).toMatchObject({ tenant: 'viaadmin', scope: 'read' });
      const listed = await app.inject({ url: '/admin/keys?tenant=viaadmin', headers: admin() });
      expect(listed.json().data.map((k: { id: string }) => k.id)).toEqual([key.id]);
      expect((await app.inject({ url: '/admin/keys?tenant=nosuchtenant', headers: admin() })).json()).toEqual({ data: [] });
      expect((await get('/v1/factors?limit=1', key.key)).statusCode).toBe(200);
      const rotated = await app.inject({ method: 'POST', url: `/admin/keys/${key.id}/rotate`, headers: admin(), payload: { grace: '0s' } });
      expect(rotated.statusCode).toBe(201);
      expect((await get('/v1/factors?limit=1', key.key)).json().code).toBe('AUTH_EXPIRED');
      const revoked = await app.inject({ method: 'POST', url: `/admin/keys/${rotated.json().id}/revoke`, headers: admin() });
      expect(revoked.json()).toMatchObject({ status: 'revoked' });
      expect((await get('/v1/factors?limit=1', rotated.json().key)).json().code).toBe('AUTH_REVOKED');
      expect((await app.inject({ method: 'POST', url: '/admin/keys/key_nope/revoke', headers: admin() })).statusCode).toBe(404);
    });
  });
}
