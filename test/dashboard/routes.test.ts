/**
 * The dashboard's routes on small Fastify apps with a fresh metrics registry: the page and its
 * files, the JSON snapshot, the SSE stream (pushed at the interval, let go when the client
 * leaves or the app closes), SLO states that follow the traffic, and switching it off.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dashboardPlugin } from '../../src/dashboard/plugin.ts';
import type { Snapshot } from '../../src/dashboard/snapshot.ts';
import { metricsPlugin } from '../../src/http/plugins/metrics.ts';
import { createMetrics, type Metrics } from '../../src/metrics/registry.ts';
import type { PoolStats } from '../../src/store/driver.ts';
import { sample } from '../metrics/exposition.ts';

const pool: PoolStats = {
  driver: 'pglite',
  total: 1,
  idle: 1,
  waiting: 0,
  max: 1,
  acquireCount: 0,
  acquireTimeouts: 0,
  acquireTimeTotalMs: 0,
  acquireTimeMaxMs: 0,
  validationFailures: 0,
};
const INTERVAL_MS = 100;

let dir: string;
let historyFile: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'greenline-dashboard-'));
  historyFile = join(dir, 'history.jsonl');
  const run = (createdAt: string, ratio: number) =>
    JSON.stringify({ createdAt, commit: null, dirty: true, machine: 'M', results: { 'micro/x': { median: 1, ratio } } });
  await writeFile(historyFile, `${run('2026-01-01T00:00:00Z', 2)}\n${run('2026-01-02T00:00:00Z', 3)}\n`);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function build(metrics: Metrics, options: { enabled?: boolean; sloFile?: string } = {}): Promise<FastifyInstance> {
  const instance = Fastify();
  await instance.register(metricsPlugin, { metrics, driver: { stats: () => pool }, caches: () => [], enabled: options.enabled });
  await instance.register(dashboardPlugin, { metrics, intervalMs: INTERVAL_MS, historyFile, ...options });
  instance.get('/v1/things', async () => ({ ok: true }));
  instance.get('/v1/boom', async () => {
    throw new Error('boom');
  });
  return instance;
}

/** Reads server-sent events from a stream until `enough` says stop. */
async function readEvents(body: ReadableStream<Uint8Array>, enough: (events: Snapshot[]) => boolean): Promise<{ events: Snapshot[]; text: string }> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const events: Snapshot[] = [];
  let text = '';
  let buffered = '';
  while (!enough(events)) {
    const { value, done } = await reader.read();
    if (done) break;
    const chunk = decoder.decode(value, { stream: true });
    text += chunk;
    buffered += chunk;
    let end = buffered.indexOf('\n\n');
    while (end >= 0) {
      const block = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      const data = block.split('\n').find((line) => line.startsWith('data: '));
      if (block.includes('event: snapshot') && data) events.push(JSON.parse(data.slice(6)) as Snapshot);
      end = buffered.indexOf('\n\n');
    }
  }
  reader.releaseLock();
  return { events, text };
}

describe('dashboard routes', () => {
  it('serves the page, its script and style, and uPlot from node_modules, outside OpenAPI', async () => {
    app = await build(createMetrics());
    const page = await app.inject('/dashboard');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('<script src="/dashboard/uplot.js"></script>');
    expect(page.body).toContain('id="score-value"');
    for (const [path, type, text] of [
      ['/dashboard/app.js', 'text/javascript', "new EventSource('/dashboard/stream')"],
      ['/dashboard/style.css', 'text/css', '--critical'],
      ['/dashboard/uplot.js', 'text/javascript', 'uPlot'],
      ['/dashboard/uplot.css', 'text/css', '.uplot'],
    ] as const) {
      const res = await app.inject(path);
      expect(res.statusCode, path).toBe(200);
      expect(res.headers['content-type']).toBe(`${type}; charset=utf-8`);
      expect(res.body).toContain(text);
    }
  });

  it('answers the latest snapshot as JSON: every SLO of slo/slos.yaml, the score, the benchmark changes', async () => {
    app = await build(createMetrics());
    await app.ready();
    const res = await app.inject('/dashboard/snapshot');
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const s = res.json<Snapshot>();
    expect(s).toMatchObject({ version: 1, interval_ms: INTERVAL_MS, slo: { error: null, burn_window: '1h' } });
    expect(s.slo.slos.map((o) => o.name)).toContain('api-availability');
    expect(s.slo.slos.every((o) => o.state === 'no_data')).toBe(true);
    expect(s.http.groups.map((g) => g.name)).toEqual(['all', 'api', 'reads', 'resolve', 'calculations', 'batches', 'reports', 'analysis', 'writes']);
    expect(s.regressions).toMatchObject({ runs: 2, regressions: 1, changes: [{ key: 'micro/x', verdict: 'regression', change: 0.5 }] });
  });

  it('turns an SLO red within a reading or two of server errors, and the score with it', async () => {
    const metrics = createMetrics();
    app = await build(metrics);
    await app.ready();
    for (let i = 0; i < 50; i++) await app.inject('/v1/things');
    await app.dashboard!.tick();
    let s = await app.dashboard!.tick();
    const availability = () => s.slo.slos.find((o) => o.name === 'api-availability')!;
    expect(availability()).toMatchObject({ state: 'healthy', events: 50, badEvents: 0 });
    expect(s.slo.score).toBe(100);

    for (let i = 0; i < 5; i++) expect((await app.inject('/v1/boom')).statusCode).toBe(500);
    s = await app.dashboard!.tick();
    // 5 bad of 55 against a 0.1% budget: far past it.
    expect(availability()).toMatchObject({ state: 'critical', events: 55, badEvents: 5 });
    expect(availability().budgetRemaining).toBeLessThan(0);
    expect(s.slo.scoreState).toBe('critical');
    expect(s.http.groups.find((g) => g.name === 'api')!.errorRate).toBeCloseTo(5 / 55, 9);
  });

  it('pushes a snapshot per interval over SSE, and lets go of a stream its client closed', async () => {
    const metrics = createMetrics();
    app = await build(metrics);
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    const client = new AbortController();
    const res = await fetch(`${url}/dashboard/stream`, { signal: client.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache, no-transform');

    const started = performance.now();
    const { events, text } = await readEvents(res.body!, (e) => e.length >= 4);
    expect(text.startsWith('retry: 1000\n\n')).toBe(true);
    // The latest snapshot at once, then one per 100 ms interval.
    const times = events.map((e) => Date.parse(e.time));
    expect(times[3]! - times[1]!).toBeGreaterThanOrEqual(150);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect((events[3]!.http as unknown as { in_flight: number }).in_flight).toBe(1);

    client.abort();
    const inFlight = async () => sample(await metrics.registry.metrics(), 'greenline_http_requests_in_flight');
    for (let i = 0; i < 100 && (await inFlight()) !== 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await inFlight()).toBe(0);
    expect(sample(await metrics.registry.metrics(), 'greenline_http_requests_total', { method: 'GET', route: '/dashboard/stream', status_code: '499' })).toBe(
      1,
    );
    // The server goes on serving.
    expect((await fetch(`${url}/dashboard/snapshot`)).status).toBe(200);
  });

  it('closes without waiting for open streams, which end', async () => {
    app = await build(createMetrics());
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    const res = await fetch(`${url}/dashboard/stream`);
    await readEvents(res.body!, (e) => e.length >= 1);
    const started = performance.now();
    await app.close();
    app = undefined;
    expect(performance.now() - started).toBeLessThan(2_000);
    // Resolves only once the server has ended the stream.
    await readEvents(res.body!, () => false);
  });

  it('shows no SLOs, and says why, when the SLO file cannot be read; everything else still works', async () => {
    app = await build(createMetrics(), { sloFile: join(dir, 'missing.yaml') });
    await app.ready();
    const s = (await app.inject('/dashboard/snapshot')).json<Snapshot>();
    expect(s.slo.error).toMatch(/cannot read the SLO file .*missing\.yaml: no such file/);
    expect(s.slo.slos).toEqual([]);
    expect(s.http.groups.map((g) => g.name)).toEqual(['all', 'api']);
  });

  it('is absent with the metrics off (GREENLINE_METRICS=0)', async () => {
    app = await build(createMetrics(), { enabled: false });
    await app.ready();
    expect(app.dashboard).toBeUndefined();
    for (const path of ['/dashboard', '/dashboard/stream', '/dashboard/snapshot']) expect((await app.inject(path)).statusCode).toBe(404);
  });
});
