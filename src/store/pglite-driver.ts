/**
 * Embedded PostgreSQL (PGlite, WASM). One connection; queries are serialised by PGlite itself.
 * It runs on the main thread, so a long query blocks the event loop: fine for a laptop or a
 * demo, and the reason production deployments set DATABASE_URL.
 */
import { mkdirSync } from 'node:fs';
import { PGlite, types } from '@electric-sql/pglite';
import type { PoolStats, QueryResult, SqlDriver, SqlExecutor } from './driver.ts';

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
  };
}

export async function openPglite(options: PgliteOptions): Promise<SqlDriver> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  // Same JS types as the node-postgres driver: numeric as number, date as 'YYYY-MM-DD'.
  const parsers = { [types.NUMERIC]: (v: string) => Number(v), [types.DATE]: (v: string) => v };
  const db = options.dataDir ? new PGlite(options.dataDir, { parsers }) : new PGlite({ parsers });
  await db.waitReady;
  const exec = wrap(db);
  let queries = 0;
  return {
    kind: 'pglite',
    query(sql, params) {
      queries++;
      return exec.query(sql, params);
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
      await db.close();
    },
  };
}
