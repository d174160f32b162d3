/**
 * node-postgres with a real pool: bounded size, acquire timeout, idle timeout, connection
 * recycling (max lifetime), statement_timeout, application_name, and a validation query on
 * checkout for connections that sat idle long enough to have been cut by a firewall or a
 * server restart. Pool statistics feed the metrics layer.
 *
 * Faults (docs/reliability.md): every statement also has a client-side timeout, so a frozen
 * server cannot hold a caller past statement_timeout + 1 s; a lost connection or a timeout is
 * `DATABASE_UNAVAILABLE` (HTTP 503); a read whose connection was lost is retried once on a
 * validated connection; after 5 such failures in a row, calls fail at once (a circuit
 * breaker) but for one probe every 250 ms, so an outage costs callers nothing while they fall back
 * to cached answers.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { CircuitBreaker } from '../cache/circuit-breaker.ts';
import type { PoolConfig } from '../config.ts';
import { asUnavailable, isBrokenConnection, isIdempotentRead, isLostConnection } from './connection-faults.ts';
import { AcquireWaitHistogram } from './diagnostics/acquire-waits.ts';
import { timedDriver } from './query-timing.ts';
import { type PoolStats, type QueryResult, type SqlDriver, type SqlExecutor, StoreError } from './driver.ts';

/** How long past statement_timeout the client waits before it gives up on a silent server. */
export const CLIENT_TIMEOUT_MARGIN_MS = 1_000;
/** The idle-connection check on checkout is `SELECT 1`: a healthy server answers it at once. */
const VALIDATION_TIMEOUT_MS = 2_000;
/** Consecutive unreachable-database failures that open the circuit, and how long it stays open. */
export const DATABASE_CIRCUIT = { failureThreshold: 5, cooldownMs: 250 } as const;

// Match PGlite's JS types so repositories behave the same on both drivers:
// int8 and numeric as numbers (our counts and sums stay far below 2^53), dates as ISO strings.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));
pg.types.setTypeParser(1082, (v) => v);

function executor(client: pg.PoolClient): SqlExecutor {
  return {
    async query<R>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
      const res = await client.query(sql, params as unknown[] | undefined);
      return { rows: res.rows as R[], rowCount: res.rowCount ?? res.rows.length };
    },
    async copyIn(table, columns, rows) {
      // Streamed: the server parses one chunk while the next is being produced.
      const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
      await pipeline(typeof rows === 'string' || rows instanceof Uint8Array ? Readable.from([rows]) : Readable.from(rows), stream);
      return stream.rowCount;
    },
  };
}

export async function openPostgres(url: string, config: PoolConfig): Promise<SqlDriver> {
  // statement_timeout cannot act when the server is frozen (SIGSTOP, a hung host): the client's own.
  const queryTimeoutMs = config.statementTimeoutMs > 0 ? config.statementTimeoutMs + CLIENT_TIMEOUT_MARGIN_MS : undefined;
  const pool = new pg.Pool({
    connectionString: url,
    max: config.max,
    connectionTimeoutMillis: config.acquireTimeoutMs,
    idleTimeoutMillis: config.idleTimeoutMs,
    maxLifetimeSeconds: config.maxLifetimeSeconds,
    statement_timeout: config.statementTimeoutMs || undefined,
    query_timeout: queryTimeoutMs,
    application_name: config.applicationName,
  });
  const validationTimeoutMs = Math.min(VALIDATION_TIMEOUT_MS, config.acquireTimeoutMs);
  // pg reads a per-query query_timeout, which its types do not list.
  const validation: pg.QueryConfig & { query_timeout: number } = { text: 'SELECT 1', query_timeout: validationTimeoutMs };
  const breaker = new CircuitBreaker(DATABASE_CIRCUIT, () => performance.now());
  // An idle client whose server went away emits here; without a listener Node would crash.
  pool.on('error', () => {});
  // pg-pool drops its idle 'error' listener while a client is checked out; a socket that dies
  // mid-query would then crash the process. The failing query already carries the error.
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });

  const lastReleased = new WeakMap<pg.PoolClient, number>();
  const counters = { acquireCount: 0, acquireTimeouts: 0, acquireTimeTotalMs: 0, acquireTimeMaxMs: 0, validationFailures: 0 };
  const acquireWaits = new AcquireWaitHistogram();

  /** A pooled client; `validate` forces the `SELECT 1` check (after a lost connection, its idle siblings may be dead too). */
  async function acquire(validate = false): Promise<pg.PoolClient> {
    for (let attempt = 0; ; attempt++) {
      const started = performance.now();
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (err) {
        // pg-pool's words for "waited in the queue too long" versus "could not reach the server".
        if (err instanceof Error && err.message === 'timeout exceeded when trying to connect') {
          counters.acquireTimeouts++;
          throw new StoreError('POOL_TIMEOUT', `no database connection free within ${config.acquireTimeoutMs} ms (pool max ${config.max})`, { cause: err });
        }
        throw new StoreError('DATABASE_UNAVAILABLE', `cannot connect to the database: ${(err as Error).message}`, { cause: err });
      }
      const waited = performance.now() - started;
      counters.acquireCount++;
      counters.acquireTimeTotalMs += waited;
      counters.acquireTimeMaxMs = Math.max(counters.acquireTimeMaxMs, waited);
      acquireWaits.record(waited);
      const idleSince = lastReleased.get(client);
      if (!validate && (idleSince === undefined || Date.now() - idleSince < config.validateAfterIdleMs)) return client;
      try {
        await client.query(validation);
        return client;
      } catch (err) {
        counters.validationFailures++;
        client.release(err instanceof Error ? err : true); // destroy it, then try a fresh one
        // A dead socket is replaced; a server that does not answer will not answer the next one either.
        if (attempt >= 2 || !isLostConnection(err)) throw asUnavailable(err, validationTimeoutMs);
      }
    }
  }

  function release(client: pg.PoolClient, err?: unknown): void {
    lastReleased.set(client, Date.now());
    // A connection still inside a transaction (a stray BEGIN) must not reach the next user.
    const dirty = (client as unknown as { getTransactionStatus?: () => string }).getTransactionStatus?.() ?? 'I';
    if (err instanceof Error && isBrokenConnection(err)) client.release(err);
    else if (dirty !== 'I') client.release(new Error('connection released inside a transaction'));
    else client.release();
  }

  // Fail fast at start with a clear message rather than on the first request.
  const probe = await acquire().catch((err: unknown) => {
    throw new Error(`cannot connect to DATABASE_URL (${redact(url)}): ${err instanceof Error ? err.message : String(err)}`);
  });
  release(probe);

  /**
   * One call through the circuit breaker: while it is open, fail at once. An unreachable server
   * (no connection, a lost one, no answer, no free connection) counts as a failure; any answer
   * from the server, an SQL error included, as a success.
   */
  async function guarded<T>(call: () => Promise<T>): Promise<T> {
    if (!breaker.tryAcquire()) {
      throw new StoreError(
        'DATABASE_UNAVAILABLE',
        `the database is unreachable (${DATABASE_CIRCUIT.failureThreshold} calls in a row failed); calls are refused for ${DATABASE_CIRCUIT.cooldownMs} ms before the next try`,
      );
    }
    try {
      const out = await call();
      breaker.succeed();
      return out;
    } catch (err) {
      if (err instanceof StoreError && (err.code === 'DATABASE_UNAVAILABLE' || err.code === 'POOL_TIMEOUT')) breaker.fail();
      else breaker.succeed();
      throw err;
    }
  }

  /** One statement on a pooled connection, released (or discarded when broken) afterwards; errors in raw form. */
  async function withClient<T>(fn: (client: pg.PoolClient) => Promise<T>, validate = false): Promise<T> {
    const client = await acquire(validate);
    let failure: unknown;
    try {
      return await fn(client);
    } catch (err) {
      failure = err;
      throw err;
    } finally {
      release(client, failure);
    }
  }

  /** A read whose connection was lost under it (a restart, a killed backend) runs once more on a checked connection. */
  async function statement<T>(sql: string, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    try {
      return await withClient(fn);
    } catch (err) {
      if (!(isLostConnection(err) && isIdempotentRead(sql))) throw asUnavailable(err, queryTimeoutMs);
    }
    try {
      return await withClient(fn, true);
    } catch (err) {
      throw asUnavailable(err, queryTimeoutMs);
    }
  }

  /** BEGIN … COMMIT on one connection; if the connection is found lost at BEGIN, nothing ran yet and a checked one is tried. */
  async function transaction<T>(fn: (tx: SqlExecutor) => Promise<T>, validate = false): Promise<T> {
    const client = await acquire(validate);
    let failure: unknown;
    let begun = false;
    try {
      await client.query('BEGIN');
      begun = true;
      const out = await fn(executor(client));
      await client.query('COMMIT');
      return out;
    } catch (err) {
      failure = err;
      if (begun) await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      release(client, failure);
    }
  }

  return timedDriver({
    kind: 'postgres',
    query: <R>(sql: string, params?: readonly unknown[]) => guarded(() => statement(sql, (c) => executor(c).query<R>(sql, params))),
    copyIn: (table, columns, rows) =>
      guarded(() => withClient((c) => executor(c).copyIn(table, columns, rows)).catch((err: unknown) => Promise.reject(asUnavailable(err, queryTimeoutMs)))),
    transaction: <T>(fn: (tx: SqlExecutor) => Promise<T>) =>
      guarded(async () => {
        let begun = false;
        const track = (tx: SqlExecutor) => {
          begun = true;
          return fn(tx);
        };
        try {
          return await transaction(track);
        } catch (err) {
          if (begun || !isLostConnection(err)) throw asUnavailable(err, queryTimeoutMs);
        }
        try {
          return await transaction(fn, true);
        } catch (err) {
          throw asUnavailable(err, queryTimeoutMs);
        }
      }),
    stats(): PoolStats {
      return {
        driver: 'postgres',
        total: pool.totalCount,
        idle: pool.idleCount,
        waiting: pool.waitingCount,
        max: config.max,
        ...counters,
        acquireWaits: acquireWaits.snapshot(),
      };
    },
    async close() {
      await pool.end();
    },
  });
}

export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
