/**
 * Category 3 — Fuel- and energy-related activities not in scope 1 or 2 (GHG Protocol Scope 3
 * Technical Guidance, ch. 3, activities A–C; PRODUCT.md "Formulas").
 *   Fuels (A, upstream of purchased fuels):          qty × upstream_ef              (`wtt.<fuel>`)
 *   Electricity (B + C, upstream of generation and transmission & distribution losses):
 *     qty × (upstream_ef + td_loss_ef)        with `electricity.wtt` and `electricity.td_loss`
 *     qty × upstream_ef + qty × grid_ef × td_loss_pct / 100
 *                                             with `electricity.wtt` and `electricity.grid`, when
 *                                             the record gives `td_loss_pct` (a percentage, 0–100)
 *   Tier 1 supplier-specific: the energy supplier's own upstream factor (`wtt.<fuel>` or
 *          `electricity.wtt` held for `supplier_id`, accepted only if supplier-specific); the T&D
 *          part is a property of the grid and stays average data.
 *   Tier 2 average-data: the same factors, regional averages (region = the record's region).
 *   No spend-based tier: EEIO factors for energy spend include the combustion already reported in
 *   scopes 1 and 2, so they would double count.
 * Inputs: `energy_type` (`electricity` or a fuel key such as `natural_gas`, `diesel`), `quantity`
 * + `unit` (energy, volume or mass; converted to each factor's unit), optional `td_loss_pct`.
 */
import { applyFactor, toFactorUnit } from '../apply-factor.ts';
import { FieldReader } from '../fields.ts';
import type { CalculationWarning, CategoryModule, FactorNeed } from '../types.ts';
import {
  BASE_FIELDS,
  type BaseInput,
  computation,
  type Measure,
  measured,
  need,
  PlanBuilder,
  perUnit,
  readBase,
  readMeasure,
  readSlug,
  sumProducts,
  supplierNeed,
} from './shared.ts';

export interface FuelEnergyInput extends BaseInput {
  energyType: string;
  quantity: Measure;
  tdLossPct: number | undefined;
}

const FIELDS = [...BASE_FIELDS, 'energy_type', 'quantity', 'unit', 'td_loss_pct'];

const upstreamActivity = (t: string) => (t === 'electricity' ? 'electricity.wtt' : `wtt.${t}`);

export const fuelEnergy: CategoryModule<FuelEnergyInput> = {
  category: 3,
  name: 'Fuel- and energy-related activities',
  methodVersion: '1',

  parse(raw) {
    const r = new FieldReader(raw);
    r.rejectUnknown(FIELDS);
    const base = readBase(r);
    const energyType = readSlug(r, 'energy_type', true);
    const quantity = readMeasure(r, raw, 'quantity', 'unit', ['energy', 'volume', 'mass'], true);
    const tdLossPct = r.number('td_loss_pct', { min: 0, max: 100 });
    if (tdLossPct !== undefined && energyType !== undefined && energyType !== 'electricity') {
      r.issues.push({ field: 'td_loss_pct', message: 'applies only to energy_type "electricity"' });
    }
    r.done();
    return { ...base, energyType: energyType!, quantity: quantity!, tdLossPct };
  },

  plan(input) {
    const upstream = upstreamActivity(input.energyType);
    const td: FactorNeed[] = [];
    if (input.energyType === 'electricity') {
      td.push(input.tdLossPct === undefined ? need('td_loss_factor', 'electricity.td_loss', input) : need('grid_factor', 'electricity.grid', input));
    }
    return new PlanBuilder(input)
      .when(
        input.supplierId !== undefined,
        1,
        'supplier_specific',
        () => [supplierNeed('upstream_factor', upstream, input), ...td],
        'needs supplier_id (the energy supplier)',
      )
      .add(2, 'average_data', [need('upstream_factor', upstream, input), ...td])
      .done();
  },

  compute(input, _plan, factors, ctx) {
    const up = factors.get('upstream_factor')!;
    const td = factors.get('td_loss_factor');
    const grid = factors.get('grid_factor');
    const upstream = measured(input.quantity, up, ctx, 'unit');
    const parts = [upstream.product];
    const inputsUsed: Record<string, string | number> = { energy_type: input.energyType, quantity: upstream.amount, unit: perUnit(up) };
    const warnings: CalculationWarning[] = [];
    // qty × upstream_ef (+ qty × td_loss_ef, or qty × grid_ef × td_loss_pct / 100 for electricity)
    if (td) {
      parts.push(measured(input.quantity, td, ctx, 'unit').product);
      inputsUsed.td_method = 'td_loss_factor';
    } else if (grid) {
      const pct = input.tdLossPct!;
      parts.push(applyFactor((toFactorUnit(input.quantity.value, input.quantity.unit, grid, 'unit') * pct) / 100, grid, ctx));
      Object.assign(inputsUsed, { td_method: 'grid_x_td_loss_pct', td_loss_pct: pct });
      if (pct > 0 && pct < 1) warnings.push({ code: 'TD_LOSS_PCT_SMALL', message: `td_loss_pct is a percentage: ${pct} means ${pct} %, not ${pct * 100} %` });
    }
    return computation(sumProducts(parts), inputsUsed, warnings);
  },
};
