/**
 * The app both guidance HTTP tests run against (embedded PGlite), and a tenant of its own per
 * example holding the example's factors (POST /v1/factors), so one example's factors never meet another's.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect } from 'vitest';
import { buildApp } from '../../../src/http/app.ts';
import { prepareDatabase } from '../../../src/runtime.ts';
import { addApiKey, ensureTenant } from '../../../src/store/tenants.ts';
import { type DriverFixture, pgliteFactory } from '../../support/databases.ts';

export type ExampleFactor = { activity: string; value: number; unit: string; region?: string; year?: number };

export interface GuidanceApp {
  readonly app: FastifyInstance;
  /** Headers of a new tenant `name` holding `factors` (year 2024 unless given). */
  tenantWith(name: string, factors: readonly ExampleFactor[]): Promise<Record<string, string>>;
}

/** Starts the app before the describe's tests and closes it after (call inside `describe`). */
export function guidanceApp(): GuidanceApp {
  let fx: DriverFixture;
  let app: FastifyInstance;
  beforeAll(async () => {
    fx = await pgliteFactory();
    const rt = await prepareDatabase(fx.driver, { cursorSecret: null });
    app = await buildApp({ driver: fx.driver, config: { bodyLimitBytes: 1024 * 1024, logLevel: 'silent' }, cursorSecret: rt.cursorSecret });
  });
  afterAll(async () => {
    await app?.close();
    await fx?.close();
  });
  return {
    get app() {
      return app;
    },
    async tenantWith(name, factors) {
      const headers = { authorization: `Bearer ${await addApiKey(fx.driver, (await ensureTenant(fx.driver, name)).id)}` };
      for (const f of factors) {
        const res = await app.inject({ method: 'POST', url: '/v1/factors', headers, payload: { name: f.activity, year: 2024, ...f } });
        expect(res.statusCode, `${f.activity}: ${res.body}`).toBe(201);
      }
      return headers;
    },
  };
}
