/**
 * Opening Greenline's storage for any entry point (server, CLI, tests): connect the configured
 * driver, bring the schema up to date, load the built-in factors, and read the installation's
 * cursor secret. Idempotent: running it on every start costs a few queries.
 */
import type { Config } from './config.ts';
import { builtinDatasets } from './domain/factors/builtin.ts';
import type { SqlDriver } from './store/driver.ts';
import { importDataset } from './store/factors.ts';
import { migrate } from './store/migrate.ts';
import { openDriver } from './store/open.ts';
import { installationSecret } from './store/settings.ts';

export interface Runtime {
  driver: SqlDriver;
  cursorSecret: string;
  migrationsApplied: number[];
}

export async function prepareDatabase(driver: SqlDriver, config: Pick<Config, 'cursorSecret'>): Promise<Runtime> {
  const { applied } = await migrate(driver);
  for (const dataset of builtinDatasets) await importDataset(driver, dataset);
  const cursorSecret = config.cursorSecret ?? (await installationSecret(driver, 'cursor_secret'));
  return { driver, cursorSecret, migrationsApplied: applied };
}

export async function openRuntime(config: Config): Promise<Runtime> {
  const driver = await openDriver(config);
  try {
    return await prepareDatabase(driver, config);
  } catch (err) {
    await driver.close().catch(() => {});
    throw err;
  }
}
