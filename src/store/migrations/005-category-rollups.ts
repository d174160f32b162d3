/**
 * A second, coarser rollup without the supplier (at most months × 15 × 3 rows): reports that do not
 * group by supplier read it instead of the far larger supplier-level one (docs/benchmarks.md,
 * Design measurements).
 */
import type { Migration } from './types.ts';

export const categoryRollups: Migration = {
  version: 5,
  name: 'emission rollups by category',
  statements: [
    `CREATE TABLE emission_rollups_by_category (
       tenant_id text NOT NULL,
       month date NOT NULL,
       category smallint NOT NULL,
       tier smallint NOT NULL,
       rows bigint NOT NULL,
       kg_co2e double precision NOT NULL,
       dqi_sum double precision NOT NULL,
       PRIMARY KEY (tenant_id, month, category, tier)
     )`,
    `INSERT INTO emission_rollups_by_category (tenant_id, month, category, tier, rows, kg_co2e, dqi_sum)
     SELECT tenant_id, month, category, tier, sum(rows), sum(kg_co2e), sum(dqi_sum) FROM emission_rollups GROUP BY 1, 2, 3, 4`,
  ],
};
