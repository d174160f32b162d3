/**
 * Query timing for the metrics layer: every statement a driver runs (alone, in a transaction, or
 * a COPY) is timed, from the call until its answer (so alone it includes the wait for a pooled
 * connection), and reported to the listeners under a short stable name derived from the SQL:
 * the verb and the first table, `select.emissions`, `insert.emission_rollups`, `copy.emissions`.
 * Names stay few (verbs × tables), so they are safe as a metric label; SQL text never is.
 */
import type { QueryListener, SqlDriver, SqlExecutor } from './driver.ts';

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

  /** Starts reporting to `listener`; returns the undo. */
  listen(listener: QueryListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async time<T>(name: string, run: () => Promise<T>): Promise<T> {
    if (this.listeners.size === 0) return run();
    const started = performance.now();
    let failed = true;
    try {
      const out = await run();
      failed = false;
      return out;
    } finally {
      const seconds = (performance.now() - started) / 1000;
      for (const listener of this.listeners) listener(name, seconds, failed);
    }
  }

  executor(exec: SqlExecutor): SqlExecutor {
    return {
      query: (sql, params) => this.time(queryName(sql), () => exec.query(sql, params)),
      copyIn: (table, columns, rows) => this.time(`copy.${table}`, () => exec.copyIn(table, columns, rows)),
    };
  }
}

/** The driver with every statement timed; `observeQueries` adds a listener. */
export function timedDriver(driver: Omit<SqlDriver, 'observeQueries'>): SqlDriver {
  const timing = new QueryTiming();
  const outside = timing.executor(driver);
  return {
    kind: driver.kind,
    query: outside.query,
    copyIn: outside.copyIn,
    transaction: (fn) => driver.transaction((tx) => fn(timing.executor(tx))),
    stats: () => driver.stats(),
    close: () => driver.close(),
    observeQueries: (listener) => timing.listen(listener),
  };
}
