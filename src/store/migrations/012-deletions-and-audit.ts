/**
 * Deleting and correcting stored data, and the audit log of every write (docs/data-lifecycle.md):
 *
 * - `audit_log`: one entry per write or delete through the API (who: the API key's id; what:
 *   method, route, resource, a small summary; when; the request id). Append-only: a trigger
 *   refuses UPDATE, DELETE and TRUNCATE, so no code path (and no SQL typed by hand) rewrites it.
 *   No foreign key, like `emissions`: an entry outlives whatever it names. Read newest first by
 *   (tenant, at, seq), or by one resource's id.
 * - `deleted_factors`: a tenant factor as it was when it was deleted or superseded, so `verify` of
 *   a result that cited it still re-reads its value, unit, gases and version. Append-only too.
 * Both tables are new, so this migration depends on no other after 009.
 */
import type { Migration } from './types.ts';

export const deletionsAndAudit: Migration = {
  version: 12,
  name: 'audit log and deleted factors',
  statements: [
    `CREATE TABLE audit_log (
       seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
       tenant_id text,                         -- NULL: installation-wide (a public data set import)
       at timestamptz NOT NULL,                -- when the write answered
       actor text NOT NULL CHECK (actor IN ('api_key', 'cli')),
       key_id text,                            -- the API key (api_keys.id); NULL for the greenline command
       method text NOT NULL,
       route text NOT NULL,                    -- the route's pattern: /v1/batches/:id
       status smallint NOT NULL,
       resource_type text,
       resource_id text,
       summary json NOT NULL DEFAULT '{}',
       request_id text NOT NULL
     )`,
    'CREATE INDEX audit_log_tenant_at_idx ON audit_log (tenant_id, at, seq)',
    'CREATE INDEX audit_log_resource_idx ON audit_log (tenant_id, resource_id, at, seq) WHERE resource_id IS NOT NULL',
    `CREATE TABLE deleted_factors (
       id text PRIMARY KEY,
       tenant_id text NOT NULL,
       deleted_at timestamptz NOT NULL DEFAULT now(),
       superseded_by text,                     -- the factor that replaced it, when superseded
       factor json NOT NULL                    -- the factors row as it was (value, unit, gases, dataset_version…)
     )`,
    `CREATE FUNCTION refuse_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
     END
     $$`,
    'CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION refuse_rewrite()',
    'CREATE TRIGGER deleted_factors_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON deleted_factors FOR EACH STATEMENT EXECUTE FUNCTION refuse_rewrite()',
  ],
};
