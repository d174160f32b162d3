/**
 * Bad input answered at the boundary, as the OpenAPI document says: text PostgreSQL refuses (NUL,
 * unpaired surrogates) is a 400 naming the field; every answer has a Content-Type; an unsupported
 * method is 405 with Allow; the answers Fastify and Node give before a route runs (bad URL, 414,
 * 431) are problem+json; a duplicate LEI is 409. Each case was a 500, a 404 or Fastify's own
 * `{error, message, statusCode}` before (issue 21, found with schemathesis and by hand).
 */
import { connect } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.ts';
import { prepareDatabase } from '../../src/runtime.ts';
import { addApiKey, ensureTenant } from '../../src/store/tenants.ts';
import { type DriverFixture, pgliteFactory } from '../support/databases.ts';

let fx: DriverFixture;
let app: FastifyInstance;
let auth: { authorization: string };
let calculationId: string;
let batchId: string;

const TRUCK = { category: 4, date: '2024-03-01', mode: 'truck_heavy', distance: 500, distance_unit: 'km', mass: 12, mass_unit: 't' };

beforeAll(async () => {
  fx = await pgliteFactory();
  const rt = await prepareDatabase(fx.driver, { cursorSecret: null });
  auth = { authorization: `Bearer ${await addApiKey(fx.driver, (await ensureTenant(fx.driver, 'edge')).id)}` };
  app = await buildApp({
    driver: fx.driver,
    config: { bodyLimitBytes: 1024 * 1024, logLevel: 'silent', calculationThreads: false },
    cursorSecret: rt.cursorSecret,
  });
  calculationId = (await app.inject({ method: 'POST', url: '/v1/calculations', headers: auth, payload: { record: TRUCK } })).json().id;
  const batch = await app.inject({
    method: 'POST',
    url: '/v1/batches?type=purchases',
    headers: { ...auth, 'content-type': 'text/csv' },
    payload: 'date,spend,currency,sector\n2024-01-15,1000,USD,manufacturing\n2024-02-01,-5,USD,services\n',
  });
  batchId = batch.json().id;
});

afterAll(async () => {
  await app?.close();
  await fx?.close();
});

/** The answer's problem document, after checking it is one. */
function problem(res: { statusCode: number; headers: Record<string, unknown>; json(): unknown }, status: number) {
  expect(res.statusCode).toBe(status);
  expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
  return res.json() as { code: string; detail: string; errors?: Array<{ field: string; message: string }> };
}

describe('text PostgreSQL refuses is a 400 naming its field', () => {
  it.each([
    ['a NUL in a body field', { method: 'POST', url: '/v1/suppliers', payload: '{"name":"a\\u0000b"}' }, 'body.name', 'NUL'],
    ['an unpaired surrogate in a body field', { method: 'POST', url: '/v1/suppliers', payload: '{"name":"a\\ud800b"}' }, 'body.name', 'surrogate'],
    ['a NUL in a query parameter', { method: 'GET', url: '/v1/factors?q=a%00' }, 'querystring.q', 'NUL'],
    ['a NUL in a path parameter', { method: 'GET', url: '/v1/factors/a%00b' }, 'params.id', 'NUL'],
    ['a NUL in a cursor', { method: 'GET', url: '/v1/emissions?cursor=x%00' }, 'querystring.cursor', 'NUL'],
    ['a NUL in a filter', { method: 'GET', url: '/v1/emissions?supplier_id=a%00' }, 'querystring.supplier_id', 'NUL'],
    [
      'a NUL deep in a batch record',
      { method: 'POST', url: '/v1/calculations/batch', payload: JSON.stringify({ records: [TRUCK, { ...TRUCK, external_id: 'po\u00001' }] }) },
      'body.records[1].external_id',
      'NUL',
    ],
    [
      'a NUL in a field name',
      { method: 'POST', url: '/v1/calculations', payload: JSON.stringify({ record: { ...TRUCK, 'note\u0000': 1 } }) },
      'body.record',
      'field names',
    ],
  ])('%s', async (_, request, field, message) => {
    const res = await app.inject({ ...(request as { method: 'GET'; url: string }), headers: { ...auth, 'content-type': 'application/json' } });
    const body = problem(res, 400);
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, message: expect.stringContaining(message) })]));
  });

  it('stores the same text without the NUL', async () => {
    expect((await app.inject({ method: 'POST', url: '/v1/suppliers', headers: auth, payload: { name: 'a b' } })).statusCode).toBe(201);
  });
});

describe('every answer has a Content-Type', () => {
  it.each([
    ['GET', '/v1/reports/emissions'],
    ['GET', '/v1/reports/esrs-e1-6?year=2024'],
    ['GET', '/v1/calculations/{calc}'],
    ['POST', '/v1/calculations/{calc}/verify'],
    ['GET', '/v1/batches/{batch}'],
    ['GET', '/v1/batches/{batch}/errors'],
  ])('%s %s', async (method, path) => {
    const url = path.replace('{calc}', calculationId).replace('{batch}', batchId);
    const res = await app.inject({ method: method as 'GET', url, headers: auth });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it.each([
    ['/v1/calculations', { record: TRUCK }, 201],
    ['/v1/calculations/batch', { records: [TRUCK] }, 200],
    ['/v1/factors/resolve', { activity: 'transport.road.truck_heavy', region: 'DE', year: 2024 }, 200],
    ['/v1/factors/resolve', { queries: [{ activity: 'transport.road.truck_heavy' }] }, 200],
    ['/v1/uncertainty', { inputs: [{ name: 'a', distribution: { kind: 'normal', mean: 1, sd: 0.1 } }], iterations: 1000 }, 200],
  ])('POST %s', async (url, payload, status) => {
    const res = await app.inject({ method: 'POST', url, headers: auth, payload });
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it('CSV answers say so', async () => {
    const res = await app.inject({ url: `/v1/batches/${batchId}/errors?format=csv`, headers: auth });
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
  });
});

describe('answers Fastify and Node give before a route runs', () => {
  it('an unsupported method on a known path is 405 with Allow', async () => {
    const body = problem(await app.inject({ method: 'DELETE', url: '/v1/suppliers', headers: auth }), 405);
    expect(body.code).toBe('METHOD_NOT_ALLOWED');
    const res = await app.inject({ method: 'PUT', url: '/v1/reports/emissions', headers: auth });
    expect(res.statusCode).toBe(405);
    expect(res.headers.allow).toBe('GET, HEAD');
    const item = await app.inject({ method: 'PUT', url: `/v1/calculations/${calculationId}`, headers: auth });
    expect(item.statusCode).toBe(405);
    expect(String(item.headers.allow).split(', ')).toEqual(expect.arrayContaining(['GET', 'HEAD']));
  });

  it('an unknown path is still 404', async () => {
    expect(problem(await app.inject({ method: 'DELETE', url: '/v1/nothing-here', headers: auth }), 404).code).toBe('ROUTE_NOT_FOUND');
  });

  it('a path parameter over 100 characters is 414 problem+json', async () => {
    const body = problem(await app.inject({ url: `/v1/factors/${'x'.repeat(101)}`, headers: auth }), 414);
    expect(body.code).toBe('URI_TOO_LONG');
  });

  it('a path that is not valid percent-encoded UTF-8 is 400 problem+json', async () => {
    expect(problem(await app.inject({ url: '/v1/factors/%E0%A4%A', headers: auth }), 400).code).toBe('BAD_URL');
  });

  it('headers over 16 KiB are 431 problem+json, on a real socket', async () => {
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as { port: number };
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.write(`GET /v1/factors HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`));
      let data = '';
      socket.on('data', (chunk) => {
        data += chunk;
      });
      socket.on('close', () => resolve(data));
      socket.on('error', reject);
    });
    const [head, body] = raw.split('\r\n\r\n') as [string, string];
    expect(head).toMatch(/^HTTP\/1\.1 431 /);
    expect(head.toLowerCase()).toContain('content-type: application/problem+json');
    expect(JSON.parse(body)).toMatchObject({ status: 431, code: 'HEADERS_TOO_LARGE' });
  });
});

describe('conflicts and out-of-range positions', () => {
  it('a duplicate LEI is 409', async () => {
    const lei = '529900T8BM49AURSDO55';
    expect((await app.inject({ method: 'POST', url: '/v1/suppliers', headers: auth, payload: { name: 'One', lei } })).statusCode).toBe(201);
    const body = problem(await app.inject({ method: 'POST', url: '/v1/suppliers', headers: auth, payload: { name: 'Two', lei } }), 409);
    expect(body).toMatchObject({ code: 'ALREADY_EXISTS', detail: expect.stringContaining('lei') });
  });

  it('a row-error cursor past every row is an empty page, not a database error', async () => {
    const res = await app.inject({ url: `/v1/batches/${batchId}/errors?after=99999999999:99999`, headers: auth });
    expect(res.statusCode).toBe(200);
    expect(res.json().data).toEqual([]);
  });

  it('an offset past what a bigint holds is a 400', async () => {
    expect(problem(await app.inject({ url: '/v1/emissions?offset=1e308', headers: auth }), 400).errors?.[0]?.field).toBe('querystring.offset');
  });

  it('a quantity with an empty unit is a 400 naming the unit', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/calculations', headers: auth, payload: { record: { ...TRUCK, distance_unit: '' } } });
    expect(problem(res, 400).errors).toEqual([{ field: 'body.record.distance_unit', message: 'is required with distance' }]);
  });
});
