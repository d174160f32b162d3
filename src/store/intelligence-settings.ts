/** Each tenant's intelligence settings, one JSON document per tenant (src/intelligence/policy.ts gives it its type). */
import type { SqlExecutor } from './driver.ts';

export async function readIntelligenceSettings<T>(db: SqlExecutor, tenantId: string): Promise<T | null> {
  const res = await db.query<{ policy: T }>('SELECT policy FROM intelligence_settings WHERE tenant_id = $1', [tenantId]);
  return res.rows[0]?.policy ?? null;
}

export async function writeIntelligenceSettings<T>(db: SqlExecutor, tenantId: string, policy: T): Promise<void> {
  await db.query(
    `INSERT INTO intelligence_settings (tenant_id, policy, updated_at) VALUES ($1, $2, now())
     ON CONFLICT (tenant_id) DO UPDATE SET policy = EXCLUDED.policy, updated_at = now()`,
    [tenantId, JSON.stringify(policy)],
  );
}
