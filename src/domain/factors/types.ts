/**
 * Emission factors as the domain sees them. The store persists exactly these shapes;
 * importers produce them; the resolver chooses among them.
 */

/** Greenhouse gases by common symbol; per-gas amounts are in kg of that gas per unit of activity. */
export type GasBreakdown = Record<string, number>;

export type GwpSetName = 'AR4' | 'AR5' | 'AR6';

/** A published data set (one version of one publication) that factors come from. */
export interface FactorSource {
  /** Deterministic id: derived from name + dataset version (+ tenant for private sources). */
  id: string;
  /** Null for public data sets visible to every tenant. */
  tenantId: string | null;
  name: string;
  publisher: string;
  datasetVersion: string;
  licence: string;
  citation: string;
  url?: string | undefined;
  /** SHA-256 of the imported file; null for built-in or API-authored sets. */
  fileSha256: string | null;
}

/** One emission factor. `value` is kg CO2e per `unit`'s activity denominator. */
export interface FactorRecord {
  id: string;
  tenantId: string | null;
  sourceId: string;
  /** Set for supplier-specific factors (tier 1): the supplier's id within the tenant. */
  supplierId: string | null;
  /**
   * What the factor measures, as a stable key: e.g. `transport.road.truck_heavy`,
   * `flight.economy`, `hotel.night`, `eeio.naics.331110`, `desnz.<hash of level path>`.
   */
  activity: string;
  /** Human-readable name (EPA NAICS title, DESNZ level path, …). */
  name: string;
  /** GHG Protocol Scope 3 category 1–15 this factor is typically used for, if any. */
  category: number | null;
  /** NAICS-6 code where the factor is sector-based. */
  naicsCode: string | null;
  /** ISO 3166-1 alpha-2 (`US`), subdivision (`US-CA`), `EU`, or `GLOBAL`. */
  region: string;
  /** Reference year of the factor. */
  year: number;
  /** kg CO2e per unit (see `unit`). */
  value: number;
  /** e.g. `kgCO2e/tkm`, `kgCO2e/pkm`, `kgCO2e/night`, `kgCO2e/USD2022`, `kgCO2e/kWh`. */
  unit: string;
  /** Per-gas amounts (kg gas per unit), where the source gives them. */
  gases: GasBreakdown | null;
  /** GWP set the CO2e value was computed with. */
  gwpSet: GwpSetName | null;
  /** Relative standard uncertainty (coefficient of variation, 0.1 = ±10% 1σ), if known. */
  uncertainty: number | null;
  datasetVersion: string;
  licence: string;
  citation: string;
  /** Anything else the source says that is worth keeping (price basis, margins, USEEIO code…). */
  meta: Record<string, unknown>;
}

/** A parsed data set, ready for the store to import in one transaction. */
export interface FactorDataset {
  source: FactorSource;
  factors: FactorRecord[];
}

/** One GWP-100 value: kg CO2e per kg of gas, for a named assessment report. */
export interface GwpValue {
  gwpSet: string;
  gas: string;
  value: number;
}
