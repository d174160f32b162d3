/** greenline doctor's verdicts on hand-made evidence: severities at the documented thresholds. */
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/dashboard/snapshot.ts';
import {
  atLeast,
  checkEventLoop,
  checkMemory,
  checkMigrations,
  checkNode,
  checkPool,
  checkQueries,
  diagnoseLocal,
  diagnoseServer,
  worst,
} from '../../src/doctor/checks.ts';
import { sample } from '../dashboard/samples.ts';

function snapshot(over: Partial<Snapshot> = {}): Snapshot {
  return {
    version: 1,
    time: '2026-12-03T12:00:00.000Z',
    intervalMs: 2000,
    rateWindowSeconds: 10,
    http: {
      inFlight: 0,
      groups: [{ name: 'api', description: '/v1', requests: 1000, rps: 100, p50Ms: 2, p95Ms: 5, p99Ms: 9, errorRate: 0, clientErrorRate: 0 }],
    },
    database: { queriesPerSecond: 50, p50Ms: 1, p95Ms: 2, p99Ms: 3 },
    slo: { score: 100, scoreState: 'healthy', burnWindow: '1h', slos: [], error: null },
    caches: [{ name: 'factors', hitRatio: 0.95, hitRatioSinceStart: 0.9, lookupsPerSecond: 20 }],
    pool: { total: 4, idle: 3, waiting: 0, max: 20, use: 0.05, acquireWaitMs: 0.1 },
    batch: { recordsPerSecond: null, lastBatchRowsPerSecond: null },
    eventLoop: { meanMs: 1, p99Ms: 12, maxMs: 20 },
    memory: { rssBytes: 300e6, heapUsedBytes: 100 * 1_048_576, heapTotalBytes: 150e6 },
    cpu: { utilization: 0.2 },
    costPerOperation: { cpuMsPerRequest: 1 },
    regressions: { runs: 0, latestRun: null, threshold: 0.1, changes: [], regressions: 0, error: null },
    ...over,
  };
}
const ready = { reachable: true as const, status: 'ready', database: { driver: 'postgres', reachable: true }, migrations: { applied: 16, expected: 16 } };

describe('greenline doctor checks', () => {
  it('finds nothing wrong with a healthy server', () => {
    const findings = diagnoseServer({ url: 'u', readiness: ready, first: snapshot(), last: snapshot(), sampleSeconds: 5, metrics: [] });
    expect(worst(findings)).toBe('ok');
    expect(findings.map((f) => f.check)).toEqual(['database', 'migrations', 'pool', 'cache factors', 'event loop', 'memory', 'slo', 'slow queries', 'n+1']);
  });

  it('pool: warn when a request waits or 90% is busy, error when waits reach 50 ms', () => {
    const pool = (p: Partial<Snapshot['pool']>) =>
      checkPool(snapshot({ pool: { total: 4, idle: 3, waiting: 0, max: 20, use: 0.05, acquireWaitMs: 0.1, ...p } })).severity;
    expect(pool({})).toBe('ok');
    expect(pool({ total: 20, idle: 2 })).toBe('warn'); // 18 of 20 busy
    expect(pool({ waiting: 3, acquireWaitMs: 4 })).toBe('warn');
    expect(pool({ acquireWaitMs: 5 })).toBe('warn');
    expect(pool({ waiting: 3, acquireWaitMs: 50 })).toBe('error');
    expect(checkPool(snapshot({ pool: { total: 20, idle: 0, waiting: 7, max: 20, use: 1, acquireWaitMs: 120 } })).evidence).toBe(
      '20 of 20 connections busy, 7 waiting, mean acquire wait 120 ms',
    );
  });

  it('event loop: warn from p99 100 ms, error from 500 ms', () => {
    const loop = (p99Ms: number) => checkEventLoop(snapshot({ eventLoop: { meanMs: 1, p99Ms, maxMs: p99Ms } })).severity;
    expect([loop(99), loop(100), loop(499), loop(500)]).toEqual(['ok', 'warn', 'warn', 'error']);
    expect(checkEventLoop(snapshot({ eventLoop: null })).severity).toBe('info');
  });

  it('memory: warns when the heap grew by more than 50 MB and 20% while sampled', () => {
    const at = (mbUsed: number) => snapshot({ memory: { rssBytes: 1e9, heapUsedBytes: mbUsed * 1_048_576, heapTotalBytes: 2e9 } });
    expect(checkMemory(at(100), at(149), 5).severity).toBe('ok'); // +49 MB
    expect(checkMemory(at(100), at(151), 5).severity).toBe('warn'); // +51 MB, +51%
    expect(checkMemory(at(400), at(460), 5).severity).toBe('ok'); // +60 MB but 15%
    expect(checkMemory(at(100), at(151), 5).evidence).toBe('heap used 100.0 MB → 151.0 MB in 5 s, RSS 953.7 MB');
  });

  it('names the slow queries and the N+1 route, query and fingerprint from /metrics', () => {
    const findings = checkQueries([
      sample('greenline_db_slow_queries_total', { query: 'select.emissions' }, 3),
      sample('greenline_db_slow_queries_total', { query: 'select.factors' }, 0),
      sample('greenline_db_n_plus_one_requests_total', { route: 'GET /v1/things', query: 'select.suppliers', fingerprint: 'ab12' }, 4),
    ]);
    expect(findings.map((f) => [f.check, f.severity, f.evidence])).toEqual([
      ['slow queries', 'warn', 'select.emissions ×3'],
      ['n+1', 'warn', 'GET /v1/things ran select.suppliers (ab12) repeatedly in 4 requests'],
    ]);
    expect(checkQueries(null)).toEqual([]);
  });

  it('errors on an unreachable server, a database the server cannot reach, and a schema behind', () => {
    expect(diagnoseServer({ url: 'u', readiness: { reachable: false, error: 'refused' }, first: null, last: null, sampleSeconds: 0, metrics: null })).toEqual([
      { check: 'server', severity: 'error', summary: 'the server did not answer /readyz', evidence: 'refused', fix: 'start it (`npm start`) or pass --url' },
    ]);
    const noDb = { ...ready, database: { driver: 'postgres', reachable: false, error: 'ECONNREFUSED' } };
    expect(worst(diagnoseServer({ url: 'u', readiness: noDb, first: null, last: snapshot(), sampleSeconds: 0, metrics: [] }))).toBe('error');
    expect(checkMigrations(15, 16, 'server')).toMatchObject({ severity: 'error', evidence: 'migration 15 of 16' });
    expect(checkMigrations(17, 16, 'server').severity).toBe('warn');
  });

  it('this machine: an old Node, a bad setting, an unreachable Redis', () => {
    expect(checkNode('v18.19.0').severity).toBe('error');
    expect(checkNode('v20.20.2').severity).toBe('ok');
    expect(
      diagnoseLocal({ nodeVersion: 'v20.1.0', config: { ok: false, error: 'GREENLINE_POOL_MAX: must be 1–1000' }, database: null, redis: null }),
    ).toMatchObject([
      { check: 'node', severity: 'ok' },
      { check: 'config', severity: 'error', evidence: 'GREENLINE_POOL_MAX: must be 1–1000' },
    ]);
    const redisDown = diagnoseLocal({
      nodeVersion: 'v20.1.0',
      config: { ok: true },
      database: { kind: 'postgres', reachable: true, applied: 16, expected: 16 },
      redis: { url: 'redis://127.0.0.1:1', reachable: false, error: 'ECONNREFUSED' },
    });
    expect(redisDown.at(-1)).toMatchObject({ check: 'redis', severity: 'warn', evidence: 'redis://127.0.0.1:1: ECONNREFUSED' });
    expect(atLeast(worst(redisDown), 'warn')).toBe(true);
    expect(atLeast(worst(redisDown), 'error')).toBe(false);
  });
});
