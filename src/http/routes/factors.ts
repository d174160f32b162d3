/** Factors: list (keyset pages), get, create a tenant factor, and resolve through the cascade. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import type { FactorQuery as DomainQuery } from '../../domain/factors/resolve.ts';
import { resolveFactors } from '../../store/factor-broker.ts';
import { createTenantFactor, getFactor, listFactors } from '../../store/factors.ts';
import { HttpProblem, notFound } from '../problem.ts';
import { IdParams, Problem } from '../schemas/common.ts';
import {
  Answer,
  answerToJson,
  batchToJson,
  Factor,
  FactorList,
  FactorListQuery,
  type FactorQuery,
  factorToJson,
  NewFactor,
  ResolveBatchResponse,
  ResolveBody,
} from '../schemas/factors.ts';
import type { RouteDeps } from './deps.ts';

function toDomainQuery(q: Static<typeof FactorQuery>): DomainQuery {
  return {
    activity: q.activity,
    region: q.region,
    year: q.year,
    supplierId: q.supplier_id,
    category: q.category,
    unit: q.unit,
    datasetVersion: q.dataset_version,
  };
}

export function factorRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { driver, cursorSecret, factorCaches } = deps;
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const errors = { 400: Problem, 401: Problem, 404: Problem };

  api.get(
    '/factors',
    {
      schema: { tags: ['factors'], summary: 'List factors visible to the tenant', querystring: FactorListQuery, response: { 200: FactorList, ...errors } },
      config: { cache: { strategy: 'short', tags: () => ['factors'] } },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      const page = await listFactors(driver, request.tenant.id, filter, { limit, cursor, secret: cursorSecret });
      let next: string | null = null;
      if (page.nextCursor) {
        const params = new URLSearchParams(
          Object.entries({ ...filter, limit })
            .filter(([, v]) => v !== undefined)
            .map(([k, v]): [string, string] => [k, String(v)]),
        );
        params.set('cursor', page.nextCursor);
        next = `/v1/factors?${params}`;
      }
      return {
        data: page.items.map(factorToJson),
        page_info: { has_next_page: page.nextCursor !== null, next_cursor: page.nextCursor },
        links: { next },
      };
    },
  );

  api.get(
    '/factors/:id',
    {
      schema: { tags: ['factors'], summary: 'One factor with its metadata', params: IdParams, response: { 200: Factor, ...errors } },
      config: { cache: { strategy: 'medium', tags: () => ['factors'] } },
    },
    async (request) => {
      const factor = await getFactor(driver, request.tenant.id, request.params.id);
      if (!factor) throw notFound('factor', request.params.id);
      return factorToJson(factor);
    },
  );

  api.post(
    '/factors',
    { schema: { tags: ['factors'], summary: 'Add a tenant override or supplier-specific factor', body: NewFactor, response: { 201: Factor, ...errors } } },
    async (request, reply) => {
      // The body's names are the store's, but for supplier_id.
      const { supplier_id: supplierId, ...fields } = request.body;
      const factor = await createTenantFactor(driver, request.tenant.id, { ...fields, supplierId });
      // The tenant's next read sees its new factor, on every instance.
      await Promise.all([factorCaches.invalidateTenant(request.tenant.id), app.responseCache.invalidateTags(request.tenant.id, ['factors'])]);
      return reply.status(201).send(factorToJson(factor));
    },
  );

  // Both answers are written with JSON.stringify rather than the response schema: faster for these
  // shapes (docs/benchmarks.md, Design measurements). The schema stays for OpenAPI.
  api.post(
    '/factors/resolve',
    {
      schema: {
        tags: ['factors'],
        summary: 'Resolve one factor query, or up to 10,000 in `queries`, through the fallback cascade',
        body: ResolveBody,
        response: { 200: { anyOf: [Answer, ResolveBatchResponse] }, ...errors },
      },
    },
    async (request, reply) => {
      const { queries, ...single } = request.body;
      if (queries) {
        const stray = Object.keys(single)[0];
        if (stray)
          throw new HttpProblem(400, 'VALIDATION_FAILED', `body.${stray}: give either one query inline or a "queries" array, not both`, [
            { field: `body.${stray}`, message: 'not allowed together with queries' },
          ]);
        const answers = await resolveFactors(driver, request.tenant.id, queries.map(toDomainQuery), factorCaches.reader);
        return reply.serializer(JSON.stringify).send(batchToJson(answers));
      }
      if (!single.activity)
        throw new HttpProblem(400, 'VALIDATION_FAILED', 'body.activity is required (or send "queries": [...])', [
          { field: 'body.activity', message: 'is required' },
        ]);
      const [answer] = await resolveFactors(driver, request.tenant.id, [toDomainQuery({ ...single, activity: single.activity })], factorCaches.reader);
      return reply.serializer(JSON.stringify).send(answerToJson(answer!));
    },
  );
}
