/**
 * Category 3 — Fuel- and energy-related activities not in scope 1 or 2 (GHG Protocol Scope 3
 * Technical Guidance v1.0, ch. 3, table 3.1 activities A–C; PRODUCT.md "Formulas").
 *   Fuels (activity A, upstream of purchased fuels):   qty × upstream_ef          (`wtt.<fuel>`)
 *   Electricity (activity B, upstream of purchased electricity, + activity C, T&D losses):
 *     qty × (upstream_ef + td_loss_ef)        with `electricity.wtt` and `electricity.td_loss`
 *     qty × upstream_ef + qty × grid_ef × td_loss_pct / 100
 *                                             with `electricity.wtt` and `electricity.grid`, when
 *                                             the record gives `td_loss_pct` (a percentage, 0–100)
 *   Purchased heat, steam and cooling (activities B + C; ch. 3 applies T&D losses to "electricity,
 *   steam, heating and cooling" alike): energy_type `district_heat`, `steam` or `district_cooling`
 *     qty × upstream_ef                        (`wtt.<energy_type>`; activity B only, as before)
 *     qty × (upstream_ef + td_loss_ef)         with `td_losses: true`: the network's T&D-loss factor
 *                                              `heat.district.td_loss`, `heat.steam.td_loss` or
 *                                              `cooling.district.td_loss` (kg CO2e per kWh
 *                                              delivered, as `electricity.td_loss`)
 *     qty × upstream_ef + qty × gen_ef × td_loss_pct / 100
 *                                              with `td_loss_pct`: the generation factor of the
 *                                              energy (`heat.district`, `heat.steam`,
 *                                              `cooling.district`) × the network's loss rate
 *     T&D losses of heat, steam and cooling are opt-in (`td_losses` or `td_loss_pct`) so that a
 *     record written before they existed keeps its result; the method is the same.
 *   Tier 1 supplier-specific: the energy supplier's own upstream factor (`wtt.<fuel>` or
 *          `electricity.wtt` held for `supplier_id`, accepted only if supplier-specific); the T&D
 *          part is a property of the network and stays average data.
 *   Tier 2 average-data: the same factors, regional averages (region = the record's region).
 *   No spend-based tier: EEIO factors for energy spend include the combustion already reported in
 *   scopes 1 and 2, so they would double count.
 * Inputs: `energy_type` (`electricity`, `district_heat`, `steam`, `district_cooling` or a fuel key
 * such as `natural_gas`, `diesel`), `quantity` + `unit` (energy, volume or mass; converted to each
 * factor's unit), optional `td_loss_pct` (electricity, heat, steam, cooling) and `td_losses`
 * (heat, steam, cooling).
 *
 * Activity keys (besides those in shared.ts's list):
 *   heat.district.td_loss, heat.steam.td_loss, cooling.district.td_loss
 *                              kgCO2e/kWh delivered: generation of the heat, steam or cooling lost
 *                              in the network (T&D losses, activity C)
 *   wtt.district_heat, wtt.steam, wtt.district_cooling
 *                              kgCO2e/kWh: upstream of the fuels burnt to make them (activity B)
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
  /** Whether the T&D losses of the energy's network are counted (always for electricity). */
  tdLosses: boolean;
}

const FIELDS = [...BASE_FIELDS, 'energy_type', 'quantity', 'unit', 'td_loss_pct', 'td_losses'];

/** Energy delivered through a network, with T&D losses (activity C): its generation and loss factors. */
const NETWORKS: Readonly<Record<string, { generation: string; tdLoss: string }>> = {
  electricity: { generation: 'electricity.grid', tdLoss: 'electricity.td_loss' },
  district_heat: { generation: 'heat.district', tdLoss: 'heat.district.td_loss' },
  steam: { generation: 'heat.steam', tdLoss: 'heat.steam.td_loss' },
  district_cooling: { generation: 'cooling.district', tdLoss: 'cooling.district.td_loss' },
};
export const NETWORK_ENERGY_TYPES = Object.keys(NETWORKS);

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
    const tdLossesField = r.boolean('td_losses');
    const network = energyType !== undefined && NETWORKS[energyType] !== undefined;
    if (tdLossPct !== undefined && energyType !== undefined && !network) {
      r.issues.push({ field: 'td_loss_pct', message: `applies only to energy_type ${NETWORK_ENERGY_TYPES.join(', ')}` });
    }
    if (tdLossesField !== undefined && energyType !== undefined) {
      if (energyType === 'electricity') {
        if (!tdLossesField) r.issues.push({ field: 'td_losses', message: 'cannot be false for electricity: its T&D losses are always counted (activity C)' });
      } else if (!network) r.issues.push({ field: 'td_losses', message: `applies only to energy_type ${NETWORK_ENERGY_TYPES.join(', ')}` });
      else if (!tdLossesField && tdLossPct !== undefined) r.issues.push({ field: 'td_losses', message: 'is false, but td_loss_pct asks for the T&D losses' });
    }
    r.done();
    const tdLosses = energyType === 'electricity' || (network && (tdLossesField === true || tdLossPct !== undefined));
    return { ...base, energyType: energyType!, quantity: quantity!, tdLossPct, tdLosses };
  },

  plan(input) {
    const upstream = upstreamActivity(input.energyType);
    const td: FactorNeed[] = [];
    const net = NETWORKS[input.energyType];
    if (net && input.tdLosses) {
      td.push(input.tdLossPct === undefined ? need('td_loss_factor', net.tdLoss, input) : need('grid_factor', net.generation, input));
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
    // qty × upstream_ef (+ qty × td_loss_ef, or qty × grid (generation) ef × td_loss_pct / 100)
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
