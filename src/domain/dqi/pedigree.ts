/**
 * The pedigree matrix: five data-quality indicators, each scored 1 (best) to 5 (worst), after
 * Weidema & Wesnæs (1996) as used by ecoinvent v2 (Frischknecht et al. 2007, ecoinvent report
 * No. 1, §7.4). The uncertainty factors are PRODUCT.md's "Formulas" table; see
 * docs/data-quality.md for how they enter a result's uncertainty.
 */
import { CalculationError, type InputIssue, type Tier } from '../scope3/types.ts';

export type PedigreeScore = 1 | 2 | 3 | 4 | 5;

export interface PedigreeScores {
  reliability: PedigreeScore;
  completeness: PedigreeScore;
  temporal: PedigreeScore;
  geographical: PedigreeScore;
  technological: PedigreeScore;
}

export type PedigreeIndicator = keyof PedigreeScores;

export const PEDIGREE_INDICATORS: readonly PedigreeIndicator[] = ['reliability', 'completeness', 'temporal', 'geographical', 'technological'];

/**
 * Uncertainty factor U of each indicator at scores 1..5 (index 0 is score 1). As in ecoinvent v2,
 * each U is a contribution to the *square* of the geometric standard deviation (the 95% factor),
 * so ln(U) = 2·σ_ln of that contribution.
 */
export const PEDIGREE_UNCERTAINTY_FACTORS: Readonly<Record<PedigreeIndicator, readonly [number, number, number, number, number]>> = {
  reliability: [1.0, 1.05, 1.1, 1.2, 1.5],
  completeness: [1.0, 1.02, 1.05, 1.1, 1.2],
  temporal: [1.0, 1.03, 1.1, 1.2, 1.5],
  geographical: [1.0, 1.01, 1.02, 1.1, 1.2],
  technological: [1.0, 1.05, 1.2, 1.5, 2.0],
};

/**
 * The temporal score of data `years` old: < 3 → 1, < 6 → 2, < 10 → 3, < 15 → 4, else 5
 * (PRODUCT.md). Throws RangeError for a negative or non-finite age.
 */
export function temporalScoreForAge(years: number): PedigreeScore {
  if (!Number.isFinite(years) || years < 0) throw new RangeError(`data age must be a finite number of years ≥ 0, got ${years}`);
  if (years < 3) return 1;
  if (years < 6) return 2;
  if (years < 10) return 3;
  if (years < 15) return 4;
  return 5;
}

/**
 * The pedigree assumed when a record gives none: every indicator 2 for tier 1 (supplier-specific
 * data), 3 for tier 2 (average data), 4 for tier 3 (spend-based). Used both by the DQI score and
 * by the uncertainty, so a missing pedigree is never better than a good one.
 */
export const DEFAULT_PEDIGREE_BY_TIER: Readonly<Record<Tier, PedigreeScores>> = {
  1: { reliability: 2, completeness: 2, temporal: 2, geographical: 2, technological: 2 },
  2: { reliability: 3, completeness: 3, temporal: 3, geographical: 3, technological: 3 },
  3: { reliability: 4, completeness: 4, temporal: 4, geographical: 4, technological: 4 },
};

/** The pedigree given, or the tier's default when none was. */
export function effectivePedigree(pedigree: PedigreeScores | null, tier: Tier): PedigreeScores {
  return pedigree ?? DEFAULT_PEDIGREE_BY_TIER[tier];
}

/**
 * Checks a raw pedigree: an object with exactly the five indicators, each an integer 1–5.
 * Every problem is reported, each under `field.indicator`.
 */
export function parsePedigree(raw: unknown, field: string): PedigreeScores {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new CalculationError([{ field, message: `must be an object with ${PEDIGREE_INDICATORS.join(', ')}, each an integer 1–5` }]);
  }
  const record = raw as Record<string, unknown>;
  const issues: InputIssue[] = [];
  for (const key of Object.keys(record)) {
    if (!(PEDIGREE_INDICATORS as readonly string[]).includes(key)) {
      issues.push({ field: `${field}.${key}`, message: `is not a pedigree indicator; known: ${PEDIGREE_INDICATORS.join(', ')}` });
    }
  }
  const out: Partial<Record<PedigreeIndicator, PedigreeScore>> = {};
  for (const key of PEDIGREE_INDICATORS) {
    const v = record[key];
    if (v === undefined || v === null) issues.push({ field: `${field}.${key}`, message: 'is required' });
    else if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 5) issues.push({ field: `${field}.${key}`, message: 'must be an integer 1–5' });
    else out[key] = v as PedigreeScore;
  }
  if (issues.length > 0) throw new CalculationError(issues);
  return out as PedigreeScores;
}
