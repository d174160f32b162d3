/** Suppliers: register, list in keyset pages by name, and one with its emissions summary. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { metrics } from '../../metrics/registry.ts';
import { printed, printedValues } from '../../domain/printed-number.ts';
import { StoreError } from '../../store/driver.ts';
import {
  createSupplier,
  getSupplier,
  listSuppliers,
  type Supplier as SupplierRecord,
  type SupplierEmissions,
  supplierEmissions,
} from '../../store/suppliers.ts';
import { notFound } from '../problem.ts';
import { IdParams, Problem } from '../schemas/common.ts';
import { keysetList, PageCursor, pageEnvelope } from '../schemas/pages.ts';
import type { RouteDeps } from './deps.ts';

const Country = Type.String({ pattern: '^[A-Za-z]{2}$', description: 'ISO 3166-1 alpha-2' });

const NewSupplier = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 300 }),
    country: Type.Optional(Country),
    duns: Type.Optional(Type.String({ pattern: '^[0-9]{9}$', description: 'D-U-N-S number, 9 digits' })),
    lei: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9]{20}$', description: 'Legal Entity Identifier, 20 alphanumerics' })),
    vat: Type.Optional(Type.String({ minLength: 4, maxLength: 20 })),
    naics: Type.Optional(Type.String({ pattern: '^[0-9]{2,6}$' })),
  },
  { additionalProperties: false },
);

const SupplierListQuery = Type.Object(
  {
    q: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 300,
        description: 'Name prefix, matched against normalized names (case, accents, punctuation and legal suffixes ignored)',
      }),
    ),
    country: Type.Optional(Country),
    limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
    cursor: Type.Optional(PageCursor),
  },
  { additionalProperties: false },
);

const Nullable = Type.Union([Type.String(), Type.Null()]);
const Supplier = Type.Object(
  { id: Type.String(), name: Type.String(), normalized_name: Type.String(), country: Nullable, duns: Nullable, lei: Nullable, vat: Nullable, naics: Nullable },
  {},
);

const EmissionsSummary = Type.Object({
  kg_co2e: Type.Number(),
  t_co2e: Type.Number(),
  rows: Type.Integer(),
  by_category: Type.Record(Type.String({ pattern: '^[0-9]+$' }), Type.Number(), { description: 'kg CO2e by Scope 3 category' }),
  first_month: Type.Union([Type.String(), Type.Null()], { description: 'YYYY-MM of the earliest activity (totals are kept by month)' }),
  last_month: Type.Union([Type.String(), Type.Null()], { description: 'YYYY-MM of the latest activity' }),
});

const SupplierWithEmissions = Type.Object({ ...Supplier.properties, emissions: EmissionsSummary });

function toJson(s: SupplierRecord) {
  return { id: s.id, name: s.name, normalized_name: s.normalizedName, country: s.country, duns: s.duns, lei: s.lei, vat: s.vat, naics: s.naics };
}

function emissionsJson(e: SupplierEmissions) {
  return {
    kg_co2e: printed(e.kgCo2e),
    t_co2e: printed(e.kgCo2e / 1000),
    rows: e.rows,
    by_category: printedValues(e.byCategory),
    first_month: e.firstMonth,
    last_month: e.lastMonth,
  };
}

export function supplierRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { driver, cursorSecret } = deps;
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const errors = { 400: Problem, 401: Problem, 404: Problem };
  api.post(
    '/suppliers',
    { schema: { tags: ['suppliers'], summary: 'Register a supplier', body: NewSupplier, response: { 201: Supplier, ...errors, 409: Problem } } },
    async (request, reply) => {
      const supplier = await createSupplier(driver, request.tenant.id, request.body).catch((err: unknown) => {
        metrics.suppliers.inc({ outcome: err instanceof StoreError && err.code === 'ALREADY_EXISTS' ? 'duplicate' : 'failed' });
        throw err;
      });
      metrics.suppliers.inc({ outcome: 'created' });
      await app.responseCache.invalidateTags(request.tenant.id, ['suppliers']);
      return reply.status(201).send(toJson(supplier));
    },
  );
  api.get(
    '/suppliers',
    {
      schema: {
        tags: ['suppliers'],
        summary: 'Suppliers by name, in keyset pages',
        querystring: SupplierListQuery,
        response: { 200: keysetList(Supplier), ...errors },
      },
      config: { cache: { strategy: 'short', tags: () => ['suppliers'] } },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      const page = await listSuppliers(driver, request.tenant.id, filter, { limit, cursor, secret: cursorSecret });
      return { data: page.items.map(toJson), ...pageEnvelope('/v1/suppliers', request.query, [], page) };
    },
  );
  api.get(
    '/suppliers/:id',
    {
      schema: {
        tags: ['suppliers'],
        summary: 'One supplier with its emissions summary',
        params: IdParams,
        response: { 200: SupplierWithEmissions, ...errors },
      },
      config: { cache: { strategy: 'short', tags: () => ['suppliers'] } },
    },
    async (request) => {
      const [s, emissions] = await Promise.all([
        getSupplier(driver, request.tenant.id, request.params.id),
        supplierEmissions(driver, request.tenant.id, request.params.id),
      ]);
      if (!s) throw notFound('supplier', request.params.id);
      return { ...toJson(s), emissions: emissionsJson(emissions) };
    },
  );
}
