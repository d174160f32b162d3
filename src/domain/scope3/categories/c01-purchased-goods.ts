/**
 * Category 1 — Purchased goods and services (GHG Protocol Scope 3 Technical Guidance, ch. 1).
 *   Tier 1 supplier-specific: quantity × supplier PCF (inline `supplier_pcf`, or the supplier's
 *          factor for the product held in Greenline)
 *   Tier 2 average-data:      quantity × product emission factor
 *   Tier 3 spend-based:       spend × EEIO factor (NAICS-6 when given, else a sector average)
 */
import { canonicalUnit } from '../../units.ts';
import { applyFactor, toFactorUnit } from '../apply-factor.ts';
import { FieldReader, yearOf } from '../fields.ts';
import type { CalcContext, CategoryModule, Computation, MethodPlan, Planned, SkippedMethod, UsedFactor } from '../types.ts';
import { CalculationError } from '../types.ts';

export const SPEND_SECTORS = ['manufacturing', 'services', 'agriculture', 'construction', 'average'] as const;

export interface PurchasedGoodsInput {
  date: string;
  supplierId: string | undefined;
  region: string | undefined;
  product: string | undefined;
  quantity: number | undefined;
  unit: string | undefined;
  supplierPcf: { value: number; unit: string } | undefined;
  spend: number | undefined;
  currency: string;
  naics: string | undefined;
  sector: (typeof SPEND_SECTORS)[number];
}

const FIELDS = ['date', 'supplier_id', 'region', 'product', 'quantity', 'unit', 'supplier_pcf', 'spend', 'currency', 'naics', 'sector'];

/** Reads `quantity` + `unit` as a pair: both or neither, and a unit Greenline knows. */
export function readQuantity(r: FieldReader, raw: Record<string, unknown>, qField = 'quantity', uField = 'unit'): { quantity: number | undefined; unit: string | undefined } {
  const quantity = r.number(qField, { exclusiveMin: true });
  const unit = r.string(uField, { maxLength: 40 });
  if (quantity !== undefined && unit === undefined && raw[uField] === undefined) r.issues.push({ field: uField, message: `is required with ${qField}` });
  if (unit !== undefined && !canonicalUnit(unit)) r.issues.push({ field: uField, message: `unknown unit "${unit}"` });
  return { quantity, unit: unit === undefined ? undefined : (canonicalUnit(unit) ?? unit) };
}

/** Reads `spend` + `currency` (ISO 4217, default USD). */
export function readSpend(r: FieldReader): { spend: number | undefined; currency: string } {
  const spend = r.number('spend', { exclusiveMin: true });
  const currency = r.string('currency', { pattern: /^[A-Z]{3}$/ }) ?? 'USD';
  return { spend, currency };
}

export const purchasedGoods: CategoryModule<PurchasedGoodsInput> = {
  category: 1,
  name: 'Purchased goods and services',
  methodVersion: '1',

  parse(raw) {
    const r = new FieldReader(raw);
    r.rejectUnknown(FIELDS);
    const { quantity, unit } = readQuantity(r, raw);
    let supplierPcf: PurchasedGoodsInput['supplierPcf'];
    if (r.has('supplier_pcf')) {
      const pcf = raw.supplier_pcf;
      if (typeof pcf !== 'object' || pcf === null || Array.isArray(pcf)) {
        r.issues.push({ field: 'supplier_pcf', message: 'must be an object { value, unit }' });
      } else {
        const p = new FieldReader(pcf as Record<string, unknown>);
        p.rejectUnknown(['value', 'unit']);
        const value = p.number('value', { required: true });
        const pcfUnit = p.string('unit', { required: true });
        if (pcfUnit !== undefined && !canonicalUnit(pcfUnit)) p.issues.push({ field: 'unit', message: `unknown unit "${pcfUnit}"` });
        r.issues.push(...p.issues.map((i) => ({ field: `supplier_pcf.${i.field}`, message: i.message })));
        if (value !== undefined && pcfUnit !== undefined && canonicalUnit(pcfUnit)) supplierPcf = { value, unit: canonicalUnit(pcfUnit)! };
      }
    }
    const { spend, currency } = readSpend(r);
    const naics = r.string('naics', { pattern: /^\d{6}$/ });
    const sector = (r.string('sector', { oneOf: SPEND_SECTORS }) ?? 'average') as PurchasedGoodsInput['sector'];
    const product = r.string('product', { maxLength: 200 });
    const date = r.date('date', { required: true });
    const supplierId = r.string('supplier_id');
    const region = r.string('region')?.toUpperCase();
    r.done();
    return { date: date!, supplierId, region, product, quantity, unit, supplierPcf, spend, currency, naics, sector };
  },

  plan(input: PurchasedGoodsInput, _ctx: CalcContext): Planned<PurchasedGoodsInput> {
    const plans: MethodPlan[] = [];
    const skipped: SkippedMethod[] = [];
    const year = yearOf(input.date);
    const hasQty = input.quantity !== undefined && input.unit !== undefined;

    if (input.supplierPcf && hasQty) plans.push({ tier: 1, method: 'supplier_pcf', needs: [] });
    else if (input.supplierId && input.product && hasQty) {
      plans.push({
        tier: 1,
        method: 'supplier_specific',
        needs: [{ name: 'supplier_factor', query: { activity: input.product, supplierId: input.supplierId, region: input.region, year }, acceptOnly: ['supplier_specific'] }],
      });
    } else skipped.push({ tier: 1, method: 'supplier_specific', reason: 'needs quantity and unit with supplier_pcf, or supplier_id and product' });

    if (input.product && hasQty) {
      plans.push({ tier: 2, method: 'average_data', needs: [{ name: 'product_factor', query: { activity: input.product, region: input.region, year } }] });
    } else skipped.push({ tier: 2, method: 'average_data', reason: 'needs product, quantity and unit' });

    if (input.spend !== undefined) {
      if (input.naics) {
        plans.push({ tier: 3, method: 'spend_based', needs: [{ name: 'eeio_factor', query: { activity: `eeio.naics.${input.naics}`, region: input.region ?? 'US', year } }] });
      }
      plans.push({ tier: 3, method: 'spend_based_sector', needs: [{ name: 'eeio_factor', query: { activity: `spend.${input.sector}`, year } }] });
    } else skipped.push({ tier: 3, method: 'spend_based', reason: 'needs spend' });
    return { input, plans, skipped };
  },

  compute(input, plan, factors, ctx): Computation {
    switch (plan.method) {
      case 'supplier_pcf': {
        const pcf = input.supplierPcf!;
        const pcfFactor: UsedFactor = {
          name: 'supplier_pcf', id: 'inline:supplier_pcf', value: pcf.value, unit: `kgCO2e/${pcf.unit}`, datasetVersion: 'inline',
          source: 'supplier-provided PCF', gwpSet: null, gases: null, uncertainty: null, isProxy: false, resolvedBy: 'supplier_specific', region: input.region ?? 'GLOBAL', year: yearOf(input.date),
        };
        const qty = toFactorUnit(input.quantity!, input.unit!, pcfFactor, 'unit');
        // Tier 1: quantity × supplier PCF.
        return { kgCo2e: qty * pcf.value, inputsUsed: { quantity: qty, unit: pcf.unit, supplier_pcf: pcf.value } };
      }
      case 'supplier_specific':
      case 'average_data': {
        const f = factors.get(plan.method === 'supplier_specific' ? 'supplier_factor' : 'product_factor')!;
        const qty = toFactorUnit(input.quantity!, input.unit!, f, 'unit');
        // Tier 1/2: quantity × factor (supplier-specific or product average).
        const p = applyFactor(qty, f, ctx);
        return { kgCo2e: p.kgCo2e, gases: p.gases, warnings: p.warnings, inputsUsed: { quantity: qty, unit: f.unit.split('/')[1]! } };
      }
      case 'spend_based':
      case 'spend_based_sector': {
        const f = factors.get('eeio_factor')!;
        const money = ctx.currency.convert(input.spend!, input.currency, input.date, f.unit.split('/')[1]!, 'spend');
        // Tier 3: spend × EEIO factor, spend first converted to the factor's currency and price year.
        const p = applyFactor(money.value, f, ctx);
        return {
          kgCo2e: p.kgCo2e,
          gases: p.gases,
          warnings: p.warnings,
          inputsUsed: { spend: money.value, spend_unit: money.unit, fx_rate: money.rate, fx_date: money.rateDate ?? 'none', deflator: money.deflator },
        };
      }
      default:
        throw new CalculationError([{ field: '', message: `unknown method ${plan.method}` }]);
    }
  },
};
