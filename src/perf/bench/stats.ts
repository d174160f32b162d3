/** Order statistics and the Mann–Whitney U test used by the regression gate. Pure functions. */

export function sortedCopy(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

/** Quantile of ascending-sorted values, linear interpolation between order statistics. */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sorted[lower]!;
  return low + (sorted[upper]! - low) * (position - lower);
}

export function median(values: readonly number[]): number {
  return quantileSorted(sortedCopy(values), 0.5);
}

export function mean(values: readonly number[]): number {
  let sum = 0;
  for (const value of values) sum += value;
  return values.length === 0 ? Number.NaN : sum / values.length;
}

export interface Summary {
  median: number;
  p95: number;
  mean: number;
}

export function summarize(values: readonly number[]): Summary {
  const sorted = sortedCopy(values);
  return {
    median: quantileSorted(sorted, 0.5),
    p95: quantileSorted(sorted, 0.95),
    mean: mean(sorted),
  };
}

/**
 * Reduces a large sample to `size` evenly spaced quantiles. Keeps the distribution's shape for
 * later rank tests while bounding the result file; the test just becomes more conservative.
 */
export function quantileSketch(values: readonly number[], size: number): number[] {
  if (values.length <= size) return [...values];
  const sorted = sortedCopy(values);
  return Array.from({ length: size }, (_, i) => quantileSorted(sorted, (i + 0.5) / size));
}

export interface MannWhitneyResult {
  /** U of the first sample: pairs where it is larger, ties counted one half. */
  u: number;
  /** Normal-approximation z of `u`, tie- and continuity-corrected (sign: first sample larger). */
  z: number;
  /** One-sided p-value for "the first sample tends to be larger than the second". */
  pGreater: number;
  /** One-sided p-value for "the first sample tends to be smaller than the second". */
  pLess: number;
}

/**
 * Mann–Whitney U (Wilcoxon rank-sum) test with the normal approximation, tie correction and
 * continuity correction. Rank-based, so the long right tail that a noisy machine adds to
 * timings (preemption, GC, frequency changes) cannot drag the result the way it drags a mean.
 */
export function mannWhitneyU(first: readonly number[], second: readonly number[]): MannWhitneyResult {
  const n1 = first.length;
  const n2 = second.length;
  if (n1 === 0 || n2 === 0) return { u: Number.NaN, z: 0, pGreater: 1, pLess: 1 };

  const pooled = [...first.map((value) => ({ value, fromFirst: true })), ...second.map((value) => ({ value, fromFirst: false }))].sort(
    (a, b) => a.value - b.value,
  );

  let rankSumFirst = 0;
  let tieTerm = 0;
  for (let start = 0; start < pooled.length; ) {
    let end = start;
    while (end + 1 < pooled.length && pooled[end + 1]!.value === pooled[start]!.value) end++;
    const tieCount = end - start + 1;
    const averageRank = (start + end) / 2 + 1;
    for (let i = start; i <= end; i++) if (pooled[i]!.fromFirst) rankSumFirst += averageRank;
    tieTerm += tieCount ** 3 - tieCount;
    start = end + 1;
  }

  const n = n1 + n2;
  const u = rankSumFirst - (n1 * (n1 + 1)) / 2;
  const meanU = (n1 * n2) / 2;
  const varianceU = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (varianceU <= 0) return { u, z: 0, pGreater: 1, pLess: 1 };
  const sd = Math.sqrt(varianceU);
  const z = (u - meanU) / sd;
  return {
    u,
    z,
    pGreater: normalUpperTail((u - meanU - 0.5) / sd),
    pLess: normalUpperTail((meanU - u - 0.5) / sd),
  };
}

/** P(Z > z) for a standard normal Z. */
export function normalUpperTail(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

/**
 * Complementary error function (Numerical Recipes' Chebyshev fit, relative error < 1.2e-7
 * everywhere), accurate in the far tail where 1 - erf(x) would cancel to zero.
 */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const poly =
    -z * z -
    1.26551223 +
    t *
      (1.00002368 +
        t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const value = t * Math.exp(poly);
  return x >= 0 ? value : 2 - value;
}
