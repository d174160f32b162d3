/**
 * The generated rules as Prometheus sees them: `promtool check rules` (syntax, PromQL) and
 * `promtool test rules` with simulated traffic (promtool-scenarios.ts): every SLO's alerts stay
 * quiet on normal traffic, tickets fire on a slow burn once their `for` has passed, a fast burn
 * on a young Prometheus pages at once and opens no ticket within the hour, and the recorded
 * budget and score agree with src/slo; the Grafana panels that divide show nothing, not NaN,
 * without traffic. promtool comes with Debian's `prometheus`
 * package; without it these tests fail rather than skip, so CI cannot pass unchecked rules.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { buildDashboard } from '../../src/slo/dashboard.ts';
import { loadSloConfig } from '../../src/slo/load.ts';
import { alertName, BUDGET_METRICS, budgetAlertRules, buildRules, renderRules } from '../../src/slo/rules.ts';
import { idlePanelTests, rulesFor, ruleTestsFor } from './promtool-scenarios.ts';

const run = promisify(execFile);

async function promtool(...args: string[]): Promise<string> {
  try {
    const { stdout, stderr } = await run('promtool', args, { maxBuffer: 16 * 1024 * 1024 });
    return stdout + stderr;
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stdout?: string; stderr?: string };
    if (e.code === 'ENOENT') throw new Error("promtool is not installed: install Debian's prometheus package (apt-get install prometheus); CI's .ci/run does");
    throw new Error(`promtool ${args.join(' ')} failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
}

const config = await loadSloConfig();
const rules = buildRules(config);
const dir = mkdtempSync(join(tmpdir(), 'greenline-slo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('generated Prometheus rules (promtool)', () => {
  it('pass promtool check rules', async () => {
    const file = join(dir, 'greenline-slo-rules.yaml');
    writeFileSync(file, renderRules(rules));
    expect(await promtool('check', 'rules', file)).toMatch(/SUCCESS: \d+ rules found/);
  });

  it('give Grafana panels no value rather than NaN for a cache or a route group without traffic (promtool test rules)', async () => {
    const rulesFile = join(dir, 'none.rules.yaml');
    const testsFile = join(dir, 'idle-panels.test.yaml');
    writeFileSync(rulesFile, 'groups: []\n');
    writeFileSync(testsFile, stringify(idlePanelTests(buildDashboard(config), rulesFile), { lineWidth: 0 }));
    expect(await promtool('test', 'rules', testsFile)).toMatch(/SUCCESS/);
  });

  it('alert on a tenant’s LLM budget: a threshold crossing tickets once, a used-up budget pages after 5 minutes (promtool test rules)', async () => {
    const rulesFile = join(dir, 'budget.rules.yaml');
    const testsFile = join(dir, 'budget.test.yaml');
    writeFileSync(rulesFile, renderRules({ groups: [{ name: 'greenline-intelligence-budget', rules: budgetAlertRules() }] }));
    const tenant = { tenant: 'acme' };
    const threshold = { ...tenant, threshold: '0.8' };
    const series = (name: string, labels: Record<string, string>, values: string) => ({
      series: `${name}{${Object.entries(labels)
        .map(([k, v]) => `${k}="${v}"`)
        .join(',')}}`,
      values,
    });
    // What an alert shows: its labels, and its annotations with the labels filled in (as Prometheus expands them).
    const alert = (name: string, labels: Record<string, string>) => {
      const rule = budgetAlertRules().find((r) => r.alert === name)!;
      const fill = (text: string) => text.replace(/\{\{ \$labels\.(\w+) \}\}/g, (_, k: string) => labels[k] ?? '');
      return {
        exp_labels: { ...labels, ...rule.labels },
        exp_annotations: Object.fromEntries(Object.entries(rule.annotations).map(([k, v]) => [k, fill(v)])),
      };
    };
    const tests = {
      rule_files: [rulesFile],
      evaluation_interval: '1m',
      tests: [
        {
          interval: '1m',
          input_series: [
            // The 0.8 threshold is crossed at minute 10 (the counter goes 0 → 1), and never again.
            series(BUDGET_METRICS.alerts, threshold, '0x9 1x50'),
            // Spend reaches the budget at minute 30 and stays there.
            series(BUDGET_METRICS.used, tenant, '0.5x29 1x30'),
          ],
          alert_rule_test: [
            { eval_time: '5m', alertname: 'IntelligenceBudgetThresholdCrossed', exp_alerts: [] },
            { eval_time: '12m', alertname: 'IntelligenceBudgetThresholdCrossed', exp_alerts: [alert('IntelligenceBudgetThresholdCrossed', threshold)] },
            // 15 minutes after the crossing the increase is 0 again: the ticket clears.
            { eval_time: '40m', alertname: 'IntelligenceBudgetThresholdCrossed', exp_alerts: [] },
            { eval_time: '32m', alertname: 'IntelligenceBudgetExhausted', exp_alerts: [] },
            { eval_time: '36m', alertname: 'IntelligenceBudgetExhausted', exp_alerts: [alert('IntelligenceBudgetExhausted', tenant)] },
          ],
        },
      ],
    };
    writeFileSync(testsFile, stringify(tests, { lineWidth: 0 }));
    expect(await promtool('test', 'rules', testsFile)).toMatch(/SUCCESS/);
  });

  it.concurrent.for(config.slos.map((slo) => [alertName(slo), slo] as const))(
    '%s: quiet on normal traffic; on a slow burn tickets after their `for`; on a fast burn from a young Prometheus pages and no ticket in the first hour; score as src/slo computes it (promtool test rules)',
    async ([name, slo], { expect }) => {
      const rulesFile = join(dir, `${slo.name}.rules.yaml`);
      const testsFile = join(dir, `${slo.name}.test.yaml`);
      const own = rulesFor(rules, slo);
      writeFileSync(rulesFile, renderRules(own));
      writeFileSync(testsFile, stringify(ruleTestsFor(config, slo, own, rulesFile), { lineWidth: 0 }));
      expect(await promtool('test', 'rules', testsFile), name).toMatch(/SUCCESS/);
    },
  );
});
