/**
 * The Fastify application: validation, problem+json errors, OpenAPI, health, and the /v1 API
 * behind API-key auth. Built from its dependencies so tests and the CLI assemble it the same way.
 */
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';
import { BatchRunner } from '../ingest/batch-runner.ts';
import { DEFAULT_SETTINGS } from '../store/calculations.ts';
import type { SqlDriver } from '../store/driver.ts';
import { registerAuth } from './plugins/auth.ts';
import { registerErrorHandling } from './plugins/errors.ts';
import { validatorCompiler } from './plugins/validation.ts';
import { batchRoutes } from './routes/batches.ts';
import { calculationRoutes } from './routes/calculations.ts';
import { factorRoutes } from './routes/factors.ts';
import { healthRoutes } from './routes/health.ts';
import { supplierRoutes } from './routes/suppliers.ts';

export interface AppDeps {
  driver: SqlDriver;
  config: Pick<Config, 'bodyLimitBytes' | 'logLevel'>;
  cursorSecret: string;
  /** false in tests; a pino options object or true in the server. */
  logger?: boolean | object;
  /** Runs uploaded batches; by default in this process, uploads kept in the OS temp directory. */
  runner?: BatchRunner;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const runner =
    deps.runner ??
    new BatchRunner(deps.driver, { uploadDir: join(tmpdir(), 'greenline-uploads'), uploadLimitBytes: 2 * 1024 ** 3, redisUrl: null, settings: DEFAULT_SETTINGS });
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

  healthRoutes(app, deps.driver);
  await app.register(
    async (v1) => {
      registerAuth(v1, deps.driver);
      factorRoutes(v1, deps.driver, deps.cursorSecret);
      supplierRoutes(v1, deps.driver);
      calculationRoutes(v1, deps.driver);
      batchRoutes(v1, deps.driver, runner);
    },
    { prefix: '/v1' },
  );
  return app;
}
