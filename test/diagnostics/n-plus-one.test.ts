/**
 * N+1 detection on a real PostgreSQL: routes registered only here plant a loop of queries, and
 * the app must name the repeated statement's fingerprint and count in the request log, the
 * metrics and the diagnostics channel; the same work done with one query is not flagged.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { Writable } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import { fingerprintSync } from 'libpg-query';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.ts';
import { N_PLUS_ONE_CHANNEL, type NPlusOneFinding, nPlusOnePlugin } from '../../src/http/plugins/n-plus-one.ts';
import { createMetrics, metrics } from '../../src/metrics/registry.ts';
import { prepareDatabase } from '../../src/runtime.ts';
import { ensureTenant } from '../../src/store/tenants.ts';
import { type DriverFixture, postgresFactory } from '../support/databases.ts';

const ONE_BY_ONE = 'SELECT name FROM tenants WHERE id = $1';

/** What the diagnostics channel publishes while the suite runs (subscribed before its tests, unsubscribed after). */
function channelFindings(): NPlusOneFinding[] {
  const published: NPlusOneFinding[] = [];
  const onFinding = (message: unknown) => published.push(message as NPlusOneFinding);
  beforeAll(() => subscribe(N_PLUS_ONE_CHANNEL, onFinding));
  afterAll(() => unsubscribe(N_PLUS_ONE_CHANNEL, onFinding));
  return published;
}

/** Twelve tenants' ids: the rows the planted loops read one by one. */
async function twelveTenants(driver: DriverFixture['driver'], prefix: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < 12; i++) ids.push((await ensureTenant(driver, `${prefix}-${i}`)).id);
  return ids;
}

describe('N+1 detection per request (PostgreSQL)', () => {
  let fx: DriverFixture;
  let app: FastifyInstance;
  const logLines: Array<Record<string, unknown>> = [];
  const published = channelFindings();
  let ids: string[] = [];

  beforeAll(async () => {
    fx = await postgresFactory()();
    const rt = await prepareDatabase(fx.driver, { cursorSecret: null });
    ids = await twelveTenants(fx.driver, 'n-plus-one');
    const stream = new Writable({
      write(chunk, _enc, done) {
        for (const line of String(chunk).split('\n')) if (line) logLines.push(JSON.parse(line));
        done();
      },
    });
    app = await buildApp({
      driver: fx.driver,
      config: { bodyLimitBytes: 1024 * 1024, logLevel: 'warn', nPlusOneThreshold: 10, slowQueryMs: 50 },
      cursorSecret: rt.cursorSecret,
      logger: { level: 'warn', stream },
    });
    const driver = fx.driver;
    // The planted N+1: one query per tenant, 12 in all.
    app.get('/test/names-one-by-one', async () => {
      const names = [];
      for (const id of ids) names.push((await driver.query<{ name: string }>(ONE_BY_ONE, [id])).rows[0]?.name);
      return { names };
    });
    // The same loop, its IN lists of different lengths: one fingerprint all the same.
    app.post('/test/names-in-lists', async () => {
      for (let i = 1; i <= 11; i++) {
        const list = ids.slice(0, i);
        await driver.query(`SELECT name FROM tenants WHERE id IN (${list.map((_, n) => `$${n + 1}`).join(', ')})`, list);
      }
      return { ok: true };
    });
    // The fix: one query for the list.
    app.get('/test/names-at-once', async () => {
      const res = await driver.query<{ name: string }>('SELECT name FROM tenants WHERE id = ANY($1::text[])', [ids]);
      return { names: res.rows.map((r) => r.name) };
    });
    // Below the threshold: 9 repeats.
    app.get('/test/nine', async () => {
      for (const id of ids.slice(0, 9)) await driver.query(ONE_BY_ONE, [id]);
      return { ok: true };
    });
    // A slow statement whose parameter must not reach the log.
    app.get('/test/slow', async () => {
      await driver.query("SELECT pg_sleep(0.08), $1::text AS secret, 'literal-secret' AS other", ['param-secret-42']);
      return { ok: true };
    });
  });

  afterAll(async () => {
    await app?.close();
    await fx?.close();
  });

  it('flags the planted loop with its fingerprint and count, in the log, the channel and the metrics', async () => {
    published.length = 0;
    const res = await app.inject('/test/names-one-by-one');
    expect(res.statusCode).toBe(200);
    const fingerprint = fingerprintSync(ONE_BY_ONE);
    const expected = { fingerprint, query: 'select.tenants', count: 12, normalized: ONE_BY_ONE };
    expect(published).toEqual([{ method: 'GET', route: '/test/names-one-by-one', requestId: res.headers['x-request-id'], statements: [expected] }]);
    const warning = logLines.find((l) => l.reqId === res.headers['x-request-id'] && l.nPlusOne);
    expect(warning).toMatchObject({ level: 40, route: '/test/names-one-by-one', nPlusOne: [expected] });
    expect(warning?.msg).toBe(`N+1 queries: select.tenants (fingerprint ${fingerprint}) ran 12 times in one GET /test/names-one-by-one`);
    const text = await metrics.registry.getSingleMetricAsString('greenline_db_n_plus_one_statements_total');
    expect(text).toContain(`greenline_db_n_plus_one_statements_total{route="/test/names-one-by-one",query="select.tenants",fingerprint="${fingerprint}"} 12`);
  });

  it('counts IN lists of any length as one statement', async () => {
    published.length = 0;
    await app.inject({ method: 'POST', url: '/test/names-in-lists' });
    expect(published).toHaveLength(1);
    expect(published[0]?.statements).toMatchObject([{ query: 'select.tenants', count: 11 }]);
  });

  it('does not flag the same work done in one query, nor repeats below the threshold', async () => {
    published.length = 0;
    expect((await app.inject('/test/names-at-once')).json().names).toHaveLength(12);
    expect((await app.inject('/test/nine')).statusCode).toBe(200);
    // Requests running at once are counted apart: two 9-repeat requests together make no 18.
    await Promise.all([app.inject('/test/nine'), app.inject('/test/nine')]);
    expect(published).toEqual([]);
  });

  it('logs a statement slower than GREENLINE_SLOW_QUERY_MS with its name and duration, parameters and literals redacted', async () => {
    const res = await app.inject('/test/slow');
    const lines = logLines.filter((l) => l.reqId === res.headers['x-request-id'] && l.slowQuery);
    expect(lines).toHaveLength(1);
    const entry = lines[0]!.slowQuery as Record<string, unknown>;
    expect(entry).toMatchObject({
      query: 'select',
      failed: false,
      params: '[redacted: 1 parameter]',
      sql: 'SELECT pg_sleep($2), $1::text AS secret, $3 AS other',
    });
    expect(entry.durationMs).toBeGreaterThanOrEqual(80);
    expect(JSON.stringify(logLines)).not.toMatch(/param-secret-42|literal-secret/);
  });
});

describe('sampled N+1 detection (GREENLINE_N_PLUS_ONE_SAMPLE)', () => {
  let fx: DriverFixture;
  let app: FastifyInstance;
  let clock = 0;
  const published = channelFindings();

  beforeAll(async () => {
    fx = await postgresFactory()();
    await prepareDatabase(fx.driver, { cursorSecret: null });
    const ids = await twelveTenants(fx.driver, 'sampled');
    app = Fastify();
    // A quarter of the time: one second on, then three off, on a clock the test moves.
    await app.register(nPlusOnePlugin, { driver: fx.driver, metrics: createMetrics(), threshold: 10, sample: 0.25, now: () => clock });
    const driver = fx.driver;
    app.get('/test/sampled-one-by-one', async () => {
      for (const id of ids) await driver.query(ONE_BY_ONE, [id]);
      return { ok: true };
    });
  });
  afterAll(async () => {
    await app?.close();
    await fx?.close();
  });

  it('flags the planted loop while a window is open and judges nothing while it is closed', async () => {
    const flaggedAt = async (ms: number) => {
      clock = ms;
      published.length = 0;
      await app.inject('/test/sampled-one-by-one');
      return published.length;
    };
    expect([await flaggedAt(0), await flaggedAt(999), await flaggedAt(1_000), await flaggedAt(3_999), await flaggedAt(4_000), await flaggedAt(4_500)]).toEqual([
      1, 1, 0, 0, 1, 1,
    ]);
  });
});
