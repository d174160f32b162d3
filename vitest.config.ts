import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration suites create their own databases; PGlite boots take seconds.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: more workers only thrash PGlite's WASM and PostgreSQL.
    maxWorkers: 2,
  },
});
