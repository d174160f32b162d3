/**
 * Tenant factors that were deleted or superseded (migration 012): each kept as its row was at
 * that moment, append-only, so verifying a result that cited one still re-reads what it cited
 * (docs/data-lifecycle.md).
 */
import type { SqlExecutor } from './driver.ts';

export interface DeletedFactor {
  id: string;
  tenantId: string;
  deletedAt: Date;
  /** The factor that replaced it, when it was superseded rather than deleted. */
  supersededBy: string | null;
  value: number;
  unit: string;
  datasetVersion: string;
  gases: Record<string, number> | null;
}

interface DeletedRow {
  id: string;
  tenant_id: string;
  deleted_at: Date | string;
  superseded_by: string | null;
  factor: { value: number; unit: string; dataset_version: string; gases: Record<string, number> | null };
}

/** Moves a factor row into `deleted_factors` (as JSON) and out of `factors`; false when there was none. */
export async function entombFactor(tx: SqlExecutor, id: string, tenantId: string, supersededBy: string | null): Promise<boolean> {
  const kept = await tx.query(
    `INSERT INTO deleted_factors (id, tenant_id, superseded_by, factor)
     SELECT f.id, f.tenant_id, $3, to_json(f) FROM factors f WHERE f.id = $1 AND f.tenant_id = $2`,
    [id, tenantId, supersededBy],
  );
  if (kept.rowCount === 0) return false;
  const gone = await tx.query<{ source_id: string }>('DELETE FROM factors WHERE id = $1 AND tenant_id = $2 RETURNING source_id', [id, tenantId]);
  await tx.query('UPDATE factor_sources SET factor_count = factor_count - 1 WHERE id = $1', [gone.rows[0]!.source_id]);
  return true;
}

/** The deleted factors among `ids`, of any tenant (a stored result's citation names them by id). */
export async function findDeletedFactors(db: SqlExecutor, ids: readonly string[], tenantId: string | null = null): Promise<Map<string, DeletedFactor>> {
  const out = new Map<string, DeletedFactor>();
  if (ids.length === 0) return out;
  const res = await db.query<DeletedRow>(
    'SELECT id, tenant_id, deleted_at, superseded_by, factor FROM deleted_factors WHERE id = ANY($1::text[]) AND ($2::text IS NULL OR tenant_id = $2)',
    [ids, tenantId],
  );
  for (const r of res.rows) {
    out.set(r.id, {
      id: r.id,
      tenantId: r.tenant_id,
      deletedAt: r.deleted_at instanceof Date ? r.deleted_at : new Date(r.deleted_at),
      supersededBy: r.superseded_by,
      value: r.factor.value,
      unit: r.factor.unit,
      datasetVersion: r.factor.dataset_version,
      gases: r.factor.gases,
    });
  }
  return out;
}
