/**
 * Importers: pure parsers from public emission-factor files to FactorDataset / GwpValue[].
 * - epa-supply-chain: US EPA Supply Chain GHG Emission Factors CSVs (public domain)
 * - desnz: UK BEIS/DESNZ conversion factors flat file .xlsx/.xls (Open Government Licence v3.0),
 *   with the rows the categories ask for also under their activity keys
 * - gwp: openclimatedata globalwarmingpotentials.csv (CC0)
 * - epa-hub: US EPA GHG Emission Factors Hub workbook .xlsx (public domain)
 * - grid: Ember grid intensities via co2.js, average-intensities.json (CC BY-SA 4.0)
 * docs/factors.md lists the activity keys each one produces.
 */
export const IMPORT_FORMATS = ['epa-supply-chain', 'desnz', 'gwp', 'epa-hub', 'grid'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export { DESNZ_SOURCE_NAME, parseDesnzFlatFile, parseDesnzWithCategoryKeys } from './desnz.ts';
export { EPA_HUB_SOURCE_NAME, parseEpaHub } from './epa-hub.ts';
export {
  detectEpaKind,
  EPA_BY_GAS_SOURCE_NAME,
  EPA_SOURCE_NAME,
  type EpaFileKind,
  parseEpaSupplyChain,
} from './epa-supply-chain.ts';
export { GRID_SOURCE_NAME, parseGridIntensities } from './grid-intensities.ts';
export { gwpTableSpecies, parseGwpTable } from './gwp-table.ts';
