/**
 * Monte Carlo over a portfolio: 1,000 inputs (70% lognormal, 10% each normal, uniform and
 * triangular) × 1,000 iterations, summary and sensitivity included, against a plain loop that
 * draws the same 10⁶ uniform randoms (Math.random) into a Float64Array. The ratio is the cost
 * of the distributions (normals, exp, inverse CDFs), the summing, the per-input variance and
 * the top-20 rank correlations, per random number. The full-size figure (10,000 × 10,000,
 * target < 3 s on one core) is measured by a script, see docs/data-quality.md.
 */
import { defineSuite } from '../../src/perf/bench/suite.ts';
import { type Distribution, type MonteCarloInput, monteCarlo } from '../../src/domain/uncertainty/index.ts';

const INPUTS = 1_000;
const ITERATIONS = 1_000;

interface Ctx {
  inputs: MonteCarloInput[];
  draws: Float64Array;
}

function distribution(i: number): Distribution {
  const mean = 50 + ((i * 7919) % 1_000);
  switch (i % 10) {
    case 7:
      return { kind: 'normal', mean, sd: mean * 0.2 };
    case 8:
      return { kind: 'uniform', min: mean * 0.5, max: mean * 1.5 };
    case 9:
      return { kind: 'triangular', min: mean * 0.5, mode: mean, max: mean * 2 };
    default:
      return { kind: 'lognormal', mean, cv: 0.2 + (i % 5) * 0.2 };
  }
}

export default defineSuite<Ctx>({
  name: 'micro-monte-carlo',
  kind: 'micro',
  setup: () => ({
    inputs: Array.from({ length: INPUTS }, (_, i) => ({ name: `supplier-${i}`, distribution: distribution(i) })),
    draws: new Float64Array(ITERATIONS),
  }),
  benchmarks: [
    {
      name: '1,000 inputs × 1,000 iterations vs 10⁶ uniform draws',
      fn: (ctx) => monteCarlo(ctx.inputs, { iterations: ITERATIONS, seed: 42 }),
      baseline: (ctx) => {
        const draws = ctx.draws;
        for (let i = 0; i < INPUTS; i++) {
          for (let j = 0; j < ITERATIONS; j++) draws[j] = Math.random();
        }
        return draws;
      },
      minSamples: 20,
    },
  ],
});
