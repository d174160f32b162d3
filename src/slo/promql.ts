/**
 * PromQL for each SLI, built from the SLO definitions: the recording rules use the ratios,
 * `greenline slo status --prometheus` the counts. Both come from the same event expressions, so
 * the rules and the CLI cannot disagree on what an SLO counts.
 */
import type { LatencySli, RatioSli, ThroughputSli } from './definitions.ts';
import { formatWindow } from './duration.ts';
import { type Matcher, renderSelector } from './selector.ts';

/**
 * The `le` matcher for a bucket bound. prom-client writes `le="1"`; Prometheus 3 rewrites classic
 * histograms' `le` values into float form (`"1.0"`) when it ingests them. Accept both.
 */
function leMatcher(bound: number): Matcher {
  const value = `${String(bound).replaceAll('.', '\\.')}(\\.0)?`;
  return { label: 'le', op: '=~', value, re: new RegExp(`^(?:${value})$`) };
}

export interface EventExprs {
  readonly bad: string;
  readonly total: string;
}

/**
 * Bad and total events over `window`, as `rate` (per second, for ratios) or `increase` (counts).
 * A latency SLI counts as bad what the histogram holds above the threshold's bucket.
 */
function eventExprs(sli: RatioSli | LatencySli, fn: 'rate' | 'increase', window: string): EventExprs {
  if (sli.type === 'ratio') {
    return {
      bad: `sum(${fn}(${sli.counter}${renderSelector(sli.bad)}[${window}]))`,
      total: `sum(${fn}(${sli.counter}${renderSelector(sli.total)}[${window}]))`,
    };
  }
  const total = `sum(${fn}(${sli.histogram}_count${renderSelector(sli.selector)}[${window}]))`;
  const good = `sum(${fn}(${sli.histogram}_bucket${renderSelector([...sli.selector, leMatcher(sli.threshold)])}[${window}]))`;
  return { bad: `(${total} - ${good})`, total };
}

/**
 * Bad events ÷ events over `window` (a PromQL duration, or Grafana's `$__rate_interval`). A ratio
 * SLI's bad series may not exist yet (no request has ever failed), and without `or vector(0)` the
 * ratio would then be "no data" instead of 0. A window without events gives no value rather
 * than NaN (0/0), which alerts and aggregations ignore.
 */
export function errorRatioExpr(sli: RatioSli | LatencySli, window: string): string {
  const e = eventExprs(sli, 'rate', window);
  return sli.type === 'ratio' ? `(${e.bad} or vector(0)) / (${e.total} > 0)` : `${e.bad} / (${e.total} > 0)`;
}

/** How far back batch work still counts as "a batch is being worked on". */
const ACTIVITY_WINDOW = '5m';
/** Sampling step of the throughput SLI when Prometheus evaluates it ad hoc (a subquery). */
const THROUGHPUT_STEP = '1m';

/**
 * One throughput sample: 1 when the last batch ran under the minimum, 0 when not, and no sample
 * while no batch work happened in the last 5 minutes. The gauge holds the rows/s of each
 * instance's most recently finished batch, which may be days old on an idle instance: only the
 * instances whose record counter grew recently count, and the slowest of them decides.
 */
export function throughputSampleExpr(sli: ThroughputSli): string {
  return `min(${sli.gauge} and on(instance, job) (increase(${sli.activityCounter}[${ACTIVITY_WINDOW}]) > 0)) < bool ${sli.minPerSecond}`;
}

/** Counts over a window for `slo status`: events for ratio and latency SLIs, samples for throughput. */
export function countExprs(sli: RatioSli | LatencySli | ThroughputSli, windowSeconds: number): EventExprs {
  const window = formatWindow(windowSeconds);
  if (sli.type !== 'throughput') return eventExprs(sli, 'increase', window);
  const samples = `(${throughputSampleExpr(sli)})[${window}:${THROUGHPUT_STEP}]`;
  return { bad: `sum_over_time(${samples})`, total: `count_over_time(${samples})` };
}
