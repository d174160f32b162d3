/**
 * Fugitive emissions of refrigerants (GHG Protocol Scope 3 Technical Guidance, categories 4, 8, 9,
 * 13: "Σ (mass of refrigerant leaked × GWP of the refrigerant)"; where the mass lost is unknown,
 * the screening method: charge × annual leak rate, as the GHG Protocol's HFC tool does).
 *   refrigerants: [{ type, mass_lost, mass_unit }]              mass lost in the period
 *              or [{ type, charge, charge_unit, leak_rate }]    charge × leak rate (0–1 of the charge)
 * A blend is reported as kg of each component gas; each gas's GWP-100 is the calculation's GWP set
 * (an imported table's value first, recorded as `gwp.<gas>`), src/domain/refrigerants.ts.
 * A stated GWP (`gwp`, optional on each item: the refrigerant's own GWP-100 as its data sheet or the
 * source of the data gives it, e.g. the guidance's worked examples' "emission factor for refrigerant
 * (kg CO2e/kg)"): lost × gwp for that item instead of the set's values, recorded as
 * `refrigerants[i].gwp`; `type` may then be omitted (an unnamed refrigerant: its kg are not broken
 * down into gases). Items without `gwp` compute as before.
 */
import { convert } from '../../units.ts';
import { knownRefrigerants, pureGasGwp, refrigerantComposition, refrigerantName } from '../../refrigerants.ts';
import type { FactorProduct } from '../apply-factor.ts';
import type { FieldReader } from '../fields.ts';
import type { CalcContext, Computation } from '../types.ts';
import { type Measure, readFraction, readList, readMeasure } from './shared.ts';

export interface RefrigerantLoss {
  /** Canonical name (refrigerants.ts). */
  type: string;
  massLost: Measure | undefined;
  charge: Measure | undefined;
  leakRate: number | undefined;
  /** A stated GWP-100 of the refrigerant (kg CO2e per kg), instead of the GWP set's values. */
  gwp?: number | undefined;
}

/** The largest stated GWP-100 of a refrigerant item (SF6 is 23,500 in AR5). */
export const MAX_STATED_GWP = 100_000;

export const REFRIGERANT_FIELD = 'refrigerants';

/** `refrigerants: [...]` (see the header); issues are `refrigerants[i].<sub>`. */
export function readRefrigerants(r: FieldReader, raw: Record<string, unknown>, field = REFRIGERANT_FIELD): RefrigerantLoss[] | undefined {
  return readList(r, raw, field, (s, obj) => {
    s.rejectUnknown(['type', 'mass_lost', 'mass_unit', 'charge', 'charge_unit', 'leak_rate', 'gwp']);
    const gwp = s.number('gwp', { exclusiveMin: true, max: MAX_STATED_GWP });
    const written = s.string('type', { required: !s.has('gwp'), maxLength: 40 });
    const type = written === undefined ? undefined : refrigerantName(written);
    if (written !== undefined && type === null)
      s.issues.push({ field: 'type', message: `unknown refrigerant "${written}"; known: ${knownRefrigerants().join(', ')}` });
    const massLost = readMeasure(s, obj, 'mass_lost', 'mass_unit', ['mass']);
    const charge = readMeasure(s, obj, 'charge', 'charge_unit', ['mass']);
    const leakRate = readFraction(s, 'leak_rate', true);
    if (s.has('mass_lost') && (s.has('charge') || s.has('leak_rate')))
      s.issues.push({ field: 'mass_lost', message: 'give either mass_lost or charge with leak_rate, not both' });
    else if (!s.has('mass_lost')) {
      if (!s.has('charge')) s.issues.push({ field: 'mass_lost', message: 'is required (or give charge with leak_rate)' });
      else if (!s.has('leak_rate')) s.issues.push({ field: 'leak_rate', message: 'is required with charge (the share of the charge lost in the period, 0–1)' });
    }
    return { type: type ?? '', massLost, charge, leakRate, ...(gwp !== undefined ? { gwp } : {}) };
  });
}

/** Σ kg lost × GWP per component gas, with the kg of each gas and the inputs as used (`refrigerants[i].…`). */
export function fugitiveEmissions(
  items: RefrigerantLoss[],
  ctx: CalcContext,
  field = REFRIGERANT_FIELD,
): { product: FactorProduct; inputsUsed: Computation['inputsUsed'] } {
  const set = ctx.settings.gwpSet;
  const gases: Record<string, number> = {};
  const inputsUsed: Computation['inputsUsed'] = {};
  let kgCo2e = 0;
  items.forEach((item, i) => {
    // Mass lost, or the screening estimate charge × leak rate.
    const lostKg = item.massLost
      ? convert(item.massLost.value, item.massLost.unit, 'kg')
      : convert(item.charge!.value, item.charge!.unit, 'kg') * item.leakRate!;
    if (item.type !== '') inputsUsed[`${field}[${i}].type`] = item.type;
    if (!item.massLost) {
      inputsUsed[`${field}[${i}].charge_kg`] = convert(item.charge!.value, item.charge!.unit, 'kg');
      inputsUsed[`${field}[${i}].leak_rate`] = item.leakRate!;
    }
    inputsUsed[`${field}[${i}].lost_kg`] = lostKg;
    if (item.gwp !== undefined) {
      // A stated GWP: lost × gwp; the kg of each component gas when the refrigerant is named.
      inputsUsed[`${field}[${i}].gwp`] = item.gwp;
      kgCo2e += lostKg * item.gwp;
      if (item.type !== '') for (const [gas, fraction] of Object.entries(refrigerantComposition(item.type))) gases[gas] = (gases[gas] ?? 0) + lostKg * fraction;
      return;
    }
    for (const [gas, fraction] of Object.entries(refrigerantComposition(item.type))) {
      const kg = lostKg * fraction;
      const gwp = ctx.importedGwp?.[gas] ?? pureGasGwp(gas, set)!;
      gases[gas] = (gases[gas] ?? 0) + kg;
      inputsUsed[`gwp.${gas}`] = gwp;
      kgCo2e += kg * gwp;
    }
  });
  return { product: { kgCo2e, gases, warnings: [] }, inputsUsed };
}
