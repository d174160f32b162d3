/**
 * EU CBAM (docs/cbam.md): data sets of default values and parameters (built-in or imported per
 * tenant), installations with their actual specific embedded emissions, shipments (one row per
 * goods line, loaded with COPY like emissions, with the lineage of its embedded emissions), and
 * rollups by year, quarter, CN code, origin, installation and method that the annual declaration
 * reads instead of the shipments. Rows stay lean (a million a year is ordinary): the input document
 * holds only what the columns do not, and warnings are shared lineage parts.
 */
import type { Migration } from './types.ts';

export const cbam: Migration = {
  version: 14,
  name: 'CBAM data sets, installations, shipments and rollups',
  statements: [
    `CREATE TABLE cbam_datasets (
       id text PRIMARY KEY,
       tenant_id text,                           -- the importing tenant
       name text NOT NULL,
       version text NOT NULL,
       source text NOT NULL,
       illustrative boolean NOT NULL,
       doc json NOT NULL,                        -- the whole CbamDataset
       imported_at timestamptz NOT NULL DEFAULT now()
     )`,
    'CREATE INDEX cbam_datasets_tenant_idx ON cbam_datasets (tenant_id, imported_at DESC)',
    `CREATE TABLE cbam_installations (
       tenant_id text NOT NULL,
       installation_id text NOT NULL,
       name text NOT NULL,
       operator_name text NOT NULL,
       country text NOT NULL,
       emissions json NOT NULL,                  -- CbamInstallation.emissions: actual SEE by CN code and year
       created_at timestamptz NOT NULL DEFAULT now(),
       updated_at timestamptz NOT NULL DEFAULT now(),
       PRIMARY KEY (tenant_id, installation_id)
     )`,
    `CREATE TABLE cbam_shipments (
       tenant_id text NOT NULL,
       id text NOT NULL,
       shipment_id text NOT NULL,
       batch_id text,
       row_number integer,
       import_date date NOT NULL,
       cn_code text NOT NULL,
       origin_country text NOT NULL,
       installation_id text,
       quantity double precision NOT NULL,
       method text NOT NULL,
       direct_see double precision NOT NULL,
       indirect_see double precision NOT NULL,
       markup_pct double precision NOT NULL,
       direct_t double precision NOT NULL,
       indirect_t double precision NOT NULL,
       counted_t double precision NOT NULL,
       carbon_price_paid_eur double precision NOT NULL,
       dataset_id text NOT NULL,
       input json NOT NULL,                      -- what the columns do not hold: StoredShipmentExtra
       warnings text,                            -- a calculation_parts id (kind warnings), shared by every row with the same ones
       lineage_hash text NOT NULL,
       created_at timestamptz NOT NULL DEFAULT now()
     )`,
    // Ids are unique by themselves (time-ordered): a narrow key is cheaper to load (docs/benchmarks.md, CBAM).
    'ALTER TABLE cbam_shipments ADD PRIMARY KEY (id)',
    // A shipment_id is stored once per tenant; listings page by it.
    'CREATE UNIQUE INDEX cbam_shipments_shipment_idx ON cbam_shipments (tenant_id, shipment_id)',
    `CREATE TABLE cbam_rollups (
       tenant_id text NOT NULL,
       year smallint NOT NULL,
       quarter smallint NOT NULL,
       cn_code text NOT NULL,
       origin_country text NOT NULL,
       installation_id text NOT NULL,            -- '' when none
       method text NOT NULL,
       shipments bigint NOT NULL,
       quantity numeric NOT NULL,
       direct_t numeric NOT NULL,
       indirect_t numeric NOT NULL,
       counted_t numeric NOT NULL,
       carbon_price_paid_eur numeric NOT NULL,
       PRIMARY KEY (tenant_id, year, quarter, cn_code, origin_country, installation_id, method)
     )`,
  ],
};
