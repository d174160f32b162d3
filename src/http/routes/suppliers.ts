import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { SqlDriver } from '../../store/driver.ts';
import { createSupplier, getSupplier, type Supplier as SupplierRecord } from '../../store/suppliers.ts';
import { notFound } from '../problem.ts';
import { IdParams, Problem } from '../schemas/common.ts';

const NewSupplier = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 300 }),
    country: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2}$', description: 'ISO 3166-1 alpha-2' })),
    duns: Type.Optional(Type.String({ pattern: '^[0-9]{9}$', description: 'D-U-N-S number, 9 digits' })),
    lei: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9]{20}$', description: 'Legal Entity Identifier, 20 alphanumerics' })),
    vat: Type.Optional(Type.String({ minLength: 4, maxLength: 20 })),
    naics: Type.Optional(Type.String({ pattern: '^[0-9]{2,6}$' })),
  },
  { additionalProperties: false },
);

const Nullable = Type.Union([Type.String(), Type.Null()]);
const Supplier = Type.Object(
  { id: Type.String(), name: Type.String(), normalized_name: Type.String(), country: Nullable, duns: Nullable, lei: Nullable, vat: Nullable, naics: Nullable },
  {},
);

function toJson(s: SupplierRecord) {
  return { id: s.id, name: s.name, normalized_name: s.normalizedName, country: s.country, duns: s.duns, lei: s.lei, vat: s.vat, naics: s.naics };
}

export function supplierRoutes(app: FastifyInstance, driver: SqlDriver): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const errors = { 400: Problem, 401: Problem, 404: Problem };
  api.post(
    '/suppliers',
    { schema: { tags: ['suppliers'], summary: 'Register a supplier', body: NewSupplier, response: { 201: Supplier, ...errors } } },
    async (request, reply) => {
      const supplier = await createSupplier(driver, request.tenant.id, request.body);
      await app.responseCache.invalidateTags(request.tenant.id, ['suppliers']);
      return reply.status(201).send(toJson(supplier));
    },
  );
  api.get(
    '/suppliers/:id',
    { schema: { tags: ['suppliers'], summary: 'One supplier', params: IdParams, response: { 200: Supplier, ...errors } }, config: { cache: { strategy: 'short', tags: () => ['suppliers'] } } },
    async (request) => {
      const s = await getSupplier(driver, request.tenant.id, request.params.id);
      if (!s) throw notFound('supplier', request.params.id);
      return toJson(s);
    },
  );
}
