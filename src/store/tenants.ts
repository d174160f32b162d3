/** Tenants and their API keys. Keys are random 192-bit secrets; only their SHA-256 is stored. */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { type SqlExecutor, StoreError } from './driver.ts';

export interface Tenant {
  id: string;
  name: string;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function generateApiKey(): string {
  return `gl_${randomBytes(24).toString('base64url')}`;
}

/** What an emission row is filed under: the tenant's id and its number (`tenants.no`, migration 006). */
export interface TenantKey {
  id: string;
  no: number;
}

/** By tenant id, for the whole process: ids are random (`ten_` + UUID), so one never names two tenants. */
const tenantNumbers = new Map<string, number>();

/**
 * The tenant's number, which keys its rows in the emissions keyset indexes. Numbers are
 * assigned once and never change, so each process asks once per tenant.
 */
export async function tenantKey(db: SqlExecutor, tenantId: string): Promise<TenantKey> {
  let no = tenantNumbers.get(tenantId);
  if (no === undefined) {
    const res = await db.query<{ no: number }>('SELECT no FROM tenants WHERE id = $1', [tenantId]);
    const row = res.rows[0];
    if (!row) throw new StoreError('NOT_FOUND', `tenant ${tenantId} does not exist`);
    no = Number(row.no);
    tenantNumbers.set(tenantId, no);
  }
  return { id: tenantId, no };
}

export async function findTenantByName(db: SqlExecutor, name: string): Promise<Tenant | null> {
  const res = await db.query<Tenant>('SELECT id, name FROM tenants WHERE name = $1', [name]);
  return res.rows[0] ?? null;
}

export async function ensureTenant(db: SqlExecutor, name: string): Promise<Tenant> {
  if (!/^[a-z0-9][a-z0-9_-]{0,62}$/.test(name)) {
    throw new StoreError('INVALID_INPUT', `tenant name "${name}" is invalid: use 1–63 lower-case letters, digits, '-' or '_'`);
  }
  await db.query('INSERT INTO tenants (id, name) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [`ten_${randomUUID()}`, name]);
  const t = await findTenantByName(db, name);
  if (!t) throw new Error(`tenant ${name} vanished after insert`);
  return t;
}

/**
 * Stores the hash of `key` (or of a new random key) for the tenant and returns the key. The key
 * may do everything (scope `admin`, no expiry), as every key could before scopes (migration 009):
 * the bootstrap key, and tests. `createApiKey` (api-keys.ts) makes keys with a scope and expiry.
 */
export async function addApiKey(db: SqlExecutor, tenantId: string, key: string = generateApiKey(), label: string | null = null): Promise<string> {
  if (key.trim() === '' || /\s/.test(key)) throw new StoreError('INVALID_INPUT', 'API key must be non-empty and contain no spaces');
  await db.query("INSERT INTO api_keys (id, tenant_id, key_hash, key_prefix, label, scope) VALUES ($1, $2, $3, $4, $5, 'admin')", [
    `key_${randomUUID()}`,
    tenantId,
    hashApiKey(key),
    key.slice(0, 6),
    label,
  ]);
  return key;
}

/** The tenant of a key that works now: known, not revoked, not expired. */
export async function findTenantByApiKey(db: SqlExecutor, key: string): Promise<Tenant | null> {
  const res = await db.query<Tenant>(
    `SELECT t.id, t.name FROM api_keys k JOIN tenants t ON t.id = k.tenant_id
     WHERE k.key_hash = $1 AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now())`,
    [hashApiKey(key)],
  );
  return res.rows[0] ?? null;
}

export async function countApiKeys(db: SqlExecutor): Promise<number> {
  const res = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM api_keys');
  return res.rows[0]?.n ?? 0;
}

/** First start: give the `default` tenant a key (the configured one, or a new one to print). */
export async function bootstrapKey(db: SqlExecutor, configured: string | null): Promise<{ created: boolean; key: string | null; tenant: Tenant | null }> {
  if ((await countApiKeys(db)) > 0) return { created: false, key: null, tenant: null };
  const tenant = await ensureTenant(db, 'default');
  const key = await addApiKey(db, tenant.id, configured ?? generateApiKey(), 'bootstrap');
  return { created: true, key, tenant };
}
