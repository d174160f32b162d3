/**
 * Verifying a stored result: recompute it from its stored raw input, settings and the factors it
 * cites — each read again where it is a row of the factors table (value, unit, gas breakdown, GWP
 * set, dataset version) — and compare everything the result claims: the number, the lineage hash,
 * each input as used, and each cited factor's attributes against the row it cites. Every
 * difference names what differs (`input distance_km: …`, `factor fac_… gases: …`).
 * Numbers are compared in their printed form (printed-number.ts): what the lineage hash covers and
 * every answer shows; the stored column keeps full precision.
 */
import type { GasBreakdown } from '../domain/factors/types.ts';
import { type Canonical, canonicalJson, type LineageForm, resultLineageHash } from '../domain/lineage.ts';
import { printed, printedValues } from '../domain/printed-number.ts';
import { type CalculationResult, completeRecord, planRecord, resultLineage } from '../domain/scope3/engine.ts';
import type { FactorNeed, UsedFactor } from '../domain/scope3/types.ts';
import { loadStored } from '../store/calculations.ts';
import { findDeletedFactors } from '../store/deleted-factors.ts';
import type { SqlExecutor } from '../store/driver.ts';
import { calcContext, convertsGases, importedGwpValues } from './session.ts';

export interface Verification {
  id: string;
  status: 'match' | 'mismatch';
  /** kg CO2e in their printed form. */
  stored: { kgCo2e: number; lineageHash: string };
  recomputed: { kgCo2e: number; lineageHash: string } | null;
  /** Each difference, naming what differs: `kg_co2e`, `lineage_hash`, `input <field>`, `factor <id> <attribute>`. */
  differences: string[];
  /** Cited tenant factors deleted or superseded after the calculation, checked as they were then. */
  deletedFactors?: Array<{ id: string; deletedAt: string; supersededBy: string | null }>;
}

/** A cited factor as the factors table holds it now (or held it when it was deleted). */
interface CurrentFactor {
  value: number;
  unit: string;
  gases: GasBreakdown | null;
  /** Unknown for a deleted factor (its citation's is kept). */
  gwpSet: string | null | undefined;
  datasetVersion: string;
}

/** The printed form; a non-finite stored value (only by tampering) as it is, to be reported, not thrown on. */
const shown = (n: number): number => (Number.isFinite(n) ? printed(n) : n);

/** A value as a difference shows it: numbers printed, objects as canonical JSON of printed numbers, absence as `none`. */
function show(v: unknown): string {
  if (v === undefined || v === null) return 'none';
  if (typeof v === 'number') return String(shown(v));
  if (typeof v === 'object') {
    try {
      return canonicalJson(printedValues(v) as Canonical);
    } catch {
      return JSON.stringify(v);
    }
  }
  return JSON.stringify(v);
}

/** Whether two values are the same in their printed form. */
const same = (a: unknown, b: unknown): boolean => show(a) === show(b);

/** Which cited factors are rows of the factors table (not a supplier's inline PCF, not a category-average proxy). */
const isStoredFactor = (id: string): boolean => !id.startsWith('inline:') && !id.startsWith('proxy:');

/** The rows the cited factors are now: the factors table, or the deleted factors a tenant kept. */
async function currentFactors(db: SqlExecutor, ids: string[], tenantId: string | null) {
  const current = new Map<string, CurrentFactor>();
  if (ids.length > 0) {
    const fr = await db.query<{ id: string; value: number; unit: string; gases: GasBreakdown | null; gwp_set: string | null; dataset_version: string }>(
      'SELECT id, value, unit, gases, gwp_set, dataset_version FROM factors WHERE id = ANY($1::text[])',
      [ids],
    );
    for (const f of fr.rows) current.set(f.id, { value: f.value, unit: f.unit, gases: f.gases, gwpSet: f.gwp_set, datasetVersion: f.dataset_version });
  }
  // A tenant factor deleted or superseded since is re-read as it was then (docs/data-lifecycle.md).
  const deleted = await findDeletedFactors(
    db,
    ids.filter((fid) => !current.has(fid)),
    tenantId,
  );
  for (const d of deleted.values()) current.set(d.id, { value: d.value, unit: d.unit, gases: d.gases, gwpSet: undefined, datasetVersion: d.datasetVersion });
  return { current, deleted };
}

/** Each attribute of a cited factor snapshot that differs from the row it cites. */
function factorDifferences(cited: UsedFactor, now: CurrentFactor): string[] {
  const out: string[] = [];
  const attributes: Array<[string, unknown, unknown]> = [
    ['value', cited.value, now.value],
    ['unit', cited.unit, now.unit],
    ['gases', cited.gases, now.gases],
    ['dataset_version', cited.datasetVersion, now.datasetVersion],
  ];
  if (now.gwpSet !== undefined) attributes.push(['gwp_set', cited.gwpSet, now.gwpSet]);
  for (const [name, was, is] of attributes) {
    if (!same(was, is)) out.push(`factor ${cited.id} ${name}: cited ${show(was)}, now ${show(is)}`);
  }
  return out;
}

/** Each input as used that differs between the stored result and the recomputation. */
function inputDifferences(stored: CalculationResult['inputsUsed'], recomputed: CalculationResult['inputsUsed']): string[] {
  const out: string[] = [];
  for (const key of [...new Set([...Object.keys(stored), ...Object.keys(recomputed)])].sort()) {
    if (!same(stored[key], recomputed[key])) out.push(`input ${key}: stored ${show(stored[key])}, recomputed ${show(recomputed[key])}`);
  }
  return out;
}

/** Forms older results were hashed in (lineage.ts): accepted for what they cover, the other checks still apply. */
const OLDER_FORMS: readonly LineageForm[] = ['printed_without_gases', 'unrounded'];

/**
 * Recomputes a stored result from its stored input, settings and the factors it cites (read
 * again from the factors table where they are rows there), and compares number, lineage, inputs
 * as used and each cited factor's value, unit, gases and version.
 */
export async function verifyCalculation(db: SqlExecutor, tenantId: string | null, id: string): Promise<Verification | null> {
  const found = await loadStored(db, tenantId, id);
  if (!found) return null;
  const { row, stored } = found;
  const { settings } = stored;
  const input = row.input;
  const differences: string[] = [];
  const cited = new Map(stored.factors.map((f) => [f.name, f]));
  const ids = stored.factors.map((f) => f.id).filter(isStoredFactor);
  const { current, deleted } = await currentFactors(db, ids, tenantId);
  for (const f of stored.factors) {
    if (!isStoredFactor(f.id)) continue;
    const now = current.get(f.id);
    if (!now) differences.push(`factor ${f.id} no longer exists`);
    else differences.push(...factorDifferences(f, now));
  }
  /** A cited factor as the recomputation uses it: its row's value, unit, gases, GWP set and version now. */
  const reread = (f: UsedFactor): UsedFactor => {
    const now = current.get(f.id);
    if (!now) return f;
    return {
      ...f,
      value: now.value,
      unit: now.unit,
      gases: now.gases,
      gwpSet: (now.gwpSet === undefined ? f.gwpSet : now.gwpSet) as UsedFactor['gwpSet'],
      datasetVersion: now.datasetVersion,
    };
  };
  // Gas breakdowns converted to the settings' GWP set: with the imported table, as a calculation would now.
  const importedGwp = stored.factors.some((f) => convertsGases(reread(f), settings)) ? await importedGwpValues(db, settings.gwpSet) : null;
  const ctx = calcContext(settings, importedGwp ?? undefined);
  const planned = planRecord(input, ctx);
  let recomputed: Verification['recomputed'] = null;
  if (input === null) {
    differences.push('the raw input record is missing');
  } else if (!planned.ok) {
    differences.push(`stored input no longer validates: ${planned.issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`);
  } else {
    const lookup = (need: FactorNeed): UsedFactor | null => {
      const f = cited.get(need.name);
      return f ? reread(f) : null;
    };
    // Only the method that was used: its factors are the ones cited.
    const used = { ...planned.planned, plans: planned.planned.plans.filter((p) => p.tier === row.tier && p.method === row.method) };
    const out = completeRecord(used, lookup, ctx);
    if (!out.ok) differences.push(`recomputation failed: ${out.issues.map((i) => i.message).join('; ')}`);
    else {
      recomputed = { kgCo2e: printed(out.result.kgCo2e), lineageHash: out.result.lineageHash };
      differences.push(...inputDifferences(stored.inputsUsed, out.result.inputsUsed));
      if (recomputed.kgCo2e !== shown(row.kg_co2e)) differences.push(`kg_co2e: stored ${shown(row.kg_co2e)}, recomputed ${recomputed.kgCo2e}`);
      if (out.result.lineageHash !== row.lineage_hash) {
        // A result stored before gases joined the hash, or before numbers were hashed printed, carries that form's hash.
        const older = OLDER_FORMS.map((form) => resultLineageHash(resultLineage(out.result), form)).find((h) => h === row.lineage_hash);
        if (older) recomputed.lineageHash = older;
        else differences.push(`lineage_hash: stored ${row.lineage_hash}, recomputed ${out.result.lineageHash}`);
      }
    }
  }
  return {
    id: row.id,
    status: differences.length === 0 ? 'match' : 'mismatch',
    stored: { kgCo2e: shown(row.kg_co2e), lineageHash: row.lineage_hash },
    recomputed,
    differences,
    ...(deleted.size > 0
      ? { deletedFactors: [...deleted.values()].map((d) => ({ id: d.id, deletedAt: d.deletedAt.toISOString(), supersededBy: d.supersededBy })) }
      : {}),
  };
}
