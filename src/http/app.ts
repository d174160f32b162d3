/**
 * The Fastify application: validation, problem+json errors, OpenAPI, health, and the /v1 API
 * behind API-key auth. Built from its dependencies so tests and the CLI assemble it the same way.
 */
import { randomUUID } from 'node:crypto';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { cacheOptionsFor, createCache } from '../cache/index.ts';
import type { Config } from '../config.ts';
import { dashboardPlugin } from '../dashboard/plugin.ts';
import { BatchRunner } from '../ingest/batch-runner.ts';
import { CalculationHelper } from '../calculate/worker/helper.ts';
import { DEFAULT_SETTINGS } from '../domain/scope3/types.ts';
import type { SqlDriver } from '../store/driver.ts';
import { metrics } from '../metrics/registry.ts';
import { createFactorCaches } from '../store/factor-cache.ts';
import { registerAuth } from './plugins/auth.ts';
import { registerErrorHandling } from './plugins/errors.ts';
import { metricsPlugin } from './plugins/metrics.ts';
import { type CachedResponse, responseCache } from './plugins/response-cache.ts';
import { validatorCompiler } from './plugins/validation.ts';
import { type AdminOptions, adminRoutes } from './routes/admin.ts';
import { batchRoutes } from './routes/batches.ts';
import { calculationRoutes } from './routes/calculations.ts';
import type { RouteDeps } from './routes/deps.ts';
import { emissionRoutes } from './routes/emissions.ts';
import { recalculationRoutes } from './routes/recalculations.ts';
import { reportRoutes } from './routes/reports.ts';
import { factorRoutes } from './routes/factors.ts';
import { healthRoutes } from './routes/health.ts';
import { supplierRoutes } from './routes/suppliers.ts';

export interface AppDeps {
  driver: SqlDriver;
  /**
   * `dashboardIntervalMs` defaults to 2 s (GREENLINE_DASHBOARD_INTERVAL_MS in the server);
   * `metrics` and `calculationThreads` default to on.
   */
  config: Pick<Config, 'bodyLimitBytes' | 'logLevel'> & Partial<Pick<Config, 'dashboardIntervalMs' | 'metrics' | 'calculationThreads'>>;
  cursorSecret: string;
  /** false in tests; a pino options object or true in the server. */
  logger?: boolean | object;
  /** Runs uploaded batches; by default in this process, uploads kept in the OS temp directory. */
  runner?: BatchRunner;
  /**
   * Redis for the caches' second level and cross-instance invalidation; without it the caches
   * are in-process only (right for one instance).
   */
  redis?: Redis | null;
  /** The local admin API the CLI uses while this server holds the embedded database (src/http/routes/admin.ts). */
  admin?: AdminOptions;
  /** Prefix of the caches' Redis keys and channel (default greenline:cache); tests isolate with it. */
  cacheKeyPrefix?: string;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const runner =
    deps.runner ??
    new BatchRunner(deps.driver, {
      uploadDir: join(tmpdir(), 'greenline-uploads'),
      uploadLimitBytes: 2 * 1024 ** 3,
      redisUrl: null,
      settings: DEFAULT_SETTINGS,
    });
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: deps.config.bodyLimitBytes,
    // Honour a caller's request id when it is sane, so logs correlate across services.
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  });
  app.setValidatorCompiler(validatorCompiler);
  registerErrorHandling(app);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Greenline API', version: '0.1.0', description: 'Scope 3 and CBAM carbon accounting. Errors are application/problem+json.' },
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'A Greenline API key' } } },
      security: [{ apiKey: [] }],
    },
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  // Caches: factor data for the broker, and whole GET responses (routes opt in with config.cache).
  const redis = deps.redis ?? null;
  const prefix = deps.cacheKeyPrefix ? { keyPrefix: deps.cacheKeyPrefix } : {};
  const factorCaches = createFactorCaches(redis, prefix);
  const responses = createCache<CachedResponse>(cacheOptionsFor('responses', redis, prefix));
  app.addHook('onClose', () => Promise.all([factorCaches.close(), responses.close()]));
  // Serve only once this instance hears other instances' invalidations (a write elsewhere before
  // that would leave it serving the old value); with Redis down, start anyway after 2 s.
  app.addHook('onReady', async () => {
    await Promise.race([Promise.all([factorCaches.ready(), responses.ready()]), new Promise((r) => setTimeout(r, 2_000).unref())]);
  });
  await app.register(responseCache, { cache: responses });
  // GET /metrics, and request metrics on every route; GREENLINE_METRICS=0 turns both off.
  const metricsEnabled = deps.config.metrics ?? true;
  await app.register(metricsPlugin, { metrics, driver: deps.driver, caches: () => [...factorCaches.caches(), responses], enabled: metricsEnabled });
  // The live dashboard at /dashboard, on the same metrics (and off with them).
  await app.register(dashboardPlugin, { metrics, intervalMs: deps.config.dashboardIntervalMs ?? 2_000, enabled: metricsEnabled });

  // Big calculation batches are split with a worker thread on the other core (docs/calculations.md);
  // GREENLINE_CALC_THREADS=0, or a one-core machine, keeps them on this thread.
  const calculationHelper = (deps.config.calculationThreads ?? true) && availableParallelism() > 1 ? new CalculationHelper() : null;
  if (calculationHelper) app.addHook('onClose', () => calculationHelper.close());

  // A finished batch changes suppliers' emission totals, which their cached answers include.
  runner.onFinished = (tenantId) => app.responseCache.invalidateTags(tenantId, ['suppliers']);

  const routeDeps: RouteDeps = { driver: deps.driver, cursorSecret: deps.cursorSecret, factorCaches, calculationHelper, batchRunner: runner };
  healthRoutes(app, routeDeps);
  await app.register(
    async (v1) => {
      registerAuth(v1, deps.driver);
      factorRoutes(v1, routeDeps);
      supplierRoutes(v1, routeDeps);
      emissionRoutes(v1, routeDeps);
      calculationRoutes(v1, routeDeps);
      batchRoutes(v1, routeDeps);
      reportRoutes(v1, routeDeps);
      recalculationRoutes(v1, routeDeps);
    },
    { prefix: '/v1' },
  );
  const admin = deps.admin;
  if (admin) await app.register(async (scope) => adminRoutes(scope, routeDeps, admin), { prefix: '/admin' });
  return app;
}
