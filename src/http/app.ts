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
import { CalculationHelper } from '../calculate/worker/helper.ts';
import { type Config, defaultSupplierMatchThreads } from '../config.ts';
import { dashboardPlugin } from '../dashboard/plugin.ts';
import { DEFAULT_SETTINGS } from '../domain/scope3/types.ts';
import { BatchRunner } from '../ingest/batch-runner.ts';
import { metrics } from '../metrics/registry.ts';
import { AuditWriter } from '../store/audit-writer.ts';
import type { SqlDriver } from '../store/driver.ts';
import { createFactorCaches } from '../store/factor-cache.ts';
import { registerAuditTrail } from './plugins/audit.ts';
import { createApiKeyLookups, registerAuth } from './plugins/auth.ts';
import { registerDraining } from './plugins/draining.ts';
import { registerErrorHandling } from './plugins/errors.ts';
import { clientErrorHandler, frameworkErrors, MAX_PARAM_LENGTH } from './plugins/framework-errors.ts';
import { metricsPlugin } from './plugins/metrics.ts';
import { nPlusOnePlugin } from './plugins/n-plus-one.ts';
import { openapiTransform, openapiTransformObject } from './plugins/openapi-contract.ts';
import { registerRateLimit } from './plugins/rate-limit.ts';
import { type CachedResponse, responseCache } from './plugins/response-cache.ts';
import { registerSecurityHeaders } from './plugins/security-headers.ts';
import { registerUploadSlots } from './plugins/upload-slots.ts';
import { validatorCompiler } from './plugins/validation.ts';
import { type AdminOptions, adminRoutes } from './routes/admin.ts';
import { auditRoutes } from './routes/audit.ts';
import { batchRoutes } from './routes/batches.ts';
import { calculationRoutes } from './routes/calculations.ts';
import { cbamRoutes } from './routes/cbam.ts';
import { classifyRoutes } from './routes/classify.ts';
import { dataLifecycleRoutes } from './routes/data-lifecycle.ts';
import type { RouteDeps } from './routes/deps.ts';
import { emissionRoutes } from './routes/emissions.ts';
import { factorRoutes } from './routes/factors.ts';
import { healthRoutes } from './routes/health.ts';
import { intelligenceRoutes } from './routes/intelligence.ts';
import { keyRoutes } from './routes/keys.ts';
import { profilingRoutes } from './routes/profiling.ts';
import { heapProfilingRoutes } from './routes/profiling-heap.ts';
import { recalculationRoutes } from './routes/recalculations.ts';
import { reportRoutes } from './routes/reports.ts';
import { supplierMergeRoutes } from './routes/supplier-merge.ts';
import { supplierReviewRoutes } from './routes/supplier-review.ts';
import { supplierRoutes } from './routes/suppliers.ts';
import { SupplierMatchThreads } from './supplier-matching/threads.ts';

export interface AppDeps {
  driver: SqlDriver;
  /**
   * `dashboardIntervalMs` defaults to 2 s (GREENLINE_DASHBOARD_INTERVAL_MS in the server);
   * `metrics` and `calculationThreads` default to on, `supplierMatchThreads` to the server's default; `rateLimitPerMinute` and
   * `uploadConcurrency` to no limit (the server passes its settings, which default to limits).
   */
  config: Pick<Config, 'bodyLimitBytes' | 'logLevel'> &
    Partial<
      Pick<
        Config,
        | 'dashboardIntervalMs'
        | 'metrics'
        | 'calculationThreads'
        | 'supplierMatchThreads'
        | 'rateLimitPerMinute'
        | 'uploadConcurrency'
        | 'profiling'
        | 'nPlusOneThreshold'
        | 'nPlusOneSample'
        | 'slowQueryMs'
        | 'llm'
      >
    >;
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
    // While closing, requests get plugins/draining.ts's 503 SHUTTING_DOWN problem+json, not Fastify's own 503.
    return503OnClosing: false,
    forceCloseConnections: 'idle',
    // Errors answered before a route runs (bad URL, 414, 431…) are problem+json too.
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors,
    clientErrorHandler,
  });
  app.setValidatorCompiler(validatorCompiler);
  registerErrorHandling(app);
  // Security headers and a Content-Security-Policy on every answer (plugins/security-headers.ts).
  await registerSecurityHeaders(app);
  // Graceful shutdown: app.drain() answers new requests 503 until those in flight are answered (plugins/draining.ts).
  registerDraining(app);
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-request-id', request.id);
    // Fastify sets no Content-Type on what a route writes through reply.serializer(JSON.stringify).
    if (typeof payload === 'string' && payload !== '' && !reply.hasHeader('content-type')) reply.type('application/json; charset=utf-8');
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Greenline API', version: '0.1.0', description: 'Scope 3 and CBAM carbon accounting. Errors are application/problem+json.' },
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'A Greenline API key' } } },
      security: [{ apiKey: [] }],
    },
    // Problem+json errors, the statuses every route shares, documented forms (plugins/openapi-contract.ts).
    transform: openapiTransform,
    transformObject: openapiTransformObject,
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  // Caches: factor data for the broker, and whole GET responses (routes opt in with config.cache).
  const redis = deps.redis ?? null;
  const prefix = deps.cacheKeyPrefix ? { keyPrefix: deps.cacheKeyPrefix } : {};
  const factorCaches = createFactorCaches(redis, prefix);
  const responses = createCache<CachedResponse>(cacheOptionsFor('responses', redis, prefix));
  // API-key lookups stay in each process; Redis carries only their invalidations (src/cache/local-cache.ts).
  const apiKeyLookups = createApiKeyLookups(redis, deps.cacheKeyPrefix);
  app.addHook('onClose', () => Promise.all([factorCaches.close(), responses.close(), apiKeyLookups.close()]));
  // Serve only once this instance hears other instances' invalidations (a write elsewhere before
  // that would leave it serving the old value); with Redis down, start anyway after 2 s.
  app.addHook('onReady', async () => {
    await Promise.race([Promise.all([factorCaches.ready(), responses.ready(), apiKeyLookups.ready()]), new Promise((r) => setTimeout(r, 2_000).unref())]);
  });
  await app.register(responseCache, { cache: responses });
  // GET /metrics, and request metrics on every route; GREENLINE_METRICS=0 turns both off.
  const metricsEnabled = deps.config.metrics ?? true;
  await app.register(metricsPlugin, {
    metrics,
    driver: deps.driver,
    caches: () => [...factorCaches.caches(), responses, apiKeyLookups],
    enabled: metricsEnabled,
    // The counter follows the slow-query log's threshold; 0 (log off) keeps the counter's default.
    slowQueryMs: deps.config.slowQueryMs || undefined,
  });
  // N+1 detection per request and the slow-query log (plugins/n-plus-one.ts, docs/database-diagnostics.md).
  await app.register(nPlusOnePlugin, {
    driver: deps.driver,
    metrics,
    threshold: deps.config.nPlusOneThreshold,
    sample: deps.config.nPlusOneSample,
    slowQueryMs: deps.config.slowQueryMs,
  });
  // The live dashboard at /dashboard, on the same metrics (and off with them).
  await app.register(dashboardPlugin, { metrics, intervalMs: deps.config.dashboardIntervalMs ?? 2_000, enabled: metricsEnabled });

  // Big calculation batches are split with a worker thread on the other core (docs/calculations.md);
  // GREENLINE_CALC_THREADS=0, or a one-core machine, keeps them on this thread.
  const calculationHelper = (deps.config.calculationThreads ?? true) && availableParallelism() > 1 ? new CalculationHelper() : null;
  if (calculationHelper) app.addHook('onClose', () => calculationHelper.close());
  // POST /v1/suppliers/match matches on threads holding the tenants' matchers (docs/suppliers.md#speed), started at its first call.
  const matchThreads = deps.config.supplierMatchThreads ?? defaultSupplierMatchThreads();
  const supplierMatchThreads = matchThreads > 0 ? new SupplierMatchThreads(deps.driver, matchThreads) : null;
  if (supplierMatchThreads) app.addHook('onClose', () => supplierMatchThreads.close());

  // A finished batch changes suppliers' emission totals, which their cached answers include.
  runner.onFinished = (tenantId) => app.responseCache.invalidateTags(tenantId, ['suppliers']);
  // Batches an earlier server left unfinished resume once this one is ready; closing stops the
  // running ones between chunks, left `interrupted` (docs/ingest.md).
  app.addHook('onReady', async () => {
    runner.resumeUnfinished().then(
      ({ resumed, interrupted }) => {
        if (resumed.length + interrupted.length > 0) app.log.info({ resumed, interrupted }, 'unfinished batches found at start');
      },
      (err: unknown) => app.log.error({ err }, 'could not resume unfinished batches'),
    );
  });
  app.addHook('onClose', () => runner.stop());

  const routeDeps: RouteDeps = {
    driver: deps.driver,
    cursorSecret: deps.cursorSecret,
    factorCaches,
    calculationHelper,
    supplierMatchThreads,
    batchRunner: runner,
    apiKeyLookups,
  };
  healthRoutes(app, routeDeps);
  // Every write's audit entry, stored in batches off the request path; what waits is stored on close (docs/data-lifecycle.md).
  const auditLog = new AuditWriter(deps.driver, { onLost: (entries, err) => app.log.error({ err, audit: entries }, 'audit entries could not be stored') });
  app.decorate('auditLog', auditLog);
  app.addHook('onClose', () => auditLog.close());
  await app.register(
    async (v1) => {
      registerAuth(v1, { db: deps.driver, lookups: apiKeyLookups, log: (err) => app.log.warn({ err }, 'could not record an API key use') });
      // Per-key rate limits, then the upload slots: both after auth, both before the routes (docs/security.md#rate-limits).
      await registerRateLimit(v1, {
        perMinute: deps.config.rateLimitPerMinute ?? 0,
        redis,
        keyPrefix: `${deps.cacheKeyPrefix ?? 'greenline'}:ratelimit`,
        log: (err) => app.log.warn({ err }, 'rate limit: Redis failed, counting in this instance'),
      });
      registerUploadSlots(v1, { max: deps.config.uploadConcurrency ?? 0, routes: ['POST /v1/batches'] });
      factorRoutes(v1, routeDeps);
      supplierRoutes(v1, routeDeps);
      supplierMergeRoutes(v1, routeDeps);
      supplierReviewRoutes(v1, routeDeps);
      emissionRoutes(v1, routeDeps);
      calculationRoutes(v1, routeDeps);
      batchRoutes(v1, routeDeps);
      reportRoutes(v1, routeDeps);
      recalculationRoutes(v1, routeDeps);
      cbamRoutes(v1, routeDeps);
      // The LLM gateway (docs/intelligence.md); chat and embeddings answer 404 INTELLIGENCE_OFF without GREENLINE_LLM_BASE_URL.
      const gateway = intelligenceRoutes(v1, { driver: deps.driver, llm: deps.config.llm ?? null, redis, cacheKeyPrefix: deps.cacheKeyPrefix, metrics });
      classifyRoutes(v1, routeDeps, gateway);
      keyRoutes(v1, routeDeps);
      registerAuditTrail(v1, { actor: 'api_key', writer: auditLog });
      dataLifecycleRoutes(v1, routeDeps);
      auditRoutes(v1, routeDeps);
      profilingRoutes(v1, { enabled: deps.config.profiling ?? false });
      heapProfilingRoutes(v1, { enabled: deps.config.profiling ?? false });
    },
    { prefix: '/v1' },
  );
  const admin = deps.admin;
  if (admin)
    await app.register(
      async (scope) => {
        registerAuditTrail(scope, { actor: 'cli', writer: auditLog, db: deps.driver });
        adminRoutes(scope, routeDeps, admin);
        profilingRoutes(scope, { enabled: deps.config.profiling ?? false });
        heapProfilingRoutes(scope, { enabled: deps.config.profiling ?? false });
      },
      { prefix: '/admin' },
    );
  return app;
}
