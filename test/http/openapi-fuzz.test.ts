/**
 * The OpenAPI document is the contract: a property-based pass (fast-check, in the manner of
 * schemathesis) generates requests for every operation /openapi.json lists — whatever operations
 * exist when it runs — and holds each answer to the document: no 5xx, a documented status, a
 * documented content type, a body valid against its schema.
 *
 * Deterministic: a fixed seed (FUZZ_SEED to try others) and FUZZ_RUNS requests per operation
 * (default 50), against an in-process app on an in-memory PGlite database with a valid admin key.
 * A failure prints the request and how to replay it; FUZZ_VERBOSE=1 prints the statuses each
 * operation answered (how much of it the generated requests reached).
 */
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.ts';
import { prepareDatabase } from '../../src/runtime.ts';
import { addApiKey, ensureTenant } from '../../src/store/tenants.ts';
import { type DriverFixture, pgliteFactory } from '../support/databases.ts';
import { type FuzzRequest, type OpenApiDocument, type Operation, operationsOf, ResponseChecker, requestArbitrary, seedFor } from '../support/openapi-fuzz.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20_240_917);
const RUNS = Number(process.env.FUZZ_RUNS ?? 50);

let fx: DriverFixture;
let app: FastifyInstance;
let key: string;
let doc: OpenApiDocument;
let checker: ResponseChecker;
/** Ids of things that exist, by collection (`/v1/calculations`), so path parameters reach found resources too. */
const known = new Map<string, string[]>();
const collectionOf = (path: string) => path.split('/').slice(0, 3).join('/');

async function send(request: FuzzRequest) {
  return app.inject({
    method: request.method as 'GET',
    url: request.url,
    headers: request.headers,
    ...(request.payload !== undefined ? { payload: request.payload } : {}),
  });
}

/**
 * Keeps the id of what a successful write made, under the operation's collection. (Not ids from
 * listings: GET /v1/keys would hand the pass its own key to revoke.)
 */
function harvest(method: string, path: string, body: string, status: number): void {
  if (status >= 300 || method === 'GET') return;
  let answer: { id?: unknown };
  try {
    answer = JSON.parse(body);
  } catch {
    return; // not JSON: nothing to keep
  }
  const ids = known.get(collectionOf(path)) ?? [];
  known.set(collectionOf(path), ids);
  const id = answer?.id;
  if (typeof id === 'string' && !ids.includes(id) && ids.length < 20) ids.push(id);
}

beforeAll(async () => {
  fx = await pgliteFactory();
  const rt = await prepareDatabase(fx.driver, { cursorSecret: null });
  key = await addApiKey(fx.driver, (await ensureTenant(fx.driver, 'fuzz')).id);
  app = await buildApp({
    driver: fx.driver,
    config: { bodyLimitBytes: 1024 * 1024, logLevel: 'silent', calculationThreads: false, metrics: false },
    cursorSecret: rt.cursorSecret,
  });
  doc = (await app.inject('/openapi.json')).json() as OpenApiDocument;
  checker = new ResponseChecker(doc);

  // Something of each kind to find: a supplier, a calculation, a batch.
  const auth = { authorization: `Bearer ${key}` };
  const supplier = await app.inject({ method: 'POST', url: '/v1/suppliers', headers: auth, payload: { name: 'Fuzz Steel GmbH', country: 'DE' } });
  const calculation = await app.inject({
    method: 'POST',
    url: '/v1/calculations',
    headers: auth,
    payload: { record: { category: 4, date: '2024-03-01', mode: 'truck_heavy', distance: 500, distance_unit: 'km', mass: 12, mass_unit: 't' } },
  });
  const batch = await app.inject({
    method: 'POST',
    url: '/v1/batches?type=purchases',
    headers: { ...auth, 'content-type': 'text/csv' },
    payload: 'date,spend,currency,sector\n2024-01-15,1000,USD,manufacturing\n2024-02-01,-5,USD,services\n',
  });
  harvest('POST', '/v1/suppliers', supplier.body, supplier.statusCode);
  harvest('POST', '/v1/calculations', calculation.body, calculation.statusCode);
  harvest('POST', '/v1/batches', batch.body, batch.statusCode);
  expect([...known.values()].flat()).toHaveLength(3);
});

afterAll(async () => {
  await app?.close();
  await fx?.close();
});

describe('the OpenAPI document', () => {
  const responses = (id: string) => operationsOf(doc).find((o) => o.id === id)!.spec.responses;
  const mediaTypes = (id: string, status: string) => Object.keys(responses(id)[status]?.content ?? {});

  it('lists the API’s operations', () => {
    const ops = operationsOf(doc).map((o) => o.id);
    expect(ops).toEqual(
      expect.arrayContaining(['GET /v1/factors', 'POST /v1/suppliers', 'POST /v1/calculations', 'POST /v1/batches', 'GET /v1/reports/emissions']),
    );
  });

  it('documents every error as application/problem+json', () => {
    for (const op of operationsOf(doc)) {
      for (const [status, response] of Object.entries(op.spec.responses)) {
        if (Number(status) >= 400) expect(Object.keys(response.content ?? {}), `${op.id} ${status}`).toEqual(['application/problem+json']);
      }
    }
  });

  it('documents the statuses the shared machinery answers on every operation like it', () => {
    for (const op of operationsOf(doc)) {
      const statuses = Object.keys(op.spec.responses);
      const expected = ['401', '429', '431', '500', '503'];
      if (op.path.includes('{')) expected.push('404', '414');
      if (op.spec.requestBody) expected.push('400', '413', '415');
      if (op.spec.parameters?.length) expected.push('400');
      expect(statuses, op.id).toEqual(expect.arrayContaining(expected));
    }
    expect(Object.keys(responses('POST /v1/suppliers'))).toContain('409');
  });

  it('documents CSV answers beside JSON', () => {
    for (const id of ['GET /v1/reports/emissions', 'GET /v1/reports/esrs-e1-6', 'GET /v1/batches/{id}/errors']) {
      expect(mediaTypes(id, '200'), id).toEqual(['application/json', 'text/csv']);
    }
  });

  it('describes request bodies in full', () => {
    const body = (id: string, type = 'application/json') => operationsOf(doc).find((o) => o.id === id)!.spec.requestBody!.content[type]!.schema;
    const record = dig(body('POST /v1/calculations'), 'properties', 'record', 'oneOf') as Array<unknown>;
    expect(record.map((r) => dig(r, 'properties', 'category', 'enum', 0))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    expect(dig(body('POST /v1/calculations/batch'), 'properties', 'records', 'items', 'oneOf')).toHaveLength(15);
    expect(dig(body('POST /v1/factors/resolve'), 'oneOf')).toHaveLength(2);
    const uncertainty = body('POST /v1/uncertainty');
    expect(dig(uncertainty, 'anyOf')).toHaveLength(2);
    expect(dig(uncertainty, 'properties', 'inputs', 'items', 'properties', 'distribution', 'oneOf')).toHaveLength(4);
    const upload = operationsOf(doc).find((o) => o.id === 'POST /v1/batches')!.spec.requestBody!.content;
    expect(Object.keys(upload)).toEqual(expect.arrayContaining(['text/csv', 'application/x-ndjson']));
  });
});

describe('the OpenAPI document as a contract', () => {
  it(`holds for ${RUNS} generated requests per operation (seed ${SEED})`, async () => {
    const failures: string[] = [];
    for (const op of operationsOf(doc)) {
      const { failure, statuses } = await fuzzOperation(op);
      if (process.env.FUZZ_VERBOSE) console.log(op.id, JSON.stringify(statuses));
      if (failure) failures.push(failure);
    }
    expect(failures, failures.join('\n\n')).toEqual([]);
  });
});

/** `value[k1][k2]…`, or undefined where the path ends. */
function dig(value: unknown, ...path: Array<string | number>): unknown {
  let v = value;
  for (const k of path) v = v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[k] : undefined;
  return v;
}

/** Runs one operation's property; the statuses seen say how much of the operation it reached. */
async function fuzzOperation(op: Operation): Promise<{ failure: string | null; statuses: Record<number, number> }> {
  const seed = seedFor(SEED, op);
  const statuses: Record<number, number> = {};
  const arbitrary = requestArbitrary(doc, op, { authorization: `Bearer ${key}`, known: (o) => known.get(collectionOf(o.path)) ?? [] });
  const property = fc.asyncProperty(arbitrary, async (request) => {
    const res = await send(request);
    statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
    harvest(op.method, op.path, res.body, res.statusCode);
    const violations = checker.violations(op, { statusCode: res.statusCode, headers: res.headers, body: res.body });
    if (violations.length > 0) throw new Error(violations.join('; '));
  });
  // The first failing request is reported as generated (no shrinking): the seed replays it.
  const details = await fc.check(property, { seed, numRuns: RUNS, endOnFailure: true });
  if (!details.failed) return { failure: null, statuses };
  const request = details.counterexample?.[0];
  const reason = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  return { failure: `${op.id} (seed ${seed}, replay with FUZZ_SEED=${SEED}):\n  ${JSON.stringify(request)}\n  ${reason}`, statuses };
}
