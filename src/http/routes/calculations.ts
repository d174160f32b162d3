/** Scope 3 calculations: one record, a batch of up to 10,000, read back, verify, and Monte Carlo. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { CalculationSettings } from '../../domain/scope3/types.ts';
import { metrics } from '../../metrics/registry.ts';
import { calculateBatch } from '../../calculate/batch.ts';
import type { BatchOutcome } from '../../calculate/result-summary.ts';
import { calculateAndStore, type RecordOutcome } from '../../calculate/calculate-records.ts';
import { DEFAULT_SETTINGS } from '../../domain/scope3/types.ts';
import { getCalculation } from '../../store/calculations.ts';
import { supersessionOf } from '../../store/recalculations.ts';
import { verifyCalculation } from '../../calculate/verify.ts';
import { runUncertainty } from '../../calculate/uncertainty.ts';
import { HttpProblem, notFound } from '../problem.ts';
import { BatchBody, resultToJson, SingleBody, toSettings, UncertaintyBody } from '../schemas/calculations.ts';
import { CalculationBatchAnswer, CalculationResult, StoredCalculation, UncertaintyAnswer, Verification } from '../schemas/calculation-answers.ts';
import { IdParams, Problem } from '../schemas/common.ts';
import { writtenJson } from '../schemas/media.ts';
import type { RouteDeps } from './deps.ts';
import { snakeCaseKeys } from '../snake-case.ts';
import { printed, printedValues } from '../../domain/printed-number.ts';

/** What the metrics and the cache need of an outcome, from either kind of answer. */
type Counted = { index: number; ok: false } | { index: number; ok: true; category: number; supplierId: string | null };

const counted = (o: RecordOutcome): Counted => (o.ok ? { index: o.index, ok: true, category: o.result.category, supplierId: o.result.supplierId } : o);
const countedBatch = (o: BatchOutcome): Counted => (o.ok ? { index: o.index, ok: true, category: o.summary.category, supplierId: o.summary.supplierId } : o);

/** Counts calculations by category and outcome (greenline_calculations_total). */
/**
 * Counts outcomes by category and status, then adds each count once: prom-client hashes the
 * labels on every `inc` (docs/benchmarks.md, Design measurements).
 */
function countOutcomes(records: readonly unknown[], outcomes: readonly Counted[]): void {
  const counts = new Map<string, number>();
  for (const o of outcomes) {
    const raw = records[o.index] as { category?: unknown } | null;
    const category = o.ok ? String(o.category) : typeof raw?.category === 'number' ? String(raw.category) : 'unknown';
    const key = `${category}\u0000${o.ok ? 'ok' : 'error'}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  for (const [key, n] of counts) {
    const [category, status] = key.split('\u0000') as [string, string];
    metrics.calculations.inc({ category, status }, n);
  }
}

/** A supplier's cached answer carries its emission totals: new results for it make that stale. */
async function supplierTotalsChanged(app: FastifyInstance, tenantId: string, outcomes: readonly Counted[]): Promise<void> {
  if (outcomes.some((o) => o.ok && o.supplierId !== null)) await app.responseCache.invalidateTags(tenantId, ['suppliers']);
}

export function calculationRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { driver, calculationHelper: helper } = deps;
  const reader = deps.factorCaches.reader;
  const defaults: CalculationSettings = DEFAULT_SETTINGS;
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const errors = { 400: Problem, 401: Problem, 404: Problem };
  // Answers are written with JSON.stringify; their schemas (schemas/calculation-answers.ts) are for OpenAPI.

  api.post(
    '/calculations',
    {
      schema: {
        tags: ['calculations'],
        summary: 'Calculate and store one activity record',
        body: SingleBody,
        response: { 201: writtenJson(CalculationResult, 'The stored result with its lineage'), 400: Problem, 401: Problem },
      },
    },
    async (request, reply) => {
      const [outcome] = await calculateAndStore(driver, request.tenant.id, [request.body.record], toSettings(request.body.settings, defaults), reader);
      countOutcomes([request.body.record], [counted(outcome!)]);
      await supplierTotalsChanged(app, request.tenant.id, [counted(outcome!)]);
      if (!outcome!.ok) {
        const issues = outcome!.issues.map((i) => ({ field: i.field ? `body.record.${i.field}` : 'body.record', message: i.message }));
        throw new HttpProblem(400, 'VALIDATION_FAILED', issues.map((i) => `${i.field}: ${i.message}`).join('; '), issues);
      }
      return reply.status(201).serializer(JSON.stringify).send(resultToJson(outcome!.id, outcome!.result));
    },
  );

  api.post(
    '/calculations/batch',
    {
      schema: {
        tags: ['calculations'],
        summary: 'Calculate and store up to 10,000 records; each record succeeds or fails on its own',
        body: BatchBody,
        response: { 200: writtenJson(CalculationBatchAnswer, 'Totals, and each record’s result or errors'), 400: Problem, 401: Problem },
      },
    },
    async (request, reply) => {
      const outcomes = await calculateBatch(driver, request.tenant.id, request.body.records, toSettings(request.body.settings, defaults), reader, helper);
      const summary = outcomes.map(countedBatch);
      countOutcomes(request.body.records, summary);
      await supplierTotalsChanged(app, request.tenant.id, summary);
      let kg = 0;
      let dqiSum = 0;
      let ok = 0;
      const byCategory: Record<string, number> = {};
      const byTier: Record<string, number> = {};
      const results = outcomes.map((o) => {
        if (!o.ok)
          return {
            index: o.index,
            status: 'error' as const,
            errors: o.issues.map((i) => ({ field: i.field ? `records[${o.index}].${i.field}` : `records[${o.index}]`, message: i.message })),
          };
        const r = o.summary;
        ok++;
        kg += r.kgCo2e;
        dqiSum += r.dqi;
        byCategory[r.category] = (byCategory[r.category] ?? 0) + r.kgCo2e;
        byTier[r.tier] = (byTier[r.tier] ?? 0) + r.kgCo2e;
        return {
          index: o.index,
          status: 'ok' as const,
          id: o.id,
          kg_co2e: printed(r.kgCo2e),
          tier: r.tier,
          method: r.method,
          dqi: r.dqi,
          lineage_hash: r.lineageHash,
          ...(r.warnings.length > 0 ? { warnings: r.warnings } : {}),
        };
      });
      const totals = {
        records: outcomes.length,
        succeeded: ok,
        failed: outcomes.length - ok,
        kg_co2e: printed(kg),
        t_co2e: printed(kg / 1000),
        by_category_kg: printedValues(byCategory),
        by_tier_kg: printedValues(byTier),
        average_dqi: ok > 0 ? Math.round((dqiSum / ok) * 10) / 10 : null,
      };
      return reply.serializer(JSON.stringify).send({ totals, results });
    },
  );

  api.get(
    '/calculations/:id',
    {
      schema: {
        tags: ['calculations'],
        summary: 'A stored calculation with its lineage',
        params: IdParams,
        response: { 200: writtenJson(StoredCalculation, 'The stored result, its input and settings'), 401: Problem, 404: Problem },
      },
      // A stored result's figures never change (a recalculation is a new id); a recalculation
      // that supersedes one drops these answers (routes/recalculations.ts).
      config: { cache: { strategy: 'long', tags: () => ['calculations'] } },
    },
    async (request, reply) => {
      const row = await getCalculation(driver, request.tenant.id, request.params.id);
      if (!row) throw notFound('calculation', request.params.id);
      // `superseded` / `supersedes` only on results that took part in a recalculation (docs/recalculation.md).
      const { superseded, supersedes } = await supersessionOf(driver, request.tenant.id, row.id);
      return reply.serializer(JSON.stringify).send({
        ...resultToJson(row.id, row.result, row.calculatedAt),
        input: row.input,
        settings: snakeCaseKeys(row.settings),
        ...(superseded ? { superseded } : {}),
        ...(supersedes ? { supersedes } : {}),
      });
    },
  );

  api.post(
    '/calculations/:id/verify',
    {
      schema: {
        tags: ['calculations'],
        summary: 'Recompute a stored result from its inputs and factors and compare',
        params: IdParams,
        response: { 200: writtenJson(Verification, 'Whether a recomputation matches the stored result'), ...errors },
      },
    },
    async (request, reply) => {
      const v = await verifyCalculation(driver, request.tenant.id, request.params.id);
      if (!v) throw notFound('calculation', request.params.id);
      return reply.serializer(JSON.stringify).send(snakeCaseKeys(v));
    },
  );

  api.post(
    '/uncertainty',
    {
      schema: {
        tags: ['calculations'],
        summary: 'Monte Carlo over stored results or given distributions',
        body: UncertaintyBody,
        response: { 200: writtenJson(UncertaintyAnswer, 'The Monte Carlo distribution of the total and each input’s share of its variance'), ...errors },
      },
    },
    async (request, reply) =>
      reply.serializer(JSON.stringify).send(snakeCaseKeys(printedValues(await runUncertainty(driver, request.tenant.id, request.body)))),
  );
}
