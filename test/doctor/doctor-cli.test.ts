/**
 * `greenline doctor` as a user runs it, against a server with the real metrics, dashboard and
 * readiness routes over a real PostgreSQL database: a clean verdict, then a slow query and an
 * N+1 counted by the server turn into findings and exit 1 at --fail-on warn; an unreachable
 * --url exits 1 with the reason.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardPlugin } from '../../src/dashboard/plugin.ts';
import { metricsPlugin } from '../../src/http/plugins/metrics.ts';
import type { RouteDeps } from '../../src/http/routes/deps.ts';
import { healthRoutes } from '../../src/http/routes/health.ts';
import { nPlusOneMetrics } from '../../src/metrics/n-plus-one.ts';
import { createMetrics } from '../../src/metrics/registry.ts';
import type { SqlDriver } from '../../src/store/driver.ts';
import { migrate } from '../../src/store/migrate.ts';
import { openPostgres } from '../../src/store/postgres-driver.ts';
import { BIN } from '../support/cli-server.ts';
import { createTestDatabase, type TestDatabase, testPoolConfig } from '../support/databases.ts';
import { freePort } from '../support/free-port.ts';

const run = promisify(execFile);
let database: TestDatabase;
let driver: SqlDriver;
let app: FastifyInstance;
let url: string;
let home: string;
const metrics = createMetrics();

/** The doctor with this machine's settings pointing at the test database and no Redis. */
async function doctor(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: database.url, GREENLINE_DATA_DIR: join(home, 'data'), LOG_LEVEL: 'silent' };
  delete env.REDIS_URL;
  delete env.GREENLINE_URL;
  return run(process.execPath, [BIN, 'doctor', ...args], { env }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'greenline-doctor-'));
  database = await createTestDatabase('greenline_doctor');
  driver = await openPostgres(database.url, testPoolConfig);
  await migrate(driver);
  app = Fastify();
  await app.register(metricsPlugin, { metrics, driver, caches: () => [] });
  await app.register(dashboardPlugin, { metrics, intervalMs: 100 });
  healthRoutes(app, { driver } as unknown as RouteDeps);
  url = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await app?.close();
  await driver?.close();
  await database?.drop();
  rmSync(home, { recursive: true, force: true });
});

describe('greenline doctor', () => {
  it('checks this machine and the server; nothing to warn about exits 0', async () => {
    const { code, stdout } = await doctor('--url', url, '--sample', '0', '--fail-on', 'warn');
    expect(stdout).toContain('ok    migrations: schema current (local)');
    expect(stdout).toContain(`== server ${url}`);
    expect(stdout).toContain('ok    migrations: schema current (server)');
    expect(stdout).toContain('ok    n+1: no N+1 query pattern counted');
    expect(code).toBe(0);
  });

  it('reports a slow query and an N+1 the server counted, with --json, and exits 1 at --fail-on warn', async () => {
    metrics.db.slowQueries.inc({ query: 'select.emissions' }, 2);
    nPlusOneMetrics(metrics.registry).requests.inc({ route: 'GET /v1/planted', query: 'select.suppliers', fingerprint: 'f00d' }, 1);
    const { code, stdout } = await doctor('--url', url, '--sample', '0', '--fail-on', 'warn', '--json');
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as {
      worst: string;
      sections: Array<{ title: string; findings: Array<{ check: string; severity: string; evidence: string }> }>;
    };
    expect(report.worst).toBe('warn');
    expect(report.sections[1]!.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ check: 'slow queries', severity: 'warn', evidence: 'select.emissions ×2' }),
        expect.objectContaining({ check: 'n+1', severity: 'warn', evidence: 'GET /v1/planted ran select.suppliers (f00d) repeatedly in 1 requests' }),
      ]),
    );
    // Warnings alone pass the default --fail-on error.
    expect((await doctor('--url', url, '--sample', '0')).code).toBe(0);
  });

  it('exits 1 naming the reason when the --url server does not answer', async () => {
    const nobody = `http://127.0.0.1:${await freePort()}`;
    const { code, stdout } = await doctor('--url', nobody, '--sample', '0');
    expect(code).toBe(1);
    expect(stdout).toContain(`ERROR server: the server did not answer /readyz\n        evidence: GET ${nobody}/readyz: fetch failed: connect ECONNREFUSED`);
  });
});
