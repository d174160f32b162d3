/**
 * The composite data-quality score (DQI), 0–100, of a calculation result (SEED-STUDY.md):
 *
 *   score = 0.5 · pedigree + 0.3 · source + 0.2 · tier
 *
 * - pedigree (0–100) = 100 × (5 − mean of the five scores) / 4, i.e. 5 × (25 − Σ scores):
 *   all 1 → 100, all 3 → 50, all 5 → 0. (The seed code had two conflicting mappings; this is the
 *   linear one, chosen so that every score step is worth the same.) With no pedigree given,
 *   the tier's default pedigree is used (tier 1 → all 2 = 75, tier 2 → all 3 = 50,
 *   tier 3 → all 4 = 25); see DEFAULT_PEDIGREE_BY_TIER.
 * - source: SOURCE_SCORES below.
 * - tier: 1 → 100, 2 → 80, 3 → 50.
 *
 * Since the pedigree component is a multiple of 5 and the others are integers, 5·p + 3·s + 2·t
 * is an integer and the score is exact to one decimal. Labels: excellent ≥ 90, good ≥ 70,
 * fair ≥ 50, else poor. Documented in docs/data-quality.md.
 */
import type { Tier } from '../scope3/types.ts';
import { effectivePedigree, PEDIGREE_INDICATORS, type PedigreeScores } from './pedigree.ts';

export type SourceKind = 'primary' | 'ecoinvent' | 'ipcc' | 'defra_epa' | 'screening' | 'proxy' | 'unknown';

/**
 * Source scores. primary (measured, supplier-specific) 100, ecoinvent 90, IPCC 85, DEFRA/EPA 80,
 * proxy 50, unknown 30 are the seed systems'. `screening` (60) is Greenline's: the built-in
 * default factors are published screening values (PRODUCT.md "Formulas") with a stated source
 * but coarser than a national data set (80) and better than a category-average proxy (50).
 */
export const SOURCE_SCORES: Readonly<Record<SourceKind, number>> = {
  primary: 100,
  ecoinvent: 90,
  ipcc: 85,
  defra_epa: 80,
  screening: 60,
  proxy: 50,
  unknown: 30,
};

export const TIER_SCORES: Readonly<Record<Tier, number>> = { 1: 100, 2: 80, 3: 50 };

export const DQI_WEIGHTS = { pedigree: 0.5, source: 0.3, tier: 0.2 } as const;

export type DataQualityLabel = 'excellent' | 'good' | 'fair' | 'poor';

export interface DataQuality {
  /** 0–100, one decimal. */
  score: number;
  label: DataQualityLabel;
  /** The pedigree as given; null when none was (the tier default was then used). */
  pedigree: PedigreeScores | null;
  components: { pedigree: number; source: number; tier: number };
}

/** 100 × (5 − mean)/4 = 5 × (25 − Σ scores): all 1 → 100, all 5 → 0. */
export function pedigreeScore(pedigree: PedigreeScores): number {
  let sum = 0;
  for (const k of PEDIGREE_INDICATORS) sum += pedigree[k];
  return 5 * (25 - sum);
}

export function dataQualityLabel(score: number): DataQualityLabel {
  if (score >= 90) return 'excellent';
  if (score >= 70) return 'good';
  if (score >= 50) return 'fair';
  return 'poor';
}

export function scoreDataQuality(args: { pedigree: PedigreeScores | null; source: SourceKind; tier: Tier }): DataQuality {
  const p = pedigreeScore(effectivePedigree(args.pedigree, args.tier));
  const s = SOURCE_SCORES[args.source];
  const t = TIER_SCORES[args.tier];
  if (s === undefined || t === undefined) throw new RangeError(`unknown source "${args.source}" or tier ${args.tier}`);
  // 0.5p + 0.3s + 0.2t = (5p + 3s + 2t) / 10, an integer over ten: exact to one decimal.
  const score = Math.round(5 * p + 3 * s + 2 * t) / 10;
  return { score, label: dataQualityLabel(score), pedigree: args.pedigree, components: { pedigree: p, source: s, tier: t } };
}
