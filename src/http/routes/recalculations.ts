/**
 * Recalculation over HTTP (docs/recalculation.md): `POST /v1/recalculations` starts one for a
 * batch, a period of record dates and/or a data set, `GET /v1/recalculations/:id` follows it.
 * Runs go on in the background of this process; the POST waits a moment and answers 200 with
 * the finished recalculation, or 202 with where to follow it.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import {
  createRecalculationFor,
  RecalculationInputError,
  type RecalculationRequest,
  RecalculationRunner,
  recalculationAnswer,
} from '../../calculate/recalculate.ts';
import type { RecalculationRow } from '../../store/recalculations.ts';
import { getRecalculation } from '../../store/recalculations.ts';
import { HttpProblem, notFound } from '../problem.ts';
import { IdParams, Problem } from '../schemas/common.ts';
import type { RouteDeps } from './deps.ts';

const RecalculationBody = Type.Object(
  {
    batch_id: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'results of one ingest batch' })),
    from: Type.Optional(Type.String({ format: 'date', description: 'first record date, inclusive (YYYY-MM-DD)' })),
    to: Type.Optional(Type.String({ format: 'date', description: 'last record date, inclusive (YYYY-MM-DD)' })),
    dataset: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description: 'results whose factor came from this data set: "all", "builtin", a source id (src_…) or a source name',
      }),
    ),
    dataset_version: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'with dataset as a source name: one version of it' })),
  },
  { additionalProperties: false, description: 'At least one of batch_id, from/to, dataset; the ones given narrow each other' },
);

const Json = Type.Record(Type.String(), Type.Unknown());

/** How long the POST waits for the run to finish before answering 202. */
const ANSWER_WITHIN_MS = 2_000;

const finished = (r: RecalculationRow) => r.state === 'succeeded' || r.state === 'failed';

export function recalculationRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { driver } = deps;
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const runner = new RecalculationRunner(driver, {
    // Superseded results answer differently (GET /v1/calculations/:id), and suppliers' totals moved.
    onFinished: async (tenantId, row) => {
      if (row && row.recalculated > 0) await app.responseCache.invalidateTags(tenantId, ['calculations', 'suppliers']);
    },
    onError: (err, id) => app.log.error({ err, recalculation: id }, 'recalculation failed'),
  });
  app.addHook('onClose', () => runner.close());

  api.post(
    '/recalculations',
    {
      schema: {
        tags: ['calculations'],
        summary: 'Recalculate stored results with the factors current now; changed results are superseded by new ones',
        body: RecalculationBody,
        response: { 200: Json, 202: Json, 400: Problem, 401: Problem },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const req: RecalculationRequest = { batchId: b.batch_id, from: b.from, to: b.to, dataset: b.dataset, datasetVersion: b.dataset_version };
      let created: RecalculationRow;
      try {
        created = await createRecalculationFor(driver, request.tenant.id, req);
      } catch (err) {
        if (!(err instanceof RecalculationInputError)) throw err;
        const errors = err.issues.map((i) => ({ field: i.field ? `body.${i.field}` : 'body', message: i.message }));
        throw new HttpProblem(400, 'VALIDATION_FAILED', errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
      }
      const done = runner.start(request.tenant.id, created.id);
      let timer: NodeJS.Timeout | undefined;
      const waited = await Promise.race([done, new Promise<null>((resolve) => (timer = setTimeout(resolve, ANSWER_WITHIN_MS, null)))]);
      clearTimeout(timer);
      const row = waited ?? (await getRecalculation(driver, request.tenant.id, created.id)) ?? created;
      return reply
        .status(finished(row) ? 200 : 202)
        .header('location', `/v1/recalculations/${created.id}`)
        .serializer(JSON.stringify)
        .send(recalculationAnswer(row));
    },
  );

  api.get(
    '/recalculations/:id',
    {
      schema: {
        tags: ['calculations'],
        summary: 'A recalculation: state, counts, and the data set versions results moved from and to',
        params: IdParams,
        response: { 200: Json, 401: Problem, 404: Problem },
      },
    },
    async (request, reply) => {
      const row = await getRecalculation(driver, request.tenant.id, request.params.id);
      if (!row) throw notFound('recalculation', request.params.id);
      return reply.serializer(JSON.stringify).send(recalculationAnswer(row));
    },
  );
}
