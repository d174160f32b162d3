/**
 * `greenline dashboard` against a small app serving the dashboard: --export, --terminal (one
 * view, and redrawn until stopped), the bare command, its errors, and its setting.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Output, runDashboard } from '../../src/cli/dashboard.ts';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { dashboardPlugin } from '../../src/dashboard/plugin.ts';
import type { Snapshot } from '../../src/dashboard/snapshot.ts';
import { metricsPlugin } from '../../src/http/plugins/metrics.ts';
import { createMetrics } from '../../src/metrics/registry.ts';
import type { PoolStats } from '../../src/store/driver.ts';

const run = promisify(execFile);
const BIN = resolve(import.meta.dirname, '../../bin/greenline.js');
const pool: PoolStats = {
  driver: 'postgres',
  total: 4,
  idle: 3,
  waiting: 0,
  max: 8,
  acquireCount: 0,
  acquireTimeouts: 0,
  acquireTimeTotalMs: 0,
  acquireTimeMaxMs: 0,
  validationFailures: 0,
};

let app: FastifyInstance;
let url: string;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'greenline-dashboard-cli-'));
  const metrics = createMetrics();
  app = Fastify();
  await app.register(metricsPlugin, { metrics, driver: { stats: () => pool }, caches: () => [] });
  await app.register(dashboardPlugin, { metrics, intervalMs: 100 });
  app.get('/v1/things', async () => ({ ok: true }));
  url = await app.listen({ port: 0, host: '127.0.0.1' });
  // More requests than the SLO policy's min_events (30), so the SLOs have a verdict.
  for (let i = 0; i < 40; i++) await fetch(`${url}/v1/things`);
  await app.dashboard!.tick();
});
afterAll(async () => {
  await app?.close();
  await rm(dir, { recursive: true, force: true });
});

function capture(isTTY = false): Output & { text: () => string } {
  let text = '';
  return {
    isTTY,
    write: (t) => {
      text += t;
    },
    text: () => text,
  };
}

describe('greenline dashboard', () => {
  it('--export writes one snapshot as JSON', async () => {
    const file = join(dir, 'metrics.json');
    const out = capture();
    await runDashboard({ url, export: file }, out);
    // Written as served: snake_case field names.
    const s = JSON.parse(await readFile(file, 'utf8')) as Snapshot;
    expect(s).toMatchObject({ version: 1, interval_ms: 100 });
    expect(s).toHaveProperty('pool.acquire_wait_ms');
    expect(s.slo.slos.find((o) => o.name === 'api-availability')).toMatchObject({ state: 'healthy', events: 40 });
    expect(s.pool).toMatchObject({ total: 4, idle: 3, max: 8, use: 0.125 });
    expect(out.text()).toBe(`${file}: snapshot of ${url} at ${s.time}\n`);
  });

  it('--terminal --once prints one view, without colour outside a terminal', async () => {
    const out = capture();
    await runDashboard({ url, terminal: true, once: true }, out);
    const text = out.text();
    expect(text).toContain(`Greenline ${url}`);
    expect(text).toContain('performance score 100/100 (healthy)');
    expect(text).toMatch(/^api-availability +healthy +100\.0% +100\.000% +0\.00× +40 +100$/m);
    expect(text).toMatch(/^route group +req\/s/m);
    expect(text).not.toContain('\x1b[');
  });

  it('--terminal redraws every --interval ms, in place on a terminal, until stopped', async () => {
    const out = capture(true);
    const stop = new AbortController();
    const running = runDashboard({ url, terminal: true, interval: '100' }, out, stop.signal);
    await new Promise((r) => setTimeout(r, 350));
    stop.abort();
    await running;
    const frames = out.text().split('\x1b[H\x1b[2J').filter(Boolean);
    expect(frames.length).toBeGreaterThanOrEqual(2);
    expect(frames.length).toBeLessThanOrEqual(5);
    // Coloured on a terminal (unless NO_COLOR is set): the healthy SLO row in green.
    if (!process.env.NO_COLOR) expect(frames[0]).toContain('\x1b[32mapi-availability');
  });

  it('without a flag, says where the page is', async () => {
    const out = capture();
    await runDashboard({ url }, out);
    expect(out.text()).toMatch(new RegExp(`^Live dashboard: ${url}/dashboard +\\(performance score 100/100;`));
  });

  it('says what is wrong with an unreachable server or a bad interval', async () => {
    await expect(runDashboard({ url: 'http://127.0.0.1:9', export: join(dir, 'x.json') }, capture())).rejects.toThrow(
      /cannot reach Greenline at http:\/\/127\.0\.0\.1:9\/dashboard\/snapshot/,
    );
    await expect(runDashboard({ url, terminal: true, interval: 'soon' }, capture())).rejects.toThrow(
      '--interval: must be a whole number of milliseconds, at least 100, got "soon"',
    );
  });

  it('runs as a command of the greenline program', async () => {
    const file = join(dir, 'from-cli.json');
    const { stdout } = await run(process.execPath, [BIN, 'dashboard', '--url', url, '--export', file]);
    expect(stdout).toContain(`${file}: snapshot of ${url}`);
    expect(JSON.parse(await readFile(file, 'utf8')).version).toBe(1);
  });
});

describe('GREENLINE_DASHBOARD_INTERVAL_MS', () => {
  it('defaults to 2 s and is checked', () => {
    expect(loadConfig({}).dashboardIntervalMs).toBe(2000);
    expect(loadConfig({ GREENLINE_DASHBOARD_INTERVAL_MS: '250' }).dashboardIntervalMs).toBe(250);
    expect(() => loadConfig({ GREENLINE_DASHBOARD_INTERVAL_MS: '10' })).toThrow(ConfigError);
  });
});
