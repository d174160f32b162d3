/**
 * An emission row's input and lineage (`detail`) documents stored as text: the application writes
 * them with JSON.stringify and reads them whole (cast back to json), and a `json` column made COPY
 * check every document's syntax (docs/benchmarks.md, Design measurements).
 */
import type { Migration } from './types.ts';

export const documentsAsText: Migration = {
  version: 7,
  name: 'emission documents stored as text',
  statements: ['ALTER TABLE emissions ALTER COLUMN input TYPE text, ALTER COLUMN detail TYPE text'],
};
