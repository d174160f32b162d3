/**
 * Query timing for the metrics layer: every statement a driver runs (alone, in a transaction, or
 * a COPY) is timed, from the call until its answer (so alone it includes the wait for a pooled
 * connection), and reported to the listeners under a short stable name derived from the SQL:
 * the verb and the first table, `select.emissions`, `insert.emission_rollups`, `copy.emissions`.
 * Names stay few (verbs × tables), so they are safe as a metric label; SQL text never is.
 */
import type { QueryListener, SqlDriver, SqlExecutor } from './driver.ts';

/**
 * A statement as diagnostics see it (N+1 detection, the slow-query log): its name, its SQL text
 * and its parameters. Kept apart from `QueryListener`, so metric listeners never get SQL text to
 * put in a label; whoever logs a statement must redact the parameters.
 */
export type StatementListener = (name: string, sql: string, params: readonly unknown[] | undefined, seconds: number, failed: boolean) => void;

const TABLE_AFTER: Record<string, RegExp> = {
  select: /\bfrom\s+([a-z_][a-z0-9_]*)/i,
  delete: /\bfrom\s+([a-z_][a-z0-9_]*)/i,
  insert: /\binto\s+([a-z_][a-z0-9_]*)/i,
  update: /^\s*update\s+([a-z_][a-z0-9_]*)/i,
};
const names = new Map<string, string>();
const MAX_REMEMBERED = 1_000;

/** `select.factors`, `with.emissions` (the first table after FROM), `begin`, `other`… */
export function queryName(sql: string): string {
  let name = names.get(sql);
  if (name !== undefined) return name;
  const verb = /^\s*([a-z]+)/i.exec(sql)?.[1]?.toLowerCase() ?? 'other';
  const table = (TABLE_AFTER[verb] ?? /\b(?:from|into)\s+([a-z_][a-z0-9_]*)/i).exec(sql)?.[1]?.toLowerCase();
  name = table && !['select', 'json_to_recordset', 'unnest', 'generate_series'].includes(table) ? `${verb}.${table}` : verb;
  // Generated SQL (IN lists, column lists) would grow the memo without bound: stop remembering.
  if (names.size < MAX_REMEMBERED) names.set(sql, name);
  return name;
}

export class QueryTiming {
  private readonly listeners = new Set<QueryListener>();
  private readonly statementListeners = new Set<StatementListener>();

  /** Starts reporting to `listener`; returns the undo. */
  listen(listener: QueryListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts reporting every statement with its SQL and parameters to `listener`; returns the undo. */
  listenStatements(listener: StatementListener): () => void {
    this.statementListeners.add(listener);
    return () => this.statementListeners.delete(listener);
  }

  private async time<T>(sql: string | (() => string), params: readonly unknown[] | undefined, name: string, run: () => Promise<T>): Promise<T> {
    if (this.listeners.size === 0 && this.statementListeners.size === 0) return run();
    const started = performance.now();
    let failed = true;
    try {
      const out = await run();
      failed = false;
      return out;
    } finally {
      const seconds = (performance.now() - started) / 1000;
      for (const listener of this.listeners) listener(name, seconds, failed);
      if (this.statementListeners.size > 0) {
        const text = typeof sql === 'string' ? sql : sql();
        for (const listener of this.statementListeners) listener(name, text, params, seconds, failed);
      }
    }
  }

  executor(exec: SqlExecutor): SqlExecutor {
    return {
      query: (sql, params) => this.time(sql, params, queryName(sql), () => exec.query(sql, params)),
      copyIn: (table, columns, rows) =>
        this.time(
          () => `COPY ${table} (${columns.join(', ')}) FROM STDIN`,
          undefined,
          `copy.${table}`,
          () => exec.copyIn(table, columns, rows),
        ),
    };
  }
}

/** Each timed driver's timing, so diagnostics can listen to statements without widening SqlDriver. */
const timings = new WeakMap<SqlDriver, QueryTiming>();

/**
 * Reports every statement `driver` runs, with its SQL, to `listener`; returns the undo. A driver
 * not built by `timedDriver` (a test double) has nothing to report: null.
 */
export function observeStatements(driver: SqlDriver, listener: StatementListener): (() => void) | null {
  return timings.get(driver)?.listenStatements(listener) ?? null;
}

/** The driver with every statement timed; `observeQueries` adds a listener. */
export function timedDriver(driver: Omit<SqlDriver, 'observeQueries'>): SqlDriver {
  const timing = new QueryTiming();
  const outside = timing.executor(driver);
  const timed: SqlDriver = {
    kind: driver.kind,
    query: outside.query,
    copyIn: outside.copyIn,
    transaction: (fn) => driver.transaction((tx) => fn(timing.executor(tx))),
    stats: () => driver.stats(),
    close: () => driver.close(),
    observeQueries: (listener) => timing.listen(listener),
  };
  timings.set(timed, timing);
  return timed;
}
