/**
 * EU CBAM (Regulation (EU) 2023/956) — the shapes shared by the goods catalogue, validation,
 * embedded emissions, certificates and reports. Pure types; docs/cbam.md explains each.
 * Emission figures are tonnes CO2e; specific embedded emissions (SEE) are tCO2e per tonne of good
 * (per MWh for electricity).
 */

/** Aggregated goods categories of Annex I. */
export const GOODS_CATEGORIES = ['cement', 'iron_steel', 'aluminium', 'fertilisers', 'hydrogen', 'electricity'] as const;
export type GoodsCategory = (typeof GOODS_CATEGORIES)[number];

/** One Annex I line: a CN prefix (4, 6 or 8 digits) and what goods under it are. */
export interface CbamGood {
  /** The CN code or heading as Annex I lists it, digits only (`7208`, `720851`, `25232900`). */
  prefix: string;
  description: string;
  category: GoodsCategory;
  /** `t` (net mass in tonnes) or `MWh` (electricity). */
  unit: 't' | 'MWh';
  /** Whether indirect emissions count in the definitive period (a column, not code). */
  indirectCounts: boolean;
}

/** What the catalogue says about one 8-digit CN code. */
export interface CnCodeInfo {
  cn: string;
  heading4: string;
  heading6: string;
  good: CbamGood;
}

/** A shipment line as accepted (after validation): one CN code from one origin on one import date. */
export interface CbamShipmentInput {
  shipmentId: string;
  /** YYYY-MM-DD. */
  importDate: string;
  cnCode: string;
  /** ISO 3166-1 alpha-2, never an EU member state or an exempt country. */
  originCountry: string;
  /** Tonnes of net mass, or MWh for electricity (converted from the given unit). */
  quantity: number;
  /** The unit as given (`t`, `kg`, `MWh`). */
  unitGiven: string;
  /** The declarant's EORI (`DE123456789012345`), when given. */
  declarantEori: string | undefined;
  /** Registered installation whose actual emissions apply, when known. */
  installationId: string | undefined;
  /** Actual SEE carried on the line itself (instead of a registered installation's). */
  actual: ActualEmissions | undefined;
  /** EUR-equivalent carbon price effectively paid in the country of origin for this line's emissions. */
  carbonPricePaidEur: number;
  /** Customs procedure code (e.g. `40` release for free circulation), optional. */
  procedure: string | undefined;
  supplierId: string | undefined;
  description: string | undefined;
}

/** Actual specific embedded emissions of an installation (or a line) for a CN code. */
export interface ActualEmissions {
  /** tCO2e per tonne (per MWh). */
  directSee: number;
  /** tCO2e per tonne; undefined when not reported. */
  indirectSee: number | undefined;
  verified: boolean;
  verifier: string | undefined;
  /** YYYY-MM-DD of the verification report. */
  verifiedOn: string | undefined;
}

export interface CbamInstallation {
  installationId: string;
  name: string;
  operatorName: string;
  country: string;
  /** Actual SEE by CN code (8 digits) and year. */
  emissions: Array<ActualEmissions & { cnCode: string; year: number }>;
}

/** A validation error with its stable code (docs/cbam.md lists them). */
export const CBAM_ERROR_CODES = {
  E001: 'a required field is missing',
  E002: 'CN code is not 8 digits',
  E003: 'CN code is not a CBAM good (Annex I)',
  E004: 'date is not a real YYYY-MM-DD date, or before CBAM began (2023-10-01)',
  E005: 'quantity is not a positive number in a unit the good allows',
  E006: 'EORI number is malformed',
  E007: 'country is not an ISO 3166-1 alpha-2 code',
  E008: 'origin is in the EU or a country CBAM exempts',
  E009: 'actual emissions are inconsistent (negative, verified without verifier and date, unknown installation)',
  E010: 'a field is unknown, of the wrong type, too long, or out of range',
} as const;
export type CbamErrorCode = keyof typeof CBAM_ERROR_CODES;

export interface CbamIssue {
  code: CbamErrorCode;
  field: string;
  message: string;
}

export type CbamParse = { ok: true; shipment: CbamShipmentInput } | { ok: false; issues: CbamIssue[] };

/** Data with a source and a version: default values, mark-ups, phase-out, benchmarks, prices. */
export interface CbamDataset {
  id: string;
  name: string;
  version: string;
  source: string;
  /** True for the built-in set: every result using it carries a warning. */
  illustrative: boolean;
  /** Default SEE by CN prefix, optionally per origin country (country wins over world). */
  defaults: Array<{ prefix: string; country: string | null; directSee: number; indirectSee: number }>;
  /**
   * Mark-up on default values by year, percent (2026 10, 2027 20, 2028 30; later years take the last).
   * A row with a CN `prefix` applies to the goods under it instead of the general rows (electricity: 0).
   */
  markups: Array<{ year: number; pct: number; prefix?: string }>;
  /** Share of free allocation still given, by year, percent (2026 97.5 … 2034 0). */
  freeAllocation: Array<{ year: number; pct: number }>;
  /** Benchmark tCO2e per tonne by CN prefix, for the free-allocation adjustment. */
  benchmarks: Array<{ prefix: string; value: number }>;
  /** Certificate price, EUR per tonne CO2e, by period (`2026`, `2026-Q1`, `2026-W05`…). */
  prices: Array<{ period: string; eurPerT: number }>;
}

export type EmbeddedMethod = 'actual_verified' | 'actual_unverified' | 'default';

/** One shipment's embedded emissions and how they were reached. */
export interface EmbeddedEmissions {
  method: EmbeddedMethod;
  directSee: number;
  indirectSee: number;
  /** Percent applied to default values (0 for actuals). */
  markupPct: number;
  /** quantity × SEE (× (1 + markup) for defaults). */
  directT: number;
  indirectT: number;
  /** What counts for certificates in the definitive period: direct (+ indirect where the good's column says so). */
  countedT: number;
  datasetId: string;
  datasetVersion: string;
  warnings: Array<{ code: string; message: string }>;
  lineageHash: string;
}
