/**
 * What calculating many records against the database needs, kept across calls so a long job
 * (a bulk ingest, chunk after chunk) asks the database only about what it has not seen: factor
 * resolutions by query, and which supplier ids belong to the tenant.
 */
import { createCurrencyConverter } from '../domain/currency.ts';
import type { FactorQuery } from '../domain/factors/resolve.ts';
import { type CompleteOutcome, completeRecord, factorNeeds, type PlannedRecord, type PlanOutcome, planRecord } from '../domain/scope3/engine.ts';
import type { CalcContext, CalculationSettings, FactorNeed, UsedFactor } from '../domain/scope3/types.ts';
import type { SqlExecutor } from './driver.ts';
import { queryKey, resolveFactors } from './factor-broker.ts';
import { directFactorReader, type FactorReader } from './factor-cache.ts';

export function calcContext(settings: CalculationSettings): CalcContext {
  return { settings, currency: createCurrencyConverter({ deflateSpend: settings.deflateSpend }) };
}

export class CalculationSession {
  readonly ctx: CalcContext;
  /** Resolved factor (or null) by query key. */
  private readonly resolved = new Map<string, UsedFactor | null>();
  /** One object per (name, query), so every record that uses a factor shares it. */
  private readonly named = new Map<string, UsedFactor | null>();
  private readonly keyOf = new WeakMap<FactorNeed, string>();
  private readonly suppliers = new Map<string, boolean>();

  constructor(
    private readonly db: SqlExecutor,
    private readonly tenantId: string,
    readonly settings: CalculationSettings,
    private readonly reader: FactorReader = directFactorReader,
  ) {
    this.ctx = calcContext(settings);
  }

  /**
   * Validates and plans every record, refuses supplier ids the tenant does not own, and resolves
   * every factor the plans may need that is not resolved yet (one broker call).
   */
  async prepare(records: readonly unknown[]): Promise<PlanOutcome[]> {
    const outcomes = records.map((raw) => planRecord(raw, this.ctx));
    const unknownSuppliers = new Set<string>();
    for (const o of outcomes) {
      const s = o.ok ? o.planned.common.supplierId : undefined;
      if (s !== undefined && !this.suppliers.has(s)) unknownSuppliers.add(s);
    }
    if (unknownSuppliers.size > 0) {
      const ids = [...unknownSuppliers];
      const res = await this.db.query<{ id: string }>('SELECT id FROM suppliers WHERE tenant_id = $1 AND id = ANY($2::text[])', [this.tenantId, ids]);
      const owned = new Set(res.rows.map((r) => r.id));
      for (const id of ids) this.suppliers.set(id, owned.has(id));
    }
    const missing = new Map<string, FactorQuery>();
    for (let i = 0; i < outcomes.length; i++) {
      const o = outcomes[i]!;
      if (!o.ok) continue;
      const s = o.planned.common.supplierId;
      if (s !== undefined && !this.suppliers.get(s)) {
        outcomes[i] = { ok: false, issues: [{ field: 'supplier_id', message: `no supplier ${s}` }] };
        continue;
      }
      for (const need of factorNeeds(o.planned)) {
        const key = queryKey(need.query);
        this.keyOf.set(need, `${need.name}\u0000${key}`);
        if (!this.resolved.has(key)) missing.set(key, need.query);
      }
    }
    if (missing.size > 0) await this.resolve([...missing.values()]);
    return outcomes;
  }

  private async resolve(queries: FactorQuery[]): Promise<void> {
    const answers = await resolveFactors(this.db, this.tenantId, queries, this.reader);
    answers.forEach((a, i) => {
      const r = a.resolution;
      this.resolved.set(
        queryKey(queries[i]!),
        r.status === 'resolved'
          ? {
              name: '',
              id: r.factor.id,
              value: r.factor.value,
              unit: r.factor.unit,
              datasetVersion: r.factor.datasetVersion,
              source: a.sourceName,
              gwpSet: r.factor.gwpSet,
              gases: r.factor.gases,
              uncertainty: r.factor.uncertainty,
              isProxy: r.isProxy,
              resolvedBy: r.resolvedBy,
              region: r.factor.region,
              year: r.factor.year,
            }
          : null,
      );
    });
  }

  /** The resolved factor for a need of a prepared record (null when none was found). */
  readonly lookup = (need: FactorNeed): UsedFactor | null => {
    const key = this.keyOf.get(need) ?? `${need.name}\u0000${queryKey(need.query)}`;
    let f = this.named.get(key);
    if (f === undefined) {
      const base = this.resolved.get(key.slice(key.indexOf('\u0000') + 1)) ?? null;
      f = base && { ...base, name: need.name };
      this.named.set(key, f);
    }
    return f;
  };

  /** Computes a prepared record. */
  complete(planned: PlannedRecord): CompleteOutcome {
    return completeRecord(planned, this.lookup, this.ctx);
  }
}
