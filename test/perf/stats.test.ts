import { describe, expect, it } from 'vitest';
import { mannWhitneyU, median, normalUpperTail, quantileSketch, quantileSorted, summarize } from '../../src/perf/bench/stats.ts';

describe('order statistics', () => {
  it('interpolates quantiles between order statistics', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(quantileSorted([10, 20, 30, 40, 50], 0.95)).toBeCloseTo(48, 10);
    expect(Number.isNaN(median([]))).toBe(true);
  });

  it('summarizes median, p95 and mean', () => {
    const values = Array.from({ length: 101 }, (_, i) => i);
    expect(summarize(values)).toEqual({ median: 50, p95: 95, mean: 50 });
  });

  it('keeps small samples as they are and sketches large ones by quantiles', () => {
    expect(quantileSketch([3, 1, 2], 5)).toEqual([3, 1, 2]);
    const sketch = quantileSketch(
      Array.from({ length: 1000 }, (_, i) => 999 - i),
      10,
    );
    expect(sketch).toHaveLength(10);
    expect(sketch[0]).toBeCloseTo(49.95, 6);
    expect(sketch[9]).toBeCloseTo(949.05, 6);
  });
});

describe('Mann–Whitney U', () => {
  // R's wilcox.test example data (Hollander & Wolfe): W = 58. The p-values are the normal
  // approximation with continuity correction, as scipy.stats.mannwhitneyu(method='asymptotic')
  // gives them: greater 0.066460, less 0.944204.
  const x = [1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3];
  const y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29];

  it('matches the reference U and p-values', () => {
    const result = mannWhitneyU(x, y);
    expect(result.u).toBe(58);
    expect(result.pGreater).toBeCloseTo(0.0664597, 5);
    expect(result.pLess).toBeCloseTo(0.9442044, 5);
  });

  it('counts ties as one half and corrects the variance for them', () => {
    // U by hand: each of the three 3s ties one y (1.5), the 4 beats one y and ties two (2),
    // the 5 beats three and ties two (4): 7.5. scipy (asymptotic): p(less) = 0.0031866.
    const result = mannWhitneyU([1, 2, 2, 3, 3, 3, 4, 5], [3, 4, 4, 5, 5, 6, 7, 7, 8]);
    expect(result.u).toBe(7.5);
    expect(result.pLess).toBeCloseTo(0.0031866, 6);
    expect(result.pGreater).toBeCloseTo(0.9976387, 6);
  });

  it('is symmetric: swapping the samples swaps the tails', () => {
    const forward = mannWhitneyU(x, y);
    const backward = mannWhitneyU(y, x);
    expect(backward.u).toBe(x.length * y.length - forward.u);
    expect(backward.pLess).toBeCloseTo(forward.pGreater, 12);
  });

  it('finds nothing in identical or empty samples', () => {
    expect(mannWhitneyU([5, 5, 5], [5, 5, 5])).toMatchObject({ pGreater: 1, pLess: 1 });
    expect(mannWhitneyU([], [1, 2])).toMatchObject({ pGreater: 1, pLess: 1 });
  });

  it('cannot reach p < 0.01 with three samples a side, however far apart', () => {
    expect(mannWhitneyU([10, 11, 12], [1, 2, 3]).pGreater).toBeGreaterThan(0.01);
  });
});

describe('normal tail', () => {
  it('matches standard values, far tail included', () => {
    expect(normalUpperTail(0)).toBeCloseTo(0.5, 7);
    expect(normalUpperTail(1.959964)).toBeCloseTo(0.025, 6);
    expect(normalUpperTail(-1.959964)).toBeCloseTo(0.975, 6);
    expect(normalUpperTail(8) / 6.22096e-16).toBeCloseTo(1, 3);
  });
});
