/**
 * GET /v1/emissions: the tenant's stored emissions, filtered and sorted, in keyset pages
 * (docs/emissions-api.md). Not response-cached: a listing changes with every write.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { type TSchema, Type } from 'typebox';
import { printed } from '../../domain/printed-number.ts';
import { EMISSION_SORTS, listEmissions } from '../../store/emissions.ts';
import { badRequest } from '../problem.ts';
import { Category, Problem } from '../schemas/common.ts';
import { keysetList, PageCursor, pageEnvelope } from '../schemas/pages.ts';
import type { RouteDeps } from './deps.ts';

const Id = Type.String({ minLength: 1, maxLength: 100 });
const IsoDate = (description: string) => Type.String({ format: 'date', description });

const EmissionListQuery = Type.Object(
  {
    supplier_id: Type.Optional(Id),
    category: Type.Optional(Category),
    tier: Type.Optional(Type.Integer({ minimum: 1, maximum: 3 })),
    from: Type.Optional(IsoDate('First activity date, inclusive (YYYY-MM-DD)')),
    to: Type.Optional(IsoDate('Last activity date, inclusive (YYYY-MM-DD)')),
    batch_id: Type.Optional(Id),
    sort: Type.Enum([...EMISSION_SORTS], { default: '-date', description: 'by activity date or kg CO2e, `-` for descending; ties by id' }),
    limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
    cursor: Type.Optional(PageCursor),
    offset: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: Number.MAX_SAFE_INTEGER,
        description: 'Rows to skip (compatibility): slow at depth, cannot be combined with cursor',
      }),
    ),
    count: Type.Optional(Type.Enum(['exact', 'estimated'], { description: 'Add total_count: count(*), or the planner estimate from statistics' })),
  },
  { additionalProperties: false },
);

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

const Emission = Type.Object({
  id: Type.String(),
  category: Type.Integer(),
  tier: Type.Integer(),
  method: Type.String(),
  activity_date: Type.String({ format: 'date' }),
  kg_co2e: Type.Number(),
  supplier_id: Nullable(Type.String()),
  factor_id: Nullable(Type.String()),
  dataset_version: Nullable(Type.String()),
  dqi: Nullable(Type.Number()),
  lineage_hash: Type.String(),
  batch_id: Nullable(Type.String()),
  row_number: Nullable(Type.Integer()),
  external_id: Nullable(Type.String()),
  calculated_at: Type.String({ format: 'date-time' }),
});

const EmissionList = Type.Object({
  ...keysetList(Emission).properties,
  total_count: Type.Optional(Type.Integer({ description: 'Only with ?count=' })),
});

export function emissionRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { driver, cursorSecret } = deps;
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  api.get(
    '/emissions',
    {
      schema: {
        tags: ['emissions'],
        summary: 'Stored emissions, filtered and sorted, in keyset pages',
        querystring: EmissionListQuery,
        response: { 200: EmissionList, 400: Problem, 401: Problem },
      },
    },
    async (request) => {
      const q = request.query;
      if (q.cursor !== undefined && q.offset !== undefined)
        throw badRequest('querystring.offset', 'cannot be combined with cursor (the cursor already fixes the position)');
      if (q.from !== undefined && q.to !== undefined && q.to < q.from) throw badRequest('querystring.to', `must not be before from (${q.from})`);
      const page = await listEmissions(driver, request.tenant.id, {
        filter: { supplierId: q.supplier_id, category: q.category, tier: q.tier, from: q.from, to: q.to, batchId: q.batch_id },
        sort: q.sort,
        limit: q.limit,
        start: q.cursor !== undefined ? { cursor: q.cursor } : q.offset !== undefined ? { offset: q.offset } : undefined,
        count: q.count,
        secret: cursorSecret,
      });
      // kg CO2e in its printed form (the page's cursors were taken from the stored value).
      for (const item of page.items) item.kg_co2e = printed(item.kg_co2e);
      // Links lead on by cursor even from an offset page, and leave out `count` so following them stays cheap.
      return {
        data: page.items,
        ...pageEnvelope('/v1/emissions', q, ['offset', 'count'], page),
        ...(page.totalCount !== undefined ? { total_count: page.totalCount } : {}),
      };
    },
  );
}
