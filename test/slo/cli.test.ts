/** `greenline slo status` and `greenline slo rules` as a user runs them: the real command, in a process. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { snakeCaseKeys } from '../../src/http/snake-case.ts';
import { type FakeServer, fakeApp, fakePrometheus } from './fake-servers.ts';
import { answerMinimalFile, minimalFile } from './fixtures.ts';

const run = promisify(execFile);
const BIN = resolve(import.meta.dirname, '../../bin/greenline.js');

async function greenline(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const read = 'method="GET",route="/v1/factors/:id",status_code="200"';
/** 2,000 requests, 4 of them 5xx; 1,996 reads, 96 of them slower than 25 ms; no batch work. */
const EXPOSITION = [
  '# TYPE greenline_http_requests_total counter',
  `greenline_http_requests_total{${read}} 1996`,
  'greenline_http_requests_total{method="POST",route="/v1/calculations",status_code="500"} 4',
  '# TYPE greenline_http_request_duration_seconds histogram',
  `greenline_http_request_duration_seconds_bucket{${read},le="0.01"} 1500`,
  `greenline_http_request_duration_seconds_bucket{${read},le="0.025"} 1900`,
  `greenline_http_request_duration_seconds_bucket{${read},le="+Inf"} 1996`,
  `greenline_http_request_duration_seconds_sum{${read}} 30.5`,
  `greenline_http_request_duration_seconds_count{${read}} 1996`,
].join('\n');

describe('greenline slo', () => {
  let dir: string;
  let sloFile: string;
  let app: FakeServer;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'greenline-slo-cli-'));
    sloFile = join(dir, 'slos.yaml');
    writeFileSync(sloFile, minimalFile());
    app = await fakeApp(EXPOSITION);
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('status --json: from one scrape of an app without the live dashboard, compliance, budget, state and score per SLO', async () => {
    const { code, stdout } = await greenline(['slo', 'status', '--json', '--file', sloFile], { GREENLINE_URL: app.url });
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.source).toMatchObject({ kind: 'metrics', url: `${app.url}/metrics` });
    const [availability, latency, throughput] = report.slos;
    // 4 of 2,000 = 0.2% at 99.9%: burn 2×, budget −100%: critical.
    expect(availability).toMatchObject({ name: 'api-availability', state: 'critical', observed: { window: { total: 2000, bad: 4 } } });
    expect(availability.budgetRemaining).toBeCloseTo(-1, 10);
    // 96 of 1,996 over 25 ms = 4.81% at 95%: 3.8% of the budget left: critical.
    expect(latency).toMatchObject({ name: 'reads-latency-p95', state: 'critical', observed: { window: { total: 1996, bad: 96 } } });
    expect(latency.budgetRemaining).toBeCloseTo(1 - 96 / 1996 / 0.05, 10);
    expect(throughput).toMatchObject({ name: 'batch-throughput', state: 'no_data', score: null });
    expect(report.score).toBeCloseTo((availability.score + latency.score) / 4 + Math.min(availability.score, latency.score) / 2, 10);
  });

  it('status: prints a table and the performance score', async () => {
    const { code, stdout } = await greenline(['slo', 'status', '--file', sloFile], { GREENLINE_URL: app.url });
    expect(code).toBe(0);
    expect(stdout).toContain(`SLOs from ${app.url}/metrics: counts since the process started`);
    expect(stdout).toMatch(/^SLO\s+objective\s+events\s+compliance\s+budget left\s+burn\s+state\s+score$/m);
    expect(stdout).toMatch(/^api-availability\s+99\.90%\s+2,000\s+99\.800%\s+-100\.0%\s+2\.00×\s+critical\s+28$/m);
    expect(stdout).toMatch(/^performance score: 29\/100 {3}\(0 healthy, 0 warning, 2 critical, 1 no data\)$/m);
  });

  it("status: from the app's own rolling windows when it serves them (the live dashboard's snapshot)", async () => {
    const slo = (name: string, events: number, badEvents: number, recentEvents: number, recentBadEvents: number) => ({
      name,
      events,
      badEvents,
      recentEvents,
      recentBadEvents,
    });
    // Over the window 2 of 10,000 requests failed (0.02% at 99.9%: 80% of the budget left), but
    // in the last hour 2 of 1,000 (0.2%: burning at 2×); 100 of 1,000 reads slower than 25 ms.
    const snapshot = {
      slo: {
        error: null,
        slos: [slo('api-availability', 10_000, 2, 1_000, 2), slo('reads-latency-p95', 1_000, 100, 1_000, 100), slo('batch-throughput', 0, 0, 0, 0)],
      },
    };
    // As the server answers: snake_case field names (src/dashboard/plugin.ts).
    const live = await fakeApp(EXPOSITION, snakeCaseKeys(snapshot));
    try {
      const { code, stdout } = await greenline(['slo', 'status', '--json', '--file', sloFile], { GREENLINE_URL: live.url });
      expect(code).toBe(0);
      const report = JSON.parse(stdout);
      expect(report.source).toMatchObject({ kind: 'app', url: `${live.url}/dashboard/snapshot` });
      const [availability, latency, throughput] = report.slos;
      expect(availability).toMatchObject({ state: 'healthy', observed: { window: { total: 10_000, bad: 2 }, recent: { total: 1_000, bad: 2 } } });
      expect(availability.budgetRemaining).toBeCloseTo(0.8, 10);
      expect(availability.burnRate).toBeCloseTo(2, 10);
      // 10% slow at 95%: the budget is spent twice over.
      expect(latency).toMatchObject({ state: 'critical' });
      expect(latency.budgetRemaining).toBeCloseTo(-1, 10);
      expect(throughput.state).toBe('no_data');
    } finally {
      await live.close();
    }
  });

  it("status --prometheus: states from a Prometheus server's counts over each SLO's window", async () => {
    const prometheus = await fakePrometheus(answerMinimalFile);
    try {
      const { code, stdout } = await greenline(['slo', 'status', '--json', '--file', sloFile, '--prometheus', prometheus.url]);
      expect(code).toBe(0);
      const report = JSON.parse(stdout);
      expect(report.source.kind).toBe('prometheus');
      expect(report.slos.map((s: { name: string; state: string }) => [s.name, s.state])).toEqual([
        ['api-availability', 'healthy'], // 30 of 100,000 = 0.03% at 99.9%: 70% left
        ['reads-latency-p95', 'warning'], // 300 of 10,000 = 3% at 95%: 40% left
        ['batch-throughput', 'critical'], // 2 of 40 samples = 5% at 95%: nothing left
      ]);
    } finally {
      await prometheus.close();
    }
  });

  it('status: says how to fix an unreachable app and a broken SLO file, exit code 1', async () => {
    const down = await greenline(['slo', 'status', '--file', sloFile], { GREENLINE_URL: 'http://127.0.0.1:1' });
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(
      /^greenline: cannot reach Greenline at http:\/\/127\.0\.0\.1:1\/dashboard\/snapshot .*; start it, set GREENLINE_URL, or pass --prometheus URL/m,
    );
    const broken = join(dir, 'broken.yaml');
    writeFileSync(
      broken,
      minimalFile((d) => (d.slos[0]!.objective = 99.9)),
    );
    const bad = await greenline(['slo', 'status', '--file', broken], { GREENLINE_URL: app.url });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`greenline: ${broken} is not a valid SLO file:\n  - slos[0].objective: must be a fraction between 0 and 1`);
  });

  it('rules --out: writes the Prometheus rules and a Grafana dashboard with latency, throughput, error and budget panels', async () => {
    const out = join(dir, 'generated');
    const { code, stdout } = await greenline(['slo', 'rules', '--out', out]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/greenline-slo-rules\.yaml: \d+ recording rules, \d+ alerts for \d+ SLOs/);
    const rules = parse(readFileSync(join(out, 'greenline-slo-rules.yaml'), 'utf8'));
    expect(rules.groups.map((g: { name: string }) => g.name)).toEqual([
      'greenline-slo-sli',
      'greenline-slo-budget',
      'greenline-slo-alerts',
      'greenline-intelligence-budget',
    ]);
    const dashboard = JSON.parse(readFileSync(join(out, 'greenline-slo-dashboard.json'), 'utf8'));
    const titles = dashboard.panels.map((p: { title: string }) => p.title);
    expect(titles).toEqual(
      expect.arrayContaining([
        'Performance score',
        'Error budget remaining',
        'Latency: reads',
        'Latency: calculations',
        'Requests per second by route group',
        'Server error ratio (as the SLOs count it)',
        'Batch throughput (rows/s)',
      ]),
    );
    const quantiles = dashboard.panels
      .find((p: { title: string }) => p.title === 'Latency: reads')
      .targets.map((t: { legendFormat: string }) => t.legendFormat);
    expect(quantiles).toEqual(['p50', 'p95', 'p99']);
  });
});
