/**
 * Data quality: the pedigree matrix (pedigree.ts) and the composite DQI score (score.ts).
 * Formulas and the choices behind them: docs/data-quality.md.
 */
export {
  DEFAULT_PEDIGREE_BY_TIER,
  effectivePedigree,
  PEDIGREE_INDICATORS,
  PEDIGREE_UNCERTAINTY_FACTORS,
  type PedigreeIndicator,
  type PedigreeScore,
  type PedigreeScores,
  parsePedigree,
  temporalScoreForAge,
} from './pedigree.ts';
export {
  type DataQuality,
  type DataQualityLabel,
  DQI_WEIGHTS,
  dataQualityLabel,
  pedigreeScore,
  SOURCE_SCORES,
  type SourceKind,
  scoreDataQuality,
  TIER_SCORES,
} from './score.ts';
