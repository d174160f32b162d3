/**
 * Reading emissions at any depth and reporting over millions of rows:
 * - keyset indexes for the two sorts the API offers, each ending in `id` so ties are ordered:
 *   (tenant, date, id) — which also carries category, tier and kg so date-range totals stay
 *   index-only, replacing the old reporting index — and (tenant, kg, id);
 * - `emission_rollups`: totals by (tenant, month, category, tier, supplier), maintained in the
 *   same transaction as every write (calculations and ingest chunks), so reports read thousands
 *   of rollup rows instead of millions of emissions (docs/reports.md has the measurements).
 */
import type { Migration } from './types.ts';

export const emissionsQueries: Migration = {
  version: 4,
  name: 'keyset indexes and emission rollups',
  statements: [
    'CREATE INDEX emissions_date_keyset_idx ON emissions (tenant_id, activity_date, id) INCLUDE (category, tier, kg_co2e)',
    'DROP INDEX emissions_report_idx',
    'CREATE INDEX emissions_amount_keyset_idx ON emissions (tenant_id, kg_co2e, id)',
    `CREATE TABLE emission_rollups (
       tenant_id text NOT NULL,
       month date NOT NULL,                      -- first day of the activity's month
       category smallint NOT NULL,
       tier smallint NOT NULL,
       supplier_id text NOT NULL DEFAULT '',     -- '' for rows without a supplier
       rows bigint NOT NULL,
       kg_co2e double precision NOT NULL,
       dqi_sum double precision NOT NULL,        -- for the average DQI: dqi_sum / rows
       PRIMARY KEY (tenant_id, month, category, tier, supplier_id)
     )`,
    `INSERT INTO emission_rollups (tenant_id, month, category, tier, supplier_id, rows, kg_co2e, dqi_sum)
     SELECT tenant_id, date_trunc('month', activity_date)::date, category, tier, COALESCE(supplier_id, ''), count(*), sum(kg_co2e), COALESCE(sum(dqi), 0)
     FROM emissions GROUP BY 1, 2, 3, 4, 5`,
  ],
};
