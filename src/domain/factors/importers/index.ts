/**
 * Importers: pure parsers from public emission-factor files to FactorDataset / GwpValue[].
 * - epa-supply-chain: US EPA Supply Chain GHG Emission Factors CSVs (public domain)
 * - desnz: UK BEIS/DESNZ conversion factors flat file .xlsx/.xls (Open Government Licence v3.0)
 * - gwp: openclimatedata globalwarmingpotentials.csv (CC0)
 */
export type ImportFormat = 'epa-supply-chain' | 'desnz' | 'gwp';

export { DESNZ_SOURCE_NAME, parseDesnzFlatFile } from './desnz.ts';
export {
  detectEpaKind,
  EPA_BY_GAS_SOURCE_NAME,
  EPA_SOURCE_NAME,
  type EpaFileKind,
  parseEpaSupplyChain,
} from './epa-supply-chain.ts';
export { gwpTableSpecies, parseGwpTable } from './gwp-table.ts';

/** Guesses the format from a file name as the publishers name them; null when it cannot tell. */
export function detectImportFormat(fileName: string): ImportFormat | null {
  const base = fileName.replace(/^.*[\\/]/, '').toLowerCase();
  if (/^supplychainghgemissionfactors.*\.csv$/.test(base)) return 'epa-supply-chain';
  if (/conversion-factors.*\.xlsx?$/.test(base) || /flat[-_ ]?file.*\.xlsx?$/.test(base)) return 'desnz';
  if (/globalwarmingpotentials.*\.csv$/.test(base) || /^gwp.*\.csv$/.test(base)) return 'gwp';
  return null;
}
