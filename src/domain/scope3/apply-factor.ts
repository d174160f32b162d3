/**
 * Multiplying an activity amount by a factor: the CO2e, the per-gas amounts where the factor has
 * a breakdown, and the chosen GWP set applied to that breakdown (PRODUCT.md: gas breakdowns are
 * converted with the chosen GWP set; a factor without one keeps its published CO2e).
 */
import type { GasBreakdown } from '../factors/types.ts';
import { GWP100 } from '../gwp.ts';
import { convert, factorDenominator, UnitError } from '../units.ts';
import { CalculationError, type CalcContext, type CalculationWarning, type UsedFactor } from './types.ts';

export interface FactorProduct {
  kgCo2e: number;
  gases: GasBreakdown | undefined;
  warnings: CalculationWarning[];
  /** Imported GWP values the conversion used, by gas (inputs of the result: `gwp.<gas>`). */
  gwp?: Record<string, number> | undefined;
}

export function applyFactor(amount: number, factor: UsedFactor, ctx: CalcContext): FactorProduct {
  const warnings: CalculationWarning[] = [];
  let kgCo2e = amount * factor.value;
  let gases: GasBreakdown | undefined;
  let gwp: Record<string, number> | undefined;
  if (factor.gases) {
    gases = {};
    for (const [gas, perUnit] of Object.entries(factor.gases)) gases[gas] = amount * perUnit;
    if (factor.gwpSet !== ctx.settings.gwpSet) {
      // An imported table's value where it has one (and recorded as an input), else the built-in one.
      const builtIn = GWP100[ctx.settings.gwpSet];
      const imported = ctx.importedGwp;
      const gwpOf = (g: string): number | undefined => imported?.[g] ?? builtIn[g];
      const unknown = Object.keys(gases).filter((g) => gwpOf(g) === undefined);
      if (unknown.length === 0) {
        kgCo2e = Object.entries(gases).reduce((sum, [gas, kg]) => sum + kg * gwpOf(gas)!, 0);
        for (const g of Object.keys(gases)) {
          if (imported?.[g] === undefined) continue;
          gwp ??= {};
          gwp[g] = imported[g];
        }
      } else {
        warnings.push({
          code: 'GWP_NOT_CONVERTED',
          message: `factor "${factor.name}" is in ${factor.gwpSet ?? 'unknown'} GWPs; no ${ctx.settings.gwpSet} value for ${unknown.join(', ')}, so its published CO2e is used`,
        });
      }
    }
  } else if (factor.gwpSet && factor.gwpSet !== ctx.settings.gwpSet) {
    warnings.push({
      code: 'GWP_NOT_CONVERTED',
      message: `factor "${factor.name}" is in ${factor.gwpSet} GWPs and has no gas breakdown to convert to ${ctx.settings.gwpSet}`,
    });
  }
  return gwp ? { kgCo2e, gases, warnings, gwp } : { kgCo2e, gases, warnings };
}

/** `value` in `unit` expressed in the factor's activity unit; a mismatch names the field. */
export function toFactorUnit(value: number, unit: string, factor: UsedFactor, field: string): number {
  const target = factorDenominator(factor.unit);
  try {
    return convert(value, unit, target);
  } catch (err) {
    if (err instanceof UnitError) throw new CalculationError([{ field, message: `${err.message} (factor "${factor.name}" is per ${target})` }]);
    throw err;
  }
}
