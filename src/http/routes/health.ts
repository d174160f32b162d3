/** Liveness (the process answers) and readiness (database reachable, schema current). */
import type { FastifyInstance } from 'fastify';
import { appliedVersion, latestVersion } from '../../store/migrate.ts';
import type { RouteDeps } from './deps.ts';

/** /readyz answers 503 after this when the database does not (a frozen server): within 1 s, so a probe never hangs. */
export const READINESS_TIMEOUT_MS = 750;

/** The query's answer, or a rejection once `ms` pass; the query itself is left to its own timeout. */
function within<T>(ms: number, query: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the database did not answer within ${ms} ms`)), ms);
  });
  query.catch(() => {}); // abandoned on timeout: its later failure is nobody's business
  return Promise.race([query, late]).finally(() => clearTimeout(timer));
}

export function healthRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { driver } = deps;
  // Probes hit these every few seconds: their requests are logged at warn level and above only.
  app.get('/healthz', { schema: { hide: true }, logLevel: 'warn' }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true }, logLevel: 'warn' }, async (_request, reply) => {
    const expected = latestVersion();
    try {
      const applied = await within(READINESS_TIMEOUT_MS, appliedVersion(driver));
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
