/**
 * Deleting and correcting stored data (docs/data-lifecycle.md): delete an ingest batch, a
 * calculation (with the results it superseded), or a tenant factor; supersede a tenant factor by
 * a corrected one. Each answers once its transaction — which also appends the audit entry — has
 * committed, and drops the cached answers that showed what went.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { findDeletedFactors } from '../../store/deleted-factors.ts';
import { type AuditFor, deleteBatch, deleteCalculation, deleteTenantFactor, supersedeTenantFactor } from '../../store/deletions.ts';
import { auditEntryFor } from '../plugins/audit.ts';
import { HttpProblem, notFound } from '../problem.ts';
import { IdParams, Problem } from '../schemas/common.ts';
import { Factor, factorToJson, NewFactor } from '../schemas/factors.ts';
import type { RouteDeps } from './deps.ts';

const Deleted = Type.Null({ description: 'Deleted; no body' });

/** The changes to a factor: any field of a new factor; the others are the old factor's. */
const FactorChanges = Type.Partial(NewFactor, {
  additionalProperties: false,
  minProperties: 1,
  description: 'The fields that change; every other field is copied from the factor it replaces',
});

/** Records the delete's audit entry in its transaction (plugins/audit.ts then skips the request). */
function auditIn(request: FastifyRequest, status: number, type: string, id: string): AuditFor {
  return (summary) => {
    request.auditRecorded = true;
    return auditEntryFor(request, status, { type, id }, summary);
  };
}

/** A 404 that says so when the factor was deleted or superseded, rather than never existing. */
async function factorNotFound(request: FastifyRequest, deps: RouteDeps, id: string): Promise<HttpProblem> {
  const gone = (await findDeletedFactors(deps.driver, [id], request.tenant.id)).get(id);
  if (!gone) return notFound('factor', id);
  const by = gone.supersededBy ? `superseded by ${gone.supersededBy}` : 'deleted';
  return new HttpProblem(404, 'NOT_FOUND', `factor ${id} was ${by} at ${gone.deletedAt.toISOString()}`);
}

export function dataLifecycleRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { driver, factorCaches } = deps;
  const api = app.withTypeProvider<TypeBoxTypeProvider>();

  api.delete(
    '/batches/:id',
    {
      schema: {
        tags: ['batches'],
        summary: 'Delete a finished batch: its stored rows (and the results recalculation made from them), row errors and report totals',
        params: IdParams,
        response: { 204: Deleted, 404: Problem, 409: Problem },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const outcome = await deleteBatch(driver, request.tenant.id, id, auditIn(request, 204, 'batch', id));
      if (outcome.outcome === 'not_found') throw notFound('batch', id);
      if (outcome.outcome === 'in_progress')
        throw new HttpProblem(409, 'BATCH_IN_PROGRESS', `batch ${id} is ${outcome.status}: delete it once it has finished (GET /v1/batches/${id} says when)`);
      await app.responseCache.invalidateTags(request.tenant.id, ['calculations', 'suppliers']);
      return reply.status(204).send(null);
    },
  );

  api.delete(
    '/calculations/:id',
    {
      schema: {
        tags: ['calculations'],
        summary: 'Delete a current result and the results it superseded (a superseded one: 409 naming the current one)',
        params: IdParams,
        response: { 204: Deleted, 404: Problem, 409: Problem },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const outcome = await deleteCalculation(driver, request.tenant.id, id, auditIn(request, 204, 'calculation', id));
      switch (outcome.outcome) {
        case 'not_found':
          throw notFound('calculation', id);
        case 'superseded':
          throw new HttpProblem(
            409,
            'CALCULATION_SUPERSEDED',
            `calculation ${id} was superseded by a recalculation; its current result is ${outcome.current}: delete that one to delete the record with its history`,
          );
        case 'in_batch':
          throw new HttpProblem(
            409,
            'CALCULATION_IN_BATCH',
            `calculation ${id} is row ${outcome.rowNumber ?? '?'} of batch ${outcome.batchId}: a batch's rows are deleted with the batch (DELETE /v1/batches/${outcome.batchId}), so its totals stay true`,
          );
      }
      await app.responseCache.invalidateTags(request.tenant.id, ['calculations', 'suppliers']);
      return reply.status(204).send(null);
    },
  );

  api.delete(
    '/factors/:id',
    {
      schema: {
        tags: ['factors'],
        summary: "Delete one of the tenant's own factors; results that cited it keep their figures and still verify",
        params: IdParams,
        response: { 204: Deleted, 403: Problem, 404: Problem },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const outcome = await deleteTenantFactor(driver, request.tenant.id, id, auditIn(request, 204, 'factor', id));
      if (outcome.outcome === 'not_found') throw await factorNotFound(request, deps, id);
      if (outcome.outcome === 'public') throw publicFactor(id, outcome.factor.datasetVersion, outcome.factor.sourceId);
      await Promise.all([factorCaches.invalidateTenant(request.tenant.id), app.responseCache.invalidateTags(request.tenant.id, ['factors'])]);
      return reply.status(204).send(null);
    },
  );

  api.post(
    '/factors/:id/supersede',
    {
      schema: {
        tags: ['factors'],
        summary: "Replace one of the tenant's own factors by a corrected one (a new id); the old one answers 404 naming its successor",
        params: IdParams,
        body: FactorChanges,
        response: { 201: Factor, 400: Problem, 403: Problem, 404: Problem },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const { supplier_id: supplierId, ...changes } = request.body;
      const outcome = await supersedeTenantFactor(driver, request.tenant.id, id, { ...changes, supplierId }, auditIn(request, 201, 'factor', id));
      if (outcome.outcome === 'not_found') throw await factorNotFound(request, deps, id);
      if (outcome.outcome === 'public') throw publicFactor(id, outcome.factor.datasetVersion, outcome.factor.sourceId);
      await Promise.all([factorCaches.invalidateTenant(request.tenant.id), app.responseCache.invalidateTags(request.tenant.id, ['factors'])]);
      return reply.status(201).header('location', `/v1/factors/${outcome.factor.id}`).send(factorToJson(outcome.factor));
    },
  );
}

function publicFactor(id: string, version: string, sourceId: string): HttpProblem {
  return new HttpProblem(
    403,
    'PUBLIC_FACTOR',
    `factor ${id} belongs to the public data set ${sourceId} (version ${version}), which every tenant shares: it cannot be deleted or superseded. Add your own factor for the activity instead (POST /v1/factors); the cascade prefers it`,
  );
}
