/**
 * The metrics an SLO may be built on: what the app exports at /metrics (src/metrics/registry.ts,
 * docs/observability.md#metrics). The SLO file is checked against this list, so a typo in a
 * metric or label name, or a latency threshold between two buckets, fails when the file is read
 * rather than as a silent "no data" in Prometheus.
 */

/**
 * Bucket bounds, seconds, of both latency histograms. A latency SLI counts the requests at or
 * under its threshold from the bucket whose bound *is* the threshold, so thresholds must be one
 * of these; a test keeps this list equal to the app's.
 */
export const LATENCY_BUCKETS: readonly number[] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export type MetricType = 'counter' | 'histogram' | 'gauge';

export interface MetricInfo {
  readonly type: MetricType;
  readonly labels: readonly string[];
  readonly buckets?: readonly number[];
}

const HTTP_LABELS = ['method', 'route', 'status_code'];

export const METRICS: Readonly<Record<string, MetricInfo>> = {
  greenline_http_request_duration_seconds: { type: 'histogram', labels: HTTP_LABELS, buckets: LATENCY_BUCKETS },
  greenline_http_requests_total: { type: 'counter', labels: HTTP_LABELS },
  greenline_db_query_duration_seconds: { type: 'histogram', labels: ['query'], buckets: LATENCY_BUCKETS },
  greenline_cache_operations_total: { type: 'counter', labels: ['cache', 'level', 'result'] },
  greenline_batch_records_total: { type: 'counter', labels: ['outcome'] },
  greenline_batch_rows_per_second: { type: 'gauge', labels: [] },
};
