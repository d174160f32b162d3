import { defineConfig } from 'vitest/config';

/** Tests whose assertions are about timing: they run after everything else, one file at a time. */
const TIMING_TESTS = ['test/perf/regression-gate.test.ts', 'test/perf/load*.test.ts'];

export default defineConfig({
  test: {
    // Integration suites create their own databases; PGlite boots take seconds.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: more workers only thrash PGlite's WASM and PostgreSQL.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: { name: 'main', include: ['test/**/*.test.ts'], exclude: TIMING_TESTS, sequence: { groupOrder: 0 } },
      },
      {
        // The regression gate and the load generator's accuracy tests measure real time: on a
        // 2-core machine a PGlite boot in the next worker is enough to skew one sample, so they
        // get the machine to themselves.
        extends: true,
        test: { name: 'timing', include: TIMING_TESTS, fileParallelism: false, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
