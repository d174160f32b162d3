/**
 * CBAM deadlines as data with their sources (docs/cbam.md, Deadlines).
 * - Transitional period (imports 2023-Q4 to 2025-Q4): a quarterly report no later than one month
 *   after the end of the quarter (Regulation (EU) 2023/956 Art. 35(1)), i.e. the last day of the
 *   following month.
 * - Definitive period (imports from 2026): the annual CBAM declaration and the surrender of
 *   certificates for year Y by 30 September of Y+1 (Art. 6(2) and 22(1) as amended by Regulation
 *   (EU) 2025/2083, which moved both from 31 May); from 2027, certificates held at the end of each
 *   quarter cover at least 50% of the emissions embedded in the year's imports so far (Art. 22(2)
 *   as amended). Taken from summaries of 2025/2083, not the consolidated text: to verify.
 */

export const TRANSITIONAL_FIRST = { year: 2023, quarter: 4 } as const;
export const TRANSITIONAL_LAST = { year: 2025, quarter: 4 } as const;
/** The first year whose imports owe certificates. */
export const DEFINITIVE_FIRST_YEAR = 2026;

export const QUARTERLY_REPORT_SOURCE = 'Regulation (EU) 2023/956 Art. 35(1): within one month of the end of the quarter';

export const ANNUAL_DEADLINE = {
  /** Month and day in the year after the imports. */
  month: 9,
  day: 30,
  source: 'Regulation (EU) 2023/956 Art. 6(2) and 22(1) as amended by Regulation (EU) 2025/2083 (30 September, was 31 May); to verify',
} as const;

export const QUARTERLY_HOLDING = {
  /** Share of the year's embedded emissions so far that certificates held at each quarter's end must cover. */
  pct: 50,
  fromYear: 2027,
  source: 'Regulation (EU) 2023/956 Art. 22(2) as amended by Regulation (EU) 2025/2083 (50%, was 80%); to verify',
} as const;

const pad = (n: number): string => String(n).padStart(2, '0');

function lastDayOfMonth(year: number, month: number): string {
  const day = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** Whether imports of a year and quarter fall in the transitional period (quarterly reports). */
export function isTransitionalQuarter(year: number, quarter: number): boolean {
  const q = year * 4 + quarter;
  return q >= TRANSITIONAL_FIRST.year * 4 + TRANSITIONAL_FIRST.quarter && q <= TRANSITIONAL_LAST.year * 4 + TRANSITIONAL_LAST.quarter;
}

/** Due date (YYYY-MM-DD) of the quarterly report for a transitional quarter; null outside it. */
export function quarterlyReportDue(year: number, quarter: number): string | null {
  if (!Number.isInteger(quarter) || quarter < 1 || quarter > 4 || !isTransitionalQuarter(year, quarter)) return null;
  const month = quarter * 3 + 1;
  return month > 12 ? lastDayOfMonth(year + 1, 1) : lastDayOfMonth(year, month);
}

export interface AnnualDeadlines {
  year: number;
  /** The annual CBAM declaration for the year's imports; null before the definitive period. */
  declaration_due: string | null;
  /** Surrender of the certificates owed for the year's imports; null before the definitive period. */
  surrender_due: string | null;
  /** Quarter ends at which certificates held must cover QUARTERLY_HOLDING.pct of the year's embedded emissions so far. */
  quarterly_holding: { pct: number; at: string[] } | null;
  sources: string[];
}

export function annualDeadlines(year: number): AnnualDeadlines {
  if (year < DEFINITIVE_FIRST_YEAR) {
    return { year, declaration_due: null, surrender_due: null, quarterly_holding: null, sources: [QUARTERLY_REPORT_SOURCE] };
  }
  const due = `${year + 1}-${pad(ANNUAL_DEADLINE.month)}-${pad(ANNUAL_DEADLINE.day)}`;
  const holding = year >= QUARTERLY_HOLDING.fromYear;
  return {
    year,
    declaration_due: due,
    surrender_due: due,
    quarterly_holding: holding ? { pct: QUARTERLY_HOLDING.pct, at: [3, 6, 9, 12].map((m) => lastDayOfMonth(year, m)) } : null,
    sources: holding ? [ANNUAL_DEADLINE.source, QUARTERLY_HOLDING.source] : [ANNUAL_DEADLINE.source],
  };
}
