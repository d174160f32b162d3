/**
 * Uncertainty: lognormal intervals and the combined uncertainty of one result (lognormal.ts),
 * and seeded Monte Carlo propagation to a portfolio total (monte-carlo.ts, distributions.ts,
 * random.ts). Formulas and their sources: docs/data-quality.md.
 */
export {
  addSamples,
  checkDistribution,
  DISTRIBUTION_KINDS,
  type Distribution,
  type DistributionKind,
  distributionMean,
  distributionVariance,
  MAX_LOGNORMAL_CV,
  MAX_PARAMETER,
  parseDistribution,
} from './distributions.ts';
export {
  DEFAULT_BASE_CV,
  lognormalCi95,
  lognormalFromMeanCv,
  pedigreeLogVariance,
  type ResultUncertainty,
  resultUncertainty,
  TIER_CV_MULTIPLIERS,
  Z95,
} from './lognormal.ts';
export {
  averageRanks,
  MAX_ITERATIONS,
  MIN_ITERATIONS,
  type MonteCarloInput,
  type MonteCarloResult,
  monteCarlo,
  percentileOfSorted,
  RANK_CORRELATION_INPUTS,
  RANK_CORRELATION_MAX_ITERATIONS,
  Ranker,
  type SensitivityEntry,
} from './monte-carlo.ts';
export { fillStandardNormals, fillUniforms, seedStream } from './random.ts';
