/**
 * GET /v1/audit: the tenant's audit log, newest first, in keyset pages (docs/data-lifecycle.md).
 * This instance's waiting entries are stored first, so a client reads its own writes.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { listAuditEntries } from '../../store/audit-log.ts';
import { badRequest } from '../problem.ts';
import { AuditPage, AuditQuery, auditEntryJson } from '../schemas/audit.ts';
import { Problem } from '../schemas/common.ts';
import type { RouteDeps } from './deps.ts';

/** A date is the whole UTC day: from its first instant, or to its last. */
function instant(field: 'from' | 'to', value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const dateOnly = value.length === 10;
  const at = new Date(dateOnly ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(at.getTime()) || (dateOnly && at.toISOString().slice(0, 10) !== value))
    throw badRequest(`querystring.${field}`, `is not a date: "${value}"`);
  return dateOnly && field === 'to' ? new Date(at.getTime() + 86_400_000 - 1) : at;
}

export function auditRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  api.get(
    '/audit',
    {
      schema: {
        tags: ['audit'],
        summary: "The tenant's audit log, newest first: every write and delete, who made it (API key id), when, the request id",
        querystring: AuditQuery,
        response: { 200: AuditPage, 400: Problem },
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      const from = instant('from', filter.from);
      const to = instant('to', filter.to);
      if (from && to && to < from) throw badRequest('querystring.to', `must not be before from (${filter.from})`);
      // Read your writes: what this instance recorded is stored before the read.
      await app.auditLog.flush();
      const page = await listAuditEntries(
        deps.driver,
        request.tenant.id,
        { from, to, resource: filter.resource },
        { limit, cursor, secret: deps.cursorSecret },
      );
      let next: string | null = null;
      if (page.nextCursor) {
        const params = new URLSearchParams(Object.entries({ ...filter, limit: String(limit) }).filter((e): e is [string, string] => e[1] !== undefined));
        params.set('cursor', page.nextCursor);
        next = `/v1/audit?${params}`;
      }
      return {
        data: page.items.map(auditEntryJson),
        page_info: { has_next_page: page.nextCursor !== null, next_cursor: page.nextCursor },
        links: { next },
      };
    },
  );
}
