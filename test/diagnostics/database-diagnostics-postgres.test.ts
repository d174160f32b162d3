/**
 * EXPLAIN analysis and index health on a real PostgreSQL, on small tables planted with the
 * problems to find: a filter no index serves, correlated columns the planner misjudges, a sort
 * too big for a tiny work_mem, an unused, a redundant and a missing index, dead rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareDatabase } from '../../src/runtime.ts';
import { explainStatement } from '../../src/store/diagnostics/explain-runner.ts';
import { analyzeIndexHealth } from '../../src/store/diagnostics/index-health.ts';
import { readIndexHealth } from '../../src/store/diagnostics/index-health-queries.ts';
import { captureRepresentativeQueries, findSample, REPRESENTATIVE_QUERIES } from '../../src/store/diagnostics/representative-queries.ts';
import { ensureTenant } from '../../src/store/tenants.ts';
import { type DriverFixture, postgresFactory } from '../support/databases.ts';

const ROWS = 20_000;

describe('database diagnostics (PostgreSQL)', () => {
  let fx: DriverFixture;
  let cursorSecret: string;

  beforeAll(async () => {
    fx = await postgresFactory()();
    ({ cursorSecret } = await prepareDatabase(fx.driver, { cursorSecret: null }));
    await ensureTenant(fx.driver, 'diagnostics');
    // tenant_no and kind say the same thing (kind = 'k' || tenant_no): the planner multiplies
    // their selectivities, 1/100 × 1/100, and expects 2 rows where there are 200.
    await fx.driver.query(
      `CREATE TABLE diag_readings (id int PRIMARY KEY, tenant_no int NOT NULL, kind text NOT NULL, v float8 NOT NULL, note text)
       WITH (autovacuum_enabled = false)`,
    );
    await fx.driver.query(
      `INSERT INTO diag_readings SELECT g, g % 100, 'k' || (g % 100), (g * 7919) % 10007, repeat('x', 40) FROM generate_series(1, ${ROWS}) g`,
    );
    await fx.driver.query('CREATE INDEX diag_readings_v ON diag_readings (v)');
    await fx.driver.query('CREATE INDEX diag_readings_kind ON diag_readings (kind)');
    await fx.driver.query('CREATE INDEX diag_readings_kind_v ON diag_readings (kind, v)');
    await fx.driver.query('CREATE TABLE diag_notes (id int PRIMARY KEY, reading_id int REFERENCES diag_readings (id))');
    await fx.driver.query('ANALYZE diag_readings');
  });

  afterAll(async () => {
    await fx?.close();
  });

  it('flags a sequential scan of a large table with the index its filter needs', async () => {
    const report = await explainStatement(fx.driver, 'SELECT id FROM diag_readings WHERE tenant_no = $1 AND note = $2', [7, 'x']);
    expect(report.name).toBe('select.diag_readings');
    expect(report.executionMs).toBeGreaterThan(0);
    expect(report.findings).toEqual([
      {
        kind: 'seq_scan',
        table: 'diag_readings',
        rows: ROWS,
        // The parameters as the plan shows them: a custom plan has them in place.
        filter: "((tenant_no = 7) AND (note = 'x'::text))",
        suggestion: { table: 'diag_readings', columns: ['tenant_no', 'note'], sql: 'CREATE INDEX CONCURRENTLY ON diag_readings (tenant_no, note);' },
      },
    ]);
  });

  it('flags the misestimate of correlated columns, and a sort spilled to disk under a tiny work_mem', async () => {
    const mis = await explainStatement(fx.driver, 'SELECT count(*) FROM diag_readings WHERE kind = $1 AND tenant_no = $2', ['k7', 7]);
    expect(mis.findings).toContainEqual(expect.objectContaining({ kind: 'misestimate', table: 'diag_readings', actualRows: 200 }));
    const sort = await explainStatement(fx.driver, 'SELECT * FROM diag_readings ORDER BY note, v', [], { settings: { work_mem: '64kB' } });
    expect(sort.findings).toContainEqual(expect.objectContaining({ kind: 'sort_spill', sortKey: ['note', 'v'] }));
    // SET LOCAL ended with the transaction: the same sort fits in the default work_mem.
    const fits = await explainStatement(fx.driver, 'SELECT * FROM diag_readings ORDER BY note, v');
    expect(fits.findings.filter((f) => f.kind === 'sort_spill')).toEqual([]);
  });

  it('runs a write for its plan and rolls it back', async () => {
    const report = await explainStatement(fx.driver, 'DELETE FROM diag_readings WHERE tenant_no = $1', [3]);
    expect(report.plan.Plan['Node Type']).toBe('ModifyTable');
    const left = await fx.driver.query<{ n: number }>('SELECT count(*)::int AS n FROM diag_readings WHERE tenant_no = 3');
    expect(left.rows[0]?.n).toBe(ROWS / 100);
  });

  it('explains every representative query of the app with the SQL its repositories send', async () => {
    const captured = await captureRepresentativeQueries(fx.driver, await findSample(fx.driver), cursorSecret);
    // Each representative query sent at least one statement (listEmissions looks the tenant up first).
    const named = new Set(captured.map((c) => c.name.replace(/#\d+$/, '')));
    expect([...named]).toEqual(REPRESENTATIVE_QUERIES.map((q) => q.name));
    for (const c of captured) {
      const report = await explainStatement(fx.driver, c.sql, c.params, { name: c.name });
      expect(report.plan.Plan['Node Type'], c.name).toBeTruthy();
      // An empty database has no large table: nothing to flag.
      expect(
        report.findings.filter((f) => f.kind === 'seq_scan'),
        c.name,
      ).toEqual([]);
    }
  });

  it('finds the unused, the redundant and the missing index, and the dead rows', async () => {
    await fx.driver.query('SELECT count(*) FROM diag_readings WHERE kind = $1', ['k5']);
    // The connection reports its counts when it goes idle after the transaction, forced at once.
    await fx.driver.transaction(async (tx) => {
      await tx.query('DELETE FROM diag_readings WHERE id > $1', [ROWS / 4]);
      await tx.query('SELECT pg_stat_force_next_flush()');
    });
    let input = await readIndexHealth(fx.driver);
    for (let i = 0; i < 40 && !input.tables.some((t) => t.table === 'diag_readings' && t.deadRows > 0); i++) {
      await new Promise((r) => setTimeout(r, 50));
      input = await readIndexHealth(fx.driver);
    }
    const mine = analyzeIndexHealth(input, { bloatMinBytes: 64 * 1024 }).filter((f) => f.table.startsWith('diag_'));
    expect(mine.map((f) => [f.kind, 'index' in f ? f.index : 'constraint' in f ? f.constraint : f.table])).toEqual([
      // diag_readings_kind_v served the misestimate test's lookup by kind.
      ['unused_index', 'diag_readings_kind'],
      ['unused_index', 'diag_readings_v'],
      ['duplicate_index', 'diag_readings_kind'],
      ['unindexed_foreign_key', 'diag_notes_reading_id_fkey'],
      ['table_bloat', 'diag_readings'],
    ]);
    expect(mine.find((f) => f.kind === 'duplicate_index')).toMatchObject({ coveredBy: 'diag_readings_kind_v', exact: false, columns: ['kind'] });
    // The live count is not asserted: the INSERT's counts may reach the statistics after ANALYZE set them.
    expect(mine.find((f) => f.kind === 'table_bloat')).toMatchObject({ deadRows: (ROWS * 3) / 4 });
  });
});
