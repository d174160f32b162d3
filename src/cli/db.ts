/**
 * `greenline db explain|indexes`: database diagnostics (docs/database-diagnostics.md).
 * `explain` runs EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) of one statement (`--sql`, `--params`)
 * or of the app's representative queries, in a transaction rolled back afterwards, and prints
 * what to fix; `indexes` judges the indexes from PostgreSQL's statistics.
 */
import { type Command, InvalidArgumentError } from 'commander';
import { loadConfig } from '../config.ts';
import { openRuntime, type Runtime } from '../runtime.ts';
import { DataDirInUse } from '../store/data-dir-lock.ts';
import { DEFAULT_ANALYSIS, describeFinding } from '../store/diagnostics/explain-analysis.ts';
import { type ExplainReport, explainStatement } from '../store/diagnostics/explain-runner.ts';
import { analyzeIndexHealth, describeIndexFinding } from '../store/diagnostics/index-health.ts';
import { readIndexHealth } from '../store/diagnostics/index-health-queries.ts';
import { captureRepresentativeQueries, findSample } from '../store/diagnostics/representative-queries.ts';

function jsonArray(text: string): unknown[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new InvalidArgumentError(`not JSON: ${(err as Error).message}`);
  }
  if (!Array.isArray(value)) throw new InvalidArgumentError('must be a JSON array, like \'["ten_01", 2024]\'');
  return value;
}

function positive(text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a positive number');
  return n;
}

function setting(text: string, previous: Record<string, string>): Record<string, string> {
  const at = text.indexOf('=');
  if (at <= 0) throw new InvalidArgumentError('must be name=value, like work_mem=64MB');
  return { ...previous, [text.slice(0, at).trim()]: text.slice(at + 1).trim() };
}

/** The configured database; the embedded one only while no server holds it. */
async function withRuntime<T>(work: (rt: Runtime) => Promise<T>): Promise<T> {
  let rt: Runtime;
  try {
    rt = await openRuntime(loadConfig());
  } catch (err) {
    if (err instanceof DataDirInUse)
      throw new Error(
        `the embedded database in ${err.dir} is in use by process ${err.owner}: stop the server first, or point DATABASE_URL at a PostgreSQL server`,
      );
    throw err;
  }
  try {
    return await work(rt);
  } finally {
    await rt.driver.close();
  }
}

const ms = (v: number | null) => (v === null ? '-' : `${v.toFixed(2)} ms`);

function printExplain(reports: ExplainReport[]): void {
  for (const r of reports) {
    const params = r.paramCount === 0 ? '' : `, ${r.paramCount} parameter${r.paramCount === 1 ? '' : 's'}`;
    process.stdout.write(`${r.name}: execution ${ms(r.executionMs)}, planning ${ms(r.planningMs)}${params}\n`);
    if (r.findings.length === 0) process.stdout.write('  ok\n');
    for (const f of r.findings) process.stdout.write(`  ! ${describeFinding(f)}\n`);
  }
  const flagged = reports.filter((r) => r.findings.length > 0).length;
  process.stdout.write(`\n${reports.length} statement${reports.length === 1 ? '' : 's'} explained, ${flagged} with findings\n`);
}

export function registerDbCommands(program: Command): void {
  const db = program.command('db').description('database diagnostics: EXPLAIN analysis and index health (docs/database-diagnostics.md)');

  db.command('explain')
    .description("EXPLAIN ANALYZE a statement (--sql) or the app's representative queries, rolled back afterwards, and name what to fix")
    .option('--sql <statement>', 'the statement to explain; without it, every representative query of the app')
    .option('--params <json>', 'its parameters ($1, $2…) as a JSON array', jsonArray, [])
    .option('--large-table-rows <n>', 'flag sequential scans of tables with at least this many rows', positive, DEFAULT_ANALYSIS.largeTableRows)
    .option('--misestimate <factor>', 'flag nodes whose actual rows are this many times off the estimate', positive, DEFAULT_ANALYSIS.misestimateFactor)
    .option('--set <name=value>', 'a setting for the explained statements only, like work_mem=64MB (repeatable)', setting, {})
    .option('--json', 'print the reports (with the plans) as JSON')
    .action(async (opts: { sql?: string; params: unknown[]; largeTableRows: number; misestimate: number; set: Record<string, string>; json?: boolean }) => {
      const analysis = { largeTableRows: opts.largeTableRows, misestimateFactor: opts.misestimate, settings: opts.set };
      const reports = await withRuntime(async (rt) => {
        if (opts.sql !== undefined) return [await explainStatement(rt.driver, opts.sql, opts.params, analysis)];
        const captured = await captureRepresentativeQueries(rt.driver, await findSample(rt.driver), rt.cursorSecret);
        const out: ExplainReport[] = [];
        for (const c of captured) out.push(await explainStatement(rt.driver, c.sql, c.params, { ...analysis, name: c.name }));
        return out;
      });
      if (opts.json) process.stdout.write(`${JSON.stringify(reports, null, 2)}\n`);
      else printExplain(reports);
    });

  db.command('indexes')
    .description('index health from pg_stat_user_indexes and pg_stat_user_tables: unused, duplicate, foreign keys without an index, bloat estimate')
    .option('--json', 'print the findings as JSON')
    .action(async (opts: { json?: boolean }) => {
      const { input, findings, embedded } = await withRuntime(async (rt) => {
        const embedded = rt.driver.kind === 'pglite';
        const input = await readIndexHealth(rt.driver);
        return { input, embedded, findings: analyzeIndexHealth(input, { activityStats: !embedded }) };
      });
      const unavailable = embedded
        ? 'embedded database (PGlite): unused indexes and table bloat are not judged — its scan and dead-row counters start from zero in every process that opens it, and this command can open it only while no server does; use DATABASE_URL (PostgreSQL) for those'
        : null;
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ statsSince: input.statsSince, unavailable, findings }, null, 2)}\n`);
        return;
      }
      if (unavailable) process.stdout.write(`${unavailable}\n`);
      const since = embedded ? '' : `; scan counts since ${input.statsSince ?? 'the server started'}`;
      process.stdout.write(`${input.indexes.length} indexes on ${input.tables.length} tables, ${input.foreignKeys.length} foreign keys${since}\n`);
      for (const f of findings) process.stdout.write(`  ! ${describeIndexFinding(f)}\n`);
      if (findings.length === 0) process.stdout.write('  ok: nothing past the thresholds\n');
    });
}
