/**
 * Kept totals become exact, and batches learn who runs them (docs/ingest.md):
 *
 * - `batches.kg_co2e`, `batch_chunks.kg_co2e` and the rollups' `kg_co2e` and `dqi_sum` were
 *   double-precision running sums, whose last digits depended on the order chunks committed in and
 *   which overflowed ("value out of range") past 1.8e308. As `numeric`, every write adds the exact
 *   sum of its rows (src/domain/exact-sum.ts), so a total is the same whatever the chunking, and
 *   never overflows. Existing values keep their double's value (its shortest round-trip decimal:
 *   extra_float_digits > 0 prints that).
 * - status `interrupted`: a batch a server stopped between chunks while shutting down; it resumes.
 * - `runner`, `runner_seen_at`: the lease of the process running a batch, so a second process
 *   (a restarted server, another instance, the CLI) never runs it at the same time.
 */
import type { Migration } from './types.ts';

const exact = (column: string) => `ALTER COLUMN ${column} TYPE numeric USING ${column}::text::numeric`;

export const exactTotalsAndBatchRunners: Migration = {
  version: 11,
  name: 'exact totals, interrupted batches, batch runners',
  statements: [
    'SET LOCAL extra_float_digits = 1',
    `ALTER TABLE batches ${exact('kg_co2e')}`,
    `ALTER TABLE batch_chunks ${exact('kg_co2e')}`,
    `ALTER TABLE emission_rollups ${exact('kg_co2e')}, ${exact('dqi_sum')}`,
    `ALTER TABLE emission_rollups_by_category ${exact('kg_co2e')}, ${exact('dqi_sum')}`,
    'ALTER TABLE batches DROP CONSTRAINT batches_status_check',
    `ALTER TABLE batches ADD CONSTRAINT batches_status_check
       CHECK (status IN ('pending', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted'))`,
    'ALTER TABLE batches ADD COLUMN runner text, ADD COLUMN runner_seen_at timestamptz',
  ],
};
