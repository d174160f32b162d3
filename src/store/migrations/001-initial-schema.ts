/**
 * The initial schema: tenants and their API keys, factor sources and factors, GWP values,
 * suppliers, raw activities, emissions results with lineage, and batches.
 * Every tenant-owned row carries tenant_id and every index on it leads with tenant_id, so
 * tenant-scoped queries are index lookups.
 */
import type { Migration } from './types.ts';

export const initialSchema: Migration = {
  version: 1,
  name: 'initial schema',
  statements: [
    // Installation-wide values, e.g. the secret that signs pagination cursors.
    'CREATE TABLE settings (key text PRIMARY KEY, value text NOT NULL)',
    `CREATE TABLE tenants (
       id text PRIMARY KEY,
       name text NOT NULL UNIQUE,
       created_at timestamptz NOT NULL DEFAULT now()
     )`,
    `CREATE TABLE api_keys (
       id text PRIMARY KEY,
       tenant_id text NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
       key_hash text NOT NULL UNIQUE,            -- SHA-256 hex of the key; the key itself is never stored
       key_prefix text NOT NULL,                  -- first characters, so a user can tell keys apart
       label text,
       created_at timestamptz NOT NULL DEFAULT now(),
       revoked_at timestamptz
     )`,
    'CREATE INDEX api_keys_tenant_idx ON api_keys (tenant_id)',
    `CREATE TABLE factor_sources (
       id text PRIMARY KEY,
       tenant_id text REFERENCES tenants(id) ON DELETE CASCADE,   -- NULL: public data set
       name text NOT NULL,
       publisher text NOT NULL,
       dataset_version text NOT NULL,
       licence text NOT NULL,
       citation text NOT NULL,
       url text,
       file_sha256 text,
       factor_count integer NOT NULL DEFAULT 0,
       imported_at timestamptz NOT NULL DEFAULT now()
     )`,
    "CREATE UNIQUE INDEX factor_sources_version_uq ON factor_sources (COALESCE(tenant_id, ''), name, dataset_version)",
    `CREATE TABLE suppliers (
       id text PRIMARY KEY,
       tenant_id text NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
       name text NOT NULL,
       normalized_name text NOT NULL,
       country text,
       duns text,
       lei text,
       vat text,
       naics text,
       created_at timestamptz NOT NULL DEFAULT now()
     )`,
    'CREATE INDEX suppliers_tenant_name_idx ON suppliers (tenant_id, normalized_name)',
    'CREATE UNIQUE INDEX suppliers_tenant_duns_uq ON suppliers (tenant_id, duns) WHERE duns IS NOT NULL',
    'CREATE UNIQUE INDEX suppliers_tenant_lei_uq ON suppliers (tenant_id, lei) WHERE lei IS NOT NULL',
    `CREATE TABLE factors (
       id text PRIMARY KEY,
       tenant_id text REFERENCES tenants(id) ON DELETE CASCADE,   -- NULL: public; else a tenant override
       source_id text NOT NULL REFERENCES factor_sources(id) ON DELETE CASCADE,
       supplier_id text REFERENCES suppliers(id) ON DELETE CASCADE,
       activity text NOT NULL,
       name text NOT NULL,
       category smallint CHECK (category BETWEEN 1 AND 15),
       naics_code text,
       region text NOT NULL,
       year integer NOT NULL,
       value double precision NOT NULL,
       unit text NOT NULL,
       gases jsonb,
       gwp_set text,
       uncertainty double precision,
       dataset_version text NOT NULL,
       licence text NOT NULL,
       citation text NOT NULL,
       meta jsonb NOT NULL DEFAULT '{}'::jsonb
     )`,
    // The broker's lookup: every candidate for a set of activities, public or the tenant's.
    'CREATE INDEX factors_activity_idx ON factors (activity, region, year)',
    'CREATE INDEX factors_tenant_activity_idx ON factors (tenant_id, activity) WHERE tenant_id IS NOT NULL',
    'CREATE INDEX factors_supplier_idx ON factors (supplier_id) WHERE supplier_id IS NOT NULL',
    'CREATE INDEX factors_source_idx ON factors (source_id)',
    'CREATE INDEX factors_category_idx ON factors (category, unit) WHERE category IS NOT NULL',
    `CREATE TABLE gwp_values (
       gwp_set text NOT NULL,
       gas text NOT NULL,
       value double precision NOT NULL,
       PRIMARY KEY (gwp_set, gas)
     )`,
    `CREATE TABLE batches (
       id text PRIMARY KEY,
       tenant_id text NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
       status text NOT NULL CHECK (status IN ('pending', 'running', 'succeeded', 'failed', 'cancelled')),
       kind text NOT NULL,
       total integer NOT NULL DEFAULT 0,
       processed integer NOT NULL DEFAULT 0,
       failed integer NOT NULL DEFAULT 0,
       meta jsonb NOT NULL DEFAULT '{}'::jsonb,
       created_at timestamptz NOT NULL DEFAULT now(),
       updated_at timestamptz NOT NULL DEFAULT now()
     )`,
    'CREATE INDEX batches_tenant_created_idx ON batches (tenant_id, created_at DESC, id DESC)',
    `CREATE TABLE activities (
       id text PRIMARY KEY,
       tenant_id text NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
       batch_id text REFERENCES batches(id) ON DELETE SET NULL,
       supplier_id text REFERENCES suppliers(id) ON DELETE SET NULL,
       category smallint NOT NULL CHECK (category BETWEEN 1 AND 15),
       activity_date date NOT NULL,
       external_id text,
       payload jsonb NOT NULL,
       created_at timestamptz NOT NULL DEFAULT now()
     )`,
    'CREATE INDEX activities_lookup_idx ON activities (tenant_id, supplier_id, category, activity_date)',
    'CREATE INDEX activities_batch_idx ON activities (batch_id) WHERE batch_id IS NOT NULL',
    'CREATE UNIQUE INDEX activities_external_uq ON activities (tenant_id, external_id) WHERE external_id IS NOT NULL',
    `CREATE TABLE emissions (
       id text PRIMARY KEY,
       tenant_id text NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
       activity_id text REFERENCES activities(id) ON DELETE CASCADE,
       supplier_id text REFERENCES suppliers(id) ON DELETE SET NULL,
       category smallint NOT NULL CHECK (category BETWEEN 1 AND 15),
       tier smallint NOT NULL CHECK (tier BETWEEN 1 AND 3),
       method text NOT NULL,
       activity_date date NOT NULL,
       kg_co2e double precision NOT NULL,
       gases jsonb,
       factor_id text REFERENCES factors(id) ON DELETE SET NULL,
       dataset_version text,
       dqi double precision,
       lineage_hash text NOT NULL,
       result jsonb NOT NULL,
       calculated_at timestamptz NOT NULL DEFAULT now()
     )`,
    'CREATE INDEX emissions_lookup_idx ON emissions (tenant_id, supplier_id, category, activity_date)',
    // Reporting reads totals by period, category and tier straight from the index (index-only scan).
    'CREATE INDEX emissions_report_idx ON emissions (tenant_id, activity_date) INCLUDE (category, tier, kg_co2e)',
    'CREATE INDEX emissions_activity_idx ON emissions (activity_id) WHERE activity_id IS NOT NULL',
    'CREATE INDEX emissions_factor_idx ON emissions (factor_id) WHERE factor_id IS NOT NULL',
  ],
};
