import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/metrics/registry.ts';
import { loadSloConfig } from '../../src/slo/load.ts';
import { countsFromSamples, parseExposition } from '../../src/slo/metrics-text.ts';

describe('Prometheus text exposition', () => {
  it('reads samples with labels, escapes, +Inf and NaN (as prom-client writes it), timestamps; skips comments', () => {
    const text = [
      '# HELP x_total Things.',
      '# TYPE x_total counter',
      'x_total{path="/a\\"b\\\\c",note="line\\nbreak"} 3 1700000000000',
      'x_total{} 4',
      'y_bucket{le="+Inf"} +Inf',
      'z Nan',
      '',
    ].join('\n');
    const samples = parseExposition(text);
    expect(samples.slice(0, 2)).toEqual([
      { name: 'x_total', labels: { path: '/a"b\\c', note: 'line\nbreak' }, value: 3 },
      { name: 'x_total', labels: {}, value: 4 },
    ]);
    expect(samples[2]!.value).toBe(Number.POSITIVE_INFINITY);
    expect(samples[3]!.value).toBeNaN();
  });

  it('refuses a line it cannot read, with its line number', () => {
    expect(() => parseExposition('ok 1\nbad{x="1" 2')).toThrow(/line 2: cannot read the labels/);
    expect(() => parseExposition('ok one')).toThrow(/line 1: "one" is not a sample value/);
  });
});

describe('SLO counts from one scrape of the app', () => {
  it("count the app's own registry output: requests, latency buckets, batch throughput", async () => {
    const config = await loadSloConfig();
    const metrics = createMetrics();
    const read = { method: 'GET', route: '/v1/factors/:id', status_code: 200 };
    // The app counts requests through the duration histogram (greenline_http_requests_total is its count).
    for (const seconds of [0.002, 0.004, 0.02, 0.03, 0.2]) metrics.http.duration.observe(read, seconds);
    metrics.http.duration.observe({ method: 'POST', route: '/v1/calculations', status_code: 500 }, 0.01);
    metrics.http.duration.observe({ method: 'GET', route: 'unmatched', status_code: 404 }, 0.001);
    metrics.batch.records.inc({ outcome: 'stored' }, 1_000_000);
    metrics.batch.rowsPerSecond.set(18_000);

    const samples = parseExposition(await metrics.registry.metrics());
    const counts = (name: string) => countsFromSamples(config.slos.find((s) => s.name === name)!.sli, samples);
    expect(counts('api-availability')).toEqual({ total: 6, bad: 1 }); // `unmatched` is not a /v1 route
    expect(counts('calculations-error-rate')).toEqual({ total: 1, bad: 1 });
    expect(counts('reads-latency-p95')).toEqual({ total: 5, bad: 2 }); // over 25 ms: 0.03, 0.2
    expect(counts('reads-latency-p99')).toEqual({ total: 5, bad: 1 }); // over 100 ms: 0.2
    expect(counts('batch-throughput')).toEqual({ total: 1, bad: 1 }); // 18,000 < 25,000 rows/s
    expect(counts('db-latency-p95')).toEqual({ total: 0, bad: 0 });
  });

  it('count cache L2 reads that failed or were skipped as unavailable', async () => {
    const config = await loadSloConfig();
    const sli = config.slos.find((s) => s.name === 'cache-l2-availability')!.sli;
    const text = ['hit', 'miss', 'error', 'skipped', 'decode_error']
      .map((result, i) => `greenline_cache_operations_total{cache="factor-candidates",level="l2",result="${result}"} ${10 ** i}`)
      .concat('greenline_cache_operations_total{cache="factor-candidates",level="l1",result="miss"} 5000')
      .join('\n');
    expect(countsFromSamples(sli, parseExposition(text))).toEqual({ total: 11111, bad: 1100 });
  });

  it('have no throughput sample before any batch work', async () => {
    const config = await loadSloConfig();
    const sli = config.slos.find((s) => s.kind === 'throughput')!.sli;
    expect(countsFromSamples(sli, parseExposition('greenline_batch_rows_per_second 0\ngreenline_batch_records_total{outcome="stored"} 0'))).toEqual({
      total: 0,
      bad: 0,
    });
  });
});
