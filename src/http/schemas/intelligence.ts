/**
 * The LLM gateway's bodies and answers (docs/intelligence.md). Chat and embeddings bodies are
 * OpenAI's, passed on to the model API as they are (less Greenline's `operation` and `cache`), so
 * they accept fields this schema does not name; their answers are the model API's own.
 */
import { Type } from 'typebox';

const Operation = Type.String({
  minLength: 1,
  maxLength: 64,
  pattern: '^[a-z0-9][a-z0-9_.-]*$',
  description: 'What the call is for (chat, classify, summarize…): the routing rule it follows and the ledger label; default chat or embeddings',
});
const UseCache = Type.Boolean({ description: 'false: neither cache answers or keeps this call (default true, as the tenant settings allow)' });
const Model = Type.String({ minLength: 1, maxLength: 200, description: "The model, unless a routing rule for the operation decides; default the tenant's" });

const Message = Type.Object(
  {
    role: Type.String({ minLength: 1, maxLength: 40 }),
    content: Type.Optional(
      Type.Union([Type.String({ maxLength: 1_000_000 }), Type.Array(Type.Object({}, { additionalProperties: true }), { maxItems: 100 }), Type.Null()]),
    ),
  },
  { additionalProperties: true },
);

export const ChatBody = Type.Object(
  {
    messages: Type.Array(Message, { minItems: 1, maxItems: 1000 }),
    model: Type.Optional(Model),
    stream: Type.Optional(Type.Boolean({ description: 'true: the answer is the model API’s server-sent events, passed through as they come' })),
    max_tokens: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
    operation: Type.Optional(Operation),
    cache: Type.Optional(UseCache),
  },
  { additionalProperties: true },
);

export const EmbeddingsBody = Type.Object(
  {
    input: Type.Union([
      Type.String({ minLength: 1, maxLength: 1_000_000 }),
      Type.Array(Type.String({ minLength: 1, maxLength: 1_000_000 }), { minItems: 1, maxItems: 2048 }),
    ]),
    model: Type.Optional(Model),
    operation: Type.Optional(Operation),
    cache: Type.Optional(UseCache),
  },
  { additionalProperties: true },
);

export const ChatAnswer = Type.Object(
  {
    id: Type.Optional(Type.String()),
    object: Type.Optional(Type.String()),
    model: Type.Optional(Type.String()),
    choices: Type.Array(Type.Object({}, { additionalProperties: true })),
    usage: Type.Optional(Type.Object({}, { additionalProperties: true })),
  },
  {
    additionalProperties: true,
    description:
      "The model API's answer as it sent it; headers x-greenline-cache (none, exact, semantic), x-greenline-model, x-greenline-cost-usd, x-greenline-attempts",
  },
);

export const EmbeddingsAnswer = Type.Object(
  {
    object: Type.Optional(Type.String()),
    data: Type.Array(Type.Object({ embedding: Type.Array(Type.Number()), index: Type.Optional(Type.Integer()) }, { additionalProperties: true })),
    model: Type.Optional(Type.String()),
    usage: Type.Optional(Type.Object({}, { additionalProperties: true })),
  },
  { additionalProperties: true, description: "The model API's answer as it sent it, with the same x-greenline-* headers as chat" },
);

const Price = Type.Object(
  { input: Type.Number({ minimum: 0, maximum: 10_000 }), output: Type.Number({ minimum: 0, maximum: 10_000 }) },
  { additionalProperties: false, description: 'USD per 1,000,000 tokens' },
);
const ModelName = Type.String({ minLength: 1, maxLength: 200 });
const NullableModel = Type.Union([ModelName, Type.Null()]);

const policyFields = {
  chat_model: NullableModel,
  embedding_model: NullableModel,
  routes: Type.Record(Type.String({ pattern: '^[a-z0-9][a-z0-9_.-]{0,63}$' }), ModelName, {
    description: 'operation → model; the rule wins over the request’s model',
    maxProperties: 100,
  }),
  fallback_models: Type.Array(ModelName, {
    maxItems: 10,
    description: 'Tried in order when the chosen model fails (429/5xx after retries, timeout, unreachable, 404)',
  }),
  max_cost_per_call_usd: Type.Union([Type.Number({ exclusiveMinimum: 0, maximum: 1_000 }), Type.Null()], {
    description: 'Models estimated above this for a call are skipped; none left: 402 INTELLIGENCE_COST_CEILING',
  }),
  exact_cache: Type.Object({ enabled: Type.Boolean(), ttl_seconds: Type.Integer({ minimum: 1, maximum: 30 * 86_400 }) }, { additionalProperties: false }),
  semantic_cache: Type.Object(
    {
      enabled: Type.Boolean(),
      threshold: Type.Number({
        minimum: 0.5,
        maximum: 1,
        description: 'Cosine similarity at or above which a cached prompt is a candidate (it must also pass the safeguards)',
      }),
      ttl_seconds: Type.Integer({ minimum: 1, maximum: 30 * 86_400 }),
    },
    { additionalProperties: false },
  ),
  monthly_budget_usd: Type.Union([Type.Number({ minimum: 0, maximum: 10_000_000 }), Type.Null()], {
    description: 'Hard stop per calendar month (UTC): calls that would pass it get 402 INTELLIGENCE_BUDGET_EXCEEDED',
  }),
  alert_thresholds: Type.Array(Type.Number({ exclusiveMinimum: 0, maximum: 10 }), { maxItems: 10, description: 'Fractions of the budget that raise an alert' }),
  prices: Type.Record(ModelName, Price, { maxProperties: 200, description: 'Prices that win over the price table (a local model: 0)' }),
};

export const SettingsBody = Type.Partial(Type.Object(policyFields, { additionalProperties: false }));

export const SettingsAnswer = Type.Object(
  {
    ...policyFields,
    price_table: Type.Object({ version: Type.String(), source: Type.String() }),
    gateway: Type.Union([Type.Literal('on'), Type.Literal('off')], { description: 'off: GREENLINE_LLM_BASE_URL is not set on this server' }),
  },
  { additionalProperties: false },
);

export const UsageQuery = Type.Object(
  {
    month: Type.Optional(
      Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'A calendar month (UTC), e.g. 2026-12; default this month unless from/to are given' }),
    ),
    from: Type.Optional(Type.String({ format: 'date', description: 'First day included (UTC)' })),
    to: Type.Optional(Type.String({ format: 'date', description: 'Last day included (UTC)' })),
    group_by: Type.Optional(
      Type.String({
        pattern: '^(model|operation|kind|cache_hit|outcome|day|month)(,(model|operation|kind|cache_hit|outcome|day|month))*$',
        description: 'Comma-separated: model, operation, kind, cache_hit, outcome, day, month',
      }),
    ),
  },
  { additionalProperties: false },
);

const Totals = {
  calls: Type.Integer(),
  prompt_tokens: Type.Integer(),
  completion_tokens: Type.Integer(),
  cost_usd: Type.String({ description: 'Exact decimal, 9 places' }),
  exact_hits: Type.Integer(),
  semantic_hits: Type.Integer(),
  refused: Type.Integer(),
  errors: Type.Integer(),
  mean_latency_ms: Type.Number(),
};

export const UsageAnswer = Type.Object(
  {
    from: Type.String({ format: 'date-time' }),
    to: Type.String({ format: 'date-time', description: 'Exclusive' }),
    totals: Type.Object(Totals),
    groups: Type.Array(
      Type.Object({
        model: Type.Optional(Type.String()),
        operation: Type.Optional(Type.String()),
        kind: Type.Optional(Type.String()),
        cache_hit: Type.Optional(Type.String()),
        outcome: Type.Optional(Type.String()),
        day: Type.Optional(Type.String()),
        month: Type.Optional(Type.String()),
        ...Totals,
      }),
    ),
    budget: Type.Object({
      monthly_budget_usd: Type.Union([Type.Number(), Type.Null()]),
      month_spend_usd: Type.String({ description: 'This calendar month (UTC) so far' }),
      remaining_usd: Type.Union([Type.String(), Type.Null()]),
      alert_thresholds: Type.Array(Type.Number()),
    }),
  },
  { additionalProperties: false },
);
