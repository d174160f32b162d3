/** Reports: emissions grouped by category, supplier, month, tier or gas; the ESRS E1-6 Scope 3 table. JSON or CSV. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { printed } from '../../domain/printed-number.ts';
import { CATEGORY_MODULES } from '../../domain/scope3/categories/index.ts';
import { type EsrsE16, emissionsReport, esrsE16, REPORT_DIMENSIONS, type ReportDimension } from '../../store/reports.ts';
import { csvField } from '../csv.ts';
import { badRequest } from '../problem.ts';
import { Problem } from '../schemas/common.ts';
import { jsonOrCsv } from '../schemas/media.ts';
import { EmissionsReport, EsrsE16Table } from '../schemas/reports.ts';
import type { RouteDeps } from './deps.ts';

const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', format: 'date', description: 'YYYY-MM-DD, inclusive' });
const Format = Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')], { description: 'default: from Accept (text/csv) else JSON' }));

const ReportQuery = Type.Object(
  {
    group_by: Type.Optional(
      Type.String({ maxLength: 100, description: `comma-separated: ${REPORT_DIMENSIONS.join(', ')}`, examples: ['category', 'supplier,month', 'tier,gas'] }),
    ),
    from: Type.Optional(IsoDate),
    to: Type.Optional(IsoDate),
    format: Format,
  },
  { additionalProperties: false },
);

const EsrsQuery = Type.Object({ year: Type.Integer({ minimum: 1990, maximum: 2100 }), format: Format }, { additionalProperties: false });

function validDate(field: string, value: string | undefined): void {
  if (value === undefined) return;
  const d = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value) throw badRequest(field, `is not a calendar date: "${value}"`);
}

function wantsCsv(request: FastifyRequest, format: string | undefined): boolean {
  return format === 'csv' || (format === undefined && /text\/csv/.test(String(request.headers.accept ?? '')));
}

function sendCsv(reply: FastifyReply, name: string, columns: string[], rows: Array<Record<string, unknown>>): FastifyReply {
  const text = [columns.join(','), ...rows.map((r) => columns.map((c) => csvField(r[c])).join(','))].join('\n');
  return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`).send(`${text}\n`);
}

const categoryName = (c: number) => CATEGORY_MODULES.get(c)?.name ?? `Category ${c}`;

/** The table's tonnes in their printed form (printed-number.ts); shares are computed from the full values. */
const printedEsrs = (t: EsrsE16): EsrsE16 => ({
  ...t,
  categories: t.categories.map((c) => ({ ...c, t_co2e: printed(c.t_co2e) })),
  gross_scope3_t_co2e: printed(t.gross_scope3_t_co2e),
});

export function reportRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { driver } = deps;
  const api = app.withTypeProvider<TypeBoxTypeProvider>();

  api.get(
    '/reports/emissions',
    {
      schema: {
        tags: ['reports'],
        summary: 'Emissions grouped by category, supplier, month, tier and/or gas: totals, row counts, average DQI (JSON or CSV)',
        querystring: ReportQuery,
        response: { 200: jsonOrCsv(EmissionsReport, 'The report, as JSON or CSV (one row per group)'), 400: Problem, 401: Problem },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const groupBy = (q.group_by ?? '')
        .split(',')
        .map((d) => d.trim())
        .filter((d) => d !== '');
      const unknown = groupBy.filter((d) => !(REPORT_DIMENSIONS as readonly string[]).includes(d));
      if (unknown.length > 0)
        throw badRequest('querystring.group_by', `unknown dimension ${unknown.map((d) => `"${d}"`).join(', ')}; use ${REPORT_DIMENSIONS.join(', ')}`);
      validDate('querystring.from', q.from);
      validDate('querystring.to', q.to);
      if (q.from && q.to && q.from > q.to) throw badRequest('querystring.to', `is before from (${q.from})`);
      const report = await emissionsReport(driver, request.tenant.id, { groupBy: groupBy as ReportDimension[], from: q.from, to: q.to });
      const rows = report.rows.map((r) => ({
        ...r,
        ...(r.category !== undefined ? { category_name: categoryName(r.category) } : {}),
        kg_co2e: printed(r.kg_co2e),
        t_co2e: printed(r.kg_co2e / 1000),
      }));
      if (wantsCsv(request, q.format)) {
        const keys = report.groupBy.flatMap((d) => (d === 'category' ? ['category', 'category_name'] : [d === 'supplier' ? 'supplier_id' : d]));
        return sendCsv(reply, 'emissions-report', [...keys, 'kg_co2e', 't_co2e', 'rows', 'average_dqi'], rows);
      }
      return reply.serializer(JSON.stringify).send({
        group_by: report.groupBy,
        from: report.from,
        to: report.to,
        source: report.source,
        rows,
        totals: { ...report.totals, kg_co2e: printed(report.totals.kg_co2e), t_co2e: printed(report.totals.kg_co2e / 1000) },
      });
    },
  );

  api.get(
    '/reports/esrs-e1-6',
    {
      schema: {
        tags: ['reports'],
        summary: 'ESRS E1-6 style table: gross Scope 3 emissions by GHG Protocol category for a year, in tCO2e (JSON or CSV)',
        querystring: EsrsQuery,
        response: { 200: jsonOrCsv(EsrsE16Table, 'The table, as JSON or CSV (the categories, then the gross total)'), 400: Problem, 401: Problem },
      },
    },
    async (request, reply) => {
      const t = printedEsrs(await esrsE16(driver, request.tenant.id, request.query.year, categoryName));
      if (wantsCsv(request, request.query.format)) {
        return sendCsv(
          reply,
          `esrs-e1-6-${t.year}`,
          ['category', 'name', 't_co2e', 'share_pct', 'rows'],
          [
            ...t.categories,
            {
              category: '',
              name: 'Gross Scope 3 GHG emissions',
              t_co2e: t.gross_scope3_t_co2e,
              share_pct: t.gross_scope3_t_co2e > 0 ? 100 : 0,
              rows: t.categories.reduce((s, c) => s + c.rows, 0),
            },
          ],
        );
      }
      return reply.serializer(JSON.stringify).send({ ...t });
    },
  );
}
