/** What a batch answer says about each record, in the form that also crosses the worker thread. */
import type { CalculationResult } from '../domain/scope3/engine.ts';
import type { CalculationWarning, InputIssue, Tier } from '../domain/scope3/types.ts';

/** What the batch answer says about one stored record. */
export interface ResultSummary {
  category: number;
  tier: Tier;
  method: string;
  kgCo2e: number;
  dqi: number;
  lineageHash: string;
  warnings: CalculationWarning[];
  supplierId: string | null;
}

export type BatchOutcome = { index: number; ok: true; id: string; summary: ResultSummary } | { index: number; ok: false; issues: InputIssue[] };

export function summarize(r: CalculationResult): ResultSummary {
  return {
    category: r.category,
    tier: r.tier,
    method: r.method,
    kgCo2e: r.kgCo2e,
    dqi: r.dataQuality.score,
    lineageHash: r.lineageHash,
    warnings: r.warnings,
    supplierId: r.supplierId,
  };
}
