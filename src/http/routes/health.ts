/** Liveness (the process answers) and readiness (database reachable, schema current). */
import type { FastifyInstance } from 'fastify';
import { appliedVersion, latestVersion } from '../../store/migrate.ts';
import type { RouteDeps } from './deps.ts';

export function healthRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { driver } = deps;
  // Probes hit these every few seconds: their requests are logged at warn level and above only.
  app.get('/healthz', { schema: { hide: true }, logLevel: 'warn' }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true }, logLevel: 'warn' }, async (_request, reply) => {
    const expected = latestVersion();
    try {
      const applied = await appliedVersion(driver);
      const ready = applied === expected;
      return reply.status(ready ? 200 : 503).send({
        status: ready ? 'ready' : 'not_ready',
        database: { driver: driver.kind, reachable: true },
        migrations: { applied, expected },
      });
    } catch (err) {
      return reply.status(503).send({
        status: 'not_ready',
        database: { driver: driver.kind, reachable: false, error: (err as Error).message },
        migrations: { applied: null, expected },
      });
    }
  });
}
