import { describe, expect, it } from 'vitest';
import { ChunkSizer } from '../../src/ingest/chunk-sizer.ts';
import { backoffMs, withRetry } from '../../src/ingest/retry.ts';
import { isTransientError, StoreError } from '../../src/store/driver.ts';

describe('adaptive chunk size', () => {
  it('grows ×1.5 while rows/s grows, stops at the maximum', () => {
    const s = new ChunkSizer({ initial: 1_000, min: 250, max: 2_500 });
    s.observe(1_000, 100); // 10 rows/ms
    expect(s.size).toBe(1_500);
    s.observe(1_500, 120); // 12.5 rows/ms: better by > 5%
    expect(s.size).toBe(2_250);
    s.observe(2_250, 150); // 15 rows/ms
    expect(s.size).toBe(2_500);
  });

  it('keeps its size when throughput is flat, halves on a latency spike, never below the minimum', () => {
    const s = new ChunkSizer({ initial: 1_000, min: 400, max: 2_500 });
    s.observe(1_000, 100);
    expect(s.size).toBe(1_500);
    s.observe(1_500, 150); // same 10 rows/ms
    expect(s.size).toBe(1_500);
    s.observe(1_500, 600); // 0.4 ms per row against an average of ~0.1: a spike
    expect(s.size).toBe(750);
    s.observe(750, 2_000); // another spike
    expect(s.size).toBe(400);
    expect(s.history).toEqual([1_000, 1_500, 1_500, 750]);
  });

  it('refuses bounds that cannot hold', () => {
    expect(() => new ChunkSizer({ initial: 100, min: 200, max: 300 })).toThrow(/min ≤ initial ≤ max/);
  });
});

describe('retries', () => {
  const policy = { attempts: 4, baseMs: 100, maxMs: 250 };

  it('waits a uniform random time up to min(max, base × 2^(attempt − 1)) (full jitter)', () => {
    expect(backoffMs(1, policy, () => 0.999)).toBe(99);
    expect(backoffMs(2, policy, () => 0.5)).toBe(100);
    expect(backoffMs(3, policy, () => 0.999)).toBe(249); // capped at 250
    expect(backoffMs(3, policy, () => 0)).toBe(0);
  });

  it('retries transient errors up to the attempt limit, and never a permanent one', async () => {
    let calls = 0;
    const transient = Object.assign(new Error('connection reset'), { transient: true });
    const fast = { attempts: 3, baseMs: 1, maxMs: 2 };
    await expect(
      withRetry(
        async () => {
          calls++;
          throw transient;
        },
        (e) => (e as { transient?: boolean }).transient === true,
        fast,
      ),
    ).rejects.toBe(transient);
    expect(calls).toBe(3);
    calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw new Error('duplicate key');
        },
        () => false,
        fast,
      ),
    ).rejects.toThrow('duplicate key');
    expect(calls).toBe(1);
    calls = 0;
    const retried: number[] = [];
    const value = await withRetry(
      async () => {
        if (++calls < 3) throw transient;
        return 'ok';
      },
      () => true,
      fast,
      (_e, attempt) => retried.push(attempt),
    );
    expect(value).toBe('ok');
    expect(retried).toEqual([1, 2]);
  });
});

describe('which database errors are worth retrying', () => {
  it('retries lost connections, exhausted pools, serialization failures and deadlocks; not bad data', () => {
    expect(isTransientError(new StoreError('POOL_TIMEOUT', 'no connection within 5 s'))).toBe(true);
    expect(isTransientError(Object.assign(new Error('could not serialize access'), { code: '40001' }))).toBe(true);
    expect(isTransientError(Object.assign(new Error('deadlock detected'), { code: '40P01' }))).toBe(true);
    expect(isTransientError(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isTransientError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isTransientError(Object.assign(new Error('duplicate key value'), { code: '23505' }))).toBe(false);
    expect(isTransientError(new StoreError('INVALID_INPUT', 'bad'))).toBe(false);
  });
});
