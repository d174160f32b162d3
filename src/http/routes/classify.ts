/**
 * Spend classification: free-text purchase lines → NAICS-6 with a confidence and the evidence, by
 * the local classifier (no network; docs/classification.md). Up to 10,000 lines a request.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { askFallback, DEFAULT_FALLBACK_THRESHOLD, type FallbackOutcome } from '../../domain/classify/fallback.ts';
import { spendClassifier } from '../../domain/classify/spend-classifier.ts';
import type { SpendClassification } from '../../domain/classify/types.ts';
import { type FallbackStop, llmClassificationFallback } from '../../intelligence/classify-fallback.ts';
import { gatewayOff } from '../../intelligence/errors.ts';
import type { Gateway } from '../../intelligence/gateway.ts';
import { scopeAllows } from '../../store/api-keys.ts';
import { HttpProblem } from '../problem.ts';
import { ClassifyAnswer, ClassifyBody, readSpendLines } from '../schemas/classify.ts';
import { Problem } from '../schemas/common.ts';
import { writtenJson } from '../schemas/media.ts';
import type { RouteDeps } from './deps.ts';

/** Lines classified between yields to the event loop, so 10,000 lines never hold it for long. */
const CHUNK = 1_000;
const MAX_FIELD_ERRORS = 50;

export function classifyRoutes(app: FastifyInstance, _deps: RouteDeps, gateway: Gateway): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  // Stores nothing: a read key may call it, and it is not audited (plugins/auth.ts READING_POSTS);
  // with `fallback` it calls models, which cost money: then it needs a write key, as the gateway's routes do.
  api.post(
    '/classify/spend',
    {
      schema: {
        tags: ['classify'],
        summary:
          'Classify spend lines to NAICS-6 codes with a confidence and the evidence (local and deterministic; fallback: the LLM gateway for unsure lines)',
        body: ClassifyBody,
        response: {
          200: writtenJson(ClassifyAnswer, 'Each line’s code, confidence and evidence, in the order sent'),
          400: Problem,
          401: Problem,
          403: Problem,
          404: Problem,
        },
      },
    },
    async (request, reply) => {
      const { lines, errors } = readSpendLines(request.body.lines);
      if (errors.length > 0) {
        const shown = errors.slice(0, MAX_FIELD_ERRORS);
        throw new HttpProblem(400, 'VALIDATION_FAILED', shown.map((e) => `${e.field}: ${e.message}`).join('; '), shown);
      }
      const classifier = spendClassifier();
      const withEvidence = request.body.include_evidence ?? true;
      const fallback = request.body.fallback === true;
      if (fallback) {
        if (!scopeAllows(request.apiKey.scope, 'write'))
          throw new HttpProblem(
            403,
            'SCOPE_INSUFFICIENT',
            `the API key ${request.apiKey.id} has scope "${request.apiKey.scope}"; classifying with fallback calls models and needs "write"`,
          );
        if (!gateway.enabled) {
          const off = gatewayOff();
          throw new HttpProblem(off.status, off.code, off.message, [{ field: 'body.fallback', message: off.message }]);
        }
      }
      let results: SpendClassification[] = [];
      for (let start = 0; start < lines.length; start += CHUNK) {
        if (start > 0) await new Promise((resolve) => setImmediate(resolve));
        const end = Math.min(lines.length, start + CHUNK);
        for (let i = start; i < end; i++) results.push(classifier.classify(lines[i]!));
      }
      let report: FallbackReport | undefined;
      if (fallback) {
        const threshold = request.body.fallback_threshold ?? DEFAULT_FALLBACK_THRESHOLD;
        const llm = llmClassificationFallback(gateway, { tenantId: request.tenant.id, requestId: request.id });
        const outcome = await askFallback(results, lines, { fallback: llm.fallback, threshold });
        ({ results } = outcome);
        report = { threshold, asked: outcome.asked, accepted: outcome.accepted, rejected: outcome.rejected, failed: outcome.failed, stopped: llm.stopped() };
      }
      const classified = results.filter((r) => r.naics !== null).length;
      return reply.serializer(JSON.stringify).send({
        classifier: { name: classifier.name, version: classifier.version },
        lines: lines.length,
        classified,
        unclassified: lines.length - classified,
        ...(report ? { fallback: report } : {}),
        // With the fallback, each line says who decided it.
        results: results.map((r, i) => (fallback ? { ...lineJson(i, r, withEvidence), classifier: r.classifier } : lineJson(i, r, withEvidence))),
      });
    },
  );
}

/** What the answer says of the fallback: what was asked, used, rejected, failed, and what stopped it. */
type FallbackReport = Omit<FallbackOutcome, 'results'> & { threshold: number; stopped: FallbackStop | null };

function lineJson(index: number, r: SpendClassification, withEvidence: boolean): object {
  return {
    index,
    naics: r.naics,
    industry: r.industry,
    naics4: r.naics4,
    naics2: r.naics2,
    sector: r.sector,
    confidence: r.confidence,
    ...(withEvidence ? { evidence: r.evidence } : {}),
    alternatives: r.alternatives,
  };
}
