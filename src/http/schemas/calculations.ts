import { Type } from 'typebox';
import type { CalculationResult } from '../../domain/scope3/engine.ts';
import type { CalculationSettings } from '../../domain/scope3/types.ts';
import { printed, printedValues } from '../../domain/printed-number.ts';
import { snakeCaseKeys } from '../snake-case.ts';

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
export const CalculationRecord = Type.Record(Type.String(), Type.Unknown(), {
  description: 'One activity record; see docs/calculations.md for each category’s fields',
});

export const SingleBody = Type.Object({ record: CalculationRecord, settings: Type.Optional(Settings) }, { additionalProperties: false });
export const BatchBody = Type.Object(
  { records: Type.Array(CalculationRecord, { minItems: 1, maxItems: MAX_BATCH_RECORDS }), settings: Type.Optional(Settings) },
  { additionalProperties: false },
);

export const UncertaintyBody = Type.Object(
  {
    calculation_ids: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1, maxItems: 100_000 })),
    inputs: Type.Optional(
      Type.Array(
        Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 200 }),
            distribution: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()])),
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
