/**
 * A suite's database: opened and migrated before its tests (no cursor secret), closed after them.
 * Returns the driver's getter (the driver exists once beforeAll has run).
 */
import { afterAll, beforeAll } from 'vitest';
import { prepareDatabase } from '../../src/runtime.ts';
import type { SqlDriver } from '../../src/store/driver.ts';
import type { DriverFactory, DriverFixture } from './databases.ts';

export function usePreparedDriver(open: DriverFactory): () => SqlDriver {
  let fx: DriverFixture | undefined;
  beforeAll(async () => {
    fx = await open();
    await prepareDatabase(fx.driver, { cursorSecret: null });
  });
  afterAll(async () => {
    await fx?.close();
  });
  return () => {
    if (!fx) throw new Error('the suite’s database is opened in beforeAll');
    return fx.driver;
  };
}
