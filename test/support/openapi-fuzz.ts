/**
 * A schemathesis-style property-based pass over an OpenAPI 3.1 document, with fast-check.
 *
 * For each operation, requests are generated from its parameter and body schemas: valid values,
 * near-valid ones (a bound crossed, a required field missing, an unknown field, a wrong type) and
 * odd text (NUL, unpaired surrogates, control and bidi characters, long strings). Each answer is
 * checked against the document: no 5xx, a status the operation documents, a content type that
 * status documents, and a body valid against that content's schema (Ajv).
 */
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import fc from 'fast-check';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

export type Schema = Record<string, unknown>;

export interface OpenApiDocument {
  paths: Record<string, Record<string, OperationObject>>;
  components?: { schemas?: Record<string, Schema> };
}

interface ParameterObject {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

interface MediaObject {
  schema?: Schema;
}

interface ResponseObject {
  content?: Record<string, MediaObject>;
}

interface OperationObject {
  parameters?: ParameterObject[];
  requestBody?: { required?: boolean; content: Record<string, MediaObject> };
  responses: Record<string, ResponseObject>;
}

export interface Operation {
  /** `POST /v1/suppliers/{id}` */
  id: string;
  method: string;
  path: string;
  spec: OperationObject;
}

export interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
}

export interface FuzzResponse {
  statusCode: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

/** Every operation of the document, in document order. */
export function operationsOf(doc: OpenApiDocument): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, spec] of Object.entries(item)) {
      if (HTTP_METHODS.includes(method)) out.push({ id: `${method.toUpperCase()} ${path}`, method: method.toUpperCase(), path, spec });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Values from schemas

/** Text that has broken servers: what PostgreSQL refuses, what confuses parsers and logs. */
export const ODD_STRINGS = [
  'a\u0000b',
  '\u0000',
  '\ud800',
  'x\udfffy',
  '\u0001\u001f\u007f',
  '\u202eevil',
  '💩',
  'Ünïcödé',
  ' ',
  '',
  "'; DROP TABLE suppliers; --",
  '../../etc/passwd',
  '%00',
  '\\u0000',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: template-injection text, sent as is
  '${7*7}',
  'a'.repeat(5_000),
];

const ref = (doc: OpenApiDocument, schema: Schema): Schema => {
  const target = schema.$ref;
  if (typeof target !== 'string') return schema;
  const name = target.replace('#/components/schemas/', '');
  return doc.components?.schemas?.[name] ?? {};
};

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const types = (schema: Schema): string[] => (Array.isArray(schema.type) ? (schema.type as string[]) : typeof schema.type === 'string' ? [schema.type] : []);
/**
 * The alternatives of a oneOf/anyOf, each merged with the schema's own keywords: `{ properties,
 * anyOf: [{ required: [a] }, { required: [b] }] }` is an object that needs a or b.
 */
function branches(schema: Schema): Schema[] | undefined {
  const alternatives = (schema.oneOf ?? schema.anyOf) as Schema[] | undefined;
  if (!alternatives) return undefined;
  const { oneOf: _o, anyOf: _a, ...own } = schema;
  if (Object.keys(own).every((k) => k === 'description' || k === 'title')) return alternatives;
  return alternatives.map((b) => ({
    ...own,
    ...b,
    properties: { ...((own.properties ?? {}) as Schema), ...((b.properties ?? {}) as Schema) },
    required: [...new Set([...((own.required ?? []) as string[]), ...((b.required ?? []) as string[])])],
  }));
}

/** Any small JSON value, for schemas that say nothing. */
const anyJson = fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean(), fc.constant(null), fc.constantFrom(...ODD_STRINGS.slice(0, 4)));

const DATE = fc
  .record({ y: fc.integer({ min: 1990, max: 2030 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) })
  .map(({ y, m, d }) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);

function validString(schema: Schema): fc.Arbitrary<string> {
  const minLength = num(schema.minLength) ?? 0;
  const maxLength = Math.min(num(schema.maxLength) ?? 40, Math.max(minLength, 40));
  const examples = Array.isArray(schema.examples) ? (schema.examples as string[]) : [];
  let base: fc.Arbitrary<string>;
  if (schema.format === 'date') base = DATE;
  else if (schema.format === 'date-time') base = DATE.map((d) => `${d}T12:00:00.000Z`);
  else if (typeof schema.pattern === 'string') {
    base = fc
      .stringMatching(new RegExp(schema.pattern))
      .filter((s) => s.length >= minLength && s.length <= (num(schema.maxLength) ?? Number.POSITIVE_INFINITY));
  } else base = fc.string({ minLength, maxLength });
  // Documented examples are the likeliest values to mean something to the server.
  return examples.length > 0 ? fc.oneof({ weight: 1, arbitrary: base }, { weight: 3, arbitrary: fc.constantFrom(...examples) }) : base;
}

function validNumber(schema: Schema, integer: boolean): fc.Arbitrary<number> {
  const exclusiveMin = num(schema.exclusiveMinimum);
  const exclusiveMax = num(schema.exclusiveMaximum);
  const min = num(schema.minimum) ?? (exclusiveMin !== undefined ? exclusiveMin + (integer ? 1 : 1e-9) : -1e6);
  const max = num(schema.maximum) ?? (exclusiveMax !== undefined ? exclusiveMax - (integer ? 1 : 1e-9) : 1e6);
  if (integer) return fc.integer({ min: Math.ceil(Math.max(min, -1e9)), max: Math.floor(Math.min(max, 1e9)) });
  return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
}

/** Arbitraries built once per schema object: building one (fc.stringMatching above all) costs more than drawing from it. */
const built = { valid: new WeakMap<Schema, fc.Arbitrary<unknown>>(), near: new WeakMap<Schema, fc.Arbitrary<unknown>>() };

function memo(cache: WeakMap<Schema, fc.Arbitrary<unknown>>, schema: Schema, build: () => fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  let arbitrary = cache.get(schema);
  if (!arbitrary) {
    arbitrary = build();
    cache.set(schema, arbitrary);
  }
  return arbitrary;
}

/** Values the schema accepts. */
export function validValue(doc: OpenApiDocument, input: Schema, depth = 0): fc.Arbitrary<unknown> {
  return memo(built.valid, input, () => buildValid(doc, input, depth));
}

function buildValid(doc: OpenApiDocument, input: Schema, depth: number): fc.Arbitrary<unknown> {
  const schema = ref(doc, input);
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  const alternatives = branches(schema);
  if (alternatives) return fc.oneof(...alternatives.map((b) => validValue(doc, b, depth + 1)));
  const kinds = types(schema);
  if (kinds.length > 1) return fc.oneof(...kinds.map((type) => validValue(doc, { ...schema, type }, depth + 1)));
  switch (kinds[0]) {
    case 'string':
      return validString(schema);
    case 'integer':
      return validNumber(schema, true);
    case 'number':
      return validNumber(schema, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const minLength = num(schema.minItems) ?? 0;
      const maxLength = Math.min(num(schema.maxItems) ?? 3, minLength + 3);
      return fc.array(validValue(doc, (schema.items as Schema) ?? {}, depth + 1), { minLength, maxLength });
    }
    case 'object':
      return validObject(doc, schema, depth);
    default:
      return schema.properties ? validObject(doc, schema, depth) : anyJson;
  }
}

function validObject(doc: OpenApiDocument, schema: Schema, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const required = (schema.required ?? []) as string[];
  if (Object.keys(properties).length === 0) {
    if (depth > 3) return fc.constant({});
    const values = (Object.values((schema.patternProperties ?? {}) as Record<string, Schema>)[0] ?? schema.additionalProperties) as
      | Schema
      | boolean
      | undefined;
    return fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), typeof values === 'object' ? validValue(doc, values, depth + 1) : anyJson, { maxKeys: 3 });
  }
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, s] of Object.entries(properties)) model[name] = validValue(doc, s, depth + 1);
  return fc.record(model, { requiredKeys: required.filter((k) => k in properties) }) as fc.Arbitrary<Record<string, unknown>>;
}

/** Values just outside what the schema accepts (or odd text where it takes any string). */
export function nearValidValue(doc: OpenApiDocument, input: Schema, depth = 0): fc.Arbitrary<unknown> {
  return memo(built.near, input, () => buildNearValid(doc, input, depth));
}

function buildNearValid(doc: OpenApiDocument, input: Schema, depth: number): fc.Arbitrary<unknown> {
  const schema = ref(doc, input);
  const odd = fc.constantFrom(...ODD_STRINGS);
  const alternatives = branches(schema);
  if (alternatives) return fc.oneof(...alternatives.map((b) => nearValidValue(doc, b, depth + 1)));
  const kind = types(schema)[0];
  if (kind === 'string' || (kind === undefined && !schema.properties)) {
    const maxLength = num(schema.maxLength);
    const minLength = num(schema.minLength) ?? 0;
    const options: fc.Arbitrary<unknown>[] = [odd, fc.integer(), validString(schema).map((s) => `${s}\u0000`)];
    if (maxLength !== undefined) options.push(fc.constant('x'.repeat(maxLength + 1)));
    if (minLength > 0) options.push(fc.constant(''));
    return fc.oneof(...options);
  }
  if (kind === 'integer' || kind === 'number') {
    const options: fc.Arbitrary<unknown>[] = [fc.constant('12abc'), fc.constant(1e308), fc.constant(-1e308), odd];
    const min = num(schema.minimum);
    const max = num(schema.maximum);
    if (min !== undefined) options.push(fc.constant(min - 1));
    if (max !== undefined) options.push(fc.constant(max + 1));
    if (kind === 'integer') options.push(fc.constant(1.5));
    return fc.oneof(...options);
  }
  if (kind === 'boolean') return fc.constantFrom('yes', 2, null);
  if (kind === 'array') {
    const item = (schema.items as Schema) ?? {};
    const minItems = num(schema.minItems) ?? 0;
    const options: fc.Arbitrary<unknown>[] = [
      fc.array(nearValidValue(doc, item, depth + 1), { minLength: Math.max(1, minItems), maxLength: Math.max(1, minItems) + 1 }),
      odd,
    ];
    if (minItems > 0) options.push(fc.constant([]));
    return fc.oneof(...options);
  }
  if (kind === 'object' || schema.properties) {
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    const required = (schema.required ?? []) as string[];
    const valid = validValue(doc, schema, depth) as fc.Arbitrary<Record<string, unknown>>;
    const options: fc.Arbitrary<unknown>[] = [
      valid.map((o) => ({ ...o, unknown_field: 1 })),
      valid.map((o) => ({ ...o, 'key\u0000': 'v' })),
      fc.constantFrom([], 'text', 42, null),
    ];
    if (required.length > 0) options.push(fc.tuple(valid, fc.constantFrom(...required)).map(([o, k]) => omit(o, k)));
    const names = Object.keys(properties);
    if (names.length > 0 && depth < 4) {
      const oneBadField = names.map((name) => fc.tuple(valid, nearValidValue(doc, properties[name]!, depth + 1)).map(([o, bad]) => ({ ...o, [name]: bad })));
      options.push(fc.oneof(...oneBadField));
    }
    return fc.oneof(...options);
  }
  return odd;
}

function omit(o: Record<string, unknown>, key: string): Record<string, unknown> {
  const { [key]: _, ...rest } = o;
  return rest;
}

// ---------------------------------------------------------------------------------------------
// Requests

/**
 * Percent-encodes text for a URL, code unit by code unit where `encodeURIComponent` would throw:
 * an unpaired surrogate is sent as its three generalized-UTF-8 bytes (invalid UTF-8 on the wire).
 */
export function percentEncode(text: string): string {
  let out = '';
  for (const ch of text) {
    const unit = ch.charCodeAt(0);
    if (ch.length === 1 && unit >= 0xd800 && unit <= 0xdfff) {
      out += [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    } else out += encodeURIComponent(ch);
  }
  return out;
}

const asText = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v));

export interface RequestOptions {
  /** The Authorization header most requests carry. */
  authorization: string;
  /** Values that name existing things for a path parameter of this operation: half the path values come from here. */
  known?: (op: Operation, parameter: string) => readonly string[];
}

/** What a request is made of, before it is written as a URL and headers. */
interface RequestParts {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  body: { contentType: string; value: unknown } | undefined;
  authorization: string;
  /** Sent instead of the body's own media type. */
  contentType?: string;
}

type Mutation = (parts: RequestParts) => RequestParts;

/**
 * Requests for one operation. Two in three are valid throughout (required parameters, some of the
 * optional ones, a valid body and key); the others change exactly one thing: a parameter or the
 * body made near-valid, the key missing or wrong, or the body sent as another media type.
 */
export function requestArbitrary(doc: OpenApiDocument, op: Operation, options: RequestOptions): fc.Arbitrary<FuzzRequest> {
  const params = op.spec.parameters ?? [];
  const pathParams = params.filter((p) => p.in === 'path');
  const queryParams = params.filter((p) => p.in === 'query');
  const media = Object.entries(op.spec.requestBody?.content ?? {});
  const schemaOf = (p: ParameterObject) => p.schema ?? { type: 'string' };

  const path = fc.record(
    Object.fromEntries(
      pathParams.map((p) => {
        const known = options.known?.(op, p.name) ?? [];
        const generated = validValue(doc, schemaOf(p));
        return [p.name, known.length > 0 ? fc.oneof(fc.constantFrom(...known), generated) : generated];
      }),
    ),
  );
  // Optional parameters are left out more often than not: each one is a chance to be refused.
  const query = fc.record(
    Object.fromEntries(
      queryParams.map((p) => [
        p.name,
        p.required
          ? validValue(doc, schemaOf(p))
          : fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: validValue(doc, schemaOf(p)) }),
      ]),
    ),
  );
  const body: fc.Arbitrary<RequestParts['body']> =
    media.length === 0
      ? fc.constant(undefined)
      : fc.oneof(...media.map(([contentType, m]) => validValue(doc, m.schema ?? {}).map((value) => ({ contentType, value }))));
  const valid: fc.Arbitrary<RequestParts> = fc.record({ path, query, body, authorization: fc.constant(options.authorization) });

  const mutations: fc.Arbitrary<Mutation>[] = [
    fc.constantFrom('', 'Bearer gl_not-a-key', 'Basic abc').map(
      (authorization): Mutation =>
        (parts) => ({ ...parts, authorization }),
    ),
  ];
  for (const p of pathParams) {
    mutations.push(
      nearValidValue(doc, schemaOf(p)).map(
        (v): Mutation =>
          (parts) => ({ ...parts, path: { ...parts.path, [p.name]: v } }),
      ),
    );
  }
  for (const p of queryParams) {
    mutations.push(
      nearValidValue(doc, schemaOf(p)).map(
        (v): Mutation =>
          (parts) => ({ ...parts, query: { ...parts.query, [p.name]: v } }),
      ),
    );
  }
  for (const [contentType, m] of media) {
    mutations.push(
      nearValidValue(doc, m.schema ?? {}).map(
        (value): Mutation =>
          (parts) => ({ ...parts, body: { contentType, value } }),
      ),
    );
  }
  if (media.length > 0) {
    mutations.push(
      fc.constantFrom('text/xml', 'application/x-www-form-urlencoded').map(
        (contentType): Mutation =>
          (parts) => ({ ...parts, contentType }),
      ),
    );
  }
  const nearValid = fc.tuple(valid, fc.oneof(...mutations)).map(([parts, mutate]) => mutate(parts));

  // A path parameter of "." or ".." is a dot segment: the URL would name another path, not this operation.
  return fc
    .oneof({ weight: 2, arbitrary: valid }, { weight: 1, arbitrary: nearValid })
    .filter((parts) => Object.values(parts.path).every((v) => v !== '.' && v !== '..'))
    .map((parts) => toRequest(op, parts));
}

function toRequest(op: Operation, parts: RequestParts): FuzzRequest {
  let url = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => percentEncode(asText(parts.path[name])));
  const search: string[] = [];
  for (const [name, value] of Object.entries(parts.query)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) search.push(`${percentEncode(name)}=${percentEncode(asText(v))}`);
  }
  if (search.length > 0) url += `?${search.join('&')}`;
  const headers: Record<string, string> = {};
  if (parts.authorization !== '') headers.authorization = parts.authorization;
  if (!parts.body) return { method: op.method, url, headers };
  headers['content-type'] = parts.contentType ?? parts.body.contentType;
  const payload = parts.body.contentType.includes('json') ? JSON.stringify(parts.body.value) : asText(parts.body.value);
  return { method: op.method, url, headers, payload };
}

// ---------------------------------------------------------------------------------------------
// Checks

/** Checks answers against the document; compiled validators are kept per response content. */
export class ResponseChecker {
  private readonly ajv = addFormats(new Ajv({ strict: false, allErrors: false, validateFormats: true }));
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(private readonly doc: OpenApiDocument) {}

  /** What is wrong with this answer to `op` (empty when it keeps the contract). */
  violations(op: Operation, res: FuzzResponse): string[] {
    const out: string[] = [];
    if (res.statusCode >= 500) out.push(`answered ${res.statusCode} (no 5xx may come from a request): ${res.body.slice(0, 300)}`);
    const status = String(res.statusCode);
    const documented = op.spec.responses[status] ?? op.spec.responses[`${status[0]}XX`] ?? op.spec.responses.default;
    if (!documented) {
      out.push(`status ${status} is not documented (documented: ${Object.keys(op.spec.responses).join(', ')}): ${res.body.slice(0, 300)}`);
      return out;
    }
    if (res.body === '') return out;
    const header = res.headers['content-type'];
    if (typeof header !== 'string') {
      out.push(`status ${status} answered a body without a Content-Type`);
      return out;
    }
    const mediaType = header.split(';')[0]!.trim().toLowerCase();
    const content = documented.content ?? {};
    const media = content[mediaType];
    if (!media) {
      out.push(`status ${status} answered ${mediaType}; documented: ${Object.keys(content).join(', ') || 'no body'}`);
      return out;
    }
    if (!mediaType.endsWith('json') || !media.schema) return out;
    let body: unknown;
    try {
      body = JSON.parse(res.body);
    } catch {
      out.push(`status ${status} answered ${mediaType} that is not JSON: ${res.body.slice(0, 200)}`);
      return out;
    }
    const validate = this.validatorFor(`${op.id} ${status} ${mediaType}`, media.schema);
    if (!validate(body)) out.push(`status ${status} body does not match its schema: ${this.ajv.errorsText(validate.errors)}: ${res.body.slice(0, 300)}`);
    return out;
  }

  private validatorFor(key: string, schema: Schema): ValidateFunction {
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile({ ...schema, components: this.doc.components ?? {} });
      this.validators.set(key, validate);
    }
    return validate;
  }
}

/** A seed per operation, from the run's seed and the operation, so adding an operation moves no other. */
export function seedFor(base: number, op: Operation): number {
  let h = base | 0;
  for (let i = 0; i < op.id.length; i++) h = (Math.imul(h, 31) + op.id.charCodeAt(i)) | 0;
  return h;
}
