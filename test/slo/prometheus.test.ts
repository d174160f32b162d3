import { afterEach, describe, expect, it } from 'vitest';
import { parseSloConfig } from '../../src/slo/definitions.ts';
import { PrometheusClient } from '../../src/slo/prometheus.ts';
import { type FakeServer, fakePrometheus } from './fake-servers.ts';
import { answerMinimalFile, minimalFile } from './fixtures.ts';

const config = parseSloConfig(minimalFile());

describe('Prometheus as the SLO source', () => {
  let prometheus: FakeServer | undefined;
  afterEach(async () => {
    await prometheus?.close();
    prometheus = undefined;
  });

  it('counts every SLO over its 30-day window and the 1-hour burn window, all at one evaluation time', async () => {
    prometheus = await fakePrometheus(answerMinimalFile);
    const observations = await new PrometheusClient(`${prometheus.url}/`, 1_700_000_000).observations(config);
    expect(Object.fromEntries(observations)).toEqual({
      'api-availability': { window: { total: 100_000, bad: 30 }, recent: { total: 1000, bad: 3 } },
      'reads-latency-p95': { window: { total: 10_000, bad: 300 }, recent: { total: 100, bad: 5 } },
      'batch-throughput': { window: { total: 40, bad: 2 }, recent: { total: 10, bad: 1 } },
    });
    expect(prometheus.queries).toHaveLength(12);
    expect(new Set(prometheus.queries.map((q) => q.time))).toEqual(new Set(['1700000000']));
  });

  it('asks PromQL built from the SLO definitions', async () => {
    prometheus = await fakePrometheus(answerMinimalFile);
    await new PrometheusClient(prometheus.url).observations(config);
    const asked = prometheus.queries.map((q) => q.query);
    expect(asked).toContain('sum(increase(greenline_http_requests_total{route=~"/v1/.*",status_code=~"5.."}[30d]))');
    expect(asked).toContain(
      '(sum(increase(greenline_http_request_duration_seconds_count{method="GET",route=~"/v1/(factors|suppliers)(/.*)?"}[1h])) - sum(increase(greenline_http_request_duration_seconds_bucket{method="GET",route=~"/v1/(factors|suppliers)(/.*)?",le=~"0\\\\.025(\\\\.0)?"}[1h])))',
    );
    expect(asked).toContain(
      'count_over_time((min(greenline_batch_rows_per_second and on(instance, job) (increase(greenline_batch_records_total[5m]) > 0)) < bool 25000)[30d:1m])',
    );
  });

  it("reports Prometheus's own error for a query it refuses", async () => {
    prometheus = await fakePrometheus(() => {
      throw new Error('1:5: parse error: unexpected character');
    });
    await expect(new PrometheusClient(prometheus.url).observations(config)).rejects.toThrow(/answered 400 to .*: 1:5: parse error: unexpected character/);
  });

  it('says which server it could not reach', async () => {
    prometheus = await fakePrometheus(() => 0);
    const url = prometheus.url;
    await prometheus.close();
    prometheus = undefined;
    await expect(new PrometheusClient(url).query('up')).rejects.toThrow(`cannot reach Prometheus at ${url}`);
  });
});
