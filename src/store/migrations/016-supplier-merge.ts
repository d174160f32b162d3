/**
 * Merging two suppliers (issue 18, docs/suppliers.md "Merging suppliers"): the merged supplier's
 * row leaves `suppliers` (so matching, listings, ownership checks and identifier uniqueness never
 * see it) and is kept here as a tombstone, like `deleted_factors` keeps a deleted factor: its row
 * as it was, the supplier it now is, what moved and what conflicted. `merged_into` always names a
 * live supplier: merging that one in turn re-points the tombstones that pointed at it.
 */
import type { Migration } from './types.ts';

export const supplierMerge: Migration = {
  version: 16,
  name: 'supplier merge tombstones',
  statements: [
    `CREATE TABLE supplier_merges (
       tenant_id text NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
       supplier_id text NOT NULL,                -- the merged supplier, gone from suppliers
       merged_into text NOT NULL,                -- the live supplier it now is
       first_merged_into text NOT NULL,          -- the supplier it was merged into (merged_into moves on when that one is merged)
       supplier json NOT NULL,                   -- its suppliers row as it was
       moved json NOT NULL,                      -- counts moved to merged_into
       conflicts json NOT NULL,                  -- identifiers and factors that were not moved, and why
       merged_at timestamptz NOT NULL DEFAULT now(),
       merged_by text,                           -- the API key's id
       PRIMARY KEY (tenant_id, supplier_id)
     )`,
    'CREATE INDEX supplier_merges_into_idx ON supplier_merges (tenant_id, merged_into)',
  ],
};
