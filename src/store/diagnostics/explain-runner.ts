/**
 * Runs `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)` of a statement inside a transaction that is
 * always rolled back, so an INSERT, UPDATE or DELETE executes (ANALYZE runs it) and leaves
 * nothing behind; then analyzes the plan (explain-analysis.ts) with the catalog's row counts of
 * the tables it touches.
 */
import type { SqlDriver } from '../driver.ts';
import { queryName } from '../query-timing.ts';
import { type AnalysisOptions, analyzePlan, type ExplainResult, type Finding, planNodes } from './explain-analysis.ts';

export interface ExplainReport {
  /** The short name of query-timing.ts (`select.emissions`), or the name the caller gave. */
  name: string;
  sql: string;
  /** Parameters are counted, never shown: they may hold tenants' data. */
  paramCount: number;
  planningMs: number | null;
  executionMs: number | null;
  findings: Finding[];
  plan: ExplainResult;
}

/** Thrown inside the transaction to roll it back once the plan is read. */
class RollBack extends Error {
  constructor(readonly result: ExplainResult) {
    super('rolled back on purpose');
  }
}

export async function explainStatement(
  driver: Pick<SqlDriver, 'transaction' | 'query'>,
  sql: string,
  params: readonly unknown[] = [],
  options: AnalysisOptions & { name?: string; settings?: Readonly<Record<string, string>> } = {},
): Promise<ExplainReport> {
  let result: ExplainResult;
  try {
    await driver.transaction(async (tx) => {
      // What-if settings (`work_mem`…) for this statement only: SET LOCAL ends with the transaction.
      for (const [name, value] of Object.entries(options.settings ?? {})) await tx.query('SELECT set_config($1, $2, true)', [name, value]);
      const res = await tx.query<{ 'QUERY PLAN': ExplainResult[] | string }>(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, params);
      const raw = res.rows[0]?.['QUERY PLAN'];
      const plans = typeof raw === 'string' ? (JSON.parse(raw) as ExplainResult[]) : raw;
      if (!plans?.[0]) throw new Error(`EXPLAIN returned no plan for: ${sql.slice(0, 200)}`);
      throw new RollBack(plans[0]);
    });
    throw new Error('unreachable: the EXPLAIN transaction committed');
  } catch (err) {
    if (!(err instanceof RollBack)) throw err;
    result = err.result;
  }
  const tableRows = options.tableRows ?? (await catalogRows(driver, result));
  return {
    name: options.name ?? queryName(sql),
    sql,
    paramCount: params.length,
    planningMs: result['Planning Time'] ?? null,
    executionMs: result['Execution Time'] ?? null,
    findings: analyzePlan(result, { ...options, tableRows }),
    plan: result,
  };
}

/** pg_class.reltuples of the tables a plan reads (-1, never analyzed, counts as unknown). */
async function catalogRows(driver: Pick<SqlDriver, 'transaction' | 'query'>, result: ExplainResult): Promise<Record<string, number>> {
  const tables = [...new Set(planNodes(result.Plan).flatMap((n) => (n['Relation Name'] ? [n['Relation Name']] : [])))];
  if (tables.length === 0) return {};
  const rows = await driver.query<{ relname: string; reltuples: number }>(
    `SELECT c.relname, c.reltuples::float8 AS reltuples FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relname = ANY($1::text[]) AND n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'm')`,
    [tables],
  );
  return Object.fromEntries(rows.rows.filter((r) => r.reltuples >= 0).map((r) => [r.relname, r.reltuples]));
}
