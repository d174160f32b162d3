import { describe, expect, it } from 'vitest';
import { parseSloConfig } from '../../src/slo/definitions.ts';
import { CountRing, RollingWindows } from '../../src/slo/rolling-windows.ts';
import { assess } from '../../src/slo/status.ts';
import { minimalFile } from './fixtures.ts';

const config = parseSloConfig(minimalFile());
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** A round time, so bucket boundaries fall on whole minutes. */
const T0 = Date.UTC(2026, 0, 1);

const ok = { method: 'GET', route: '/v1/factors/:id', status_code: '200' };
const failed = { method: 'GET', route: '/v1/factors/:id', status_code: '503' };

describe('CountRing', () => {
  it('sums the buckets inside the window, the current partial one included', () => {
    const ring = new CountRing(10_000, 6);
    ring.add(T0, 1, 0);
    ring.add(T0 + 15_000, 2, 1);
    ring.add(T0 + 25_000, 4, 0);
    expect(ring.sum(T0 + 29_000, 10_000)).toEqual({ total: 4, bad: 0 });
    expect(ring.sum(T0 + 29_000, 20_000)).toEqual({ total: 6, bad: 1 });
    expect(ring.sum(T0 + 29_000, 60_000)).toEqual({ total: 7, bad: 1 });
  });

  it('forgets a bucket once the ring has come round to its slot again', () => {
    const ring = new CountRing(10_000, 6);
    ring.add(T0, 5, 5);
    ring.add(T0 + 60_000, 1, 0); // same slot, six buckets later
    expect(ring.sum(T0 + 60_000, 60_000)).toEqual({ total: 1, bad: 0 });
    expect(ring.sum(T0 + 120_000, 60_000)).toEqual({ total: 0, bad: 0 });
  });
});

describe('RollingWindows', () => {
  it('counts each request for the SLOs whose selectors it matches: a 5xx is bad for availability, a slow read for latency', () => {
    const w = new RollingWindows(config.slos);
    w.observe('greenline_http_requests_total', ok, 1, T0);
    w.observe('greenline_http_requests_total', failed, 1, T0);
    w.observe('greenline_http_requests_total', { method: 'GET', route: '/healthz', status_code: '500' }, 1, T0); // not /v1
    w.observe('greenline_http_request_duration_seconds', ok, 0.004, T0);
    w.observe('greenline_http_request_duration_seconds', ok, 0.03, T0); // same labels, slower than 25 ms
    w.observe('greenline_http_request_duration_seconds', ok, 0.025, T0); // at the threshold: good, as le="0.025"
    w.observe('greenline_http_request_duration_seconds', { method: 'POST', route: '/v1/factors', status_code: '201' }, 9, T0); // not a read
    expect(w.counts('api-availability', 300, T0)).toEqual({ total: 2, bad: 1 });
    expect(w.counts('reads-latency-p95', 300, T0)).toEqual({ total: 3, bad: 1 });
  });

  it('counts a batch throughput reading as one sample, bad under the minimum', () => {
    const w = new RollingWindows(config.slos);
    w.observe('greenline_batch_rows_per_second', {}, 61_000, T0);
    w.observe('greenline_batch_rows_per_second', {}, 9_000, T0 + MIN);
    expect(w.counts('batch-throughput', 3600, T0 + MIN)).toEqual({ total: 2, bad: 1 });
  });

  it('keeps short windows in 10 s buckets and long ones up to the SLO window in 5 min buckets; old events age out', () => {
    const w = new RollingWindows(config.slos);
    w.observe('greenline_http_requests_total', failed, 1, T0);
    w.observe('greenline_http_requests_total', ok, 10, T0 + 2 * DAY);
    w.observe('greenline_http_requests_total', ok, 100, T0 + 2 * DAY + 52 * MIN);
    const now = T0 + 2 * DAY + 55 * MIN;
    expect(w.counts('api-availability', 300, now)).toEqual({ total: 100, bad: 0 });
    expect(w.counts('api-availability', 3600, now)).toEqual({ total: 110, bad: 0 });
    expect(w.counts('api-availability', 3 * 86_400, now)).toEqual({ total: 111, bad: 1 });
    expect(w.counts('api-availability', 30 * 86_400, now + 29 * DAY)).toEqual({ total: 110, bad: 0 });
  });

  it('refuses an unknown SLO and a window longer than it keeps', () => {
    const w = new RollingWindows(config.slos);
    expect(() => w.counts('nope', 300, T0)).toThrow('no SLO named nope');
    expect(() => w.counts('api-availability', 31 * 86_400, T0)).toThrow(/longer than the 2592000 s kept/);
  });

  it('gives assess each SLO over its window and over the burn window', () => {
    const w = new RollingWindows(config.slos);
    w.observe('greenline_http_requests_total', ok, 999, T0);
    w.observe('greenline_http_requests_total', failed, 1, T0 + 2 * HOUR);
    const report = assess(config, w.observations(3600, T0 + 2 * HOUR));
    const availability = report.slos.find((s) => s.name === 'api-availability')!;
    expect(availability.observed).toEqual({ window: { total: 1000, bad: 1 }, recent: { total: 1, bad: 1 } });
    expect(availability.budgetRemaining).toBeCloseTo(0, 12); // 0.1% errors at 99.9%: the whole budget
    expect(availability.state).toBe('critical');
  });
});
