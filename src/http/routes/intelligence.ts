/**
 * The LLM gateway (docs/intelligence.md): chat completions (streamed or not) and embeddings for
 * the tenant through its policy, caches and budget; its settings; and its usage from the ledger.
 * Without GREENLINE_LLM_BASE_URL chat and embeddings answer 404 INTELLIGENCE_OFF (not a 5xx: the
 * server is fine, the feature is not configured); settings and usage still answer.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Redis } from 'ioredis';
import type { Static } from 'typebox';
import type { LlmConfig } from '../../config.ts';
import { GatewayError } from '../../intelligence/errors.ts';
import { type CallContext, Gateway, type GatewayAnswer } from '../../intelligence/gateway.ts';
import { monthBounds } from '../../intelligence/ledger.ts';
import type { IntelligencePolicy } from '../../intelligence/policy.ts';
import { nanosToUsd, PRICE_TABLE, usdToNanos } from '../../intelligence/prices.ts';
import { intelligenceMetrics } from '../../metrics/intelligence.ts';
import type { Metrics } from '../../metrics/registry.ts';
import type { SqlDriver } from '../../store/driver.ts';
import { type UsageGroup, type UsageRow, usage } from '../../store/intelligence-ledger.ts';
import { badRequest, HttpProblem } from '../problem.ts';
import { Problem } from '../schemas/common.ts';
import { ChatAnswer, ChatBody, EmbeddingsAnswer, EmbeddingsBody, SettingsAnswer, SettingsBody, UsageAnswer, UsageQuery } from '../schemas/intelligence.ts';

export interface IntelligenceRouteOptions {
  driver: SqlDriver;
  /** GREENLINE_LLM_*; null: chat and embeddings are off. */
  llm: LlmConfig | null;
  redis?: Redis | null;
  cacheKeyPrefix?: string;
  metrics: Metrics;
}

const DAY_MS = 86_400_000;

async function answer(reply: FastifyReply, result: GatewayAnswer) {
  reply.headers({ ...result.headers });
  if (result.kind === 'stream') return reply.type(result.contentType).header('cache-control', 'no-store').send(result.body);
  return reply.type('application/json; charset=utf-8').send(result.body);
}

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof GatewayError) throw new HttpProblem(err.status, err.code, err.message, [], err.headers);
    throw err;
  }
}

/** [from, to) of a usage query: a month, or from/to days (to included), or this month. */
function period(query: Static<typeof UsageQuery>, now: number): { from: Date; to: Date } {
  if (query.month !== undefined && (query.from !== undefined || query.to !== undefined))
    throw badRequest('querystring.month', 'give a month, or from and to, not both');
  if (query.month !== undefined) return ((b) => ({ from: b.start, to: b.end }))(monthBounds(Date.parse(`${query.month}-01T00:00:00Z`)));
  const month = monthBounds(now);
  const from = query.from !== undefined ? new Date(`${query.from}T00:00:00Z`) : month.start;
  const to = query.to !== undefined ? new Date(Date.parse(`${query.to}T00:00:00Z`) + DAY_MS) : query.from !== undefined ? new Date(now + DAY_MS) : month.end;
  if (to <= from) throw badRequest('querystring.to', 'must be on or after from');
  return { from, to };
}

const totalsJson = (r: UsageRow) => ({
  calls: r.calls,
  prompt_tokens: r.promptTokens,
  completion_tokens: r.completionTokens,
  cost_usd: nanosToUsd(BigInt(r.costNanos)),
  exact_hits: r.exactHits,
  semantic_hits: r.semanticHits,
  refused: r.refused,
  errors: r.errors,
  mean_latency_ms: Math.round(r.meanLatencyMs * 1000) / 1000,
});

const settingsJson = (policy: IntelligencePolicy, on: boolean) => ({
  ...policy,
  price_table: { version: PRICE_TABLE.version, source: PRICE_TABLE.source },
  gateway: on ? ('on' as const) : ('off' as const),
});

/** Registers the routes; the gateway is returned for other routes that call models (the spend classifier's fallback). */
export function intelligenceRoutes(app: FastifyInstance, options: IntelligenceRouteOptions): Gateway {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const metrics = intelligenceMetrics(options.metrics.registry);
  const gateway = new Gateway({
    driver: options.driver,
    llm: options.llm,
    redis: options.redis ?? null,
    cacheKeyPrefix: options.cacheKeyPrefix,
    metrics,
    log: (message, details) => app.log.warn(details, message),
  });
  const undoBudgets = metrics.registerBudgetSource(() =>
    gateway.ledger.readings().map((r) => ({ tenant: r.tenant, spendUsd: r.spendNanos / 1e9, budgetUsd: r.budgetNanos === null ? null : r.budgetNanos / 1e9 })),
  );
  const undoCaches = options.metrics.registerCacheSource(() => gateway.caches().map((c) => c.stats()));
  // As the app's own caches: serve once other instances' invalidations (a changed policy) are heard, or after 2 s.
  app.addHook('onReady', async () => {
    await Promise.race([Promise.all(gateway.caches().map((c) => c.ready())), new Promise((r) => setTimeout(r, 2_000).unref())]);
  });
  app.addHook('onClose', async () => {
    undoBudgets();
    undoCaches();
    await gateway.close();
  });
  const ctx = (request: { tenant: { id: string }; id: string }): CallContext => ({ tenantId: request.tenant.id, requestId: request.id });
  const callErrors = { 400: Problem, 401: Problem, 402: Problem, 403: Problem, 404: Problem, 422: Problem, 502: Problem, 504: Problem };

  api.post(
    '/intelligence/chat',
    {
      schema: {
        tags: ['intelligence'],
        summary: "A chat completion through the tenant's routing, caches and budget (stream: true passes the model's server-sent events through)",
        body: ChatBody,
        response: { 200: ChatAnswer, ...callErrors },
      },
    },
    async (request, reply) =>
      guarded(async () => answer(reply, await gateway.chat(ctx(request), request.body as Static<typeof ChatBody> & { messages: { role: string }[] }))),
  );
  api.post(
    '/intelligence/embeddings',
    {
      schema: {
        tags: ['intelligence'],
        summary: "Embeddings through the tenant's routing, exact cache and budget",
        body: EmbeddingsBody,
        response: { 200: EmbeddingsAnswer, ...callErrors },
      },
    },
    async (request, reply) => guarded(async () => answer(reply, await gateway.embeddings(ctx(request), request.body))),
  );
  api.get(
    '/intelligence/usage',
    {
      schema: {
        tags: ['intelligence'],
        summary: 'Model calls, tokens and cost from the ledger, by period, model, operation, kind, cache hit or outcome; with the month’s budget',
        querystring: UsageQuery,
        response: { 200: UsageAnswer, 400: Problem, 401: Problem, 403: Problem },
      },
    },
    async (request) => {
      const tenantId = request.tenant.id;
      const { from, to } = period(request.query, Date.now());
      const groupBy = (request.query.group_by?.split(',') ?? []) as UsageGroup[];
      // This instance's rows still queued are part of the answer.
      await gateway.ledger.flush();
      const [totals, groups, policy, spent] = await Promise.all([
        usage(options.driver, tenantId, from, to, []),
        groupBy.length > 0 ? usage(options.driver, tenantId, from, to, [...new Set(groupBy)]) : Promise.resolve([]),
        gateway.policy(tenantId),
        gateway.ledger.spentNanos(tenantId),
      ]);
      const budget = policy.monthly_budget_usd;
      return {
        from: from.toISOString(),
        to: to.toISOString(),
        totals: totalsJson(totals[0]!),
        groups: groups.map((g) => ({ ...g.group, ...totalsJson(g) })),
        budget: {
          monthly_budget_usd: budget,
          month_spend_usd: nanosToUsd(spent),
          remaining_usd: budget === null ? null : nanosToUsd(Math.max(0, usdToNanos(budget) - spent)),
          alert_thresholds: policy.alert_thresholds,
        },
      };
    },
  );
  api.get(
    '/intelligence/settings',
    {
      schema: {
        tags: ['intelligence'],
        summary: "The tenant's routing rules, caches, budget and prices (defaults until set)",
        response: { 200: SettingsAnswer, 401: Problem, 403: Problem },
      },
    },
    async (request) => settingsJson(await gateway.policy(request.tenant.id), gateway.enabled),
  );
  api.put(
    '/intelligence/settings',
    {
      schema: {
        tags: ['intelligence'],
        summary: "Change the tenant's routing rules, caches, budget or prices (fields not given are kept)",
        body: SettingsBody,
        response: { 200: SettingsAnswer, 400: Problem, 401: Problem, 403: Problem },
      },
      config: { scope: 'admin' },
    },
    async (request) => settingsJson(await gateway.updatePolicy(request.tenant.id, request.body as Partial<IntelligencePolicy>), gateway.enabled),
  );
  return gateway;
}
