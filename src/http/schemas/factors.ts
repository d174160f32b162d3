import { Type } from 'typebox';
import type { FactorRecord } from '../../domain/factors/types.ts';
import type { BrokerAnswer } from '../../store/factor-broker.ts';
import { Activity, Category, Gases, PageInfo, Region, Year } from './common.ts';

export const Factor = Type.Object(
  {
    id: Type.String(),
    activity: Type.String(),
    name: Type.String(),
    category: Type.Union([Type.Integer(), Type.Null()]),
    naics_code: Type.Union([Type.String(), Type.Null()]),
    region: Type.String(),
    year: Type.Integer(),
    value: Type.Number({ description: 'kg CO2e per unit of activity' }),
    unit: Type.String(),
    gases: Type.Union([Gases, Type.Null()]),
    gwp_set: Type.Union([Type.String(), Type.Null()]),
    uncertainty: Type.Union([Type.Number(), Type.Null()], { description: 'Coefficient of variation (1σ / mean)' }),
    source_id: Type.String(),
    supplier_id: Type.Union([Type.String(), Type.Null()]),
    tenant_specific: Type.Boolean(),
    dataset_version: Type.String(),
    licence: Type.String(),
    citation: Type.String(),
    meta: Type.Record(Type.String(), Type.Unknown()),
  },
  {},
);

export function factorToJson(f: FactorRecord) {
  return {
    id: f.id,
    activity: f.activity,
    name: f.name,
    category: f.category,
    naics_code: f.naicsCode,
    region: f.region,
    year: f.year,
    value: f.value,
    unit: f.unit,
    gases: f.gases,
    gwp_set: f.gwpSet,
    uncertainty: f.uncertainty,
    source_id: f.sourceId,
    supplier_id: f.supplierId,
    tenant_specific: f.tenantId !== null,
    dataset_version: f.datasetVersion,
    licence: f.licence,
    citation: f.citation,
    meta: f.meta,
  };
}

export const FactorList = Type.Object({
  data: Type.Array(Factor),
  page_info: PageInfo,
  links: Type.Object({ next: Type.Union([Type.String(), Type.Null()]) }),
});

export const FactorListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Text in name or activity' })),
    activity: Type.Optional(Activity),
    category: Type.Optional(Category),
    region: Type.Optional(Region),
    year: Type.Optional(Year),
    limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
    cursor: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);

export const NewFactor = Type.Object(
  {
    activity: Activity,
    name: Type.String({ minLength: 1, maxLength: 300 }),
    value: Type.Number({ minimum: 0 }),
    unit: Type.String({ minLength: 1, maxLength: 50, pattern: '^kgCO2e/' }),
    year: Year,
    region: Type.Optional(Region),
    category: Type.Optional(Category),
    supplier_id: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Makes it a supplier-specific (tier 1) factor' })),
    gases: Type.Optional(Gases),
    uncertainty: Type.Optional(Type.Number({ minimum: 0, maximum: 10 })),
    citation: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);

const queryFields = {
  activity: Activity,
  region: Type.Optional(Region),
  year: Type.Optional(Year),
  supplier_id: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  category: Type.Optional(Category),
  unit: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
  dataset_version: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
};

export const FactorQuery = Type.Object(queryFields, { additionalProperties: false });

export const MAX_RESOLVE_QUERIES = 10_000;

/** One query inline, or up to 10,000 in `queries`. */
export const ResolveBody = Type.Object(
  {
    ...queryFields,
    activity: Type.Optional(Activity),
    queries: Type.Optional(Type.Array(FactorQuery, { minItems: 1, maxItems: MAX_RESOLVE_QUERIES })),
  },
  { additionalProperties: false },
);

const FallbackStep = Type.Object({ step: Type.String(), outcome: Type.String(), detail: Type.Optional(Type.String()) });

export const Answer = Type.Object({
  status: Type.Union([Type.Literal('resolved'), Type.Literal('unresolved')]),
  query: Type.Object({
    activity: Type.String(),
    region: Type.Optional(Type.String()),
    year: Type.Optional(Type.Integer()),
    supplier_id: Type.Optional(Type.String()),
    category: Type.Optional(Type.Integer()),
    unit: Type.Optional(Type.String()),
    dataset_version: Type.Optional(Type.String()),
  }),
  factor: Type.Union([Factor, Type.Null()]),
  provenance: Type.Object({
    resolved_by: Type.Union([Type.String(), Type.Null()]),
    fallback_chain: Type.Array(FallbackStep),
    is_proxy: Type.Boolean(),
    cache_hit: Type.Boolean(),
    source: Type.Union([Type.String(), Type.Null()]),
    dataset_version: Type.Union([Type.String(), Type.Null()]),
    year: Type.Union([Type.Integer(), Type.Null()]),
    region: Type.Union([Type.String(), Type.Null()]),
  }),
  error: Type.Optional(Type.String()),
});

export const ResolveBatchResponse = Type.Object({
  results: Type.Array(Answer),
  summary: Type.Object({ total: Type.Integer(), resolved: Type.Integer(), unresolved: Type.Integer(), proxies: Type.Integer() }),
});

export function answerToJson(a: BrokerAnswer) {
  const q = a.query;
  const query = {
    activity: q.activity,
    region: q.region,
    year: q.year,
    supplier_id: q.supplierId,
    category: q.category,
    unit: q.unit,
    dataset_version: q.datasetVersion,
  };
  const r = a.resolution;
  if (r.status === 'unresolved') {
    return {
      status: r.status,
      query,
      factor: null,
      provenance: { resolved_by: null, fallback_chain: r.fallbackChain, is_proxy: false, cache_hit: false, source: null, dataset_version: null, year: null, region: null },
      error: r.reason,
    };
  }
  return {
    status: r.status,
    query,
    factor: factorToJson(r.factor),
    provenance: {
      resolved_by: r.resolvedBy,
      fallback_chain: r.fallbackChain,
      is_proxy: r.isProxy,
      cache_hit: false,
      source: a.sourceName,
      dataset_version: r.factor.datasetVersion,
      year: r.factor.year,
      region: r.factor.region,
    },
  };
}
