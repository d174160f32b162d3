/**
 * Limits and headers of the HTTP layer (docs/security.md): per-key rate limits answering 429
 * problem+json with Retry-After, the upload slots answering 503 beyond their number, and the
 * security headers with a Content-Security-Policy the dashboard can live with. One app per
 * setting, on an in-memory PGlite database, through inject (no sockets).
 */
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.ts';
import { prepareDatabase } from '../../src/runtime.ts';
import { addApiKey, ensureTenant } from '../../src/store/tenants.ts';
import { type DriverFixture, pgliteFactory } from '../support/databases.ts';

let fx: DriverFixture;
let cursorSecret: string;
let keyA: string;
let keyB: string;
const apps: FastifyInstance[] = [];
const as = (key: string) => ({ authorization: `Bearer ${key}` });

beforeAll(async () => {
  fx = await pgliteFactory();
  cursorSecret = (await prepareDatabase(fx.driver, { cursorSecret: null })).cursorSecret;
  const tenant = (await ensureTenant(fx.driver, 'limits')).id;
  keyA = await addApiKey(fx.driver, tenant);
  keyB = await addApiKey(fx.driver, tenant);
});
afterAll(async () => {
  for (const app of apps) await app.close();
  await fx?.close();
});

async function app(limits: { rateLimitPerMinute?: number; uploadConcurrency?: number }): Promise<FastifyInstance> {
  const built = await buildApp({
    driver: fx.driver,
    config: { bodyLimitBytes: 1024 * 1024, logLevel: 'silent', calculationThreads: false, metrics: false, ...limits },
    cursorSecret,
  });
  apps.push(built);
  return built;
}

describe('per-key rate limits', () => {
  it('answer 429 RATE_LIMITED problem+json with Retry-After past the limit, per key, after authentication', async () => {
    const api = await app({ rateLimitPerMinute: 5 });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await api.inject({ url: '/v1/factors?limit=1', headers: as(keyA) });
      statuses.push(res.statusCode);
      expect(res.headers['x-ratelimit-limit']).toBe('5');
      expect(res.headers['x-ratelimit-remaining']).toBe(String(4 - i));
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200]);

    const limited = await api.inject({ url: '/v1/factors?limit=1', headers: as(keyA) });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toContain('application/problem+json');
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited.json()).toMatchObject({
      status: 429,
      code: 'RATE_LIMITED',
      detail: expect.stringMatching(/more than 5 requests in a minute; retry after \d+ s/),
    });
    // A write is counted and refused the same way, before anything is stored.
    const write = await api.inject({ method: 'POST', url: '/v1/suppliers', headers: as(keyA), payload: { name: 'Never stored' } });
    expect(write.statusCode).toBe(429);
    const listed = await api.inject({ url: '/v1/suppliers?q=Never', headers: as(keyB) });
    expect(listed.json().data).toEqual([]);

    // Another key of the same tenant has its own count; no key at all is 401, not 429.
    expect((await api.inject({ url: '/v1/factors?limit=1', headers: as(keyB) })).statusCode).toBe(200);
    expect((await api.inject({ url: '/v1/factors?limit=1' })).statusCode).toBe(401);
    // Routes outside /v1 are not limited.
    expect((await api.inject('/healthz')).statusCode).toBe(200);
  });

  it('are off at 0 (and when the app is built without a setting)', async () => {
    for (const api of [await app({ rateLimitPerMinute: 0 }), await app({})]) {
      for (let i = 0; i < 20; i++) {
        const res = await api.inject({ url: '/v1/factors?limit=1', headers: as(keyA) });
        expect(res.statusCode).toBe(200);
        expect(res.headers['x-ratelimit-limit']).toBeUndefined();
      }
    }
  });
});

describe('upload slots', () => {
  const csvHeader = 'date,spend,currency,sector\n';
  const upload = (api: FastifyInstance, body: PassThrough | string) =>
    api.inject({ method: 'POST', url: '/v1/batches?type=purchases', headers: { ...as(keyA), 'content-type': 'text/csv' }, payload: body });

  it('refuse an upload past the limit with 503 UPLOADS_BUSY and Retry-After, and free the slot when an upload ends', async () => {
    const api = await app({ uploadConcurrency: 1 });
    // The first upload holds its slot while its body is still arriving.
    const slow = new PassThrough();
    slow.write(csvHeader);
    const first = upload(api, slow);
    await new Promise((r) => setTimeout(r, 50));

    const refused = await upload(api, `${csvHeader}2024-01-15,10,USD,manufacturing\n`);
    expect(refused.statusCode).toBe(503);
    expect(refused.headers['retry-after']).toBe('2');
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json()).toMatchObject({ code: 'UPLOADS_BUSY', detail: expect.stringContaining('1 uploads already') });
    // Other routes are not held up by a busy upload slot.
    expect((await api.inject({ url: '/v1/factors?limit=1', headers: as(keyA) })).statusCode).toBe(200);

    slow.end('2024-01-15,1000,USD,manufacturing\n');
    expect([200, 202]).toContain((await first).statusCode);
    // Its slot is free again: the next upload is taken.
    const next = await upload(api, `${csvHeader}2024-02-15,20,USD,services\n`);
    expect([200, 202]).toContain(next.statusCode);
    // A refused or failed upload gives its slot back too.
    const bad = await upload(api, 'not,a,known,header\n1,2,3,4\n');
    expect(bad.statusCode).toBe(400);
    expect([200, 202]).toContain((await upload(api, `${csvHeader}2024-03-15,30,USD,services\n`)).statusCode);
  });
});

describe('security headers', () => {
  it('are on every answer, API and dashboard, with a Content-Security-Policy of this origin only', async () => {
    const api = await app({});
    for (const res of [await api.inject({ url: '/v1/factors?limit=1', headers: as(keyA) }), await api.inject('/v1/factors'), await api.inject('/dashboard')]) {
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['strict-transport-security']).toMatch(/^max-age=\d+/);
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|upgrade-insecure-requests/);
    }
  });
});
