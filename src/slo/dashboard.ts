/**
 * A Grafana dashboard for the SLOs, generated with the rules (`greenline slo rules`): score and
 * budget left per SLO (from the recorded series), burn rates, p50/p95/p99 per route group,
 * throughput, error ratios, database and cache. Route groups and SLIs come from the SLO file, so
 * the panels show what the SLOs count. Import it in Grafana and pick the Prometheus data source.
 */
import type { SloConfig } from './definitions.ts';
import { formatWindow } from './duration.ts';
import { errorRatioExpr } from './promql.ts';
import { RECORD } from './rules.ts';
import { renderSelector } from './selector.ts';

interface Target {
  readonly expr: string;
  readonly legend: string;
}

type Json = Record<string, unknown>;

export interface Dashboard extends Json {
  readonly title: string;
  readonly panels: readonly Json[];
}

/** The dashboard's data source variable (`$datasource`), chosen when the dashboard is imported. */
const DATASOURCE = { type: 'prometheus', uid: '$datasource' };
const WIDTH = 24;
const RATE = '$__rate_interval';

interface PanelSpec {
  readonly w: number;
  readonly h: number;
  readonly type: 'stat' | 'bargauge' | 'timeseries';
  readonly title: string;
  readonly targets: readonly Target[];
  /** Grafana's `fieldConfig.defaults`: unit, min, max, thresholds. */
  readonly field?: Json;
  readonly options?: Json;
}

/** Places panels left to right, wrapping at Grafana's 24 columns; numbers them. */
class Layout {
  readonly panels: Json[] = [];
  private x = 0;
  private y = 0;
  private rowHeight = 0;

  add({ w, h, type, title, targets, field = {}, options = {} }: PanelSpec): void {
    if (this.x + w > WIDTH) {
      this.x = 0;
      this.y += this.rowHeight;
      this.rowHeight = 0;
    }
    this.panels.push({
      id: this.panels.length + 1,
      type,
      title,
      datasource: DATASOURCE,
      gridPos: { x: this.x, y: this.y, w, h },
      targets: targets.map((t, i) => ({ datasource: DATASOURCE, expr: t.expr, legendFormat: t.legend, refId: String.fromCharCode(65 + i) })),
      fieldConfig: { defaults: field, overrides: [] },
      options,
    });
    this.x += w;
    this.rowHeight = Math.max(this.rowHeight, h);
  }
}

/** Threshold steps: `base` colour below the first value. */
function steps(base: string, ...rest: [number, string][]): Json {
  return { mode: 'absolute', steps: [{ color: base, value: null }, ...rest.map(([value, color]) => ({ color, value }))] };
}

/**
 * p50/p95/p99 of a histogram. Without requests in the interval every bucket's rate is 0 and
 * histogram_quantile answers NaN: `and` keeps only the intervals that had some.
 */
function quantiles(metric: string, selector: string): Target[] {
  const traffic = `sum(rate(${metric}_count${selector}[${RATE}])) > 0`;
  return [0.5, 0.95, 0.99].map((q) => ({
    expr: `histogram_quantile(${q}, sum by (le) (rate(${metric}_bucket${selector}[${RATE}]))) and on() (${traffic})`,
    legend: `p${q * 100}`,
  }));
}

/**
 * Per cache: lookups answered without the loader over all lookups, (L1 hits + stale + L2 hits) /
 * (L1 hits + stale + L1 misses), as the `greenline_cache_hit_ratio` gauge and the live dashboard
 * count them; a cache without lookups in the interval has no point rather than NaN (0/0).
 */
export function cacheHitRatioExpr(window: string): string {
  const ops = (matchers: string) => `sum by (cache) (rate(greenline_cache_operations_total{${matchers}}[${window}]))`;
  const hits = `(${ops('level="l1",result=~"hit|stale"')} + ${ops('level="l2",result="hit"')} or ${ops('level="l1",result=~"hit|stale"')})`;
  return `${hits} / (${ops('level="l1",result=~"hit|stale|miss"')} > 0)`;
}

export function buildDashboard(config: SloConfig): Dashboard {
  const { policy, score } = config;
  const layout = new Layout();
  // The score an SLO gets at a policy boundary with nothing burning: where its colour changes.
  const scoreAt = (remaining: number) => Math.round(100 * (score.budgetWeight * remaining + score.burnWeight));

  layout.add({
    w: 6,
    h: 7,
    type: 'stat',
    title: 'Performance score',
    targets: [{ expr: RECORD.overallScore, legend: 'score' }],
    field: { min: 0, max: 100, decimals: 0, thresholds: steps('red', [scoreAt(policy.criticalBelow), 'yellow'], [scoreAt(policy.healthyAbove), 'green']) },
  });
  layout.add({
    w: 18,
    h: 7,
    type: 'bargauge',
    title: 'Error budget remaining',
    targets: [{ expr: RECORD.remaining, legend: '{{slo}}' }],
    field: { unit: 'percentunit', min: 0, max: 1, thresholds: steps('red', [policy.criticalBelow, 'yellow'], [policy.healthyAbove, 'green']) },
    options: { displayMode: 'basic', orientation: 'horizontal', showUnfilled: true },
  });
  layout.add({
    w: 24,
    h: 8,
    type: 'timeseries',
    title: `Burn rate over ${formatWindow(score.burnWindow)} (1 = the budget lasts exactly its window)`,
    targets: [{ expr: `${RECORD.ratio(score.burnWindow)} / ${RECORD.budget}`, legend: '{{slo}}' }],
  });

  const latency = (title: string, targets: Target[]) => layout.add({ w: 8, h: 8, type: 'timeseries', title, targets, field: { unit: 's' } });
  for (const group of config.routeGroups)
    latency(`Latency: ${group.name}`, quantiles('greenline_http_request_duration_seconds', renderSelector(group.selector)));
  latency('Latency: database queries', quantiles('greenline_db_query_duration_seconds', ''));

  layout.add({
    w: 12,
    h: 8,
    type: 'timeseries',
    title: 'Requests per second by route group',
    targets: config.routeGroups.map((g) => ({ expr: `sum(rate(greenline_http_requests_total${renderSelector(g.selector)}[${RATE}]))`, legend: g.name })),
    field: { unit: 'reqps' },
  });
  layout.add({
    w: 12,
    h: 8,
    type: 'timeseries',
    title: 'Server error ratio (as the SLOs count it)',
    targets: config.slos.flatMap((slo) =>
      slo.sli.type === 'ratio' && slo.component === 'api' ? [{ expr: errorRatioExpr(slo.sli, RATE), legend: slo.name }] : [],
    ),
    field: { unit: 'percentunit' },
  });

  const throughput = config.slos.flatMap((s) => (s.sli.type === 'throughput' ? [s.sli] : []))[0];
  layout.add({
    w: 12,
    h: 8,
    type: 'timeseries',
    title: 'Batch throughput (rows/s)',
    targets: [
      { expr: 'max(greenline_batch_rows_per_second)', legend: 'last batch' },
      { expr: `sum by (outcome) (rate(greenline_batch_records_total[${RATE}]))`, legend: '{{outcome}}' },
    ],
    // The SLO's minimum as a line across the chart.
    field: throughput ? { custom: { thresholdsStyle: { mode: 'line' } }, thresholds: steps('red', [throughput.minPerSecond, 'green']) } : {},
  });
  layout.add({
    w: 12,
    h: 8,
    type: 'timeseries',
    title: 'Cache hit ratio',
    targets: [
      {
        expr: cacheHitRatioExpr(RATE),
        legend: '{{cache}}',
      },
    ],
    field: { unit: 'percentunit', min: 0, max: 1 },
  });

  return {
    title: 'Greenline SLOs',
    uid: 'greenline-slos',
    tags: ['greenline', 'slo'],
    timezone: 'utc',
    schemaVersion: 39,
    refresh: '30s',
    time: { from: 'now-6h', to: 'now' },
    templating: { list: [{ name: 'datasource', label: 'Prometheus', type: 'datasource', query: 'prometheus' }] },
    panels: layout.panels,
  };
}
