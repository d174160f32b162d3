/**
 * node-postgres with a real pool: bounded size, acquire timeout, idle timeout, connection
 * recycling (max lifetime), statement_timeout, application_name, and a validation query on
 * checkout for connections that sat idle long enough to have been cut by a firewall or a
 * server restart. Pool statistics feed the metrics layer.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { PoolConfig } from '../config.ts';
import { timedDriver } from './query-timing.ts';
import { type PoolStats, type QueryResult, type SqlDriver, type SqlExecutor, StoreError } from './driver.ts';

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
  const pool = new pg.Pool({
    connectionString: url,
    max: config.max,
    connectionTimeoutMillis: config.acquireTimeoutMs,
    idleTimeoutMillis: config.idleTimeoutMs,
    maxLifetimeSeconds: config.maxLifetimeSeconds,
    statement_timeout: config.statementTimeoutMs || undefined,
    application_name: config.applicationName,
  });
  // An idle client whose server went away emits here; without a listener Node would crash.
  pool.on('error', () => {});
  // pg-pool drops its idle 'error' listener while a client is checked out; a socket that dies
  // mid-query would then crash the process. The failing query already carries the error.
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });

  const lastReleased = new WeakMap<pg.PoolClient, number>();
  const counters = { acquireCount: 0, acquireTimeouts: 0, acquireTimeTotalMs: 0, acquireTimeMaxMs: 0, validationFailures: 0 };

  async function acquire(): Promise<pg.PoolClient> {
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
      const idleSince = lastReleased.get(client);
      if (idleSince === undefined || Date.now() - idleSince < config.validateAfterIdleMs) return client;
      try {
        await client.query('SELECT 1');
        return client;
      } catch (err) {
        counters.validationFailures++;
        client.release(err instanceof Error ? err : true); // destroy it, then try a fresh one
        if (attempt >= 2) throw err;
      }
    }
  }

  function release(client: pg.PoolClient, err?: unknown): void {
    lastReleased.set(client, Date.now());
    // A connection still inside a transaction (a stray BEGIN) must not reach the next user.
    const dirty = (client as unknown as { getTransactionStatus?: () => string }).getTransactionStatus?.() ?? 'I';
    if (err instanceof Error && isConnectionError(err)) client.release(err);
    else if (dirty !== 'I') client.release(new Error('connection released inside a transaction'));
    else client.release();
  }

  // Fail fast at start with a clear message rather than on the first request.
  const probe = await acquire().catch((err: unknown) => {
    throw new Error(`cannot connect to DATABASE_URL (${redact(url)}): ${err instanceof Error ? err.message : String(err)}`);
  });
  release(probe);

  /** One statement on a pooled connection, released (or discarded when broken) afterwards. */
  async function withClient<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await acquire();
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

  return timedDriver({
    kind: 'postgres',
    query: <R>(sql: string, params?: readonly unknown[]) => withClient((c) => executor(c).query<R>(sql, params)),
    copyIn: (table, columns, rows) => withClient((c) => executor(c).copyIn(table, columns, rows)),
    async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      const client = await acquire();
      let failure: unknown;
      try {
        await client.query('BEGIN');
        const out = await fn(executor(client));
        await client.query('COMMIT');
        return out;
      } catch (err) {
        failure = err;
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        release(client, failure);
      }
    },
    stats(): PoolStats {
      return {
        driver: 'postgres',
        total: pool.totalCount,
        idle: pool.idleCount,
        waiting: pool.waitingCount,
        max: config.max,
        ...counters,
      };
    },
    async close() {
      await pool.end();
    },
  });
}

function isConnectionError(err: Error): boolean {
  const code = (err as { code?: string }).code ?? '';
  // Class 08 (connection exception), 57P01..03 (admin shutdown, crash, cannot connect now).
  return code.startsWith('08') || code.startsWith('57P') || /Connection terminated/i.test(err.message);
}

export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
