import { defineConfig } from 'vitest/config';

/**
 * Tests whose assertions are about timing: they run after everything else, one file at a time
 * (the CLI's first start on a fresh embedded database must be up within 20 s; a PGlite boot in
 * the next worker made it 21 s on a 2-core machine). Keep it to such tests: this group runs on
 * one core, so every second here is a second of CI.
 */
const TIMING_TESTS = [
  'test/perf/regression-gate.test.ts',
  'test/perf/load*.test.ts',
  'test/e2e/cli-first-start.test.ts',
  // Asserts how long requests wait for a frozen or restarting database (docs/reliability.md).
  'test/integration/database-faults.test.ts',
  // Measure a Redis outage's effect and a shutdown's drain against its limit (docs/reliability.md).
  'test/integration/redis-faults.test.ts',
  'test/e2e/sigterm.test.ts',
  // A read-only and a full tmpfs under a real server (needs root; docs/reliability.md).
  'test/e2e/data-dir-faults.test.ts',
];

/**
 * Tests that need a process to themselves, apart from the main group's shared module graph: exact
 * metric counts of an app (a module-level state of an earlier file added a request), and heap
 * snapshots of a server in the test's own process (a shared graph makes them minutes long).
 */
const ISOLATED_TESTS = ['test/metrics/**/*.test.ts', 'test/perf/profile-*.test.ts'];

export default defineConfig({
  test: {
    // Names a missing database, cache or tool in one line before any test runs.
    globalSetup: ['test/support/prerequisites.ts'],
    // Integration suites create their own databases; PGlite boots take seconds.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: more workers only thrash PGlite's WASM and PostgreSQL.
    maxWorkers: 2,
    projects: [
      {
        // isolate: false runs a worker's files in one module graph instead of a fresh one each:
        // imports (Fastify, PGlite's WASM, the domain data) are paid once per worker, not per file
        // (test/http + test/domain: 168 → 85 s). Files must leave no state behind (servers closed,
        // env and spies restored), as they already do.
        extends: true,
        test: { name: 'main', include: ['test/**/*.test.ts'], exclude: [...TIMING_TESTS, ...ISOLATED_TESTS], isolate: false, sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: { name: 'isolated', include: ISOLATED_TESTS, exclude: TIMING_TESTS, sequence: { groupOrder: 0 } },
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
