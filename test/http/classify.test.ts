/**
 * POST /v1/classify/spend (docs/classification.md): answers in the order sent with code, sector,
 * confidence and evidence; validation errors name the field (empty, too many lines, wrong types);
 * API key required. One app on a fresh PostgreSQL database, through inject.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.ts';
import { prepareDatabase } from '../../src/runtime.ts';
import { addApiKey, ensureTenant } from '../../src/store/tenants.ts';
import { type DriverFixture, postgresFactory } from '../support/databases.ts';

let fx: DriverFixture;
let app: FastifyInstance;
let key: string;

beforeAll(async () => {
  fx = await postgresFactory()();
  const { cursorSecret } = await prepareDatabase(fx.driver, { cursorSecret: null });
  key = await addApiKey(fx.driver, (await ensureTenant(fx.driver, 'classify')).id);
  app = await buildApp({
    driver: fx.driver,
    config: { bodyLimitBytes: 8 * 1024 * 1024, logLevel: 'silent', calculationThreads: false, metrics: false },
    cursorSecret,
  });
});
afterAll(async () => {
  await app?.close();
  await fx?.close();
});

const classify = (payload: unknown, headers: Record<string, string> = { authorization: `Bearer ${key}` }) =>
  app.inject({ method: 'POST', url: '/v1/classify/spend', headers, payload: payload as object });

describe('POST /v1/classify/spend', () => {
  it('classifies strings and objects in order, with sector, confidence and evidence', async () => {
    const res = await classify({
      lines: ['steel coil 2mm S235', { description: 'Q3 freight Rotterdam–Duisburg', supplier: 'Rhenus Logistics', amount: 1250.5 }, 'zzz qqq'],
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ lines: 3, classified: 2, unclassified: 1, classifier: { name: 'greenline-keyword-bm25' } });
    expect(body.classifier.version).toMatch(/^1\.0\.0\+[0-9a-f]{8}$/);
    expect(body.results[0]).toMatchObject({
      index: 0,
      naics: '331110',
      industry: 'Iron and Steel Mills and Ferroalloy Manufacturing',
      naics4: '3311',
      naics2: '33',
      sector: 'Manufacturing',
    });
    expect(body.results[0].evidence[0]).toEqual({ term: 'steel coil', field: 'description', source: 'keyword', matched: 'steel coil', weight: 4.5 });
    expect(body.results[1]).toMatchObject({ index: 1, naics: '484121', sector: 'Transportation and Warehousing' });
    expect(body.results[2]).toMatchObject({ index: 2, naics: null, sector: null, confidence: 0, evidence: [], alternatives: [] });
  });

  it('leaves the evidence out when asked', async () => {
    const res = await classify({ lines: ['Adobe CC licences'], include_evidence: false });
    expect(res.statusCode).toBe(200);
    expect(res.json().results[0].naics).toBe('511210');
    expect(res.json().results[0]).not.toHaveProperty('evidence');
  });

  it('answers 10,000 lines', async () => {
    const lines = Array.from({ length: 10_000 }, (_, i) => (i % 2 === 0 ? `Office cleaning ${i}` : { description: `Hotel night ${i}` }));
    const res = await classify({ lines, include_evidence: false });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.lines).toBe(10_000);
    expect(body.results[9_998]).toMatchObject({ index: 9_998, naics: '561720' });
    expect(body.results[9_999]).toMatchObject({ index: 9_999, naics: '721110' });
  });

  it.each([
    ['no lines', { lines: [] }, 'body.lines', /must NOT have fewer than 1 items/],
    ['more than 10,000 lines', { lines: Array.from({ length: 10_001 }, () => 'x') }, 'body.lines', /must NOT have more than 10000 items/],
    ['no lines field', {}, 'body.lines', /is required/],
    ['lines not an array', { lines: 'paper' }, 'body.lines', /must be array/],
    ['a number for a line', { lines: ['ok', 42] }, 'body.lines[1]', /description \(string\) or an object/],
    ['an empty description', { lines: ['  '] }, 'body.lines[0]', /must not be empty/],
    ['an object without a description', { lines: [{ supplier: 'DHL' }] }, 'body.lines[0].description', /is required/],
    ['a description of the wrong type', { lines: [{ description: 7 }] }, 'body.lines[0].description', /must be a string/],
    ['an unknown field of a line', { lines: [{ description: 'paper', naics: '322121' }] }, 'body.lines[0].naics', /not a known field/],
    ['an amount that is not a number', { lines: [{ description: 'paper', amount: '12' }] }, 'body.lines[0].amount', /must be a number/],
    ['an unknown body field', { lines: ['paper'], threshold: 0.5 }, 'body.threshold', /not a known field/],
  ])('refuses %s with 400 naming the field', async (_what, payload, field, message) => {
    const res = await classify(payload);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const problem = res.json();
    expect(problem.code).toBe('VALIDATION_FAILED');
    expect(problem.errors).toContainEqual({ field, message: expect.stringMatching(message) });
  });

  it('needs an API key', async () => {
    expect((await classify({ lines: ['paper'] }, {})).statusCode).toBe(401);
  });
});
