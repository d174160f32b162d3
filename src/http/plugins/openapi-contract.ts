/**
 * What OpenAPI says about every operation beyond what its route declares (the @fastify/swagger
 * `transform`): errors in the media type they are sent in (application/problem+json), the
 * statuses the shared machinery answers on any route (validation, authentication, body and
 * header limits, rate limits, an unavailable database), a streamed upload's body, and the
 * documented forms of schemas the validator checks more loosely (schemas/documented.ts).
 * `openapiTransformObject` then writes the problem schema once, in components.
 * test/http/openapi-fuzz.test.ts holds the server to this document.
 */
import type { SwaggerTransformObject } from '@fastify/swagger';
import type { FastifySchema, RouteOptions } from 'fastify';
import { Problem } from '../schemas/common.ts';
import { withDocumentedForms } from '../schemas/documented.ts';
import { MAX_PARAM_LENGTH } from './framework-errors.ts';

const PROBLEM_STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'The request is not valid; `errors` names each field at fault (`body.…`, `querystring.…`, `params.…`)',
  401: 'No API key, or one that is not valid (unknown, revoked or expired)',
  403: 'The API key’s scope does not allow this operation',
  404: 'Not found',
  409: 'Conflicts with what is stored',
  413: 'The request body is larger than the server’s limit',
  414: `A path segment is longer than ${MAX_PARAM_LENGTH} characters`,
  415: 'The body’s Content-Type is not one this operation accepts',
  429: 'Too many requests for this API key; retry after `Retry-After` seconds',
  431: 'The request line and headers are larger than 16 KiB',
  500: 'An unexpected error; `request_id` identifies it in the server log',
  503: 'The database is unavailable, or the server is shutting down; retry later',
};

const RETRY_AFTER = { 'retry-after': { type: 'integer', description: 'seconds to wait before retrying' } };

/** An error response: a problem document, in the media type errors are sent with. */
function problemResponse(status: number): object {
  return {
    description: PROBLEM_STATUS_TEXT[status] ?? 'Error',
    ...(status === 401 ? { headers: { 'www-authenticate': { type: 'string', description: 'Bearer realm="greenline"' } } } : {}),
    ...(status === 429 || status === 503 ? { headers: RETRY_AFTER } : {}),
    content: { 'application/problem+json': { schema: Problem } },
  };
}

const WITHOUT_BODY = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Statuses every route like this one can answer, whatever its handler does. */
function sharedStatuses(schema: FastifySchema, url: string, methods: readonly string[]): number[] {
  const statuses = [431, 500];
  const api = url.startsWith('/v1/');
  if (schema.body !== undefined || schema.querystring !== undefined || schema.params !== undefined || schema.consumes !== undefined) statuses.push(400);
  if (url.includes(':')) statuses.push(404, 414);
  if (methods.some((m) => !WITHOUT_BODY.has(m))) statuses.push(413, 415);
  if (api) statuses.push(401, 429, 503);
  return statuses;
}

/** A route that streams its body declares the media types it takes (`consumes`) and no body schema. */
const STREAMED_FILE = {
  type: 'string',
  description: 'The file, streamed: CSV with a header row, or NDJSON (one JSON object per line); the fields of each record type are in docs/ingest.md',
  examples: [
    'date,spend,currency,sector\n2024-01-15,1000,USD,manufacturing\n',
    'date,mode,distance,distance_unit,mass,mass_unit\n2024-03-01,truck_heavy,500,km,12,t\n',
    'date,travel_type,cabin,distance,distance_unit\n2024-05-02,flight,economy,900,km\n',
    'category,date,mode,distance,distance_unit,mass,mass_unit\n4,2024-03-01,rail,300,km,5,t\n',
    '{"date":"2024-01-15","spend":1000,"currency":"USD","sector":"services"}\n',
  ],
};

/** The swagger `transform`: runs once per route when the document is first generated. */
export function openapiTransform({ schema, url, route }: { schema: FastifySchema; url: string; route: RouteOptions }): { schema: FastifySchema; url: string } {
  if (!schema || schema.hide) return { schema, url };
  const response: Record<string, unknown> = {};
  for (const [status, s] of Object.entries((schema.response ?? {}) as Record<string, unknown>)) {
    response[status] = s === Problem ? problemResponse(Number(status)) : s;
  }
  for (const status of sharedStatuses(schema, url, [route.method].flat())) response[status] ??= problemResponse(status);
  const body = schema.body ?? (schema.consumes ? STREAMED_FILE : undefined);
  return { schema: withDocumentedForms({ ...schema, body, response }) as FastifySchema, url };
}

type Json = Record<string, unknown>;

/**
 * The swagger `transformObject`: the problem document, written out once in components and
 * referenced by every error response (inline, it was most of the document's size).
 */
export const openapiTransformObject: SwaggerTransformObject = (document) => {
  if (!('openapiObject' in document)) return document.swaggerObject;
  const openapiObject = document.openapiObject as Json;
  const schemas = (openapiObject.components as { schemas?: Json } | undefined)?.schemas;
  const components = { ...(openapiObject.components as Json), schemas: { ...schemas, Problem: JSON.parse(JSON.stringify(Problem)) } };
  const inlined = JSON.stringify(components.schemas.Problem);
  for (const item of Object.values(
    (openapiObject.paths ?? {}) as Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>>,
  )) {
    for (const operation of Object.values(item)) {
      for (const response of Object.values(operation.responses ?? {})) {
        const media = response.content?.['application/problem+json'];
        if (media && JSON.stringify(media.schema) === inlined) media.schema = { $ref: '#/components/schemas/Problem' };
      }
    }
  }
  return { ...openapiObject, components } as typeof document.openapiObject;
};
