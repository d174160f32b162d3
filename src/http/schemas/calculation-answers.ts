/**
 * The answers of /v1/calculations and /v1/uncertainty, as OpenAPI documents them (the routes write
 * them with JSON.stringify; test/http/openapi-fuzz.test.ts holds them to these schemas). Fields
 * are listed without forbidding others, so an answer may grow without breaking a client.
 */
import { type TSchema, Type } from 'typebox';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Numbers = Type.Record(Type.String(), Type.Number());

const UsedFactor = Type.Object({
  name: Type.String({ description: 'what the method used it for' }),
  id: Type.String(),
  value: Type.Number(),
  unit: Type.String(),
  dataset_version: Type.String(),
  source: Nullable(Type.String()),
  region: Type.String(),
  year: Type.Integer(),
  resolved_by: Type.String({ description: 'the cascade step that chose it' }),
  is_proxy: Type.Boolean({ description: 'a category average, or a stand-in for a missing key or region (see warnings)' }),
  gases: Type.Optional(
    Type.Record(Type.String(), Type.Number(), { description: 'kg of each gas per unit, for a factor with a breakdown (the lineage hash covers it)' }),
  ),
});

const Method = Type.Object({ tier: Type.Integer({ minimum: 1, maximum: 3 }), method: Type.String() });

/** What a result's reader should know about how it was computed (docs/calculations.md, Warnings). */
const Warning = Type.Object({
  code: Type.String({ description: 'stable: PROXY_FACTOR, FACTOR_KEY_NOT_FOUND, REGION_NOT_COVERED, EXCHANGE_RATE_YEAR_NOT_COVERED…' }),
  message: Type.String({ description: 'names the key, region, field or year concerned' }),
});

/** One stored result, as POST /v1/calculations answers it (docs/calculations.md, "Results and lineage"). */
export const CalculationResult = Type.Object({
  id: Type.String(),
  category: Type.Integer({ minimum: 1, maximum: 15 }),
  category_name: Type.String(),
  tier: Type.Integer({ minimum: 1, maximum: 3 }),
  method: Type.String(),
  method_version: Type.String(),
  date: Type.String({ format: 'date' }),
  supplier_id: Nullable(Type.String()),
  kg_co2e: Type.Number(),
  t_co2e: Type.Number(),
  gases: Nullable(Numbers),
  gwp_set: Type.String(),
  factors: Type.Array(UsedFactor),
  inputs_used: Type.Record(Type.String(), Type.Union([Type.Number(), Type.String(), Type.Boolean()])),
  tier_fallback: Type.Object({ chosen: Method, skipped: Type.Array(Type.Object({ ...Method.properties, reason: Type.String() })) }),
  warnings: Type.Array(Warning),
  data_quality: Type.Object({
    score: Type.Number({ description: '0–100' }),
    label: Type.String(),
    pedigree: Nullable(Type.Record(Type.String(), Type.Integer({ minimum: 1, maximum: 5 }), { description: 'as given; null when the tier default was used' })),
    components: Type.Object({ pedigree: Type.Number(), source: Type.Number(), tier: Type.Number() }),
  }),
  uncertainty: Type.Object({
    distribution: Type.String(),
    cv: Type.Number({ description: 'coefficient of variation of the result' }),
    mu_ln: Nullable(Type.Number({ description: 'null for a zero result' })),
    sigma_ln: Type.Number(),
    ci95: Type.Array(Type.Number(), { minItems: 2, maxItems: 2, description: '95% interval in kg CO2e' }),
    gsd: Type.Number({ description: 'geometric standard deviation' }),
  }),
  lineage_hash: Type.String({ description: 'SHA-256 (hex) over inputs as used, factors and result (docs/calculations.md)' }),
});

/** A stored result read back: the result, when it was calculated, and what it was calculated from. */
export const StoredCalculation = Type.Object({
  ...CalculationResult.properties,
  calculated_at: Type.String({ format: 'date-time' }),
  input: Type.Record(Type.String(), Type.Unknown(), { description: 'the record as it was sent' }),
  settings: Type.Object({ gwp_set: Type.String(), capital_goods: Type.String(), deflate_spend: Type.Boolean() }),
  superseded: Type.Optional(
    Type.Object(
      { by: Type.String(), at: Type.String({ format: 'date-time' }), recalculation_id: Nullable(Type.String()) },
      { description: 'on a result a recalculation replaced (docs/recalculation.md)' },
    ),
  ),
  supersedes: Type.Optional(
    Type.Object({ id: Type.String(), recalculation_id: Nullable(Type.String()) }, { description: 'on a result a recalculation wrote: the one it replaced' }),
  ),
});

const FieldErrors = Type.Array(Type.Object({ field: Type.String(), message: Type.String() }));

export const CalculationBatchAnswer = Type.Object({
  totals: Type.Object({
    records: Type.Integer(),
    succeeded: Type.Integer(),
    failed: Type.Integer(),
    kg_co2e: Type.Number(),
    t_co2e: Type.Number(),
    by_category_kg: Numbers,
    by_tier_kg: Numbers,
    average_dqi: Nullable(Type.Number()),
  }),
  results: Type.Array(
    Type.Union([
      Type.Object({
        index: Type.Integer(),
        status: Type.Literal('ok'),
        id: Type.String(),
        kg_co2e: Type.Number(),
        tier: Type.Integer(),
        method: Type.String(),
        dqi: Type.Number(),
        lineage_hash: Type.String(),
        warnings: Type.Optional(Type.Array(Warning)),
      }),
      Type.Object({ index: Type.Integer(), status: Type.Literal('error'), errors: FieldErrors }),
    ]),
    { description: 'one per record, in order: stored, or why not (fields as `records[i].field`)' },
  ),
});

export const Verification = Type.Object({
  id: Type.String(),
  status: Type.String({ description: '`match`, or what differs (docs/calculations.md)' }),
  stored: Type.Object({ kg_co2e: Type.Number(), lineage_hash: Type.String() }),
  recomputed: Nullable(Type.Object({ kg_co2e: Type.Number(), lineage_hash: Type.String() })),
  differences: Type.Array(Type.Unknown()),
});

export const UncertaintyAnswer = Type.Object({
  iterations: Type.Integer(),
  seed: Type.Integer(),
  mean: Type.Number(),
  std: Type.Number(),
  p5: Type.Number(),
  p50: Type.Number(),
  p95: Type.Number(),
  min: Type.Number(),
  max: Type.Number(),
  sensitivity: Type.Array(Type.Object({ name: Type.String(), contribution_to_variance: Type.Number(), rank_correlation: Type.Number() })),
  inputs: Type.Integer({ description: 'how many distributions were summed' }),
});
