/**
 * `greenline slo status` and `greenline slo rules` (docs/observability.md#slos).
 *
 * Where `status` reads from: a Prometheus server with `--prometheus URL`; otherwise the running
 * app (GREENLINE_URL, default http://127.0.0.1:$PORT): its own rolling windows, from the live
 * dashboard's snapshot (each SLO since the app started, up to the SLO's window; the burn rate
 * over the score's burn window). An app without the dashboard (an older one) is scraped at
 * /metrics instead: one window, counts since the process started, used for both.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import type { Snapshot } from '../dashboard/snapshot.ts';
import { camelCaseKeys } from '../http/snake-case.ts';
import type { PolicyState } from '../slo/budget.ts';
import { buildDashboard } from '../slo/dashboard.ts';
import type { SloConfig } from '../slo/definitions.ts';
import { formatWindow } from '../slo/duration.ts';
import { DEFAULT_SLO_FILE, loadSloConfig } from '../slo/load.ts';
import { countsFromSamples, parseExposition } from '../slo/metrics-text.ts';
import { PrometheusClient } from '../slo/prometheus.ts';
import { buildRules, renderRules } from '../slo/rules.ts';
import { assess, type Observation, type StatusReport } from '../slo/status.ts';

interface Source {
  readonly kind: 'prometheus' | 'app' | 'metrics';
  readonly url: string;
  /** What the counts cover, for the reader. */
  readonly windows: string;
}

async function get(url: string): Promise<Response> {
  return fetch(url, { signal: AbortSignal.timeout(10_000) }).catch((err: Error) => {
    throw new Error(`cannot reach Greenline at ${url} (${err.cause ?? err.message}); start it, set GREENLINE_URL, or pass --prometheus URL`);
  });
}

/** The app's rolling windows as its dashboard snapshot gives them, or null when it has no dashboard. */
async function appWindows(baseUrl: string): Promise<Map<string, Observation> | null> {
  const res = await get(`${baseUrl}/dashboard/snapshot`);
  if (res.status === 404) return null;
  if (!res.ok) throw new Error(`GET ${baseUrl}/dashboard/snapshot answered ${res.status}`);
  // Served in snake_case, like every answer.
  const snapshot = camelCaseKeys(await res.json()) as unknown as Pick<Snapshot, 'slo'>;
  if (snapshot.slo.error) throw new Error(`the app could not load its SLOs: ${snapshot.slo.error}`);
  return new Map(
    snapshot.slo.slos.map((s) => [s.name, { window: { total: s.events, bad: s.badEvents }, recent: { total: s.recentEvents, bad: s.recentBadEvents } }]),
  );
}

async function scrapeApp(baseUrl: string, config: SloConfig): Promise<Map<string, Observation>> {
  const url = `${baseUrl}/metrics`;
  const res = await get(url);
  if (!res.ok) throw new Error(`GET ${url} answered ${res.status}; is this a Greenline with metrics enabled (GREENLINE_METRICS not 0)?`);
  const samples = parseExposition(await res.text());
  return new Map(
    config.slos.map((slo) => {
      const counts = countsFromSamples(slo.sli, samples);
      return [slo.name, { window: counts, recent: counts }];
    }),
  );
}

const pct = (x: number | null, digits: number) => (x === null ? '—' : `${(x * 100).toFixed(digits)}%`);
const count = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const STATES: readonly PolicyState[] = ['healthy', 'warning', 'critical', 'no_data'];

function renderTable(report: StatusReport, source: Source): string {
  const header = ['SLO', 'objective', 'events', 'compliance', 'budget left', 'burn', 'state', 'score'];
  const rows = report.slos.map((s) => [
    s.name,
    pct(s.objective, 2),
    count.format(s.observed.window.total),
    pct(s.compliance, 3),
    pct(s.budgetRemaining, 1),
    s.burnRate === null ? '—' : `${s.burnRate.toFixed(2)}×`,
    s.state.replace('_', ' '),
    s.score === null ? '—' : s.score.toFixed(0),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  // Names and states read left-aligned, numbers right-aligned.
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 || i === 6 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const tally = STATES.map((st) => `${report.slos.filter((s) => s.state === st).length} ${st.replace('_', ' ')}`).join(', ');
  return [
    `SLOs from ${source.url}: ${source.windows}`,
    '',
    line(header),
    ...rows.map(line),
    '',
    `performance score: ${report.score === null ? '— (no data)' : `${report.score.toFixed(0)}/100`}   (${tally})`,
  ].join('\n');
}

export function registerSloCommands(program: Command): void {
  const slo = program
    .command('slo')
    .description('service level objectives from slo/slos.yaml: status, Prometheus rules, Grafana dashboard (docs/observability.md#slos)');

  slo
    .command('status')
    .description('compliance, error budget left, policy state and performance score of every SLO')
    .option('--prometheus <url>', "compute from this Prometheus server (default: the running app's own rolling windows, at GREENLINE_URL)")
    .option('--file <path>', 'SLO file', DEFAULT_SLO_FILE)
    .option('--json', 'print the report as JSON')
    .action(async (opts: { prometheus?: string; file: string; json?: boolean }) => {
      const config = await loadSloConfig(opts.file);
      let source: Source;
      let observations: Map<string, Observation>;
      if (opts.prometheus) {
        const windows = [...new Set(config.slos.map((s) => formatWindow(s.window)))].join(', ');
        source = {
          kind: 'prometheus',
          url: opts.prometheus,
          windows: `each SLO over its window (${windows}), burn rate over ${formatWindow(config.score.burnWindow)}`,
        };
        observations = await new PrometheusClient(opts.prometheus).observations(config);
      } else {
        const url = loadConfig().serverUrl;
        const live = await appWindows(url);
        if (live) {
          source = {
            kind: 'app',
            url: `${url}/dashboard/snapshot`,
            windows: `the app's rolling windows: each SLO since the app started, up to its window; burn rate over ${formatWindow(config.score.burnWindow)}`,
          };
          observations = live;
        } else {
          source = { kind: 'metrics', url: `${url}/metrics`, windows: 'counts since the process started (one window, also used for the burn rate)' };
          observations = await scrapeApp(url, config);
        }
      }
      const report = assess(config, observations);
      console.log(opts.json ? JSON.stringify({ source, ...report }, null, 2) : renderTable(report, source));
    });

  slo
    .command('rules')
    .description('write Prometheus recording and multi-window multi-burn-rate alert rules, and a Grafana dashboard')
    .option('--out <dir>', 'folder to write greenline-slo-rules.yaml and greenline-slo-dashboard.json into', '.')
    .option('--file <path>', 'SLO file', DEFAULT_SLO_FILE)
    .action(async (opts: { out: string; file: string }) => {
      const config = await loadSloConfig(opts.file);
      const rules = buildRules(config);
      const dashboard = buildDashboard(config);
      await mkdir(opts.out, { recursive: true });
      const rulesPath = join(opts.out, 'greenline-slo-rules.yaml');
      const dashboardPath = join(opts.out, 'greenline-slo-dashboard.json');
      await writeFile(rulesPath, renderRules(rules));
      await writeFile(dashboardPath, `${JSON.stringify(dashboard, null, 2)}\n`);
      const all = rules.groups.flatMap((g) => g.rules);
      const alerts = all.filter((r) => 'alert' in r).length;
      console.log(
        `${rulesPath}: ${all.length - alerts} recording rules, ${alerts} alerts for ${config.slos.length} SLOs (check: promtool check rules ${rulesPath})`,
      );
      console.log(`${dashboardPath}: Grafana dashboard, ${dashboard.panels.length} panels`);
    });
}
