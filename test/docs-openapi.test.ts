/**
 * The docs checked against the OpenAPI document of the real app, so they cannot drift (issue 15,
 * item 10): the app is built in-process on an in-memory PGlite, exactly as the server builds it,
 * and its /openapi.json is the reference.
 *
 * - README's API table names every operation of OpenAPI and each operation's query parameters,
 *   and names only routes the app has; so do the parameter tables of docs/*.md and every
 *   `METHOD /path` written anywhere in README.md and docs/*.md.
 * - Every curl example against /v1 sends a body that validates against the operation's request
 *   schema and query parameters the operation knows, and the app accepts it (2xx) when it names
 *   no placeholder (`bat_…`) or file.
 * - Every ```json block in the docs is marked with the answer it shows
 *   (`<!-- response: GET /v1/emissions 200 -->`, or `<!-- response-fragment: GET
 *   /v1/suppliers/{id} 200 emissions -->` for one property of an answer); it validates against
 *   the response schema (extra fields refused) and has the keys of a real answer of that route,
 *   at every depth. A bare `…` in an example elides members; `"bat_…"` is a placeholder value.
 * - Every property and parameter name in OpenAPI, and every key of every operation's real answer,
 *   is snake_case.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/http/app.ts';
import { prepareDatabase } from '../src/runtime.ts';
import { addApiKey, ensureTenant } from '../src/store/tenants.ts';
import { FakeOpenAiServer } from './intelligence/fake-openai-server.ts';
import { type DriverFixture, pgliteFactory } from './support/databases.ts';
import {
  cellRoutes,
  closedSchema,
  curlCommands,
  type DocFile,
  fencedBlocks,
  isObject,
  keyDifferences,
  lineAt,
  nonSnakeKeys,
  parseExample,
  parseMention,
  type RouteMention,
  readDocs,
  SNAKE_CASE,
  section,
  stripElisions,
  tableRows,
  urlTarget,
} from './support/doc-examples.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Routes the app serves that OpenAPI leaves out on purpose (`hide: true`), which the docs may name. */
const HIDDEN_ROUTES: Record<string, string> = {
  'GET /healthz': 'liveness probe for orchestrators, not part of the API',
  'GET /readyz': 'readiness probe for orchestrators, not part of the API',
  'GET /metrics': 'Prometheus text exposition, documented in docs/observability.md',
  'GET /dashboard': 'an HTML page',
  'GET /dashboard/snapshot': "the dashboard page's own data, documented in docs/observability.md",
  'GET /dashboard/stream': 'server-sent events for the dashboard page',
};

/** Operations in OpenAPI that README's API table does not name, and why (none). */
const UNLISTED_OPERATIONS: Record<string, string> = {};

/** Query parameters README's API table leaves out of an operation's row, and why (none). */
const UNLISTED_QUERY: Record<string, Record<string, string>> = {};

/** Answers whose keys are not snake_case, and why: reported, not hidden. */
const NOT_SNAKE_CASE_ANSWERS: Record<string, string> = {};

/** Property names whose values are maps keyed by data (categories, tiers, gases, factor ids), not by field names. */
const MAP_PROPERTIES: ReadonlySet<string> = new Set(['by_category', 'by_category_kg', 'by_tier_kg', 'gases', 'meta', 'factors', 'distribution']);

/** A CBAM line and an installation (docs/cbam.md). */
const CBAM_LINE = { shipment_id: 'D-0', import_date: '2026-02-03', cn_code: '72085120', origin_country: 'TR', quantity: 60, unit: 't' };
const CBAM_INSTALLATION = {
  installation_id: 'TR-1',
  name: 'Works 1',
  operator_name: 'Celik AS',
  country: 'TR',
  emissions: [{ cn_code: '72085120', year: 2026, direct_see: 1.9, verified: true, verifier: 'DNV', verified_on: '2026-01-10' }],
};

/** The record of docs/calculations.md's example (500 km × 12 t by heavy truck). */
const CALC_RECORD = { category: 4, date: '2024-03-01', mode: 'road.truck_heavy', distance: 500, distance_unit: 'km', mass: 12, mass_unit: 't' };

/** One shipment file for a batch: a good row and a bad date. */
const SHIPMENTS_CSV =
  'date,external_id,mode,distance,distance_unit,mass,mass_unit\n2024-03-01,SHIP-1,road.truck_heavy,500,km,12,t\n2024-13-01,SHIP-2,road.truck_heavy,500,km,12,t\n';

// ajv-formats is CommonJS with a default export; under NodeNext its type is the module namespace.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const bodyAjv = addFormats(new Ajv2020({ strict: false, allErrors: true, validateFormats: true }));
const queryAjv = addFormats(new Ajv2020({ strict: false, allErrors: true, coerceTypes: 'array' }));

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema: object;
}
interface MediaTypes {
  content?: Record<string, { schema: object }>;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: MediaTypes;
  responses: Record<string, MediaTypes>;
}
interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
}
interface Op {
  key: string;
  method: string;
  path: string;
  operation: Operation;
  pattern: RegExp;
  params: number;
}

const opKey = (method: string, path: string) => `${method.toUpperCase()} ${path}`;
const queryParams = (op: Op) => (op.operation.parameters ?? []).filter((p) => p.in === 'query');
const errorsText = (errors: ErrorObject[] | null | undefined) => (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');

/** A loose record (`Type.Record(String, Unknown)`): the route documents its answer in prose, not in the schema. */
function isLooseRecord(schema: unknown): boolean {
  return isObject(schema) && schema.type === 'object' && schema.properties === undefined && isObject(schema.additionalProperties);
}

describe('docs against the OpenAPI document of the real app', () => {
  let fx: DriverFixture;
  let app: FastifyInstance;
  let llm: FakeOpenAiServer;
  let key: string;
  let uploadDir: string;
  let openapi: OpenApi;
  const ops = new Map<string, Op>();
  const docs: DocFile[] = readDocs(ROOT);

  const request = (options: InjectOptions) => app.inject({ ...options, headers: { authorization: `Bearer ${key}`, ...options.headers } });
  const json = async (options: InjectOptions): Promise<{ status: number; body: unknown }> => {
    const res = await request(options);
    if (res.statusCode >= 300) throw new Error(`${options.method ?? 'GET'} ${options.url}: ${res.statusCode} ${res.body}`);
    return { status: res.statusCode, body: res.body === '' ? null : res.json() };
  };
  const once = <T>(f: () => Promise<T>) => {
    let p: Promise<T> | undefined;
    return () => {
      p ??= f();
      return p;
    };
  };
  const field = (v: unknown, name: string): string => {
    if (!isObject(v) || typeof v[name] !== 'string') throw new Error(`no ${name} in ${JSON.stringify(v)}`);
    return v[name] as string;
  };

  // What the real answers are read from, made when first needed.
  const supplierId = once(async () => field((await json({ method: 'POST', url: '/v1/suppliers', payload: { name: 'ACME Steel', country: 'DE' } })).body, 'id'));
  // A review queue item for a name the match sends to review (one per name: the list and the decision use two).
  const reviewIds = new Map<string, Promise<string>>();
  const reviewId = (name: string) => {
    let id = reviewIds.get(name);
    if (!id) {
      id = (async () => {
        await supplierId();
        const { body } = await json({ method: 'POST', url: '/v1/suppliers/match', payload: { names: [{ name, country: 'DE' }] } });
        return field(isObject(body) && Array.isArray(body.results) ? body.results[0] : null, 'review_id');
      })();
      reviewIds.set(name, id);
    }
    return id;
  };
  const calculationId = once(async () => {
    const record = { ...CALC_RECORD, supplier_id: await supplierId(), external_id: 'PO-1' };
    return field((await json({ method: 'POST', url: '/v1/calculations', payload: { record } })).body, 'id');
  });
  const factorId = once(async () => {
    const { body } = await json({ url: '/v1/factors?limit=1' });
    return field(isObject(body) && Array.isArray(body.data) ? body.data[0] : null, 'id');
  });
  const batchId = once(async () => {
    const { body } = await json({
      method: 'POST',
      url: '/v1/batches?type=logistics&name=shipments.csv',
      headers: { 'content-type': 'text/csv' },
      payload: SHIPMENTS_CSV,
    });
    const id = field(body, 'id');
    for (let i = 0; i < 400; i++) {
      const state = field((await json({ url: `/v1/batches/${id}` })).body, 'status');
      if (state === 'succeeded' || state === 'failed') return id;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`batch ${id} did not finish`);
  });
  /** A finished batch of its own (one is deleted), from the shipments with another external id. */
  const newBatch = async (tag: string) => {
    const csv = SHIPMENTS_CSV.replace('SHIP-1', `SHIP-${tag}`);
    const id = field((await json({ method: 'POST', url: '/v1/batches?type=logistics', headers: { 'content-type': 'text/csv' }, payload: csv })).body, 'id');
    for (let i = 0; i < 400 && !['succeeded', 'failed'].includes(field((await json({ url: `/v1/batches/${id}` })).body, 'status')); i++)
      await new Promise((r) => setTimeout(r, 50));
    return id;
  };
  const newFactorId = async () =>
    field(
      (
        await json({
          method: 'POST',
          url: '/v1/factors',
          payload: { activity: 'transport.road.truck_heavy', name: 'Our fleet', value: 0.058, unit: 'kgCO2e/tkm', year: 2024 },
        })
      ).body,
      'id',
    );
  /** A batch deleted, whose audit entries GET /v1/audit shows (newest first: the delete). */
  const deletedBatchId = once(async () => {
    const id = await newBatch('deleted');
    await json({ method: 'DELETE', url: `/v1/batches/${id}` });
    return id;
  });
  /** A new key of the tenant each time (one is revoked, another rotated). */
  const newKeyId = async () => field((await json({ method: 'POST', url: '/v1/keys', payload: { label: 'spare' } })).body, 'id');
  const recalculationId = once(async () =>
    field((await json({ method: 'POST', url: '/v1/recalculations', payload: { batch_id: await batchId() } })).body, 'id'),
  );

  /** A stored CBAM shipment's id. */
  const cbamShipment = once(async () =>
    field((await json({ method: 'POST', url: '/v1/cbam/shipments', payload: { shipment: { ...CBAM_LINE, shipment_id: 'D-1' } } })).body, 'id'),
  );

  /** How to get a real answer of each operation (and of the hidden routes the docs show answers of). */
  const LIVE: Record<string, () => Promise<InjectOptions>> = {
    'DELETE /v1/batches/{id}': async () => ({ method: 'DELETE', url: `/v1/batches/${await newBatch('gone')}` }),
    'DELETE /v1/calculations/{id}': async () => ({
      method: 'DELETE',
      url: `/v1/calculations/${field((await json({ method: 'POST', url: '/v1/calculations', payload: { record: CALC_RECORD } })).body, 'id')}`,
    }),
    'DELETE /v1/factors/{id}': async () => ({ method: 'DELETE', url: `/v1/factors/${await newFactorId()}` }),
    'POST /v1/factors/{id}/supersede': async () => ({ method: 'POST', url: `/v1/factors/${await newFactorId()}/supersede`, payload: { value: 0.061 } }),
    'GET /v1/audit': async () => ({ url: `/v1/audit?resource=${await deletedBatchId()}` }),
    'GET /v1/factors': async () => ({ url: '/v1/factors?limit=2' }),
    'GET /v1/factors/{id}': async () => ({ url: `/v1/factors/${await factorId()}` }),
    'POST /v1/factors': async () => ({
      method: 'POST',
      url: '/v1/factors',
      payload: { activity: 'transport.road.truck_heavy', name: 'Our fleet', value: 0.058, unit: 'kgCO2e/tkm', year: 2024, region: 'DE' },
    }),
    'POST /v1/factors/resolve': async () => ({
      method: 'POST',
      url: '/v1/factors/resolve',
      payload: { activity: 'transport.road.truck_heavy', region: 'DE', year: 2024 },
    }),
    'POST /v1/suppliers': async () => ({ method: 'POST', url: '/v1/suppliers', payload: { name: 'Nordic Freight AB', country: 'SE' } }),
    'POST /v1/intelligence/chat': async () => ({
      method: 'POST',
      url: '/v1/intelligence/chat',
      payload: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hello' }] },
    }),
    'POST /v1/intelligence/embeddings': async () => ({ method: 'POST', url: '/v1/intelligence/embeddings', payload: { input: 'steel coil' } }),
    'GET /v1/intelligence/usage': async () => ({ url: '/v1/intelligence/usage?group_by=model' }),
    'GET /v1/intelligence/settings': async () => ({ url: '/v1/intelligence/settings' }),
    'PUT /v1/intelligence/settings': async () => ({ method: 'PUT', url: '/v1/intelligence/settings', payload: { monthly_budget_usd: 100 } }),
    'POST /v1/classify/spend': async () => ({
      method: 'POST',
      url: '/v1/classify/spend',
      payload: { lines: [{ description: 'steel coil 2mm S235', supplier: 'ArcelorMittal' }, 'Reinigungsdienst Büro März'] },
    }),
    'POST /v1/suppliers/match': async () => {
      await supplierId();
      return { method: 'POST', url: '/v1/suppliers/match', payload: { names: [{ name: 'Acme Steell GmbH', country: 'DE' }, { name: 'Zebra Freight' }] } };
    },
    'GET /v1/suppliers/review': async () => {
      await reviewId('ACME Steel Trading');
      return { url: '/v1/suppliers/review' };
    },
    'GET /v1/suppliers/review/{id}': async () => ({ url: `/v1/suppliers/review/${await reviewId('ACME Steel Trading')}` }),
    'POST /v1/suppliers/review/{id}': async () => ({
      method: 'POST',
      url: `/v1/suppliers/review/${await reviewId('ACME Steel Works')}`,
      payload: { action: 'accept' },
    }),
    'POST /v1/suppliers/{id}/merge': async () => {
      const from = field((await json({ method: 'POST', url: '/v1/suppliers', payload: { name: 'Nordic Freight Ltd', country: 'SE' } })).body, 'id');
      const into = field((await json({ method: 'POST', url: '/v1/suppliers', payload: { name: 'Nordic Freight AB', country: 'SE' } })).body, 'id');
      return { method: 'POST', url: `/v1/suppliers/${from}/merge`, payload: { into } };
    },
    'GET /v1/suppliers/settings': async () => ({ url: '/v1/suppliers/settings' }),
    'PUT /v1/suppliers/settings': async () => ({ method: 'PUT', url: '/v1/suppliers/settings', payload: { auto_match_threshold: 85 } }),
    'GET /v1/suppliers': async () => {
      await supplierId();
      return { url: '/v1/suppliers' };
    },
    'GET /v1/suppliers/{id}': async () => {
      await calculationId();
      return { url: `/v1/suppliers/${await supplierId()}` };
    },
    'GET /v1/emissions': async () => {
      await Promise.all([calculationId(), batchId()]);
      return { url: '/v1/emissions?limit=1&count=exact' };
    },
    'POST /v1/calculations': async () => ({ method: 'POST', url: '/v1/calculations', payload: { record: CALC_RECORD } }),
    'POST /v1/calculations/batch': async () => ({
      method: 'POST',
      url: '/v1/calculations/batch',
      payload: { records: [CALC_RECORD, { ...CALC_RECORD, distance: 'far' }] },
    }),
    'GET /v1/calculations/{id}': async () => ({ url: `/v1/calculations/${await calculationId()}` }),
    'POST /v1/calculations/{id}/verify': async () => ({ method: 'POST', url: `/v1/calculations/${await calculationId()}/verify` }),
    'POST /v1/uncertainty': async () => ({ method: 'POST', url: '/v1/uncertainty', payload: { calculation_ids: [await calculationId()], iterations: 1000 } }),
    'POST /v1/batches': async () => ({
      method: 'POST',
      url: '/v1/batches?type=logistics&name=shipments.csv',
      headers: { 'content-type': 'text/csv' },
      payload: SHIPMENTS_CSV,
    }),
    'GET /v1/batches/{id}': async () => ({ url: `/v1/batches/${await batchId()}` }),
    'GET /v1/batches/{id}/errors': async () => ({ url: `/v1/batches/${await batchId()}/errors` }),
    'POST /v1/batches/{id}/resume': async () => ({ method: 'POST', url: `/v1/batches/${await batchId()}/resume` }),
    'GET /v1/reports/emissions': async () => {
      await calculationId();
      return { url: '/v1/reports/emissions?group_by=category,month' };
    },
    'GET /v1/reports/esrs-e1-6': async () => {
      await calculationId();
      return { url: '/v1/reports/esrs-e1-6?year=2024' };
    },
    'POST /v1/recalculations': async () => ({ method: 'POST', url: '/v1/recalculations', payload: { batch_id: await batchId() } }),
    'GET /v1/recalculations/{id}': async () => ({ url: `/v1/recalculations/${await recalculationId()}` }),
    'GET /v1/keys': async () => ({ url: '/v1/keys' }),
    'POST /v1/keys': async () => ({ method: 'POST', url: '/v1/keys', payload: { label: 'reporting', scope: 'read', expires: '30d' } }),
    'POST /v1/keys/{id}/revoke': async () => ({ method: 'POST', url: `/v1/keys/${await newKeyId()}/revoke` }),
    'POST /v1/keys/{id}/rotate': async () => ({ method: 'POST', url: `/v1/keys/${await newKeyId()}/rotate`, payload: { grace: '1h' } }),
    'POST /v1/cbam/shipments': async () => ({
      method: 'POST',
      url: '/v1/cbam/shipments',
      payload: { shipments: [CBAM_LINE, { ...CBAM_LINE, shipment_id: 'D-2', cn_code: '1' }] },
    }),
    'GET /v1/cbam/shipments': async () => {
      await cbamShipment();
      return { url: '/v1/cbam/shipments?limit=2' };
    },
    'GET /v1/cbam/shipments/{id}': async () => ({ url: `/v1/cbam/shipments/${await cbamShipment()}` }),
    'GET /v1/cbam/shipments/{id}/verify': async () => ({ url: `/v1/cbam/shipments/${await cbamShipment()}/verify` }),
    'POST /v1/cbam/installations': async () => ({ method: 'POST', url: '/v1/cbam/installations', payload: { installation: CBAM_INSTALLATION } }),
    'GET /v1/cbam/installations': async () => {
      await json({ method: 'POST', url: '/v1/cbam/installations', payload: { installation: CBAM_INSTALLATION } });
      return { url: '/v1/cbam/installations' };
    },
    'GET /v1/cbam/datasets': async () => ({ url: '/v1/cbam/datasets' }),
    'POST /v1/cbam/datasets': async () => ({
      method: 'POST',
      url: '/v1/cbam/datasets?name=Docs&version=1&source=docs%20test',
      headers: { 'content-type': 'text/csv' },
      payload: 'kind,cn_code,country,period,direct_see,indirect_see,value\nprice,,,2027,,,85\n',
    }),
    'GET /v1/cbam/declarations/{year}': async () => {
      await cbamShipment();
      return { url: '/v1/cbam/declarations/2026' };
    },
    'GET /v1/cbam/reports/{year}/{quarter}': async () => {
      await cbamShipment();
      return { url: '/v1/cbam/reports/2026/1' };
    },
    'GET /dashboard/snapshot': async () => ({ url: '/dashboard/snapshot' }),
  };
  const liveAnswers = new Map<string, Promise<{ status: number; body: unknown }>>();
  const live = (key: string) => {
    let answer = liveAnswers.get(key);
    if (!answer) {
      const make = LIVE[key];
      if (!make) throw new Error(`no live request for ${key}: add one to LIVE`);
      answer = make().then(json);
      liveAnswers.set(key, answer);
    }
    return answer;
  };

  /** The operation a concrete request path goes to (a literal segment wins over a parameter). */
  const operationFor = (method: string, path: string): Op | undefined =>
    [...ops.values()].filter((op) => op.method === method && op.pattern.test(path)).sort((a, b) => a.params - b.params)[0];

  const isHiddenRoute = (key: string) => {
    const [method, path] = key.split(' ') as [string, string];
    return key in HIDDEN_ROUTES && app.hasRoute({ method: method as 'GET', url: path.replace(/\{([^}]+)\}/g, ':$1') });
  };

  beforeAll(async () => {
    fx = await pgliteFactory();
    const rt = await prepareDatabase(fx.driver, { cursorSecret: null });
    key = await addApiKey(fx.driver, (await ensureTenant(fx.driver, 'docs')).id);
    uploadDir = await mkdtemp(join(tmpdir(), 'greenline-docs-'));
    // The LLM gateway's examples need an upstream: a local OpenAI-compatible server (test/intelligence).
    llm = await new FakeOpenAiServer().start();
    // As the server builds it, admin API included: the hidden routes must stay out of OpenAPI.
    app = await buildApp({
      driver: fx.driver,
      config: {
        bodyLimitBytes: 1024 * 1024,
        logLevel: 'silent',
        calculationThreads: false,
        llm: { baseUrl: llm.url, apiKey: null, timeoutMs: 5_000, maxRetries: 0, retryBaseMs: 10 },
      },
      cursorSecret: rt.cursorSecret,
      admin: { token: 'docs-test-token', uploadDir },
    });
    await app.ready();
    openapi = (await app.inject('/openapi.json')).json() as OpenApi;
    for (const [path, methods] of Object.entries(openapi.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const params = (path.match(/\{/g) ?? []).length;
        const pattern = new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`);
        ops.set(opKey(method, path), { key: opKey(method, path), method: method.toUpperCase(), path, operation, pattern, params });
      }
    }
  });
  afterAll(async () => {
    await app?.close();
    await llm?.close();
    await fx?.close();
    if (uploadDir) await rm(uploadDir, { recursive: true, force: true });
  });

  it('serves an OpenAPI document without the hidden routes', () => {
    expect(ops.size).toBeGreaterThan(10);
    const paths = Object.keys(openapi.paths);
    expect(paths.filter((p) => !p.startsWith('/v1/'))).toEqual([]);
    for (const key of Object.keys(HIDDEN_ROUTES)) {
      expect(ops.has(key), `${key} is hidden`).toBe(false);
      expect(isHiddenRoute(key), `${key} is a route of the app`).toBe(true);
    }
  });

  it('names every property and parameter in OpenAPI in snake_case', () => {
    const bad: string[] = [];
    const walk = (node: unknown, where: string) => {
      if (Array.isArray(node)) for (const [i, n] of node.entries()) walk(n, `${where}[${i}]`);
      if (!isObject(node)) return;
      if (isObject(node.properties)) for (const name of Object.keys(node.properties)) if (!SNAKE_CASE.test(name)) bad.push(`${where}.properties.${name}`);
      if (typeof node.in === 'string' && typeof node.name === 'string' && node.in !== 'header' && !SNAKE_CASE.test(node.name))
        bad.push(`${where}: ${node.in} ${node.name}`);
      for (const [k, v] of Object.entries(node)) if (k !== 'properties') walk(v, `${where}.${k}`);
      if (isObject(node.properties)) for (const [k, v] of Object.entries(node.properties)) walk(v, `${where}.properties.${k}`);
    };
    for (const op of ops.values()) walk(op.operation, op.key);
    expect(bad).toEqual([]);
  });

  describe("README's API table", () => {
    const readme = () => docs.find((d) => d.file === 'README.md')!;
    const tableMentions = (): RouteMention[] => {
      const { body, offset } = section(readme().text, '## API');
      const rows = tableRows(body);
      expect(rows.length).toBeGreaterThan(5);
      return rows.flatMap((r) => cellRoutes(r.cells[0]!, lineAt(readme().text, offset) + r.line));
    };

    it('names every operation of OpenAPI, and only routes the app has', () => {
      const mentions = tableMentions();
      const named = new Set(mentions.map((m) => opKey(m.method, m.path)));
      const unknown = mentions.filter((m) => !ops.has(opKey(m.method, m.path)) && !isHiddenRoute(opKey(m.method, m.path))).map((m) => m.text);
      expect(unknown, 'routes in the table that neither OpenAPI nor HIDDEN_ROUTES has').toEqual([]);
      const missing = [...ops.keys()].filter((k) => !named.has(k) && !(k in UNLISTED_OPERATIONS));
      expect(missing, 'operations of OpenAPI the table does not name').toEqual([]);
    });

    it("lists each operation's query parameters, and only those", () => {
      const listed = new Map<string, Set<string>>();
      const problems: string[] = [];
      for (const m of tableMentions()) {
        const op = ops.get(opKey(m.method, m.path));
        if (!op) continue;
        const known = new Map(queryParams(op).map((p) => [p.name, p]));
        const names = listed.get(op.key) ?? new Set<string>();
        listed.set(op.key, names);
        for (const q of m.query) {
          names.add(q.name);
          const param = known.get(q.name);
          if (!param) problems.push(`${m.text}: ${q.name} is not a query parameter of ${op.key}`);
          else if (q.value !== null) {
            const validate = queryAjv.compile({ type: 'object', properties: { [q.name]: param.schema } });
            if (!validate({ [q.name]: q.value })) problems.push(`${m.text}: ${q.name}=${q.value}: ${errorsText(validate.errors)}`);
          }
        }
      }
      for (const [key, names] of listed) {
        const exempt = UNLISTED_QUERY[key] ?? {};
        for (const p of queryParams(ops.get(key)!))
          if (!names.has(p.name) && !(p.name in exempt)) problems.push(`${key}: query parameter ${p.name} is not in the table`);
      }
      expect(problems).toEqual([]);
    });
  });

  it("gives in each docs parameter table exactly its operation's query parameters", () => {
    const problems: string[] = [];
    let checked = 0;
    for (const doc of docs) {
      // A `## \`GET /v1/x\`` heading, then a table whose first column is `parameter`.
      for (const m of doc.text.matchAll(/^#+ `(GET|POST|PUT|PATCH|DELETE) (\/[^`]+)`\s*$/gm)) {
        const mention = parseMention(m[1]!, m[2]!, lineAt(doc.text, m.index));
        const op = ops.get(opKey(mention.method, mention.path));
        const rest = doc.text.slice(m.index + m[0].length);
        const body = rest.slice(0, /^#+ /m.exec(rest)?.index ?? rest.length);
        const rows = tableRows(body).filter((r) => r.header[0] === 'parameter');
        if (rows.length === 0) continue;
        if (!op) {
          problems.push(`${doc.file}:${mention.line}: ${mention.text} is not an operation of OpenAPI`);
          continue;
        }
        checked++;
        const documented = new Set(rows.flatMap((r) => [...r.cells[0]!.matchAll(/`([^`]+)`/g)].map((x) => x[1]!)));
        const known = new Set(queryParams(op).map((p) => p.name));
        for (const name of documented) if (!known.has(name)) problems.push(`${doc.file}:${mention.line}: ${name} is not a query parameter of ${op.key}`);
        for (const name of known)
          if (!documented.has(name)) problems.push(`${doc.file}:${mention.line}: ${op.key} has query parameter ${name}, the table does not`);
      }
    }
    expect(checked).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });

  it('names only routes the app has wherever README.md and docs/*.md write METHOD /path', () => {
    const problems: string[] = [];
    for (const doc of docs) {
      for (const m of doc.text.matchAll(/(?<![A-Za-z])(GET|POST|PUT|PATCH|DELETE) (\/[A-Za-z0-9_\-./:{}]*)(\?[^\s`|)"'*]*)?(\*)?/g)) {
        const [, method, rawPath, search, wildcard] = m;
        const path = rawPath!.replace(/\.$/, '');
        // Shell brace expansion (`/dashboard/{app.js,style.css}`) names several files, not a route.
        if (/\{[^}]*$/.test(path) || /\{[^}]*[.,]/.test(path)) continue;
        const mention = parseMention(method!, `${path}${search ?? ''}`, lineAt(doc.text, m.index));
        const where = `${doc.file}:${mention.line}: ${mention.text}`;
        if (wildcard) {
          const prefix = mention.path;
          if (![...ops.values()].some((op) => op.method === method && op.path.startsWith(prefix)) && !path.startsWith('/dashboard'))
            problems.push(`${where}*: no operation starts so`);
          continue;
        }
        const op = ops.get(opKey(mention.method, mention.path));
        if (!op) {
          if (!app.hasRoute({ method: method as 'GET', url: path })) problems.push(`${where}: no such route`);
          continue;
        }
        const known = new Set(queryParams(op).map((p) => p.name));
        for (const q of mention.query) if (!known.has(q.name)) problems.push(`${where}: ${q.name} is not a query parameter of ${op.key}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('has curl examples whose bodies and query strings the operation accepts, and whose promised figures the app gives', async () => {
    const problems: string[] = [];
    let checked = 0;
    let figures = 0;
    for (const doc of docs) {
      for (const block of fencedBlocks(doc.text)) {
        for (const curl of curlCommands(block.body, block.line)) {
          const { path, search } = urlTarget(curl.url);
          if (!path.startsWith('/v1/')) continue;
          checked++;
          const where = `${doc.file}:${curl.line}: curl ${curl.method} ${curl.url}`;
          const op = operationFor(curl.method, path);
          if (!op) {
            problems.push(`${where}: no such operation in OpenAPI`);
            continue;
          }
          // Query: known names, valid values, required ones given.
          const params = queryParams(op);
          const query: Record<string, string | string[]> = {};
          for (const [name, value] of search) {
            const prev = query[name];
            query[name] = prev === undefined ? value : [prev, value].flat();
          }
          for (const name of Object.keys(query))
            if (!params.some((p) => p.name === name)) problems.push(`${where}: ${name} is not a query parameter of ${op.key}`);
          const validateQuery = queryAjv.compile({
            type: 'object',
            properties: Object.fromEntries(params.map((p) => [p.name, p.schema])),
            required: params.filter((p) => p.required).map((p) => p.name),
          });
          if (!validateQuery(query)) problems.push(`${where}: query ${errorsText(validateQuery.errors)}`);
          // Body: JSON against the request schema.
          let payload: unknown;
          if (curl.data !== null) {
            const schema = op.operation.requestBody?.content?.['application/json']?.schema;
            if (!schema) {
              problems.push(`${where}: sends a JSON body, ${op.key} takes none`);
              continue;
            }
            try {
              payload = JSON.parse(curl.data);
            } catch (err) {
              problems.push(`${where}: the body is not JSON (${(err as Error).message})`);
              continue;
            }
            const validate = bodyAjv.compile(schema);
            if (!validate(payload)) problems.push(`${where}: body ${errorsText(validate.errors)}`);
          }
          // And the app takes it, unless it names a placeholder or a file.
          if (curl.file !== null || `${curl.url}${curl.data ?? ''}`.includes('…')) continue;
          const headers = Object.fromEntries(curl.headers.filter(([name]) => name !== 'authorization'));
          const res = await request({
            method: curl.method as 'GET',
            url: `${path}${search.size > 0 ? `?${search}` : ''}`,
            headers,
            payload: curl.data ?? undefined,
          });
          if (res.statusCode >= 300) problems.push(`${where}: the app answers ${res.statusCode} ${res.body.slice(0, 300)}`);
          // A figure the example promises (`# → kg_co2e 372 …` after the command) is the figure the app gives.
          const promised = /#\s*→\s*kg_co2e\s+([\d.]+)/.exec(block.body.slice(block.body.indexOf('curl')))?.[1];
          if (promised !== undefined && res.statusCode < 300) {
            const answered = (JSON.parse(res.body) as { kg_co2e?: number }).kg_co2e;
            if (answered !== Number(promised)) problems.push(`${where}: the docs promise kg_co2e ${promised}, the app answers ${answered}`);
            figures++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(3);
    expect(figures).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });

  it('has JSON examples that are marked, fit their response schema and have the keys of a real answer', async () => {
    const problems: string[] = [];
    let checked = 0;
    for (const doc of docs) {
      for (const block of fencedBlocks(doc.text)) {
        if (block.lang !== 'json' && block.lang !== 'jsonc') continue;
        const where = `${doc.file}:${block.line}`;
        const marker = /^(response|response-fragment):\s+(GET|POST|PUT|PATCH|DELETE)\s+(\S+)\s+(\d{3})(?:\s+(\S+))?$/.exec(block.marker ?? '');
        if (!marker) {
          if (!/^not-an-answer:\s+\S/.test(block.marker ?? ''))
            problems.push(
              `${where}: mark the block with <!-- response: METHOD /path STATUS -->, <!-- response-fragment: METHOD /path STATUS property --> or <!-- not-an-answer: why -->`,
            );
          continue;
        }
        const [, kind, method, rawPath, status, property] = marker;
        if ((kind === 'response-fragment') !== (property !== undefined)) {
          problems.push(`${where}: a response-fragment marker names the property it shows, a response marker none`);
          continue;
        }
        const mention = parseMention(method!, rawPath!, block.line);
        const key = opKey(mention.method, mention.path);
        const op = ops.get(key);
        if (!op && !isHiddenRoute(key)) {
          problems.push(`${where}: ${key} is neither an operation of OpenAPI nor one of HIDDEN_ROUTES`);
          continue;
        }
        checked++;
        let example: unknown;
        try {
          example = parseExample(block.body);
        } catch (err) {
          problems.push(`${where}: not JSON (with … elisions): ${(err as Error).message}`);
          continue;
        }
        if (property !== undefined) {
          if (!isObject(example) || Object.keys(example).length !== 1 || !(property in example)) {
            problems.push(`${where}: a fragment shows "${property}": … and nothing else`);
            continue;
          }
          example = example[property];
        }
        // The response schema, where it says more than "an object".
        if (op) {
          const response = op.operation.responses[status!];
          if (!response) {
            problems.push(`${where}: ${key} has no ${status} response`);
            continue;
          }
          let schema: unknown = response.content?.['application/json']?.schema;
          if (property !== undefined && isObject(schema)) schema = isObject(schema.properties) ? schema.properties[property] : undefined;
          if (schema === undefined) problems.push(`${where}: ${key} ${status} has no JSON schema${property ? ` for ${property}` : ''}`);
          else if (!isLooseRecord(schema)) {
            const { clean, elided } = stripElisions(example);
            const validate = bodyAjv.compile(closedSchema(schema) as object);
            validate(clean);
            // An elided object or array may leave out required members.
            const errors = (validate.errors ?? []).filter((e) => !(elided.has(e.instancePath) && (e.keyword === 'required' || e.keyword === 'minItems')));
            if (errors.length > 0) problems.push(`${where}: does not fit the ${key} ${status} schema: ${errorsText(errors)}`);
          }
        }
        // Names: snake_case, and the keys of a real answer.
        if (!(key in NOT_SNAKE_CASE_ANSWERS)) for (const p of nonSnakeKeys(example, MAP_PROPERTIES)) problems.push(`${where}: ${p} is not snake_case`);
        const real = await live(key);
        const realValue = property !== undefined && isObject(real.body) ? real.body[property] : real.body;
        for (const d of keyDifferences(example, realValue, MAP_PROPERTIES, property ? `$.${property}` : '$')) problems.push(`${where}: ${d}`);
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(0);
  });

  it('answers every operation with snake_case keys', async () => {
    const problems: string[] = [];
    for (const key of Object.keys(LIVE)) if (!ops.has(key) && !isHiddenRoute(key)) problems.push(`LIVE names ${key}, which is no route`);
    for (const op of ops.values()) {
      if (!LIVE[op.key]) {
        problems.push(`${op.key}: no live request in LIVE`);
        continue;
      }
      const { status, body } = await live(op.key);
      if (!op.operation.responses[String(status)]) problems.push(`${op.key}: answered ${status}, which OpenAPI does not list`);
      for (const p of nonSnakeKeys(body, MAP_PROPERTIES)) problems.push(`${op.key}: ${p} is not snake_case`);
    }
    expect(problems).toEqual([]);
  });
});
