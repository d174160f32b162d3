/**
 * The audit log (migration 012, docs/data-lifecycle.md): one entry per write or delete, appended
 * and never changed (a trigger refuses UPDATE, DELETE and TRUNCATE; this module has only an
 * insert and a read). Read newest first in keyset pages over (at, seq), scoped to a tenant.
 */
import type { SqlExecutor } from './driver.ts';
import { CursorError, decodeCursor, encodeCursor } from './keyset.ts';

/** `api_key`: a request under /v1; `cli`: the greenline command through the local admin API. */
export type AuditActor = 'api_key' | 'cli';

export interface AuditEntry {
  /** Null: an installation-wide write (a public data set import). */
  tenantId: string | null;
  at: Date;
  actor: AuditActor;
  /** The API key's id (api_keys.id); null for the greenline command. */
  keyId: string | null;
  method: string;
  /** The route's pattern, e.g. /v1/batches/:id. */
  route: string;
  status: number;
  resourceType: string | null;
  resourceId: string | null;
  /** A few fields saying what was written; never a secret. */
  summary: Record<string, unknown>;
  requestId: string;
}

/** Appends entries in one statement. */
export async function insertAuditEntries(db: SqlExecutor, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db.query(
    `INSERT INTO audit_log (tenant_id, at, actor, key_id, method, route, status, resource_type, resource_id, summary, request_id)
     SELECT u.tenant_id, u.at, u.actor, u.key_id, u.method, u.route, u.status, u.resource_type, u.resource_id, COALESCE(u.summary, '{}'), u.request_id
     FROM json_to_recordset($1::json) AS u(tenant_id text, at timestamptz, actor text, key_id text, method text, route text, status smallint,
                                          resource_type text, resource_id text, summary json, request_id text)`,
    [
      JSON.stringify(
        entries.map((e) => ({
          tenant_id: e.tenantId,
          at: e.at.toISOString(),
          actor: e.actor,
          key_id: e.keyId,
          method: e.method,
          route: e.route,
          status: e.status,
          resource_type: e.resourceType,
          resource_id: e.resourceId,
          summary: e.summary,
          request_id: e.requestId,
        })),
        // PostgreSQL stores no NUL character in text: one in a summary must not fail the entries with it.
        (_key, value: unknown) => (typeof value === 'string' && value.includes('\u0000') ? value.replaceAll('\u0000', '\uFFFD') : value),
      ),
    ],
  );
}

export interface AuditFilter {
  /** Inclusive lower bound on `at`. */
  from?: Date | undefined;
  /** Inclusive upper bound on `at`. */
  to?: Date | undefined;
  /** A resource type (`batch`), or one resource's id (anything with an underscore: `bat_…`). */
  resource?: string | undefined;
}

export interface AuditRecord extends AuditEntry {
  /** The entry's place in the log (unique, increasing as entries are appended). */
  seq: string;
}

export interface AuditPage {
  items: AuditRecord[];
  nextCursor: string | null;
}

interface AuditRow {
  seq: string;
  tenant_id: string | null;
  at: Date | string;
  actor: AuditActor;
  key_id: string | null;
  method: string;
  route: string;
  status: number;
  resource_type: string | null;
  resource_id: string | null;
  summary: Record<string, unknown>;
  request_id: string;
}

/** Resource ids carry a prefix (`bat_`, `calc_`, `fac_`…); types are plain words. */
export const isResourceId = (resource: string): boolean => resource.includes('_');

/** A page of the tenant's entries, newest first; the cursor is bound to the tenant and the filter. */
export async function listAuditEntries(
  db: SqlExecutor,
  tenantId: string,
  filter: AuditFilter,
  page: { limit: number; cursor?: string | undefined; secret: string },
): Promise<AuditPage> {
  const where = ['tenant_id = $1'];
  const params: unknown[] = [tenantId];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (filter.from) add('at >= ?::timestamptz', filter.from.toISOString());
  if (filter.to) add('at <= ?::timestamptz', filter.to.toISOString());
  if (filter.resource !== undefined) add(isResourceId(filter.resource) ? 'resource_id = ?' : 'resource_type = ?', filter.resource);
  const scope = `audit:${tenantId}:${JSON.stringify([filter.from?.toISOString() ?? null, filter.to?.toISOString() ?? null, filter.resource ?? null])}`;
  if (page.cursor) {
    const [at, seq] = decodeCursor(page.cursor, page.secret, 2, scope);
    if (typeof at !== 'number' || typeof seq !== 'string' || !/^\d{1,19}$/.test(seq)) throw new CursorError('cursor does not belong to this listing');
    params.push(new Date(at).toISOString(), seq);
    where.push(`(at, seq) < ($${params.length - 1}::timestamptz, $${params.length}::int8)`);
  }
  params.push(page.limit + 1);
  const res = await db.query<AuditRow>(
    `SELECT seq::text AS seq, tenant_id, at, actor, key_id, method, route, status, resource_type, resource_id, summary, request_id
     FROM audit_log WHERE ${where.join(' AND ')} ORDER BY at DESC, seq DESC LIMIT $${params.length}`,
    params,
  );
  const rows = res.rows.slice(0, page.limit);
  const items = rows.map(toRecord);
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: res.rows.length > page.limit && last ? encodeCursor([last.at.getTime(), last.seq], page.secret, scope) : null,
  };
}

function toRecord(r: AuditRow): AuditRecord {
  return {
    seq: r.seq,
    tenantId: r.tenant_id,
    at: r.at instanceof Date ? r.at : new Date(r.at),
    actor: r.actor,
    keyId: r.key_id,
    method: r.method,
    route: r.route,
    status: Number(r.status),
    resourceType: r.resource_type,
    resourceId: r.resource_id,
    summary: r.summary ?? {},
    requestId: r.request_id,
  };
}
