/**
 * EU CBAM over HTTP (docs/cbam.md): shipments (one or up to 10,000 per call; files go through
 * POST /v1/batches?type=cbam-shipments), installations with their actual emissions, data sets of
 * default values and parameters, the annual declaration with the certificates owed, and the
 * transitional quarterly report as JSON or as XML streamed in the EU schema.
 */
import { Readable } from 'node:stream';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { datasetSummary, importCbamDataset } from '../../calculate/cbam/import-dataset.ts';
import { quarterGoodsLines, quarterlyReportJson, quarterlyReportXml } from '../../calculate/cbam/quarterly-report.ts';
import { CbamShipmentSession } from '../../calculate/cbam/shipment-session.ts';
import { verifyShipment } from '../../calculate/cbam/verify-shipment.ts';
import { declaration } from '../../domain/cbam/certificates.ts';
import { isTransitionalQuarter } from '../../domain/cbam/deadlines.ts';
import { QREPORT_MAX_GOODS, QuarterlyReportError } from '../../domain/cbam/quarterly-xml.ts';
import type { CbamInstallation } from '../../domain/cbam/types.ts';
import { printed } from '../../domain/printed-number.ts';
import { parseInstallation } from '../../domain/cbam/validate.ts';
import { activeDataset, listDatasets } from '../../store/cbam-datasets.ts';
import { listInstallations, upsertInstallations } from '../../store/cbam-installations.ts';
import { CbamRollupAccumulator, declarationLines } from '../../store/cbam-rollups.ts';
import { CBAM_SHIPMENT_COLUMNS, getShipment, listShipments, writeShipment } from '../../store/cbam-shipments.ts';
import { PartSet } from '../../store/calculation-parts.ts';
import { CopyBuffer } from '../../store/copy-text.ts';
import { decodeCursor, encodeCursor } from '../../store/keyset.ts';
import { HttpProblem, notFound } from '../problem.ts';
import { declarationCsv, shipmentJson } from '../schemas/cbam.ts';
import { IdParams, Problem } from '../schemas/common.ts';
import { jsonOrCsv, writtenJson } from '../schemas/media.ts';
import type { RouteDeps } from './deps.ts';

const Json = Type.Record(Type.String(), Type.Unknown());
const AnyJson = Type.Unknown();
const Line = Type.Record(Type.String(), Type.Unknown(), { description: 'a shipment line (docs/cbam.md, Shipment fields)' });

const MAX_SHIPMENTS_PER_CALL = 10_000;

const ShipmentsBody = Type.Union([
  Type.Object({ shipment: Line }, { additionalProperties: false }),
  Type.Object({ shipments: Type.Array(Line, { minItems: 1, maxItems: MAX_SHIPMENTS_PER_CALL }) }, { additionalProperties: false }),
]);

const InstallationsBody = Type.Union([
  Type.Object({ installation: Json }, { additionalProperties: false }),
  Type.Object({ installations: Type.Array(Json, { minItems: 1, maxItems: 1000 }) }, { additionalProperties: false }),
]);

const YearParams = Type.Object({ year: Type.Integer({ minimum: 2023, maximum: 2100 }) }, { additionalProperties: false });
const QuarterParams = Type.Object(
  { year: Type.Integer({ minimum: 2023, maximum: 2100 }), quarter: Type.Integer({ minimum: 1, maximum: 4 }) },
  { additionalProperties: false },
);

const ListQuery = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    year: Type.Optional(Type.Integer({ minimum: 2023, maximum: 2100 })),
    quarter: Type.Optional(Type.Integer({ minimum: 1, maximum: 4 })),
  },
  { additionalProperties: false },
);

const DeclarationQuery = Type.Object(
  {
    price: Type.Optional(
      Type.Number({ exclusiveMinimum: 0, maximum: 10_000, description: 'EUR per certificate for the estimate (default: the data set’s price for the year)' }),
    ),
    format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
  },
  { additionalProperties: false },
);

const ReportQuery = Type.Object(
  {
    format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('xml')], { description: 'default json; xml: the QReport document, streamed' })),
    declarant_eori: Type.Optional(Type.String({ pattern: '^[A-Z]{2}[A-Za-z0-9]{1,15}$', description: 'the reporting declarant’s EORI (required for xml)' })),
    declarant_name: Type.Optional(Type.String({ minLength: 1, maxLength: 70 })),
    declarant_city: Type.Optional(Type.String({ minLength: 1, maxLength: 35 })),
  },
  { additionalProperties: false },
);

const DatasetQuery = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    version: Type.String({ minLength: 1, maxLength: 100 }),
    source: Type.String({ minLength: 1, maxLength: 1000, description: 'where the values come from (publication, table, date)' }),
  },
  { additionalProperties: false },
);

export const MAX_DATASET_BYTES = 10 * 1024 * 1024;

/** A data set file's errors (line numbers) as one 400 problem. */
export function datasetProblem(errors: ReadonlyArray<{ line: number; field: string; message: string }>): HttpProblem {
  const fields = errors.map((e) => ({ field: `line ${e.line}${e.field ? `.${e.field}` : ''}`, message: e.message }));
  return new HttpProblem(
    400,
    'VALIDATION_FAILED',
    fields
      .slice(0, 20)
      .map((e) => `${e.field}: ${e.message}`)
      .join('; '),
    fields,
  );
}

export async function readText(body: unknown, limit: number): Promise<string> {
  if (typeof body === 'string') return body;
  if (!(body instanceof Readable)) throw new HttpProblem(400, 'VALIDATION_FAILED', 'body: send the data set as text/csv');
  let text = '';
  for await (const piece of body) {
    text += piece.toString();
    if (text.length > limit) throw new HttpProblem(413, 'PAYLOAD_TOO_LARGE', `body: a data set file is at most ${limit} bytes`);
  }
  return text;
}

export function cbamRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { driver, cursorSecret } = deps;
  const api = app.withTypeProvider<TypeBoxTypeProvider>();

  api.post(
    '/cbam/shipments',
    {
      schema: {
        tags: ['cbam'],
        summary: 'Store one shipment line (201) or up to 10,000 (200: each stored or refused on its own, with its error code)',
        body: ShipmentsBody,
        response: {
          200: writtenJson(Json, 'Totals, and each line’s result or errors'),
          201: writtenJson(Json, 'The stored shipment'),
          400: Problem,
          401: Problem,
          409: Problem,
        },
      },
    },
    async (request, reply) => {
      const tenantId = request.tenant.id;
      const one = 'shipment' in request.body;
      const lines = 'shipment' in request.body ? [request.body.shipment] : request.body.shipments;
      const session = new CbamShipmentSession(driver, tenantId);
      const outcomes = await session.compute(lines);
      const out = new CopyBuffer();
      const parts = new PartSet();
      const rollup = new CbamRollupAccumulator();
      const ids: Array<string | null> = outcomes.map((o) => {
        if (!o.ok) return null;
        return writeShipment(out, rollup, parts, tenantId, null, null, o.shipment, o.info.good);
      });
      const data = out.take();
      if (data.length > 0) {
        await driver
          .transaction(async (tx) => {
            await parts.store(tx);
            await tx.copyIn('cbam_shipments', CBAM_SHIPMENT_COLUMNS, data);
            await rollup.store(tx, tenantId);
          })
          .catch((err: unknown) => {
            // Another request stored one of these shipment_ids since the check: nothing of this one was stored.
            if ((err as { code?: string }).code === '23505') {
              throw new HttpProblem(
                409,
                'CONFLICT',
                'a shipment_id of this request was stored by another request meanwhile; nothing was stored: send it again, and the lines stored already are refused as such (E010)',
              );
            }
            throw err;
          });
      }
      if (one) {
        const o = outcomes[0]!;
        if (!o.ok) {
          const errors = o.issues.map((i) => ({ field: `shipment.${i.field}`, message: i.message, code: i.code }));
          throw new HttpProblem(400, 'VALIDATION_FAILED', errors.map((e) => `${e.field}: ${e.code} ${e.message}`).join('; '), errors);
        }
        const row = (await getShipment(driver, tenantId, ids[0]!))!;
        return reply.status(201).serializer(JSON.stringify).send(shipmentJson(row));
      }
      let stored = 0;
      const results = outcomes.map((o, index) => {
        if (!o.ok)
          return { index, status: 'error', errors: o.issues.map((i) => ({ field: `shipments[${index}].${i.field}`, code: i.code, message: i.message })) };
        stored++;
        const e = o.shipment.embedded;
        return {
          index,
          status: 'ok',
          id: ids[index],
          shipment_id: o.shipment.input.shipmentId,
          method: e.method,
          counted_t: printed(e.countedT),
          lineage_hash: e.lineageHash,
          ...(e.warnings.length > 0 ? { warnings: e.warnings } : {}),
        };
      });
      const totals = { shipments: outcomes.length, stored, failed: outcomes.length - stored, ...rollup.totalsTonnes() };
      return reply.serializer(JSON.stringify).send({ totals, results });
    },
  );

  api.get(
    '/cbam/shipments',
    {
      schema: {
        tags: ['cbam'],
        summary: 'The tenant’s shipments in shipment_id order, in keyset pages; optionally one year or quarter of import dates',
        querystring: ListQuery,
        response: { 200: writtenJson(Json, 'A page of shipments'), 400: Problem, 401: Problem },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const scope = `cbam:${request.tenant.id}:${q.year ?? ''}:${q.quarter ?? ''}`;
      const after = q.cursor ? String(decodeCursor(q.cursor, cursorSecret, 1, scope)[0]) : undefined;
      if (q.quarter !== undefined && q.year === undefined) throw new HttpProblem(400, 'VALIDATION_FAILED', 'querystring.quarter: needs year');
      const rows = await listShipments(driver, request.tenant.id, { after, limit: q.limit + 1, year: q.year, quarter: q.quarter });
      const page = rows.slice(0, q.limit);
      const next = rows.length > q.limit ? encodeCursor([page[page.length - 1]!.shipment_id], cursorSecret, scope) : null;
      return reply.serializer(JSON.stringify).send({ data: page.map(shipmentJson), page_info: { has_next_page: next !== null, next_cursor: next } });
    },
  );

  api.get(
    '/cbam/shipments/:id',
    {
      schema: {
        tags: ['cbam'],
        summary: 'One shipment (by id or shipment_id) with its embedded emissions and their lineage',
        params: IdParams,
        response: { 200: writtenJson(Json, 'The shipment'), 401: Problem, 404: Problem },
      },
    },
    async (request, reply) => {
      const row = await getShipment(driver, request.tenant.id, request.params.id);
      if (!row) throw notFound('shipment', request.params.id);
      return reply.serializer(JSON.stringify).send(shipmentJson(row));
    },
  );

  api.get(
    '/cbam/shipments/:id/verify',
    {
      schema: {
        tags: ['cbam'],
        summary: 'Recompute a stored shipment from its stored input, actual emissions and data set: match or mismatch, with the lineage hash',
        params: IdParams,
        response: { 200: writtenJson(Json, 'The verification'), 401: Problem, 404: Problem },
      },
    },
    async (request, reply) => {
      const row = await getShipment(driver, request.tenant.id, request.params.id);
      if (!row) throw notFound('shipment', request.params.id);
      return reply.serializer(JSON.stringify).send(await verifyShipment(driver, request.tenant.id, row));
    },
  );

  api.post(
    '/cbam/installations',
    {
      schema: {
        tags: ['cbam'],
        summary: 'Register or replace installations (by installation_id) with their actual specific embedded emissions per CN code and year',
        body: InstallationsBody,
        response: { 200: writtenJson(Json, 'How many were created and updated'), 400: Problem, 401: Problem },
      },
    },
    async (request, reply) => {
      const raws = 'installation' in request.body ? [request.body.installation] : request.body.installations;
      const prefix = 'installation' in request.body ? 'installation' : 'installations';
      const accepted: CbamInstallation[] = [];
      const errors: Array<{ field: string; code: string; message: string }> = [];
      raws.forEach((raw, i) => {
        const p = parseInstallation(raw);
        const at = prefix === 'installation' ? prefix : `${prefix}[${i}]`;
        if (p.ok) accepted.push(p.installation);
        else for (const issue of p.issues) errors.push({ field: `${at}.${issue.field}`, code: issue.code, message: issue.message });
      });
      // All or nothing: an installation file is small, and half of one registered is worse than none.
      if (errors.length > 0) throw new HttpProblem(400, 'VALIDATION_FAILED', errors.map((e) => `${e.field}: ${e.code} ${e.message}`).join('; '), errors);
      const counts = await upsertInstallations(driver, request.tenant.id, accepted);
      return reply.serializer(JSON.stringify).send({ ...counts, installation_ids: accepted.map((a) => a.installationId) });
    },
  );

  api.get(
    '/cbam/installations',
    {
      schema: {
        tags: ['cbam'],
        summary: 'The tenant’s installations and their actual emissions',
        response: { 200: writtenJson(AnyJson, 'Installations'), 401: Problem },
      },
    },
    async (request, reply) => {
      const list = await listInstallations(driver, request.tenant.id);
      return reply.serializer(JSON.stringify).send({
        data: list.map((i) => ({
          installation_id: i.installationId,
          name: i.name,
          operator_name: i.operatorName,
          country: i.country,
          emissions: i.emissions.map((e) => ({
            cn_code: e.cnCode,
            year: e.year,
            direct_see: e.directSee,
            indirect_see: e.indirectSee ?? null,
            verified: e.verified,
            verifier: e.verifier ?? null,
            verified_on: e.verifiedOn ?? null,
          })),
        })),
      });
    },
  );

  api.get(
    '/cbam/datasets',
    {
      schema: {
        tags: ['cbam'],
        summary: 'CBAM data sets: the built-in illustrative one and the tenant’s imports; the active one',
        response: { 200: writtenJson(AnyJson, 'Data sets'), 401: Problem },
      },
    },
    async (request, reply) => reply.serializer(JSON.stringify).send({ data: await listDatasets(driver, request.tenant.id) }),
  );

  api.post(
    '/cbam/datasets',
    {
      schema: {
        tags: ['cbam'],
        summary: 'Import a data set of default values, mark-ups, free allocation, benchmarks and prices from CSV (docs/cbam.md); it becomes the active one',
        querystring: DatasetQuery,
        response: { 201: writtenJson(Json, 'The stored data set'), 400: Problem, 401: Problem, 409: Problem, 413: Problem },
      },
    },
    async (request, reply) => {
      const text = await readText(request.body, MAX_DATASET_BYTES);
      const result = await importCbamDataset(driver, request.tenant.id, text, request.query);
      if (!result.ok) throw datasetProblem(result.errors);
      const q = request.query;
      if (!result.created)
        throw new HttpProblem(
          409,
          'CONFLICT',
          `data set "${q.name}" version "${q.version}" is imported already; a version never changes: import it as a new version`,
        );
      return reply
        .status(201)
        .serializer(JSON.stringify)
        .send({ ...datasetSummary(result.dataset), active: true });
    },
  );

  api.get(
    '/cbam/declarations/:year',
    {
      schema: {
        tags: ['cbam'],
        summary:
          'The annual declaration: gross embedded emissions, free-allocation adjustment, carbon price paid, certificates owed, de minimis, estimated cost, breakdowns (JSON or CSV)',
        params: YearParams,
        querystring: DeclarationQuery,
        response: { 200: jsonOrCsv(Json, 'The declaration'), 400: Problem, 401: Problem },
      },
    },
    async (request, reply) => {
      const { year } = request.params;
      const [lines, dataset] = await Promise.all([declarationLines(driver, request.tenant.id, year), activeDataset(driver, request.tenant.id)]);
      const d = declaration({ year, lines, dataset, priceEurPerT: request.query.price });
      const csv = request.query.format === 'csv' || (request.query.format === undefined && /text\/csv/.test(String(request.headers.accept ?? '')));
      if (csv)
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="cbam-declaration-${year}.csv"`)
          .send(declarationCsv(lines));
      return reply.serializer(JSON.stringify).send(d);
    },
  );

  api.get(
    '/cbam/reports/:year/:quarter',
    {
      schema: {
        tags: ['cbam'],
        summary:
          'The transitional quarterly report (2023-Q4 to 2025-Q4): JSON, or XML in the EU QReport schema streamed (format=xml; transitional quarters only)',
        params: QuarterParams,
        querystring: ReportQuery,
        response: {
          200: { description: 'The report', content: { 'application/json': { schema: Json }, 'application/xml': { schema: { type: 'string' } } } },
          400: Problem,
          401: Problem,
          404: Problem,
        },
      },
    },
    async (request, reply) => {
      const { year, quarter } = request.params;
      const q = request.query;
      if (q.format === 'xml') {
        if (!q.declarant_eori || !q.declarant_name || !q.declarant_city) {
          throw new HttpProblem(
            400,
            'VALIDATION_FAILED',
            'querystring: declarant_eori, declarant_name and declarant_city are required for the XML report (the declarant it is filed for)',
          );
        }
        if (!isTransitionalQuarter(year, quarter)) {
          throw new HttpProblem(
            400,
            'VALIDATION_FAILED',
            `params: the quarterly report covers the transitional period, 2023-Q4 to 2025-Q4; imports of ${year}-Q${quarter} go into the annual declaration (GET /v1/cbam/declarations/${year})`,
          );
        }
        const goods = await quarterGoodsLines(driver, request.tenant.id, year, quarter);
        if (goods === 0) throw new HttpProblem(404, 'NOT_FOUND', `no shipments imported in ${year}-Q${quarter}: nothing to report`);
        if (goods > QREPORT_MAX_GOODS)
          throw new HttpProblem(400, 'VALIDATION_FAILED', `${year}-Q${quarter} has ${goods} goods lines; a QReport holds at most ${QREPORT_MAX_GOODS}`);
        const xml = quarterlyReportXml(driver, request.tenant.id, year, quarter as 1 | 2 | 3 | 4, {
          eori: q.declarant_eori,
          name: q.declarant_name,
          city: q.declarant_city,
        });
        // The header is written before the answer starts, so a value the schema rejects there is a 400, not a cut-off stream.
        let first: IteratorResult<string>;
        try {
          first = await xml.next();
        } catch (err) {
          if (err instanceof QuarterlyReportError) throw new HttpProblem(400, 'VALIDATION_FAILED', `querystring: ${err.message}`);
          throw err;
        }
        async function* whole() {
          if (!first.done) yield first.value;
          yield* xml;
        }
        const stream = Readable.from(whole());
        stream.on('error', (err) => request.log.error({ err }, 'quarterly report stream failed'));
        return (
          reply
            .type('application/xml; charset=utf-8')
            .header('content-disposition', `attachment; filename="cbam-${year}-Q${quarter}.xml"`)
            // A stream, not the JSON the schema's first media type describes.
            .send(stream as unknown as string)
        );
      }
      return reply.serializer(JSON.stringify).send(await quarterlyReportJson(driver, request.tenant.id, year, quarter));
    },
  );
}
