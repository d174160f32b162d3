/**
 * `promtool test rules` files for the generated SLO rules: for each SLO, its own metric series,
 * rising counters sampled every minute, in two tests.
 *
 * Slow burn, on a Prometheus with history:
 *
 *   0–120 min    normal traffic: errors at half the budget's rate (0.5×)    nothing fires
 *   120–400 min  slow burn, 5×                                              tickets, after their `for`
 *
 * The 3 d/6 h ticket (1×) holds from ~136 min (all data burned at (60 + 5(t − 120))/t > 1) and
 * the 1 d/2 h ticket (3×) from ~271 min (that average passes 3 at 270 min, the last 2 h burn at
 * 5×); with `for: 3h` and `for: 1h` neither fires at 300 min and both do at 400. The pages never
 * do: 1 h at 5× < 14.4×, 6 h at most 4× < 6×.
 *
 * Fast burn on a young Prometheus: 20× from its first minute, for 75 min. Every window, 1 d and
 * 3 d included, then holds just the data there is, so every condition is true from minute 1;
 * only `for` tells them apart: the 1 h/5 m page fires by 10 min, the 6 h/30 m page by 30, and no
 * ticket within the first hour (59 min); the 1 d/2 h ticket fires after it (75 min), the burn
 * having lasted an hour.
 *
 * Each SLO is tested with its own rules only (they read nothing of the others'): promtool
 * evaluates every rule of its file at every simulated minute, and all SLOs' rules at once took
 * 16 s per SLO instead of 1.
 */
import { errorBudget } from '../../src/slo/budget.ts';
import type { Dashboard } from '../../src/slo/dashboard.ts';
import type { Slo, SloConfig } from '../../src/slo/definitions.ts';
import { type AlertingRule, alertName, RECORD, type RuleFile, sloLabels } from '../../src/slo/rules.ts';
import { sloScore } from '../../src/slo/score.ts';
import { type Labels, matchesAll, renderSelector } from '../../src/slo/selector.ts';

/** The app's /v1 routes (test/slo/route-groups.test.ts checks the app has each), so each route group's series is one a real route makes. */
export const ROUTES: readonly (readonly [string, string])[] = [
  ['GET', '/v1/factors'],
  ['POST', '/v1/factors'],
  ['POST', '/v1/factors/resolve'],
  ['GET', '/v1/factors/:id'],
  ['DELETE', '/v1/factors/:id'],
  ['POST', '/v1/factors/:id/supersede'],
  ['GET', '/v1/suppliers'],
  ['POST', '/v1/suppliers'],
  ['GET', '/v1/suppliers/:id'],
  ['GET', '/v1/emissions'],
  ['POST', '/v1/calculations'],
  ['POST', '/v1/calculations/batch'],
  ['GET', '/v1/calculations/:id'],
  ['DELETE', '/v1/calculations/:id'],
  ['POST', '/v1/calculations/:id/verify'],
  ['POST', '/v1/uncertainty'],
  ['POST', '/v1/batches'],
  ['GET', '/v1/batches/:id'],
  ['DELETE', '/v1/batches/:id'],
  ['POST', '/v1/batches/:id/resume'],
  ['GET', '/v1/batches/:id/errors'],
  ['GET', '/v1/reports/emissions'],
  ['GET', '/v1/reports/esrs-e1-6'],
  ['POST', '/v1/recalculations'],
  ['GET', '/v1/recalculations/:id'],
  ['GET', '/v1/keys'],
  ['POST', '/v1/keys'],
  ['POST', '/v1/keys/:id/revoke'],
  ['POST', '/v1/keys/:id/rotate'],
  ['GET', '/v1/audit'],
];

/** Label sets the app's metrics really carry, per metric; an SLO's series are picked from these. */
const CANDIDATES: Readonly<Record<string, readonly Labels[]>> = {
  http: ROUTES.flatMap(([method, route]) => ['200', '500'].map((status_code) => ({ method, route, status_code }))),
  greenline_cache_operations_total: ['l1', 'l2', 'loader'].flatMap((level) =>
    ['hit', 'miss', 'error', 'skipped'].map((result) => ({ cache: 'factor-candidates', level, result })),
  ),
  greenline_db_query_duration_seconds: [{ query: 'factors.candidates' }],
};

const candidates = (metric: string) => CANDIDATES[metric] ?? CANDIDATES.http!;

/** A stretch of simulated traffic: `minutes` long, errors at `burn` times the budget's rate. */
interface Phase {
  readonly minutes: number;
  readonly burn: number;
}

/** Normal traffic, then a slow burn that only tickets should catch. */
const SLOW_BURN: readonly Phase[] = [
  { minutes: 120, burn: 0.5 },
  { minutes: 280, burn: 5 },
];
/** A fast burn from the first minute of a young Prometheus. */
const FAST_BURN: readonly Phase[] = [{ minutes: 75, burn: 20 }];

const EVENTS_PER_MINUTE = 1000;
const fmt = (x: number) => String(Number(x.toPrecision(10)));

/** promtool's expanding notation, one segment per phase: `0+d₁x120 s₂+d₂x279 …`, one sample a minute. */
function counter(phases: readonly Phase[], perMinute: (burn: number) => number): string {
  let value = 0;
  return phases
    .map(({ minutes, burn }, i) => {
      const d = perMinute(burn);
      // The first segment starts at minute 0 with 0; later ones at their phase's first minute.
      const segment = i === 0 ? `0+${fmt(d)}x${minutes}` : `${fmt(value + d)}+${fmt(d)}x${minutes - 1}`;
      value += d * minutes;
      return segment;
    })
    .join(' ');
}

function pick(metric: string, want: (l: Labels) => boolean, slo: Slo): Labels {
  const found = candidates(metric).find(want);
  if (!found) throw new Error(`${slo.name}: no label set of ${metric} in the scenario's candidates fits its selectors; add one to CANDIDATES`);
  return found;
}

const series = (name: string, labels: Labels, values: string) => ({
  series: `${name}${renderSelector(Object.entries(labels).map(([label, value]) => ({ label, op: '=' as const, value })))}`,
  values,
});

function inputSeries(slo: Slo, phases: readonly Phase[]): { series: string; values: string }[] {
  const sli = slo.sli;
  const errorShare = (burn: number) => Math.min(1, burn * errorBudget(slo.objective));
  if (sli.type === 'ratio') {
    const good = pick(sli.counter, (l) => matchesAll(sli.total, l) && !matchesAll(sli.bad, l), slo);
    const bad = pick(sli.counter, (l) => matchesAll(sli.bad, l), slo);
    return [
      series(
        sli.counter,
        good,
        counter(phases, (burn) => EVENTS_PER_MINUTE * (1 - errorShare(burn))),
      ),
      series(
        sli.counter,
        bad,
        counter(phases, (burn) => EVENTS_PER_MINUTE * errorShare(burn)),
      ),
    ];
  }
  if (sli.type === 'latency') {
    const labels = pick(sli.histogram, (l) => matchesAll(sli.selector, l), slo);
    // Only the series the rules read: the count and the threshold's bucket (prom-client's `le` form).
    return [
      series(
        `${sli.histogram}_count`,
        labels,
        counter(phases, () => EVENTS_PER_MINUTE),
      ),
      series(
        `${sli.histogram}_bucket`,
        { ...labels, le: String(sli.threshold) },
        counter(phases, (burn) => EVENTS_PER_MINUTE * (1 - errorShare(burn))),
      ),
    ];
  }
  // Throughput: batch work every minute; the gauge reads under the minimum in a share of the
  // minutes equal to the phase's error share, spread evenly (minute m is slow when ⌊m·f⌋ steps).
  const fast = String(sli.minPerSecond * 2);
  const slow = String(sli.minPerSecond / 25);
  const rates = [fast];
  let minute = 0;
  for (const { minutes, burn } of phases) {
    const f = errorShare(burn);
    for (let m = 0; m < minutes; m++, minute++) rates.push(Math.floor((minute + 1) * f) > Math.floor(minute * f) ? slow : fast);
  }
  return [
    series(
      sli.activityCounter,
      { outcome: 'stored' },
      counter(phases, () => 60_000 * 60),
    ),
    series(sli.gauge, {}, rates.join(' ')),
  ];
}

/** The rules of one SLO, and the overall score (which then equals the SLO's). */
export function rulesFor(rules: RuleFile, slo: Slo): RuleFile {
  const mine = (r: RuleFile['groups'][number]['rules'][number]) => ('alert' in r ? r.alert === alertName(slo) : (r.labels?.slo ?? slo.name) === slo.name);
  return { groups: rules.groups.map((g) => ({ ...g, rules: g.rules.filter(mine) })) };
}

/** The alerts expected firing: one per condition, named by severity and long window (`['page', '1h']`). */
function expectedAlerts(slo: Slo, rules: RuleFile, firing: readonly (readonly ['page' | 'ticket', string])[]) {
  const alerts = rules.groups.flatMap((g) => g.rules.filter((r): r is AlertingRule => 'alert' in r && r.alert === alertName(slo)));
  return firing.map(([severity, longWindow]) => {
    const rule = alerts.find((r) => r.labels.severity === severity && r.labels.long_window === longWindow);
    if (!rule) throw new Error(`${slo.name}: no ${severity} alert over ${longWindow} in the generated rules`);
    return { exp_labels: { ...sloLabels(slo), ...rule.labels }, exp_annotations: rule.annotations };
  });
}

/**
 * The recorded score against src/slo/score.ts on the same numbers: at 120 min the whole window
 * burned at 0.5× (half the budget left) and so did the last hour; at 300 min the window burned
 * at 3.2× (budget gone) and the last hour at 5×. promtool compares exactly, so the check is a
 * PromQL comparison within 1e-6 that must give 1. Not for throughput, whose samples only
 * approximate the phases' shares.
 */
function scoreChecks(slo: Slo, config: SloConfig) {
  if (slo.sli.type === 'throughput') return [];
  const params = { ...config.score, pageBurn: Math.max(...config.alerting.page.map((c) => c.burn)) };
  const check = (evalTime: string, expr: string, expected: number) => ({
    expr: `abs(${expr}{slo="${slo.name}"} - ${expected}) < bool 1e-6`,
    eval_time: evalTime,
    exp_samples: [{ labels: renderSelector(Object.entries(sloLabels(slo)).map(([label, value]) => ({ label, op: '=' as const, value }))), value: 1 }],
  });
  return [
    check('120m', RECORD.remaining, 0.5),
    check('120m', RECORD.score, sloScore(0.5, 0.5, params)!),
    check('300m', RECORD.score, sloScore(1 - 3.2, 5, params)!),
  ];
}

/** The unit-test file (an object, to write as YAML) for one SLO's rules in `rulesFile`. */
export function ruleTestsFor(config: SloConfig, slo: Slo, rules: RuleFile, rulesFile: string) {
  const name = alertName(slo);
  const at = (evalTime: string, ...firing: (readonly ['page' | 'ticket', string])[]) => ({
    eval_time: evalTime,
    alertname: name,
    exp_alerts: expectedAlerts(slo, rules, firing),
  });
  return {
    rule_files: [rulesFile],
    evaluation_interval: '1m',
    tests: [
      {
        name: `${slo.name}: slow burn`,
        interval: '1m',
        input_series: inputSeries(slo, SLOW_BURN),
        alert_rule_test: [at('60m'), at('120m'), at('300m'), at('400m', ['ticket', '1d'], ['ticket', '3d'])],
        promql_expr_test: scoreChecks(slo, config),
      },
      {
        name: `${slo.name}: fast burn on a young Prometheus`,
        interval: '1m',
        input_series: inputSeries(slo, FAST_BURN),
        alert_rule_test: [
          at('10m', ['page', '1h']),
          at('30m', ['page', '1h'], ['page', '6h']),
          at('59m', ['page', '1h'], ['page', '6h']),
          at('75m', ['page', '1h'], ['page', '6h'], ['ticket', '1d']),
        ],
      },
    ],
  };
}

/** A panel's query as Prometheus runs it: Grafana's `$__rate_interval` as 5m. */
function panelExpr(dashboard: Dashboard, title: string, legend: string): string {
  const panel = dashboard.panels.find((p) => p.title === title) as { targets: { expr: string; legendFormat: string }[] } | undefined;
  const target = panel?.targets.find((t) => t.legendFormat === legend);
  if (!target) throw new Error(`no panel "${title}" with a "${legend}" query in the dashboard`);
  return target.expr.replaceAll('$__rate_interval', '5m');
}

/**
 * The dashboard's ratio panels on series that exist but do not move (a cache nobody reads, a
 * route group without requests), beside ones that do: the idle ones give no point, where an
 * unguarded 0/0 gave NaN. Hit ratios as the gauge counts them: (L1 hits + stale + L2 hits) /
 * (L1 hits + stale + L1 misses) — `busy` (with Redis) (6 + 1 + 2) / (6 + 1 + 3) = 0.9,
 * `local` (L1 only) 3 / 4 = 0.75.
 */
export function idlePanelTests(dashboard: Dashboard, rulesFile: string) {
  const ops = (cache: string, level: string, result: string, perMinute: number) =>
    series('greenline_cache_operations_total', { cache, level, result }, `0+${perMinute}x30`);
  const idleReads = { method: 'GET', route: '/v1/factors', status_code: '200' };
  const hitRatio = panelExpr(dashboard, 'Cache hit ratio', '{{cache}}');
  const expected = `label_replace(vector(0.9), "cache", "busy", "", "") or label_replace(vector(0.75), "cache", "local", "", "")`;
  return {
    rule_files: [rulesFile],
    evaluation_interval: '1m',
    tests: [
      {
        name: 'idle panels',
        interval: '1m',
        input_series: [
          ...['hit', 'miss', 'stale'].map((result) => ops('idle', 'l1', result, 0)),
          ...['hit', 'miss', 'error'].map((result) => ops('idle', 'l2', result, 0)),
          ops('busy', 'l1', 'hit', 6),
          ops('busy', 'l1', 'stale', 1),
          ops('busy', 'l1', 'miss', 3),
          ops('busy', 'l2', 'hit', 2),
          ops('busy', 'l2', 'miss', 1),
          ops('local', 'l1', 'hit', 3),
          ops('local', 'l1', 'miss', 1),
          series('greenline_http_request_duration_seconds_count', idleReads, '100+0x30'),
          ...['0.005', '0.025', '+Inf'].map((le) => series('greenline_http_request_duration_seconds_bucket', { ...idleReads, le }, '100+0x30')),
        ],
        promql_expr_test: [
          {
            expr: `abs((${hitRatio}) - on(cache) (${expected})) < bool 1e-9`,
            eval_time: '30m',
            exp_samples: ['busy', 'local'].map((c) => ({ labels: `{cache="${c}"}`, value: 1 })),
          },
          ...['p50', 'p95', 'p99'].map((q) => ({ expr: panelExpr(dashboard, 'Latency: reads', q), eval_time: '30m', exp_samples: [] })),
        ],
      },
    ],
  };
}
