/** EU CBAM domain (docs/cbam.md): goods catalogue, validation, data sets, embedded emissions, certificates, deadlines. */

export { BUILTIN_CBAM_DATASET } from './builtin-dataset.ts';
export { type BreakdownRow, DE_MINIMIS_T, type Declaration, type DeclarationLine, declaration } from './certificates.ts';
export { benchmarkFor, certificatePrice, defaultSee, freeAllocationPct, markupPct } from './dataset.ts';
export { DATASET_CSV_HEADER, type DatasetCsvError, type DatasetCsvParse, parseDatasetCsv } from './dataset-csv.ts';
export {
  ANNUAL_DEADLINE,
  type AnnualDeadlines,
  annualDeadlines,
  DEFINITIVE_FIRST_YEAR,
  isTransitionalQuarter,
  QUARTERLY_HOLDING,
  QUARTERLY_REPORT_SOURCE,
  quarterlyReportDue,
  TRANSITIONAL_FIRST,
  TRANSITIONAL_LAST,
} from './deadlines.ts';
export { CBAM_ENGINE, CBAM_METHOD_VERSION, cbamLineage, cbamLineageHash, chooseActual, embeddedEmissions } from './embedded.ts';
export {
  ANNEX_I_EXCLUSIONS,
  ANNEX_I_GOODS,
  type AnnexIMatch,
  type CbamExclusion,
  coversCbamGoods,
  formatCn,
  lookupCn,
  matchAnnexI,
  normalizeCn,
} from './goods.ts';
export * from './types.ts';
export {
  CBAM_START_DATE,
  type CbamInstallationParse,
  isIsoCountry,
  MAX_QUANTITY,
  MAX_SEE,
  parseInstallation,
  parseShipment,
  SHIPMENT_FIELDS,
  unknownInstallation,
} from './validate.ts';
