/**
 * Factor sources, factors and GWP values. Imports are idempotent: ids are derived from what a
 * row names, a data set version is recorded with the hash of its file, and importing the same
 * file again changes nothing. A new version is a new source; old results keep pointing at theirs.
 */
import { randomUUID } from 'node:crypto';
import type { CategoryAverage } from '../domain/factors/resolve.ts';
import type { FactorDataset, FactorRecord, GwpValue } from '../domain/factors/types.ts';
import { factorIssues } from '../domain/plausible-bounds.ts';
import { CalculationError } from '../domain/scope3/types.ts';
import { type SqlDriver, type SqlExecutor, StoreError } from './driver.ts';
import { CursorError, decodeCursor, encodeCursor } from './keyset.ts';

interface FactorRow {
  id: string;
  tenant_id: string | null;
  source_id: string;
  supplier_id: string | null;
  activity: string;
  name: string;
  category: number | null;
  naics_code: string | null;
  region: string;
  year: number;
  value: number;
  unit: string;
  gases: Record<string, number> | null;
  gwp_set: FactorRecord['gwpSet'];
  uncertainty: number | null;
  dataset_version: string;
  licence: string;
  citation: string;
  meta: Record<string, unknown>;
}

const FACTOR_COLUMNS =
  'id, tenant_id, source_id, supplier_id, activity, name, category, naics_code, region, year, value, unit, gases, gwp_set, uncertainty, dataset_version, licence, citation, meta';

function toFactor(r: FactorRow): FactorRecord {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    sourceId: r.source_id,
    supplierId: r.supplier_id,
    activity: r.activity,
    name: r.name,
    category: r.category,
    naicsCode: r.naics_code,
    region: r.region,
    year: r.year,
    value: r.value,
    unit: r.unit,
    gases: r.gases,
    gwpSet: r.gwp_set,
    uncertainty: r.uncertainty,
    datasetVersion: r.dataset_version,
    licence: r.licence,
    citation: r.citation,
    meta: r.meta,
  };
}

export interface ImportOutcome {
  sourceId: string;
  datasetVersion: string;
  status: 'imported' | 'unchanged';
  factorsInserted: number;
  factorCount: number;
}

const INSERT_CHUNK = 1000;

/** Inserts factor rows in chunks through `unnest` arrays: one statement per 1,000 rows. */
export async function insertFactors(tx: SqlExecutor, factors: readonly FactorRecord[]): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < factors.length; i += INSERT_CHUNK) {
    const chunk = factors.slice(i, i + INSERT_CHUNK);
    const col = <T>(pick: (f: FactorRecord) => T) => chunk.map(pick);
    const res = await tx.query(
      `INSERT INTO factors (${FACTOR_COLUMNS})
       SELECT u.id, u.tenant_id, u.source_id, u.supplier_id, u.activity, u.name, u.category, u.naics_code, u.region, u.year,
              u.value, u.unit, u.gases::jsonb, u.gwp_set, u.uncertainty, u.dataset_version, u.licence, u.citation, u.meta::jsonb
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::smallint[], $8::text[], $9::text[],
                   $10::int[], $11::float8[], $12::text[], $13::text[], $14::text[], $15::float8[], $16::text[], $17::text[], $18::text[], $19::text[])
         AS u(id, tenant_id, source_id, supplier_id, activity, name, category, naics_code, region, year, value, unit, gases, gwp_set,
              uncertainty, dataset_version, licence, citation, meta)
       ON CONFLICT (id) DO NOTHING`,
      [
        col((f) => f.id),
        col((f) => f.tenantId),
        col((f) => f.sourceId),
        col((f) => f.supplierId),
        col((f) => f.activity),
        col((f) => f.name),
        col((f) => f.category),
        col((f) => f.naicsCode),
        col((f) => f.region),
        col((f) => f.year),
        col((f) => f.value),
        col((f) => f.unit),
        col((f) => (f.gases ? JSON.stringify(f.gases) : null)),
        col((f) => f.gwpSet),
        col((f) => f.uncertainty),
        col((f) => f.datasetVersion),
        col((f) => f.licence),
        col((f) => f.citation),
        col((f) => JSON.stringify(f.meta)),
      ],
    );
    inserted += res.rowCount;
  }
  return inserted;
}

export async function importDataset(driver: SqlDriver, dataset: FactorDataset): Promise<ImportOutcome> {
  const { source, factors } = dataset;
  return driver.transaction(async (tx) => {
    const existing = await tx.query<{ file_sha256: string | null; factor_count: number }>(
      'SELECT file_sha256, factor_count FROM factor_sources WHERE id = $1 FOR UPDATE',
      [source.id],
    );
    const prior = existing.rows[0];
    if (prior && prior.file_sha256 !== source.fileSha256) {
      throw new StoreError(
        'IMPORT_CONFLICT',
        `${source.name} ${source.datasetVersion} was already imported from a different file (sha256 ${prior.file_sha256 ?? 'none'}); a changed data set needs a new dataset version`,
      );
    }
    if (!prior) {
      await tx.query(
        `INSERT INTO factor_sources (id, tenant_id, name, publisher, dataset_version, licence, citation, url, file_sha256, factor_count)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          source.id,
          source.tenantId,
          source.name,
          source.publisher,
          source.datasetVersion,
          source.licence,
          source.citation,
          source.url ?? null,
          source.fileSha256,
          factors.length,
        ],
      );
    }
    const inserted = await insertFactors(tx, factors);
    return {
      sourceId: source.id,
      datasetVersion: source.datasetVersion,
      status: prior && inserted === 0 ? 'unchanged' : 'imported',
      factorsInserted: inserted,
      factorCount: factors.length,
    };
  });
}

export async function importGwpValues(driver: SqlDriver, values: readonly GwpValue[]): Promise<{ upserted: number }> {
  const res = await driver.query(
    `INSERT INTO gwp_values (gwp_set, gas, value)
     SELECT * FROM unnest($1::text[], $2::text[], $3::float8[])
     ON CONFLICT (gwp_set, gas) DO UPDATE SET value = EXCLUDED.value WHERE gwp_values.value IS DISTINCT FROM EXCLUDED.value`,
    [values.map((v) => v.gwpSet), values.map((v) => v.gas), values.map((v) => v.value)],
  );
  return { upserted: res.rowCount };
}

/** Every factor the tenant may use for these activities: public ones and its own. */
export async function loadCandidates(db: SqlExecutor, tenantId: string, activities: readonly string[]): Promise<FactorRecord[]> {
  if (activities.length === 0) return [];
  const res = await db.query<FactorRow>(`SELECT ${FACTOR_COLUMNS} FROM factors WHERE activity = ANY($1::text[]) AND (tenant_id IS NULL OR tenant_id = $2)`, [
    activities,
    tenantId,
  ]);
  return res.rows.map(toFactor);
}

/** Means of public factors per (category, unit), for the proxy step of the cascade. */
export async function loadCategoryAverages(db: SqlExecutor, categories: readonly number[]): Promise<CategoryAverage[]> {
  if (categories.length === 0) return [];
  const res = await db.query<CategoryAverage>(
    `SELECT category::int AS category, unit, avg(value)::float8 AS value, count(*)::int AS count, max(year)::int AS year
     FROM factors WHERE category = ANY($1::smallint[]) AND tenant_id IS NULL
     GROUP BY category, unit`,
    [categories],
  );
  return res.rows;
}

export async function getFactor(db: SqlExecutor, tenantId: string, id: string): Promise<FactorRecord | null> {
  const res = await db.query<FactorRow>(`SELECT ${FACTOR_COLUMNS} FROM factors WHERE id = $1 AND (tenant_id IS NULL OR tenant_id = $2)`, [id, tenantId]);
  const row = res.rows[0];
  return row ? toFactor(row) : null;
}

export interface FactorFilter {
  q?: string | undefined;
  category?: number | undefined;
  region?: string | undefined;
  year?: number | undefined;
  activity?: string | undefined;
}

export interface FactorPage {
  items: FactorRecord[];
  nextCursor: string | null;
}

/** Keyset page over factors ordered by id: constant cost at any depth. */
export async function listFactors(
  db: SqlExecutor,
  tenantId: string,
  filter: FactorFilter,
  page: { limit: number; cursor?: string | undefined; secret: string },
): Promise<FactorPage> {
  const where = ['(tenant_id IS NULL OR tenant_id = $1)'];
  const params: unknown[] = [tenantId];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replaceAll('?', `$${params.length}`));
  };
  if (filter.q) add('(name ILIKE ? OR activity ILIKE ?)', `%${filter.q.replace(/[\\%_]/g, '\\$&')}%`);
  if (filter.category !== undefined) add('category = ?', filter.category);
  if (filter.region) add('region = ?', filter.region.toUpperCase());
  if (filter.year !== undefined) add('year = ?', filter.year);
  if (filter.activity) add('activity = ?', filter.activity);
  const scope = `factors:${JSON.stringify(filter)}`;
  if (page.cursor) {
    const [lastId] = decodeCursor(page.cursor, page.secret, 1, scope);
    if (typeof lastId !== 'string') throw new CursorError('cursor does not belong to this listing');
    add('id > ?', lastId);
  }
  params.push(page.limit + 1);
  const res = await db.query<FactorRow>(`SELECT ${FACTOR_COLUMNS} FROM factors WHERE ${where.join(' AND ')} ORDER BY id LIMIT $${params.length}`, params);
  const rows = res.rows.slice(0, page.limit);
  const last = rows[rows.length - 1];
  return {
    items: rows.map(toFactor),
    nextCursor: res.rows.length > page.limit && last ? encodeCursor([last.id], page.secret, scope) : null,
  };
}

/** What a tenant supplies to override a factor, for all its suppliers or for one. */
export interface TenantFactorInput {
  activity: string;
  name: string;
  value: number;
  unit: string;
  region?: string | undefined;
  year: number;
  category?: number | undefined;
  supplierId?: string | undefined;
  gases?: Record<string, number> | undefined;
  uncertainty?: number | undefined;
  citation?: string | undefined;
}

const TENANT_SOURCE_VERSION = 'tenant';

/** Stores a tenant override (or supplier-specific factor) under the tenant's own source. */
export async function createTenantFactor(driver: SqlDriver, tenantId: string, input: TenantFactorInput): Promise<FactorRecord> {
  return driver.transaction((tx) => addTenantFactor(tx, tenantId, input));
}

/** createTenantFactor inside a transaction the caller holds (superseding a factor replaces it in the same one). */
export async function addTenantFactor(tx: SqlExecutor, tenantId: string, input: TenantFactorInput): Promise<FactorRecord> {
  // Plausible values only (a report sums what results made of them): 400 naming the field.
  const beyond = factorIssues(input);
  if (beyond.length > 0) throw new CalculationError(beyond);
  const sourceId = `src_tenant_${tenantId}`;
  await tx.query(
    `INSERT INTO factor_sources (id, tenant_id, name, publisher, dataset_version, licence, citation)
     VALUES ($1, $2, 'Tenant factors', 'tenant', $3, 'proprietary', 'Supplied by the tenant')
     ON CONFLICT (id) DO NOTHING`,
    [sourceId, tenantId, TENANT_SOURCE_VERSION],
  );
  if (input.supplierId) {
    const s = await tx.query('SELECT 1 FROM suppliers WHERE id = $1 AND tenant_id = $2', [input.supplierId, tenantId]);
    if (s.rows.length === 0) throw new StoreError('NOT_FOUND', `supplier_id: no supplier ${input.supplierId}`);
  }
  const factor: FactorRecord = {
    id: `fac_${randomUUID()}`,
    tenantId,
    sourceId,
    supplierId: input.supplierId ?? null,
    activity: input.activity,
    name: input.name,
    category: input.category ?? null,
    naicsCode: null,
    region: (input.region ?? 'GLOBAL').toUpperCase(),
    year: input.year,
    value: input.value,
    unit: input.unit,
    gases: input.gases ?? null,
    gwpSet: null,
    uncertainty: input.uncertainty ?? null,
    datasetVersion: TENANT_SOURCE_VERSION,
    licence: 'proprietary',
    citation: input.citation ?? 'Supplied by the tenant',
    meta: {},
  };
  await insertFactors(tx, [factor]);
  await tx.query('UPDATE factor_sources SET factor_count = factor_count + 1 WHERE id = $1', [sourceId]);
  return factor;
}
