/**
 * Deleting a tenant's stored results and recalculating them exclude each other, per tenant, for
 * the length of one transaction (a PostgreSQL advisory lock). A recalculation chunk writes new
 * rows of a batch while superseding old ones; a batch delete that ran beside it could miss new
 * rows committed after its DELETE began. Recalculation chunks share the lock, a delete holds it
 * alone, so a delete sees every chunk committed before it and a chunk after it finds its rows gone.
 */
import type { SqlExecutor } from './driver.ts';
import type { TenantKey } from './tenants.ts';

/** The advisory lock's first key: "greenline stored results" (the second is the tenant's number). */
const RESULTS_LOCK = 74_201_925;

/** Held until the transaction ends: `shared` by recalculation chunks, `exclusive` by deletes. */
export async function lockTenantResults(tx: SqlExecutor, tenant: TenantKey, mode: 'shared' | 'exclusive'): Promise<void> {
  await tx.query(`SELECT ${mode === 'shared' ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock'}($1::int, $2::int)`, [RESULTS_LOCK, tenant.no]);
}
