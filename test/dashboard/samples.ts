/** Hand-made metric samples and readings for the dashboard tests, as /metrics would show them. */
import { LATENCY_BUCKETS } from '../../src/metrics/registry.ts';
import type { ProcessReading, Reading } from '../../src/dashboard/snapshot.ts';
import type { Sample } from '../../src/slo/metrics-text.ts';

/**
 * A histogram series: `counts` maps a bucket's upper bound (Infinity: above every bound) to the
 * observations in that bucket alone; the samples are cumulative, with `le`, then `_sum` and `_count`.
 */
export function histogram(name: string, labels: Record<string, string>, counts: Record<number, number>, bounds: readonly number[] = LATENCY_BUCKETS): Sample[] {
  let cumulative = 0;
  const samples: Sample[] = [...bounds, Number.POSITIVE_INFINITY].map((le) => {
    cumulative += counts[le] ?? 0;
    return { name: `${name}_bucket`, labels: { ...labels, le: le === Number.POSITIVE_INFINITY ? '+Inf' : String(le) }, value: cumulative };
  });
  return [...samples, { name: `${name}_sum`, labels, value: 0 }, { name: `${name}_count`, labels, value: cumulative }];
}

export const sample = (name: string, labels: Record<string, string>, value: number): Sample => ({ name, labels, value });

export const HTTP = 'greenline_http_request_duration_seconds';
export const REQUESTS = 'greenline_http_requests_total';

/** A request series in both the histogram and the request counter. */
export function requests(labels: { method: string; route: string; status_code: string }, counts: Record<number, number>): Sample[] {
  const h = histogram(HTTP, labels, counts);
  return [...h, sample(REQUESTS, labels, h.at(-1)!.value)];
}

export const idleProcess: ProcessReading = {
  cpuMicros: 0,
  rssBytes: 100 * 2 ** 20,
  heapUsedBytes: 40 * 2 ** 20,
  heapTotalBytes: 60 * 2 ** 20,
  eventLoop: null,
};

export const reading = (timeMs: number, samples: Sample[], process: Partial<ProcessReading> = {}): Reading => ({
  timeMs,
  samples,
  process: { ...idleProcess, ...process },
});
