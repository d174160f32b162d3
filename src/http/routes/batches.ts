/** Bulk ingest over HTTP: upload a file, follow its batch, read its row errors (JSON or CSV). */
import { Readable } from 'node:stream';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import { printed, printedValues } from '../../domain/printed-number.ts';
import { NotTheBatchFile, UnreadableHeader, UploadGone, UploadTooLarge } from '../../ingest/batch-runner.ts';
import { classifyOptionProblem, DEFAULT_CLASSIFY_MIN_CONFIDENCE } from '../../ingest/classify-column.ts';
import { NothingToImport } from '../../ingest/pipeline.ts';
import { ColumnPlanError, parseColumnMap, RECORD_TYPE_DEFS, RECORD_TYPES, type RecordTypeName } from '../../ingest/record-types.ts';
import { supplierNamesJson } from '../../ingest/supplier-name-report.ts';
import { type BatchRow, batchTotalsByCategory, getBatch, listBatchErrors, supplierNameCounts } from '../../store/batches.ts';
import type { SqlDriver } from '../../store/driver.ts';
import { csvField } from '../csv.ts';
import { badRequest, HttpProblem, notFound } from '../problem.ts';
import { Batch, BatchErrorPage } from '../schemas/batches.ts';
import { IdParams, Problem } from '../schemas/common.ts';
import { jsonOrCsv } from '../schemas/media.ts';
import type { RouteDeps } from './deps.ts';

const UPLOAD_TYPES = ['text/csv', 'application/csv', 'application/x-ndjson', 'application/jsonl', 'application/octet-stream', 'text/plain'];

export const SubmitQuery = Type.Object(
  {
    type: Type.Union(
      RECORD_TYPES.map((t) => Type.Literal(t)),
      { description: 'record type: purchases, logistics, travel, activities (docs/ingest.md) or cbam-shipments (docs/cbam.md)' },
    ),
    format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('ndjson')], { description: 'default: from the Content-Type' })),
    map: Type.Optional(Type.Array(Type.String({ minLength: 3, maxLength: 200 }), { maxItems: 100, description: 'column=field, repeatable' })),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'a name for the file, shown in the batch' })),
    invalid_utf8: Type.Optional(
      Type.Union([Type.Literal('error'), Type.Literal('replace')], { description: 'invalid UTF-8 in a row: a row error (default), or replaced with U+FFFD' }),
    ),
    classify_from: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description: 'purchases: classify lines without a naics from this column with the local spend classifier (docs/classification.md#ingest)',
      }),
    ),
    classify_min_confidence: Type.Optional(
      Type.Number({ minimum: 0, maximum: 1, description: 'with classify_from: the confidence a code needs to be used (default 0.4)' }),
    ),
  },
  { additionalProperties: false },
);

const ErrorsQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 1000 })),
    after: Type.Optional(Type.String({ pattern: '^[0-9]+:[0-9]+$', description: 'the next_cursor of the previous page' })),
    format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
  },
  { additionalProperties: false },
);

/** How the batch's supplier names were resolved; null when its file named no supplier. */
function supplierNamesOf(b: BatchRow) {
  const counts = supplierNameCounts(b);
  return counts && supplierNamesJson(counts);
}

export async function batchJson(driver: SqlDriver, b: BatchRow) {
  const end = b.finished_at ? new Date(b.finished_at).getTime() : Date.now();
  const seconds = b.started_at ? Math.max(0.001, (end - new Date(b.started_at).getTime()) / 1000) : null;
  return {
    id: b.id,
    status: b.status,
    type: b.kind,
    source_name: b.source_name,
    content_sha256: b.content_sha256,
    rows: { total: b.status === 'succeeded' ? b.total : null, processed: b.processed, stored: b.rows_ok, failed: b.failed, with_warnings: b.with_warnings },
    rows_per_second: seconds ? Math.round(b.processed / seconds) : null,
    kg_co2e: printed(b.kg_co2e),
    t_co2e: printed(b.kg_co2e / 1000),
    by_category_kg: printedValues(await batchTotalsByCategory(driver, b.id)),
    error: b.error,
    supplier_names: supplierNamesOf(b),
    created_at: new Date(b.created_at).toISOString(),
    started_at: b.started_at ? new Date(b.started_at).toISOString() : null,
    finished_at: b.finished_at ? new Date(b.finished_at).toISOString() : null,
    links: { self: `/v1/batches/${b.id}`, errors: `/v1/batches/${b.id}/errors` },
  };
}

export type SubmitQuery = Static<typeof SubmitQuery>;

/**
 * Starts a batch from an uploaded body (POST /v1/batches, and the admin route the CLI uses while
 * the server holds the embedded database): 200 when the same file was stored already, else 202.
 */
export async function submitUpload(
  deps: Pick<RouteDeps, 'driver' | 'batchRunner'>,
  body: unknown,
  contentType: string,
  tenantId: string,
  query: SubmitQuery,
): Promise<{ status: 200 | 202; batch: Awaited<ReturnType<typeof batchJson>> }> {
  if (!body || typeof (body as Readable).pipe !== 'function') {
    throw new HttpProblem(415, 'UNSUPPORTED_MEDIA_TYPE', `send the file as the request body with Content-Type ${UPLOAD_TYPES.slice(0, 3).join(', ')}`);
  }
  let columnMap: Record<string, string>;
  try {
    columnMap = parseColumnMap(query.map ?? []);
  } catch (err) {
    throw badRequest('querystring.map', (err as Error).message.replace(/^--map:? ?/, ''));
  }
  const format = query.format ?? (/ndjson|jsonl/.test(contentType) ? 'ndjson' : 'csv');
  if (query.classify_min_confidence !== undefined && query.classify_from === undefined)
    throw badRequest('querystring.classify_min_confidence', 'give classify_from too: the column to classify from');
  const classify =
    query.classify_from === undefined
      ? undefined
      : { from: query.classify_from, minConfidence: query.classify_min_confidence ?? DEFAULT_CLASSIFY_MIN_CONFIDENCE };
  const classifyProblem = classify ? classifyOptionProblem(RECORD_TYPE_DEFS[query.type as RecordTypeName], classify) : null;
  if (classifyProblem) throw badRequest('querystring.classify_from', classifyProblem);
  try {
    const { batch, started } = await deps.batchRunner.submit(body as Readable, {
      tenantId,
      type: query.type as RecordTypeName,
      format,
      columnMap,
      sourceName: query.name ?? `upload.${format}`,
      invalidUtf8: query.invalid_utf8,
      ...(classify ? { classify } : {}),
    });
    return { status: batch.status === 'succeeded' && !started ? 200 : 202, batch: await batchJson(deps.driver, batch) };
  } catch (err) {
    throw uploadProblem(err);
  }
}

/** What an upload's failure tells the client (anything else is passed on as it is). */
function uploadProblem(err: unknown): unknown {
  if (err instanceof UploadTooLarge) return new HttpProblem(413, 'PAYLOAD_TOO_LARGE', err.message);
  if (err instanceof ColumnPlanError) {
    const fieldOf = (p: (typeof err.problems)[number]) =>
      p.kind === 'unknown-mapped' ? 'querystring.map' : p.kind === 'unknown-classify' ? 'querystring.classify_from' : `header.${p.column}`;
    const errors = err.problems.map((p) => ({ field: fieldOf(p), message: p.message }));
    return new HttpProblem(400, 'VALIDATION_FAILED', err.message, errors);
  }
  if (err instanceof UnreadableHeader) return badRequest('body', err.message);
  if (err instanceof NothingToImport) return new HttpProblem(400, 'NO_DATA_ROWS', err.message, [{ field: 'body', message: err.message }]);
  if (err instanceof UploadGone) return new HttpProblem(409, 'UPLOAD_GONE', err.message);
  if (err instanceof NotTheBatchFile) return new HttpProblem(409, 'NOT_THE_BATCH_FILE', err.message, [{ field: 'body', message: err.message }]);
  return err;
}

/** The content types an upload may be sent with; the raw body goes through as a stream. */
export function acceptUploads(app: FastifyInstance): void {
  app.addContentTypeParser(UPLOAD_TYPES, (_request, payload, done) => done(null, payload));
}

export function batchRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { driver } = deps;
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  // Uploads are streamed to disk by the runner, never buffered.
  acceptUploads(app);

  api.post(
    '/batches',
    {
      schema: {
        tags: ['batches'],
        summary: 'Upload a CSV or NDJSON file to calculate and store every row; the same file again returns the same batch',
        querystring: SubmitQuery,
        consumes: UPLOAD_TYPES,
        response: { 200: Batch, 202: Batch, 400: Problem, 401: Problem, 413: Problem, 415: Problem },
      },
    },
    async (request, reply) => {
      const { status, batch } = await submitUpload(deps, request.body, String(request.headers['content-type'] ?? ''), request.tenant.id, request.query);
      return reply.status(status).header('location', `/v1/batches/${batch.id}`).serializer(JSON.stringify).send(batch);
    },
  );

  api.get(
    '/batches/:id',
    {
      schema: { tags: ['batches'], summary: 'A batch: state, counts, rows/s, totals', params: IdParams, response: { 200: Batch, 401: Problem, 404: Problem } },
    },
    async (request, reply) => {
      const b = await getBatch(driver, request.tenant.id, request.params.id);
      if (!b) throw notFound('batch', request.params.id);
      return reply.serializer(JSON.stringify).send(await batchJson(driver, b));
    },
  );

  api.post(
    '/batches/:id/resume',
    {
      schema: {
        tags: ['batches'],
        summary:
          'Resume a batch that stopped part-way (interrupted or failed) from its kept upload, or from the same file sent as the body; committed rows are not stored again',
        params: IdParams,
        consumes: UPLOAD_TYPES,
        response: { 200: Batch, 202: Batch, 400: Problem, 401: Problem, 404: Problem, 409: Problem, 413: Problem, 415: Problem },
      },
    },
    async (request, reply) => {
      const b = await getBatch(driver, request.tenant.id, request.params.id);
      if (!b) throw notFound('batch', request.params.id);
      const body = request.body && typeof (request.body as Readable).pipe === 'function' ? (request.body as Readable) : null;
      try {
        const { batch, started } = await deps.batchRunner.resume(b, body);
        const status = batch.status === 'succeeded' && !started ? 200 : 202;
        return reply
          .status(status)
          .header('location', `/v1/batches/${batch.id}`)
          .serializer(JSON.stringify)
          .send(await batchJson(driver, batch));
      } catch (err) {
        throw uploadProblem(err);
      }
    },
  );

  api.get(
    '/batches/:id/errors',
    {
      schema: {
        tags: ['batches'],
        summary: 'Rows that failed: row number, field, value, reason (JSON pages, or all as CSV with Accept: text/csv or ?format=csv)',
        params: IdParams,
        querystring: ErrorsQuery,
        response: { 200: jsonOrCsv(BatchErrorPage, 'A page of row errors as JSON, or every row error as CSV'), 401: Problem, 404: Problem },
      },
    },
    async (request, reply) => {
      const b = await getBatch(driver, request.tenant.id, request.params.id);
      if (!b) throw notFound('batch', request.params.id);
      const wantsCsv = request.query.format === 'csv' || (request.query.format === undefined && /text\/csv/.test(String(request.headers.accept ?? '')));
      if (wantsCsv) {
        // Streamed page by page, so a batch with a million bad rows downloads in constant memory.
        async function* csv(): AsyncGenerator<string> {
          yield 'row,field,value,reason\n';
          let after: [number, number] | undefined;
          for (;;) {
            const page = await listBatchErrors(driver, b!.id, { after, limit: 10_000 });
            yield page.map((e) => `${e.row},${csvField(e.field)},${csvField(e.value)},${csvField(e.reason)}\n`).join('');
            if (page.length < 10_000) return;
            const last = page[page.length - 1]!;
            after = [last.row, last.seq];
          }
        }
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${b.id}-errors.csv"`)
          .send(Readable.from(csv()) as never);
      }
      const limit = request.query.limit ?? 1000;
      const after = request.query.after?.split(':').map(Number) as [number, number] | undefined;
      const page = await listBatchErrors(driver, b.id, { after, limit: limit + 1 });
      const more = page.length > limit;
      const data = page.slice(0, limit);
      const last = data[data.length - 1];
      return reply.serializer(JSON.stringify).send({
        data: data.map((e) => ({ row: e.row, field: e.field, value: e.value, reason: e.reason })),
        page_info: { has_next_page: more, next_cursor: more && last ? `${last.row}:${last.seq}` : null },
      });
    },
  );
}
