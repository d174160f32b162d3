/**
 * Prometheus rules from the SLO file: error ratios recorded per SLO over every window the alerts
 * and the score read, the budget left and the score, and multi-window multi-burn-rate alerts
 * (Google SRE workbook, ch. 5, "Alerting on SLOs", the last and recommended iteration).
 *
 * Why ratios are recorded rather than written into the alerts: each alert reads two windows,
 * the dashboard and the score read them too, and a recorded series is computed once per
 * evaluation instead of once per reader. A ratio over a window without events is no value
 * rather than NaN (promql.ts), so nothing divides 0 by 0.
 *
 * One alerting rule per condition of the file, because each has its own `for:` (docs/observability.md#alerts).
 */
import { stringify } from 'yaml';
import { errorBudget } from './budget.ts';
import type { BurnCondition, Slo, SloConfig } from './definitions.ts';
import { formatWindow } from './duration.ts';
import { errorRatioExpr, throughputSampleExpr } from './promql.ts';

export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
  readonly labels?: Readonly<Record<string, string>>;
}

export interface AlertingRule {
  readonly alert: string;
  readonly expr: string;
  /** How long the condition must hold before the alert fires (absent: at once). */
  readonly for?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

export interface RuleGroup {
  readonly name: string;
  readonly interval?: string;
  readonly rules: readonly (RecordingRule | AlertingRule)[];
}

export interface RuleFile {
  readonly groups: readonly RuleGroup[];
}

/** Recording rule names, level:metric:operations as Prometheus advises. */
export const RECORD = {
  sample: 'slo:sli_error:sample',
  ratio: (windowSeconds: number) => `slo:sli_error:ratio_rate${formatWindow(windowSeconds)}`,
  budget: 'slo:error_budget:ratio',
  remaining: 'slo:error_budget_remaining:ratio',
  score: 'slo:performance_score',
  overallScore: 'greenline:performance_score',
} as const;

/** "reads-latency-p95" → "ReadsLatencyP95BudgetBurn". */
export function alertName(slo: Slo): string {
  return `${slo.name.replace(/(^|-)([a-z0-9])/g, (_m, _sep, c: string) => c.toUpperCase())}BudgetBurn`;
}

/** The labels every series of an SLO carries, and so every alert. */
export function sloLabels(slo: Slo): Record<string, string> {
  return { slo: slo.name, component: slo.component };
}

/** Every window an alert condition or the score reads, shortest first. */
function ratioWindows(config: SloConfig): number[] {
  const all = [...config.alerting.page, ...config.alerting.ticket].flatMap((c) => [c.long, c.short]);
  return [...new Set([...all, config.score.burnWindow])].sort((a, b) => a - b);
}

/** Without binary floating point's tails in the generated rules: 14.4 × 0.001 is 0.0144, not 0.014400000000000001. */
const round = (x: number) => Number(x.toPrecision(12));

function ratioRule(slo: Slo, windowSeconds: number): RecordingRule {
  const expr =
    slo.sli.type === 'throughput'
      ? `avg_over_time(${RECORD.sample}{slo="${slo.name}"}[${formatWindow(windowSeconds)}])`
      : errorRatioExpr(slo.sli, formatWindow(windowSeconds));
  return { record: RECORD.ratio(windowSeconds), expr, labels: sloLabels(slo) };
}

function sliRules(slo: Slo, windows: readonly number[]): RecordingRule[] {
  // A throughput SLI is a gauge compared with a minimum: Prometheus records the comparison at
  // every evaluation, and the share of bad samples over a window is the error ratio.
  const sample: RecordingRule[] = slo.sli.type === 'throughput' ? [{ record: RECORD.sample, expr: throughputSampleExpr(slo.sli), labels: sloLabels(slo) }] : [];
  return [...sample, ...windows.map((w) => ratioRule(slo, w))];
}

/** Budget left over the SLO's window and the performance score, as src/slo/score.ts computes it. */
function budgetRules(slo: Slo, config: SloConfig, recorded: readonly number[]): RecordingRule[] {
  const sel = `{slo="${slo.name}"}`;
  const budget = errorBudget(slo.objective);
  const pageBurn = Math.max(...config.alerting.page.map((c) => c.burn));
  const { budgetWeight, burnWeight, burnWindow } = config.score;
  // No events in the burn window: nothing burns (burn 0), as in score.ts. `* 0` keeps the SLO's
  // labels so the fallback still matches the budget series.
  const burn = `(${RECORD.ratio(burnWindow)}${sel} or ${RECORD.remaining}${sel} * 0) / ${budget}`;
  return [
    // Unless an alert window already records it: one series must not come from two rules.
    ...(recorded.includes(slo.window) ? [] : [ratioRule(slo, slo.window)]),
    { record: RECORD.budget, expr: `vector(${budget})`, labels: sloLabels(slo) },
    { record: RECORD.remaining, expr: `1 - ${RECORD.ratio(slo.window)}${sel} / ${budget}`, labels: sloLabels(slo) },
    {
      record: RECORD.score,
      expr: `100 * (${budgetWeight} * clamp(${RECORD.remaining}${sel}, 0, 1) + ${burnWeight} * clamp((${pageBurn} - ${burn}) / ${round(pageBurn - 1)}, 0, 1))`,
      labels: sloLabels(slo),
    },
  ];
}

function burnCondition(slo: Slo, c: BurnCondition): string {
  const threshold = round(c.burn * errorBudget(slo.objective));
  const sel = `{slo="${slo.name}"}`;
  return `(${RECORD.ratio(c.long)}${sel} > ${threshold} and ${RECORD.ratio(c.short)}${sel} > ${threshold})`;
}

/** "14.4× the sustainable rate over both 1h and 5m, for 2m". */
function describeCondition(c: BurnCondition): string {
  return `${c.burn}× the sustainable rate over both ${formatWindow(c.long)} and ${formatWindow(c.short)}${c.for > 0 ? `, for ${formatWindow(c.for)}` : ''}`;
}

/** The labels an alert of this condition carries besides the SLO's: severity and its two windows. */
export function conditionLabels(severity: 'page' | 'ticket', c: BurnCondition): Record<string, string> {
  return { severity, long_window: formatWindow(c.long), short_window: formatWindow(c.short) };
}

function alertRule(slo: Slo, severity: 'page' | 'ticket', c: BurnCondition): AlertingRule {
  const pct = `${+(slo.objective * 100).toPrecision(6)}%`;
  return {
    alert: alertName(slo),
    expr: burnCondition(slo, c),
    ...(c.for > 0 ? { for: formatWindow(c.for) } : {}),
    labels: conditionLabels(severity, c),
    annotations: {
      summary: `${slo.name}: error budget burning ${severity === 'page' ? 'fast' : 'steadily'}`,
      description: `${slo.description} (objective ${pct} over ${formatWindow(slo.window)}). Fires when the error budget burns at more than ${describeCondition(c)}.`,
      runbook: 'docs/observability.md#alerts',
    },
  };
}

/** The LLM gateway's budget metrics (src/metrics/intelligence.ts), as Prometheus names them. */
export const BUDGET_METRICS = {
  alerts: 'greenline_intelligence_budget_alerts_total',
  used: 'greenline_intelligence_budget_used_ratio',
} as const;

/**
 * Alerts on each tenant's monthly LLM budget (docs/intelligence.md#budgets): a threshold of the
 * tenant's own `alert_thresholds` crossed (the gateway counts each crossing once a month, with the
 * tenant and threshold as labels), and the budget used up (calls are being refused with 402).
 */
export function budgetAlertRules(): AlertingRule[] {
  return [
    {
      alert: 'IntelligenceBudgetThresholdCrossed',
      expr: `increase(${BUDGET_METRICS.alerts}[15m]) > 0`,
      labels: { severity: 'ticket' },
      annotations: {
        summary: 'tenant {{ $labels.tenant }} has spent {{ $labels.threshold }} of its monthly LLM budget',
        description:
          'A threshold of the tenant’s alert_thresholds was crossed this month (GET /v1/intelligence/usage shows the spend). Raise monthly_budget_usd with PUT /v1/intelligence/settings, or expect calls to be refused at the budget.',
        runbook: 'docs/intelligence.md#budgets',
      },
    },
    {
      alert: 'IntelligenceBudgetExhausted',
      expr: `${BUDGET_METRICS.used} >= 1`,
      for: '5m',
      labels: { severity: 'page' },
      annotations: {
        summary: 'tenant {{ $labels.tenant }} has used up its monthly LLM budget: model calls are refused (402)',
        description:
          'Chat, embeddings and the spend classifier’s fallback are refused with 402 INTELLIGENCE_BUDGET_EXCEEDED until the month ends or monthly_budget_usd is raised.',
        runbook: 'docs/intelligence.md#budgets',
      },
    },
  ];
}

export function buildRules(config: SloConfig): RuleFile {
  const windows = ratioWindows(config);
  return {
    groups: [
      { name: 'greenline-slo-sli', rules: config.slos.flatMap((slo) => sliRules(slo, windows)) },
      // Reads whole SLO windows (30 days of samples): every 5 minutes is plenty for a budget.
      {
        name: 'greenline-slo-budget',
        interval: '5m',
        rules: [
          ...config.slos.flatMap((slo) => budgetRules(slo, config, windows)),
          { record: RECORD.overallScore, expr: `(avg(${RECORD.score}) + min(${RECORD.score})) / 2` },
        ],
      },
      {
        name: 'greenline-slo-alerts',
        rules: config.slos.flatMap((slo) => [
          ...config.alerting.page.map((c) => alertRule(slo, 'page', c)),
          ...config.alerting.ticket.map((c) => alertRule(slo, 'ticket', c)),
        ]),
      },
      { name: 'greenline-intelligence-budget', rules: budgetAlertRules() },
    ],
  };
}

export function renderRules(rules: RuleFile): string {
  return `# Generated by \`greenline slo rules\` from slo/slos.yaml; edit that file, not this one.\n${stringify(rules, { lineWidth: 0 })}`;
}
