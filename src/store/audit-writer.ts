/**
 * Buffers audit entries and appends them in batches, so recording a write costs the request no
 * query: an entry waits at most `flushMs` (or until `batchSize` are waiting), then one INSERT
 * stores them all. A failed insert keeps the entries and tries again (doubling the wait up to
 * `maxRetryMs`). `close()` stores whatever waits before the database goes; entries that cannot be
 * stored then, or that overflow `maxPending` during a long outage, go to `onLost` (the server logs
 * them in full at error level), so none vanishes silently. A crash (SIGKILL) loses at most the
 * entries of the last `flushMs` (docs/data-lifecycle.md).
 */
import { type AuditEntry, insertAuditEntries } from './audit-log.ts';
import { isTransientError, type SqlExecutor } from './driver.ts';

export interface AuditWriterOptions {
  /** Longest an entry waits before it is stored (default 250 ms). */
  flushMs?: number;
  /** Entries stored by one INSERT, and how many waiting start one at once (default 500). */
  batchSize?: number;
  /** Entries kept while the database refuses them; older ones beyond this go to `onLost` (default 50,000). */
  maxPending?: number;
  /** Longest wait between retries of a failed insert (default 5 s). */
  maxRetryMs?: number;
  /** Entries that could not be stored, and why. */
  onLost?: (entries: AuditEntry[], err: unknown) => void;
}

export class AuditWriter {
  private pending: AuditEntry[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private retryMs = 0;
  private closed = false;
  private readonly flushMs: number;
  private readonly batchSize: number;
  private readonly maxPending: number;
  private readonly maxRetryMs: number;

  constructor(
    private readonly db: SqlExecutor,
    private readonly options: AuditWriterOptions = {},
  ) {
    this.flushMs = options.flushMs ?? 250;
    this.batchSize = options.batchSize ?? 500;
    this.maxPending = options.maxPending ?? 50_000;
    this.maxRetryMs = options.maxRetryMs ?? 5_000;
  }

  /** Entries recorded and not yet stored. */
  get size(): number {
    return this.pending.length;
  }

  /** Queues an entry; never throws and never waits. */
  record(entry: AuditEntry): void {
    if (this.closed) {
      this.options.onLost?.([entry], new Error('audit log closed'));
      return;
    }
    this.pending.push(entry);
    // Not while a flush is storing the oldest entries: it removes them by position when it is done.
    if (this.pending.length > this.maxPending && !this.flushing) {
      const dropped = this.pending.splice(0, this.pending.length - this.maxPending);
      this.options.onLost?.(dropped, new Error(`more than ${this.maxPending} audit entries waiting for the database`));
    }
    // A flush under way takes whatever arrives meanwhile (it loops until nothing waits).
    if (this.pending.length >= this.batchSize && this.retryMs === 0 && !this.flushing) void this.flush().catch(() => {});
    else this.schedule(this.retryMs || this.flushMs);
  }

  /** Stores every entry waiting now; rejects if the database refused them (they stay queued). */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing.catch(() => {});
    if (this.pending.length === 0) return;
    this.flushing = this.drain();
    try {
      await this.flushing;
    } finally {
      this.flushing = null;
    }
  }

  /** Stores what waits and stops taking entries; what cannot be stored goes to `onLost`. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    try {
      await this.flush();
    } catch (err) {
      const lost = this.pending;
      this.pending = [];
      this.options.onLost?.(lost, err);
    }
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.slice(0, this.batchSize);
      try {
        try {
          await insertAuditEntries(this.db, batch);
          this.pending.splice(0, batch.length);
        } catch (err) {
          if (isTransientError(err)) throw err;
          // The database refused the entries themselves: store them one by one, and hand over those it refuses.
          for (const entry of batch) {
            try {
              await insertAuditEntries(this.db, [entry]);
            } catch (one) {
              if (isTransientError(one)) throw one;
              this.options.onLost?.([entry], one);
            }
            this.pending.shift();
          }
        }
      } catch (err) {
        // Kept, in order, for the next try; the wait grows while the database stays away.
        this.retryMs = Math.min(this.maxRetryMs, Math.max(this.flushMs, this.retryMs * 2));
        if (!this.closed) this.schedule(this.retryMs);
        throw err;
      }
      this.retryMs = 0;
    }
  }

  private schedule(ms: number): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush().catch(() => {});
    }, ms);
    this.timer.unref();
  }
}
