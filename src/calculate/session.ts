/**
 * What calculating many records needs, kept across calls so a long job (a bulk ingest, chunk
 * after chunk) asks the database only about what it has not seen: factor resolutions by query,
 * and which supplier ids belong to the tenant.
 *
 * Two layers: `CalculationPlanner` is pure (plan records, list what they need, complete them
 * once told the answers), so it also runs in a worker thread; `CalculationSession` adds the
 * database questions.
 */
import { createCurrencyConverter } from '../domain/currency.ts';
import type { FactorQuery } from '../domain/factors/resolve.ts';
import { type CompleteOutcome, completeRecord, type PlannedRecord, type PlanOutcome, planRecord } from '../domain/scope3/engine.ts';
import type { CalcContext, CalculationSettings, FactorNeed, UsedFactor } from '../domain/scope3/types.ts';
import type { SqlExecutor } from '../store/driver.ts';
import { queryKey, resolveFactors } from '../store/factor-broker.ts';
import { directFactorReader, type FactorReader } from '../store/factor-cache.ts';

export function calcContext(settings: CalculationSettings, importedGwp?: Readonly<Record<string, number>>): CalcContext {
  return { settings, currency: createCurrencyConverter({ deflateSpend: settings.deflateSpend }), importedGwp };
}

/** Whether computing with `factor` converts a gas breakdown to the settings' GWP set (then the GWP table matters). */
export function convertsGases(factor: UsedFactor | null, settings: CalculationSettings): boolean {
  return factor !== null && factor.gases !== null && factor.gwpSet !== settings.gwpSet;
}

/**
 * The imported GWP-100 values of one set (`factors import --format gwp`), by gas; null when none
 * is imported for it (the built-in values then apply).
 */
export async function importedGwpValues(db: SqlExecutor, gwpSet: string): Promise<Record<string, number> | null> {
  const res = await db.query<{ gas: string; value: number }>('SELECT gas, value FROM gwp_values WHERE gwp_set = $1', [gwpSet]);
  if (res.rows.length === 0) return null;
  return Object.fromEntries(res.rows.map((r) => [r.gas, Number(r.value)]));
}

/** What planned records need answered before they can be completed. */
export interface OpenQuestions {
  /** Supplier ids not known yet to belong (or not) to the tenant. */
  suppliers: string[];
  /** Factor queries not resolved yet, by query key. */
  factors: Array<[string, FactorQuery]>;
}

/** The answers, in the same shape: ownership by supplier id, the factor (or null) by query key. */
export interface Answers {
  suppliers: Array<[string, boolean]>;
  factors: Array<[string, UsedFactor | null]>;
  /** The imported GWP values of the settings' set, once a factor needed them (calcContext). */
  gwp?: Record<string, number> | undefined;
}

/** Both lists of questions, each question once. */
export function mergeQuestions(a: OpenQuestions, b: OpenQuestions): OpenQuestions {
  return { suppliers: [...new Set([...a.suppliers, ...b.suppliers])], factors: [...new Map([...a.factors, ...b.factors])] };
}

/** Plans and completes records against answers it is given; no I/O. */
export class CalculationPlanner {
  readonly ctx: CalcContext;
  /** Resolved factor (or null) by query key. */
  private readonly resolved = new Map<string, UsedFactor | null>();
  /** One object per (name, query), so every record that uses a factor shares it. */
  private readonly named = new Map<string, UsedFactor | null>();
  /**
   * One need object per (name, accepted steps, query) across the planned records: plan() puts it
   * in place of each record's own, so completing a record finds its factor with one lookup by
   * object instead of building and hashing the query's key again (docs/benchmarks.md, Design
   * measurements).
   */
  private readonly needs = new Map<string, FactorNeed>();
  private readonly factorOf = new Map<FactorNeed, UsedFactor | null>();
  private readonly keyOf = new Map<FactorNeed, string>();
  protected readonly suppliers = new Map<string, boolean>();

  constructor(readonly settings: CalculationSettings) {
    this.ctx = calcContext(settings);
  }

  /** Validates and plans every record, and lists what they need that is not known yet. */
  plan(records: readonly unknown[]): { outcomes: PlanOutcome[]; open: OpenQuestions } {
    const outcomes = records.map((raw) => planRecord(raw, this.ctx));
    const suppliers = new Set<string>();
    const factors = new Map<string, FactorQuery>();
    for (const o of outcomes) {
      if (!o.ok) continue;
      const s = o.planned.common.supplierId;
      if (s !== undefined && !this.suppliers.has(s)) suppliers.add(s);
      for (const plan of o.planned.plans) {
        for (let j = 0; j < plan.needs.length; j++) {
          const need = plan.needs[j]!;
          const key = queryKey(need.query);
          const shared = `${need.name}\u0000${need.acceptOnly?.join(',') ?? ''}\u0000${key}`;
          const canonical = this.needs.get(shared);
          if (canonical) plan.needs[j] = canonical;
          else {
            this.needs.set(shared, need);
            this.keyOf.set(need, `${need.name}\u0000${key}`);
          }
          if (!this.resolved.has(key)) factors.set(key, need.query);
        }
      }
    }
    return { outcomes, open: { suppliers: [...suppliers], factors: [...factors] } };
  }

  learn(answers: Answers): void {
    for (const [id, owned] of answers.suppliers) this.suppliers.set(id, owned);
    for (const [key, factor] of answers.factors) this.resolved.set(key, factor);
    if (answers.gwp) this.ctx.importedGwp = answers.gwp;
  }

  /** The answers this planner knows to `questions` (asked by another planner). */
  answer(questions: OpenQuestions): Answers {
    return {
      suppliers: questions.suppliers.map((id) => [id, this.suppliers.get(id) ?? false]),
      factors: questions.factors.map(([key]) => [key, this.resolved.get(key) ?? null]),
      ...(this.ctx.importedGwp ? { gwp: { ...this.ctx.importedGwp } } : {}),
    };
  }

  /** Refuses, in place, planned records whose supplier the tenant does not own. */
  refuseUnknownSuppliers(outcomes: PlanOutcome[]): PlanOutcome[] {
    for (let i = 0; i < outcomes.length; i++) {
      const o = outcomes[i]!;
      const s = o.ok ? o.planned.common.supplierId : undefined;
      if (s !== undefined && !this.suppliers.get(s)) outcomes[i] = { ok: false, issues: [{ field: 'supplier_id', message: `no supplier ${s}` }] };
    }
    return outcomes;
  }

  /** The resolved factor for a need of a planned record (null when none was found). */
  readonly lookup = (need: FactorNeed): UsedFactor | null => {
    let f = this.factorOf.get(need);
    if (f !== undefined) return f;
    const key = this.keyOf.get(need) ?? `${need.name}\u0000${queryKey(need.query)}`;
    f = this.named.get(key);
    if (f === undefined) {
      const base = this.resolved.get(key.slice(key.indexOf('\u0000') + 1)) ?? null;
      f = base && { ...base, name: need.name };
      this.named.set(key, f);
    }
    if (this.keyOf.has(need)) this.factorOf.set(need, f);
    return f;
  };

  /** Computes a planned record. */
  complete(planned: PlannedRecord): CompleteOutcome {
    return completeRecord(planned, this.lookup, this.ctx);
  }
}

/** A raw record's supplier_id, when it gives one as a string. */
function supplierIdOf(record: unknown): string | undefined {
  const id = record !== null && typeof record === 'object' ? (record as { supplier_id?: unknown }).supplier_id : undefined;
  return typeof id === 'string' ? id : undefined;
}

export class CalculationSession extends CalculationPlanner {
  /** Whether the imported GWP table was read (once, when the first factor needing it came). */
  private gwpRead = false;
  /** Merged supplier ids seen, with the supplier each now is (supplier_merges). */
  private readonly mergedInto = new Map<string, string>();

  constructor(
    private readonly db: SqlExecutor,
    private readonly tenantId: string,
    settings: CalculationSettings,
    private readonly reader: FactorReader = directFactorReader,
  ) {
    super(settings);
  }

  /**
   * Validates and plans every record, refuses supplier ids the tenant does not own, and resolves
   * every factor the plans may need that is not resolved yet (one broker call).
   */
  async prepare(records: readonly unknown[]): Promise<PlanOutcome[]> {
    const { outcomes, open } = this.plan(await this.withMergedSuppliers(records));
    await this.ask(open);
    return this.refuseUnknownSuppliers(outcomes);
  }

  /**
   * The records with the supplier_id of a merged supplier replaced by the supplier it was merged into
   * (copies of those records, the others as given: docs/suppliers.md "Merging suppliers"), so the
   * result is stored and its factors resolved for the live supplier. The one query asks ownership
   * too, so `ask` need not ask again about these ids.
   */
  async withMergedSuppliers(records: readonly unknown[]): Promise<readonly unknown[]> {
    const unseen = new Set<string>();
    for (const r of records) {
      const id = supplierIdOf(r);
      if (id !== undefined && !this.suppliers.has(id) && !this.mergedInto.has(id)) unseen.add(id);
    }
    if (unseen.size > 0) {
      const res = await this.db.query<{ id: string; owned: boolean; merged_into: string | null }>(
        `SELECT u.id, EXISTS (SELECT 1 FROM suppliers s WHERE s.tenant_id = $1 AND s.id = u.id) AS owned,
                (SELECT m.merged_into FROM supplier_merges m WHERE m.tenant_id = $1 AND m.supplier_id = u.id) AS merged_into
         FROM unnest($2::text[]) AS u(id)`,
        [this.tenantId, [...unseen]],
      );
      const owned: Array<[string, boolean]> = [];
      for (const r of res.rows) {
        if (r.merged_into === null) owned.push([r.id, r.owned]);
        else this.mergedInto.set(r.id, r.merged_into);
      }
      this.learn({ suppliers: owned, factors: [] });
    }
    if (this.mergedInto.size === 0) return records;
    return records.map((r) => {
      const id = supplierIdOf(r);
      const into = id === undefined ? undefined : this.mergedInto.get(id);
      return into === undefined ? r : { ...(r as object), supplier_id: into };
    });
  }

  /** Asks the database what `open` lists (one query for suppliers, one broker call for factors). */
  async ask(open: OpenQuestions): Promise<void> {
    const suppliers: Array<[string, boolean]> = [];
    if (open.suppliers.length > 0) {
      const res = await this.db.query<{ id: string }>('SELECT id FROM suppliers WHERE tenant_id = $1 AND id = ANY($2::text[])', [
        this.tenantId,
        open.suppliers,
      ]);
      const owned = new Set(res.rows.map((r) => r.id));
      for (const id of open.suppliers) suppliers.push([id, owned.has(id)]);
    }
    const factors: Array<[string, UsedFactor | null]> = [];
    if (open.factors.length > 0) {
      const queries = open.factors.map(([, q]) => q);
      const answers = await resolveFactors(this.db, this.tenantId, queries, this.reader);
      answers.forEach((a, i) => {
        const r = a.resolution;
        factors.push([
          open.factors[i]![0],
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
        ]);
      });
    }
    // A gas breakdown to convert: the imported GWP table (if any) decides, read once per session.
    let gwp: Record<string, number> | undefined;
    if (!this.gwpRead && factors.some(([, f]) => convertsGases(f, this.settings))) {
      this.gwpRead = true;
      gwp = (await importedGwpValues(this.db, this.settings.gwpSet)) ?? undefined;
    }
    this.learn({ suppliers, factors, gwp });
  }
}
