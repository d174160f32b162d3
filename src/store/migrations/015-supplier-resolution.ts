/**
 * Supplier resolution (issue 18, docs/suppliers.md "Review queue"): names a reviewer accepted for a
 * supplier (aliases), pairs a reviewer rejected, the queue of names waiting for a reviewer, and per
 * tenant the matching settings with a version that every write to what matching reads bumps.
 *
 * The version lives in `supplier_settings` and is bumped by statement-level triggers on suppliers,
 * aliases and rejections (one upsert per statement and tenant, whatever the row count), so a write
 * from any code path or instance, or straight into the database, changes it in its own transaction.
 * Aliases and rejections reference their supplier through (tenant_id, id): a row can never point at
 * another tenant's supplier.
 */
import type { Migration } from './types.ts';

export const supplierResolution: Migration = {
  version: 15,
  name: 'supplier aliases, rejections, review queue and matching settings',
  statements: [
    // The target of the tenant-checked references below (ids are unique already; this adds the tenant).
    'CREATE UNIQUE INDEX suppliers_tenant_id_uq ON suppliers (tenant_id, id)',
    `CREATE TABLE supplier_settings (
       tenant_id text PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE,
       version bigint NOT NULL DEFAULT 0,        -- bumped by every write that changes what matching reads
       auto_match_threshold double precision NOT NULL DEFAULT 85 CHECK (auto_match_threshold BETWEEN 50 AND 100),
       updated_at timestamptz NOT NULL DEFAULT now()
     )`,
    `CREATE TABLE supplier_aliases (
       tenant_id text NOT NULL,
       normalized_name text NOT NULL,            -- normalizeName(name).normalized, as the matcher compares
       supplier_id text NOT NULL,
       name text NOT NULL,                       -- as written
       source text NOT NULL CHECK (source IN ('accepted', 'manual')),
       review_id text,                           -- the review item whose decision made it
       created_by text,                          -- the API key's id
       created_at timestamptz NOT NULL DEFAULT now(),
       PRIMARY KEY (tenant_id, normalized_name),
       FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id) ON DELETE CASCADE
     )`,
    'CREATE INDEX supplier_aliases_supplier_idx ON supplier_aliases (tenant_id, supplier_id)',
    `CREATE TABLE supplier_rejections (
       tenant_id text NOT NULL,
       normalized_name text NOT NULL,
       supplier_id text NOT NULL,
       name text NOT NULL,                       -- the mention as written
       review_id text,
       created_by text,
       created_at timestamptz NOT NULL DEFAULT now(),
       PRIMARY KEY (tenant_id, normalized_name, supplier_id),
       FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id) ON DELETE CASCADE
     )`,
    'CREATE INDEX supplier_rejections_supplier_idx ON supplier_rejections (tenant_id, supplier_id)',
    `CREATE TABLE supplier_review (
       id text PRIMARY KEY,
       tenant_id text NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
       name text NOT NULL,                       -- the mention as first written
       normalized_name text NOT NULL,
       country text NOT NULL DEFAULT '',         -- '' when the mention gave none (part of the dedupe key)
       candidates json NOT NULL,                 -- [{ supplierId, confidence, rule, why }], best first
       best_confidence double precision NOT NULL,
       status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected', 'merged')),
       source text NOT NULL CHECK (source IN ('match', 'ingest')),
       batch_id text,
       seen_count integer NOT NULL DEFAULT 1,    -- times the name was queued while pending
       created_at timestamptz NOT NULL DEFAULT now(),
       last_seen_at timestamptz NOT NULL DEFAULT now(),
       decided_at timestamptz,
       decided_by text,                          -- the API key's id
       decision json                             -- { action, supplierId, fromSupplierId? }
     )`,
    // One pending item per name and country: queueing it again counts it.
    `CREATE UNIQUE INDEX supplier_review_pending_uq ON supplier_review (tenant_id, normalized_name, country) WHERE status = 'pending'`,
    'CREATE INDEX supplier_review_list_idx ON supplier_review (tenant_id, status, created_at, id)',
    `CREATE FUNCTION bump_supplier_versions() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF TG_OP = 'DELETE' THEN
         INSERT INTO supplier_settings AS s (tenant_id, version) SELECT DISTINCT tenant_id, 1 FROM old_rows
           ON CONFLICT (tenant_id) DO UPDATE SET version = s.version + 1, updated_at = now();
       ELSE
         INSERT INTO supplier_settings AS s (tenant_id, version) SELECT DISTINCT tenant_id, 1 FROM new_rows
           ON CONFLICT (tenant_id) DO UPDATE SET version = s.version + 1, updated_at = now();
       END IF;
       RETURN NULL;
     END
     $$`,
    ...['suppliers', 'supplier_aliases', 'supplier_rejections'].flatMap((table) => [
      `CREATE TRIGGER ${table}_version_insert AFTER INSERT ON ${table} REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_supplier_versions()`,
      `CREATE TRIGGER ${table}_version_update AFTER UPDATE ON ${table} REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_supplier_versions()`,
      `CREATE TRIGGER ${table}_version_delete AFTER DELETE ON ${table} REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_supplier_versions()`,
    ]),
    // Tenants with suppliers already start at version 1.
    'INSERT INTO supplier_settings (tenant_id, version) SELECT DISTINCT tenant_id, 1 FROM suppliers',
  ],
};
