/** CBAM installations (operators' plants) and their actual specific embedded emissions per CN code and year. */
import type { CbamInstallation } from '../domain/cbam/types.ts';
import type { SqlExecutor } from './driver.ts';

/** Creates or replaces installations (by installation_id); returns how many were new. */
export async function upsertInstallations(db: SqlExecutor, tenantId: string, list: readonly CbamInstallation[]): Promise<{ created: number; updated: number }> {
  if (list.length === 0) return { created: 0, updated: 0 };
  const res = await db.query<{ created: boolean }>(
    `INSERT INTO cbam_installations AS i (tenant_id, installation_id, name, operator_name, country, emissions)
     SELECT $1, u.installation_id, u.name, u.operator_name, u.country, u.emissions
     FROM json_to_recordset($2::json) AS u(installation_id text, name text, operator_name text, country text, emissions json)
     ON CONFLICT (tenant_id, installation_id) DO UPDATE SET name = EXCLUDED.name, operator_name = EXCLUDED.operator_name, country = EXCLUDED.country,
       emissions = EXCLUDED.emissions, updated_at = now()
     RETURNING (xmax = 0) AS created`,
    [
      tenantId,
      JSON.stringify(
        list.map((i) => ({ installation_id: i.installationId, name: i.name, operator_name: i.operatorName, country: i.country, emissions: i.emissions })),
      ),
    ],
  );
  const created = res.rows.filter((r) => r.created).length;
  return { created, updated: res.rows.length - created };
}

/** The tenant's installations among `ids` (unknown ids are absent from the map). */
export async function installationsById(db: SqlExecutor, tenantId: string, ids: readonly string[]): Promise<Map<string, CbamInstallation>> {
  if (ids.length === 0) return new Map();
  const res = await db.query<{ installation_id: string; name: string; operator_name: string; country: string; emissions: CbamInstallation['emissions'] }>(
    'SELECT installation_id, name, operator_name, country, emissions FROM cbam_installations WHERE tenant_id = $1 AND installation_id = ANY($2::text[])',
    [tenantId, ids],
  );
  return new Map(
    res.rows.map((r) => [
      r.installation_id,
      { installationId: r.installation_id, name: r.name, operatorName: r.operator_name, country: r.country, emissions: r.emissions },
    ]),
  );
}

export async function listInstallations(db: SqlExecutor, tenantId: string): Promise<CbamInstallation[]> {
  const res = await db.query<{ installation_id: string; name: string; operator_name: string; country: string; emissions: CbamInstallation['emissions'] }>(
    'SELECT installation_id, name, operator_name, country, emissions FROM cbam_installations WHERE tenant_id = $1 ORDER BY installation_id',
    [tenantId],
  );
  return res.rows.map((r) => ({ installationId: r.installation_id, name: r.name, operatorName: r.operator_name, country: r.country, emissions: r.emissions }));
}
