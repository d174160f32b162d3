/** The EXPLAIN analyzer on hand-made plans: each finding, exactly, and none where the plan is fine. */
import { describe, expect, it } from 'vitest';
import { analyzePlan, describeFinding, type ExplainResult, suggestIndex } from '../../src/store/diagnostics/explain-analysis.ts';

const plan = (root: ExplainResult['Plan']): ExplainResult => ({ Plan: root, 'Planning Time': 0.2, 'Execution Time': 41.5 });

describe('EXPLAIN analysis', () => {
  it('flags a sequential scan of a large table and suggests the index its filter needs', () => {
    // 120 returned + 99,880 removed by the filter = 100,000 rows read for 120.
    const findings = analyzePlan(
      plan({
        'Node Type': 'Seq Scan',
        'Relation Name': 'emissions',
        Alias: 'e',
        'Plan Rows': 100,
        'Actual Rows': 120,
        'Actual Loops': 1,
        'Rows Removed by Filter': 99_880,
        Filter: "((e.tenant_no = 7) AND (e.activity_date >= '2023-01-01'::date) AND (e.superseded_by IS NULL) AND (e.category = $2))",
      }),
    );
    expect(findings).toEqual([
      {
        kind: 'seq_scan',
        table: 'emissions',
        rows: 100_000,
        filter: "((e.tenant_no = 7) AND (e.activity_date >= '2023-01-01'::date) AND (e.superseded_by IS NULL) AND (e.category = $2))",
        suggestion: {
          table: 'emissions',
          columns: ['tenant_no', 'category', 'activity_date'],
          sql: 'CREATE INDEX CONCURRENTLY ON emissions (tenant_no, category, activity_date);',
        },
      },
    ]);
    expect(describeFinding(findings[0]!)).toContain('sequential scan of emissions (100,000 rows)');
  });

  it('judges a table by the catalog when the scan stopped early (LIMIT), and leaves small tables alone', () => {
    const early = plan({
      'Node Type': 'Limit',
      'Plan Rows': 10,
      'Actual Rows': 10,
      'Actual Loops': 1,
      Plans: [{ 'Node Type': 'Seq Scan', 'Relation Name': 'factors', 'Plan Rows': 10, 'Actual Rows': 10, 'Actual Loops': 1 }],
    });
    expect(analyzePlan(early)).toEqual([]);
    expect(analyzePlan(early, { tableRows: { factors: 95_000 } })).toEqual([
      { kind: 'seq_scan', table: 'factors', rows: 95_000, filter: null, suggestion: null },
    ]);
    const small = plan({ 'Node Type': 'Seq Scan', 'Relation Name': 'tenants', 'Plan Rows': 3, 'Actual Rows': 3, 'Actual Loops': 1 });
    expect(analyzePlan(small, { tableRows: { tenants: 3 } })).toEqual([]);
  });

  it('flags row misestimates of 10× or more either way, per loop, and ignores tiny counts and nodes never run', () => {
    const findings = analyzePlan(
      plan({
        'Node Type': 'Nested Loop',
        'Plan Rows': 5,
        'Actual Rows': 4_000,
        'Actual Loops': 1,
        Plans: [
          // Estimated 1 row per loop, got 80 per loop over 50 loops: 80×.
          { 'Node Type': 'Index Scan', 'Relation Name': 'suppliers', 'Index Name': 'suppliers_pkey', 'Plan Rows': 1, 'Actual Rows': 80, 'Actual Loops': 50 },
          // Over-estimate: 20,000 expected, 150 found: 133.3×.
          { 'Node Type': 'Bitmap Heap Scan', 'Relation Name': 'factors', 'Plan Rows': 20_000, 'Actual Rows': 150, 'Actual Loops': 1 },
          // 9× off: under the factor.
          { 'Node Type': 'Index Scan', 'Relation Name': 'batches', 'Plan Rows': 100, 'Actual Rows': 900, 'Actual Loops': 1 },
          // 1 expected, 50 actual: 50× but both below 100 rows.
          { 'Node Type': 'Index Scan', 'Relation Name': 'tenants', 'Plan Rows': 1, 'Actual Rows': 50, 'Actual Loops': 1 },
          // Never executed.
          { 'Node Type': 'Index Scan', 'Relation Name': 'audit_log', 'Plan Rows': 1, 'Actual Rows': 0, 'Actual Loops': 0 },
        ],
      }),
    );
    // Where the error starts: the Nested Loop above (5 estimated, 4,000 actual) only inherits it.
    expect(findings).toEqual([
      { kind: 'misestimate', node: 'Index Scan', table: 'suppliers', estimatedRows: 1, actualRows: 80, factor: 80 },
      { kind: 'misestimate', node: 'Bitmap Heap Scan', table: 'factors', estimatedRows: 20_000, actualRows: 150, factor: 133.3 },
    ]);
  });

  it('flags a join whose inputs were estimated right, and not a scan a Limit stopped early', () => {
    const join = analyzePlan(
      plan({
        'Node Type': 'Hash Join',
        'Plan Rows': 10,
        'Actual Rows': 5_000,
        'Actual Loops': 1,
        Plans: [
          { 'Node Type': 'Seq Scan', 'Relation Name': 'a', 'Plan Rows': 100, 'Actual Rows': 100, 'Actual Loops': 1 },
          { 'Node Type': 'Hash', 'Plan Rows': 100, 'Actual Rows': 100, 'Actual Loops': 1 },
        ],
      }),
    );
    expect(join).toEqual([{ kind: 'misestimate', node: 'Hash Join', table: null, estimatedRows: 10, actualRows: 5_000, factor: 500 }]);
    const limited = analyzePlan(
      plan({
        'Node Type': 'Limit',
        'Plan Rows': 101,
        'Actual Rows': 101,
        'Actual Loops': 1,
        Plans: [{ 'Node Type': 'Index Scan', 'Relation Name': 'suppliers', 'Plan Rows': 50_000, 'Actual Rows': 101, 'Actual Loops': 1 }],
      }),
    );
    expect(limited).toEqual([]);
  });

  it('flags a sort that spilled to disk (alone or in parallel workers) and a hash that needed batches, not an in-memory sort', () => {
    const findings = analyzePlan(
      plan({
        'Node Type': 'Gather Merge',
        'Plan Rows': 500,
        'Actual Rows': 500,
        'Actual Loops': 1,
        Plans: [
          {
            'Node Type': 'Sort',
            'Plan Rows': 250,
            'Actual Rows': 250,
            'Actual Loops': 3,
            'Sort Key': ['e.kg_co2e DESC'],
            'Sort Method': 'external merge',
            'Sort Space Used': 5_120,
            'Sort Space Type': 'Disk',
            Workers: [{ 'Worker Number': 0, 'Sort Method': 'external merge', 'Sort Space Used': 4_096, 'Sort Space Type': 'Disk' }],
            Plans: [
              {
                'Node Type': 'Hash Join',
                'Plan Rows': 250,
                'Actual Rows': 250,
                'Actual Loops': 3,
                Plans: [
                  {
                    'Node Type': 'Hash',
                    'Plan Rows': 200,
                    'Actual Rows': 200,
                    'Actual Loops': 3,
                    'Hash Batches': 8,
                    'Original Hash Batches': 1,
                    Plans: [{ 'Node Type': 'Seq Scan', 'Relation Name': 'suppliers', 'Plan Rows': 200, 'Actual Rows': 200, 'Actual Loops': 3 }],
                  },
                ],
              },
            ],
          },
          {
            'Node Type': 'Sort',
            'Plan Rows': 200,
            'Actual Rows': 200,
            'Actual Loops': 1,
            'Sort Method': 'quicksort',
            'Sort Space Used': 40,
            'Sort Space Type': 'Memory',
          },
        ],
      }),
    );
    expect(findings).toEqual([
      { kind: 'sort_spill', method: 'external merge', spaceKb: 9_216, sortKey: ['e.kg_co2e DESC'] },
      { kind: 'hash_spill', batches: 8, originalBatches: 1, table: 'suppliers' },
    ]);
    expect(describeFinding(findings[0]!)).toBe(
      'sort spilled to disk (external merge, 9216 kB) on e.kg_co2e DESC: raise work_mem above 18 MB for this query, or index the sort key',
    );
  });

  it('suggests indexes from equality columns, then one range column; never from OR branches, functions, <> or other relations', () => {
    expect(suggestIndex('factors', "(((tenant_id IS NULL) OR (tenant_id = 'x'::text)) AND (activity = 'a = b'::text))")?.columns).toEqual(['activity']);
    expect(suggestIndex('suppliers', "((lower(name) = 'acme'::text) AND ((country)::text = 'DE'::text))")?.columns).toEqual(['country']);
    // The scan's own column, compared to another relation's (a parameterized lookup would use it); never s.id.
    expect(suggestIndex('emissions', '((e.supplier_id)::text = (s.id)::text)', 'e')?.columns).toEqual(['supplier_id']);
    expect(suggestIndex('emissions', "((s.id)::text = 'x'::text)", 'e')).toBeNull();
    expect(suggestIndex('emissions', "(kg_co2e <> '0'::numeric)")).toBeNull();
    expect(suggestIndex('emissions', "((name ~~ 'ab%'::text) AND (year > 2020) AND (tenant_no = 3))")).toEqual({
      table: 'emissions',
      columns: ['tenant_no', 'name'],
      sql: 'CREATE INDEX CONCURRENTLY ON emissions (tenant_no, name);',
    });
    expect(suggestIndex('Mixed', '("Region" = $1)')?.sql).toBe('CREATE INDEX CONCURRENTLY ON "Mixed" ("Region");');
  });
});
