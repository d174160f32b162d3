/** The dashboard's N+1 rows, from the greenline_db_n_plus_one_* counters as /metrics shows them. */
import { describe, expect, it } from 'vitest';
import { buildSnapshot, requestGroups } from '../../src/dashboard/snapshot.ts';
import { renderTerminal } from '../../src/dashboard/terminal.ts';
import { reading, sample } from '../dashboard/samples.ts';

const REQUESTS = 'greenline_db_n_plus_one_requests_total';
const STATEMENTS = 'greenline_db_n_plus_one_statements_total';
const suppliers = { route: '/v1/suppliers', query: 'select.emission_rollups', fingerprint: 'a1b2c3d4e5f60718' };
const batches = { route: '/v1/batches/:id', query: 'select.batch_errors', fingerprint: '0f1e2d3c4b5a6978' };

describe('dashboard: N+1 queries', () => {
  it('lists each flagged route and query, recent ones first, with its mean repeats', () => {
    const baseline = reading(0, [
      sample(REQUESTS, suppliers, 4),
      sample(STATEMENTS, suppliers, 100),
      sample(REQUESTS, batches, 1),
      sample(STATEMENTS, batches, 12),
    ]);
    // In the 10 s window: 2 more flagged requests on /v1/suppliers (25 + 25 statements), none on batches.
    const current = reading(10_000, [
      sample(REQUESTS, suppliers, 6),
      sample(STATEMENTS, suppliers, 150),
      sample(REQUESTS, batches, 1),
      sample(STATEMENTS, batches, 12),
    ]);
    const s = buildSnapshot({
      current,
      baseline,
      intervalMs: 2000,
      groups: requestGroups(null),
      slo: { error: 'no SLO file' },
      regressions: { runs: 0, latestRun: null, threshold: 0.1, changes: [], regressions: 0, error: null },
    });
    expect(s.nPlusOne).toEqual([
      // 150 statements / 6 requests = 25 per request.
      { ...suppliers, requests: 6, recentRequests: 2, meanRepeats: 25 },
      { ...batches, requests: 1, recentRequests: 0, meanRepeats: 12 },
    ]);
    expect(renderTerminal(s, { color: false })).toContain(
      'N+1: /v1/suppliers runs select.emission_rollups (fingerprint a1b2c3d4e5f60718) ~25 times per request, 6 requests flagged',
    );
  });

  it('is empty when nothing was flagged', () => {
    const s = buildSnapshot({
      current: reading(0, []),
      baseline: null,
      intervalMs: 2000,
      groups: requestGroups(null),
      slo: { error: 'no SLO file' },
      regressions: { runs: 0, latestRun: null, threshold: 0.1, changes: [], regressions: 0, error: null },
    });
    expect(s.nPlusOne).toEqual([]);
    expect(renderTerminal(s, { color: false })).not.toContain('N+1');
  });
});
