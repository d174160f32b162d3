/**
 * Records every successful write in the audit log (docs/data-lifecycle.md): a hook on the /v1
 * scope (actor `api_key`) and on the local admin API (actor `cli`) turns each 2xx answer to a
 * write into an entry — who (the API key's id), what (method, route, resource type and id, a
 * small summary), when, the request id — and hands it to the AuditWriter, which stores entries
 * in batches off the request path. Deletes write their entry in their own transaction instead
 * (store/deletions.ts) and mark the request so it is not recorded twice.
 *
 * A write is what needs more than a read key (plugins/auth.ts), so a new write route is recorded
 * without being listed here; SUMMARIES only adds what is worth keeping about some of them. The
 * hook runs on send, not on response: `onResponse` is skipped when the client hangs up before
 * the answer is written, and by then the write has happened.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuditActor, AuditEntry } from '../../store/audit-log.ts';
import type { AuditWriter } from '../../store/audit-writer.ts';
import { getApiKey } from '../../store/api-keys.ts';
import type { SqlExecutor } from '../../store/driver.ts';
import { findTenantByName } from '../../store/tenants.ts';
import { requiredScope } from './auth.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The audit log's writer: `flush()` before reading the log, so a client reads its own writes. */
    auditLog: AuditWriter;
  }
  interface FastifyRequest {
    /** Set by a route that recorded its audit entry itself (in its own transaction). */
    auditRecorded: boolean;
  }
}

/** Singular resource names, by a route's first path segment. */
const RESOURCE_TYPES: Readonly<Record<string, string>> = {
  factors: 'factor',
  suppliers: 'supplier',
  'suppliers/review': 'supplier_review',
  'suppliers/settings': 'supplier_settings',
  calculations: 'calculation',
  batches: 'batch',
  recalculations: 'recalculation',
  keys: 'key',
  uncertainty: 'uncertainty',
  'cbam/shipments': 'cbam_shipment',
  'cbam/installations': 'cbam_installation',
  'cbam/datasets': 'cbam_dataset',
};

const MAX_TEXT = 200;

type Summary = Record<string, unknown>;
type Fields = Record<string, unknown> | undefined;

/** Only these fields of a request, named in snake_case, strings cut to 200 characters; never a secret. */
function pick(from: unknown, names: readonly string[]): Summary {
  const out: Summary = {};
  if (!from || typeof from !== 'object') return out;
  for (const name of names) {
    const v = (from as Record<string, unknown>)[name];
    if (v === undefined) continue;
    out[name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] = typeof v === 'string' && v.length > MAX_TEXT ? `${v.slice(0, MAX_TEXT)}…` : v;
  }
  return out;
}

/** What is worth keeping about a write besides its route and resource, by `METHOD route` (without /v1 or /admin). */
const SUMMARIES: Readonly<Record<string, (request: FastifyRequest) => Summary>> = {
  'POST /calculations': (r) => pick((r.body as Fields)?.record, ['category', 'date', 'external_id', 'supplier_id']),
  'POST /calculations/batch': (r) => ({ records: ((r.body as Fields)?.records as unknown[] | undefined)?.length ?? 0 }),
  'POST /batches': (r) => pick(r.query, ['type', 'name', 'format', 'tenant']),
  'POST /factors': (r) => pick(r.body, ['activity', 'name', 'value', 'unit', 'region', 'year', 'supplier_id']),
  'POST /factors/import': (r) => pick(r.query, ['format', 'name']),
  'POST /suppliers': (r) => pick(r.body, ['name', 'country']),
  'POST /suppliers/review/:id': (r) => pick(r.body, ['action', 'supplier_id', 'from_supplier_id']),
  'PUT /suppliers/settings': (r) => pick(r.body, ['auto_match_threshold']),
  'POST /recalculations': (r) => pick(r.body, ['batch_id', 'batchId', 'from', 'to', 'dataset', 'dataset_version', 'datasetVersion']),
  'POST /keys': (r) => pick(r.body, ['label', 'scope', 'expires', 'tenant']),
  'POST /keys/:id/rotate': (r) => pick(r.body, ['grace', 'expires']),
  'POST /cbam/shipments': (r) => ({
    shipments: 'shipment' in ((r.body as Fields) ?? {}) ? 1 : (((r.body as Fields)?.shipments as unknown[] | undefined)?.length ?? 0),
  }),
  'POST /cbam/installations': (r) => ({
    installations: 'installation' in ((r.body as Fields) ?? {}) ? 1 : (((r.body as Fields)?.installations as unknown[] | undefined)?.length ?? 0),
  }),
  'POST /cbam/datasets': (r) => pick(r.query, ['name', 'version', 'tenant']),
};

/** Routes of the admin API that only read (the CLI's verify). */
const ADMIN_READS = new Set(['/admin/calculations/:id/verify', '/admin/status']);

/** The id at the head of a JSON answer (every created resource's answer starts with it). */
const LEADING_ID = /^\{"id":"([^"\\]{1,200})"/;

export interface AuditTrailOptions {
  actor: AuditActor;
  writer: AuditWriter;
  /** For the admin API: the tenant a command named (by name, or through a key's id). */
  db?: SqlExecutor;
}

/** The entry of a write: who, what, when, and the request id. */
export function auditEntryFor(
  request: FastifyRequest,
  status: number,
  resource: { type: string | null; id: string | null },
  summary: Summary,
  actor: AuditActor = 'api_key',
  tenantId: string | null = request.tenant?.id ?? null,
): AuditEntry {
  return {
    tenantId,
    at: new Date(),
    actor,
    keyId: actor === 'api_key' ? (request.apiKey?.id ?? null) : null,
    method: request.method,
    route: request.routeOptions.url ?? request.url.split('?')[0]!,
    status,
    resourceType: resource.type,
    resourceId: resource.id,
    summary,
    requestId: request.id,
  };
}

/** `/v1/batches/:id` → `/batches/:id`. */
const routeKey = (route: string) => route.replace(/^\/(v1|admin)(?=\/)/, '');

function resourceOf(request: FastifyRequest, reply: FastifyReply, payload: unknown): { type: string | null; id: string | null } {
  const segments = routeKey(request.routeOptions.url ?? '').split('/');
  const segment = segments[1] ?? '';
  const type = RESOURCE_TYPES[`${segment}/${segments[2] ?? ''}`] ?? RESOURCE_TYPES[segment] ?? (segment || null);
  const param = (request.params as Record<string, unknown> | undefined)?.id;
  if (typeof param === 'string') return { type, id: param };
  const location = reply.getHeader('location');
  if (typeof location === 'string') return { type, id: location.split('/').pop() ?? null };
  if (typeof payload === 'string') return { type, id: LEADING_ID.exec(payload)?.[1] ?? null };
  return { type, id: null };
}

function isWrite(request: FastifyRequest, actor: AuditActor): boolean {
  const route = request.routeOptions.url ?? '';
  if (actor === 'cli') return request.method !== 'GET' && request.method !== 'HEAD' && !ADMIN_READS.has(route);
  return requiredScope(request.method, route, request.routeOptions.config?.scope) !== 'read';
}

/** The tenant an admin command acted for: named in its query or body, or the owner of the key it named. */
async function adminTenant(db: SqlExecutor, request: FastifyRequest): Promise<string | null> {
  const name = (request.query as Fields)?.tenant ?? (request.body as Fields)?.tenant;
  if (typeof name === 'string') return (await findTenantByName(db, name))?.id ?? null;
  const id = (request.params as Fields)?.id;
  if (typeof id === 'string' && routeKey(request.routeOptions.url ?? '').startsWith('/keys/')) return (await getApiKey(db, id, null))?.tenantId ?? null;
  return null;
}

/** Adds the hook to a scope: every 2xx answer to a write there is recorded. */
export function registerAuditTrail(app: FastifyInstance, options: AuditTrailOptions): void {
  const { actor, writer, db } = options;
  app.decorateRequest('auditRecorded', false);
  app.addHook('onSend', async (request, reply, payload) => {
    const status = reply.statusCode;
    if (status < 200 || status >= 300 || request.auditRecorded || !isWrite(request, actor)) return payload;
    const summarize = SUMMARIES[`${request.method} ${routeKey(request.routeOptions.url ?? '')}`];
    const tenantId = actor === 'cli' && db ? await adminTenant(db, request).catch(() => null) : (request.tenant?.id ?? null);
    writer.record(auditEntryFor(request, status, resourceOf(request, reply, payload), summarize ? summarize(request) : {}, actor, tenantId));
    return payload;
  });
}
