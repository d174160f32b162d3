/**
 * Bulk ingest bookkeeping. A batch is one file for one tenant; its id derives from the file's
 * SHA-256 (with the record type and column mapping), so the same file twice is the same batch.
 * Every committed chunk records the rows it covered, in the same transaction as its emissions and
 * errors, so a killed job resumes by skipping exactly the committed rows, and a chunk retried by
 * another worker is recognised and not written twice.
 */
import type { Migration } from './types.ts';

export const batches: Migration = {
  version: 3,
  name: 'bulk ingest batches, chunks and row errors',
  statements: [
    `ALTER TABLE batches
       ADD COLUMN content_sha256 text,
       ADD COLUMN source_name text,
       ADD COLUMN rows_ok integer NOT NULL DEFAULT 0,
       ADD COLUMN kg_co2e double precision NOT NULL DEFAULT 0,
       ADD COLUMN started_at timestamptz,
       ADD COLUMN finished_at timestamptz,
       ADD COLUMN error text`,
    `CREATE TABLE batch_chunks (
       batch_id text NOT NULL REFERENCES batches(id) ON DELETE CASCADE,
       chunk_no integer NOT NULL,
       first_row integer NOT NULL,
       last_row integer NOT NULL,
       rows_ok integer NOT NULL,
       rows_failed integer NOT NULL,
       kg_co2e double precision NOT NULL,
       by_category json NOT NULL,
       worker text,
       committed_at timestamptz NOT NULL DEFAULT now(),
       PRIMARY KEY (batch_id, chunk_no)
     )`,
    `CREATE TABLE batch_errors (
       batch_id text NOT NULL REFERENCES batches(id) ON DELETE CASCADE,
       row_number integer NOT NULL,
       seq smallint NOT NULL,                    -- the error's place among its row's errors
       field text NOT NULL,
       value text,
       reason text NOT NULL,
       PRIMARY KEY (batch_id, row_number, seq)
     )`,
    'ALTER TABLE emissions ADD COLUMN row_number integer',
    // Lineage documents shared by every row of an ingest group (the row keeps only its amount).
    'ALTER TABLE calculation_parts DROP CONSTRAINT calculation_parts_kind_check',
    "ALTER TABLE calculation_parts ADD CONSTRAINT calculation_parts_kind_check CHECK (kind IN ('settings', 'factor', 'skipped', 'template'))",
  ],
};
