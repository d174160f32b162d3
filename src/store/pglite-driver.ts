/**
 * Embedded PostgreSQL (PGlite, WASM). One connection; queries are serialised by PGlite itself.
 * It runs on the main thread, so a long query blocks the event loop: fine for a laptop or a
 * demo, and the reason production deployments set DATABASE_URL.
 */
import { mkdirSync, statfsSync } from 'node:fs';
import { PGlite, types } from '@electric-sql/pglite';
import { type PoolStats, type QueryResult, type SqlDriver, type SqlExecutor, StoreError } from './driver.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { timedDriver } from './query-timing.ts';

export interface PgliteOptions {
  /** Directory for the database files; null for an in-memory database. */
  dataDir: string | null;
}

/**
 * Free space a transaction needs on the data directory's disk before it starts. PGlite does not
 * fail a commit whose WAL write finds the disk full: it spins in XLogFlush for good, blocking the
 * event loop (measured: docs/reliability.md). So transactions (every chunk an ingest commits,
 * every calculation stored) are refused while less than this is free: a new WAL segment is 16 MiB,
 * and the margin covers a chunk's rows and the smaller writes that are not refused.
 */
export const PGLITE_MIN_FREE_BYTES = 64 * 1024 ** 2;

/** Refuses a transaction, as DISK_FULL, while the data directory's disk has too little free. */
export function checkFreeSpace(dir: string, minFree = PGLITE_MIN_FREE_BYTES): void {
  const fs = statfsSync(dir);
  const free = fs.bavail * fs.bsize;
  if (free < minFree) {
    const mib = (n: number) => `${Math.floor(n / 1024 ** 2)} MiB`;
    throw new StoreError(
      'DISK_FULL',
      `the disk of the data directory ${dir} has ${mib(free)} free; the embedded database writes only with at least ${mib(minFree)} free: free some space (nothing was written)`,
    );
  }
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
  const dataDir = options.dataDir;
  let queries = 0;
  return timedDriver({
    kind: 'pglite',
    query(sql, params) {
      queries++;
      return exec.query(sql, params);
    },
    async copyIn(table, columns, rows) {
      queries++;
      if (dataDir) checkFreeSpace(dataDir);
      return exec.copyIn(table, columns, rows);
    },
    async transaction(fn) {
      if (dataDir) checkFreeSpace(dataDir);
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
