import { Type } from 'typebox';
import type { AuditRecord } from '../../store/audit-log.ts';
import { PageInfo } from './common.ts';

const Nullable = Type.Union([Type.String(), Type.Null()]);
const Instant = Type.String({
  maxLength: 40,
  pattern: '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2}))?$',
  description: 'a date (YYYY-MM-DD, UTC: the whole day) or an ISO 8601 date-time with its offset',
});

export const AuditQuery = Type.Object(
  {
    from: Type.Optional(Instant),
    to: Type.Optional(Instant),
    resource: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 100,
        pattern: '^[A-Za-z0-9_.:-]+$',
        description: 'a resource type (batch, calculation, factor, supplier, key, recalculation) or one resource id (bat_…, calc_…)',
      }),
    ),
    limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
    cursor: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);

export const AuditEntryRecord = Type.Object({
  seq: Type.String({ description: "the entry's place in the log" }),
  at: Type.String({ format: 'date-time' }),
  actor: Type.Union([Type.Literal('api_key'), Type.Literal('cli')], { description: 'api_key: a request under /v1; cli: the greenline command' }),
  key_id: Type.Union([Type.String(), Type.Null()], { description: 'the API key that made the request (null for the greenline command)' }),
  method: Type.String(),
  route: Type.String({ description: 'the route, e.g. /v1/batches/:id' }),
  status: Type.Integer(),
  resource_type: Nullable,
  resource_id: Nullable,
  summary: Type.Record(Type.String(), Type.Unknown(), { description: 'what was written or deleted, in a few fields' }),
  request_id: Type.String(),
});

export const AuditPage = Type.Object({
  data: Type.Array(AuditEntryRecord),
  page_info: PageInfo,
  links: Type.Object({ next: Nullable }),
});

export function auditEntryJson(e: AuditRecord) {
  return {
    seq: e.seq,
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
  };
}
