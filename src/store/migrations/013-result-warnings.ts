/**
 * Warnings as data (docs/calculations.md, Warnings): a result's warnings are a lineage part (kind
 * `warnings`) its `detail` cites, stored once however many rows share them (every line with the
 * same unknown NAICS code), and a batch counts its rows stored with warnings (`with_warnings`,
 * per chunk and in all), so an ingest says how many rows rest on a stand-in factor or a clamped
 * rate year.
 */
import type { Migration } from './types.ts';

export const resultWarnings: Migration = {
  version: 13,
  name: 'result warnings: a lineage part, counted per batch',
  statements: [
    'ALTER TABLE calculation_parts DROP CONSTRAINT calculation_parts_kind_check',
    "ALTER TABLE calculation_parts ADD CONSTRAINT calculation_parts_kind_check CHECK (kind IN ('settings', 'factor', 'skipped', 'template', 'warnings'))",
    'ALTER TABLE batches ADD COLUMN with_warnings integer NOT NULL DEFAULT 0',
    'ALTER TABLE batch_chunks ADD COLUMN with_warnings integer NOT NULL DEFAULT 0',
  ],
};
