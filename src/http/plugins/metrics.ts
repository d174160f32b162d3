/**
 * Prometheus metrics for the HTTP server, and `GET /metrics` to scrape them (unauthenticated,
 * outside /v1, hidden from OpenAPI: bind the port to a private network or filter the path at the
 * proxy). Request duration, count and in-flight are recorded by hooks on every route; pool and
 * cache metrics are read from the given driver and caches at scrape time.
 *
 * The hooks run on every request, so they are kept cheap: plain callback hooks (no promise),
 * the route template Fastify already knows, and the fast path of src/metrics/http.ts.
 */
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { CacheStats } from '../../cache/index.ts';
import type { Metrics } from '../../metrics/registry.ts';
import type { SqlDriver } from '../../store/driver.ts';

export interface MetricsPluginOptions {
  metrics: Metrics;
  driver: Pick<SqlDriver, 'stats'> & Partial<Pick<SqlDriver, 'observeQueries'>>;
  /** A statement slower than this counts in greenline_db_slow_queries_total (default 500 ms). */
  slowQueryMs?: number;
  /** Read at every scrape, so caches created later are included. */
  caches: () => ReadonlyArray<{ stats(): CacheStats }>;
  /** false: no hooks and no /metrics route, as if the plugin were absent. Default true. */
  enabled?: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** performance.now() when the metrics hook saw the request arrive. */
    metricsStartedAt: number;
  }
}

/** nginx's code for "client closed the request": the client left before the answer was sent. */
const CLIENT_CLOSED_REQUEST = 499;

async function plugin(app: FastifyInstance, options: MetricsPluginOptions): Promise<void> {
  if (options.enabled === false) return;
  const { metrics, driver, caches } = options;
  const http = metrics.http;

  const slowSeconds = (options.slowQueryMs ?? 500) / 1000;
  const undo = [metrics.registerPoolSource(() => driver.stats()), metrics.registerCacheSource(() => caches().map((cache) => cache.stats()))];
  const stopTiming = driver.observeQueries?.((query, seconds) => {
    metrics.db.queryDuration.observe({ query }, seconds);
    if (seconds > slowSeconds) metrics.db.slowQueries.inc({ query });
  });
  if (stopTiming) undo.push(stopTiming);
  app.addHook('onClose', (_app, done) => {
    for (const unregister of undo) unregister();
    done();
  });

  const record = (request: FastifyRequest, statusCode: number) => {
    // The template (`/v1/factors/:id`), never the URL: one series per route, whatever the ids.
    http.finished(request.method, request.routeOptions.url ?? 'unmatched', statusCode, (performance.now() - request.metricsStartedAt) / 1000);
  };

  app.decorateRequest('metricsStartedAt', 0);
  app.addHook('onRequest', (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) => {
    request.metricsStartedAt = performance.now();
    http.started();
    done();
  });
  app.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    record(request, reply.statusCode);
    done();
  });
  // A request the client abandons never reaches onResponse: without this it would stay in flight
  // for ever, and the slowest requests (the ones clients give up on) would vanish from the
  // histogram. The price: Fastify adds a 'close' listener to every request.
  app.addHook('onRequestAbort', (request: FastifyRequest, done: HookHandlerDoneFunction) => {
    record(request, CLIENT_CLOSED_REQUEST);
    done();
  });

  // Scraped every few seconds: logged at warn level and above only.
  app.get('/metrics', { schema: { hide: true }, logLevel: 'warn' }, async (_request, reply) => {
    reply.type(metrics.registry.contentType);
    return metrics.registry.metrics();
  });
}

/** Registered with `app.register`; its hooks then apply to every route of the app, like fastify-plugin. */
export const metricsPlugin: FastifyPluginAsync<MetricsPluginOptions> = Object.assign(plugin, {
  [Symbol.for('skip-override')]: true,
  [Symbol.for('fastify.display-name')]: 'metrics',
});
