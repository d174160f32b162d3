/**
 * API keys and their lifecycle: scope, expiry, revocation, rotation with a grace period, and when
 * each was last used (docs/security.md). A key's secret is shown once, at creation; only its
 * SHA-256 is stored, and a key is named afterwards by its id.
 */
import { randomUUID } from 'node:crypto';
import type { SqlDriver, SqlExecutor } from './driver.ts';
import { StoreError } from './driver.ts';
import { generateApiKey, hashApiKey } from './tenants.ts';

export const KEY_SCOPES = ['read', 'write', 'admin'] as const;
/** `read`: GET only; `write`: also changes data; `admin`: also manages the tenant's keys. */
export type KeyScope = (typeof KEY_SCOPES)[number];

export function scopeAllows(has: KeyScope, needs: KeyScope): boolean {
  return KEY_SCOPES.indexOf(has) >= KEY_SCOPES.indexOf(needs);
}

export type KeyStatus = 'active' | 'expired' | 'revoked';

export interface ApiKey {
  id: string;
  tenantId: string;
  tenantName: string;
  label: string | null;
  scope: KeyScope;
  /** The secret's first characters, so a user can tell keys apart. */
  prefix: string;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  /** On a rotated key: the key that replaced it. */
  replacedBy: string | null;
}

export function keyStatus(key: Pick<ApiKey, 'expiresAt' | 'revokedAt'>, now = Date.now()): KeyStatus {
  if (key.revokedAt) return 'revoked';
  return key.expiresAt && key.expiresAt.getTime() <= now ? 'expired' : 'active';
}

interface KeyRow {
  id: string;
  tenant_id: string;
  tenant_name: string;
  label: string | null;
  scope: KeyScope;
  key_prefix: string;
  created_at: Date | string;
  expires_at: Date | string | null;
  revoked_at: Date | string | null;
  last_used_at: Date | string | null;
  replaced_by: string | null;
}

const COLUMNS =
  'k.id, k.tenant_id, t.name AS tenant_name, k.label, k.scope, k.key_prefix, k.created_at, k.expires_at, k.revoked_at, k.last_used_at, k.replaced_by';

const date = (v: Date | string): Date => (v instanceof Date ? v : new Date(v));
const maybeDate = (v: Date | string | null): Date | null => (v === null ? null : date(v));

function toKey(r: KeyRow): ApiKey {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    tenantName: r.tenant_name,
    label: r.label,
    scope: r.scope,
    prefix: r.key_prefix,
    createdAt: date(r.created_at),
    expiresAt: maybeDate(r.expires_at),
    revokedAt: maybeDate(r.revoked_at),
    lastUsedAt: maybeDate(r.last_used_at),
    replacedBy: r.replaced_by,
  };
}

export interface NewKeyOptions {
  label?: string | null;
  scope?: KeyScope;
  expiresAt?: Date | null;
  /** A chosen secret (GREENLINE_BOOTSTRAP_KEY); by default a new random one. */
  secret?: string;
}

/** A new key and its secret, which is never shown again. */
export interface CreatedKey {
  secret: string;
  key: ApiKey;
}

export async function createApiKey(db: SqlExecutor, tenantId: string, options: NewKeyOptions = {}): Promise<CreatedKey> {
  const secret = options.secret ?? generateApiKey();
  if (secret.trim() === '' || /\s/.test(secret)) throw new StoreError('INVALID_INPUT', 'API key must be non-empty and contain no spaces');
  const res = await db.query<KeyRow>(
    `WITH k AS (
       INSERT INTO api_keys (id, tenant_id, key_hash, key_prefix, label, scope, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *
     )
     SELECT ${COLUMNS} FROM k JOIN tenants t ON t.id = k.tenant_id`,
    [`key_${randomUUID()}`, tenantId, hashApiKey(secret), secret.slice(0, 6), options.label ?? null, options.scope ?? 'write', options.expiresAt ?? null],
  );
  return { secret, key: toKey(res.rows[0]!) };
}

/** Keys oldest first, of one tenant or of all; revoked and expired ones included (with their status). */
export async function listApiKeys(db: SqlExecutor, filter: { tenantId?: string } = {}): Promise<ApiKey[]> {
  const res = await db.query<KeyRow>(
    `SELECT ${COLUMNS} FROM api_keys k JOIN tenants t ON t.id = k.tenant_id
     WHERE $1::text IS NULL OR k.tenant_id = $1 ORDER BY t.name, k.created_at, k.id`,
    [filter.tenantId ?? null],
  );
  return res.rows.map(toKey);
}

/** One key; with `tenantId`, only if it is that tenant's (a tenant never sees another's keys). */
export async function getApiKey(db: SqlExecutor, id: string, tenantId: string | null): Promise<ApiKey | null> {
  const res = await db.query<KeyRow>(
    `SELECT ${COLUMNS} FROM api_keys k JOIN tenants t ON t.id = k.tenant_id WHERE k.id = $1 AND ($2::text IS NULL OR k.tenant_id = $2)`,
    [id, tenantId],
  );
  return res.rows[0] ? toKey(res.rows[0]) : null;
}

/** A changed key and the hash that names it in the authentication caches, which must drop it. */
export interface ChangedKey {
  key: ApiKey;
  keyHash: string;
}

/** Revokes a key at once; revoking it again changes nothing. Null when there is no such key (for the tenant). */
export async function revokeApiKey(db: SqlExecutor, id: string, tenantId: string | null): Promise<ChangedKey | null> {
  const res = await db.query<KeyRow & { key_hash: string }>(
    `WITH k AS (
       UPDATE api_keys SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1 AND ($2::text IS NULL OR tenant_id = $2) RETURNING *
     )
     SELECT ${COLUMNS}, k.key_hash FROM k JOIN tenants t ON t.id = k.tenant_id`,
    [id, tenantId],
  );
  const row = res.rows[0];
  return row ? { key: toKey(row), keyHash: row.key_hash } : null;
}

export interface RotateOptions {
  /** How long the old key keeps working; 0 ends it at once. */
  graceMs: number;
  /** The new key's expiry; by default it lives as long as the old one was given (none if none). */
  expiresAt?: Date | null;
  now?: Date;
}

export type RotateOutcome =
  | { outcome: 'rotated'; old: ChangedKey; created: CreatedKey }
  | { outcome: 'not_found' }
  /** Only a working key can be rotated: a revoked or expired one is replaced by `keys create`, a rotated one by rotating its replacement. */
  | { outcome: 'revoked' | 'expired' | 'rotated_already'; key: ApiKey };

/**
 * Replaces a key with a new one of the same tenant, label and scope; the old key keeps working
 * for the grace period, then expires. One transaction, the old row locked, so two rotations of
 * one key cannot both succeed.
 */
export async function rotateApiKey(db: SqlDriver, id: string, tenantId: string | null, options: RotateOptions): Promise<RotateOutcome> {
  const now = options.now ?? new Date();
  return db.transaction(async (tx): Promise<RotateOutcome> => {
    const found = await tx.query<KeyRow & { key_hash: string }>(
      `SELECT ${COLUMNS}, k.key_hash FROM api_keys k JOIN tenants t ON t.id = k.tenant_id
       WHERE k.id = $1 AND ($2::text IS NULL OR k.tenant_id = $2) FOR UPDATE OF k`,
      [id, tenantId],
    );
    const row = found.rows[0];
    if (!row) return { outcome: 'not_found' };
    const old = toKey(row);
    const status = keyStatus(old, now.getTime());
    if (status !== 'active') return { outcome: status, key: old };
    if (old.replacedBy) return { outcome: 'rotated_already', key: old };

    const lifetimeMs = old.expiresAt ? old.expiresAt.getTime() - old.createdAt.getTime() : null;
    const expiresAt = options.expiresAt !== undefined ? options.expiresAt : lifetimeMs === null ? null : new Date(now.getTime() + lifetimeMs);
    const created = await createApiKey(tx, old.tenantId, { label: old.label, scope: old.scope, expiresAt });
    const graceEnd = new Date(now.getTime() + options.graceMs);
    const oldExpires = old.expiresAt && old.expiresAt < graceEnd ? old.expiresAt : graceEnd;
    await tx.query('UPDATE api_keys SET expires_at = $2, replaced_by = $3 WHERE id = $1', [old.id, oldExpires, created.key.id]);
    return { outcome: 'rotated', old: { key: { ...old, expiresAt: oldExpires, replacedBy: created.key.id }, keyHash: row.key_hash }, created };
  });
}

/** What authenticating a request needs to know about its key. */
export interface KeyGrant {
  keyId: string;
  tenant: { id: string; name: string };
  scope: KeyScope;
  /** ms since the epoch; null: no expiry. */
  expiresAt: number | null;
  /** ms since the epoch; null: not revoked. */
  revokedAt: number | null;
}

/** The key behind a secret, revoked and expired ones included (the caller tells them apart); null when unknown. */
export async function findKeyBySecret(db: SqlExecutor, secret: string): Promise<KeyGrant | null> {
  const res = await db.query<KeyRow>(`SELECT ${COLUMNS} FROM api_keys k JOIN tenants t ON t.id = k.tenant_id WHERE k.key_hash = $1`, [hashApiKey(secret)]);
  const row = res.rows[0];
  if (!row) return null;
  const key = toKey(row);
  return {
    keyId: key.id,
    tenant: { id: key.tenantId, name: key.tenantName },
    scope: key.scope,
    expiresAt: key.expiresAt?.getTime() ?? null,
    revokedAt: key.revokedAt?.getTime() ?? null,
  };
}

/** Records a use of the key; an older time never overwrites a newer one. */
export async function recordKeyUse(db: SqlExecutor, keyId: string, at: Date): Promise<void> {
  await db.query('UPDATE api_keys SET last_used_at = $2 WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < $2)', [keyId, at]);
}
