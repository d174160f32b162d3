/**
 * Verifying a stored result: recompute it from its stored input, settings and the factors it
 * cites (read again where they are rows of the factors table), and compare number and lineage.
 * The kg CO2e compared and reported is the printed form (printed-number.ts): what the lineage
 * hash covers and every answer shows; the stored column keeps full precision.
 */
import { resultLineageHash } from '../domain/lineage.ts';
import { printed } from '../domain/printed-number.ts';
import { completeRecord, planRecord, resultLineage } from '../domain/scope3/engine.ts';
import type { FactorNeed, UsedFactor } from '../domain/scope3/types.ts';
import { loadStored } from '../store/calculations.ts';
import type { SqlExecutor } from '../store/driver.ts';
import { calcContext } from './session.ts';

export interface Verification {
  id: string;
  status: 'match' | 'mismatch';
  /** kg CO2e in their printed form. */
  stored: { kgCo2e: number; lineageHash: string };
  recomputed: { kgCo2e: number; lineageHash: string } | null;
  differences: string[];
}

/** The printed form; a non-finite stored value (only by tampering) as it is, to be reported, not thrown on. */
const shown = (n: number): number => (Number.isFinite(n) ? printed(n) : n);

/**
 * Recomputes a stored result from its stored input, settings and the factors it cites (read
 * again from the factors table where they are rows there), and compares number and lineage.
 */
export async function verifyCalculation(db: SqlExecutor, tenantId: string | null, id: string): Promise<Verification | null> {
  const found = await loadStored(db, tenantId, id);
  if (!found) return null;
  const { row, stored } = found;
  const { settings } = stored;
  const result = { factors: stored.factors, tier: row.tier, method: row.method };
  const input = row.input;
  const differences: string[] = [];
  const cited = new Map(result.factors.map((f) => [f.name, f]));
  const ids = result.factors.map((f) => f.id).filter((fid) => !fid.startsWith('inline:') && !fid.startsWith('proxy:'));
  const current = new Map<string, { value: number; unit: string; dataset_version: string }>();
  if (ids.length > 0) {
    const fr = await db.query<{ id: string; value: number; unit: string; dataset_version: string }>(
      'SELECT id, value, unit, dataset_version FROM factors WHERE id = ANY($1::text[])',
      [ids],
    );
    for (const f of fr.rows) current.set(f.id, f);
  }
  for (const fid of ids) if (!current.has(fid)) differences.push(`factor ${fid} no longer exists`);
  const ctx = calcContext(settings);
  const planned = planRecord(input, ctx);
  let recomputed: Verification['recomputed'] = null;
  if (input === null) {
    differences.push('the raw input record is missing');
  } else if (!planned.ok) {
    differences.push(`stored input no longer validates: ${planned.issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`);
  } else {
    const lookup = (need: FactorNeed): UsedFactor | null => {
      const f = cited.get(need.name);
      if (!f) return null;
      const now = current.get(f.id);
      return now ? { ...f, value: now.value, unit: now.unit, datasetVersion: now.dataset_version } : f;
    };
    // Only the method that was used: its factors are the ones cited.
    const used = { ...planned.planned, plans: planned.planned.plans.filter((p) => p.tier === result.tier && p.method === result.method) };
    const out = completeRecord(used, lookup, ctx);
    if (!out.ok) differences.push(`recomputation failed: ${out.issues.map((i) => i.message).join('; ')}`);
    else {
      recomputed = { kgCo2e: printed(out.result.kgCo2e), lineageHash: out.result.lineageHash };
      if (recomputed.kgCo2e !== shown(row.kg_co2e)) differences.push(`kg_co2e: stored ${shown(row.kg_co2e)}, recomputed ${recomputed.kgCo2e}`);
      if (out.result.lineageHash !== row.lineage_hash) {
        // A result stored before lineage was hashed in printed form carries the hash of its unrounded numbers.
        const unrounded = resultLineageHash(resultLineage(out.result), 'unrounded');
        if (unrounded === row.lineage_hash) recomputed.lineageHash = unrounded;
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
  };
}
