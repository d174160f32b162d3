/**
 * A worked example of the GHG Protocol *Technical Guidance for Calculating Scope 3 Emissions*
 * (v1.0, 2013) as the API computes it: the example's own factors as the tenant's
 * (POST /v1/factors), its own activity data as records (no pre-multiplied inputs, no invented
 * product lines), all in one request (POST /v1/calculations/batch).
 */
export interface GuidanceExample {
  /** `Example [4.1]` as the guidance numbers it. */
  example: string;
  title: string;
  /** The example's emission factors, as tenant factors (year 2024 unless given). */
  factors: Array<{ activity: string; value: number; unit: string; region?: string; year?: number }>;
  settings?: { gwp_set?: 'AR5' | 'AR6' };
  records: Array<Record<string, unknown>>;
  /** The total the guidance prints, kg CO2e. */
  stated: number;
  /** What the engine must give: the stated figure, or the corrected arithmetic (then `note` says why). */
  expected: number;
  /** Where the guidance's printed arithmetic is wrong or rounded, and what the correct figure is. */
  note?: string;
  /**
   * Figures a result shows beside its kg CO2e (inputs as used, GET /v1/calculations/:id), e.g. the
   * projected lifetime emissions of a financed project that the guidance reports separately.
   */
  shown?: Array<{ record: number; input: string; value: number }>;
}
