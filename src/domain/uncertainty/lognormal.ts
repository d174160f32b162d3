/**
 * Lognormal uncertainty of one result (PRODUCT.md "Formulas", docs/data-quality.md).
 *
 * A result's value is taken as the arithmetic mean of a lognormal with coefficient of variation
 * CV (σ/mean):  σ_ln = √ln(1 + CV²),  μ_ln = ln(mean) − σ_ln²/2,  95% CI = exp(μ_ln ± 1.96 σ_ln).
 *
 * Combined uncertainty of a result:
 *   1. base CV = (largest CV of the factors used, or 0.5 when none states one)
 *                × tier multiplier (tier 1 → 1.0, 2 → 1.5, 3 → 2.0; SEED-STUDY.md);
 *   2. σ_base² = ln(1 + CV_base²);
 *   3. pedigree: the ecoinvent v2 rule (Frischknecht et al. 2007, "Overview and Methodology",
 *      ecoinvent report No. 1, §7.4; Weidema & Wesnæs 1996):
 *        SD_g95 = σ_g² = exp √( [ln U_b]² + Σ_i [ln U_i]² )
 *      where SD_g95 is the *square* of the geometric standard deviation and each U is a
 *      contribution to it. So ln U = 2 σ for every term, and in log-space variance:
 *        σ_total² = σ_base² + ¼ Σ_i [ln U_i]²
 *      with U_i = PEDIGREE_UNCERTAINTY_FACTORS[indicator][score − 1] over the five indicators
 *      (the record's pedigree, or the tier's default pedigree when it gives none);
 *   4. CV_total = √(exp(σ_total²) − 1), GSD = exp(σ_total), CI from (mean, CV_total).
 */
import { effectivePedigree, PEDIGREE_INDICATORS, PEDIGREE_UNCERTAINTY_FACTORS, type PedigreeScores } from '../dqi/index.ts';
import type { Tier } from '../scope3/types.ts';

/** The two-sided 95% quantile of the standard normal, as PRODUCT.md writes it. */
export const Z95 = 1.96;

/** CV assumed when no factor states one ("unknown" in SEED-STUDY.md's default CVs). */
export const DEFAULT_BASE_CV = 0.5;

export const TIER_CV_MULTIPLIERS: Readonly<Record<Tier, number>> = { 1: 1.0, 2: 1.5, 3: 2.0 };

export interface ResultUncertainty {
  distribution: 'lognormal';
  /** Combined coefficient of variation (σ / mean) of the result. */
  cv: number;
  /** μ of ln(value); null when the result is 0 (a point mass, ln 0 = −∞). */
  muLn: number | null;
  sigmaLn: number;
  /** 95% interval [exp(μ − 1.96σ), exp(μ + 1.96σ)] in kg CO2e; [0, 0] for a zero result. */
  ci95: [number, number];
  /** Geometric standard deviation exp(σ_ln). */
  gsd: number;
}

function checkCv(cv: number): void {
  if (!Number.isFinite(cv) || cv < 0) throw new RangeError(`CV must be a finite number ≥ 0, got ${cv}`);
}

/** σ_ln = √ln(1 + CV²), μ_ln = ln(mean) − σ_ln²/2. `mean` must be > 0. */
export function lognormalFromMeanCv(mean: number, cv: number): { muLn: number; sigmaLn: number } {
  if (!Number.isFinite(mean) || mean <= 0) throw new RangeError(`a lognormal mean must be a finite number > 0, got ${mean}`);
  checkCv(cv);
  const sigmaLn = Math.sqrt(Math.log1p(cv * cv));
  return { muLn: Math.log(mean) - (sigmaLn * sigmaLn) / 2, sigmaLn };
}

/** [exp(μ − 1.96σ), exp(μ + 1.96σ)]; [0, 0] for mean 0. */
export function lognormalCi95(mean: number, cv: number): [number, number] {
  if (mean === 0) {
    checkCv(cv);
    return [0, 0];
  }
  const { muLn, sigmaLn } = lognormalFromMeanCv(mean, cv);
  return [Math.exp(muLn - Z95 * sigmaLn), Math.exp(muLn + Z95 * sigmaLn)];
}

/** ¼ Σ [ln U_i]²: the pedigree's share of the log-space variance (see the module comment). */
export function pedigreeLogVariance(pedigree: PedigreeScores): number {
  let sum = 0;
  for (const k of PEDIGREE_INDICATORS) {
    const u = PEDIGREE_UNCERTAINTY_FACTORS[k][pedigree[k] - 1]!;
    const l = Math.log(u);
    sum += l * l;
  }
  return sum / 4;
}

export function resultUncertainty(args: { kgCo2e: number; baseCv: number | null; tier: Tier; pedigree: PedigreeScores | null }): ResultUncertainty {
  const { kgCo2e, tier } = args;
  if (!Number.isFinite(kgCo2e) || kgCo2e < 0) throw new RangeError(`kgCo2e must be a finite number ≥ 0, got ${kgCo2e}`);
  const base = args.baseCv ?? DEFAULT_BASE_CV;
  checkCv(base);
  const multiplier = TIER_CV_MULTIPLIERS[tier];
  if (multiplier === undefined) throw new RangeError(`unknown tier ${tier}`);
  const cvBase = base * multiplier;
  const variance = Math.log1p(cvBase * cvBase) + pedigreeLogVariance(effectivePedigree(args.pedigree, tier));
  const sigmaLn = Math.sqrt(variance);
  const cv = Math.sqrt(Math.expm1(variance));
  const gsd = Math.exp(sigmaLn);
  if (kgCo2e === 0) return { distribution: 'lognormal', cv, muLn: null, sigmaLn, ci95: [0, 0], gsd };
  const muLn = Math.log(kgCo2e) - variance / 2;
  return { distribution: 'lognormal', cv, muLn, sigmaLn, ci95: [Math.exp(muLn - Z95 * sigmaLn), Math.exp(muLn + Z95 * sigmaLn)], gsd };
}
