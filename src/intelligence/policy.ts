/**
 * A tenant's intelligence settings: which model serves which operation, fallbacks, the cost
 * ceiling, caches and the monthly budget. Stored as this JSON document (snake_case, as the API
 * shows it); a tenant without settings gets DEFAULT_POLICY. docs/intelligence.md explains each.
 */
import type { ModelPrice } from './prices.ts';

export interface IntelligencePolicy {
  /** The chat model when neither a rule nor the request names one; null: the request must. */
  chat_model: string | null;
  /** The embeddings model, also the one the semantic cache embeds prompts with. */
  embedding_model: string | null;
  /** Routing by operation: a rule names the model for an operation (`classify` → a small model), whatever the request asks. */
  routes: Record<string, string>;
  /** Tried in order when the chosen model fails (429/5xx after retries, timeout, unreachable, 404). */
  fallback_models: string[];
  /** Routing by cost: a model whose estimated cost for the call is above this is skipped; null: no ceiling. */
  max_cost_per_call_usd: number | null;
  exact_cache: { enabled: boolean; ttl_seconds: number };
  semantic_cache: { enabled: boolean; threshold: number; ttl_seconds: number };
  /** Hard stop: calls that would take this calendar month's (UTC) spend past it are refused; null: no budget. */
  monthly_budget_usd: number | null;
  /** Fractions of the budget at which an alert fires (metric + log), e.g. 0.5, 0.8, 1. */
  alert_thresholds: number[];
  /** Prices per model (USD per million tokens) that win over the price table: local models, negotiated prices. */
  prices: Record<string, ModelPrice>;
}

export const DEFAULT_POLICY: IntelligencePolicy = Object.freeze({
  chat_model: null,
  embedding_model: null,
  routes: {},
  fallback_models: [],
  max_cost_per_call_usd: null,
  exact_cache: { enabled: true, ttl_seconds: 86_400 },
  semantic_cache: { enabled: false, threshold: 0.95, ttl_seconds: 86_400 },
  monthly_budget_usd: null,
  alert_thresholds: [0.5, 0.8, 1],
  prices: {},
});

/** `changes` over `base`, one level deep for the cache objects. */
export function mergePolicy(base: IntelligencePolicy, changes: Partial<IntelligencePolicy>): IntelligencePolicy {
  return {
    ...base,
    ...changes,
    exact_cache: { ...base.exact_cache, ...changes.exact_cache },
    semantic_cache: { ...base.semantic_cache, ...changes.semantic_cache },
    alert_thresholds: [...(changes.alert_thresholds ?? base.alert_thresholds)].sort((a, b) => a - b),
  };
}
