/**
 * A calculation worker's per-record outcomes in columns, for the trip between threads: typed
 * arrays and flat lists of strings cost a fraction of nested objects to clone (docs/benchmarks.md,
 * Design measurements).
 */
import type { CalculationWarning, InputIssue, Tier } from '../../domain/scope3/types.ts';
import type { ResultSummary } from '../result-summary.ts';

/** Outcome `i` is record `index[i]` (counted from the job's first record); `id[i]` null: refused. */
export interface OutcomeColumns {
  index: Int32Array;
  id: Array<string | null>;
  category: Uint8Array;
  tier: Uint8Array;
  method: string[];
  kg: Float64Array;
  dqi: Float64Array;
  hash: string[];
  supplier: Array<string | null>;
  /** Position → warnings, only for outcomes that have some. */
  warnings: Array<[number, CalculationWarning[]]>;
  /** Position → issues, for refused records. */
  issues: Array<[number, InputIssue[]]>;
}

export type OutcomeSettle = (index: number, id: string | null, summary: ResultSummary | null, issues: InputIssue[] | null) => void;

/** Collects outcomes as they are settled and hands them over as columns. */
export class OutcomeColumnsBuilder {
  private index: number[] = [];
  private id: Array<string | null> = [];
  private category: number[] = [];
  private tier: number[] = [];
  private method: string[] = [];
  private kg: number[] = [];
  private dqi: number[] = [];
  private hash: string[] = [];
  private supplier: Array<string | null> = [];
  private warnings: Array<[number, CalculationWarning[]]> = [];
  private issues: Array<[number, InputIssue[]]> = [];

  get size(): number {
    return this.index.length;
  }

  readonly add: OutcomeSettle = (index, id, summary, issues) => {
    const at = this.index.length;
    this.index.push(index);
    this.id.push(summary ? id : null);
    this.category.push(summary?.category ?? 0);
    this.tier.push(summary?.tier ?? 0);
    this.method.push(summary?.method ?? '');
    this.kg.push(summary?.kgCo2e ?? 0);
    this.dqi.push(summary?.dqi ?? 0);
    this.hash.push(summary?.lineageHash ?? '');
    this.supplier.push(summary?.supplierId ?? null);
    if (summary && summary.warnings.length > 0) this.warnings.push([at, summary.warnings]);
    if (!summary) this.issues.push([at, issues ?? []]);
  };

  /** The outcomes so far; the builder starts over empty. */
  take(): OutcomeColumns {
    const out: OutcomeColumns = {
      index: Int32Array.from(this.index),
      id: this.id,
      category: Uint8Array.from(this.category),
      tier: Uint8Array.from(this.tier),
      method: this.method,
      kg: Float64Array.from(this.kg),
      dqi: Float64Array.from(this.dqi),
      hash: this.hash,
      supplier: this.supplier,
      warnings: this.warnings,
      issues: this.issues,
    };
    this.index = [];
    this.id = [];
    this.category = [];
    this.tier = [];
    this.method = [];
    this.kg = [];
    this.dqi = [];
    this.hash = [];
    this.supplier = [];
    this.warnings = [];
    this.issues = [];
    return out;
  }
}

/** Settles each outcome of `c` in order, as the worker settled it. */
export function readOutcomes(c: OutcomeColumns, settle: OutcomeSettle): void {
  const warnings = new Map(c.warnings);
  const issues = new Map(c.issues);
  for (let i = 0; i < c.index.length; i++) {
    const id = c.id[i]!;
    if (id === null) {
      settle(c.index[i]!, null, null, issues.get(i) ?? []);
      continue;
    }
    const summary: ResultSummary = {
      category: c.category[i]!,
      tier: c.tier[i] as Tier,
      method: c.method[i]!,
      kgCo2e: c.kg[i]!,
      dqi: c.dqi[i]!,
      lineageHash: c.hash[i]!,
      warnings: warnings.get(i) ?? [],
      supplierId: c.supplier[i]!,
    };
    settle(c.index[i]!, id, summary, null);
  }
}
