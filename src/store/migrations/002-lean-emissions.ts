/**
 * Emissions become the one fact table a calculation writes, loaded with COPY:
 * - the raw input moves from `activities` into `emissions.input` (the table goes);
 * - each row's lineage document (`detail`) cites content-addressed `calculation_parts`
 *   (settings, factor snapshots, fallback lists) instead of repeating them, so batches write less;
 * - documents are `json`, not `jsonb`: they are only ever read whole, and jsonb is slower to build;
 * - no foreign keys and only the primary key and the reporting index: foreign-key triggers and
 *   secondary indexes took most of a COPY's time. Every id written here comes from the
 *   application's own checks (tenant from the API key, supplier ownership checked before writing,
 *   factor ids from the resolver), see docs/calculations.md.
 * The figures behind these choices: docs/benchmarks.md, Design measurements.
 * Rows written before this migration keep their full `result` document and are read as before.
 */
import type { Migration } from './types.ts';

export const leanEmissions: Migration = {
  version: 2,
  name: 'lean emissions loaded with COPY',
  statements: [
    `CREATE TABLE calculation_parts (
       id text PRIMARY KEY,                      -- 'part_' + first 24 hex of SHA-256 of the canonical document
       kind text NOT NULL CHECK (kind IN ('settings', 'factor', 'skipped')),
       doc json NOT NULL,
       created_at timestamptz NOT NULL DEFAULT now()
     )`,
    `ALTER TABLE emissions
       ADD COLUMN batch_id text,
       ADD COLUMN external_id text,
       ADD COLUMN cv double precision,
       ADD COLUMN input json,
       ADD COLUMN detail json`,
    `UPDATE emissions e SET input = a.payload::json, external_id = a.external_id, batch_id = a.batch_id, cv = (e.result ->> 'cv')::float8
     FROM activities a WHERE a.id = e.activity_id`,
    'ALTER TABLE emissions DROP COLUMN activity_id',
    'ALTER TABLE emissions ALTER COLUMN result DROP NOT NULL',
    'ALTER TABLE emissions ADD CONSTRAINT emissions_lineage_present CHECK (result IS NOT NULL OR detail IS NOT NULL)',
    'ALTER TABLE emissions DROP CONSTRAINT emissions_tenant_id_fkey',
    'ALTER TABLE emissions DROP CONSTRAINT emissions_supplier_id_fkey',
    'ALTER TABLE emissions DROP CONSTRAINT emissions_factor_id_fkey',
    'DROP INDEX emissions_factor_idx',
    'DROP INDEX emissions_lookup_idx',
    'DROP TABLE activities',
  ],
};
