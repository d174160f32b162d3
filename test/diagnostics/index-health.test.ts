/** Index health on hand-made catalog rows: each finding, exactly, and what must not be flagged. */
import { describe, expect, it } from 'vitest';
import { analyzeIndexHealth, expectedIndexBytes, type IndexStats } from '../../src/store/diagnostics/index-health.ts';

const MiB = 1024 ** 2;
const index = (over: Partial<IndexStats> & Pick<IndexStats, 'table' | 'index' | 'columns'>): IndexStats => ({
  method: 'btree',
  unique: false,
  primary: false,
  predicate: null,
  definition: `CREATE INDEX ${over.index} ON ${over.table} (${over.columns.join(', ')})`,
  scans: 100,
  bytes: 8192,
  rows: -1,
  keyWidth: null,
  ...over,
});

describe('index health', () => {
  it('names unused indexes, but never a unique or primary-key index (they enforce a constraint)', () => {
    const findings = analyzeIndexHealth({
      indexes: [
        index({ table: 'emissions', index: 'emissions_pkey', columns: ['id'], primary: true, unique: true, scans: 0 }),
        index({ table: 'emissions', index: 'emissions_ext_uq', columns: ['tenant_no', 'external_id'], unique: true, scans: 0 }),
        index({ table: 'emissions', index: 'emissions_batch_idx', columns: ['batch_id'], scans: 0, bytes: 3 * MiB }),
      ],
      tables: [],
      foreignKeys: [],
      statsSince: null,
    });
    expect(findings).toEqual([
      {
        kind: 'unused_index',
        table: 'emissions',
        index: 'emissions_batch_idx',
        bytes: 3 * MiB,
        definition: 'CREATE INDEX emissions_batch_idx ON emissions (batch_id)',
      },
    ]);
  });

  it('names an index whose columns lead another on the same table; not across tables, methods or predicates', () => {
    const findings = analyzeIndexHealth({
      indexes: [
        index({ table: 'factors', index: 'factors_activity_idx', columns: ['activity'] }),
        index({ table: 'factors', index: 'factors_activity_region_idx', columns: ['activity', 'region', 'year'] }),
        index({ table: 'factors', index: 'factors_region_activity_idx', columns: ['region', 'activity', 'year'] }),
        index({ table: 'factors', index: 'factors_z_copy', columns: ['activity', 'region', 'year'] }),
        index({ table: 'factors', index: 'factors_tenant_partial', columns: ['tenant_id'], predicate: '(tenant_id IS NOT NULL)' }),
        index({ table: 'factors', index: 'factors_tenant_idx', columns: ['tenant_id', 'year'] }),
        index({ table: 'factors', index: 'factors_name_gin', columns: ['name'], method: 'gin' }),
        index({ table: 'factors', index: 'factors_name_idx', columns: ['name', 'id'] }),
        index({ table: 'suppliers', index: 'suppliers_activity', columns: ['activity'] }),
      ],
      tables: [],
      foreignKeys: [],
      statsSince: null,
    });
    expect(findings).toEqual([
      // (activity) leads (activity, region, year); (region, activity, year) serves lookups by region alone: not a duplicate.
      {
        kind: 'duplicate_index',
        table: 'factors',
        index: 'factors_activity_idx',
        coveredBy: 'factors_activity_region_idx',
        columns: ['activity'],
        exact: false,
        bytes: 8192,
      },
      {
        kind: 'duplicate_index',
        table: 'factors',
        index: 'factors_z_copy',
        coveredBy: 'factors_activity_region_idx',
        columns: ['activity', 'region', 'year'],
        exact: true,
        bytes: 8192,
      },
    ]);
  });

  it('names a foreign key that no index leads with, and not one an index serves', () => {
    const findings = analyzeIndexHealth({
      indexes: [
        index({ table: 'emissions', index: 'emissions_tenant_supplier', columns: ['tenant_no', 'supplier_id'] }),
        // Partial on the key being set: a foreign-key lookup (factor_id = $1) implies it.
        index({ table: 'emissions', index: 'emissions_factor', columns: ['factor_id'], predicate: '(factor_id IS NOT NULL)' }),
        // Partial on something else: no help to the lookup.
        index({ table: 'emissions', index: 'emissions_batch_current', columns: ['batch_id'], predicate: '(superseded_by IS NULL)' }),
      ],
      tables: [{ table: 'emissions', liveRows: 100_000, deadRows: 0, bytes: 50 * MiB, seqScans: 0, indexScans: 0, lastVacuum: null, lastAnalyze: null }],
      foreignKeys: [
        { table: 'emissions', name: 'emissions_supplier_fk', columns: ['supplier_id'], references: 'suppliers' },
        { table: 'emissions', name: 'emissions_tenant_fk', columns: ['tenant_no'], references: 'tenants' },
        { table: 'emissions', name: 'emissions_factor_fk', columns: ['factor_id'], references: 'factors' },
        { table: 'emissions', name: 'emissions_batch_fk', columns: ['batch_id'], references: 'batches' },
      ],
      statsSince: null,
    });
    expect(findings).toEqual([
      {
        kind: 'unindexed_foreign_key',
        table: 'emissions',
        constraint: 'emissions_supplier_fk',
        columns: ['supplier_id'],
        references: 'suppliers',
        tableRows: 100_000,
        suggestion: 'CREATE INDEX CONCURRENTLY ON emissions (supplier_id);',
      },
      {
        kind: 'unindexed_foreign_key',
        table: 'emissions',
        constraint: 'emissions_batch_fk',
        columns: ['batch_id'],
        references: 'batches',
        tableRows: 100_000,
        suggestion: 'CREATE INDEX CONCURRENTLY ON emissions (batch_id);',
      },
    ]);
  });

  it('estimates bloat from dead rows and from an index larger than its rows need', () => {
    // int4 key: 8-byte header + 4, aligned to 16, + 4-byte line pointer = 20 bytes; (8152 × 0.9) / 20 = 366 per page.
    // 1,000,000 rows → 2,733 pages + the meta page = 2,734 × 8192 = 22,396,928 bytes.
    expect(expectedIndexBytes({ method: 'btree', rows: 1_000_000, keyWidth: 4 })).toBe(22_396_928);
    expect(expectedIndexBytes({ method: 'gin', rows: 1_000_000, keyWidth: 4 })).toBeNull();
    const findings = analyzeIndexHealth({
      indexes: [
        // 50 MiB where a fresh build needs 21.4: 57% bloat, past the 50% bar.
        index({ table: 'batches', index: 'batches_pkey', columns: ['id'], primary: true, unique: true, rows: 1_000_000, keyWidth: 4, bytes: 50 * MiB }),
        // 40 MiB: 47%, the fill of a B-tree grown by random inserts, not reported.
        index({ table: 'batches', index: 'batches_owner', columns: ['owner'], rows: 1_000_000, keyWidth: 4, bytes: 40 * MiB }),
        index({ table: 'batches', index: 'batches_state', columns: ['state'], rows: 1_000_000, keyWidth: 4, bytes: 22_396_928 }),
      ],
      tables: [
        // 30 of 100 MiB dead: 30 MiB.
        { table: 'batches', liveRows: 700_000, deadRows: 300_000, bytes: 100 * MiB, seqScans: 0, indexScans: 0, lastVacuum: null, lastAnalyze: null },
        // 10% dead: under the 20% bar.
        { table: 'tenants', liveRows: 900, deadRows: 100, bytes: 100 * MiB, seqScans: 0, indexScans: 0, lastVacuum: null, lastAnalyze: null },
      ],
      foreignKeys: [],
      statsSince: null,
    });
    expect(findings).toEqual([
      { kind: 'table_bloat', table: 'batches', bytes: 100 * MiB, estimatedBloatBytes: 30 * MiB, deadRows: 300_000, liveRows: 700_000 },
      { kind: 'index_bloat', table: 'batches', index: 'batches_pkey', bytes: 50 * MiB, estimatedBloatBytes: 50 * MiB - 22_396_928 },
    ]);
    // Without trustworthy activity counters (PGlite), no unused index and no table bloat.
    const quiet = analyzeIndexHealth(
      {
        indexes: [index({ table: 't', index: 't_x', columns: ['x'], scans: 0 })],
        tables: [{ table: 't', liveRows: 1, deadRows: 9e6, bytes: 100 * MiB, seqScans: 0, indexScans: 0, lastVacuum: null, lastAnalyze: null }],
        foreignKeys: [],
        statsSince: null,
      },
      { activityStats: false },
    );
    expect(quiet).toEqual([]);
  });
});
