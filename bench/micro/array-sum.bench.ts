/**
 * The reference micro suite: Array.prototype.reduce against a plain for loop over the same
 * 1,000 numbers. The ratio is the cost of the callback-style API; it is also the canary for
 * the gate itself, since neither side depends on project code.
 */
import { defineSuite } from '../../src/perf/bench/suite.ts';

const values = Array.from({ length: 1_000 }, (_, i) => (i * 7919) % 1_000);

export default defineSuite({
  name: 'micro-array-sum',
  kind: 'micro',
  benchmarks: [
    {
      name: 'reduce vs for loop',
      fn: () => values.reduce((sum, value) => sum + value, 0),
      baseline: () => {
        let sum = 0;
        for (let i = 0; i < values.length; i++) sum += values[i]!;
        return sum;
      },
    },
  ],
});
