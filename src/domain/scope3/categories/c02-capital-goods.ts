/**
 * Category 2 — Capital goods (GHG Protocol Scope 3 Technical Guidance, ch. 2; PRODUCT.md "Formulas").
 *   Tier 1 supplier-specific: quantity × supplier PCF (inline `supplier_pcf`, or the supplier's
 *          factor for `asset` held in Greenline, accepted only if supplier-specific)
 *   Tier 2 average-data:      quantity × average factor of the asset type (activity = `asset`)
 *   Tier 3 spend-based:       capex × EEIO factor (`eeio.naics.<naics>`, else `spend.<sector>`)
 * Allocation over time, `settings.capitalGoods`:
 *   full_in_purchase_year (default; GHG Protocol: cradle-to-gate emissions of a capital good are
 *     reported in full in the year of acquisition, not depreciated)
 *   straight_line: the record's year gets (amount × ef) / useful_life_years (the seed systems'
 *     formula). Applied to every tier, so a tier fallback does not change the convention;
 *     `useful_life_years` is then required.
 * Activity keys: `<asset>` as given (built in: `material.<name>` per tonne, e.g. `material.concrete`;
 * others such as `capital.forklift` are tenant or imported factors), `eeio.naics.*`, `spend.*`.
 */
import { applyFactor, toFactorUnit } from '../apply-factor.ts';
import { FieldReader } from '../fields.ts';
import type { CalculationWarning, CategoryModule, Computation, UsedFactor } from '../types.ts';
import { CalculationError } from '../types.ts';
import {
  BASE_FIELDS,
  type BaseInput,
  computation,
  inlineFactor,
  isSpendPlan,
  type Measure,
  need,
  PlanBuilder,
  perUnit,
  readBase,
  readMeasure,
  readSpendInput,
  readSupplierPcf,
  SPEND_FIELDS,
  type SpendInput,
  spendFallback,
  spendProduct,
  supplierNeed,
} from './shared.ts';

export interface CapitalGoodsInput extends BaseInput {
  asset: string | undefined;
  quantity: Measure | undefined;
  supplierPcf: Measure | undefined;
  usefulLifeYears: number | undefined;
  capex: SpendInput;
}

const FIELDS = [...BASE_FIELDS, 'asset', 'quantity', 'unit', 'supplier_pcf', 'useful_life_years', 'capex', ...SPEND_FIELDS.filter((f) => f !== 'spend')];

export const capitalGoods: CategoryModule<CapitalGoodsInput> = {
  category: 2,
  name: 'Capital goods',
  methodVersion: '1',

  parse(raw) {
    const r = new FieldReader(raw);
    r.rejectUnknown(FIELDS);
    const input: CapitalGoodsInput = {
      ...readBase(r),
      asset: r.string('asset', { maxLength: 200 }),
      quantity: readMeasure(r, raw, 'quantity', 'unit'),
      supplierPcf: readSupplierPcf(r, raw),
      usefulLifeYears: r.number('useful_life_years', { exclusiveMin: true, max: 100 }),
      capex: readSpendInput(r, 'capex'),
    };
    r.done();
    return input;
  },

  plan(input, ctx) {
    if (ctx.settings.capitalGoods === 'straight_line' && input.usefulLifeYears === undefined) {
      throw new CalculationError([{ field: 'useful_life_years', message: 'is required when capital goods are spread straight-line (settings.capitalGoods)' }]);
    }
    const pb = new PlanBuilder(input);
    const hasQty = input.quantity !== undefined;
    if (input.supplierPcf && hasQty) pb.add(1, 'supplier_pcf', []);
    else {
      pb.when(
        Boolean(input.supplierId && input.asset && hasQty),
        1,
        'supplier_specific',
        () => [supplierNeed('supplier_factor', input.asset!, input)],
        'needs quantity and unit with supplier_pcf, or supplier_id and asset',
      );
    }
    pb.when(Boolean(input.asset && hasQty), 2, 'average_data', () => [need('asset_factor', input.asset!, input)], 'needs asset, quantity and unit');
    return spendFallback(pb, input.capex, input).done();
  },

  compute(input, plan, factors, ctx): Computation {
    const straightLine = ctx.settings.capitalGoods === 'straight_line';
    const years = straightLine ? input.usefulLifeYears! : 1;
    const allocation: Computation['inputsUsed'] = { allocation: ctx.settings.capitalGoods };
    if (straightLine) allocation.useful_life_years = years;
    const warnings: CalculationWarning[] = straightLine
      ? [
          {
            code: 'STRAIGHT_LINE_ALLOCATION',
            message: `straight-line allocation: 1/${years} of the asset's emissions is reported in this record's year; the GHG Protocol reports the full amount in the purchase year`,
          },
        ]
      : [];
    if (isSpendPlan(plan)) {
      // Tier 3: capex × EEIO factor (÷ useful life when straight-line).
      const { product, inputsUsed } = spendProduct(input.capex, input, factors, ctx, 1 / years);
      return computation(product, { ...inputsUsed, ...allocation }, warnings);
    }
    let f: UsedFactor;
    if (plan.method === 'supplier_pcf') f = inlineFactor('supplier_pcf', input.supplierPcf!.value, input.supplierPcf!.unit, input, 'supplier-provided PCF');
    else if (plan.method === 'supplier_specific' || plan.method === 'average_data')
      f = factors.get(plan.method === 'supplier_specific' ? 'supplier_factor' : 'asset_factor')!;
    else throw new CalculationError([{ field: '', message: `unknown method ${plan.method}` }]);
    const qty = toFactorUnit(input.quantity!.value, input.quantity!.unit, f, 'unit');
    // Tier 1/2: quantity × factor (supplier PCF or asset-type average), ÷ useful life when straight-line.
    const product = applyFactor(qty / years, f, ctx);
    const inputsUsed: Computation['inputsUsed'] = { quantity: qty, unit: perUnit(f), ...allocation };
    if (plan.method === 'supplier_pcf') inputsUsed.supplier_pcf = f.value;
    return computation(product, inputsUsed, warnings);
  },
};
