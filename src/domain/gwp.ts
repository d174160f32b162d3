/**
 * GWP-100 values (kg CO2e per kg gas) for the assessment reports Greenline computes with.
 * AR5: IPCC AR5 WG1 Table 8.A.1 (CH4 28, N2O 265, SF6 23,500).
 * AR6: IPCC AR6 WG1 Table 7.15 (CH4 fossil 29.8, CH4 non-fossil 27.2, N2O 273, SF6 25,200).
 * AR4 (for data sets published with it, e.g. EPA supply-chain factors v1.2): CH4 25, N2O 298, SF6 22,800.
 */
import type { GasBreakdown, GwpSetName } from './factors/types.ts';

export const GWP100: Record<GwpSetName, Readonly<Record<string, number>>> = {
  AR4: { CO2: 1, CH4: 25, N2O: 298, SF6: 22_800 },
  AR5: { CO2: 1, CH4: 28, N2O: 265, SF6: 23_500 },
  AR6: { CO2: 1, CH4: 29.8, CH4_fossil: 29.8, CH4_biogenic: 27.2, N2O: 273, SF6: 25_200 },
};

export class UnknownGasError extends Error {
  constructor(
    readonly gas: string,
    readonly gwpSet: string,
  ) {
    super(`no GWP-100 value for gas "${gas}" in ${gwpSet}`);
    this.name = 'UnknownGasError';
  }
}

/** CO2e of a gas breakdown: Σ mass_gas × GWP_gas. */
export function toCo2e(gases: GasBreakdown, gwpSet: GwpSetName): number {
  const table = GWP100[gwpSet];
  let total = 0;
  for (const [gas, mass] of Object.entries(gases)) {
    const gwp = table[gas];
    if (gwp === undefined) throw new UnknownGasError(gas, gwpSet);
    total += mass * gwp;
  }
  return total;
}
