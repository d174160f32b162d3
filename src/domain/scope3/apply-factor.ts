/**
 * Multiplying an activity amount by a factor: the CO2e, the per-gas amounts where the factor has
 * a breakdown, and the chosen GWP set applied to that breakdown (PRODUCT.md: gas breakdowns are
 * converted with the chosen GWP set; a factor without one keeps its published CO2e).
 */
import type { GasBreakdown } from '../factors/types.ts';
import { GWP100 } from '../gwp.ts';
import { convert, factorDenominator, UnitError } from '../units.ts';
import { CalculationError, type CalcContext, type UsedFactor } from './types.ts';

export interface FactorProduct {
  kgCo2e: number;
  gases: GasBreakdown | undefined;
  warnings: string[];
}

export function applyFactor(amount: number, factor: UsedFactor, ctx: CalcContext): FactorProduct {
  const warnings: string[] = [];
  let kgCo2e = amount * factor.value;
  let gases: GasBreakdown | undefined;
  if (factor.gases) {
    gases = {};
    for (const [gas, perUnit] of Object.entries(factor.gases)) gases[gas] = amount * perUnit;
    if (factor.gwpSet !== ctx.settings.gwpSet) {
      const table = GWP100[ctx.settings.gwpSet];
      const unknown = Object.keys(gases).filter((g) => table[g] === undefined);
      if (unknown.length === 0) {
        kgCo2e = Object.entries(gases).reduce((sum, [gas, kg]) => sum + kg * table[gas]!, 0);
      } else {
        warnings.push(
          `factor "${factor.name}" is in ${factor.gwpSet ?? 'unknown'} GWPs; no ${ctx.settings.gwpSet} value for ${unknown.join(', ')}, so its published CO2e is used`,
        );
      }
    }
  } else if (factor.gwpSet && factor.gwpSet !== ctx.settings.gwpSet) {
    warnings.push(`factor "${factor.name}" is in ${factor.gwpSet} GWPs and has no gas breakdown to convert to ${ctx.settings.gwpSet}`);
  }
  return { kgCo2e, gases, warnings };
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
