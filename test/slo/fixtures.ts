/** A small SLO file for the tests (one SLO of each SLI type, as slo/slos.yaml writes them), and Prometheus answers for it. */
import { stringify } from 'yaml';

export function minimalDoc(): Record<string, unknown> & { slos: Record<string, unknown>[] } {
  return {
    version: 1,
    window: '30d',
    policy: { healthy_above: 0.5, critical_below: 0.2 },
    alerting: {
      page: [
        { long: '1h', short: '5m', burn: 14.4 },
        { long: '6h', short: '30m', burn: 6 },
      ],
      ticket: [
        { long: '1d', short: '2h', burn: 3 },
        { long: '3d', short: '6h', burn: 1 },
      ],
    },
    score: { budget_weight: 0.7, burn_weight: 0.3, burn_window: '1h' },
    route_groups: { reads: { description: 'look-ups', selector: '{method="GET", route=~"/v1/(factors|suppliers)(/.*)?"}' } },
    slos: [
      {
        name: 'api-availability',
        component: 'api',
        kind: 'availability',
        description: 'non-5xx',
        objective: 0.999,
        counter: 'greenline_http_requests_total',
        total: '{route=~"/v1/.*"}',
        bad: '{status_code=~"5.."}',
      },
      {
        name: 'reads-latency-p95',
        component: 'api',
        kind: 'latency',
        description: 'p95 within 25 ms',
        route_group: 'reads',
        objective: 0.95,
        histogram: 'greenline_http_request_duration_seconds',
        threshold: '25ms',
      },
      {
        name: 'batch-throughput',
        component: 'batch',
        kind: 'throughput',
        description: '25,000 rows/s',
        objective: 0.95,
        gauge: 'greenline_batch_rows_per_second',
        activity_counter: 'greenline_batch_records_total',
        min_per_second: 25000,
      },
    ],
  };
}

/** The minimal file as YAML text, after `change` edits its document. */
export function minimalFile(change: (doc: ReturnType<typeof minimalDoc>) => void = () => {}): string {
  const doc = minimalDoc();
  change(doc);
  return stringify(doc);
}

/** A Prometheus answer for the minimal file's queries: by window (30 d, or the 1 h burn window) and bad or total. */
export function answerMinimalFile(q: string): number {
  const long = q.includes('[30d');
  if (q.startsWith('sum_over_time(')) return long ? 2 : 1;
  if (q.startsWith('count_over_time(')) return long ? 40 : 10;
  if (q.startsWith('(sum(increase(greenline_http_request_duration_seconds_count')) return long ? 300 : 5;
  if (q.startsWith('sum(increase(greenline_http_request_duration_seconds_count')) return long ? 10_000 : 100;
  if (q.startsWith('sum(increase(greenline_http_requests_total') && q.includes('status_code=~"5.."')) return long ? 30 : 3;
  if (q.startsWith('sum(increase(greenline_http_requests_total')) return long ? 100_000 : 1000;
  throw new Error(`unexpected query ${q}`);
}
