/**
 * Arithmetic the importer tests check factors with: exact unit conversions (NIST SP 811) and
 * CO2e from per-gas values, so expectations are written from the cells of the public files.
 */

export const GAL_L = 3.785411784;
export const SHORT_TON_T = 0.90718474;
/** 1 mmBtu = 10^6 Btu_IT = 1,055,055,852.62 J, in kWh. */
export const MMBTU_KWH = 1_055_055.85262 / 3600;
export const MILE_KM = 1.609344;
export const TON_MILE_TKM = SHORT_TON_T * MILE_KM;
export const LB_KG = 0.45359237;

/** kg CO2e from kg CO2, g CH4 and g N2O with the EPA hub's GWPs (Table 11 rows 515–516: CH4 28, N2O 265, AR5). */
export const hubCo2e = (kgCo2: number, gCh4: number, gN2o: number) => kgCo2 + (28 * gCh4) / 1000 + (265 * gN2o) / 1000;

/**
 * A BEIS/DESNZ 2020 row's CO2e recomputed with AR5 (CH4 28, N2O 265) from its gas rows, which
 * the file gives in kg CO2e with AR4 (CH4 25, N2O 298): what the engine does with an imported
 * factor that has a gas breakdown under the default AR5 setting.
 */
export const desnzAr5 = (co2: number, ch4Co2e: number, n2oCo2e: number) => co2 + (ch4Co2e / 25) * 28 + (n2oCo2e / 298) * 265;

/** A value rounded to 12 significant digits, as the importers store them. */
export const r12 = (v: number) => Number(v.toPrecision(12));
