/**
 * Decisions that feed matching back (docs/suppliers.md "Review queue"): an alias is a name a
 * reviewer accepted (or an operator added) for a supplier, matched exactly next time; a rejection
 * is a (name, supplier) pair a reviewer said is not the same company, never matched automatically.
 * Both are keyed by the name as the matcher normalizes it (normalizeName(name).normalized); the
 * name as written is kept so the key can be computed again. Writes here bump the tenant's supplier
 * version through migration 015's triggers.
 */
import { normalizeName } from '../domain/suppliers/normalize.ts';
import type { SqlExecutor } from './driver.ts';

export type AliasSource = 'accepted' | 'manual';

/** A name and the supplier a decision ties it to. */
export interface NameDecision {
  /** The name as written. */
  name: string;
  supplierId: string;
  reviewId?: string | null;
  /** The API key that decided. */
  createdBy?: string | null;
}

export interface StoredNameDecision {
  normalizedName: string;
  supplierId: string;
  name: string;
}

/** The key a name is stored and looked up under: what matchMention hands `opts.aliases` and `opts.rejected`. */
export function decisionKey(name: string): string {
  return normalizeName(name).normalized;
}

/**
 * Ties the name to the supplier (replacing an alias of the same name to another supplier), and
 * lifts a rejection of that pair. Returns the normalized name it is stored under.
 */
export async function addAlias(db: SqlExecutor, tenantId: string, alias: NameDecision & { source: AliasSource }): Promise<string> {
  const key = decisionKey(alias.name);
  await db.query(
    `INSERT INTO supplier_aliases (tenant_id, normalized_name, supplier_id, name, source, review_id, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (tenant_id, normalized_name) DO UPDATE SET supplier_id = EXCLUDED.supplier_id, name = EXCLUDED.name,
       source = EXCLUDED.source, review_id = EXCLUDED.review_id, created_by = EXCLUDED.created_by, created_at = now()`,
    [tenantId, key, alias.supplierId, alias.name, alias.source, alias.reviewId ?? null, alias.createdBy ?? null],
  );
  await db.query('DELETE FROM supplier_rejections WHERE tenant_id = $1 AND normalized_name = $2 AND supplier_id = $3', [tenantId, key, alias.supplierId]);
  return key;
}

/** Records that the name is not this supplier, and drops an alias that said it was. Returns the normalized name. */
export async function addRejection(db: SqlExecutor, tenantId: string, rejection: NameDecision): Promise<string> {
  const key = decisionKey(rejection.name);
  await db.query(
    `INSERT INTO supplier_rejections (tenant_id, normalized_name, supplier_id, name, review_id, created_by)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (tenant_id, normalized_name, supplier_id) DO NOTHING`,
    [tenantId, key, rejection.supplierId, rejection.name, rejection.reviewId ?? null, rejection.createdBy ?? null],
  );
  await db.query('DELETE FROM supplier_aliases WHERE tenant_id = $1 AND normalized_name = $2 AND supplier_id = $3', [tenantId, key, rejection.supplierId]);
  return key;
}

/** All of the tenant's aliases, for the matcher's index (one query). */
export async function aliasesForMatching(db: SqlExecutor, tenantId: string): Promise<StoredNameDecision[]> {
  const res = await db.query<{ normalized_name: string; supplier_id: string; name: string }>(
    'SELECT normalized_name, supplier_id, name FROM supplier_aliases WHERE tenant_id = $1 ORDER BY created_at, normalized_name',
    [tenantId],
  );
  return res.rows.map((r) => ({ normalizedName: r.normalized_name, supplierId: r.supplier_id, name: r.name }));
}

/** All of the tenant's rejected pairs, for the matcher (one query). */
export async function rejectionsForMatching(db: SqlExecutor, tenantId: string): Promise<StoredNameDecision[]> {
  const res = await db.query<{ normalized_name: string; supplier_id: string; name: string }>(
    'SELECT normalized_name, supplier_id, name FROM supplier_rejections WHERE tenant_id = $1',
    [tenantId],
  );
  return res.rows.map((r) => ({ normalizedName: r.normalized_name, supplierId: r.supplier_id, name: r.name }));
}

/** The rejected pairs among these normalized names, as `name\0supplier` keys (one query). */
export async function rejectedPairs(db: SqlExecutor, tenantId: string, normalizedNames: readonly string[]): Promise<Set<string>> {
  if (normalizedNames.length === 0) return new Set();
  const res = await db.query<{ normalized_name: string; supplier_id: string }>(
    'SELECT normalized_name, supplier_id FROM supplier_rejections WHERE tenant_id = $1 AND normalized_name = ANY($2::text[])',
    [tenantId, [...new Set(normalizedNames)]],
  );
  return new Set(res.rows.map((r) => pairKey(r.normalized_name, r.supplier_id)));
}

/** The key of a (normalized name, supplier) pair in the sets above. */
export function pairKey(normalizedName: string, supplierId: string): string {
  return `${normalizedName}\u0000${supplierId}`;
}
