/** Suppliers of a tenant. Identifiers (DUNS, LEI) are unique per tenant where present. */
import { randomUUID } from 'node:crypto';
import { type SqlExecutor, StoreError } from './driver.ts';
import { decodeSeek, type Keyset, type Page, type PageStart, seekSql, toPage } from './keyset-pages.ts';

export interface Supplier {
  id: string;
  name: string;
  normalizedName: string;
  country: string | null;
  duns: string | null;
  lei: string | null;
  vat: string | null;
  naics: string | null;
}

export interface SupplierInput {
  name: string;
  country?: string | undefined;
  duns?: string | undefined;
  lei?: string | undefined;
  vat?: string | undefined;
  naics?: string | undefined;
}

const LEGAL_SUFFIXES = /\b(inc|incorporated|corp|corporation|co|company|ltd|limited|llc|plc|gmbh|ag|sa|sas|srl|bv|nv|oy|ab|as|kk|pty)\b\.?/g;

/** Lower case, no accents or punctuation, single spaces. */
function foldName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9 ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Lower case, no punctuation or legal-form suffixes, single spaces: the name matching compares. */
export function normalizeSupplierName(name: string): string {
  return foldName(name).replace(LEGAL_SUFFIXES, ' ').replace(/\s+/g, ' ').trim();
}

/** A `suppliers` row as SELECT ${SUPPLIER_COLUMNS} reads it. */
export interface SupplierRow {
  id: string;
  name: string;
  normalized_name: string;
  country: string | null;
  duns: string | null;
  lei: string | null;
  vat: string | null;
  naics: string | null;
}

export const SUPPLIER_COLUMNS = 'id, name, normalized_name, country, duns, lei, vat, naics';

export function toSupplier(r: SupplierRow): Supplier {
  return { id: r.id, name: r.name, normalizedName: r.normalized_name, country: r.country, duns: r.duns, lei: r.lei, vat: r.vat, naics: r.naics };
}

export async function createSupplier(db: SqlExecutor, tenantId: string, input: SupplierInput): Promise<Supplier> {
  const id = `sup_${randomUUID()}`;
  try {
    const res = await db.query<SupplierRow>(
      `INSERT INTO suppliers (id, tenant_id, name, normalized_name, country, duns, lei, vat, naics)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${SUPPLIER_COLUMNS}`,
      [
        id,
        tenantId,
        input.name,
        normalizeSupplierName(input.name),
        input.country?.toUpperCase() ?? null,
        input.duns ?? null,
        input.lei?.toUpperCase() ?? null,
        input.vat ?? null,
        input.naics ?? null,
      ],
    );
    return toSupplier(res.rows[0]!);
  } catch (err) {
    if ((err as { code?: string }).code === '23505') {
      const field = /lei/.test((err as Error).message) ? 'lei' : 'duns';
      throw new StoreError('ALREADY_EXISTS', `${field}: a supplier with this ${field.toUpperCase()} already exists`);
    }
    throw err;
  }
}

export async function getSupplier(db: SqlExecutor, tenantId: string, id: string): Promise<Supplier | null> {
  const res = await db.query<SupplierRow>(`SELECT ${SUPPLIER_COLUMNS} FROM suppliers WHERE id = $1 AND tenant_id = $2`, [id, tenantId]);
  const row = res.rows[0];
  return row ? toSupplier(row) : null;
}

/** A supplier as matching reads it: its name, country and identifiers. */
export interface SupplierForMatching {
  id: string;
  name: string;
  country: string | null;
  duns: string | null;
  lei: string | null;
  vat: string | null;
}

/** All of a tenant's suppliers for the matcher's index, in one query, oldest first (the index prefers the earlier added on a tie). */
export async function suppliersForMatching(db: SqlExecutor, tenantId: string): Promise<SupplierForMatching[]> {
  const res = await db.query<SupplierForMatching>('SELECT id, name, country, duns, lei, vat FROM suppliers WHERE tenant_id = $1 ORDER BY created_at, id', [
    tenantId,
  ]);
  return res.rows;
}

/** What matching reads about a tenant besides its suppliers, in one single-row query (supplier_settings, migration 015). */
export interface SupplierMatchingState {
  /** Changes with every write to the tenant's suppliers, aliases or rejections (bumped by triggers, in the writer's transaction). */
  version: string;
  /** Confidence from which a match is automatic (default 85). */
  autoMatchThreshold: number;
}

export const DEFAULT_AUTO_MATCH_THRESHOLD = 85;

/** The tenant's supplier version and auto-match threshold: a primary-key read (a tenant without a row is at version 0). */
export async function supplierMatchingState(db: SqlExecutor, tenantId: string): Promise<SupplierMatchingState> {
  const res = await db.query<{ version: string; auto_match_threshold: number }>(
    'SELECT version::text AS version, auto_match_threshold FROM supplier_settings WHERE tenant_id = $1',
    [tenantId],
  );
  const row = res.rows[0];
  return { version: row?.version ?? '0', autoMatchThreshold: row?.auto_match_threshold ?? DEFAULT_AUTO_MATCH_THRESHOLD };
}

/**
 * Bumps the tenant's supplier version, so every instance rebuilds its index on its next match. Writes
 * to suppliers, supplier_aliases and supplier_rejections bump it already (migration 015's triggers);
 * call this in the same transaction for any other change to what matching reads.
 */
export async function bumpSupplierVersion(db: SqlExecutor, tenantId: string): Promise<void> {
  await db.query(
    `INSERT INTO supplier_settings AS s (tenant_id, version) VALUES ($1, 1)
     ON CONFLICT (tenant_id) DO UPDATE SET version = s.version + 1, updated_at = now()`,
    [tenantId],
  );
}

/** Sets the tenant's auto-match threshold (50–100; the route checks the range, the table refuses others). */
export async function setAutoMatchThreshold(db: SqlExecutor, tenantId: string, threshold: number): Promise<SupplierMatchingState> {
  const res = await db.query<{ version: string; auto_match_threshold: number }>(
    `INSERT INTO supplier_settings AS s (tenant_id, auto_match_threshold) VALUES ($1, $2)
     ON CONFLICT (tenant_id) DO UPDATE SET auto_match_threshold = EXCLUDED.auto_match_threshold, updated_at = now()
     RETURNING version::text AS version, auto_match_threshold`,
    [tenantId, threshold],
  );
  const row = res.rows[0]!;
  return { version: row.version, autoMatchThreshold: row.auto_match_threshold };
}

/** Which of these ids are the tenant's suppliers (one query). */
export async function existingSupplierIds(db: SqlExecutor, tenantId: string, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const res = await db.query<{ id: string }>('SELECT id FROM suppliers WHERE tenant_id = $1 AND id = ANY($2::text[])', [tenantId, [...new Set(ids)]]);
  return new Set(res.rows.map((r) => r.id));
}

/** Names of the tenant's suppliers among these ids (one query); ids not found are absent. */
export async function supplierNames(db: SqlExecutor, tenantId: string, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const res = await db.query<{ id: string; name: string }>('SELECT id, name FROM suppliers WHERE tenant_id = $1 AND id = ANY($2::text[])', [
    tenantId,
    [...new Set(ids)],
  ]);
  return new Map(res.rows.map((r) => [r.id, r.name]));
}

export interface SupplierFilter {
  /** A prefix of the name, compared as normalized names are. */
  q?: string | undefined;
  country?: string | undefined;
}

/**
 * The name prefix a query matches: normalized like stored names, so "ACME Ltd." finds "acme";
 * a query that is nothing but a legal suffix ("Co") is kept as typed rather than matching all.
 */
function namePrefix(q: string): string {
  return normalizeSupplierName(q) || foldName(q);
}

/**
 * Keyset page of suppliers by (normalized name, id), read from suppliers_tenant_name_idx. The
 * prefix filter is a LIKE on normalized names, which hold only [a-z0-9 ]: no wildcard to escape.
 */
export async function listSuppliers(
  db: SqlExecutor,
  tenantId: string,
  filter: SupplierFilter,
  page: { limit: number; cursor?: string | undefined; secret: string },
): Promise<Page<Supplier>> {
  const prefix = filter.q === undefined ? null : namePrefix(filter.q);
  const country = filter.country?.toUpperCase() ?? null;
  const keyset: Keyset = {
    column: 'normalized_name',
    type: 'text',
    descending: false,
    secret: page.secret,
    scope: `suppliers:${tenantId}:${JSON.stringify([prefix, country])}`,
  };
  const start: PageStart = page.cursor ? { seek: decodeSeek(keyset, page.cursor) } : { offset: 0 };
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const where = [`tenant_id = ${param(tenantId)}`];
  if (prefix !== null) where.push(`normalized_name LIKE ${param(`${prefix}%`)}`);
  if (country !== null) where.push(`country = ${param(country)}`);
  const { condition, orderBy } = seekSql(keyset, start, param);
  if (condition) where.push(condition);
  const res = await db.query<SupplierRow>(
    `SELECT ${SUPPLIER_COLUMNS} FROM suppliers WHERE ${where.join(' AND ')} ORDER BY ${orderBy} LIMIT ${param(page.limit + 1)}`,
    params,
  );
  return toPage(keyset, res.rows, page.limit, start, (r) => ({ key: r.normalized_name, id: r.id }), toSupplier);
}

export interface SupplierEmissions {
  kgCo2e: number;
  rows: number;
  /** kg CO2e by Scope 3 category. */
  byCategory: Record<string, number>;
  /** First and last month with emissions (YYYY-MM); null without any. */
  firstMonth: string | null;
  lastMonth: string | null;
}

/**
 * A supplier's emission totals from `emission_rollups` (kept per tenant, month, category, tier
 * and supplier by every write), so the cost is the tenant's rollup rows, not its emissions. The
 * rollups are monthly: the first and last activity are known to the month.
 */
export async function supplierEmissions(db: SqlExecutor, tenantId: string, supplierId: string): Promise<SupplierEmissions> {
  const res = await db.query<{ category: number; rows: number; kg_co2e: number; first_month: string; last_month: string }>(
    `SELECT category, sum(rows)::float8 AS rows, sum(kg_co2e) AS kg_co2e,
            to_char(min(month), 'YYYY-MM') AS first_month, to_char(max(month), 'YYYY-MM') AS last_month
     FROM emission_rollups WHERE tenant_id = $1 AND supplier_id = $2 AND rows > 0
     GROUP BY category ORDER BY category`,
    [tenantId, supplierId],
  );
  const summary: SupplierEmissions = { kgCo2e: 0, rows: 0, byCategory: {}, firstMonth: null, lastMonth: null };
  for (const r of res.rows) {
    summary.kgCo2e += r.kg_co2e;
    summary.rows += r.rows;
    summary.byCategory[String(r.category)] = r.kg_co2e;
    if (summary.firstMonth === null || r.first_month < summary.firstMonth) summary.firstMonth = r.first_month;
    if (summary.lastMonth === null || r.last_month > summary.lastMonth) summary.lastMonth = r.last_month;
  }
  return summary;
}
