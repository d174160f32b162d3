/**
 * The audit log's buffered writer against a real (embedded) database, with faults injected
 * between it and the database: entries are stored in batches of `batchSize` or after `flushMs`;
 * a transient failure keeps them, in order, and a retry stores each exactly once; an entry the
 * database refuses goes to `onLost` without holding back the others; `close()` stores what waits,
 * and hands what it cannot store to `onLost`; a long outage hands over the oldest beyond
 * `maxPending` — nothing is dropped silently.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/store/audit-log.ts';
import { AuditWriter } from '../../src/store/audit-writer.ts';
import type { QueryResult, SqlExecutor } from '../../src/store/driver.ts';
import { migrate } from '../../src/store/migrate.ts';
import { type DriverFixture, pgliteFactory } from '../support/databases.ts';

let fx: DriverFixture;

const entry = (n: number, summary: Record<string, unknown> = {}): AuditEntry => ({
  tenantId: 'ten_writer',
  at: new Date(1_700_000_000_000 + n),
  actor: 'api_key',
  keyId: 'key_writer',
  method: 'POST',
  route: '/v1/suppliers',
  status: 201,
  resourceType: 'supplier',
  resourceId: `sup_${n}`,
  summary,
  requestId: `req-${n}`,
});

/** The real database, with inserts counted and made to fail on demand. */
function faulty() {
  const state = { inserts: 0, transientFailures: 0, refuse: (_params: unknown) => false };
  const db: SqlExecutor = {
    async query<R>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
      if (sql.includes('INSERT INTO audit_log')) {
        state.inserts++;
        if (state.transientFailures > 0) {
          state.transientFailures--;
          throw Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
        }
        if (state.refuse(params?.[0])) throw Object.assign(new Error('invalid input syntax'), { code: '22P02' });
      }
      return fx.driver.query<R>(sql, params);
    },
    copyIn: (table, columns, rows) => fx.driver.copyIn(table, columns, rows),
  };
  return { db, state };
}

const stored = async () => (await fx.driver.query<{ request_id: string }>('SELECT request_id FROM audit_log ORDER BY seq')).rows.map((r) => r.request_id);
const until = async (check: () => Promise<boolean>) => {
  for (let i = 0; i < 200 && !(await check()); i++) await new Promise((r) => setTimeout(r, 10));
};

beforeAll(async () => {
  fx = await pgliteFactory();
  await migrate(fx.driver);
});
afterAll(async () => {
  await fx?.close();
});
beforeEach(async () => {
  // A fresh table for each case (the real one refuses DELETE and TRUNCATE, as it should).
  await fx.driver.query('ALTER TABLE audit_log RENAME TO audit_log_done');
  await fx.driver.query('CREATE TABLE audit_log (LIKE audit_log_done INCLUDING ALL)');
  await fx.driver.query('DROP TABLE audit_log_done');
});

describe('AuditWriter', () => {
  it('stores entries in batches, without a query per entry, and on its own after flushMs', async () => {
    const { db, state } = faulty();
    const writer = new AuditWriter(db, { batchSize: 500, flushMs: 20 });
    for (let i = 0; i < 1_200; i++) writer.record(entry(i));
    await writer.flush();
    expect(state.inserts).toBe(3);
    expect((await stored()).length).toBe(1_200);
    writer.record(entry(5_000));
    await until(async () => writer.size === 0);
    expect(state.inserts).toBe(4);
    expect((await stored()).at(-1)).toBe('req-5000');
    await writer.close();
  });

  it('keeps entries through a transient failure and stores each once, in order', async () => {
    const { db, state } = faulty();
    const writer = new AuditWriter(db, { batchSize: 10, flushMs: 5, maxRetryMs: 20 });
    state.transientFailures = 3;
    for (let i = 0; i < 25; i++) writer.record(entry(i));
    await expect(writer.flush()).rejects.toThrow(/administrator command/);
    expect(writer.size).toBe(25);
    await until(async () => writer.size === 0);
    expect(await stored()).toEqual(Array.from({ length: 25 }, (_, i) => `req-${i}`));
    await writer.close();
  });

  it('hands an entry the database refuses to onLost and stores the rest', async () => {
    const { db, state } = faulty();
    const lost: AuditEntry[] = [];
    const writer = new AuditWriter(db, { onLost: (entries) => lost.push(...entries) });
    state.refuse = (params) => typeof params === 'string' && params.includes('poison');
    writer.record(entry(1));
    writer.record(entry(2, { note: 'poison' }));
    writer.record(entry(3, { note: 'NUL \u0000 in a summary is stored' }));
    await writer.flush();
    expect(lost.map((e) => e.requestId)).toEqual(['req-2']);
    expect(await stored()).toEqual(['req-1', 'req-3']);
    await writer.close();
  });

  it('stores what waits on close, and hands over what it cannot store', async () => {
    const { db, state } = faulty();
    const lost: AuditEntry[] = [];
    const writer = new AuditWriter(db, { flushMs: 60_000, onLost: (entries) => lost.push(...entries) });
    writer.record(entry(1));
    writer.record(entry(2));
    await writer.close();
    expect(await stored()).toEqual(['req-1', 'req-2']);
    writer.record(entry(3));
    expect(lost.map((e) => e.requestId)).toEqual(['req-3']);

    const down = new AuditWriter(db, { flushMs: 60_000, onLost: (entries) => lost.push(...entries) });
    down.record(entry(4));
    state.transientFailures = 1;
    await down.close();
    expect(lost.map((e) => e.requestId)).toEqual(['req-3', 'req-4']);
  });

  it('hands over the oldest entries beyond maxPending during an outage', async () => {
    const { db, state } = faulty();
    const lost: AuditEntry[] = [];
    const writer = new AuditWriter(db, { maxPending: 3, flushMs: 60_000, onLost: (entries) => lost.push(...entries) });
    state.transientFailures = 100;
    for (let i = 0; i < 5; i++) writer.record(entry(i));
    expect(lost.map((e) => e.requestId)).toEqual(['req-0', 'req-1']);
    state.transientFailures = 0;
    await writer.close();
    expect(await stored()).toEqual(['req-2', 'req-3', 'req-4']);
  });
});
