/**
 * Database faults through the API, on a PostgreSQL of the test's own (test/support/throwaway-postgres.ts):
 * frozen with SIGSTOP, stopped for longer than the key cache's 30 s, restarted under load. What must
 * hold (docs/reliability.md): no request is held past acquire + statement timeout + 1 s, `/readyz`
 * answers within 1 s, a key the database confirmed lately keeps authenticating and cached GETs are
 * answered stale (both for a bounded time), errors are 503 problem+json with Retry-After — never
 * 500 — and the pool recovers by itself. Each test leaves the server running.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PoolConfig } from '../../src/config.ts';
import { buildApp } from '../../src/http/app.ts';
import { prepareDatabase } from '../../src/runtime.ts';
import type { SqlDriver } from '../../src/store/driver.ts';
import { CLIENT_TIMEOUT_MARGIN_MS, openPostgres } from '../../src/store/postgres-driver.ts';
import { addApiKey, ensureTenant } from '../../src/store/tenants.ts';
import { testPoolConfig } from '../support/databases.ts';
import { ThrowawayPostgres } from '../support/throwaway-postgres.ts';

const POOL: PoolConfig = { ...testPoolConfig, max: 4, statementTimeoutMs: 1_000, acquireTimeoutMs: 1_000, applicationName: 'greenline-faults' };
/** The documented bound on one request's wait for the database, plus room for a loaded CI machine. */
const REQUEST_BOUND_MS = POOL.acquireTimeoutMs + POOL.statementTimeoutMs + CLIENT_TIMEOUT_MARGIN_MS + 500;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A 503 as the fault fixes promise it: problem+json, a database code, and Retry-After. */
function expectRetryable503(response: LightMyRequestResponse): void {
  expect(response.statusCode).toBe(503);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.headers['retry-after']).toBe('1');
  expect(['DATABASE_UNAVAILABLE', 'POOL_TIMEOUT']).toContain(response.json().code);
}

describe('database faults through the API (a throwaway PostgreSQL)', () => {
  let cluster: ThrowawayPostgres;
  let driver: SqlDriver;
  let app: FastifyInstance;
  let headers: Record<string, string>;
  let uncached = 0;
  /** A read no cache answers (a new URL each time): it needs the database. */
  const read = () => app.inject({ url: `/v1/emissions?limit=1&supplier_id=sup_${uncached++}`, headers });

  /** Polls a read until it succeeds; returns how long that took. */
  async function recovery(limitMs = 10_000): Promise<number> {
    const started = performance.now();
    while ((await read()).statusCode !== 200) {
      if (performance.now() - started > limitMs) throw new Error(`no recovery within ${limitMs} ms`);
      await sleep(25);
    }
    return Math.round(performance.now() - started);
  }

  beforeAll(async () => {
    cluster = await ThrowawayPostgres.start();
    driver = await openPostgres(cluster.url(), POOL);
    await prepareDatabase(driver, { cursorSecret: 'faults' });
    headers = { authorization: `Bearer ${await addApiKey(driver, (await ensureTenant(driver, 'faults')).id)}` };
    app = await buildApp({ driver, config: { bodyLimitBytes: 1024 * 1024, logLevel: 'silent', calculationThreads: false }, cursorSecret: 'faults' });
    await app.ready();
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await driver?.close();
    await cluster?.destroy();
  });

  it('frozen (SIGSTOP): every request answers 503 within its timeout, /readyz within 1 s, then the pool recovers', async ({ annotate }) => {
    expect((await read()).statusCode).toBe(200); // the key lookup is cached from here on
    await cluster.freeze();
    let recoveredMs: number;
    const timings: number[] = [];
    let readyMs = 0;
    try {
      const started = performance.now();
      const timed = (request: Promise<LightMyRequestResponse>) =>
        request.then((response) => {
          timings.push(performance.now() - started);
          return response;
        });
      const [ready, ...answers] = await Promise.all([
        app.inject({ url: '/readyz' }).then((response) => {
          readyMs = performance.now() - started;
          return response;
        }),
        ...Array.from({ length: 8 }, () => timed(read())),
      ]);
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toMatchObject({ status: 'not_ready', database: { reachable: false } });
      expect(readyMs).toBeLessThan(1_000);
      for (const answer of answers) expectRetryable503(answer);
      expect(Math.max(...timings)).toBeLessThan(REQUEST_BOUND_MS);
      // While the database stays unreachable the circuit is open: requests fail at once, but for
      // the one probe let through after each 1 s cool-down, which waits out its timeout.
      const after = performance.now();
      const next = await Promise.all(Array.from({ length: 5 }, () => read().then((response) => ({ response, ms: performance.now() - after }))));
      for (const { response } of next) expectRetryable503(response);
      expect(next.filter(({ ms }) => ms < 250).length).toBeGreaterThanOrEqual(4);
    } finally {
      await cluster.thaw();
      recoveredMs = await recovery();
    }
    expect((await app.inject({ url: '/readyz' })).statusCode).toBe(200);
    await annotate(
      `frozen: 14 requests during the fault (13 reads + /readyz), all 503; slowest ${Math.round(Math.max(...timings))} ms, /readyz ${Math.round(readyMs)} ms; recovered ${recoveredMs} ms after SIGCONT`,
    );
  });

  it('stopped past the key cache: a recently confirmed key still works, cached GETs are served stale, both bounded', async ({ annotate }) => {
    const cachedList = () => app.inject({ url: '/v1/factors?activity=transport.road.truck_heavy&limit=2', headers });
    const fresh = await cachedList();
    expect(fresh.statusCode).toBe(200);
    expect(fresh.headers['x-cache']).toBe('miss');
    await cluster.stop();
    const realNow = Date.now();
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      // 6 minutes on: past the key lookup's 30 s and the list's 5 min TTL, inside both 10 min bounds.
      vi.setSystemTime(realNow + 6 * 60_000);
      await sleep(5);
      const stale = await cachedList();
      expect(stale.statusCode).toBe(200);
      expect(stale.body).toBe(fresh.body);
      expect(stale.headers).toMatchObject({ 'x-cache': 'stale', 'x-greenline-stale': '1', warning: '110 - "Response is Stale"' });
      expect(stale.headers['cache-control']).toBe('private, max-age=0');
      // Authenticated from the stale lookup, but nothing cached to answer with: a retryable 503.
      expectRetryable503(await read());
      // A key the database never confirmed cannot be checked: 503, not 401.
      expectRetryable503(await app.inject({ url: '/v1/emissions?limit=1', headers: { authorization: 'Bearer gl_never_seen_before' } }));

      // 17 minutes on: past the key's bound (30 s + 10 min) and the response's (5 + 10 min).
      vi.setSystemTime(realNow + 17 * 60_000);
      await sleep(5);
      expectRetryable503(await cachedList());
    } finally {
      vi.useRealTimers();
      await cluster.startServer();
    }
    const recoveredMs = await recovery();
    expect((await cachedList()).statusCode).toBe(200);
    await annotate(
      `stopped: cached list served stale at +6 min (200, x-greenline-stale: 1), 503 at +17 min; recovered ${recoveredMs} ms after the server was back`,
    );
  });

  it('restarted under load: no 500, no request past its timeout, and the pool recovers', async ({ annotate }) => {
    const outcomes: Array<{ startedAt: number; ms: number; status: number }> = [];
    const created: string[] = [];
    let n = 0;
    const fire = async () => {
      const startedAt = performance.now();
      const i = n++;
      const response =
        i % 4 === 3
          ? await app.inject({ method: 'POST', url: '/v1/suppliers', headers, payload: { name: `Restart supplier ${i}`, country: 'DE' } })
          : await read();
      outcomes.push({ startedAt, ms: performance.now() - startedAt, status: response.statusCode });
      if (response.statusCode === 201) created.push(response.json().id);
      if (response.statusCode >= 500) expectRetryable503(response);
    };
    // An open model: a request every 20 ms, whether or not earlier ones have answered.
    const inflight: Array<Promise<void>> = [];
    const ticker = setInterval(() => inflight.push(fire()), 20);
    await sleep(750);
    const restartAt = performance.now();
    await cluster.restart();
    const backAt = performance.now();
    await sleep(2_000);
    clearInterval(ticker);
    await Promise.all(inflight);

    const statuses = new Set(outcomes.map((o) => o.status));
    expect([...statuses].every((s) => s === 200 || s === 201 || s === 503)).toBe(true);
    expect(Math.max(...outcomes.map((o) => o.ms))).toBeLessThan(REQUEST_BOUND_MS);
    const failures = outcomes.filter((o) => o.status === 503);
    const lastFailure = Math.max(restartAt, ...failures.map((o) => o.startedAt + o.ms));
    const recoveredMs = Math.max(0, Math.round(lastFailure - backAt));
    // Every request started after recovery succeeded, and recovery came soon after the server did.
    expect(outcomes.filter((o) => o.startedAt > lastFailure).every((o) => o.status < 300)).toBe(true);
    expect(recoveredMs).toBeLessThan(2_000);
    // Every write that was acknowledged is there: none lost to the restart.
    const kept = await driver.query<{ n: number }>('SELECT count(*)::int AS n FROM suppliers WHERE id = ANY($1::text[])', [created]);
    expect(kept.rows[0]!.n).toBe(created.length);
    expect(created.length).toBeGreaterThan(10);
    const during = outcomes.filter((o) => o.startedAt + o.ms >= restartAt && o.startedAt <= backAt).length;
    await annotate(
      `restart: ${outcomes.length} requests (${during} during the ${Math.round(backAt - restartAt)} ms restart), ${failures.length} answered 503, 0 × 500, ${created.length} acknowledged writes all kept; slowest ${Math.round(Math.max(...outcomes.map((o) => o.ms)))} ms; recovered ${recoveredMs} ms after the server was back (last 503 answered then)`,
    );
  });
});
