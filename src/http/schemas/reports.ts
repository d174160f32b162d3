/** The answers of /v1/reports, as OpenAPI documents them (the routes write them with JSON.stringify). */
import { type TSchema, Type } from 'typebox';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

const ReportRow = Type.Object({
  category: Type.Optional(Type.Integer({ description: 'with group_by=category' })),
  category_name: Type.Optional(Type.String()),
  supplier_id: Type.Optional(Nullable(Type.String({ description: 'with group_by=supplier; null for emissions without a supplier' }))),
  month: Type.Optional(Type.String({ description: 'with group_by=month: YYYY-MM' })),
  tier: Type.Optional(Type.Integer()),
  gas: Type.Optional(Type.String()),
  kg_co2e: Type.Number(),
  t_co2e: Type.Number(),
  rows: Type.Integer(),
  average_dqi: Nullable(Type.Number()),
});

export const EmissionsReport = Type.Object({
  group_by: Type.Array(Type.String()),
  from: Nullable(Type.String()),
  to: Nullable(Type.String()),
  source: Type.String({ description: '`rollups` (whole months) or `emissions` (the rows themselves)' }),
  rows: Type.Array(ReportRow),
  totals: Type.Object({ kg_co2e: Type.Number(), t_co2e: Type.Number(), rows: Type.Integer(), average_dqi: Nullable(Type.Number()) }),
});

export const EsrsE16Table = Type.Object({
  year: Type.Integer(),
  unit: Type.Literal('tCO2e'),
  categories: Type.Array(Type.Object({ category: Type.Integer(), name: Type.String(), t_co2e: Type.Number(), share_pct: Type.Number(), rows: Type.Integer() })),
  gross_scope3_t_co2e: Type.Number(),
});
