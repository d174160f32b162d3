/**
 * Verifying a stored result: recompute it from its stored input, settings and the factors it
 * cites (read again where they are rows of the factors table), and compare number and lineage.
 */
import { completeRecord, planRecord } from '../domain/scope3/engine.ts';
import type { FactorNeed, UsedFactor } from '../domain/scope3/types.ts';
import { loadStored } from '../store/calculations.ts';
import type { SqlExecutor } from '../store/driver.ts';
import { calcContext } from './session.ts';

export interface Verification {
  id: string;
  status: 'match' | 'mismatch';
  stored: { kgCo2e: number; lineageHash: string };
  recomputed: { kgCo2e: number; lineageHash: string } | null;
  differences: string[];
}

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
      recomputed = { kgCo2e: out.result.kgCo2e, lineageHash: out.result.lineageHash };
      if (out.result.kgCo2e !== row.kg_co2e) differences.push(`kg_co2e: stored ${row.kg_co2e}, recomputed ${out.result.kgCo2e}`);
      if (out.result.lineageHash !== row.lineage_hash) differences.push(`lineage_hash: stored ${row.lineage_hash}, recomputed ${out.result.lineageHash}`);
    }
  }
  return {
    id: row.id,
    status: differences.length === 0 ? 'match' : 'mismatch',
    stored: { kgCo2e: row.kg_co2e, lineageHash: row.lineage_hash },
    recomputed,
    differences,
  };
}
