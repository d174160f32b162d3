/**
 * Real databases for tests: a fresh PostgreSQL database per suite on the local server
 * (TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres), or an in-memory PGlite.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { PoolConfig } from '../../src/config.ts';
import type { SqlDriver } from '../../src/store/driver.ts';
import { openPglite } from '../../src/store/pglite-driver.ts';
import { openPostgres } from '../../src/store/postgres-driver.ts';

export const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export const testPoolConfig: PoolConfig = {
  max: 5,
  acquireTimeoutMs: 5_000,
  idleTimeoutMs: 10_000,
  maxLifetimeSeconds: 600,
  statementTimeoutMs: 60_000,
  applicationName: 'greenline-test',
  validateAfterIdleMs: 10_000,
};

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** Creates an empty database; `drop()` removes it (and ends its connections). */
export async function createTestDatabase(prefix = 'greenline_test'): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const c = new pg.Client({ connectionString: ADMIN_URL });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

export interface DriverFixture {
  driver: SqlDriver;
  close(): Promise<void>;
}

export type DriverFactory = () => Promise<DriverFixture>;

export const pgliteFactory: DriverFactory = async () => {
  const driver = await openPglite({ dataDir: null });
  return { driver, close: () => driver.close() };
};

export function postgresFactory(pool: Partial<PoolConfig> = {}): DriverFactory {
  return async () => {
    const db = await createTestDatabase();
    const driver = await openPostgres(db.url, { ...testPoolConfig, ...pool });
    return {
      driver,
      async close() {
        await driver.close();
        await db.drop();
      },
    };
  };
}
