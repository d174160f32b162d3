/** The request histogram's own fast path against prom-client's Histogram, which it stands in for. */
import { Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { defineHttpMetrics } from '../../src/metrics/http.ts';
import { LATENCY_BUCKETS } from '../../src/metrics/registry.ts';
import { promtoolCheck, sample } from './exposition.ts';

/** Every sample line as `name{sorted labels}` → value, so two expositions compare regardless of order. */
function samples(exposition: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of exposition.split('\n')) {
    const match = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (match) out.set(`${match[1]}{${(match[2] ?? '').split(',').sort().join(',')}}`, Number(match[3]));
  }
  return out;
}

// On a bound (counted in that bucket), between bounds, above the last bound (only +Inf), zero.
const OBSERVATIONS: Array<[string, string, number, number]> = [
  ['GET', '/v1/factors/:id', 200, 0.005],
  ['GET', '/v1/factors/:id', 200, 0.0051],
  ['GET', '/v1/factors/:id', 200, 0],
  ['GET', '/v1/factors/:id', 304, 0.0004],
  ['POST', '/v1/calculations/batch', 200, 12.5],
  ['GET', 'unmatched', 404, 0.0009],
  ['GET', '/slow', 499, 0.25],
];

describe('HTTP request metrics', () => {
  it("write the same samples as prom-client's Histogram given the same observations", async () => {
    const ours = new Registry();
    const http = defineHttpMetrics(ours, 'x_', LATENCY_BUCKETS);
    const theirs = new Registry();
    const reference = new Histogram({
      name: 'x_http_request_duration_seconds',
      help: 'h',
      labelNames: ['method', 'route', 'status_code'],
      buckets: LATENCY_BUCKETS,
      registers: [theirs],
    });
    for (const [method, route, status, seconds] of OBSERVATIONS) {
      http.finished(method, route, status, seconds);
      reference.observe({ method, route, status_code: status }, seconds);
    }
    const expected = samples(await theirs.getSingleMetricAsString('x_http_request_duration_seconds'));
    expect(expected.size).toBe(5 * 17); // 5 label sets: 14 bounds and +Inf, sum, count
    expect(samples(await ours.getSingleMetricAsString('x_http_request_duration_seconds'))).toEqual(expected);
  });

  it('count requests per label set, and those in flight', async () => {
    const registry = new Registry();
    const http = defineHttpMetrics(registry, 'x_', LATENCY_BUCKETS);
    for (const _ of OBSERVATIONS) http.started();
    http.started();
    for (const [method, route, status, seconds] of OBSERVATIONS) http.finished(method, route, status, seconds);
    const text = await registry.metrics();
    expect(sample(text, 'x_http_requests_total', { method: 'GET', route: '/v1/factors/:id', status_code: '200' })).toBe(3);
    expect(sample(text, 'x_http_requests_total', { method: 'GET', route: '/slow', status_code: '499' })).toBe(1);
    expect(sample(text, 'x_http_requests_in_flight')).toBe(1);
    expect(await promtoolCheck(text)).toEqual({ code: 0, output: '' });
  });

  it('empty the histogram on registry.resetMetrics()', async () => {
    const registry = new Registry();
    const http = defineHttpMetrics(registry, 'x_', LATENCY_BUCKETS);
    http.finished('GET', '/a', 200, 0.01);
    registry.resetMetrics();
    expect(sample(await registry.metrics(), 'x_http_request_duration_seconds_count')).toBeUndefined();
  });
});
