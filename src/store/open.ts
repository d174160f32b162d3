/** Opens the driver the configuration asks for: node-postgres with DATABASE_URL, else PGlite. */
import type { Config } from '../config.ts';
import type { SqlDriver } from './driver.ts';
import { openPglite } from './pglite-driver.ts';
import { openPostgres } from './postgres-driver.ts';

export async function openDriver(config: Pick<Config, 'databaseUrl' | 'dataDir' | 'memory' | 'pool'>): Promise<SqlDriver> {
  if (config.databaseUrl) return openPostgres(config.databaseUrl, config.pool);
  return openPglite({ dataDir: config.memory ? null : config.dataDir });
}
