/**
 * The node-postgres driver's pool against a real PostgreSQL: statistics, acquire timeout,
 * validation on checkout, statement_timeout, application_name, transaction rollback and
 * connection recycling. Each test opens its own small pool with a unique application_name,
 * so it can find (and kill) exactly its own backends in pg_stat_activity.
 */
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PoolConfig } from '../../src/config.ts';
import { type SqlDriver, type SqlExecutor, StoreError } from '../../src/store/driver.ts';
import { openPostgres } from '../../src/store/postgres-driver.ts';
import { ADMIN_URL, createTestDatabase, postgresFactory, type TestDatabase, testPoolConfig } from '../support/databases.ts';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const uniqueAppName = (label: string) => `gl-pool-${label}-${randomBytes(4).toString('hex')}`;

async function backendPid(db: SqlExecutor): Promise<number> {
  const res = await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  return res.rows[0]!.pid;
}

/** Polls until `check` holds or `timeoutMs` passes; returns whether it held. */
async function eventually(check: () => boolean, timeoutMs = 2_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await sleep(10);
  }
  return true;
}

describe('postgres driver pool', () => {
  let database: TestDatabase;
  let admin: pg.Client;

  async function withDriver<T>(pool: Partial<PoolConfig>, fn: (driver: SqlDriver, config: PoolConfig) => Promise<T>): Promise<T> {
    const config: PoolConfig = { ...testPoolConfig, applicationName: uniqueAppName('t'), ...pool };
    const driver = await openPostgres(database.url, config);
    try {
      return await fn(driver, config);
    } finally {
      await driver.close();
    }
  }

  /** The pool's backends as the server sees them. */
  async function backends(applicationName: string): Promise<Array<{ pid: number; state: string | null }>> {
    const res = await admin.query<{ pid: number; state: string | null }>(
      'SELECT pid, state FROM pg_stat_activity WHERE application_name = $1 AND datname = $2 ORDER BY pid',
      [applicationName, database.name],
    );
    return res.rows;
  }

  beforeAll(async () => {
    database = await createTestDatabase('greenline_pool');
    admin = new pg.Client({ connectionString: ADMIN_URL, application_name: 'greenline-pool-test-admin' });
    await admin.connect();
  });

  afterAll(async () => {
    await admin?.end();
    await database?.drop();
  });

  it('reports pool statistics: bounded size, acquisitions counted, nobody waiting at rest', async () => {
    // Its own fresh database through the shared factory, with a pool of three.
    const fixture = await postgresFactory({ max: 3, applicationName: uniqueAppName('stats') })();
    try {
      const { driver } = fixture;
      const before = driver.stats();
      expect(before.driver).toBe('postgres');
      expect(before.max).toBe(3);
      expect(before.acquireCount).toBeGreaterThanOrEqual(1); // the start-up probe
      expect(before.waiting).toBe(0);

      const running = Array.from({ length: 20 }, () => driver.query('SELECT pg_sleep(0.02)'));
      // Twenty requests for three connections: the surplus queues in the pool.
      expect(driver.stats().waiting).toBeGreaterThan(0);
      let peak = 0;
      const sampler = setInterval(() => {
        peak = Math.max(peak, driver.stats().total);
      }, 5);
      await Promise.all(running);
      clearInterval(sampler);

      const after = driver.stats();
      expect(after.driver).toBe('postgres');
      expect(after.total).toBeLessThanOrEqual(3);
      expect(after.total).toBeGreaterThan(1); // it did open more than one connection under load
      expect(peak).toBeLessThanOrEqual(3);
      expect(after.acquireCount).toBe(before.acquireCount + 20);
      expect(after.waiting).toBe(0);
      expect(after.idle).toBe(after.total);
      expect(after.acquireTimeouts).toBe(0);
      // Queued requests waited for a connection, and that wait is measured.
      expect(after.acquireTimeTotalMs).toBeGreaterThan(0);
      expect(after.acquireTimeMaxMs).toBeGreaterThan(0);
      expect(after.acquireTimeMaxMs).toBeLessThanOrEqual(after.acquireTimeTotalMs);
      expect(after.validationFailures).toBe(0);

      await driver.query('SELECT 1');
      expect(driver.stats().acquireCount).toBe(before.acquireCount + 21);
    } finally {
      await fixture.close();
    }
  });

  it('fails with POOL_TIMEOUT when no connection frees up within acquireTimeoutMs, then recovers', async () => {
    await withDriver({ max: 1, acquireTimeoutMs: 200 }, async (driver) => {
      let release!: () => void;
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      let holding!: () => void;
      const held = new Promise<void>((resolve) => {
        holding = resolve;
      });
      // Hold the only connection inside a transaction.
      const holder = driver.transaction(async (tx) => {
        await tx.query('SELECT 1');
        holding();
        await Promise.race([released, sleep(5_000)]);
        return 'held';
      });
      await held;

      const started = performance.now();
      const blocked = driver.query('SELECT 1').then(
        () => null,
        (err: unknown) => err,
      );
      await sleep(50);
      expect(driver.stats().waiting).toBe(1);
      const err = await blocked;
      const waited = performance.now() - started;

      expect(err).toBeInstanceOf(StoreError);
      expect((err as StoreError).code).toBe('POOL_TIMEOUT');
      expect((err as StoreError).message).toMatch(/within 200 ms/);
      expect((err as StoreError).message).toMatch(/pool max 1/);
      expect(waited).toBeGreaterThanOrEqual(180);
      expect(waited).toBeLessThan(2_000);
      expect(driver.stats().acquireTimeouts).toBe(1);
      expect(driver.stats().waiting).toBe(0);

      release();
      await expect(holder).resolves.toBe('held');
      // The pool works again once the connection is back.
      const res = await driver.query<{ one: number }>('SELECT 1 AS one');
      expect(res.rows).toEqual([{ one: 1 }]);
      expect(driver.stats().acquireTimeouts).toBe(1);
      expect(driver.stats().total).toBe(1);
    });
  });

  it('replaces a connection whose backend was killed while idle in the pool', async () => {
    await withDriver({ max: 1, validateAfterIdleMs: 0 }, async (driver, config) => {
      const first = await backendPid(driver);
      expect(driver.stats().total).toBe(1);
      const killed = await admin.query<{ killed: boolean }>(
        'SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()',
        [config.applicationName],
      );
      expect(killed.rows).toEqual([{ killed: true }]);
      // pg_terminate_backend makes the backend send FATAL 57P01 and close the socket. The idle
      // client reads that, emits 'error', and pg-pool's idle listener removes it from the pool
      // before anyone checks it out. Observe that, so the branch below is chosen by evidence.
      const discardedByPool = await eventually(() => driver.stats().total === 0);

      const second = await backendPid(driver);
      expect(second).not.toBe(first);
      const res = await driver.query<{ one: number }>('SELECT 1 AS one');
      expect(res.rows).toEqual([{ one: 1 }]);
      expect(await backends(config.applicationName)).toEqual([{ pid: second, state: expect.any(String) }]);

      if (discardedByPool) {
        // The dead client never reached the validation query: nothing to count.
        expect(driver.stats().validationFailures).toBe(0);
      } else {
        // Still in the pool when checked out: only the validation query can have caught it.
        expect(driver.stats().validationFailures).toBeGreaterThanOrEqual(1);
      }
    });
  });

  it('discards a connection released inside a transaction, so the next user never inherits it', async () => {
    await withDriver({ max: 1 }, async (driver, config) => {
      await driver.query('BEGIN'); // a misuse: BEGIN outside driver.transaction
      const res = await driver.query<{ fresh_tx: boolean }>('SELECT now() = statement_timestamp() AS fresh_tx');
      expect(res.rows[0]!.fresh_tx).toBe(true); // its own transaction, not the stray one
      const states = (await backends(config.applicationName)).map((b) => b.state);
      expect(states).not.toContain('idle in transaction');
    });
  });

  it('validation on checkout replaces a connection that was silently lost while idle', async () => {
    // A TCP proxy that can drop its connections the way a NAT or firewall forgets state: the
    // server side closes, the client hears nothing until it next writes, then gets a reset.
    const cuts: Array<() => void> = [];
    const proxy = net.createServer((down) => {
      const up = net.connect(new URL(database.url).port ? Number(new URL(database.url).port) : 5432, '127.0.0.1');
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
    try {
      const url = new URL(database.url);
      url.port = String((proxy.address() as net.AddressInfo).port);
      const driver = await openPostgres(url.toString(), { ...testPoolConfig, applicationName: uniqueAppName('lost'), max: 1, validateAfterIdleMs: 0 });
      try {
        const before = await backendPid(driver);
        for (const cut of cuts) cut();
        await sleep(100);
        expect(driver.stats().total).toBe(1); // the pool still believes in the dead connection
        const after = await backendPid(driver);
        expect(after).not.toBe(before);
        expect(driver.stats().validationFailures).toBe(1);
      } finally {
        await driver.close();
      }
    } finally {
      proxy.close();
    }
  });

  it('applies statement_timeout: a long statement fails with 57014 and the pool carries on', async () => {
    await withDriver({ max: 1, statementTimeoutMs: 100 }, async (driver) => {
      const shown = await driver.query<{ statement_timeout: string }>('SHOW statement_timeout');
      expect(shown.rows[0]!.statement_timeout).toBe('100ms');
      const started = performance.now();
      await expect(driver.query('SELECT pg_sleep(1)')).rejects.toMatchObject({ code: '57014' });
      expect(performance.now() - started).toBeLessThan(900);
      // Also inside a transaction, which then rolls back.
      await expect(driver.transaction((tx) => tx.query('SELECT pg_sleep(1)'))).rejects.toMatchObject({ code: '57014' });
      const res = await driver.query<{ one: number }>('SELECT 1 AS one');
      expect(res.rows).toEqual([{ one: 1 }]);
    });
  });

  it('sets application_name on every pool connection, visible in pg_stat_activity', async () => {
    await withDriver({ max: 3 }, async (driver, config) => {
      await Promise.all(Array.from({ length: 6 }, () => driver.query('SELECT pg_sleep(0.05)')));
      const own = await driver.query<{ name: string }>("SELECT current_setting('application_name') AS name");
      expect(own.rows[0]!.name).toBe(config.applicationName);
      const seen = await backends(config.applicationName);
      expect(seen.length).toBeGreaterThan(1);
      expect(seen.length).toBe(driver.stats().total);
      for (const b of seen) expect(b.state).toBe('idle');
    });
  });

  it('rolls a transaction back when its function throws: no rows left behind', async () => {
    await withDriver({ max: 1 }, async (driver, config) => {
      await driver.query('CREATE TABLE pool_rollback_probe (id integer PRIMARY KEY, note text NOT NULL)');
      try {
        const boom = new Error('boom after inserts');
        await expect(
          driver.transaction(async (tx) => {
            await tx.query("INSERT INTO pool_rollback_probe VALUES (1, 'a'), (2, 'b')");
            await tx.query("INSERT INTO pool_rollback_probe VALUES (3, 'c')");
            const inside = await tx.query<{ n: number }>('SELECT count(*) AS n FROM pool_rollback_probe');
            expect(inside.rows[0]!.n).toBe(3); // visible inside the transaction
            throw boom;
          }),
        ).rejects.toBe(boom);
        const count = async () => (await driver.query<{ n: number }>('SELECT count(*) AS n FROM pool_rollback_probe')).rows[0]!.n;
        expect(await count()).toBe(0);

        // A failing statement rolls back what came before it, too.
        await expect(
          driver.transaction(async (tx) => {
            await tx.query("INSERT INTO pool_rollback_probe VALUES (10, 'x')");
            await tx.query("INSERT INTO pool_rollback_probe VALUES (10, 'duplicate')");
          }),
        ).rejects.toMatchObject({ code: '23505' });
        expect(await count()).toBe(0);

        // The connection went back clean (not left inside a transaction) and commits still commit.
        expect((await backends(config.applicationName)).map((b) => b.state)).toEqual(['idle']);
        await driver.transaction(async (tx) => {
          await tx.query("INSERT INTO pool_rollback_probe VALUES (20, 'kept'), (21, 'kept')");
        });
        expect(await count()).toBe(2);
      } finally {
        await driver.query('DROP TABLE pool_rollback_probe');
      }
    });
  });

  it('recycles connections older than maxLifetimeSeconds', async () => {
    await withDriver({ max: 1, maxLifetimeSeconds: 1 }, async (driver) => {
      // 1. Checked out across its expiry: the same backend to the end of the transaction,
      //    then pg-pool drops it on release (it only recycles clients that are not in use).
      const [pidAtStart, pidAtEnd] = await driver.transaction(async (tx) => {
        const a = await backendPid(tx);
        await sleep(1_300);
        return [a, await backendPid(tx)] as const;
      });
      expect(pidAtEnd).toBe(pidAtStart);
      expect(driver.stats().total).toBe(0);
      const afterRelease = await backendPid(driver);
      expect(afterRelease).not.toBe(pidAtStart);

      // 2. Idle across its expiry: pg-pool removes it from the pool without waiting for a checkout.
      expect(driver.stats().total).toBe(1);
      expect(await eventually(() => driver.stats().total === 0, 2_500)).toBe(true);
      const afterIdle = await backendPid(driver);
      expect(afterIdle).not.toBe(afterRelease);

      // 3. In steady use: short queries back to back for over a second see the backend change.
      const pids = new Set<number>([afterIdle]);
      const until = Date.now() + 1_400;
      while (Date.now() < until) {
        pids.add(await backendPid(driver));
        await sleep(20);
      }
      expect(pids.size).toBeGreaterThanOrEqual(2);
      expect(driver.stats().total).toBeLessThanOrEqual(1);
      expect(driver.stats().validationFailures).toBe(0);
    });
  });
});
