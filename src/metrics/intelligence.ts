/**
 * LLM gateway metrics (docs/intelligence.md): calls by outcome and cache, tokens and cost by model,
 * upstream latency, safeguard refusals of the semantic cache, and each tenant's month-to-date
 * spend against its budget (read when scraped) with a counter of budget alerts. Defined once per
 * registry: several apps in one process (tests) share them, as they share the registry.
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { METRIC_PREFIX } from './registry.ts';
import { Sources } from './sources.ts';

/** One tenant's budget state, as the gateway's spend tracker knows it. */
export interface BudgetReading {
  tenant: string;
  spendUsd: number;
  /** null: the tenant has no budget. */
  budgetUsd: number | null;
}

export interface IntelligenceMetrics {
  /** Labels: kind (chat, embeddings, cache_embedding), model, cache_hit (none, exact, semantic), outcome (ok, error, refused). */
  readonly calls: Counter<'kind' | 'model' | 'cache_hit' | 'outcome'>;
  /** Labels: model, direction (prompt, completion). */
  readonly tokens: Counter<'model' | 'direction'>;
  readonly costUsd: Counter<'model'>;
  /** Time from sending to the model until its whole answer (or a stream's end), retries included. */
  readonly upstreamSeconds: Histogram<'model'>;
  /** Semantic near-duplicates above the threshold refused by a safeguard, by which one. */
  readonly semanticBlocked: Counter<'reason'>;
  /** A tenant's spend crossed one of its alert thresholds (a fraction of the budget) this month. */
  readonly budgetAlerts: Counter<'tenant' | 'threshold'>;
  registerBudgetSource(read: () => readonly BudgetReading[]): () => void;
}

/** Seconds: model calls take from tens of milliseconds (a local model, an embedding) to a minute. */
const UPSTREAM_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

const defined = new WeakMap<Registry, IntelligenceMetrics>();

export function intelligenceMetrics(registry: Registry, prefix = METRIC_PREFIX): IntelligenceMetrics {
  const known = defined.get(registry);
  if (known) return known;
  const registers = [registry];
  const budgets = new Sources<readonly BudgetReading[]>();
  const readings = () => budgets.read().flat();
  const metrics: IntelligenceMetrics = {
    calls: new Counter({
      name: `${prefix}intelligence_calls_total`,
      help: 'LLM gateway calls by kind, model, cache hit and outcome.',
      labelNames: ['kind', 'model', 'cache_hit', 'outcome'],
      registers,
    }),
    tokens: new Counter({
      name: `${prefix}intelligence_tokens_total`,
      help: 'Tokens billed by model and direction.',
      labelNames: ['model', 'direction'],
      registers,
    }),
    costUsd: new Counter({
      name: `${prefix}intelligence_cost_usd_total`,
      help: 'Cost of model calls in USD, from the price table.',
      labelNames: ['model'],
      registers,
    }),
    upstreamSeconds: new Histogram({
      name: `${prefix}intelligence_upstream_duration_seconds`,
      help: 'Model API time per call, retries and fallbacks included.',
      labelNames: ['model'],
      buckets: UPSTREAM_BUCKETS,
      registers,
    }),
    semanticBlocked: new Counter({
      name: `${prefix}intelligence_semantic_blocked_total`,
      help: 'Semantic-cache candidates above the similarity threshold refused by a safeguard (negation, polarity, numbers, entities, prefix).',
      labelNames: ['reason'],
      registers,
    }),
    budgetAlerts: new Counter({
      name: `${prefix}intelligence_budget_alerts_total`,
      help: "A tenant's month-to-date spend crossed one of its alert thresholds (fraction of the budget).",
      labelNames: ['tenant', 'threshold'],
      registers,
    }),
    registerBudgetSource: (read) => budgets.add(read),
  };
  /** A gauge per tenant, read from the budget readings when scraped (a tenant whose value is null is left out). */
  const tenantGauge = (name: string, help: string, read: (r: BudgetReading) => number | null) =>
    new Gauge({
      name: `${prefix}${name}`,
      help,
      labelNames: ['tenant'],
      registers,
      collect() {
        this.reset();
        for (const r of readings()) {
          const v = read(r);
          if (v !== null) this.set({ tenant: r.tenant }, v);
        }
      },
    });
  tenantGauge('intelligence_month_spend_usd', "Each tenant's spend on model calls this calendar month (UTC), as this instance knows it.", (r) => r.spendUsd);
  tenantGauge('intelligence_month_budget_usd', "Each tenant's monthly budget for model calls (tenants with one).", (r) => r.budgetUsd);
  tenantGauge('intelligence_budget_used_ratio', 'Month-to-date spend over the monthly budget (1 = the hard stop).', (r) =>
    r.budgetUsd !== null && r.budgetUsd > 0 ? r.spendUsd / r.budgetUsd : null,
  );
  defined.set(registry, metrics);
  return metrics;
}
