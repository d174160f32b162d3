import { describe, expect, it } from 'vitest';
import type { SqlDriver } from '../../src/store/driver.ts';
import { queryName, timedDriver } from '../../src/store/query-timing.ts';

describe('query names for the metrics label', () => {
  it('are the verb and the first table, whatever the rest of the statement', () => {
    expect(queryName('SELECT id FROM suppliers WHERE tenant_id = $1 AND id = ANY($2::text[])')).toBe('select.suppliers');
    expect(queryName('  select e.id from emissions e join calculation_parts p on true')).toBe('select.emissions');
    expect(queryName('INSERT INTO emission_rollups AS r (tenant_id) SELECT $1 FROM json_to_recordset($2::json) AS u(x int)')).toBe('insert.emission_rollups');
    expect(queryName('UPDATE batches SET state = $2 WHERE id = $1')).toBe('update.batches');
    expect(queryName('DELETE FROM batch_chunks WHERE batch_id = $1')).toBe('delete.batch_chunks');
    expect(queryName('WITH page AS (SELECT * FROM emissions) SELECT * FROM page')).toBe('with.emissions');
    expect(queryName('BEGIN')).toBe('begin');
    expect(queryName('SELECT 1')).toBe('select');
    expect(queryName('SELECT * FROM json_to_recordset($1::json) AS u(a int)')).toBe('select');
    expect(queryName('')).toBe('other');
  });
});

describe('timedDriver', () => {
  const fake = (fail = false): Omit<SqlDriver, 'observeQueries'> => ({
    kind: 'pglite',
    query: async () => {
      if (fail) throw new Error('boom');
      return { rows: [], rowCount: 0 };
    },
    copyIn: async () => 3,
    transaction: (fn) => fn({ query: async () => ({ rows: [], rowCount: 0 }), copyIn: async () => 1 }),
    stats: () => ({
      driver: 'pglite',
      total: 1,
      idle: 1,
      waiting: 0,
      max: 1,
      acquireCount: 0,
      acquireTimeouts: 0,
      acquireTimeTotalMs: 0,
      acquireTimeMaxMs: 0,
      validationFailures: 0,
    }),
    close: async () => {},
  });

  it('reports statements alone, in a transaction and COPYs, failed ones too, until the listener stops', async () => {
    const seen: Array<[string, boolean]> = [];
    const driver = timedDriver(fake());
    const stop = driver.observeQueries((name, seconds, failed) => {
      expect(seconds).toBeGreaterThanOrEqual(0);
      seen.push([name, failed]);
    });
    await driver.query('SELECT * FROM factors');
    await driver.copyIn('emissions', ['id'], 'x\n');
    await driver.transaction(async (tx) => {
      await tx.query('UPDATE batches SET state = 1');
      await tx.copyIn('batch_errors', ['id'], 'x\n');
    });
    const failing = timedDriver(fake(true));
    failing.observeQueries((name, _s, failed) => seen.push([name, failed]));
    await expect(failing.query('SELECT 1 FROM tenants')).rejects.toThrow('boom');
    stop();
    await driver.query('SELECT * FROM suppliers');
    expect(seen).toEqual([
      ['select.factors', false],
      ['copy.emissions', false],
      ['update.batches', false],
      ['copy.batch_errors', false],
      ['select.tenants', true],
    ]);
  });
});
