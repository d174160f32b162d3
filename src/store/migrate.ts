/**
 * Versioned, transactional migrations recorded in `schema_migrations`. Safe to run twice and
 * safe to run from two processes at once (PostgreSQL advisory lock). A released migration that
 * was edited afterwards is refused, because the database no longer matches the code's idea of it.
 */
import { createHash } from 'node:crypto';
import { type SqlDriver, StoreError } from './driver.ts';
import { migrations as allMigrations, type Migration } from './migrations/index.ts';

const LOCK_KEY = 74_201_923; // arbitrary, constant: "greenline migrations"

export interface MigrationReport {
  applied: number[];
  current: number;
}

export function checksum(m: Migration): string {
  return createHash('sha256').update(m.statements.join('\n;\n')).digest('hex');
}

export async function migrate(driver: SqlDriver, migrations: readonly Migration[] = allMigrations): Promise<MigrationReport> {
  await driver.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  const applied: number[] = [];
  for (const m of migrations) {
    const ran = await driver.transaction(async (tx) => {
      if (driver.kind === 'postgres') await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
      const existing = await tx.query<{ checksum: string }>('SELECT checksum FROM schema_migrations WHERE version = $1', [m.version]);
      const row = existing.rows[0];
      if (row) {
        if (row.checksum !== checksum(m)) {
          throw new StoreError('MIGRATION_FAILED', `migration ${m.version} (${m.name}) was changed after it was applied; add a new migration instead`);
        }
        return false;
      }
      for (const sql of m.statements) {
        try {
          await tx.query(sql);
        } catch (err) {
          throw new StoreError('MIGRATION_FAILED', `migration ${m.version} (${m.name}) failed on: ${sql.slice(0, 80)}…: ${(err as Error).message}`, {
            cause: err,
          });
        }
      }
      await tx.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [m.version, m.name, checksum(m)]);
      return true;
    });
    if (ran) applied.push(m.version);
  }
  return { applied, current: latestVersion(migrations) };
}

export function latestVersion(migrations: readonly Migration[] = allMigrations): number {
  return migrations.reduce((max, m) => Math.max(max, m.version), 0);
}

/** The highest applied version, or 0 on an empty database. */
export async function appliedVersion(driver: SqlDriver): Promise<number> {
  const exists = await driver.query<{ t: string | null }>("SELECT to_regclass('schema_migrations')::text AS t");
  if (!exists.rows[0]?.t) return 0;
  const res = await driver.query<{ v: number }>('SELECT COALESCE(max(version), 0)::int AS v FROM schema_migrations');
  return res.rows[0]?.v ?? 0;
}
