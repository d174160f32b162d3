/**
 * The calculation engine: plan a record (validate, list methods best tier first), then complete it
 * once its factors are resolved (pick the best method whose factors were found, compute, score
 * data quality and uncertainty, hash the lineage). Pure: factors come in through `lookup`.
 */
import { type DataQuality, type PedigreeScores, parsePedigree, scoreDataQuality, type SourceKind } from '../dqi/index.ts';
import type { GasBreakdown, GwpSetName } from '../factors/types.ts';
import { type ResultLineage, resultLineageHash } from '../lineage.ts';
import { boundText, MAX_RESULT_KG } from '../plausible-bounds.ts';
import { type ResultUncertainty, resultUncertainty } from '../uncertainty/index.ts';
import { CATEGORY_MODULES } from './categories/index.ts';
import { FieldReader } from './fields.ts';
import {
  type CalcContext,
  CalculationError,
  type CalculationWarning,
  type CategoryModule,
  type Computation,
  type FactorNeed,
  type InputIssue,
  type MethodPlan,
  type SkippedMethod,
  type Tier,
  type UsedFactor,
} from './types.ts';

/** Fields every record may carry, whatever its category. */
export const COMMON_FIELDS = ['category', 'date', 'supplier_id', 'external_id', 'pedigree', 'region'] as const;

/** Engine version: bumped when the engine's own arithmetic (not a category's) changes. */
export const ENGINE_VERSION = '1';

export interface CommonFields {
  category: number;
  date: string;
  supplierId: string | undefined;
  externalId: string | undefined;
  region: string | undefined;
  pedigree: PedigreeScores | null;
}

export interface PlannedRecord {
  common: CommonFields;
  module: CategoryModule<unknown>;
  input: unknown;
  plans: MethodPlan[];
  skipped: SkippedMethod[];
}

export interface CalculationResult {
  category: number;
  categoryName: string;
  tier: Tier;
  method: string;
  methodVersion: string;
  date: string;
  supplierId: string | null;
  kgCo2e: number;
  tCo2e: number;
  gases: GasBreakdown | null;
  gwpSet: GwpSetName;
  factors: UsedFactor[];
  inputsUsed: Computation['inputsUsed'];
  tierFallback: { chosen: { tier: Tier; method: string }; skipped: SkippedMethod[] };
  warnings: CalculationWarning[];
  dataQuality: DataQuality;
  uncertainty: ResultUncertainty;
  lineageHash: string;
}

export type PlanOutcome = { ok: true; planned: PlannedRecord } | { ok: false; issues: InputIssue[] };
export type CompleteOutcome = { ok: true; result: CalculationResult } | { ok: false; issues: InputIssue[] };

function readCommon(raw: Record<string, unknown>): CommonFields {
  const r = new FieldReader(raw);
  const category = r.number('category', { required: true, min: 1, max: 15, integer: true });
  const date = r.date('date', { required: true });
  const supplierId = r.string('supplier_id', { maxLength: 100 });
  const externalId = r.string('external_id', { maxLength: 200 });
  const region = r.string('region', { pattern: /^[A-Za-z]{2,6}(-[A-Za-z0-9]{1,4})?$/ });
  let pedigree: PedigreeScores | null = null;
  if (r.has('pedigree')) {
    try {
      pedigree = parsePedigree(raw.pedigree, 'pedigree');
    } catch (err) {
      if (!(err instanceof CalculationError)) throw err;
      r.issues.push(...err.issues);
    }
  }
  r.done();
  return { category: category!, date: date!, supplierId, externalId, region: region?.toUpperCase(), pedigree };
}

/** Validates a record and lists the methods its inputs allow. Never throws on bad input. */
export function planRecord(raw: unknown, ctx: CalcContext): PlanOutcome {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, issues: [{ field: '', message: 'must be an object' }] };
  const record = raw as Record<string, unknown>;
  const issues: InputIssue[] = [];
  let common: CommonFields | undefined;
  try {
    common = readCommon(record);
  } catch (err) {
    if (!(err instanceof CalculationError)) throw err;
    issues.push(...err.issues);
  }
  // Report the category's own field errors too, when the category itself is known.
  const category = common?.category ?? (typeof record.category === 'number' ? record.category : undefined);
  const module = category === undefined ? undefined : CATEGORY_MODULES.get(category);
  if (!module) return { ok: false, issues };
  const own: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) if (!(COMMON_FIELDS as readonly string[]).includes(k)) own[k] = v;
  let input: unknown;
  try {
    // Category modules see the common context fields they may use for factor queries.
    input = module.parse({ ...own, ...pick(record, ['date', 'supplier_id', 'region']) });
  } catch (err) {
    if (!(err instanceof CalculationError)) throw err;
    for (const i of err.issues) if (!issues.some((x) => x.field === i.field)) issues.push(i);
  }
  if (issues.length > 0 || !common) return { ok: false, issues };
  try {
    const { plans, skipped } = module.plan(input as never, ctx);
    if (plans.length === 0) {
      return {
        ok: false,
        issues: [{ field: '', message: `not enough data for any method: ${skipped.map((s) => `tier ${s.tier} ${s.method}: ${s.reason}`).join('; ')}` }],
      };
    }
    return { ok: true, planned: { common, module: module as CategoryModule<unknown>, input, plans, skipped } };
  } catch (err) {
    if (err instanceof CalculationError) return { ok: false, issues: err.issues };
    throw err;
  }
}

function pick(record: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (record[k] !== undefined) out[k] = record[k];
  return out;
}

/** Every factor need of a planned record, for bulk resolution. */
export function factorNeeds(planned: PlannedRecord): FactorNeed[] {
  return planned.plans.flatMap((p) => p.needs);
}

function sourceKindOf(f: UsedFactor): SourceKind {
  if (f.isProxy) return 'proxy';
  if (f.resolvedBy === 'supplier_specific' || f.resolvedBy === 'tenant_override') return 'primary';
  const s = (f.source ?? '').toLowerCase();
  if (s.includes('ecoinvent')) return 'ecoinvent';
  if (s.includes('ipcc')) return 'ipcc';
  // Published national or international data sets (Ember's grid intensities among them).
  if (s.includes('epa') || s.includes('desnz') || s.includes('defra') || s.includes('beis') || s.includes('ember')) return 'defra_epa';
  if (s.includes('greenline built-in')) return 'screening';
  return 'unknown';
}

/** The lowest-quality source among the factors a result used (primary when it used none). */
function weakestSource(factors: UsedFactor[]): SourceKind {
  const order: SourceKind[] = ['primary', 'ecoinvent', 'ipcc', 'defra_epa', 'screening', 'proxy', 'unknown'];
  let worst: SourceKind = 'primary';
  for (const f of factors) {
    const k = sourceKindOf(f);
    if (order.indexOf(k) > order.indexOf(worst)) worst = k;
  }
  return worst;
}

/**
 * Data quality and uncertainty of a result: pure functions of its number, factors, tier and
 * pedigree, so a stored result need not keep them (they are recomputed on read).
 */
export function assessResult(
  kgCo2e: number,
  factors: UsedFactor[],
  tier: Tier,
  pedigree: PedigreeScores | null,
): { dataQuality: DataQuality; uncertainty: ResultUncertainty } {
  const dataQuality = scoreDataQuality({ pedigree, source: weakestSource(factors), tier });
  const baseCv = Math.max(0, ...factors.map((f) => f.uncertainty ?? 0));
  return { dataQuality, uncertainty: resultUncertainty({ kgCo2e, baseCv: baseCv > 0 ? baseCv : null, tier, pedigree }) };
}

/** The pedigree scores a raw record carries, or null (also when they do not validate). */
export function pedigreeOf(raw: Record<string, unknown>): PedigreeScores | null {
  if (raw.pedigree === undefined || raw.pedigree === null) return null;
  try {
    return parsePedigree(raw.pedigree, 'pedigree');
  } catch {
    return null;
  }
}

/**
 * How to supply factors no data set has (e.g. `building.office`: no public, licensed generic value
 * exists, docs/factors.md "Not built in"): a tenant override, or an import that has them.
 */
function howToSupply(keys: ReadonlySet<string>): string {
  if (keys.size === 0) return '';
  const list = [...keys];
  return (
    `. To supply ${list.join(', ')}, add a tenant override with POST /v1/factors (activity "${list[0]}", name, value, ` +
    'unit "kgCO2e/<unit>", year, optional region) or import a data set that has it; docs/factors.md lists the built-in keys'
  );
}

/**
 * Picks the best method whose factors were all found (a method that would need a category-average
 * proxy is tried only after every method with real factors), computes, and explains.
 */
export function completeRecord(planned: PlannedRecord, lookup: (need: FactorNeed) => UsedFactor | null, ctx: CalcContext): CompleteOutcome {
  const skipped: SkippedMethod[] = [...planned.skipped];
  const candidates: Array<{ plan: MethodPlan; factors: Map<string, UsedFactor>; proxy: boolean }> = [];
  const absentKeys = new Set<string>();
  /** Per method, the need no factor was found for (a stand-in method names it). */
  const absentNeed = new Map<string, FactorNeed>();
  for (const plan of planned.plans) {
    const factors = new Map<string, UsedFactor>();
    let missing: string | null = null;
    for (const need of plan.needs) {
      const f = lookup(need);
      if (!f || (need.acceptOnly && !need.acceptOnly.includes(f.resolvedBy))) {
        const what = need.acceptOnly ? `${need.acceptOnly.join(' or ')} factor` : 'factor';
        missing = `no ${what} for ${need.query.activity}${need.query.region ? ` in ${need.query.region}` : ''}`;
        if (!need.acceptOnly) {
          absentKeys.add(need.query.activity);
          absentNeed.set(plan.method, need);
        }
        break;
      }
      // The lookup's own object when it already carries the name (callers may memoise on it).
      factors.set(need.name, f.name === need.name ? f : { ...f, name: need.name });
    }
    if (missing) skipped.push({ tier: plan.tier, method: plan.method, reason: missing });
    else candidates.push({ plan, factors, proxy: [...factors.values()].some((f) => f.isProxy) });
  }
  const ordered = [...candidates.filter((c) => !c.proxy), ...candidates.filter((c) => c.proxy)];
  const chosen = ordered[0];
  if (!chosen) {
    return {
      ok: false,
      issues: [
        {
          field: '',
          message: `no method could be used: ${skipped.map((s) => `tier ${s.tier} ${s.method}: ${s.reason}`).join('; ')}${howToSupply(absentKeys)}`,
        },
      ],
    };
  }
  for (const c of candidates) {
    if (c !== chosen && c.plan.tier < chosen.plan.tier)
      skipped.push({ tier: c.plan.tier, method: c.plan.method, reason: 'its factors are only category-average proxies' });
  }
  let computation: Computation;
  try {
    computation = planned.module.compute(planned.input, chosen.plan, chosen.factors, ctx);
  } catch (err) {
    if (err instanceof CalculationError) return { ok: false, issues: err.issues };
    throw err;
  }
  if (!Number.isFinite(computation.kgCo2e) || computation.kgCo2e < 0) {
    return { ok: false, issues: [{ field: '', message: `the calculation gave ${computation.kgCo2e} kg CO2e; check the inputs' magnitudes` }] };
  }
  if (computation.kgCo2e > MAX_RESULT_KG) {
    return {
      ok: false,
      issues: [
        {
          field: '',
          message: `the calculation gave ${boundText(computation.kgCo2e)} kg CO2e, more than the ${boundText(MAX_RESULT_KG)} kg one record may have (some 20 times the world's yearly emissions); check the inputs' magnitudes and units`,
        },
      ],
    };
  }
  let factors = [...chosen.factors.values()];
  const warnings = [...(computation.warnings ?? [])];
  const missed = chosen.plan.standsInFor === undefined ? undefined : absentNeed.get(chosen.plan.standsInFor);
  if (missed) {
    // The record's own key had no factor: what stands in is a proxy for it, and the result says so.
    factors = factors.map(asStandIn);
    const generic = chosen.plan.needs.map((n) => n.query.activity).join(', ');
    warnings.push({
      code: 'FACTOR_KEY_NOT_FOUND',
      message: `no factor for ${missed.query.activity}${missed.query.region ? ` in ${missed.query.region}` : ''}; ${generic} stands in for it (is_proxy), tier ${chosen.plan.tier} ${chosen.plan.method}`,
    });
  }
  for (const f of factors) {
    if (!f.isProxy) continue;
    if (f.resolvedBy === 'category_proxy') warnings.push({ code: 'PROXY_FACTOR', message: `factor "${f.name}" is a category-average proxy (±50%)` });
    else if (f.resolvedBy === 'parent_region') {
      const need = chosen.plan.needs.find((n) => n.name === f.name);
      warnings.push({
        code: 'REGION_NOT_COVERED',
        message: `no ${need?.query.activity ?? f.name} factor for region ${need?.query.region ?? 'asked'}; the ${f.region} value stands in for it (is_proxy)`,
      });
    }
  }
  const { tier, method } = chosen.plan;
  const { dataQuality, uncertainty } = assessResult(computation.kgCo2e, factors, tier, planned.common.pedigree);
  const hash = resultLineageHash(
    resultLineage({
      category: planned.common.category,
      methodVersion: planned.module.methodVersion,
      tier,
      method,
      gwpSet: ctx.settings.gwpSet,
      inputsUsed: computation.inputsUsed,
      factors,
      kgCo2e: computation.kgCo2e,
    }),
  );
  return {
    ok: true,
    result: {
      category: planned.common.category,
      categoryName: planned.module.name,
      tier,
      method,
      methodVersion: planned.module.methodVersion,
      date: planned.common.date,
      supplierId: planned.common.supplierId ?? null,
      kgCo2e: computation.kgCo2e,
      tCo2e: computation.kgCo2e / 1000,
      gases: computation.gases ?? null,
      gwpSet: ctx.settings.gwpSet,
      factors,
      inputsUsed: computation.inputsUsed,
      tierFallback: { chosen: { tier, method }, skipped },
      warnings,
      dataQuality,
      uncertainty,
      lineageHash: hash,
    },
  };
}

/**
 * A factor as a stand-in for a missing one: a proxy. One copy per factor object, so the records
 * sharing a resolved factor share its stand-in too (the store hashes each factor object once).
 */
const STAND_INS = new WeakMap<UsedFactor, UsedFactor>();

function asStandIn(f: UsedFactor): UsedFactor {
  if (f.isProxy) return f;
  let s = STAND_INS.get(f);
  if (!s) {
    s = { ...f, isProxy: true };
    STAND_INS.set(f, s);
  }
  return s;
}

/** What a result's lineage hash covers (lineage.ts hashes it with its numbers in their printed form). */
export function resultLineage(
  r: Pick<CalculationResult, 'category' | 'methodVersion' | 'tier' | 'method' | 'gwpSet' | 'inputsUsed' | 'factors' | 'kgCo2e'>,
): ResultLineage {
  return {
    engine: ENGINE_VERSION,
    category: r.category,
    methodVersion: r.methodVersion,
    tier: r.tier,
    method: r.method,
    gwpSet: r.gwpSet,
    inputs: r.inputsUsed,
    factors: r.factors
      .map((f) => ({ name: f.name, id: f.id, value: f.value, unit: f.unit, datasetVersion: f.datasetVersion, ...(f.gases ? { gases: f.gases } : {}) }))
      .sort((a, b) => (a.name < b.name ? -1 : 1)),
    kgCo2e: r.kgCo2e,
  };
}
