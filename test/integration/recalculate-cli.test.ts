/**
 * `greenline recalculate` as a user runs it, a real process on a real PostgreSQL: it recalculates
 * what an import changed, prints the recalculation as JSON, and names the flag at fault.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calculateAndStore } from '../../src/calculate/calculate-records.ts';
import { prepareDatabase } from '../../src/runtime.ts';
import type { SqlDriver } from '../../src/store/driver.ts';
import { createTenantFactor } from '../../src/store/factors.ts';
import { openPostgres } from '../../src/store/postgres-driver.ts';
import { ensureTenant } from '../../src/store/tenants.ts';
import { createTestDatabase, type TestDatabase, testPoolConfig } from '../support/databases.ts';

const run = promisify(execFile);
const BIN = resolve(import.meta.dirname, '../../bin/greenline.js');

describe('greenline recalculate (PostgreSQL)', () => {
  let database: TestDatabase;
  let driver: SqlDriver;
  let id: string;
  const cli = (...args: string[]) =>
    run(process.execPath, [BIN, 'recalculate', '--tenant', 'cli', ...args], { env: { ...process.env, DATABASE_URL: database.url, REDIS_URL: '' } });

  beforeAll(async () => {
    database = await createTestDatabase('greenline_recalc_cli');
    driver = await openPostgres(database.url, { ...testPoolConfig, max: 2 });
    await prepareDatabase(driver, { cursorSecret: null });
    const tenant = await ensureTenant(driver, 'cli');
    const [out] = await calculateAndStore(driver, tenant.id, [
      { category: 4, date: '2024-03-01', mode: 'road.truck_heavy', distance: 500, distance_unit: 'km', mass: 12, mass_unit: 't' },
    ]);
    if (!out?.ok) throw new Error('the record should calculate');
    id = out.id;
    await createTenantFactor(driver, tenant.id, { activity: 'transport.road.truck_heavy', name: 'Own fleet', value: 0.0625, unit: 'kgCO2e/tkm', year: 2024 });
  });
  afterAll(async () => {
    await driver?.close();
    await database?.drop();
  });

  it('recalculates and prints the recalculation as JSON', async () => {
    const { stdout } = await cli('--dataset', 'builtin', '--json');
    const rc = JSON.parse(stdout);
    expect(rc).toMatchObject({ state: 'succeeded', selected: 1, recalculated: 1, unchanged: 0, failed: 0, kg_co2e: { before: 372, after: 375 } });
    expect(rc.datasets).toEqual([
      {
        before: { source: 'Greenline built-in defaults', dataset_version: '2026.1' },
        after: { source: 'Tenant factors', dataset_version: 'tenant' },
        results: 1,
      },
    ]);
    const old = await driver.query<{ superseded_by: string; superseded_in: string }>('SELECT superseded_by, superseded_in FROM emissions WHERE id = $1', [id]);
    expect(old.rows[0]?.superseded_in).toBe(rc.id);
    const again = await cli('--all');
    expect(again.stdout).toMatch(/succeeded: 1 results selected, 0 recalculated, 1 unchanged, 0 failed/);
  });

  it('names the flag at fault and exits 1', async () => {
    for (const [args, message] of [
      [['--from', '2024-02-30'], /--from: is not a date/],
      [['--dataset', 'No such data set'], /--dataset: no data set No such data set/],
      [[], /say what to recalculate/],
      [['--all', '--batch', 'bat_x'], /--all recalculates every result/],
    ] as const) {
      const failed = await cli(...args).then(
        () => null,
        (err: { code: number; stderr: string }) => err,
      );
      expect(failed?.code, args.join(' ')).toBe(1);
      expect(failed?.stderr).toMatch(message);
    }
  });
});
