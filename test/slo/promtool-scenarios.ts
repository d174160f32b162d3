/**
 * `promtool test rules` files for the generated SLO rules: for each SLO, six simulated hours of
 * its own metric series, rising counters sampled every minute, in three phases:
 *
 *   0–120 min    normal traffic: errors at half the budget's rate (0.5×)    nothing fires
 *   120–300 min  slow burn, 5×                                              ticket only
 *   300–360 min  fast burn, 20× (every event bad when the budget is 5%)     page and ticket
 *
 * Why these rates: at 300 min the 2 h window burns at 5× and the 1 d window (all 300 min of
 * data) at (120 × 0.5 + 180 × 5) / 300 = 3.2×, both above the ticket's 3×, while the page's
 * 1 h burns at 5× (< 14.4×) and 6 h at 3.2× (< 6×). At 360 min the last hour burns at 20× > 14.4×.
 *
 * Each SLO is tested with its own rules only (they read nothing of the others'): promtool
 * evaluates every rule of its file at every simulated minute, and all SLOs' rules at once took
 * 16 s per SLO instead of 1.
 */
import { errorBudget } from '../../src/slo/budget.ts';
import type { Slo, SloConfig } from '../../src/slo/definitions.ts';
import { type AlertingRule, alertName, RECORD, type RuleFile, sloLabels } from '../../src/slo/rules.ts';
import { sloScore } from '../../src/slo/score.ts';
import { type Labels, matchesAll, renderSelector } from '../../src/slo/selector.ts';

/** The app's routes (README, API table), so each route group's series is one a real route makes. */
export const ROUTES: readonly (readonly [string, string])[] = [
  ['GET', '/v1/factors'],
  ['GET', '/v1/factors/:id'],
  ['POST', '/v1/factors'],
  ['POST', '/v1/factors/resolve'],
  ['POST', '/v1/suppliers'],
  ['GET', '/v1/suppliers/:id'],
  ['POST', '/v1/calculations'],
  ['POST', '/v1/calculations/batch'],
  ['GET', '/v1/calculations/:id'],
  ['POST', '/v1/calculations/:id/verify'],
  ['POST', '/v1/uncertainty'],
  ['POST', '/v1/batches'],
  ['GET', '/v1/batches/:id'],
  ['GET', '/v1/batches/:id/errors'],
  ['GET', '/v1/emissions'],
  ['GET', '/v1/reports/emissions'],
  ['GET', '/v1/reports/esrs-e1-6'],
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

/** Per-minute shares of bad events in the three phases; minutes 1…360. */
const PHASES = [
  { minutes: 120, burn: 0.5 },
  { minutes: 180, burn: 5 },
  { minutes: 60, burn: 20 },
] as const;
const EVENTS_PER_MINUTE = 1000;
const fmt = (x: number) => String(Number(x.toPrecision(10)));

/** promtool's expanding notation, one segment per phase: `0+d₁x120 s₂+d₂x179 …`, 361 samples. */
function counter(perMinute: (burn: number) => number): string {
  let value = 0;
  return PHASES.map(({ minutes, burn }, i) => {
    const d = perMinute(burn);
    // The first segment starts at minute 0 with 0; later ones at their phase's first minute.
    const segment = i === 0 ? `0+${fmt(d)}x${minutes}` : `${fmt(value + d)}+${fmt(d)}x${minutes - 1}`;
    value += d * minutes;
    return segment;
  }).join(' ');
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

function inputSeries(slo: Slo): { series: string; values: string }[] {
  const sli = slo.sli;
  const errorShare = (burn: number) => Math.min(1, burn * errorBudget(slo.objective));
  if (sli.type === 'ratio') {
    const good = pick(sli.counter, (l) => matchesAll(sli.total, l) && !matchesAll(sli.bad, l), slo);
    const bad = pick(sli.counter, (l) => matchesAll(sli.bad, l), slo);
    return [
      series(
        sli.counter,
        good,
        counter((burn) => EVENTS_PER_MINUTE * (1 - errorShare(burn))),
      ),
      series(
        sli.counter,
        bad,
        counter((burn) => EVENTS_PER_MINUTE * errorShare(burn)),
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
        counter(() => EVENTS_PER_MINUTE),
      ),
      series(
        `${sli.histogram}_bucket`,
        { ...labels, le: String(sli.threshold) },
        counter((burn) => EVENTS_PER_MINUTE * (1 - errorShare(burn))),
      ),
    ];
  }
  // Throughput: batch work every minute; the gauge reads under the minimum in a share of the
  // minutes equal to the phase's error share, spread evenly (minute m is slow when ⌊m·f⌋ steps).
  const fast = String(sli.minPerSecond * 2);
  const slow = String(sli.minPerSecond / 25);
  const rates = [fast];
  let minute = 0;
  for (const { minutes, burn } of PHASES) {
    const f = errorShare(burn);
    for (let m = 0; m < minutes; m++, minute++) rates.push(Math.floor((minute + 1) * f) > Math.floor(minute * f) ? slow : fast);
  }
  return [
    series(
      sli.activityCounter,
      { outcome: 'stored' },
      counter(() => 60_000 * 60),
    ),
    series(sli.gauge, {}, rates.join(' ')),
  ];
}

/** The rules of one SLO, and the overall score (which then equals the SLO's). */
export function rulesFor(rules: RuleFile, slo: Slo): RuleFile {
  const mine = (r: RuleFile['groups'][number]['rules'][number]) => ('alert' in r ? r.alert === alertName(slo) : (r.labels?.slo ?? slo.name) === slo.name);
  return { groups: rules.groups.map((g) => ({ ...g, rules: g.rules.filter(mine) })) };
}

function expectedAlerts(slo: Slo, rules: RuleFile, severities: readonly string[]) {
  const alerts = rules.groups.flatMap((g) => g.rules.filter((r): r is AlertingRule => 'alert' in r));
  return severities.map((severity) => {
    const rule = alerts.find((r) => r.alert === alertName(slo) && r.labels.severity === severity)!;
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
  return {
    rule_files: [rulesFile],
    evaluation_interval: '1m',
    tests: [
      {
        interval: '1m',
        input_series: inputSeries(slo),
        alert_rule_test: [
          { eval_time: '60m', alertname: name, exp_alerts: [] },
          { eval_time: '120m', alertname: name, exp_alerts: [] },
          { eval_time: '300m', alertname: name, exp_alerts: expectedAlerts(slo, rules, ['ticket']) },
          { eval_time: '360m', alertname: name, exp_alerts: expectedAlerts(slo, rules, ['page', 'ticket']) },
        ],
        promql_expr_test: scoreChecks(slo, config),
      },
    ],
  };
}
