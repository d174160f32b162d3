/**
 * Every /v1 operation the app serves belongs to exactly one SLO route group (slo/slos.yaml), so a
 * write route is never outside every error-rate and latency SLO (DELETE /v1/batches/:id,
 * POST /v1/recalculations and POST /v1/keys were) and no request is counted twice. The routes
 * come from the running app's /openapi.json, so a route added later is checked too.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.ts';
import { prepareDatabase } from '../../src/runtime.ts';
import type { RouteGroup } from '../../src/slo/definitions.ts';
import { loadSloConfig } from '../../src/slo/load.ts';
import { matchesAll } from '../../src/slo/selector.ts';
import { type DriverFixture, pgliteFactory } from '../support/databases.ts';
import { ROUTES } from './promtool-scenarios.ts';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

let fx: DriverFixture;
let app: FastifyInstance;
/** [method, route template as the metrics label it: `/v1/batches/:id`]. */
let operations: [string, string][];

beforeAll(async () => {
  fx = await pgliteFactory();
  const rt = await prepareDatabase(fx.driver, { cursorSecret: null });
  app = await buildApp({
    driver: fx.driver,
    config: { bodyLimitBytes: 1024 * 1024, logLevel: 'silent', calculationThreads: false, metrics: false },
    cursorSecret: rt.cursorSecret,
  });
  const doc = (await app.inject('/openapi.json')).json() as { paths: Record<string, Record<string, unknown>> };
  operations = Object.entries(doc.paths)
    .filter(([path]) => path.startsWith('/v1/'))
    .flatMap(([path, ops]) => Object.keys(ops).map((method) => [method.toUpperCase(), path.replace(/\{(\w+)\}/g, ':$1')] as [string, string]));
});

afterAll(async () => {
  await app?.close();
  await fx?.close();
});

const groupsOf = (groups: readonly RouteGroup[], method: string, route: string) =>
  groups.filter((g) => matchesAll(g.selector, { method, route, status_code: '200' })).map((g) => g.name);

describe('SLO route groups', () => {
  it('hold every write route of the app, each in exactly one group', async () => {
    const { routeGroups } = await loadSloConfig();
    const writes = operations.filter(([method]) => WRITE_METHODS.has(method));
    expect(writes.map(([m, r]) => `${m} ${r}`)).toEqual(expect.arrayContaining(['DELETE /v1/batches/:id', 'POST /v1/recalculations', 'POST /v1/keys']));
    const placed = writes.map(([method, route]) => [`${method} ${route}`, groupsOf(routeGroups, method, route)] as const);
    expect(placed.filter(([, groups]) => groups.length !== 1)).toEqual([]);
  });

  it('hold every other /v1 operation too, none in two groups', async () => {
    const { routeGroups } = await loadSloConfig();
    const placed = operations.map(([method, route]) => [`${method} ${route}`, groupsOf(routeGroups, method, route)] as const);
    expect(placed.filter(([, groups]) => groups.length !== 1)).toEqual([]);
  });

  it("are tested with series of routes the app has (test/slo/promtool-scenarios.ts's ROUTES)", () => {
    const key = ([m, r]: readonly [string, string]) => `${m} ${r}`;
    const served = new Set(operations.map(key));
    expect(ROUTES.map(key).filter((route) => !served.has(route))).toEqual([]);
  });
});
