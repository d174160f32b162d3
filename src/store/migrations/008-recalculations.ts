/**
 * Recalculation: a stored result can be superseded by a newer one computed from the same input
 * with the factors current at the time (docs/recalculation.md).
 *
 * - `emissions.superseded_by` / `superseded_at` / `superseded_in`: on a superseded row, the row
 *   that replaced it, when, and the recalculation that did it. A row with `superseded_by IS NULL`
 *   is current; superseded rows stay, readable by id, for audit and `verify`.
 * - The two keyset indexes of migration 006 become partial, `WHERE superseded_by IS NULL`: the
 *   listings, counts and reports read current rows only and state that predicate, so a page is
 *   still a range scan of `limit + 1` entries and a date-range report still an index-only scan,
 *   however many superseded rows the table holds (they are simply not in these indexes).
 * - `emissions_superseded_by_idx`: from a new row to the one it replaced (a small partial index:
 *   only superseded rows are in it).
 * - `recalculations`: one row per run, with its scope, state and counts, and which data set
 *   versions the recalculated results moved from and to.
 * Adding nullable columns is a catalogue change; rebuilding the two indexes reads the table once.
 */
import type { Migration } from './types.ts';

export const recalculations: Migration = {
  version: 8,
  name: 'recalculations: superseded results and partial keyset indexes',
  statements: [
    'ALTER TABLE emissions ADD COLUMN superseded_by text, ADD COLUMN superseded_at timestamptz, ADD COLUMN superseded_in text',
    'DROP INDEX emissions_date_keyset_idx',
    'DROP INDEX emissions_amount_keyset_idx',
    'CREATE INDEX emissions_date_keyset_idx ON emissions (tenant_no, activity_date, row_no) INCLUDE (category, tier, kg_co2e) WHERE superseded_by IS NULL',
    'CREATE INDEX emissions_amount_keyset_idx ON emissions (tenant_no, kg_co2e, row_no) WHERE superseded_by IS NULL',
    'CREATE INDEX emissions_superseded_by_idx ON emissions (superseded_by) WHERE superseded_by IS NOT NULL',
    `CREATE TABLE recalculations (
       id text PRIMARY KEY,
       tenant_id text NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
       state text NOT NULL CHECK (state IN ('pending', 'running', 'succeeded', 'failed')),
       scope json NOT NULL,                       -- what was asked: batch_id, from, to, dataset (source ids)
       selected integer NOT NULL DEFAULT 0,       -- current results in scope when it started
       recalculated integer NOT NULL DEFAULT 0,   -- superseded by a new result
       unchanged integer NOT NULL DEFAULT 0,      -- same figure, method and factors: kept as they are
       failed integer NOT NULL DEFAULT 0,         -- could not be recomputed: kept as they are
       skipped integer NOT NULL DEFAULT 0,        -- superseded by another recalculation meanwhile
       kg_co2e_before double precision NOT NULL DEFAULT 0,   -- of the recalculated results, old figures
       kg_co2e_after double precision NOT NULL DEFAULT 0,    -- and new ones
       datasets json NOT NULL DEFAULT '[]',       -- [{ before, after, results }]: primary factor's data set per change
       errors json NOT NULL DEFAULT '[]',         -- the first failures: [{ id, message }]
       error text,
       created_at timestamptz NOT NULL DEFAULT now(),
       started_at timestamptz,
       finished_at timestamptz,
       updated_at timestamptz NOT NULL DEFAULT now()
     )`,
    'CREATE INDEX recalculations_tenant_created_idx ON recalculations (tenant_id, created_at DESC, id DESC)',
  ],
};
