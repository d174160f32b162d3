/** Opens the driver the configuration asks for: node-postgres with DATABASE_URL, else PGlite. */
import type { Config } from '../config.ts';
import type { SqlDriver } from './driver.ts';

/** Only the chosen driver is loaded: PGlite's module alone takes much of a process's memory (docs/benchmarks.md, Design measurements). */
export async function openDriver(config: Pick<Config, 'databaseUrl' | 'dataDir' | 'memory' | 'pool'>): Promise<SqlDriver> {
  if (config.databaseUrl) return (await import('./postgres-driver.ts')).openPostgres(config.databaseUrl, config.pool);
  return (await import('./pglite-driver.ts')).openPglite({ dataDir: config.memory ? null : config.dataDir });
}
