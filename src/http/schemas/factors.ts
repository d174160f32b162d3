import { Type } from 'typebox';
import type { CacheHit } from '../../cache/index.ts';
import type { FactorResolution, FallbackStep } from '../../domain/factors/resolve.ts';
import type { FactorRecord } from '../../domain/factors/types.ts';
import type { BrokerAnswer } from '../../store/factor-broker.ts';
import { Activity, Category, Gases, PageInfo, Region, Year } from './common.ts';
import { documentedAs } from './documented.ts';

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

/** One query inline, or up to 10,000 in `queries` (validated as one object; documented as either). */
export const ResolveBody = documentedAs(
  Type.Object(
    {
      ...queryFields,
      activity: Type.Optional(Activity),
      queries: Type.Optional(Type.Array(FactorQuery, { minItems: 1, maxItems: MAX_RESOLVE_QUERIES })),
    },
    { additionalProperties: false },
  ),
  {
    oneOf: [FactorQuery, Type.Object({ queries: Type.Array(FactorQuery, { minItems: 1, maxItems: MAX_RESOLVE_QUERIES }) }, { additionalProperties: false })],
    description: 'One factor query inline, or up to 10,000 in `queries`, not both',
  },
);

const FallbackChain = Type.Array(Type.String(), {
  description: 'Every cascade step tried, in order, as "step: outcome (detail)", e.g. "region_year_exact: no_match (DE 2024)"',
});

function chainToJson(chain: readonly FallbackStep[]): string[] {
  return chain.map((s) => (s.detail ? `${s.step}: ${s.outcome} (${s.detail})` : `${s.step}: ${s.outcome}`));
}

const Provenance = Type.Object({
  resolved_by: Type.Union([Type.String(), Type.Null()]),
  fallback_chain: FallbackChain,
  is_proxy: Type.Boolean(),
  cache_hit: Type.Boolean({ description: 'the candidate factors came from the cache (cache_level says which level), not the database' }),
  cache_level: Type.Union([Type.Literal('l1'), Type.Literal('l2'), Type.Literal('stale'), Type.Null()]),
  source: Type.Union([Type.String(), Type.Null()]),
  dataset_version: Type.Union([Type.String(), Type.Null()]),
  year: Type.Union([Type.Integer(), Type.Null()]),
  region: Type.Union([Type.String(), Type.Null()]),
});

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
  provenance: Provenance,
  error: Type.Optional(Type.String()),
});

/**
 * A batch names each factor once in `factors` (with its source, dataset version, year and
 * region); result i answers query i, points at its factor and says how it was chosen.
 */
export const BatchAnswer = Type.Object({
  status: Type.Union([Type.Literal('resolved'), Type.Literal('unresolved')]),
  factor_id: Type.Union([Type.String(), Type.Null()]),
  provenance: Type.Object({
    resolved_by: Type.Union([Type.String(), Type.Null()]),
    fallback_chain: FallbackChain,
    is_proxy: Type.Boolean(),
    cache_hit: Type.Boolean(),
    cache_level: Type.Union([Type.Literal('l1'), Type.Literal('l2'), Type.Literal('stale'), Type.Null()]),
  }),
  error: Type.Optional(Type.String()),
});

export const ResolveBatchResponse = Type.Object({
  results: Type.Array(BatchAnswer),
  factors: Type.Record(Type.String(), Type.Intersect([Factor, Type.Object({ source_name: Type.Union([Type.String(), Type.Null()]) })])),
  summary: Type.Object({ total: Type.Integer(), resolved: Type.Integer(), unresolved: Type.Integer(), proxies: Type.Integer() }),
});

function cacheFields(hit: CacheHit) {
  return { cache_hit: hit !== 'miss', cache_level: hit === 'miss' ? null : hit };
}

function provenanceToJson(r: FactorResolution, sourceName: string | null, hit: CacheHit) {
  if (r.status === 'unresolved') {
    return {
      resolved_by: null,
      fallback_chain: chainToJson(r.fallbackChain),
      is_proxy: false,
      ...cacheFields(hit),
      source: null,
      dataset_version: null,
      year: null,
      region: null,
    };
  }
  return {
    resolved_by: r.resolvedBy,
    fallback_chain: chainToJson(r.fallbackChain),
    is_proxy: r.isProxy,
    ...cacheFields(hit),
    source: sourceName,
    dataset_version: r.factor.datasetVersion,
    year: r.factor.year,
    region: r.factor.region,
  };
}

export function answerToJson(a: BrokerAnswer) {
  const q = a.query;
  const r = a.resolution;
  return {
    status: r.status,
    query: {
      activity: q.activity,
      region: q.region,
      year: q.year,
      supplier_id: q.supplierId,
      category: q.category,
      unit: q.unit,
      dataset_version: q.datasetVersion,
    },
    factor: r.status === 'resolved' ? factorToJson(r.factor) : null,
    provenance: provenanceToJson(r, a.sourceName, a.cacheHit),
    ...(r.status === 'unresolved' ? { error: r.reason } : {}),
  };
}

/** Identical queries share one resolution object, so each is converted once. */
export function batchToJson(answers: readonly BrokerAnswer[]) {
  const factors: Record<string, ReturnType<typeof factorToJson> & { source_name: string | null }> = {};
  const converted = new Map<FactorResolution, ReturnType<typeof batchAnswer>>();
  const summary = { total: answers.length, resolved: 0, unresolved: 0, proxies: 0 };
  const results = answers.map((a) => {
    const r = a.resolution;
    if (r.status === 'resolved') {
      summary.resolved++;
      if (r.isProxy) summary.proxies++;
      if (!(r.factor.id in factors)) factors[r.factor.id] = { ...factorToJson(r.factor), source_name: a.sourceName };
    } else {
      summary.unresolved++;
    }
    let out = converted.get(r);
    if (!out) {
      out = batchAnswer(a);
      converted.set(r, out);
    }
    return out;
  });
  return { results, factors, summary };
}

function batchAnswer(a: BrokerAnswer) {
  const r = a.resolution;
  return {
    status: r.status,
    factor_id: r.status === 'resolved' ? r.factor.id : null,
    provenance: {
      resolved_by: r.status === 'resolved' ? r.resolvedBy : null,
      fallback_chain: chainToJson(r.fallbackChain),
      is_proxy: r.status === 'resolved' && r.isProxy,
      ...cacheFields(a.cacheHit),
    },
    ...(r.status === 'unresolved' ? { error: r.reason } : {}),
  };
}
