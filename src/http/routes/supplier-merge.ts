/**
 * POST /v1/suppliers/:id/merge { into }: the supplier `:id` is merged into `into` (store/supplier-merge.ts);
 * its emissions, rollups, factors, aliases, rejections, identifiers and review candidates move in one
 * transaction that also appends the audit entry with the counts, and `:id` becomes a tombstone that
 * GET /v1/suppliers/:id answers with 301 to the kept supplier (mergedSupplierProblem).
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { printed } from '../../domain/printed-number.ts';
import type { SqlExecutor } from '../../store/driver.ts';
import { findSupplierMerges, type MergeConflicts, type MergeMoved, mergeSuppliers } from '../../store/supplier-merge.ts';
import type { Supplier } from '../../store/suppliers.ts';
import { auditEntryFor } from '../plugins/audit.ts';
import { badRequest, HttpProblem } from '../problem.ts';
import { IdParams, Problem } from '../schemas/common.ts';
import type { RouteDeps } from './deps.ts';

const MergeBody = Type.Object(
  { into: Type.String({ minLength: 1, maxLength: 100, description: 'The supplier kept: it takes everything of `:id`' }) },
  { additionalProperties: false },
);

const Nullable = Type.Union([Type.String(), Type.Null()]);
const Scheme = Type.Union([Type.Literal('lei'), Type.Literal('duns'), Type.Literal('vat')]);

const MergeAnswer = Type.Object(
  {
    id: Type.String({ description: 'The merged supplier, now a tombstone' }),
    merged_into: Type.String(),
    merged_at: Type.String({ format: 'date-time' }),
    supplier: Type.Object(
      {
        id: Type.String(),
        name: Type.String(),
        normalized_name: Type.String(),
        country: Nullable,
        duns: Nullable,
        lei: Nullable,
        vat: Nullable,
        naics: Nullable,
      },
      { description: 'The kept supplier after the merge' },
    ),
    moved: Type.Object({
      emissions: Type.Integer({ description: 'Emission rows, current and superseded' }),
      current_emissions: Type.Integer(),
      kg_co2e: Type.Number({ description: 'kg CO2e of the current rows moved' }),
      kg_co2e_exact: Type.String({ description: 'The same, as the exact decimal the rollups hold' }),
      rollup_cells: Type.Integer(),
      factors: Type.Integer({ description: 'Supplier-specific factors now the kept supplier’s' }),
      factors_superseded: Type.Integer(),
      aliases: Type.Integer(),
      name_alias: Type.Boolean({ description: 'The merged supplier’s name became an alias of the kept one' }),
      rejections: Type.Integer(),
      review_items: Type.Integer({ description: 'Pending review items whose candidates named the merged supplier' }),
      cbam_shipments: Type.Integer(),
      identifiers: Type.Array(Scheme, { description: 'Identifiers the kept supplier lacked and took' }),
      earlier_merges: Type.Integer({ description: 'Tombstones that pointed at the merged supplier, now pointing at the kept one' }),
    }),
    conflicts: Type.Object({
      identifiers: Type.Array(Type.Object({ scheme: Scheme, kept: Type.String(), not_moved: Type.String() })),
      factors: Type.Array(
        Type.Object({
          factor_id: Type.String(),
          superseded_by: Type.String(),
          activity: Type.String(),
          region: Type.String(),
          year: Type.Integer(),
          unit: Type.String(),
        }),
      ),
      name_alias: Type.Union([Type.Object({ name: Type.String(), supplier_id: Type.String() }), Type.Null()]),
      rejections_dropped: Type.Integer(),
    }),
  },
  { additionalProperties: false },
);

function supplierJson(s: Supplier) {
  return { id: s.id, name: s.name, normalized_name: s.normalizedName, country: s.country, duns: s.duns, lei: s.lei, vat: s.vat, naics: s.naics };
}

function movedJson(m: MergeMoved) {
  return {
    emissions: m.emissions,
    current_emissions: m.currentEmissions,
    kg_co2e: printed(Number(m.kgCo2e)),
    kg_co2e_exact: m.kgCo2e,
    rollup_cells: m.rollupCells,
    factors: m.factors,
    factors_superseded: m.factorsSuperseded,
    aliases: m.aliases,
    name_alias: m.nameAlias,
    rejections: m.rejections,
    review_items: m.reviewItems,
    cbam_shipments: m.cbamShipments,
    identifiers: m.identifiers,
    earlier_merges: m.earlierMerges,
  };
}

function conflictsJson(c: MergeConflicts) {
  return {
    identifiers: c.identifiers.map((i) => ({ scheme: i.scheme, kept: i.kept, not_moved: i.notMoved })),
    factors: c.factors.map((f) => ({
      factor_id: f.factorId,
      superseded_by: f.supersededBy,
      activity: f.activity,
      region: f.region,
      year: f.year,
      unit: f.unit,
    })),
    name_alias: c.nameAlias && { name: c.nameAlias.name, supplier_id: c.nameAlias.supplierId },
    rejections_dropped: c.rejectionsDropped,
  };
}

/**
 * What GET /v1/suppliers/:id answers for a merged supplier: 301 to the kept one (Location), with a
 * problem document naming it for a client that does not follow; null when `id` is no tombstone.
 */
export async function mergedSupplierProblem(db: SqlExecutor, tenantId: string, id: string): Promise<HttpProblem | null> {
  const m = (await findSupplierMerges(db, tenantId, [id])).get(id);
  if (!m) return null;
  return new HttpProblem(
    301,
    'SUPPLIER_MERGED',
    `supplier ${id} was merged into ${m.mergedInto} at ${m.mergedAt.toISOString()}: its emissions, factors and aliases are that supplier's now (GET /v1/suppliers/${m.mergedInto})`,
    [],
    { location: `/v1/suppliers/${m.mergedInto}` },
  );
}

export function supplierMergeRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { driver, factorCaches } = deps;
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  api.post(
    '/suppliers/:id/merge',
    {
      schema: {
        tags: ['suppliers'],
        summary: 'Merge supplier :id into another: its emissions, rollups, factors, aliases and identifiers move; :id becomes a tombstone',
        params: IdParams,
        body: MergeBody,
        response: { 200: MergeAnswer, 400: Problem, 404: Problem, 409: Problem },
      },
    },
    async (request) => {
      const { id } = request.params;
      const { into } = request.body;
      if (into === id) throw badRequest('body.into', 'must differ from the supplier merged (:id): a supplier cannot be merged into itself');
      const outcome = await mergeSuppliers(driver, request.tenant.id, id, into, (summary) => {
        request.auditRecorded = true;
        return auditEntryFor(request, 200, { type: 'supplier', id }, summary);
      });
      switch (outcome.outcome) {
        case 'same_supplier':
          throw badRequest('body.into', 'must differ from the supplier merged (:id)');
        case 'not_found':
          throw outcome.which === 'from'
            ? new HttpProblem(404, 'NOT_FOUND', `supplier ${id} does not exist`, [{ field: 'params.id', message: `no supplier ${id}` }])
            : new HttpProblem(404, 'NOT_FOUND', `supplier ${into} does not exist`, [{ field: 'body.into', message: `no supplier ${into}` }]);
        case 'merged_already': {
          const field = outcome.which === 'from' ? 'params.id' : 'body.into';
          const message = `supplier ${outcome.id} was merged into ${outcome.mergedInto} at ${outcome.mergedAt.toISOString()}; name ${outcome.mergedInto} instead`;
          throw new HttpProblem(409, 'SUPPLIER_MERGED', message, [{ field, message }]);
        }
      }
      const tenantId = request.tenant.id;
      // Supplier answers (totals), stored results (their supplier_id) and factors (theirs moved) changed.
      await Promise.all([factorCaches.invalidateTenant(tenantId), app.responseCache.invalidateTags(tenantId, ['suppliers', 'calculations', 'factors'])]);
      return {
        id,
        merged_into: into,
        merged_at: outcome.mergedAt.toISOString(),
        supplier: supplierJson(outcome.into),
        moved: movedJson(outcome.moved),
        conflicts: conflictsJson(outcome.conflicts),
      };
    },
  );
}
