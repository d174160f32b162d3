/**
 * The supplier review queue (docs/suppliers.md "Review queue"): names the matcher sent to review, in
 * keyset pages by status, and a reviewer's decision on one — accept (the name becomes an alias of the
 * supplier), reject (the pair never matches automatically again) or merge (two suppliers the name
 * showed to be one). Decisions are writes: they need a write key and are audited (plugins/audit.ts).
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { decideReview, getReview, listReviews, type ReviewItem } from '../../store/supplier-review.ts';
import { auditEntryFor } from '../plugins/audit.ts';
import { supplierNames } from '../../store/suppliers.ts';
import type { SqlExecutor } from '../../store/driver.ts';
import { badRequest, HttpProblem, notFound } from '../problem.ts';
import { IdParams, Problem } from '../schemas/common.ts';
import { keysetList, PageCursor, pageEnvelope } from '../schemas/pages.ts';
import { snakeCaseKeys } from '../snake-case.ts';
import type { RouteDeps } from './deps.ts';

const Status = Type.Union([Type.Literal('pending'), Type.Literal('accepted'), Type.Literal('rejected'), Type.Literal('merged')]);
const Nullable = Type.Union([Type.String(), Type.Null()]);

const ReviewListQuery = Type.Object(
  {
    status: Type.Optional({ ...Status, default: 'pending', description: 'Items with this status (default pending)' }),
    limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
    cursor: Type.Optional(PageCursor),
  },
  { additionalProperties: false },
);

const ReviewCandidateJson = Type.Object(
  {
    supplier_id: Type.String(),
    name: Type.Union([Type.String(), Type.Null()], { description: "The supplier's name now; null when it no longer exists (merged away)" }),
    confidence: Type.Number({ minimum: 0, maximum: 100 }),
    rule: Type.String(),
    why: Type.Record(Type.String(), Type.Unknown(), { description: 'As POST /v1/suppliers/match gives it' }),
  },
  { additionalProperties: false },
);

const DecisionJson = Type.Object(
  {
    action: Type.Union([Type.Literal('accept'), Type.Literal('reject'), Type.Literal('merge')]),
    supplier_id: Type.String(),
    from_supplier_id: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

const ReviewItemJson = Type.Object(
  {
    id: Type.String(),
    name: Type.String({ description: 'The name as first written' }),
    normalized_name: Type.String({ description: 'The name as the matcher compares it: aliases and rejections are keyed by it' }),
    country: Nullable,
    status: Status,
    source: Type.Union([Type.Literal('match'), Type.Literal('ingest')]),
    batch_id: Nullable,
    seen_count: Type.Integer({ description: 'Times the name was queued while pending' }),
    created_at: Type.String(),
    last_seen_at: Type.String(),
    decided_at: Nullable,
    decided_by: Type.Union([Type.String(), Type.Null()], { description: 'The API key that decided' }),
    decision: Type.Union([DecisionJson, Type.Null()]),
    candidates: Type.Array(ReviewCandidateJson, { description: 'Best first, with why; pairs a reviewer rejected are left out' }),
  },
  { additionalProperties: false },
);

const DecisionBody = Type.Object(
  {
    action: Type.Union([Type.Literal('accept'), Type.Literal('reject'), Type.Literal('merge')], {
      description: 'accept: the name is supplier_id; reject: it is not; merge: from_supplier_id is supplier_id (merged into it), and the name is it',
    }),
    supplier_id: Type.Optional(
      Type.String({ minLength: 1, maxLength: 100, description: 'Any supplier of the tenant; default the best candidate. merge: the supplier kept' }),
    ),
    from_supplier_id: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'merge only: the supplier merged into supplier_id' })),
  },
  { additionalProperties: false },
);

/** Items as JSON, candidates named with their suppliers' current names (one query for the page). */
async function itemsJson(db: SqlExecutor, tenantId: string, items: readonly ReviewItem[]) {
  const names = await supplierNames(
    db,
    tenantId,
    items.flatMap((it) => it.candidates.map((c) => c.supplierId)),
  );
  return items.map((it) => ({
    id: it.id,
    name: it.name,
    normalized_name: it.normalizedName,
    country: it.country,
    status: it.status,
    source: it.source,
    batch_id: it.batchId,
    seen_count: it.seenCount,
    created_at: it.createdAt,
    last_seen_at: it.lastSeenAt,
    decided_at: it.decidedAt,
    decided_by: it.decidedBy,
    decision: it.decision && {
      action: it.decision.action,
      supplier_id: it.decision.supplierId,
      ...(it.decision.fromSupplierId === undefined ? {} : { from_supplier_id: it.decision.fromSupplierId }),
    },
    candidates: it.candidates.map((c) => ({
      supplier_id: c.supplierId,
      name: names.get(c.supplierId) ?? null,
      confidence: c.confidence,
      rule: c.rule,
      why: snakeCaseKeys(c.why) as Record<string, unknown>,
    })),
  }));
}

export function supplierReviewRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { driver, cursorSecret } = deps;
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const errors = { 400: Problem, 401: Problem, 404: Problem };
  api.get(
    '/suppliers/review',
    {
      schema: {
        tags: ['suppliers'],
        summary: 'Supplier names waiting for a reviewer (or decided), oldest first, in keyset pages',
        querystring: ReviewListQuery,
        response: { 200: keysetList(ReviewItemJson), ...errors },
      },
    },
    async (request) => {
      const { limit, cursor, status = 'pending' } = request.query;
      const page = await listReviews(driver, request.tenant.id, { status }, { limit, cursor, secret: cursorSecret });
      return { data: await itemsJson(driver, request.tenant.id, page.items), ...pageEnvelope('/v1/suppliers/review', request.query, [], page) };
    },
  );
  api.get(
    '/suppliers/review/:id',
    {
      schema: { tags: ['suppliers'], summary: 'One review item with its candidates and why', params: IdParams, response: { 200: ReviewItemJson, ...errors } },
    },
    async (request) => {
      const item = await getReview(driver, request.tenant.id, request.params.id);
      if (!item) throw notFound('review item', request.params.id);
      return (await itemsJson(driver, request.tenant.id, [item]))[0]!;
    },
  );
  api.post(
    '/suppliers/review/:id',
    {
      schema: {
        tags: ['suppliers'],
        summary: 'Decide a review item: accept (the name becomes an alias), reject (the pair is never matched automatically) or merge two suppliers',
        params: IdParams,
        body: DecisionBody,
        response: { 200: ReviewItemJson, ...errors, 409: Problem },
      },
    },
    async (request) => {
      const { action, supplier_id: supplierId, from_supplier_id: fromSupplierId } = request.body;
      if (fromSupplierId !== undefined && action !== 'merge') throw badRequest('body.from_supplier_id', 'only for action merge');
      const tenantId = request.tenant.id;
      const outcome = await decideReview(driver, tenantId, request.params.id, {
        action,
        supplierId,
        fromSupplierId,
        actor: request.apiKey?.id ?? null,
        // The merge's own entry (what moved), beside the decision's, which the audit hook records.
        mergeAudit: (summary) => auditEntryFor(request, 200, { type: 'supplier', id: fromSupplierId ?? null }, { ...summary, review_id: request.params.id }),
      });
      if (outcome.outcome === 'not_found') throw notFound('review item', request.params.id);
      if (outcome.outcome === 'already_decided') {
        throw new HttpProblem(
          409,
          'ALREADY_DECIDED',
          `review item ${request.params.id} was already decided (${outcome.item.status}); it cannot be decided again`,
        );
      }
      if (outcome.outcome === 'invalid') throw badRequest(`body.${outcome.field}`, outcome.message);
      if (action === 'merge') {
        // Supplier answers, stored results and factors changed (as POST /v1/suppliers/:id/merge drops them).
        await Promise.all([deps.factorCaches.invalidateTenant(tenantId), app.responseCache.invalidateTags(tenantId, ['suppliers', 'calculations', 'factors'])]);
      }
      return (await itemsJson(driver, tenantId, [outcome.item]))[0]!;
    },
  );
}
