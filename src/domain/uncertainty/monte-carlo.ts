/**
 * Monte Carlo propagation to a portfolio total: each iteration draws every input once
 * (inputs independent) and sums them. Seeded and reproducible: input i always draws from
 * stream i of the seed (random.ts), so the same seed gives identical results.
 *
 * Memory is O(iterations), whatever the number of inputs: inputs are the outer loop and
 * iterations the inner one; one Float64Array holds the running total per iteration and one
 * scratch array the current input's standard draws, and each input's sample variance is
 * accumulated as it is drawn. No input's samples are kept: for the rank correlations the
 * top inputs are drawn again from their streams afterwards (bit-identical), one at a time.
 * Working memory, independent of the number of inputs: 16 bytes per iteration (the total and
 * the scratch array) plus 48 bytes per rank-correlation iteration (at most 100,000: the redrawn
 * input, two rank arrays, the radix sort's keys and indices) — 640 kB at 10⁴ iterations,
 * 21 MB at 10⁶.
 *
 * Outputs:
 * - mean, std (sample standard deviation, n − 1), min, max of the total.
 * - p5, p50, p95: linear interpolation between order statistics (Hyndman & Fan type 7, the
 *   default of R and NumPy): h = (n − 1)·p, q = x₍⌊h⌋₎ + (h − ⌊h⌋)(x₍⌊h⌋+1₎ − x₍⌊h⌋₎), x sorted
 *   ascending, 0-based.
 * - sensitivity, sorted by contributionToVariance, largest first:
 *   contributionToVariance = var̂(input i) / Σ_k var̂(input k) (sample variances; independent
 *   inputs, so their variances add up to the total's); rankCorrelation = Spearman's ρ between
 *   input i's samples and the total (Pearson correlation of average ranks, ties averaged),
 *   computed for the RANK_CORRELATION_INPUTS (20) inputs with the largest sample variance only
 *   (null for the others), over the first RANK_CORRELATION_MAX_ITERATIONS (100,000) iterations
 *   when there are more (sorting 10⁶ values per input would double a 10⁶-iteration run for a
 *   ρ that 10⁵ pairs already estimate to ±0.003). A constant input has ρ = 0.
 */
import { CalculationError, type InputIssue } from '../scope3/types.ts';
import { addSamples, checkDistribution, type Distribution } from './distributions.ts';
import { seedStream } from './random.ts';

export const MIN_ITERATIONS = 1_000;
export const MAX_ITERATIONS = 1_000_000;
/** Rank correlations are computed for this many inputs, those with the largest variance. */
export const RANK_CORRELATION_INPUTS = 20;
/** …over the first this-many iterations (all of them up to 100,000; ρ's standard error is then ≈ 0.003). */
export const RANK_CORRELATION_MAX_ITERATIONS = 100_000;
/** Validation stops collecting issues after this many. */
const MAX_ISSUES = 50;

export interface MonteCarloInput {
  name: string;
  distribution: Distribution;
}

export interface SensitivityEntry {
  name: string;
  /** Share of the total's variance, 0–1. */
  contributionToVariance: number;
  /** Spearman ρ with the total; null beyond the top RANK_CORRELATION_INPUTS inputs by variance. */
  rankCorrelation: number | null;
}

export interface MonteCarloResult {
  iterations: number;
  seed: number;
  mean: number;
  std: number;
  p5: number;
  p50: number;
  p95: number;
  min: number;
  max: number;
  sensitivity: SensitivityEntry[];
}

function validate(inputs: unknown, opts: { iterations: unknown; seed: unknown }): Distribution[] {
  const issues: InputIssue[] = [];
  const { iterations, seed } = opts;
  if (typeof iterations !== 'number' || !Number.isInteger(iterations) || iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
    issues.push({ field: 'iterations', message: `must be an integer from ${MIN_ITERATIONS} to ${MAX_ITERATIONS}, got ${String(iterations)}` });
  }
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) issues.push({ field: 'seed', message: `must be a safe integer, got ${String(seed)}` });
  const out: Distribution[] = [];
  if (!Array.isArray(inputs) || inputs.length === 0) {
    issues.push({ field: 'inputs', message: 'needs at least one input' });
  } else {
    for (let i = 0; i < inputs.length && issues.length < MAX_ISSUES; i++) {
      const input = inputs[i] as unknown;
      const field = `inputs[${i}]`;
      if (typeof input !== 'object' || input === null) {
        issues.push({ field, message: 'must be an object with a name and a distribution' });
        continue;
      }
      const { name, distribution } = input as Record<string, unknown>;
      if (typeof name !== 'string' || name === '') issues.push({ field: `${field}.name`, message: 'must be a non-empty string' });
      const d = checkDistribution(distribution, `${field}.distribution`, issues);
      if (d) out.push(d);
    }
  }
  if (issues.length > 0) throw new CalculationError(issues.slice(0, MAX_ISSUES));
  return out;
}

/** Linear interpolation between order statistics of an ascending array (type 7). */
export function percentileOfSorted(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  if (n === 0) throw new RangeError('no values');
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const a = sorted[lo]!;
  if (lo + 1 >= n) return a;
  return a + (h - lo) * (sorted[lo + 1]! - a);
}

/** True on little-endian hosts, where a Float64Array's Uint32 view is [low word, high word]. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Sorting and ranking buffers for n values, reused across inputs. `order` sorts by an LSD radix
 * sort on the doubles' bit patterns (made order-preserving: negative → all bits flipped,
 * positive → sign bit set), 16-bit digits for large n and 8-bit ones below 65,536 values: O(n),
 * and much faster than binary-searching each value's rank in a sorted copy, which misses the cache
 * (docs/benchmarks.md, Design measurements).
 */
export class Ranker {
  private readonly hi: Uint32Array[];
  private readonly lo: Uint32Array[];
  private readonly idx: Uint32Array[];
  private readonly bits: number;
  private readonly counts: Uint32Array;
  /** The last order()'s keys in sorted order (equal keys ⇔ equal values). */
  private sortedHi: Uint32Array;
  private sortedLo: Uint32Array;
  private sortedIdx: Uint32Array;

  constructor(readonly n: number) {
    this.hi = [new Uint32Array(n), new Uint32Array(n)];
    this.lo = [new Uint32Array(n), new Uint32Array(n)];
    this.idx = [new Uint32Array(n), new Uint32Array(n)];
    this.bits = n < 65_536 ? 8 : 16;
    this.counts = new Uint32Array(1 << this.bits);
    this.sortedHi = this.hi[0]!;
    this.sortedLo = this.lo[0]!;
    this.sortedIdx = this.idx[0]!;
  }

  /** Indices of `values` in ascending order of value (stable). The array is reused by the next call. */
  order(values: Float64Array): Uint32Array {
    const n = this.n;
    if (values.length !== n) throw new RangeError(`expected ${n} values, got ${values.length}`);
    if (!LITTLE_ENDIAN) return this.orderByComparison(values);
    const words = new Uint32Array(values.buffer, values.byteOffset, 2 * n);
    let sh = this.hi[0]!;
    let sl = this.lo[0]!;
    let si = this.idx[0]!;
    let dh = this.hi[1]!;
    let dl = this.lo[1]!;
    let di = this.idx[1]!;
    for (let j = 0; j < n; j++) {
      let lo = words[2 * j]!;
      let hi = words[2 * j + 1]!;
      if (hi === 0x80000000 && lo === 0) hi = 0; // −0 sorts and ties with +0
      if (hi & 0x80000000) {
        hi = ~hi >>> 0;
        lo = ~lo >>> 0;
      } else hi = (hi | 0x80000000) >>> 0;
      sh[j] = hi;
      sl[j] = lo;
      si[j] = j;
    }
    const bits = this.bits;
    const mask = (1 << bits) - 1;
    const buckets = 1 << bits;
    const counts = this.counts;
    for (let shift = 0; shift < 64; shift += bits) {
      const src = shift < 32 ? sl : sh;
      const s = shift & 31;
      counts.fill(0);
      for (let j = 0; j < n; j++) counts[(src[j]! >>> s) & mask]!++;
      let sum = 0;
      let trivial = false;
      for (let b = 0; b < buckets; b++) {
        const c = counts[b]!;
        if (c === n) {
          trivial = true; // every key has this digit: the pass would not move anything
          break;
        }
        counts[b] = sum;
        sum += c;
      }
      if (trivial) continue;
      for (let j = 0; j < n; j++) {
        const p = counts[(src[j]! >>> s) & mask]!++;
        dh[p] = sh[j]!;
        dl[p] = sl[j]!;
        di[p] = si[j]!;
      }
      [sh, dh] = [dh, sh];
      [sl, dl] = [dl, sl];
      [si, di] = [di, si];
    }
    this.sortedHi = sh;
    this.sortedLo = sl;
    this.sortedIdx = si;
    return si;
  }

  /** Big-endian fallback: a comparison sort of the indices; keys are then the order itself. */
  private orderByComparison(values: Float64Array): Uint32Array {
    const n = this.n;
    const out = this.idx[0]!;
    for (let j = 0; j < n; j++) out[j] = j;
    out.sort((a, b) => values[a]! - values[b]! || a - b);
    const hi = this.hi[0]!;
    const lo = this.lo[0]!;
    // Tie groups as keys: hi counts the distinct values so far in sorted order.
    let group = 0;
    for (let k = 0; k < n; k++) {
      if (k > 0 && values[out[k]!]! !== values[out[k - 1]!]!) group++;
      hi[k] = group;
      lo[k] = 0;
    }
    this.sortedHi = hi;
    this.sortedLo = lo;
    this.sortedIdx = out;
    return out;
  }

  /**
   * 1-based average ranks, into `out`, of the values last passed to order(): a run of equal
   * values at sorted positions k..e−1 all get rank (k + 1 + e)/2. Reads the sorted keys
   * sequentially; only the writes are scattered.
   */
  ranks(out: Float64Array): void {
    const n = this.n;
    const hi = this.sortedHi;
    const lo = this.sortedLo;
    const order = this.sortedIdx;
    let k = 0;
    while (k < n) {
      const h = hi[k]!;
      const l = lo[k]!;
      let e = k + 1;
      while (e < n && hi[e] === h && lo[e] === l) e++;
      const rank = (k + 1 + e) / 2;
      for (let q = k; q < e; q++) out[order[q]!] = rank;
      k = e;
    }
  }
}

/** 1-based average ranks of `values` (ties share the mean of their positions). */
export function averageRanks(values: Float64Array): Float64Array {
  const ranker = new Ranker(values.length);
  const out = new Float64Array(values.length);
  ranker.order(values);
  ranker.ranks(out);
  return out;
}

/** Pearson correlation of two rank vectors (both averaging to (n + 1)/2); 0 when one is constant. */
function rankCorrelation(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  const m = (n + 1) / 2;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let j = 0; j < n; j++) {
    const x = a[j]! - m;
    const y = b[j]! - m;
    sab += x * y;
    saa += x * x;
    sbb += y * y;
  }
  if (saa === 0 || sbb === 0) return 0;
  return Math.max(-1, Math.min(1, sab / Math.sqrt(saa * sbb)));
}

export function monteCarlo(inputs: ReadonlyArray<{ name: string; distribution: Distribution }>, opts: { iterations: number; seed: number }): MonteCarloResult {
  const distributions = validate(inputs, opts);
  const n = opts.iterations;
  const seed = opts.seed;
  const count = distributions.length;

  const total = new Float64Array(n);
  const scratch = new Float64Array(n + 1);
  const state = new Int32Array(4);
  const stats = new Float64Array(2);
  const variances = new Float64Array(count);

  for (let i = 0; i < count; i++) {
    seedStream(state, seed, i);
    addSamples(distributions[i]!, state, total, n, scratch, stats);
    const s1 = stats[0]!;
    const s2 = stats[1]!;
    variances[i] = Math.max(0, (s2 - (s1 * s1) / n) / (n - 1));
  }

  let sum = 0;
  for (let j = 0; j < n; j++) sum += total[j]!;
  const mean = sum / n;
  let ss = 0;
  for (let j = 0; j < n; j++) {
    const d = total[j]! - mean;
    ss += d * d;
  }
  const std = Math.sqrt(ss / (n - 1));

  // Percentiles from a sorted copy, made in the scratch array (free until the redraws below).
  const sorted = scratch.subarray(0, n);
  sorted.set(total);
  sorted.sort();
  const p5 = percentileOfSorted(sorted, 0.05);
  const p50 = percentileOfSorted(sorted, 0.5);
  const p95 = percentileOfSorted(sorted, 0.95);
  const min = sorted[0]!;
  const max = sorted[n - 1]!;

  // Inputs by sample variance, largest first (stable: equal variances keep input order).
  const order = Array.from({ length: count }, (_, i) => i).sort((a, b) => variances[b]! - variances[a]!);
  let varianceSum = 0;
  for (let i = 0; i < count; i++) varianceSum += variances[i]!;

  // Rank correlations of the top inputs, over the first m iterations: each input's first m
  // draws are redrawn from its stream (the same values it added to the total).
  const m = Math.min(n, RANK_CORRELATION_MAX_ITERATIONS);
  const ranker = new Ranker(m);
  const totalRanks = new Float64Array(m);
  ranker.order(total.subarray(0, m));
  ranker.ranks(totalRanks);
  const samples = new Float64Array(m);
  const ranks = new Float64Array(m);
  const correlations = new Map<number, number>();
  for (const i of order.slice(0, RANK_CORRELATION_INPUTS)) {
    samples.fill(0);
    seedStream(state, seed, i);
    addSamples(distributions[i]!, state, samples, m, scratch, stats);
    ranker.order(samples);
    ranker.ranks(ranks);
    correlations.set(i, rankCorrelation(ranks, totalRanks));
  }

  const sensitivity: SensitivityEntry[] = order.map((i) => ({
    name: inputs[i]!.name,
    contributionToVariance: varianceSum > 0 ? variances[i]! / varianceSum : 0,
    rankCorrelation: correlations.get(i) ?? null,
  }));

  return { iterations: n, seed, mean, std, p5, p50, p95, min, max, sensitivity };
}
