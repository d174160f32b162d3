/**
 * Importers: pure parsers from public emission-factor files to FactorDataset / GwpValue[].
 * - epa-supply-chain: US EPA Supply Chain GHG Emission Factors CSVs (public domain)
 * - desnz: UK BEIS/DESNZ conversion factors flat file .xlsx/.xls (Open Government Licence v3.0)
 * - gwp: openclimatedata globalwarmingpotentials.csv (CC0)
 */
export const IMPORT_FORMATS = ['epa-supply-chain', 'desnz', 'gwp'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export { DESNZ_SOURCE_NAME, parseDesnzFlatFile } from './desnz.ts';
export {
  detectEpaKind,
  EPA_BY_GAS_SOURCE_NAME,
  EPA_SOURCE_NAME,
  type EpaFileKind,
  parseEpaSupplyChain,
} from './epa-supply-chain.ts';
export { gwpTableSpecies, parseGwpTable } from './gwp-table.ts';
