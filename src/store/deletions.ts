/**
 * Deleting stored data (docs/data-lifecycle.md): an ingest batch with its rows, row errors and
 * rollup contributions; one calculation with the results it superseded; a tenant factor, deleted
 * or superseded by a corrected one. Each is one transaction that also appends its audit entry,
 * so a delete is never stored without its record (nor the record without the delete).
 *
 * Lineage parts (calculation_parts) are kept: they are shared by content across results and
 * tenants, nothing indexes which rows cite one, and every process remembers which parts are
 * stored and skips sending them again (calculation-parts.ts), so removing one could leave a
 * later result citing a part that is gone.
 */
import { type AuditEntry, insertAuditEntries } from './audit-log.ts';
import type { BatchStatus } from './batches.ts';
import { entombFactor } from './deleted-factors.ts';
import type { SqlDriver, SqlExecutor } from './driver.ts';
import { addTenantFactor, getFactor, type TenantFactorInput } from './factors.ts';
import type { FactorRecord } from '../domain/factors/types.ts';
import { lockTenantResults } from './result-locks.ts';
import { REMOVED_CELLS_SQL, type RemovedCell, removeFromRollups } from './rollup-removal.ts';
import { tenantKey } from './tenants.ts';

/** The audit entry of a delete, completed with what it removed. */
export type AuditFor = (summary: Record<string, unknown>) => AuditEntry;

/** How far a supersession chain is followed (recalculations add one link each). */
const MAX_CHAIN = 10_000;

export type BatchDeletion =
  | { outcome: 'deleted'; rows: number; supersededRows: number; rowErrors: number }
  | { outcome: 'not_found' }
  /** Still being ingested: its rows are not all written yet. */
  | { outcome: 'in_progress'; status: BatchStatus };

/** Deletes a finished batch: its emission rows (current and superseded), row errors, chunks, rollup contributions. */
export async function deleteBatch(driver: SqlDriver, tenantId: string, batchId: string, audit: AuditFor): Promise<BatchDeletion> {
  return driver.transaction(async (tx): Promise<BatchDeletion> => {
    // Locked: a chunk commit or a restart of the batch waits until this one has decided.
    const found = await tx.query<{ status: BatchStatus }>('SELECT status FROM batches WHERE id = $1 AND tenant_id = $2 FOR UPDATE', [batchId, tenantId]);
    const batch = found.rows[0];
    if (!batch) return { outcome: 'not_found' };
    if (batch.status === 'pending' || batch.status === 'running') return { outcome: 'in_progress', status: batch.status };
    const tenant = await tenantKey(tx, tenantId);
    await lockTenantResults(tx, tenant, 'exclusive');
    // Current rows first (they are the ones in the rollups), read through the tenant's keyset index.
    const current = await tx.query<RemovedCell>(
      `WITH gone AS (
         DELETE FROM emissions WHERE tenant_no = $1 AND superseded_by IS NULL AND batch_id = $2
         RETURNING activity_date, category, tier, supplier_id, kg_co2e, dqi
       ) ${REMOVED_CELLS_SQL}`,
      [tenant.no, batchId],
    );
    const older = await tx.query('DELETE FROM emissions WHERE tenant_id = $1 AND superseded_by IS NOT NULL AND batch_id = $2', [tenantId, batchId]);
    await removeFromRollups(tx, tenantId, current.rows);
    const errors = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM batch_errors WHERE batch_id = $1', [batchId]);
    // Its chunks and row errors go with it (ON DELETE CASCADE).
    await tx.query('DELETE FROM batches WHERE id = $1', [batchId]);
    const deleted = {
      outcome: 'deleted' as const,
      rows: current.rows.reduce((n, c) => n + c.rows, 0),
      supersededRows: older.rowCount,
      rowErrors: errors.rows[0]?.n ?? 0,
    };
    await insertAuditEntries(tx, [audit({ rows: deleted.rows, superseded_rows: deleted.supersededRows, row_errors: deleted.rowErrors })]);
    return deleted;
  });
}

export type CalculationDeletion =
  /** `deleted`: the current result first, then the ones it superseded, newest first. */
  | { outcome: 'deleted'; deleted: string[] }
  | { outcome: 'not_found' }
  /** A superseded result: deleting it alone would cut its chain; `current` is the result to delete. */
  | { outcome: 'superseded'; current: string }
  /** A row of an ingest batch: deleted with its batch, so the batch's totals stay true. */
  | { outcome: 'in_batch'; batchId: string; rowNumber: number | null };

/**
 * Deletes a current result and every result it superseded (its whole recalculation chain): the
 * record is gone from listings, reports and rollups, and nothing is left that a chain points into.
 */
export async function deleteCalculation(driver: SqlDriver, tenantId: string, id: string, audit: AuditFor): Promise<CalculationDeletion> {
  return driver.transaction(async (tx): Promise<CalculationDeletion> => {
    const tenant = await tenantKey(tx, tenantId);
    await lockTenantResults(tx, tenant, 'exclusive');
    const found = await tx.query<{ superseded_by: string | null; batch_id: string | null; row_number: number | null }>(
      'SELECT superseded_by, batch_id, row_number FROM emissions WHERE id = $1 AND tenant_id = $2 FOR UPDATE',
      [id, tenantId],
    );
    const row = found.rows[0];
    if (!row) return { outcome: 'not_found' };
    if (row.batch_id !== null) return { outcome: 'in_batch', batchId: row.batch_id, rowNumber: row.row_number };
    if (row.superseded_by !== null) return { outcome: 'superseded', current: await currentOf(tx, tenantId, id) };
    const older = await tx.query<{ id: string }>(
      `WITH RECURSIVE older(id, depth) AS (
         SELECT id, 1 FROM emissions WHERE superseded_by = $1 AND tenant_id = $2
         UNION ALL
         SELECT e.id, o.depth + 1 FROM emissions e JOIN older o ON e.superseded_by = o.id WHERE e.tenant_id = $2 AND o.depth < ${MAX_CHAIN}
       )
       SELECT id FROM older ORDER BY depth`,
      [id, tenantId],
    );
    const current = await tx.query<RemovedCell>(
      `WITH gone AS (
         DELETE FROM emissions WHERE id = $1 AND tenant_id = $2 RETURNING activity_date, category, tier, supplier_id, kg_co2e, dqi
       ) ${REMOVED_CELLS_SQL}`,
      [id, tenantId],
    );
    const olderIds = older.rows.map((r) => r.id);
    if (olderIds.length > 0) await tx.query('DELETE FROM emissions WHERE id = ANY($1::text[]) AND tenant_id = $2', [olderIds, tenantId]);
    await removeFromRollups(tx, tenantId, current.rows);
    await insertAuditEntries(tx, [audit({ superseded_results: olderIds })]);
    return { outcome: 'deleted', deleted: [id, ...olderIds] };
  });
}

/** The current result at the end of a superseded result's chain. */
async function currentOf(db: SqlExecutor, tenantId: string, id: string): Promise<string> {
  const res = await db.query<{ id: string }>(
    `WITH RECURSIVE chain(id, superseded_by, depth) AS (
       SELECT id, superseded_by, 0 FROM emissions WHERE id = $1 AND tenant_id = $2
       UNION ALL
       SELECT e.id, e.superseded_by, c.depth + 1 FROM emissions e JOIN chain c ON e.id = c.superseded_by WHERE e.tenant_id = $2 AND c.depth < ${MAX_CHAIN}
     )
     SELECT id FROM chain ORDER BY depth DESC LIMIT 1`,
    [id, tenantId],
  );
  return res.rows[0]?.id ?? id;
}

export type FactorDeletion =
  | { outcome: 'deleted'; factor: FactorRecord }
  | { outcome: 'not_found' }
  /** A factor of a public data set: shared by every tenant, never deleted through the API. */
  | { outcome: 'public'; factor: FactorRecord };

/** Deletes a tenant override or supplier-specific factor; results that cited it keep their figures. */
export async function deleteTenantFactor(driver: SqlDriver, tenantId: string, id: string, audit: AuditFor): Promise<FactorDeletion> {
  return driver.transaction(async (tx): Promise<FactorDeletion> => {
    const factor = await lockedFactor(tx, tenantId, id);
    if (!factor) return { outcome: 'not_found' };
    if (factor.tenantId === null) return { outcome: 'public', factor };
    await entombFactor(tx, id, tenantId, null);
    await insertAuditEntries(tx, [audit({ activity: factor.activity, value: factor.value, unit: factor.unit })]);
    return { outcome: 'deleted', factor };
  });
}

export type FactorSupersession =
  | { outcome: 'superseded'; factor: FactorRecord; replaced: FactorRecord }
  | { outcome: 'not_found' }
  | { outcome: 'public'; factor: FactorRecord };

/**
 * Replaces a tenant factor by a corrected one in one transaction: the new factor takes the old
 * one's fields except those given, the old one is kept in deleted_factors pointing to it.
 */
export async function supersedeTenantFactor(
  driver: SqlDriver,
  tenantId: string,
  id: string,
  changes: Partial<TenantFactorInput>,
  audit: AuditFor,
): Promise<FactorSupersession> {
  return driver.transaction(async (tx): Promise<FactorSupersession> => {
    const old = await lockedFactor(tx, tenantId, id);
    if (!old) return { outcome: 'not_found' };
    if (old.tenantId === null) return { outcome: 'public', factor: old };
    const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as Partial<TenantFactorInput>;
    const factor = await addTenantFactor(tx, tenantId, {
      activity: old.activity,
      name: old.name,
      value: old.value,
      unit: old.unit,
      region: old.region,
      year: old.year,
      category: old.category ?? undefined,
      supplierId: old.supplierId ?? undefined,
      gases: old.gases ?? undefined,
      uncertainty: old.uncertainty ?? undefined,
      citation: old.citation,
      ...defined,
    });
    await entombFactor(tx, id, tenantId, factor.id);
    const changed = Object.keys(defined).map((k) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`));
    await insertAuditEntries(tx, [audit({ superseded_by: factor.id, changed })]);
    return { outcome: 'superseded', factor, replaced: old };
  });
}

/** The factor the tenant sees under `id` (its own or a public one), its row locked. */
async function lockedFactor(tx: SqlExecutor, tenantId: string, id: string): Promise<FactorRecord | null> {
  const locked = await tx.query('SELECT 1 FROM factors WHERE id = $1 AND (tenant_id IS NULL OR tenant_id = $2) FOR UPDATE', [id, tenantId]);
  if (locked.rows.length === 0) return null;
  return getFactor(tx, tenantId, id);
}
