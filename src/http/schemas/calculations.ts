import { type TProperties, Type } from 'typebox';
import type { CalculationResult } from '../../domain/scope3/engine.ts';
import type { CalculationSettings } from '../../domain/scope3/types.ts';
import { printed, printedValues } from '../../domain/printed-number.ts';
import { snakeCaseKeys } from '../snake-case.ts';
import { documentedAs } from './documented.ts';
import { CategoryRecord } from './records.ts';
import { MAX_LOGNORMAL_CV, MAX_PARAMETER } from '../../domain/uncertainty/distributions.ts';

export const MAX_BATCH_RECORDS = 10_000;

export const Settings = Type.Object(
  {
    gwp_set: Type.Optional(Type.Union([Type.Literal('AR5'), Type.Literal('AR6')], { description: 'GWP-100 set for gas breakdowns (default AR5)' })),
    capital_goods: Type.Optional(Type.Union([Type.Literal('full_in_purchase_year'), Type.Literal('straight_line')])),
    deflate_spend: Type.Optional(Type.Boolean({ description: 'Move spend to the factor’s price year with US CPI-U (default true)' })),
  },
  { additionalProperties: false },
);

export function toSettings(
  s: { gwp_set?: 'AR5' | 'AR6'; capital_goods?: CalculationSettings['capitalGoods']; deflate_spend?: boolean } | undefined,
  base: CalculationSettings,
): CalculationSettings {
  return { gwpSet: s?.gwp_set ?? base.gwpSet, capitalGoods: s?.capital_goods ?? base.capitalGoods, deflateSpend: s?.deflate_spend ?? base.deflateSpend };
}

/**
 * A record: `category` (1–15), `date`, optional `supplier_id`, `external_id`, `region`, `pedigree`,
 * and the category's own fields. Records are validated per field by the engine, so one bad
 * record is reported with its index instead of failing the request.
 */
export const CalculationRecord = documentedAs(
  Type.Record(Type.String(), Type.Unknown(), { description: 'One activity record; see docs/calculations.md for each category’s fields' }),
  CategoryRecord,
);

export const SingleBody = Type.Object({ record: CalculationRecord, settings: Type.Optional(Settings) }, { additionalProperties: false });
export const BatchBody = Type.Object(
  { records: Type.Array(CalculationRecord, { minItems: 1, maxItems: MAX_BATCH_RECORDS }), settings: Type.Optional(Settings) },
  { additionalProperties: false },
);

/** Checked by the domain (distributions.ts), which names the parameter at fault; documented per kind. */
const Distribution = documentedAs(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()])), {
  oneOf: [
    distributionKind('normal', { mean: Type.Number(), sd: Type.Number({ minimum: 0 }) }),
    distributionKind('lognormal', { mean: Type.Number({ minimum: 0 }), cv: Type.Number({ minimum: 0, maximum: MAX_LOGNORMAL_CV }) }),
    distributionKind('uniform', { min: Type.Number(), max: Type.Number({ description: '≥ min' }) }),
    distributionKind('triangular', {
      min: Type.Number(),
      mode: Type.Number({ description: 'between min and max' }),
      max: Type.Number({ description: '≥ min' }),
    }),
  ],
  description: `A distribution: its kind and exactly its parameters, each within ±${MAX_PARAMETER}`,
});

/** Documents that `body` needs at least one of `fields` (the domain reports it when none is given). */
function withEither<T extends object>(body: T, fields: readonly string[]): T {
  return documentedAs(body, { ...body, anyOf: fields.map((f) => ({ required: [f] })) });
}

function distributionKind(kind: string, parameters: TProperties) {
  return Type.Object({ kind: Type.Literal(kind), ...parameters }, { additionalProperties: false });
}

export const UncertaintyBody = withEither(
  Type.Object(
    {
      calculation_ids: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1, maxItems: 100_000 })),
      inputs: Type.Optional(
        Type.Array(
          Type.Object(
            {
              name: Type.String({ minLength: 1, maxLength: 200 }),
              distribution: Distribution,
            },
            { additionalProperties: false },
          ),
          { minItems: 1, maxItems: 100_000 },
        ),
      ),
      iterations: Type.Integer({ minimum: 1000, maximum: 1_000_000, default: 10_000 }),
      seed: Type.Integer({ minimum: 0, maximum: 2 ** 31 - 1, default: 1 }),
    },
    { additionalProperties: false },
  ),
  ['calculation_ids', 'inputs'],
);

/**
 * A result as answered: its numbers in their printed form (printed-number.ts), the form its
 * lineage hash covers (inputs as used, factor values, kg CO2e).
 */
export function resultToJson(id: string, r: CalculationResult, calculatedAt?: string) {
  return {
    id,
    category: r.category,
    category_name: r.categoryName,
    tier: r.tier,
    method: r.method,
    method_version: r.methodVersion,
    date: r.date,
    supplier_id: r.supplierId,
    kg_co2e: printed(r.kgCo2e),
    t_co2e: printed(r.tCo2e),
    gases: printedValues(r.gases),
    gwp_set: r.gwpSet,
    factors: r.factors.map((f) => ({
      name: f.name,
      id: f.id,
      value: printed(f.value),
      unit: f.unit,
      dataset_version: f.datasetVersion,
      source: f.source,
      region: f.region,
      year: f.year,
      resolved_by: f.resolvedBy,
      is_proxy: f.isProxy,
      // The breakdown the lineage hash covers, for a factor that has one.
      ...(f.gases ? { gases: printedValues(f.gases) } : {}),
    })),
    inputs_used: printedValues(r.inputsUsed),
    tier_fallback: snakeCaseKeys(r.tierFallback),
    warnings: r.warnings,
    data_quality: snakeCaseKeys(printedValues(r.dataQuality)),
    uncertainty: snakeCaseKeys(printedValues(r.uncertainty)),
    lineage_hash: r.lineageHash,
    ...(calculatedAt ? { calculated_at: calculatedAt } : {}),
  };
}
