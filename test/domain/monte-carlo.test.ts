import { describe, expect, it } from 'vitest';
import { issuesOf } from '../support/issues.ts';
import {
  averageRanks,
  type Distribution,
  distributionMean,
  distributionVariance,
  fillStandardNormals,
  monteCarlo,
  percentileOfSorted,
  RANK_CORRELATION_INPUTS,
  seedStream,
} from '../../src/domain/uncertainty/index.ts';

const one = (distribution: Distribution, iterations = 1_000_000, seed = 7) => monteCarlo([{ name: 'x', distribution }], { iterations, seed });

describe('monteCarlo: reproducibility', () => {
  const inputs = [
    { name: 'steel', distribution: { kind: 'lognormal', mean: 1200, cv: 0.3 } },
    { name: 'freight', distribution: { kind: 'normal', mean: 300, sd: 40 } },
    { name: 'services', distribution: { kind: 'triangular', min: 50, mode: 80, max: 200 } },
    { name: 'waste', distribution: { kind: 'uniform', min: 5, max: 15 } },
  ] satisfies Array<{ name: string; distribution: Distribution }>;

  it('gives identical results for the same seed', () => {
    const a = monteCarlo(inputs, { iterations: 5_000, seed: 42 });
    const b = monteCarlo(inputs, { iterations: 5_000, seed: 42 });
    expect(b).toEqual(a);
    expect(a.iterations).toBe(5_000);
    expect(a.seed).toBe(42);
  });

  it('gives different results for a different seed', () => {
    const a = monteCarlo(inputs, { iterations: 5_000, seed: 42 });
    const b = monteCarlo(inputs, { iterations: 5_000, seed: 43 });
    expect(b.mean).not.toBe(a.mean);
    expect(b.p95).not.toBe(a.p95);
  });

  it('draws every input from its own stream: adding an input leaves the others’ draws alone', () => {
    // Input 0 alone and input 0 next to a constant: the totals differ by exactly the constant.
    const alone = monteCarlo([inputs[0]!], { iterations: 2_000, seed: 9 });
    const withConstant = monteCarlo([inputs[0]!, { name: 'c', distribution: { kind: 'normal', mean: 1000, sd: 0 } }], { iterations: 2_000, seed: 9 });
    expect(withConstant.p50 - alone.p50).toBeCloseTo(1000, 6);
    expect(withConstant.std).toBeCloseTo(alone.std, 6);
  });

  it('keeps the order invariants of the summary for many seeds', () => {
    for (let seed = 0; seed < 25; seed++) {
      const r = monteCarlo(inputs, { iterations: 1_000, seed });
      expect(r.min).toBeLessThanOrEqual(r.p5);
      expect(r.p5).toBeLessThanOrEqual(r.p50);
      expect(r.p50).toBeLessThanOrEqual(r.p95);
      expect(r.p95).toBeLessThanOrEqual(r.max);
      const shares = r.sensitivity.reduce((s, e) => s + e.contributionToVariance, 0);
      expect(shares).toBeCloseTo(1, 12);
      for (const e of r.sensitivity) expect(Math.abs(e.rankCorrelation!)).toBeLessThanOrEqual(1);
    }
  });
});

describe('monteCarlo: convergence to analytic values', () => {
  it('sums 100 inputs N(10, 2): mean 1000 ± 1, std 20 ± 0.5 at 200k iterations', () => {
    // Sum of independent normals: mean 100 × 10 = 1000, sd √(100 × 2²) = 20.
    const inputs = Array.from({ length: 100 }, (_, i) => ({ name: `n${i}`, distribution: { kind: 'normal', mean: 10, sd: 2 } as Distribution }));
    const r = monteCarlo(inputs, { iterations: 200_000, seed: 1 });
    expect(Math.abs(r.mean - 1000)).toBeLessThan(1);
    expect(Math.abs(r.std - 20)).toBeLessThan(0.5);
    // N(1000, 20): p5/p95 = 1000 ∓ 1.6449 × 20 = 967.10 / 1032.90.
    expect(Math.abs(r.p5 - 967.1)).toBeLessThan(0.5);
    expect(Math.abs(r.p50 - 1000)).toBeLessThan(0.5);
    expect(Math.abs(r.p95 - 1032.9)).toBeLessThan(0.5);
  });

  it('matches the analytic mean and sd of each distribution (1M samples)', () => {
    const cases: Array<[Distribution, number, number]> = [
      // uniform(0, 10): mean 5, sd 10/√12 = 2.88675
      [{ kind: 'uniform', min: 0, max: 10 }, 5, 2.88675],
      // triangular(0, 2, 10): mean (0+2+10)/3 = 4, var (0+100+4−0−0−20)/18 = 4.6667, sd 2.16025
      [{ kind: 'triangular', min: 0, mode: 2, max: 10 }, 4, 2.16025],
      // lognormal(mean 100, cv 0.5): sd 50
      [{ kind: 'lognormal', mean: 100, cv: 0.5 }, 100, 50],
      // normal(−3, 4)
      [{ kind: 'normal', mean: -3, sd: 4 }, -3, 4],
    ];
    for (const [d, mean, sd] of cases) {
      expect(distributionMean(d)).toBeCloseTo(mean, 4);
      expect(Math.sqrt(distributionVariance(d))).toBeCloseTo(sd, 4);
      const r = one(d);
      // Standard error of the mean sd/1000; allow 5 of them. The sd within 0.5%.
      expect(Math.abs(r.mean - mean), `${d.kind} mean`).toBeLessThan((5 * sd) / 1000);
      expect(Math.abs(r.std / sd - 1), `${d.kind} sd`).toBeLessThan(0.005);
    }
  });

  it('finds the percentiles of known distributions', () => {
    // uniform(0, 1): p = quantile.
    const u = one({ kind: 'uniform', min: 0, max: 1 });
    expect(u.p5).toBeCloseTo(0.05, 2);
    expect(u.p50).toBeCloseTo(0.5, 2);
    expect(u.p95).toBeCloseTo(0.95, 2);
    expect(u.min).toBeGreaterThanOrEqual(0);
    expect(u.max).toBeLessThan(1);
    // standard normal: ∓1.644854.
    const z = one({ kind: 'normal', mean: 0, sd: 1 });
    expect(Math.abs(z.p5 + 1.644854)).toBeLessThan(0.01);
    expect(Math.abs(z.p95 - 1.644854)).toBeLessThan(0.01);
    // lognormal mean 100, cv 0.5: median exp(μ) = exp(4.4935984) = 89.4427; p95 = exp(μ + 1.644854σ) = 194.4.
    const ln = one({ kind: 'lognormal', mean: 100, cv: 0.5 });
    expect(Math.abs(ln.p50 - 89.4427)).toBeLessThan(0.3);
    expect(Math.abs(ln.p95 - Math.exp(4.4935984 + 1.644854 * 0.4723807))).toBeLessThan(1);
    // triangular(0, 0, 1): F(x) = 1 − (1−x)² → median 1 − √0.5 = 0.292893.
    const t = one({ kind: 'triangular', min: 0, mode: 0, max: 1 });
    expect(Math.abs(t.p50 - 0.292893)).toBeLessThan(0.002);
  });

  it('draws standard normals with mean 0, variance 1, kurtosis 3', () => {
    const state = new Int32Array(4);
    seedStream(state, 123, 0);
    const n = 1_000_001; // odd: the last pair writes one past n
    const z = new Float64Array(n + 1);
    fillStandardNormals(state, z, n);
    let m1 = 0;
    let m2 = 0;
    let m4 = 0;
    for (let j = 0; j < n; j++) {
      const x = z[j]!;
      m1 += x;
      m2 += x * x;
      m4 += x ** 4;
    }
    expect(Math.abs(m1 / n)).toBeLessThan(0.005);
    expect(Math.abs(m2 / n - 1)).toBeLessThan(0.005);
    expect(Math.abs(m4 / n - 3)).toBeLessThan(0.05);
  });
});

describe('monteCarlo: constants and summaries', () => {
  it('turns constant inputs into a point with no variance', () => {
    const r = monteCarlo(
      [
        { name: 'a', distribution: { kind: 'normal', mean: 5, sd: 0 } },
        { name: 'b', distribution: { kind: 'lognormal', mean: 7, cv: 0 } },
        { name: 'c', distribution: { kind: 'uniform', min: 2, max: 2 } },
        { name: 'd', distribution: { kind: 'triangular', min: 1, mode: 1, max: 1 } },
        { name: 'e', distribution: { kind: 'lognormal', mean: 0, cv: 0.5 } },
      ],
      { iterations: 1_000, seed: 3 },
    );
    expect(r).toMatchObject({ mean: 15, std: 0, p5: 15, p50: 15, p95: 15, min: 15, max: 15 });
    for (const e of r.sensitivity) expect(e).toMatchObject({ contributionToVariance: 0, rankCorrelation: 0 });
  });

  it('defines percentiles by linear interpolation between order statistics', () => {
    const s = Float64Array.from([1, 2, 3, 4]);
    // h = (n − 1)p: p = 0.5 → h = 1.5 → 2 + 0.5 × (3 − 2) = 2.5; p = 0.05 → h = 0.15 → 1.15.
    expect(percentileOfSorted(s, 0.5)).toBe(2.5);
    expect(percentileOfSorted(s, 0.05)).toBeCloseTo(1.15, 12);
    expect(percentileOfSorted(s, 0.95)).toBeCloseTo(3.85, 12);
    expect(percentileOfSorted(s, 0)).toBe(1);
    expect(percentileOfSorted(s, 1)).toBe(4);
  });

  it('averages the ranks of ties', () => {
    expect([...averageRanks(Float64Array.from([3, 1, 3, 2]))]).toEqual([3.5, 1, 3.5, 2]);
    expect([...averageRanks(Float64Array.from([-0, 0, -1e300, 5e-324, -5e-324]))]).toEqual([3.5, 3.5, 1, 5, 2]);
  });

  it('ranks like a comparison sort, for small and large arrays (8- and 16-bit radix digits)', () => {
    const state = new Int32Array(4);
    for (const n of [1, 2, 1_000, 70_000]) {
      seedStream(state, n, 0);
      const z = new Float64Array(n + 1);
      fillStandardNormals(state, z, n);
      const v = z.subarray(0, n).map((x, j) => (j % 7 === 0 ? Math.round(x) : x * 10 ** ((j % 5) * 3 - 6)));
      const ranks = averageRanks(v);
      const sorted = Float64Array.from(v).sort();
      for (let j = 0; j < n; j += n <= 1_000 ? 1 : 97) {
        let first = 0;
        while (sorted[first]! < v[j]!) first++;
        let end = first;
        while (end < n && sorted[end] === v[j]) end++;
        expect(ranks[j], `n=${n} j=${j}`).toBe((first + 1 + end) / 2);
      }
    }
  });
});

describe('monteCarlo: sensitivity', () => {
  it('ranks the input with the largest variance first, with its share and rank correlation', () => {
    const r = monteCarlo(
      [
        { name: 'small', distribution: { kind: 'normal', mean: 0, sd: 1 } },
        { name: 'big', distribution: { kind: 'normal', mean: 0, sd: 10 } },
        { name: 'medium', distribution: { kind: 'normal', mean: 0, sd: 3 } },
      ],
      { iterations: 100_000, seed: 5 },
    );
    expect(r.sensitivity.map((e) => e.name)).toEqual(['big', 'medium', 'small']);
    // Shares: 100/110 = 0.90909, 9/110 = 0.08182, 1/110 = 0.00909.
    expect(r.sensitivity[0]!.contributionToVariance).toBeCloseTo(100 / 110, 2);
    expect(r.sensitivity[1]!.contributionToVariance).toBeCloseTo(9 / 110, 2);
    expect(r.sensitivity[2]!.contributionToVariance).toBeCloseTo(1 / 110, 3);
    // Bivariate normal with Pearson r = 10/√110 = 0.95346: Spearman ρ = (6/π) asin(r/2) = 0.94907.
    expect(Math.abs(r.sensitivity[0]!.rankCorrelation! - 0.94907)).toBeLessThan(0.005);
    // r = 3/√110 = 0.28604 → ρ = (6/π) asin(0.14302) = 0.27392.
    expect(Math.abs(r.sensitivity[1]!.rankCorrelation! - 0.27392)).toBeLessThan(0.01);
  });

  it('gives a lone input all the variance and ρ = 1 (its draws are redrawn bit-identically)', () => {
    const r = one({ kind: 'lognormal', mean: 10, cv: 1.5 }, 10_000);
    expect(r.sensitivity).toEqual([{ name: 'x', contributionToVariance: 1, rankCorrelation: 1 }]);
  });

  it(`computes rank correlations for the top ${RANK_CORRELATION_INPUTS} inputs by variance only`, () => {
    const inputs = Array.from({ length: 25 }, (_, i) => ({ name: `in${i}`, distribution: { kind: 'normal', mean: 100, sd: i + 1 } as Distribution }));
    const r = monteCarlo(inputs, { iterations: 2_000, seed: 11 });
    expect(r.sensitivity).toHaveLength(25);
    const withRho = r.sensitivity.filter((e) => e.rankCorrelation !== null);
    expect(withRho).toHaveLength(RANK_CORRELATION_INPUTS);
    expect(r.sensitivity.slice(RANK_CORRELATION_INPUTS).every((e) => e.rankCorrelation === null)).toBe(true);
    expect(r.sensitivity.slice(RANK_CORRELATION_INPUTS).map((e) => e.name)).toEqual(expect.arrayContaining(['in0', 'in1', 'in2']));
    for (let k = 1; k < r.sensitivity.length; k++) {
      expect(r.sensitivity[k]!.contributionToVariance).toBeLessThanOrEqual(r.sensitivity[k - 1]!.contributionToVariance);
    }
  });
});

describe('monteCarlo: validation', () => {
  const ok = { name: 'ok', distribution: { kind: 'normal', mean: 1, sd: 1 } as Distribution };
  const bad = (distribution: unknown) => issuesOf(() => monteCarlo([ok, { name: 'bad', distribution } as never], { iterations: 1_000, seed: 1 }));

  it('names the field of each bad parameter', () => {
    expect(bad({ kind: 'normal', mean: 1, sd: -1 })).toEqual([{ field: 'inputs[1].distribution.sd', message: 'must be ≥ 0' }]);
    expect(bad({ kind: 'lognormal', mean: -5, cv: 0.2 })[0]!.field).toBe('inputs[1].distribution.mean');
    expect(bad({ kind: 'lognormal', mean: 5, cv: 101 })[0]!.field).toBe('inputs[1].distribution.cv');
    expect(bad({ kind: 'uniform', min: 3, max: 2 })[0]!.field).toBe('inputs[1].distribution.max');
    expect(bad({ kind: 'triangular', min: 0, mode: 5, max: 4 })[0]!.field).toBe('inputs[1].distribution.mode');
    expect(bad({ kind: 'normal', mean: '1', sd: 1 })).toEqual([{ field: 'inputs[1].distribution.mean', message: 'must be a number, got string' }]);
    expect(bad({ kind: 'normal', mean: Number.NaN, sd: 1 })[0]!.field).toBe('inputs[1].distribution.mean');
    expect(bad({ kind: 'normal', mean: 1 })).toEqual([{ field: 'inputs[1].distribution.sd', message: 'is required' }]);
    expect(bad({ kind: 'normal', mean: 1, sd: 1, cv: 2 })[0]!.field).toBe('inputs[1].distribution.cv');
    expect(bad({ kind: 'poisson', lambda: 3 })[0]!.field).toBe('inputs[1].distribution.kind');
    expect(bad(null)[0]!.field).toBe('inputs[1].distribution');
  });

  it('refuses iterations outside 1,000–1,000,000 and a non-integer seed', () => {
    for (const iterations of [999, 1_000_001, 1_500.5, Number.NaN]) {
      expect(issuesOf(() => monteCarlo([ok], { iterations, seed: 1 }))[0]!.field).toBe('iterations');
    }
    expect(issuesOf(() => monteCarlo([ok], { iterations: 1_000, seed: 1.5 }))[0]!.field).toBe('seed');
    expect(issuesOf(() => monteCarlo([], { iterations: 1_000, seed: 1 }))[0]!.field).toBe('inputs');
    expect(issuesOf(() => monteCarlo([{ name: '', distribution: ok.distribution }], { iterations: 1_000, seed: 1 }))[0]!.field).toBe('inputs[0].name');
  });

  it('accepts both ends of the iteration range', () => {
    expect(monteCarlo([ok], { iterations: 1_000, seed: 1 }).iterations).toBe(1_000);
    expect(monteCarlo([ok], { iterations: 1_000_000, seed: 1 }).iterations).toBe(1_000_000);
  });
});
