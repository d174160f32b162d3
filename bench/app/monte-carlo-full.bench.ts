/**
 * Monte Carlo at full size (issue 4 target: 10,000 results × 10,000 iterations < 3 s on one core):
 * 10,000 lognormal inputs (the slowest kind), summary and sensitivity included. Baseline in the
 * same run: the same 10⁸ uniform draws from Math.random into a Float64Array, so the ratio is what
 * the distributions, sums and statistics cost per random number.
 */

import { type MonteCarloInput, monteCarlo } from '../../src/domain/uncertainty/index.ts';
import { defineSuite } from '../../src/perf/bench/suite.ts';
import { timedRuns } from './support.ts';

const INPUTS = 10_000;
const ITERATIONS = 10_000;

const inputs: MonteCarloInput[] = Array.from({ length: INPUTS }, (_, i) => ({
  name: `result-${i}`,
  distribution: { kind: 'lognormal', mean: 50 + ((i * 7919) % 1_000), cv: 0.2 + (i % 5) * 0.2 },
}));

export default defineSuite({
  name: 'app-monte-carlo-full',
  kind: 'app',
  benchmarks: [
    {
      name: 'Monte Carlo, 10,000 lognormal results × 10,000 iterations',
      rounds: 2,
      warmupRounds: 1,
      run: () => timedRuns(() => monteCarlo(inputs, { iterations: ITERATIONS, seed: 42 }), 3),
      baseline: () =>
        timedRuns(() => {
          const draws = new Float64Array(ITERATIONS);
          for (let i = 0; i < INPUTS; i++) for (let j = 0; j < ITERATIONS; j++) draws[j] = Math.random();
          return draws;
        }, 3),
    },
  ],
});
