/**
 * A connection killed under a request (57P01 "terminating connection due to administrator
 * command", what a restart does to every session) on the shared PostgreSQL, in a test database:
 * a read is retried once on a fresh connection (200), a write answers 503 problem+json with
 * Retry-After — never 500. The request is held at a known point by a table lock taken from another
 * connection, so the backend can be killed exactly while the statement runs. Then, at the driver:
 * a connection silently lost while idle (a TCP proxy drops it) is found dead by the next read,
 * which is retried, by BEGIN, which is retried, and by a write, which is not.
 */
import net from 'node:net';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PoolConfig } from '../../src/config.ts';
import { buildApp } from '../../src/http/app.ts';
import { prepareDatabase } from '../../src/runtime.ts';
import { type SqlDriver, StoreError } from '../../src/store/driver.ts';
import { openPostgres } from '../../src/store/postgres-driver.ts';
import { addApiKey, ensureTenant } from '../../src/store/tenants.ts';
import { createTestDatabase, type TestDatabase, testPoolConfig } from '../support/databases.ts';

const APP_NAME = `greenline-killed-${process.pid}`;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('a killed database connection (PostgreSQL)', () => {
  let database: TestDatabase;
  let driver: SqlDriver;
  let app: FastifyInstance;
  let admin: pg.Client;
  let locker: pg.Client;
  let headers: Record<string, string>;

  /** Waits for one of the app's backends to wait on a lock, other than `except`; returns its pid. */
  async function blockedBackend(except?: number): Promise<number> {
    const deadline = Date.now() + 5_000;
    for (;;) {
      const res = await admin.query<{ pid: number }>(
        "SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND datname = $2 AND wait_event_type = 'Lock' AND pid <> $3",
        [APP_NAME, database.name, except ?? 0],
      );
      if (res.rows[0]) return res.rows[0].pid;
      if (Date.now() > deadline) throw new Error('no backend of the app is waiting on the lock');
      await sleep(10);
    }
  }

  const terminate = (pid: number) => admin.query('SELECT pg_terminate_backend($1)', [pid]);

  beforeAll(async () => {
    database = await createTestDatabase('greenline_killed');
    driver = await openPostgres(database.url, { ...testPoolConfig, max: 3, applicationName: APP_NAME });
    await prepareDatabase(driver, { cursorSecret: 'killed' });
    headers = { authorization: `Bearer ${await addApiKey(driver, (await ensureTenant(driver, 'killed')).id)}` };
    app = await buildApp({ driver, config: { bodyLimitBytes: 1024 * 1024, logLevel: 'silent', calculationThreads: false }, cursorSecret: 'killed' });
    await app.ready();
    admin = new pg.Client({ connectionString: database.url, application_name: 'greenline-killed-admin' });
    locker = new pg.Client({ connectionString: database.url, application_name: 'greenline-killed-locker' });
    await Promise.all([admin.connect(), locker.connect()]);
    // The key lookup and the tenant's number are cached from here on: only the route's statement is left.
    expect((await app.inject({ url: '/v1/emissions?limit=1', headers })).statusCode).toBe(200);
  });

  afterAll(async () => {
    await app?.close();
    await driver?.close();
    await admin?.end();
    await locker?.end();
    await database?.drop();
  });

  it('a read whose backend is killed mid-statement is retried on a fresh connection: 200', async () => {
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE emissions IN ACCESS EXCLUSIVE MODE');
    const pending = app.inject({ url: '/v1/emissions?limit=1&supplier_id=sup_killed', headers });
    const killed = await blockedBackend();
    await terminate(killed);
    // The retry runs on another backend, and waits on the same lock until it is released.
    const retried = await blockedBackend(killed);
    await locker.query('ROLLBACK');
    const response = await pending;
    expect(response.statusCode).toBe(200);
    expect(retried).not.toBe(killed);
  });

  it('a write whose backend is killed mid-statement answers 503 problem+json with Retry-After, never 500', async () => {
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE suppliers IN ACCESS EXCLUSIVE MODE');
    const pending = app.inject({ method: 'POST', url: '/v1/suppliers', headers, payload: { name: 'Killed Mid-Insert GmbH', country: 'DE' } });
    const killed = await blockedBackend();
    await terminate(killed);
    const response = await pending;
    await locker.query('ROLLBACK');
    expect(response.statusCode).toBe(503);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.headers['retry-after']).toBe('1');
    expect(response.json()).toMatchObject({ code: 'DATABASE_UNAVAILABLE', status: 503 });
    expect(response.json().detail).toMatch(/connection was lost/);
    // Not retried behind the client's back: the insert never ran, and the client may send it again.
    expect((await app.inject({ method: 'POST', url: '/v1/suppliers', headers, payload: { name: 'Killed Mid-Insert GmbH', country: 'DE' } })).statusCode).toBe(
      201,
    );
  });

  it('after the idle pooled connections are killed, the next requests succeed', async () => {
    for (let round = 0; round < 5; round++) {
      expect((await app.inject({ url: `/v1/emissions?limit=1&supplier_id=sup_a${round}`, headers })).statusCode).toBe(200);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND datname = $2', [APP_NAME, database.name]);
      const next = await app.inject({ url: `/v1/emissions?limit=1&supplier_id=sup_b${round}`, headers });
      expect(next.statusCode).toBe(200);
    }
  });

  describe('at the driver, a connection silently lost while idle', () => {
    /** A TCP proxy to the database whose connections can be dropped without the client hearing of it. */
    async function droppingProxy(): Promise<{ url: string; drop(): void; close(): void }> {
      const cuts: Array<() => void> = [];
      const target = new URL(database.url);
      const proxy = net.createServer((down) => {
        const up = net.connect(Number(target.port || 5432), target.hostname);
        let dead = false;
        down.on('data', (d) => (dead ? down.resetAndDestroy() : up.write(d)));
        up.on('data', (d) => {
          if (!dead) down.write(d);
        });
        up.on('error', () => {});
        down.on('error', () => {});
        up.on('close', () => {
          if (!dead) down.destroy();
        });
        down.on('close', () => up.destroy());
        cuts.push(() => {
          dead = true;
          up.destroy();
        });
      });
      await new Promise<void>((ok) => proxy.listen(0, '127.0.0.1', ok));
      const url = new URL(database.url);
      url.hostname = '127.0.0.1';
      url.port = String((proxy.address() as net.AddressInfo).port);
      return {
        url: url.toString(),
        drop: () => {
          for (const cut of cuts.splice(0)) cut();
        },
        close: () => proxy.close(),
      };
    }

    async function withLostConnection(fn: (driver: SqlDriver) => Promise<void>): Promise<void> {
      const proxy = await droppingProxy();
      // No validation on checkout: the dead connection reaches the statement, as in a race with a restart.
      const config: PoolConfig = { ...testPoolConfig, max: 1, validateAfterIdleMs: 3_600_000, applicationName: `${APP_NAME}-proxy` };
      const lossy = await openPostgres(proxy.url, config);
      try {
        await lossy.query('SELECT 1');
        proxy.drop();
        await sleep(50);
        expect(lossy.stats().total).toBe(1); // the pool still believes in it
        await fn(lossy);
      } finally {
        await lossy.close();
        proxy.close();
      }
    }

    it('retries a read once on a checked connection', async () => {
      await withLostConnection(async (lossy) => {
        expect((await lossy.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      });
    });

    it('retries a transaction whose BEGIN finds the connection lost (nothing ran yet)', async () => {
      await withLostConnection(async (lossy) => {
        let runs = 0;
        const out = await lossy.transaction(async (tx) => {
          runs++;
          return (await tx.query<{ two: number }>('SELECT 2 AS two')).rows[0]!.two;
        });
        expect(out).toBe(2);
        expect(runs).toBe(1);
      });
    });

    it('does not retry a write: DATABASE_UNAVAILABLE, and the pool works again', async () => {
      await withLostConnection(async (lossy) => {
        const err = await lossy.query('CREATE TEMP TABLE never_made (id int)').catch((e: unknown) => e);
        expect(err).toBeInstanceOf(StoreError);
        expect((err as StoreError).code).toBe('DATABASE_UNAVAILABLE');
        expect((await lossy.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      });
    });
  });
});
