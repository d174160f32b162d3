/**
 * The one interface both storage drivers implement: embedded PGlite and node-postgres.
 * Everything above the store speaks SQL through this and never learns which one it has.
 */
import type { AcquireWaits } from './diagnostics/acquire-waits.ts';

export interface QueryResult<R> {
  rows: R[];
  rowCount: number;
}

/** Runs SQL: a driver, or a transaction handed out by one. */
export interface SqlExecutor {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
  /**
   * Bulk load with COPY: `rows` in PostgreSQL's text format (one line per row, fields separated
   * by tabs; build them with copy-text.ts), as one string or chunks produced while earlier
   * chunks are being loaded (node-postgres streams them; PGlite loads them as one blob).
   * `table` and `columns` are trusted identifiers, never user input. Returns the rows loaded.
   */
  copyIn(table: string, columns: readonly string[], rows: CopyData): Promise<number>;
}

/** COPY text-format data: one piece, or pieces produced while earlier ones load. */
export type CopyData = string | Uint8Array | Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>;

export interface PoolStats {
  driver: 'pglite' | 'postgres';
  /** Connections open (PGlite: always 1). */
  total: number;
  idle: number;
  /** Requests waiting for a connection. */
  waiting: number;
  max: number;
  acquireCount: number;
  acquireTimeouts: number;
  /** Time spent waiting for a connection, over all acquisitions (ms). */
  acquireTimeTotalMs: number;
  acquireTimeMaxMs: number;
  /** Connections found dead by the idle validation query and replaced. */
  validationFailures: number;
  /** Each acquisition's wait, in histogram buckets (node-postgres only: PGlite has no pool to wait for). */
  acquireWaits?: AcquireWaits;
}

export interface SqlDriver extends SqlExecutor {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction: commit when it resolves, roll back when it throws. */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  stats(): PoolStats;
  close(): Promise<void>;
  /** Reports every statement's name and duration to `listener` (query-timing.ts); returns the undo. */
  observeQueries(listener: QueryListener): () => void;
}

/** A statement's name (`select.emissions`), how long it took, and whether it failed. */
export type QueryListener = (name: string, seconds: number, failed: boolean) => void;

/** A store error with a stable code the HTTP layer can map. */
export class StoreError extends Error {
  constructor(
    readonly code:
      | 'POOL_TIMEOUT'
      | 'DATABASE_UNAVAILABLE'
      | 'INVALID_INPUT'
      | 'NOT_FOUND'
      | 'MIGRATION_FAILED'
      | 'IMPORT_CONFLICT'
      | 'ALREADY_EXISTS'
      | 'DISK_FULL',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StoreError';
  }
}

const TRANSIENT_PG_CODES = new Set(['40001', '40P01', '57P01', '57P02', '57P03', '53300', '08000', '08001', '08003', '08004', '08006']);
const TRANSIENT_NODE_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH']);

/**
 * Worth retrying: the connection or the server went away, the pool was exhausted, or PostgreSQL
 * aborted the transaction for a conflict (serialization failure, deadlock). Not: bad SQL, a
 * constraint violation, bad data.
 */
export function isTransientError(err: unknown): boolean {
  if (err instanceof StoreError) return err.code === 'POOL_TIMEOUT' || err.code === 'DATABASE_UNAVAILABLE';
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && (TRANSIENT_PG_CODES.has(code) || TRANSIENT_NODE_CODES.has(code))) return true;
  const message = err instanceof Error ? err.message : '';
  return /Connection terminated|connection is closed|Client has encountered a connection error/i.test(message);
}
