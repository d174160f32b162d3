/**
 * CBAM data sets (default values, mark-ups, free allocation, benchmarks, prices): the built-in
 * illustrative one, and those a tenant imports (`greenline cbam defaults import`). A tenant's
 * newest import is its active data set; without one, the built-in set applies.
 */
import { BUILTIN_CBAM_DATASET } from '../domain/cbam/builtin-dataset.ts';
import type { CbamDataset } from '../domain/cbam/types.ts';
import type { SqlExecutor } from './driver.ts';

export async function activeDataset(db: SqlExecutor, tenantId: string): Promise<CbamDataset> {
  const res = await db.query<{ doc: CbamDataset }>('SELECT doc FROM cbam_datasets WHERE tenant_id = $1 ORDER BY imported_at DESC, id DESC LIMIT 1', [tenantId]);
  return res.rows[0]?.doc ?? BUILTIN_CBAM_DATASET;
}

/** A data set by id, as the tenant may see it (its own imports and the built-in one). */
export async function datasetById(db: SqlExecutor, tenantId: string, id: string): Promise<CbamDataset | null> {
  if (id === BUILTIN_CBAM_DATASET.id) return BUILTIN_CBAM_DATASET;
  const res = await db.query<{ doc: CbamDataset }>('SELECT doc FROM cbam_datasets WHERE id = $1 AND tenant_id = $2', [id, tenantId]);
  return res.rows[0]?.doc ?? null;
}

/**
 * Stores an imported data set for the tenant and makes it active. Its id comes from the tenant,
 * name and version: importing the same version again is refused (a version is immutable, so every
 * stored result's lineage stays verifiable).
 */
export async function saveDataset(db: SqlExecutor, tenantId: string, ds: CbamDataset): Promise<{ created: boolean }> {
  const res = await db.query(
    `INSERT INTO cbam_datasets (id, tenant_id, name, version, source, illustrative, doc) VALUES ($1, $2, $3, $4, $5, $6, $7::json)
     ON CONFLICT (id) DO NOTHING`,
    [ds.id, tenantId, ds.name, ds.version, ds.source, ds.illustrative, JSON.stringify(ds)],
  );
  return { created: res.rowCount > 0 };
}

export interface DatasetSummary {
  id: string;
  name: string;
  version: string;
  source: string;
  illustrative: boolean;
  imported_at: Date | null;
  active: boolean;
}

export async function listDatasets(db: SqlExecutor, tenantId: string): Promise<DatasetSummary[]> {
  const res = await db.query<Omit<DatasetSummary, 'active'>>(
    'SELECT id, name, version, source, illustrative, imported_at FROM cbam_datasets WHERE tenant_id = $1 ORDER BY imported_at DESC, id DESC',
    [tenantId],
  );
  const b = BUILTIN_CBAM_DATASET;
  return [
    ...res.rows.map((r, i) => ({ ...r, active: i === 0 })),
    { id: b.id, name: b.name, version: b.version, source: b.source, illustrative: true, imported_at: null, active: res.rows.length === 0 },
  ];
}
