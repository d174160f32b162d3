/**
 * Category 1 — Purchased goods and services (GHG Protocol Scope 3 Technical Guidance, ch. 1).
 *   Tier 1 supplier-specific: quantity × supplier PCF (inline `supplier_pcf`, or the supplier's
 *          factor for the product held in Greenline, accepted only if supplier-specific)
 *   Tier 1 hybrid:            supplier's scope 1+2 × allocation share + Σ material inputs × ef
 *          + Σ inbound transport tkm × ef + Σ supplier waste × ef [+ goods × ef excluding the
 *          supplier's own, formula 1.3] (c01-hybrid.ts; scope 1+2 also from the supplier's
 *          energy, `supplier_energy`), after the PCF
 *          methods, as the guidance ranks it (supplier-specific → hybrid → average-data → spend)
 *   Tier 2 average-data:      quantity × product emission factor (activity = `product`; built in:
 *          `material.<name>`, BEIS 2020 primary material production per tonne, e.g. `material.steel_cans`)
 *   Tier 3 spend-based:       spend × EEIO factor (`eeio.naics.<naics>`, else `spend.<sector>`)
 */
import { applyFactor, toFactorUnit } from '../apply-factor.ts';
import { FieldReader } from '../fields.ts';
import type { CategoryModule, Computation, UsedFactor } from '../types.ts';
import { CalculationError } from '../types.ts';
import { computeHybrid, HYBRID_FIELDS, type HybridInput, hybridNeeds, readHybrid } from './c01-hybrid.ts';
import {
  BASE_FIELDS,
  type BaseInput,
  computation,
  computeSpend,
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
  supplierNeed,
} from './shared.ts';

export interface PurchasedGoodsInput extends BaseInput {
  product: string | undefined;
  quantity: Measure | undefined;
  supplierPcf: Measure | undefined;
  hybrid: HybridInput | undefined;
  spend: SpendInput;
}

const FIELDS = [...BASE_FIELDS, 'product', 'quantity', 'unit', 'supplier_pcf', ...HYBRID_FIELDS, ...SPEND_FIELDS];

export const purchasedGoods: CategoryModule<PurchasedGoodsInput> = {
  category: 1,
  name: 'Purchased goods and services',
  methodVersion: '1',

  parse(raw) {
    const r = new FieldReader(raw);
    r.rejectUnknown(FIELDS);
    const input: PurchasedGoodsInput = {
      ...readBase(r),
      product: r.string('product', { maxLength: 200 }),
      quantity: readMeasure(r, raw, 'quantity', 'unit'),
      supplierPcf: readSupplierPcf(r, raw),
      hybrid: readHybrid(r, raw),
      spend: readSpendInput(r),
    };
    r.done();
    return input;
  },

  plan(input) {
    const pb = new PlanBuilder(input);
    const hasQty = input.quantity !== undefined;
    if (input.supplierPcf && hasQty) pb.add(1, 'supplier_pcf', []);
    else {
      pb.when(
        Boolean(input.supplierId && input.product && hasQty),
        1,
        'supplier_specific',
        () => [supplierNeed('supplier_factor', input.product!, input)],
        'needs quantity and unit with supplier_pcf, or supplier_id and product',
      );
    }
    // Declined only where no tier-1 method was possible, so a PCF result lists no hybrid skip.
    if (input.hybrid) pb.add(1, 'hybrid', hybridNeeds(input.hybrid, input));
    else if (!pb.plans.some((p) => p.tier === 1))
      pb.decline(1, 'hybrid', "needs supplier_scope1_2_kgco2e (the supplier's scope 1 and 2, with allocation or already allocated) or supplier_energy");
    pb.when(Boolean(input.product && hasQty), 2, 'average_data', () => [need('product_factor', input.product!, input)], 'needs product, quantity and unit');
    return spendFallback(pb, input.spend, input).done();
  },

  compute(input, plan, factors, ctx): Computation {
    // Tier 3: spend × EEIO factor, spend first converted to the factor's currency and price year.
    if (isSpendPlan(plan)) return computeSpend(input.spend, input, factors, ctx);
    if (plan.method === 'hybrid') {
      const { product, inputsUsed } = computeHybrid(input.hybrid!, factors, ctx);
      return computation(product, inputsUsed);
    }
    let f: UsedFactor;
    if (plan.method === 'supplier_pcf') f = inlineFactor('supplier_pcf', input.supplierPcf!.value, input.supplierPcf!.unit, input, 'supplier-provided PCF');
    else if (plan.method === 'supplier_specific' || plan.method === 'average_data')
      f = factors.get(plan.method === 'supplier_specific' ? 'supplier_factor' : 'product_factor')!;
    else throw new CalculationError([{ field: '', message: `unknown method ${plan.method}` }]);
    // Tier 1/2: quantity × factor (supplier PCF, the supplier's factor, or the product average).
    const qty = toFactorUnit(input.quantity!.value, input.quantity!.unit, f, 'unit');
    const inputsUsed: Computation['inputsUsed'] = { quantity: qty, unit: perUnit(f) };
    if (plan.method === 'supplier_pcf') inputsUsed.supplier_pcf = f.value;
    return computation(applyFactor(qty, f, ctx), inputsUsed);
  },
};
