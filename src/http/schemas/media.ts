/**
 * Responses declared by media type: JSON a route writes itself, and JSON or the same answer as CSV
 * (`?format=csv` or `Accept: text/csv`).
 */
import type { TSchema } from 'typebox';

const CsvText = { type: 'string', description: 'RFC 4180 CSV with a header row, UTF-8' } as const;

/**
 * A 200 answered as JSON (`json`) or CSV. Fastify picks the serializer by the reply's media type;
 * the routes write both forms themselves, so this documents them for OpenAPI.
 */
export function jsonOrCsv(json: TSchema, description: string) {
  return { description, content: { 'application/json': { schema: json }, 'text/csv': { schema: CsvText } } };
}

/**
 * A JSON answer the route writes itself (reply.serializer(JSON.stringify)): the schema documents it
 * in OpenAPI (and the fuzz pass checks answers against it) without typing or serializing the reply.
 */
export function writtenJson(json: TSchema, description: string) {
  return { description, content: { 'application/json': { schema: json } } };
}
