/**
 * The live dashboard (docs/observability.md#live-dashboard), beside GET /metrics and like it
 * without an API key, outside /v1 and hidden from OpenAPI:
 *
 *   GET /dashboard            the page (src/dashboard/page/), charts drawn with uPlot
 *   GET /dashboard/stream     server-sent events: one `snapshot` event per interval
 *   GET /dashboard/snapshot   the latest snapshot as JSON (`greenline dashboard` reads it)
 *   GET /dashboard/{app.js, style.css, uplot.js, uplot.css}
 *
 * Every file is read once, at registration, from this package and node_modules/uplot: nothing
 * is fetched from elsewhere, by the server or the page.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { Metrics } from '../metrics/registry.ts';
import { DEFAULT_SLO_FILE, loadSloConfig } from '../slo/load.ts';
import { DEFAULT_HISTORY_FILE, RegressionSource } from './regressions.ts';
import { DashboardSampler } from './sampler.ts';
import { snakeCaseKeys } from '../http/snake-case.ts';
import type { Snapshot } from './snapshot.ts';

export interface DashboardPluginOptions {
  metrics: Pick<Metrics, 'registry'>;
  /** How often a snapshot is taken and pushed (GREENLINE_DASHBOARD_INTERVAL_MS). */
  intervalMs: number;
  /** false: no routes, no sampling (GREENLINE_METRICS=0). Default true. */
  enabled?: boolean;
  sloFile?: string;
  historyFile?: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The dashboard's sampler (present when the dashboard is enabled). */
    dashboard?: DashboardSampler;
  }
}

const require = createRequire(import.meta.url);
const page = (name: string) => join(import.meta.dirname, 'page', name);

/** Path → [content type, file]. */
const ASSETS: Record<string, [string, string]> = {
  '/dashboard': ['text/html; charset=utf-8', page('index.html')],
  '/dashboard/app.js': ['text/javascript; charset=utf-8', page('app.js')],
  '/dashboard/style.css': ['text/css; charset=utf-8', page('style.css')],
  '/dashboard/uplot.js': ['text/javascript; charset=utf-8', require.resolve('uplot/dist/uPlot.iife.min.js')],
  '/dashboard/uplot.css': ['text/css; charset=utf-8', require.resolve('uplot/dist/uPlot.min.css')],
};

const sseEvent = (snapshot: Snapshot) => `event: snapshot\ndata: ${JSON.stringify(snakeCaseKeys(snapshot))}\n\n`;

async function plugin(app: FastifyInstance, options: DashboardPluginOptions): Promise<void> {
  if (options.enabled === false) return;
  const slo = await loadSloConfig(options.sloFile ?? DEFAULT_SLO_FILE).then(
    (config) => ({ config }),
    (err: Error) => {
      app.log.warn({ err }, 'dashboard: SLO file not loaded, showing no SLOs');
      return { error: err.message };
    },
  );
  const sampler = new DashboardSampler({
    registry: options.metrics.registry,
    intervalMs: options.intervalMs,
    slo,
    regressions: new RegressionSource(options.historyFile ?? DEFAULT_HISTORY_FILE),
    onError: (err) => app.log.warn({ err }, 'dashboard: reading the metrics failed'),
  });
  app.decorate('dashboard', sampler);

  const assets = await Promise.all(Object.entries(ASSETS).map(async ([path, [type, file]]) => [path, type, await readFile(file)] as const));
  for (const [path, type, body] of assets) {
    app.get(path, { schema: { hide: true } }, async (_request, reply) => {
      reply.type(type).header('cache-control', 'no-cache');
      return body;
    });
  }

  app.get('/dashboard/snapshot', { schema: { hide: true } }, async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    // Field names in snake_case, like every other answer.
    return snakeCaseKeys(sampler.latest ?? (await sampler.tick()));
  });

  // The open streams. A snapshot is serialised once for all of them; a stream whose client reads
  // too slowly skips snapshots rather than buffering them.
  const streams = new Set<PassThrough>();
  sampler.subscribe((snapshot) => {
    if (streams.size === 0) return;
    const event = sseEvent(snapshot);
    for (const stream of streams) if (!stream.writableNeedDrain) stream.write(event);
  });

  app.get('/dashboard/stream', { schema: { hide: true } }, (_request, reply) => {
    const stream = new PassThrough();
    const end = () => {
      streams.delete(stream);
      stream.end();
    };
    // Closed by the client (or the connection failed): stop writing to it.
    reply.raw.once('close', end);
    stream.on('error', end);
    streams.add(stream);
    // The browser reconnects after `retry` ms if the connection drops.
    stream.write(`retry: ${Math.max(1_000, sampler.intervalMs)}\n\n`);
    if (sampler.latest) stream.write(sseEvent(sampler.latest));
    reply.type('text/event-stream; charset=utf-8').header('cache-control', 'no-cache, no-transform').header('x-accel-buffering', 'no');
    return reply.send(stream);
  });

  app.addHook('onReady', async () => {
    await sampler.start();
  });
  // Before the server stops accepting: an open stream would keep it from ever closing.
  app.addHook('preClose', (done) => {
    sampler.stop();
    for (const stream of streams) stream.end();
    streams.clear();
    done();
  });
}

/** Registered with `app.register`; not encapsulated (like fastify-plugin), so `app.dashboard` is the sampler. */
export const dashboardPlugin: FastifyPluginAsync<DashboardPluginOptions> = Object.assign(plugin, {
  [Symbol.for('skip-override')]: true,
  [Symbol.for('fastify.display-name')]: 'dashboard',
});
