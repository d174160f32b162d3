/**
 * The ledger of LLM gateway calls (table intelligence_calls): rows written in batches, the month's
 * spend a budget is checked against, and usage totals grouped by model, operation, kind, cache or
 * period. Costs are integer nano-USD; sums come back as decimal strings, exact.
 */
import type { SqlExecutor } from './driver.ts';

export type CacheHitKind = 'none' | 'exact' | 'semantic';
export type CallKind = 'chat' | 'embeddings' | 'cache_embedding';
export type CallOutcome = 'ok' | 'error' | 'refused';

export interface LedgerEntry {
  tenantId: string;
  at: Date;
  operation: string;
  kind: CallKind;
  model: string | null;
  promptTokens: number;
  completionTokens: number;
  costNanos: number;
  priceVersion: string | null;
  latencyMs: number;
  cacheHit: CacheHitKind;
  outcome: CallOutcome;
  errorCode: string | null;
  attempts: number;
  requestId: string | null;
}

const COLUMNS = [
  'tenant_id',
  'at',
  'operation',
  'kind',
  'model',
  'prompt_tokens',
  'completion_tokens',
  'cost_nanos',
  'price_version',
  'latency_ms',
  'cache_hit',
  'outcome',
  'error_code',
  'attempts',
  'request_id',
] as const;

/** One multi-row INSERT. */
export async function insertLedgerEntries(db: SqlExecutor, entries: readonly LedgerEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const params: unknown[] = [];
  const rows = entries.map((e) => {
    const base = params.length;
    params.push(
      e.tenantId,
      e.at.toISOString(),
      e.operation,
      e.kind,
      e.model,
      e.promptTokens,
      e.completionTokens,
      e.costNanos,
      e.priceVersion,
      e.latencyMs,
      e.cacheHit,
      e.outcome,
      e.errorCode,
      e.attempts,
      e.requestId,
    );
    return `(${COLUMNS.map((_, i) => `$${base + i + 1}`).join(', ')})`;
  });
  await db.query(`INSERT INTO intelligence_calls (${COLUMNS.join(', ')}) VALUES ${rows.join(', ')}`, params);
}

/** A tenant's spend since `from` (the month's start), in nano-USD. */
export async function spendSinceNanos(db: SqlExecutor, tenantId: string, from: Date): Promise<number> {
  const res = await db.query<{ nanos: string | null }>('SELECT sum(cost_nanos)::text AS nanos FROM intelligence_calls WHERE tenant_id = $1 AND at >= $2', [
    tenantId,
    from.toISOString(),
  ]);
  return Number(res.rows[0]?.nanos ?? 0);
}

/** What usage may be grouped by; each maps to its SQL expression. */
export const USAGE_GROUPS = {
  model: "coalesce(model, '')",
  operation: 'operation',
  kind: 'kind',
  cache_hit: 'cache_hit',
  outcome: 'outcome',
  day: `to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD')`,
  month: `to_char(at AT TIME ZONE 'UTC', 'YYYY-MM')`,
} as const;

export type UsageGroup = keyof typeof USAGE_GROUPS;

export interface UsageRow {
  group: Partial<Record<UsageGroup, string>>;
  calls: number;
  promptTokens: number;
  completionTokens: number;
  costNanos: string;
  exactHits: number;
  semanticHits: number;
  refused: number;
  errors: number;
  meanLatencyMs: number;
}

/** Totals over [from, to), one row per combination of `groupBy` values (one row in all without). */
export async function usage(db: SqlExecutor, tenantId: string, from: Date, to: Date, groupBy: readonly UsageGroup[]): Promise<UsageRow[]> {
  const keys = groupBy.map((g, i) => `${USAGE_GROUPS[g]} AS g${i}`);
  const res = await db.query<Record<string, string | number | null>>(
    `SELECT ${[...keys, ''].join(', ')}
            count(*)::int AS calls,
            coalesce(sum(prompt_tokens), 0)::text AS prompt_tokens,
            coalesce(sum(completion_tokens), 0)::text AS completion_tokens,
            coalesce(sum(cost_nanos), 0)::text AS cost_nanos,
            (count(*) FILTER (WHERE cache_hit = 'exact'))::int AS exact_hits,
            (count(*) FILTER (WHERE cache_hit = 'semantic'))::int AS semantic_hits,
            (count(*) FILTER (WHERE outcome = 'refused'))::int AS refused,
            (count(*) FILTER (WHERE outcome = 'error'))::int AS errors,
            coalesce(avg(latency_ms), 0)::float8 AS mean_latency_ms
       FROM intelligence_calls
      WHERE tenant_id = $1 AND at >= $2 AND at < $3
      ${groupBy.length > 0 ? `GROUP BY ${groupBy.map((_, i) => i + 1).join(', ')} ORDER BY ${groupBy.map((_, i) => i + 1).join(', ')}` : ''}`,
    [tenantId, from.toISOString(), to.toISOString()],
  );
  return res.rows.map((r) => ({
    group: Object.fromEntries(groupBy.map((g, i) => [g, String(r[`g${i}`])])),
    calls: Number(r.calls),
    promptTokens: Number(r.prompt_tokens),
    completionTokens: Number(r.completion_tokens),
    costNanos: String(r.cost_nanos),
    exactHits: Number(r.exact_hits),
    semanticHits: Number(r.semantic_hits),
    refused: Number(r.refused),
    errors: Number(r.errors),
    meanLatencyMs: Number(r.mean_latency_ms),
  }));
}
