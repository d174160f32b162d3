/**
 * Embedded PostgreSQL (PGlite, WASM). One connection; queries are serialised by PGlite itself.
 * It runs on the main thread, so a long query blocks the event loop: fine for a laptop or a
 * demo, and the reason production deployments set DATABASE_URL.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite, types } from '@electric-sql/pglite';
import type { PoolStats, QueryResult, SqlDriver, SqlExecutor } from './driver.ts';
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

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite has no multi-process locking: two processes on one directory corrupt it. A lock file
 * with the owner's pid keeps a second `greenline` (a CLI command while the server runs) out;
 * a lock left by a dead process is taken over.
 */
function lockDataDir(dir: string): () => void {
  const file = join(dir, 'greenline.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(readFileSync(file, 'utf8'));
      if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) {
        throw new Error(
          `the embedded database in ${dir} is in use by process ${owner}; stop it first, or use DATABASE_URL for a server several processes can share`,
        );
      }
      rmSync(file, { force: true });
    }
  }
  throw new Error(`could not lock ${dir}`);
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
