/**
 * POST /v1/profiles/heap in the real app over PostgreSQL: off unless profiling is on, and only for
 * an admin key (the snapshot itself is taken in profile-heap-server.test.ts, on a smaller process).
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.ts';
import { prepareDatabase } from '../../src/runtime.ts';
import { createApiKey } from '../../src/store/api-keys.ts';
import { addApiKey, ensureTenant } from '../../src/store/tenants.ts';
import { type DriverFixture, postgresFactory } from '../support/databases.ts';

describe('POST /v1/profiles/heap', () => {
  let fx: DriverFixture;
  let on: FastifyInstance;
  let off: FastifyInstance;
  let admin: { authorization: string };
  let writer: { authorization: string };

  beforeAll(async () => {
    fx = await postgresFactory()();
    const rt = await prepareDatabase(fx.driver, { cursorSecret: null });
    const tenant = await ensureTenant(fx.driver, 'heap-profiling');
    admin = { authorization: `Bearer ${await addApiKey(fx.driver, tenant.id)}` };
    writer = { authorization: `Bearer ${(await createApiKey(fx.driver, tenant.id, { scope: 'write' })).secret}` };
    const config = { bodyLimitBytes: 1024 * 1024, logLevel: 'silent', metrics: false, calculationThreads: false };
    on = await buildApp({ driver: fx.driver, config: { ...config, profiling: true }, cursorSecret: rt.cursorSecret });
    off = await buildApp({ driver: fx.driver, config, cursorSecret: rt.cursorSecret });
  });
  afterAll(async () => {
    await on?.close();
    await off?.close();
    await fx?.close();
  });

  it('answers 404 PROFILING_OFF when profiling is off, even to an admin key', async () => {
    const res = await off.inject({ method: 'POST', url: '/v1/profiles/heap', headers: admin });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'PROFILING_OFF' });
    expect(res.json().detail).toMatch(/GREENLINE_PROFILING=on/);
  });

  it('needs an API key with scope admin when on', async () => {
    const res = await on.inject({ method: 'POST', url: '/v1/profiles/heap', headers: writer });
    expect(res.statusCode).toBe(403);
    expect(res.json().detail).toMatch(/needs "admin"/);
    expect((await on.inject({ method: 'POST', url: '/v1/profiles/heap' })).statusCode).toBe(401);
  });

  it('is not in the public API description', async () => {
    const paths = Object.keys((await on.inject('/openapi.json')).json().paths);
    expect(paths.filter((p) => p.includes('profiles/heap'))).toEqual([]);
  });
});
