/** The line `greenline ingest` ends with: it counts the rows stored with warnings (issue 21, no silent fallbacks). */
import { describe, expect, it } from 'vitest';
import { summaryLine } from '../../src/cli/ingest.ts';
import type { BatchSummary } from '../../src/cli/remote-ingest.ts';

const summary: BatchSummary = {
  batchId: 'bat_1',
  status: 'succeeded',
  alreadyDone: false,
  resumedRows: 0,
  rows: 100_000,
  rowsOk: 99_998,
  rowsFailed: 2,
  rowsWithWarnings: 41_250,
  kgCo2e: 1_234_567,
  byCategory: {},
  seconds: 3.2,
  rowsPerSecond: 31_250,
  ignoredColumns: [],
};

describe('the ingest summary line', () => {
  it('says how many stored rows carry warnings, after the failed ones', () => {
    expect(summaryLine(summary)).toBe(
      'batch bat_1 succeeded: 100,000 rows, 99,998 stored, 2 failed, 41,250 stored with warnings, 1,234.57 t CO2e in 3.2 s (31,250 rows/s)',
    );
  });

  it('says nothing of warnings when there are none', () => {
    expect(summaryLine({ ...summary, rowsWithWarnings: 0 })).toBe(
      'batch bat_1 succeeded: 100,000 rows, 99,998 stored, 2 failed, 1,234.57 t CO2e in 3.2 s (31,250 rows/s)',
    );
  });
});
