/**
 * The LLM gateway's use cases: a chat completion or embeddings call for a tenant, through its
 * policy (policy.ts), routing (routing.ts), the exact and semantic caches, its budget and the
 * ledger (ledger.ts), to the model API (upstream-client.ts). In order:
 *
 *   route → exact cache → budget (reserve the estimate) → semantic cache → model, then fallbacks
 *   → ledger row, caches filled → budget reservation released
 *
 * A refusal (no model, cost ceiling, budget) is answered before anything is sent to a model and
 * recorded in the ledger as `refused` with its code. docs/intelligence.md describes it all.
 */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Redis } from 'ioredis';
import { type Cache, createCache } from '../cache/index.ts';
import type { LlmConfig } from '../config.ts';
import type { IntelligenceMetrics } from '../metrics/intelligence.ts';
import type { SqlDriver } from '../store/driver.ts';
import type { CacheHitKind, CallKind, CallOutcome } from '../store/intelligence-ledger.ts';
import { readIntelligenceSettings, writeIntelligenceSettings } from '../store/intelligence-settings.ts';
import { GatewayError, gatewayOff, upstreamFailure } from './errors.ts';
import { Ledger, type Reservation } from './ledger.ts';
import { DEFAULT_POLICY, type IntelligencePolicy, mergePolicy } from './policy.ts';
import { costNanos, nanosToUsd, PRICE_TABLE, priceOf, usdToNanos } from './prices.ts';
import { answerFields, type ChatRequest, exactKey, messageText, semanticBucket } from './request-key.ts';
import { type CallShape, type Candidate, DEFAULT_COMPLETION_ESTIMATE, estimateTokens, routeCall } from './routing.ts';
import { type CachedAnswer, SemanticCache } from './semantic-cache.ts';
import { completionAsEvents, passThroughWithUsage } from './stream-usage.ts';
import { UpstreamClient, UpstreamError, type UpstreamStream } from './upstream-client.ts';

export interface GatewayOptions {
  driver: SqlDriver;
  /** The model API; null turns chat and embeddings off (settings and usage still answer). */
  llm: LlmConfig | null;
  redis?: Redis | null;
  cacheKeyPrefix?: string;
  metrics: IntelligenceMetrics;
  log?: (message: string, details: Record<string, unknown>) => void;
  random?: () => number;
  clock?: () => number;
  /** Vectors the semantic cache keeps in this process (default 20,000). */
  semanticMaxEntries?: number;
}

export interface CallContext {
  tenantId: string;
  requestId: string;
}

export interface GatewayHeaders {
  'x-greenline-cache': CacheHitKind;
  'x-greenline-model': string;
  'x-greenline-attempts': string;
  'x-greenline-cost-usd'?: string;
  'x-greenline-similarity'?: string;
}

export type GatewayAnswer =
  | { kind: 'json'; body: string; headers: GatewayHeaders }
  | { kind: 'stream'; contentType: string; body: Readable; headers: GatewayHeaders };

/** Greenline's own fields of a call body; never sent to the model. */
export interface CallOptions {
  operation?: string;
  cache?: boolean;
}

const HOUR_MS = 3_600_000;

interface Usage {
  promptTokens: number;
  completionTokens: number;
}

interface Row {
  operation: string;
  kind: CallKind;
  model: string | null;
  usage: Usage;
  costNanos: number;
  priceVersion: string | null;
  cacheHit: CacheHitKind;
  outcome: CallOutcome;
  errorCode: string | null;
  attempts: number;
}

export class Gateway {
  readonly enabled: boolean;
  readonly #driver: SqlDriver;
  readonly #client: UpstreamClient | null;
  readonly #metrics: IntelligenceMetrics;
  readonly #clock: () => number;
  readonly #log: NonNullable<GatewayOptions['log']>;
  readonly ledger: Ledger;
  readonly #policies: Cache<IntelligencePolicy>;
  readonly #answers: Cache<CachedAnswer>;
  readonly semantic: SemanticCache;

  constructor(options: GatewayOptions) {
    this.#driver = options.driver;
    this.enabled = options.llm !== null;
    this.#client = options.llm ? new UpstreamClient(options.llm, { random: options.random }) : null;
    this.#metrics = options.metrics;
    this.#clock = options.clock ?? Date.now;
    this.#log = options.log ?? (() => {});
    const shared = { redis: options.redis ?? null, ...(options.cacheKeyPrefix ? { keyPrefix: options.cacheKeyPrefix } : {}) };
    this.#policies = createCache<IntelligencePolicy>({
      name: 'intelligence-policies',
      ttlMs: 60_000,
      l1: { maxEntries: 10_000, maxBytes: 16 * 1024 ** 2 },
      ...shared,
    });
    this.#answers = createCache<CachedAnswer>({
      name: 'intelligence-answers',
      ttlMs: 24 * HOUR_MS,
      l1: { maxEntries: 20_000, maxBytes: 128 * 1024 ** 2 },
      ...shared,
    });
    this.semantic = new SemanticCache({
      values: this.#answers,
      maxEntries: options.semanticMaxEntries,
      onBlocked: (reason) => this.#metrics.semanticBlocked.inc({ reason }),
    });
    this.ledger = new Ledger(options.driver, {
      clock: this.#clock,
      onError: (message, err) => this.#log(message, { err }),
      onAlert: (tenant, threshold, spent, budget) => {
        this.#metrics.budgetAlerts.inc({ tenant, threshold: String(threshold) });
        this.#log('intelligence budget threshold crossed', { tenant, threshold, spent_usd: nanosToUsd(spent), budget_usd: nanosToUsd(budget) });
      },
    });
  }

  /** The tenant's settings (DEFAULT_POLICY without any). */
  async policy(tenantId: string): Promise<IntelligencePolicy> {
    const { value } = await this.#policies.getOrLoad(tenantId, async () =>
      mergePolicy(DEFAULT_POLICY, (await readIntelligenceSettings<IntelligencePolicy>(this.#driver, tenantId)) ?? {}),
    );
    return value;
  }

  /** Stores `changes` over the tenant's settings; every instance reads the new ones on its next call. */
  async updatePolicy(tenantId: string, changes: Partial<IntelligencePolicy>): Promise<IntelligencePolicy> {
    const policy = mergePolicy(await this.policy(tenantId), changes);
    await writeIntelligenceSettings(this.#driver, tenantId, policy);
    await this.#policies.delete(tenantId);
    return policy;
  }

  caches(): Cache<unknown>[] {
    return [this.#policies, this.#answers] as Cache<unknown>[];
  }

  async close(): Promise<void> {
    await this.ledger.close();
    await Promise.all([this.#policies.close(), this.#answers.close(), this.#client?.close()]);
  }

  /** POST /v1/intelligence/chat. */
  async chat(ctx: CallContext, request: ChatRequest & CallOptions): Promise<GatewayAnswer> {
    const client = this.#requireClient();
    const started = this.#clock();
    const policy = await this.policy(ctx.tenantId);
    const operation = request.operation ?? 'chat';
    const stream = request.stream === true;
    const useCache = request.cache !== false;
    const promptText = request.messages.map(messageText).join('\n');
    const maxTokens = request.max_completion_tokens ?? request.max_tokens;
    const shape: CallShape = {
      operation,
      kind: 'chat',
      requestedModel: request.model,
      promptTokens: estimateTokens(promptText) + 4 * request.messages.length,
      completionTokens: typeof maxTokens === 'number' ? maxTokens : DEFAULT_COMPLETION_ESTIMATE,
    };
    const candidates = this.#route(ctx, policy, shape, started);
    const primary = candidates[0]!.model;
    const record = (row: Omit<Row, 'operation' | 'kind'>) => this.#record(ctx, started, { operation, kind: 'chat', ...row });

    const key = useCache && policy.exact_cache.enabled ? exactKey(ctx.tenantId, 'chat', primary, request) : null;
    if (key) {
      const cached = await this.#answers.get(key);
      const events = cached && stream ? completionAsEvents(cached.body) : null;
      if (cached && !stream) return this.#cachedAnswer(record, cached, 'exact');
      if (cached && events !== null)
        return { ...this.#cachedAnswer(record, cached, 'exact'), kind: 'stream', contentType: 'text/event-stream', body: Readable.from([events]) };
    }

    // Streams are not compared by meaning (their answer must start before a lookup could).
    const semantic =
      !stream && useCache && policy.semantic_cache.enabled && policy.embedding_model
        ? semanticBucket(ctx.tenantId, primary, policy.embedding_model, request)
        : null;
    const embedEstimate = semantic ? this.#estimate(policy, policy.embedding_model!, estimateTokens(semantic.text), 0) : 0;
    const reservation = await this.#reserve(ctx, policy, Math.max(...candidates.map((c) => c.estimateNanos ?? 0)) + embedEstimate, record);
    try {
      let vector: number[] | null = null;
      if (semantic) {
        vector = await this.#embedForCache(ctx, policy, policy.embedding_model!, semantic.text);
        if (vector) {
          const found = await this.semantic.lookup(semantic.bucket, vector, semantic.text, policy.semantic_cache.threshold);
          if (found.hit) return this.#cachedAnswer(record, found.answer, 'semantic', found.similarity);
        }
      }
      const body = answerFields(request);
      if (stream) {
        const keep = key ? (answer: CachedAnswer) => this.#answers.set(key, answer, { ttlMs: policy.exact_cache.ttl_seconds * 1000 }) : null;
        return await this.#stream(client, policy, candidates, body, record, reservation, keep);
      }
      const { answer, model, attempts } = await this.#callWithFallback(candidates, record, (m) => client.postJson('/chat/completions', { ...body, model: m }));
      const usage = usageOf(answer, shape.promptTokens, () => shape.completionTokens);
      const cost = this.#cost(policy, model, usage);
      record({ model, usage, ...cost, cacheHit: 'none', outcome: 'ok', errorCode: null, attempts });
      const cachedValue: CachedAnswer = { body: answer, model, ...usage };
      if (key) await this.#answers.set(key, cachedValue, { ttlMs: policy.exact_cache.ttl_seconds * 1000 });
      if (semantic && vector) await this.semantic.store(semantic.bucket, vector, semantic.text, cachedValue, policy.semantic_cache.ttl_seconds * 1000);
      return { kind: 'json', body: answer, headers: headers('none', model, attempts, cost.costNanos) };
    } finally {
      if (!stream) this.ledger.release(reservation);
    }
  }

  /** POST /v1/intelligence/embeddings. */
  async embeddings(ctx: CallContext, request: { input: string | string[]; model?: string; [field: string]: unknown } & CallOptions): Promise<GatewayAnswer> {
    const client = this.#requireClient();
    const started = this.#clock();
    const policy = await this.policy(ctx.tenantId);
    const operation = request.operation ?? 'embeddings';
    const inputs = Array.isArray(request.input) ? request.input : [request.input];
    const shape: CallShape = {
      operation,
      kind: 'embeddings',
      requestedModel: request.model,
      promptTokens: inputs.reduce((n, s) => n + estimateTokens(s), 0),
      completionTokens: 0,
    };
    const candidates = this.#route(ctx, policy, shape, started);
    const record = (row: Omit<Row, 'operation' | 'kind'>) => this.#record(ctx, started, { operation, kind: 'embeddings', ...row });
    const key = request.cache !== false && policy.exact_cache.enabled ? exactKey(ctx.tenantId, 'embeddings', candidates[0]!.model, request) : null;
    if (key) {
      const cached = await this.#answers.get(key);
      if (cached) return this.#cachedAnswer(record, cached, 'exact');
    }
    const reservation = await this.#reserve(ctx, policy, Math.max(...candidates.map((c) => c.estimateNanos ?? 0)), record);
    try {
      const body = answerFields(request);
      const { answer, model, attempts } = await this.#callWithFallback(candidates, record, (m) => client.postJson('/embeddings', { ...body, model: m }));
      const usage = usageOf(answer, shape.promptTokens, () => 0);
      const cost = this.#cost(policy, model, usage);
      record({ model, usage, ...cost, cacheHit: 'none', outcome: 'ok', errorCode: null, attempts });
      if (key) await this.#answers.set(key, { body: answer, model, ...usage }, { ttlMs: policy.exact_cache.ttl_seconds * 1000 });
      return { kind: 'json', body: answer, headers: headers('none', model, attempts, cost.costNanos) };
    } finally {
      this.ledger.release(reservation);
    }
  }

  #requireClient(): UpstreamClient {
    if (!this.#client) throw gatewayOff();
    return this.#client;
  }

  /** The models to try, or the refusal (recorded) when routing allows none. */
  #route(ctx: CallContext, policy: IntelligencePolicy, shape: CallShape, started: number): Candidate[] {
    const routed = routeCall(policy, shape);
    if (routed.ok) return routed.candidates;
    const [status, code] =
      routed.code === 'NO_MODEL'
        ? [400, 'INTELLIGENCE_NO_MODEL']
        : routed.code === 'COST_CEILING'
          ? [402, 'INTELLIGENCE_COST_CEILING']
          : [422, 'INTELLIGENCE_MODEL_UNPRICED'];
    this.#record(ctx, started, { operation: shape.operation, kind: shape.kind, ...refusedRow(shape.requestedModel ?? null, code) });
    throw new GatewayError(status, code, `refused, nothing was sent to a model: ${routed.message}`);
  }

  async #reserve(ctx: CallContext, policy: IntelligencePolicy, estimateNanos: number, record: (row: Omit<Row, 'operation' | 'kind'>) => void) {
    const budgetNanos = policy.monthly_budget_usd === null ? null : usdToNanos(policy.monthly_budget_usd);
    const check = await this.ledger.reserve(ctx.tenantId, { nanos: budgetNanos, alertThresholds: policy.alert_thresholds }, estimateNanos);
    if (check.ok) return check.reservation;
    record(refusedRow(null, 'INTELLIGENCE_BUDGET_EXCEEDED'));
    throw new GatewayError(
      402,
      'INTELLIGENCE_BUDGET_EXCEEDED',
      `refused, nothing was sent to a model: the tenant's monthly budget is ${nanosToUsd(check.budgetNanos)} USD, ${nanosToUsd(check.spentNanos)} USD is spent or committed this month, and this call is estimated at up to ${nanosToUsd(check.estimateNanos)} USD. The budget resets at ${check.resetsAt.toISOString()}; raise monthly_budget_usd in PUT /v1/intelligence/settings to go on now`,
      { 'retry-after': String(Math.max(1, Math.ceil((check.resetsAt.getTime() - this.#clock()) / 1000))) },
    );
  }

  /** Tries each candidate in order; a failure not worth a fallback (400, 401…) ends the call. */
  async #callWithFallback(
    candidates: Candidate[],
    record: (row: Omit<Row, 'operation' | 'kind'>) => void,
    send: (model: string) => Promise<{ body: string; attempts: number }>,
  ) {
    let attempts = 0;
    let last: UpstreamError | null = null;
    const tried: string[] = [];
    for (const { model } of candidates) {
      tried.push(model);
      const upstreamStarted = performance.now();
      try {
        const res = await send(model);
        this.#metrics.upstreamSeconds.observe({ model }, (performance.now() - upstreamStarted) / 1000);
        return { answer: res.body, model, attempts: attempts + res.attempts };
      } catch (err) {
        if (!(err instanceof UpstreamError)) throw err;
        attempts += err.attempts;
        last = err;
        if (!err.fallbackWorthy) break;
      }
    }
    const failure = upstreamFailure(last!, tried);
    record({
      model: tried.at(-1)!,
      usage: { promptTokens: 0, completionTokens: 0 },
      costNanos: 0,
      priceVersion: null,
      cacheHit: 'none',
      outcome: 'error',
      errorCode: failure.code,
      attempts,
    });
    throw failure;
  }

  async #stream(
    client: UpstreamClient,
    policy: IntelligencePolicy,
    candidates: Candidate[],
    body: Record<string, unknown>,
    record: (row: Omit<Row, 'operation' | 'kind'>) => void,
    reservation: Reservation,
    /** Keeps a completed plain-text answer in the exact cache (as the JSON a non-streamed call gets). */
    keep: ((answer: CachedAnswer) => Promise<void>) | null,
  ): Promise<GatewayAnswer> {
    let opened: UpstreamStream | null = null;
    try {
      const streamBody = { ...body, stream: true, stream_options: { include_usage: true } };
      const { model, attempts } = await this.#callWithFallback(candidates, record, async (m) => {
        opened = await client.postStream('/chat/completions', { ...streamBody, model: m });
        return { body: '', attempts: opened.attempts };
      });
      if (!opened) throw new Error('unreachable: a stream call succeeded without a stream');
      const { body: upstreamBody, contentType } = opened as UpstreamStream;
      const promptEstimate = estimateTokens(JSON.stringify(body.messages ?? ''));
      const out = passThroughWithUsage(upstreamBody, (end) => {
        const usage: Usage = {
          promptTokens: end.promptTokens ?? promptEstimate,
          completionTokens: end.completionTokens ?? Math.ceil(end.contentChars / 4),
        };
        const cost = this.#cost(policy, model, usage);
        record({
          model,
          usage,
          ...cost,
          cacheHit: 'none',
          outcome: end.error ? 'error' : 'ok',
          errorCode: end.error ? 'INTELLIGENCE_STREAM_FAILED' : null,
          attempts,
        });
        this.ledger.release(reservation);
        if (keep && end.error === null && end.content !== null) {
          const completion = {
            id: `chatcmpl-${randomUUID()}`,
            object: 'chat.completion',
            created: Math.floor(this.#clock() / 1000),
            model,
            choices: [{ index: 0, message: { role: 'assistant', content: end.content }, finish_reason: end.finishReason ?? 'stop' }],
            usage: { prompt_tokens: usage.promptTokens, completion_tokens: usage.completionTokens, total_tokens: usage.promptTokens + usage.completionTokens },
          };
          keep({ body: JSON.stringify(completion), model, ...usage }).catch((err: unknown) => this.#log('could not cache a streamed answer', { err }));
        }
      });
      return { kind: 'stream', contentType, body: out, headers: headers('none', model, attempts, null) };
    } catch (err) {
      this.ledger.release(reservation);
      throw err;
    }
  }

  /** The prompt's embedding for the semantic cache (its cost in the ledger), or null if the call failed: then no semantic lookup. */
  async #embedForCache(ctx: CallContext, policy: IntelligencePolicy, model: string, text: string): Promise<number[] | null> {
    const started = this.#clock();
    try {
      const res = await this.#client!.postJson('/embeddings', { model, input: text });
      const parsed = JSON.parse(res.body) as { data?: { embedding?: number[] }[] };
      const usage = usageOf(res.body, estimateTokens(text), () => 0);
      this.#record(ctx, started, {
        operation: 'semantic_cache',
        kind: 'cache_embedding',
        model,
        usage,
        ...this.#cost(policy, model, usage),
        cacheHit: 'none',
        outcome: 'ok',
        errorCode: null,
        attempts: res.attempts,
      });
      const vector = parsed.data?.[0]?.embedding;
      return Array.isArray(vector) && vector.length > 0 ? vector : null;
    } catch (err) {
      this.#log('semantic cache: the prompt could not be embedded; looked up without it', { err });
      const attempts = err instanceof UpstreamError ? err.attempts : 0;
      this.#record(ctx, started, {
        operation: 'semantic_cache',
        kind: 'cache_embedding',
        model,
        ...zeroCost,
        cacheHit: 'none',
        outcome: 'error',
        errorCode: 'INTELLIGENCE_UPSTREAM_FAILED',
        attempts,
      });
      return null;
    }
  }

  #cachedAnswer(record: (row: Omit<Row, 'operation' | 'kind'>) => void, cached: CachedAnswer, hit: 'exact' | 'semantic', similarity?: number): GatewayAnswer {
    record({ model: cached.model, ...zeroCost, cacheHit: hit, outcome: 'ok', errorCode: null, attempts: 0 });
    const h = headers(hit, cached.model, 0, 0);
    if (similarity !== undefined) h['x-greenline-similarity'] = similarity.toFixed(4);
    return { kind: 'json', body: cached.body, headers: h };
  }

  #estimate(policy: IntelligencePolicy, model: string, promptTokens: number, completionTokens: number): number {
    const price = priceOf(model, policy.prices);
    return price ? costNanos(price, promptTokens, completionTokens) : 0;
  }

  #cost(policy: IntelligencePolicy, model: string, usage: Usage): { costNanos: number; priceVersion: string | null } {
    const own = policy.prices[model];
    const price = priceOf(model, policy.prices);
    if (!price) return { costNanos: 0, priceVersion: null };
    return { costNanos: costNanos(price, usage.promptTokens, usage.completionTokens), priceVersion: own ? 'tenant' : PRICE_TABLE.version };
  }

  #record(ctx: CallContext, started: number, row: Row): void {
    const latencyMs = this.#clock() - started;
    this.ledger.record({
      tenantId: ctx.tenantId,
      at: new Date(started),
      operation: row.operation,
      kind: row.kind,
      model: row.model,
      promptTokens: row.usage.promptTokens,
      completionTokens: row.usage.completionTokens,
      costNanos: row.costNanos,
      priceVersion: row.priceVersion,
      latencyMs,
      cacheHit: row.cacheHit,
      outcome: row.outcome,
      errorCode: row.errorCode,
      attempts: row.attempts,
      requestId: ctx.requestId,
    });
    const model = row.model ?? 'none';
    this.#metrics.calls.inc({ kind: row.kind, model, cache_hit: row.cacheHit, outcome: row.outcome });
    if (row.usage.promptTokens > 0) this.#metrics.tokens.inc({ model, direction: 'prompt' }, row.usage.promptTokens);
    if (row.usage.completionTokens > 0) this.#metrics.tokens.inc({ model, direction: 'completion' }, row.usage.completionTokens);
    if (row.costNanos > 0) this.#metrics.costUsd.inc({ model }, row.costNanos / 1e9);
  }
}

const zeroCost = { usage: { promptTokens: 0, completionTokens: 0 }, costNanos: 0, priceVersion: null };

const refusedRow = (model: string | null, code: string): Omit<Row, 'operation' | 'kind'> => ({
  model,
  ...zeroCost,
  cacheHit: 'none',
  outcome: 'refused',
  errorCode: code,
  attempts: 0,
});

function headers(cache: CacheHitKind, model: string, attempts: number, nanos: number | null): GatewayHeaders {
  const h: GatewayHeaders = { 'x-greenline-cache': cache, 'x-greenline-model': model, 'x-greenline-attempts': String(attempts) };
  if (nanos !== null) h['x-greenline-cost-usd'] = nanosToUsd(nanos);
  return h;
}

/** The answer's `usage`, or estimates when the model API sent none. */
function usageOf(body: string, promptEstimate: number, completionEstimate: () => number): Usage {
  try {
    const usage = (JSON.parse(body) as { usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } }).usage;
    const prompt = usage?.prompt_tokens;
    const completion = usage?.completion_tokens;
    return {
      promptTokens: typeof prompt === 'number' ? prompt : promptEstimate,
      completionTokens: typeof completion === 'number' ? completion : completionEstimate(),
    };
  } catch {
    return { promptTokens: promptEstimate, completionTokens: completionEstimate() };
  }
}
