/**
 * Embedded PostgreSQL (PGlite, WASM). One connection; queries are serialised by PGlite itself.
 * It runs on the main thread, so a long query blocks the event loop: fine for a laptop or a
 * demo, and the reason production deployments set DATABASE_URL.
 */
import { mkdirSync } from 'node:fs';
import { PGlite, types } from '@electric-sql/pglite';
import type { PoolStats, QueryResult, SqlDriver, SqlExecutor } from './driver.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { timedDriver } from './query-timing.ts';

export interface PgliteOptions {
  /** Directory for the database files; null for an in-memory database. */
  dataDir: string | null;
}

function wrap(db: Pick<PGlite, 'query'>): SqlExecutor {
  return {
    async query<R>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
      const res = await db.query<R>(sql, params as unknown[] | undefined);
      return { rows: res.rows, rowCount: res.affectedRows ?? res.rows.length };
    },
    async copyIn(table, columns, rows) {
      // PGlite has no COPY FROM STDIN; it reads the data from a blob named /dev/blob.
      const parts: Array<string | Uint8Array> = [];
      if (typeof rows === 'string' || rows instanceof Uint8Array) parts.push(rows);
      else for await (const chunk of rows) parts.push(chunk);
      const res = await db.query(`COPY ${table} (${columns.join(', ')}) FROM '/dev/blob'`, [], {
        blob: new Blob(parts as Array<string | Uint8Array<ArrayBuffer>>),
      });
      return res.affectedRows ?? 0;
    },
  };
}

export async function openPglite(options: PgliteOptions): Promise<SqlDriver> {
  let unlock = () => {};
  if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true });
    unlock = lockDataDir(options.dataDir);
  }
  // Same JS types as the node-postgres driver: numeric as number, date as 'YYYY-MM-DD'.
  const parsers = { [types.NUMERIC]: (v: string) => Number(v), [types.DATE]: (v: string) => v };
  const db = options.dataDir ? new PGlite(options.dataDir, { parsers }) : new PGlite({ parsers });
  try {
    await db.waitReady;
  } catch (err) {
    unlock();
    throw err;
  }
  const exec = wrap(db);
  let queries = 0;
  return timedDriver({
    kind: 'pglite',
    query(sql, params) {
      queries++;
      return exec.query(sql, params);
    },
    copyIn(table, columns, rows) {
      queries++;
      return exec.copyIn(table, columns, rows);
    },
    transaction(fn) {
      return db.transaction((tx) => fn(wrap(tx)));
    },
    stats(): PoolStats {
      return {
        driver: 'pglite',
        total: 1,
        idle: 1,
        waiting: 0,
        max: 1,
        acquireCount: queries,
        acquireTimeouts: 0,
        acquireTimeTotalMs: 0,
        acquireTimeMaxMs: 0,
        validationFailures: 0,
      };
    },
    async close() {
      try {
        await db.close();
      } finally {
        unlock();
      }
    },
  });
}
