/**
 * HTTP request metrics, recorded on every request: three Map lookups keyed by the label values and
 * a few increments, not prom-client's Histogram, which hashes the label object and looks up every
 * bucket bound on each `observe` (too costly per request: docs/benchmarks.md, Design measurements).
 * The Prometheus samples are built only when scraped.
 */
import { Counter, Gauge, type Histogram, type LabelValues, type Registry } from 'prom-client';
import { setCounter } from './sources.ts';

type HttpLabel = 'method' | 'route' | 'status_code';

/** One label set's observations: `buckets[i]` counts those in (bounds[i-1], bounds[i]]; the last, those above every bound. */
interface Series {
  buckets: Float64Array;
  sum: number;
  count: number;
}

/**
 * The request-duration histogram. prom-client's Registry reads a metric through its name, help,
 * type, aggregator, `get()` (the samples, at scrape time) and `reset()`, which is all this
 * provides; the exposition is the same as a prom-client Histogram's.
 */
export class RequestHistogram {
  readonly type = 'histogram';
  /** How prom-client's cluster aggregation combines workers' values. */
  readonly aggregator = 'sum';
  /** route → method → status code → series. */
  readonly #byRoute = new Map<string, Map<string, Map<number, Series>>>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly bounds: readonly number[],
  ) {}

  record(method: string, route: string, statusCode: number, seconds: number): void {
    const series = this.#byRoute.get(route)?.get(method)?.get(statusCode) ?? this.#add(method, route, statusCode);
    const bounds = this.bounds;
    let i = 0;
    while (i < bounds.length && seconds > bounds[i]!) i++;
    series.buckets[i]!++;
    series.sum += seconds;
    series.count++;
  }

  /** prom-client's `observe(labels, value)`, for callers that have the labels as an object. */
  observe(labels: { method: string; route: string; status_code: number }, seconds: number): void {
    this.record(labels.method, labels.route, labels.status_code, seconds);
  }

  /** Each recorded label set with its number of observations. */
  *counts(): Generator<{ labels: LabelValues<HttpLabel>; value: number }> {
    for (const [labels, series] of this.#recorded()) yield { labels, value: series.count };
  }

  /** The samples, as prom-client's Histogram gives them: cumulative buckets with `le`, then sum and count. */
  async get() {
    const values: Array<{ labels: Record<string, string | number>; value: number; metricName: string }> = [];
    for (const [labels, series] of this.#recorded()) {
      let cumulative = 0;
      this.bounds.forEach((le, i) => {
        cumulative += series.buckets[i]!;
        values.push({ labels: { ...labels, le }, value: cumulative, metricName: `${this.name}_bucket` });
      });
      values.push({ labels: { ...labels, le: '+Inf' }, value: series.count, metricName: `${this.name}_bucket` });
      values.push({ labels, value: series.sum, metricName: `${this.name}_sum` }, { labels, value: series.count, metricName: `${this.name}_count` });
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  reset(): void {
    this.#byRoute.clear();
  }

  /** A label set's first observation: its series, and the maps on the way to it. */
  #add(method: string, route: string, statusCode: number): Series {
    const byMethod = this.#byRoute.get(route) ?? new Map<string, Map<number, Series>>();
    this.#byRoute.set(route, byMethod);
    const byStatus = byMethod.get(method) ?? new Map<number, Series>();
    byMethod.set(method, byStatus);
    const series: Series = { buckets: new Float64Array(this.bounds.length + 1), sum: 0, count: 0 };
    byStatus.set(statusCode, series);
    return series;
  }

  *#recorded(): Generator<[{ method: string; route: string; status_code: number }, Series]> {
    for (const [route, byMethod] of this.#byRoute) {
      for (const [method, byStatus] of byMethod) {
        for (const [statusCode, series] of byStatus) yield [{ method, route, status_code: statusCode }, series];
      }
    }
  }
}

/** What the metrics plugin calls on every request. */
export interface HttpMetrics {
  readonly duration: RequestHistogram;
  /** A request arrived. */
  started(): void;
  /** A request ended: answered, or abandoned by its client (status 499). */
  finished(method: string, route: string, statusCode: number, seconds: number): void;
}

export function defineHttpMetrics(registry: Registry, prefix: string, bounds: readonly number[]): HttpMetrics {
  const duration = new RequestHistogram(
    `${prefix}http_request_duration_seconds`,
    'HTTP request duration from arrival until the response is sent (aborted requests: until the client left, status_code 499).',
    bounds,
  );
  // Typed as a Histogram for the registry, which uses only what RequestHistogram provides.
  registry.registerMetric(duration as unknown as Histogram);
  // The histogram's counts under the conventional name, rather than a second update per request.
  new Counter({
    name: `${prefix}http_requests_total`,
    help: 'HTTP requests answered (or abandoned by the client: 499).',
    labelNames: ['method', 'route', 'status_code'],
    registers: [registry],
    collect() {
      setCounter(this, duration.counts());
    },
  });
  // A plain number, read when scraped; every app of the process counts into it.
  let inFlight = 0;
  new Gauge({
    name: `${prefix}http_requests_in_flight`,
    help: 'HTTP requests being handled now.',
    registers: [registry],
    collect() {
      this.set(inFlight);
    },
  });
  return {
    duration,
    started() {
      inFlight++;
    },
    finished(method, route, statusCode, seconds) {
      inFlight--;
      duration.record(method, route, statusCode, seconds);
    },
  };
}
