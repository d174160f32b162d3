import { describe, expect, it } from 'vitest';
import type { PedigreeScore, PedigreeScores } from '../../src/domain/dqi/index.ts';
import { lognormalCi95, lognormalFromMeanCv, pedigreeLogVariance, resultUncertainty } from '../../src/domain/uncertainty/index.ts';

const ped = (r: PedigreeScore, c: PedigreeScore, t: PedigreeScore, g: PedigreeScore, te: PedigreeScore): PedigreeScores => ({
  reliability: r,
  completeness: c,
  temporal: t,
  geographical: g,
  technological: te,
});

describe('lognormal from mean and CV', () => {
  // PRODUCT.md: σ_ln = √ln(1+CV²), μ_ln = ln(mean) − σ_ln²/2, 95% CI exp(μ_ln ± 1.96 σ_ln).
  // mean 100, CV 0.5: σ² = ln 1.25 = 0.2231436, σ = 0.4723807;
  // μ = ln 100 − 0.1115718 = 4.6051702 − 0.1115718 = 4.4935984;
  // CI = exp(4.4935984 ∓ 0.9258662) = [exp(3.5677322), exp(5.4194646)] = [35.43614, 225.75823].
  it('matches the hand computation for mean 100, CV 0.5', () => {
    const { muLn, sigmaLn } = lognormalFromMeanCv(100, 0.5);
    expect(sigmaLn).toBeCloseTo(0.4723807, 7);
    expect(muLn).toBeCloseTo(4.4935984, 7);
    const [lo, hi] = lognormalCi95(100, 0.5);
    expect(lo).toBeCloseTo(35.43614, 4);
    expect(hi).toBeCloseTo(225.75823, 4);
  });

  it('keeps the arithmetic mean: exp(μ + σ²/2) = mean', () => {
    for (const [mean, cv] of [
      [1, 0.1],
      [250, 0.5],
      [1e6, 2],
    ] as const) {
      const { muLn, sigmaLn } = lognormalFromMeanCv(mean, cv);
      expect(Math.exp(muLn + (sigmaLn * sigmaLn) / 2) / mean).toBeCloseTo(1, 12);
    }
  });

  it('gives [0, 0] for mean 0 and a point for CV 0', () => {
    expect(lognormalCi95(0, 0.5)).toEqual([0, 0]);
    const [lo, hi] = lognormalCi95(42, 0);
    expect(lo).toBeCloseTo(42, 12);
    expect(hi).toBeCloseTo(42, 12);
  });

  it('refuses a non-positive mean or a negative CV', () => {
    expect(() => lognormalFromMeanCv(-1, 0.5)).toThrow(RangeError);
    expect(() => lognormalFromMeanCv(0, 0.5)).toThrow(RangeError);
    expect(() => lognormalCi95(10, -0.1)).toThrow(RangeError);
  });
});

describe('resultUncertainty', () => {
  // σ_total² = ln(1 + (CV_base × tier multiplier)²) + ¼ Σ [ln U_i]²  (ecoinvent v2: each U is a
  // contribution to the square of the GSD, ln U = 2σ); CV = √(exp σ² − 1). See docs/data-quality.md.
  it('combines base CV, tier multiplier and pedigree, worked by hand', () => {
    // Pedigree (2, 3, 1, 2, 4) → U = 1.05, 1.05, 1.00, 1.01, 1.50;
    // [ln U]² = 0.0023805 + 0.0023805 + 0 + 0.0000990 + 0.1644020 = 0.1692619; ÷ 4 = 0.0423155.
    // Base CV 0.2 × 1.5 (tier 2) = 0.3 → ln 1.09 = 0.0861777. σ² = 0.1284932, σ = 0.3584594.
    // CV = √(e^0.1284932 − 1) = 0.3702886; GSD = e^σ = 1.4311230;
    // μ = ln 1000 − σ²/2 = 6.8435087; CI = exp(μ ∓ 1.96σ) = [464.4845, 1893.3238].
    const u = resultUncertainty({ kgCo2e: 1000, baseCv: 0.2, tier: 2, pedigree: ped(2, 3, 1, 2, 4) });
    expect(u.distribution).toBe('lognormal');
    expect(u.sigmaLn).toBeCloseTo(0.3584594, 7);
    expect(u.cv).toBeCloseTo(0.3702886, 7);
    expect(u.gsd).toBeCloseTo(1.431123, 6);
    expect(u.muLn).toBeCloseTo(6.8435087, 7);
    expect(u.ci95[0]).toBeCloseTo(464.4845, 3);
    expect(u.ci95[1]).toBeCloseTo(1893.3238, 3);
    expect(pedigreeLogVariance(ped(2, 3, 1, 2, 4))).toBeCloseTo(0.0423155, 7);
  });

  it('uses CV 0.5 and the tier default pedigree when neither is known', () => {
    // Tier 3: base 0.5 × 2.0 = 1.0 → ln 2 = 0.6931472; default pedigree all 4 → U = 1.2, 1.1,
    // 1.2, 1.1, 1.5 → (0.0332412 + 0.0090840 + 0.0332412 + 0.0090840 + 0.1644020)/4 = 0.0622631.
    // σ² = 0.7554103 → CV = √(e^0.7554103 − 1) = 1.0623015.
    const u = resultUncertainty({ kgCo2e: 50, baseCv: null, tier: 3, pedigree: null });
    expect(u.cv).toBeCloseTo(1.0623015, 6);
    expect(u.sigmaLn ** 2).toBeCloseTo(0.7554103, 7);
  });

  it('reduces to the base CV for a perfect pedigree at tier 1, and its CI is lognormalCi95', () => {
    const u = resultUncertainty({ kgCo2e: 100, baseCv: 0.5, tier: 1, pedigree: ped(1, 1, 1, 1, 1) });
    expect(u.cv).toBeCloseTo(0.5, 12);
    const [lo, hi] = lognormalCi95(100, 0.5);
    expect(u.ci95[0]).toBeCloseTo(lo, 9);
    expect(u.ci95[1]).toBeCloseTo(hi, 9);
  });

  it('grows when any indicator worsens, when the tier worsens, and is never below a perfect pedigree', () => {
    const scores: PedigreeScore[] = [1, 2, 3, 4, 5];
    for (const r of scores)
      for (const t of scores)
        for (const te of scores) {
          const base = resultUncertainty({ kgCo2e: 10, baseCv: 0.3, tier: 2, pedigree: ped(r, 2, t, 2, te) }).cv;
          if (te < 5)
            expect(resultUncertainty({ kgCo2e: 10, baseCv: 0.3, tier: 2, pedigree: ped(r, 2, t, 2, (te + 1) as PedigreeScore) }).cv).toBeGreaterThan(base);
          expect(resultUncertainty({ kgCo2e: 10, baseCv: 0.3, tier: 3, pedigree: ped(r, 2, t, 2, te) }).cv).toBeGreaterThan(base);
        }
    const perfect = resultUncertainty({ kgCo2e: 10, baseCv: null, tier: 2, pedigree: ped(1, 1, 1, 1, 1) }).cv;
    expect(resultUncertainty({ kgCo2e: 10, baseCv: null, tier: 2, pedigree: null }).cv).toBeGreaterThan(perfect);
  });

  it('handles a zero result as a point at 0', () => {
    const u = resultUncertainty({ kgCo2e: 0, baseCv: 0.1, tier: 1, pedigree: null });
    expect(u.ci95).toEqual([0, 0]);
    expect(u.muLn).toBeNull();
    expect(u.cv).toBeGreaterThan(0.1);
    expect(() => JSON.stringify(u)).not.toThrow();
  });

  it('refuses impossible inputs', () => {
    expect(() => resultUncertainty({ kgCo2e: -1, baseCv: 0.1, tier: 1, pedigree: null })).toThrow(RangeError);
    expect(() => resultUncertainty({ kgCo2e: 1, baseCv: -0.1, tier: 1, pedigree: null })).toThrow(RangeError);
    expect(() => resultUncertainty({ kgCo2e: Number.NaN, baseCv: 0.1, tier: 1, pedigree: null })).toThrow(RangeError);
  });
});
