/**
 * Input distributions for Monte Carlo: validation (every problem named by field), closed-form
 * mean and variance, and sampling that adds straight into a running total.
 *
 *   normal(mean, sd)                  variance sd²
 *   lognormal(mean, cv)               arithmetic mean and CV; variance (mean·cv)²; sampled as
 *                                     exp(μ + σz), σ = √ln(1+cv²), μ = ln(mean) − σ²/2
 *   uniform(min, max)                 variance (max − min)²/12
 *   triangular(min, mode, max)        variance (a² + b² + c² − ab − ac − bc)/18; sampled by the
 *                                     inverse CDF: F(c) = (c−a)/(b−a); u < F(c) → a + √(u(b−a)(c−a)),
 *                                     else b − √((1−u)(b−a)(b−c))   (a = min, b = max, c = mode)
 */
import { CalculationError, type InputIssue } from '../scope3/types.ts';
import { fillStandardNormals, fillUniforms } from './random.ts';

export type Distribution =
  | { kind: 'normal'; mean: number; sd: number }
  | { kind: 'lognormal'; mean: number; cv: number }
  | { kind: 'uniform'; min: number; max: number }
  | { kind: 'triangular'; min: number; mode: number; max: number };

export type DistributionKind = Distribution['kind'];

const PARAMS: Readonly<Record<DistributionKind, readonly string[]>> = {
  normal: ['mean', 'sd'],
  lognormal: ['mean', 'cv'],
  uniform: ['min', 'max'],
  triangular: ['min', 'mode', 'max'],
};

export const DISTRIBUTION_KINDS = Object.keys(PARAMS) as DistributionKind[];

/** Parameters beyond this magnitude are refused: sums of 10⁵ of them must stay finite and exact enough. */
export const MAX_PARAMETER = 1e15;
/** A lognormal CV above this is refused (σ_ln ≈ 3.03; exp() of its samples stays finite). */
export const MAX_LOGNORMAL_CV = 100;

/**
 * Checks a raw distribution: `kind` one of DISTRIBUTION_KINDS, exactly its parameters, each a
 * finite number within ±MAX_PARAMETER, and the constraints of the kind. Pushes issues naming
 * `field.param`; returns the distribution or null when it had issues.
 */
export function checkDistribution(raw: unknown, field: string, issues: InputIssue[]): Distribution | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    issues.push({ field, message: `must be an object with a kind (${DISTRIBUTION_KINDS.join(', ')}) and its parameters` });
    return null;
  }
  const r = raw as Record<string, unknown>;
  const kind = r.kind;
  if (typeof kind !== 'string' || !(kind in PARAMS)) {
    issues.push({
      field: `${field}.kind`,
      message: `must be one of ${DISTRIBUTION_KINDS.join(', ')}${typeof kind === 'string' ? `; got "${kind.slice(0, 40)}"` : ''}`,
    });
    return null;
  }
  const names = PARAMS[kind as DistributionKind];
  const before = issues.length;
  for (const key of Object.keys(r)) {
    if (key !== 'kind' && !names.includes(key))
      issues.push({ field: `${field}.${key}`, message: `is not a parameter of ${kind}; it takes ${names.join(', ')}` });
  }
  const v: Record<string, number> = {};
  for (const name of names) {
    const x = r[name];
    if (x === undefined || x === null) issues.push({ field: `${field}.${name}`, message: 'is required' });
    else if (typeof x !== 'number') issues.push({ field: `${field}.${name}`, message: `must be a number, got ${typeof x}` });
    else if (!Number.isFinite(x) || Math.abs(x) > MAX_PARAMETER)
      issues.push({ field: `${field}.${name}`, message: `must be a finite number within ±${MAX_PARAMETER}` });
    else v[name] = x;
  }
  if (issues.length > before) return null;
  const fail = (param: string, message: string): null => {
    issues.push({ field: `${field}.${param}`, message });
    return null;
  };
  switch (kind as DistributionKind) {
    case 'normal':
      if (v.sd! < 0) return fail('sd', 'must be ≥ 0');
      return { kind: 'normal', mean: v.mean!, sd: v.sd! };
    case 'lognormal':
      if (v.mean! < 0) return fail('mean', 'must be ≥ 0 (a lognormal quantity cannot be negative)');
      if (v.cv! < 0 || v.cv! > MAX_LOGNORMAL_CV) return fail('cv', `must be between 0 and ${MAX_LOGNORMAL_CV}`);
      return { kind: 'lognormal', mean: v.mean!, cv: v.cv! };
    case 'uniform':
      if (v.min! > v.max!) return fail('max', `must be ≥ min (${v.min})`);
      return { kind: 'uniform', min: v.min!, max: v.max! };
    case 'triangular':
      if (v.min! > v.max!) return fail('max', `must be ≥ min (${v.min})`);
      if (v.mode! < v.min! || v.mode! > v.max!) return fail('mode', `must be between min (${v.min}) and max (${v.max})`);
      return { kind: 'triangular', min: v.min!, mode: v.mode!, max: v.max! };
  }
}

/** Validates one distribution; throws CalculationError naming `field.param`. */
export function parseDistribution(raw: unknown, field: string): Distribution {
  const issues: InputIssue[] = [];
  const d = checkDistribution(raw, field, issues);
  if (!d) throw new CalculationError(issues);
  return d;
}

export function distributionMean(d: Distribution): number {
  switch (d.kind) {
    case 'normal':
    case 'lognormal':
      return d.mean;
    case 'uniform':
      return (d.min + d.max) / 2;
    case 'triangular':
      return (d.min + d.mode + d.max) / 3;
  }
}

export function distributionVariance(d: Distribution): number {
  switch (d.kind) {
    case 'normal':
      return d.sd * d.sd;
    case 'lognormal':
      return (d.mean * d.cv) ** 2;
    case 'uniform':
      return (d.max - d.min) ** 2 / 12;
    case 'triangular': {
      const { min: a, max: b, mode: c } = d;
      return (a * a + b * b + c * c - a * b - a * c - b * c) / 18;
    }
  }
}

/**
 * Draws n samples of `d` from `state` and adds them to out[0..n). `scratch` (length ≥ n + 1) is
 * overwritten. Writes to stats[0] and stats[1] the sum and the sum of squares of the samples'
 * deviations from the analytic mean (for a numerically stable sample variance).
 */
export function addSamples(d: Distribution, state: Int32Array, out: Float64Array, n: number, scratch: Float64Array, stats: Float64Array): void {
  let s1 = 0;
  let s2 = 0;
  switch (d.kind) {
    case 'normal': {
      const mean = d.mean;
      const sd = d.sd;
      if (sd === 0) {
        for (let j = 0; j < n; j++) out[j]! += mean;
        break;
      }
      fillStandardNormals(state, scratch, n);
      for (let j = 0; j < n; j++) {
        const e = sd * scratch[j]!;
        out[j]! += mean + e;
        s1 += e;
        s2 += e * e;
      }
      break;
    }
    case 'lognormal': {
      const mean = d.mean;
      if (mean === 0 || d.cv === 0) {
        for (let j = 0; j < n; j++) out[j]! += mean;
        break;
      }
      const sigma = Math.sqrt(Math.log1p(d.cv * d.cv));
      const mu = Math.log(mean) - (sigma * sigma) / 2;
      fillStandardNormals(state, scratch, n);
      for (let j = 0; j < n; j++) {
        const x = Math.exp(mu + sigma * scratch[j]!);
        out[j]! += x;
        const e = x - mean;
        s1 += e;
        s2 += e * e;
      }
      break;
    }
    case 'uniform': {
      const min = d.min;
      const width = d.max - d.min;
      const mean = min + width / 2;
      fillUniforms(state, scratch, n);
      for (let j = 0; j < n; j++) {
        const x = min + width * scratch[j]!;
        out[j]! += x;
        const e = x - mean;
        s1 += e;
        s2 += e * e;
      }
      break;
    }
    case 'triangular': {
      const { min: a, max: b, mode: c } = d;
      const mean = (a + b + c) / 3;
      const width = b - a;
      if (width === 0) {
        for (let j = 0; j < n; j++) out[j]! += a;
        break;
      }
      const fc = (c - a) / width;
      const left = width * (c - a);
      const right = width * (b - c);
      fillUniforms(state, scratch, n);
      for (let j = 0; j < n; j++) {
        const u = scratch[j]!;
        const x = u < fc ? a + Math.sqrt(u * left) : b - Math.sqrt((1 - u) * right);
        out[j]! += x;
        const e = x - mean;
        s1 += e;
        s2 += e * e;
      }
      break;
    }
  }
  stats[0] = s1;
  stats[1] = s2;
}
