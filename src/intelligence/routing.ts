/**
 * Model routing, pure: which models may answer a call, in the order to try them. A rule for the
 * operation decides the first model, else the request's model, else the tenant's default; the
 * fallbacks follow. Under a cost ceiling or a budget, models whose estimated cost is above the
 * ceiling, or that have no price (their cost could not be counted), are skipped.
 */
import type { IntelligencePolicy } from './policy.ts';
import { costNanos, priceOf, usdToNanos } from './prices.ts';

export type Operation = string;

/** A completion's length when the request sets no max_tokens, for estimates only. */
export const DEFAULT_COMPLETION_ESTIMATE = 256;

export interface CallShape {
  operation: Operation;
  kind: 'chat' | 'embeddings';
  requestedModel: string | undefined;
  /** Estimated prompt tokens (characters / 4, the usual rule of thumb for English text). */
  promptTokens: number;
  /** max_tokens of the request, or DEFAULT_COMPLETION_ESTIMATE; 0 for embeddings. */
  completionTokens: number;
}

export interface Candidate {
  model: string;
  /** Estimated cost of the call on this model (nano-USD); null when the model has no price. */
  estimateNanos: number | null;
}

export type RoutingOutcome = { ok: true; candidates: Candidate[] } | { ok: false; code: 'NO_MODEL' | 'COST_CEILING' | 'MODEL_UNPRICED'; message: string };

export const estimateTokens = (text: string) => Math.ceil(text.length / 4);

export function routeCall(policy: IntelligencePolicy, call: CallShape): RoutingOutcome {
  const fallbackDefault = call.kind === 'embeddings' ? policy.embedding_model : policy.chat_model;
  const first = policy.routes[call.operation] ?? call.requestedModel ?? fallbackDefault;
  if (!first) {
    return {
      ok: false,
      code: 'NO_MODEL',
      message: `no model for this ${call.kind} call: name one in the request's "model", or set ${call.kind === 'chat' ? 'chat_model' : 'embedding_model'} in PUT /v1/intelligence/settings`,
    };
  }
  const models = [...new Set([first, ...policy.fallback_models])];
  const all = models.map((model): Candidate => {
    const price = priceOf(model, policy.prices);
    return { model, estimateNanos: price ? costNanos(price, call.promptTokens, call.completionTokens) : null };
  });
  const counting = policy.max_cost_per_call_usd !== null || policy.monthly_budget_usd !== null;
  if (!counting) return { ok: true, candidates: all };
  const priced = all.filter((c) => c.estimateNanos !== null);
  if (priced.length === 0) {
    return {
      ok: false,
      code: 'MODEL_UNPRICED',
      message: `the tenant has a budget or a cost ceiling but no price for ${models.join(', ')}: add them to "prices" in PUT /v1/intelligence/settings`,
    };
  }
  const ceiling = policy.max_cost_per_call_usd === null ? Number.POSITIVE_INFINITY : usdToNanos(policy.max_cost_per_call_usd);
  const fitting = priced.filter((c) => c.estimateNanos! <= ceiling);
  if (fitting.length === 0) {
    const cheapest = Math.min(...priced.map((c) => c.estimateNanos!));
    return {
      ok: false,
      code: 'COST_CEILING',
      message: `every model allowed for this call is estimated above the tenant's ceiling of ${policy.max_cost_per_call_usd} USD per call (cheapest: ${(cheapest / 1e9).toFixed(6)} USD for ${call.promptTokens} prompt and ${call.completionTokens} completion tokens): shorten the prompt, lower max_tokens or raise max_cost_per_call_usd`,
    };
  }
  return { ok: true, candidates: fitting };
}
