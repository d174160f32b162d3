/**
 * The ledger and the budgets. Every call's row is queued and written in batches off the request
 * path (a flush every FLUSH_MS, or at once past MAX_BATCH rows, and on close). The month's spend a
 * budget is checked against is the database's sum, read again every REFRESH_MS (so other
 * instances' calls count within that), plus this instance's rows not yet written, plus the
 * estimates of its calls in flight (reserved before a call, settled with its real cost after):
 * on one instance concurrent calls cannot overshoot a budget together. Flushes and reloads of the
 * sum run one at a time, so a row is never counted twice or missed between them.
 */
import type { SqlDriver } from '../store/driver.ts';
import { insertLedgerEntries, type LedgerEntry, spendSinceNanos } from '../store/intelligence-ledger.ts';

export const FLUSH_MS = 50;
export const MAX_BATCH = 500;
export const REFRESH_MS = 2_000;
/** Rows kept while the database cannot take them; past this the oldest are dropped (and logged). */
export const MAX_UNWRITTEN = 20_000;

interface TenantSpend {
  month: string;
  dbNanos: number;
  loadedAt: number;
  loading: Promise<void> | null;
  unflushedNanos: number;
  reservedNanos: number;
  budgetNanos: number | null;
  /** Fractions of the budget that raise an alert. */
  thresholds: readonly number[];
  /** Alert thresholds already crossed this month. */
  alerted: Set<number>;
}

export interface Reservation {
  readonly tenantId: string;
  readonly nanos: number;
  settled: boolean;
}

export type BudgetCheck =
  | { ok: true; reservation: Reservation }
  | { ok: false; spentNanos: number; budgetNanos: number; estimateNanos: number; resetsAt: Date };

export interface LedgerOptions {
  clock?: () => number;
  /** A batch could not be written (it is kept and retried), or rows were dropped. */
  onError?: (message: string, err: unknown) => void;
  /** A tenant's spend crossed an alert threshold this month. */
  onAlert?: (tenantId: string, threshold: number, spentNanos: number, budgetNanos: number) => void;
}

export const monthOf = (ms: number) => new Date(ms).toISOString().slice(0, 7);

/** The first instant of the UTC month `ms` is in, and of the next. */
export function monthBounds(ms: number): { start: Date; end: Date } {
  const d = new Date(ms);
  return { start: new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)), end: new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)) };
}

export class Ledger {
  readonly #db: SqlDriver;
  readonly #clock: () => number;
  readonly #onError: NonNullable<LedgerOptions['onError']>;
  readonly #onAlert: NonNullable<LedgerOptions['onAlert']>;
  #pending: LedgerEntry[] = [];
  #timer: NodeJS.Timeout | null = null;
  /** Flushes and spend reloads, one at a time. */
  #queue: Promise<unknown> = Promise.resolve();
  readonly #spend = new Map<string, TenantSpend>();

  constructor(db: SqlDriver, options: LedgerOptions = {}) {
    this.#db = db;
    this.#clock = options.clock ?? Date.now;
    this.#onError = options.onError ?? (() => {});
    this.#onAlert = options.onAlert ?? (() => {});
  }

  /** Queues a call's row; its cost counts toward the month's spend at once. */
  record(entry: LedgerEntry): void {
    this.#pending.push(entry);
    const state = this.#spend.get(entry.tenantId);
    if (state && state.month === monthOf(entry.at.getTime())) {
      state.unflushedNanos += entry.costNanos;
      this.#checkAlerts(entry.tenantId, state);
    }
    if (this.#pending.length >= MAX_BATCH) void this.flush();
    else this.#timer ??= setTimeout(() => void this.flush(), FLUSH_MS);
  }

  /** Writes every queued row; resolves when they are stored (or kept for a retry after an error). */
  flush(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    return this.#enqueue(async () => {
      const batch = this.#pending;
      if (batch.length === 0) return;
      this.#pending = [];
      try {
        for (let i = 0; i < batch.length; i += MAX_BATCH) await insertLedgerEntries(this.#db, batch.slice(i, i + MAX_BATCH));
      } catch (err) {
        this.#pending = [...batch, ...this.#pending];
        const dropped = this.#pending.length - MAX_UNWRITTEN;
        if (dropped > 0) this.#pending.splice(0, dropped);
        this.#onError(
          dropped > 0 ? `could not write the intelligence ledger; ${dropped} rows dropped` : 'could not write the intelligence ledger; rows kept for a retry',
          err,
        );
        this.#timer ??= setTimeout(() => void this.flush(), 1_000);
        return;
      }
      for (const entry of batch) {
        const state = this.#spend.get(entry.tenantId);
        if (state && state.month === monthOf(entry.at.getTime())) {
          state.unflushedNanos -= entry.costNanos;
          state.dbNanos += entry.costNanos;
        }
      }
    });
  }

  /**
   * Reserves `estimateNanos` of the tenant's monthly budget for a call, or says why not. Without
   * a budget the reservation only counts the call in flight.
   */
  async reserve(tenantId: string, budget: { nanos: number | null; alertThresholds: readonly number[] }, estimateNanos: number): Promise<BudgetCheck> {
    const state = await this.#fresh(tenantId);
    const budgetNanos = budget.nanos;
    state.budgetNanos = budgetNanos;
    state.thresholds = budget.alertThresholds;
    const spent = state.dbNanos + state.unflushedNanos + state.reservedNanos;
    if (budgetNanos !== null && spent + estimateNanos > budgetNanos) {
      return { ok: false, spentNanos: spent, budgetNanos, estimateNanos, resetsAt: monthBounds(this.#clock()).end };
    }
    state.reservedNanos += estimateNanos;
    return { ok: true, reservation: { tenantId, nanos: estimateNanos, settled: false } };
  }

  /** Ends a reservation: the call's real cost arrives with its ledger row (record). */
  release(reservation: Reservation): void {
    if (reservation.settled) return;
    reservation.settled = true;
    const state = this.#spend.get(reservation.tenantId);
    if (state) state.reservedNanos = Math.max(0, state.reservedNanos - reservation.nanos);
  }

  /** Month-to-date spend (nano-USD) as this instance knows it, for answers and metrics. */
  async spentNanos(tenantId: string): Promise<number> {
    const state = await this.#fresh(tenantId);
    return state.dbNanos + state.unflushedNanos;
  }

  /** Every tenant this instance has seen this month, for the budget metrics. */
  readings(): { tenant: string; spendNanos: number; budgetNanos: number | null }[] {
    const month = monthOf(this.#clock());
    return [...this.#spend]
      .filter(([, s]) => s.month === month)
      .map(([tenant, s]) => ({ tenant, spendNanos: s.dbNanos + s.unflushedNanos, budgetNanos: s.budgetNanos }));
  }

  async close(): Promise<void> {
    await this.flush();
    await this.#queue;
  }

  #enqueue<T>(job: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(job, job);
    this.#queue = run.catch(() => {});
    return run;
  }

  /** The tenant's state for this month, reloaded from the database when older than REFRESH_MS. */
  async #fresh(tenantId: string): Promise<TenantSpend> {
    const now = this.#clock();
    const month = monthOf(now);
    let state = this.#spend.get(tenantId);
    if (!state || state.month !== month) {
      state = {
        month,
        dbNanos: 0,
        loadedAt: Number.NEGATIVE_INFINITY,
        loading: null,
        unflushedNanos: 0,
        reservedNanos: 0,
        budgetNanos: state?.budgetNanos ?? null,
        thresholds: state?.thresholds ?? [],
        alerted: new Set(),
      };
      // Rows of this month still queued count as unwritten.
      for (const e of this.#pending) if (e.tenantId === tenantId && monthOf(e.at.getTime()) === month) state.unflushedNanos += e.costNanos;
      this.#spend.set(tenantId, state);
    }
    if (now - state.loadedAt >= REFRESH_MS) {
      const s = state;
      s.loading ??= this.#enqueue(async () => {
        s.dbNanos = await spendSinceNanos(this.#db, tenantId, monthBounds(now).start);
        s.loadedAt = this.#clock();
      }).finally(() => {
        s.loading = null;
      });
      // The first load of the month is waited for; later ones refresh in the background (the sum is at most REFRESH_MS old plus one query).
      if (s.loadedAt === Number.NEGATIVE_INFINITY) await s.loading;
      else s.loading.catch((err: unknown) => this.#onError('could not read the month’s spend; the last one read is used', err));
    }
    return state;
  }

  #checkAlerts(tenantId: string, state: TenantSpend): void {
    if (state.budgetNanos === null || state.budgetNanos <= 0) return;
    const spent = state.dbNanos + state.unflushedNanos;
    for (const threshold of state.thresholds) {
      if (!state.alerted.has(threshold) && spent >= threshold * state.budgetNanos) {
        state.alerted.add(threshold);
        this.#onAlert(tenantId, threshold, spent, state.budgetNanos);
      }
    }
  }
}
