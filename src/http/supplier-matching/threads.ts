/**
 * POST /v1/suppliers/match on worker threads. A tenant's matcher over a million suppliers is some
 * 700 MB of small objects; on the request thread every young-generation collection then took
 * ~3.4 ms instead of ~0.6 (docs/suppliers.md#speed), and matching blocked every other request.
 * Here each thread holds its own matchers, built from rows this thread reads (the database stays on
 * this thread, PGlite included), and a call's names are split across the threads. The threads run
 * the same TenantSupplierMatcher as ingest does in process, so the answers are the same
 * (test/http/supplier-matching-threads.test.ts).
 */
import { Worker } from 'node:worker_threads';
import type { SupplierMention } from '../../domain/suppliers/match.ts';
import type { SqlExecutor } from '../../store/driver.ts';
import { loadMatcherInput, type MatcherInput } from '../../store/supplier-index-cache.ts';
import type { MatchAnswer } from './answer-json.ts';
import type { FromMatchThread, ToMatchThread } from './thread-messages.ts';

const ENTRY = new URL('./thread-entry.mjs', import.meta.url);

/** A call is split across the threads only in parts of at least this many names (a part costs a message each way). */
const MIN_PART = 256;

/** The messages a thread answers (each carries the id of its answer), and each of them without the id, as `ask` takes it. */
type Asked = Exclude<ToMatchThread, { kind: 'drop' } | { kind: 'close' }>;
type Unasked<M> = M extends { id: number } ? Omit<M, 'id'> : never;

class NotHeld extends Error {}

/** One thread, the tenants it holds (tenant → version, newest use last) and the names it has yet to answer. */
class MatchThread {
  readonly held = new Map<string, { version: bigint; built: Promise<void> }>();
  /** Names sent and not answered yet: a single name goes to the least busy thread. */
  pending = 0;
  failure: Error | null = null;
  private readonly worker = new Worker(ENTRY);
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: (m: FromMatchThread) => void; reject: (e: Error) => void }>();
  private readonly exited: Promise<void>;

  constructor() {
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.on('message', (m: FromMatchThread) => {
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (!w) return;
      if (m.kind === 'failed') w.reject(m.notHeld ? new NotHeld(m.message) : new Error(`supplier match thread: ${m.message}`));
      else w.resolve(m);
    });
    const fail = (err: Error) => {
      this.failure ??= err;
      for (const w of this.waiting.values()) w.reject(err);
      this.waiting.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`the supplier match thread stopped (exit code ${code})`)));
    // Not kept alive for its own sake: a process with nothing else to do may end.
    this.worker.unref();
  }

  ask(m: Unasked<Asked>): Promise<FromMatchThread> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ ...m, id } as Asked);
    });
  }

  tell(m: Extract<ToMatchThread, { kind: 'drop' } | { kind: 'close' }>): void {
    if (!this.failure) this.worker.postMessage(m);
  }

  /** Ends the thread: asked to end on its own, stopped outright after a second. */
  async close(): Promise<void> {
    this.tell({ kind: 'close' });
    this.failure ??= new Error('the supplier match thread was closed');
    const timer = setTimeout(() => void this.worker.terminate(), 1000);
    await this.exited;
    clearTimeout(timer);
  }
}

export interface SupplierMatchThreadsOptions {
  /** Tenants whose matchers each thread keeps; the least recently used goes first (default 16). */
  maxTenants?: number;
}

export class SupplierMatchThreads {
  private threads: MatchThread[] = [];
  private readonly maxTenants: number;
  private closed = false;
  /** Matchers built on the threads since this was made (one per thread and tenant version). */
  builds = 0;

  constructor(
    private readonly db: SqlExecutor,
    readonly count: number,
    options: SupplierMatchThreadsOptions = {},
  ) {
    if (!(count >= 1)) throw new Error(`supplier match threads: count must be at least 1, got ${count}`);
    this.maxTenants = options.maxTenants ?? 16;
  }

  /**
   * The mentions matched with the tenant's matcher of `version` or newer, in order: split in contiguous
   * parts over the threads (one part for a small call, to the least busy thread).
   */
  async matchNamed(tenantId: string, version: string, mentions: readonly SupplierMention[], autoMatchThreshold: number): Promise<MatchAnswer[]> {
    if (mentions.length === 0) return [];
    const threads = this.running();
    const parts = Math.max(1, Math.min(threads.length, Math.floor(mentions.length / MIN_PART)));
    const chosen = parts === 1 ? [threads.reduce((a, b) => (b.pending < a.pending ? b : a))] : threads.slice(0, parts);
    const size = Math.ceil(mentions.length / parts);
    const answers = await Promise.all(
      chosen.map((thread, i) => this.matchOn(thread, tenantId, BigInt(version), mentions.slice(i * size, (i + 1) * size), autoMatchThreshold)),
    );
    return answers.flat();
  }

  async close(): Promise<void> {
    this.closed = true;
    const threads = this.threads;
    this.threads = [];
    await Promise.all(threads.map((t) => t.close()));
  }

  /** The threads, started on first use; one that failed is replaced (its matchers are built again). */
  private running(): MatchThread[] {
    if (this.closed) throw new Error('the supplier match threads are closed');
    for (let i = 0; i < this.count; i++) {
      const thread = this.threads[i];
      if (thread === undefined || thread.failure !== null) this.threads[i] = new MatchThread();
    }
    return this.threads;
  }

  private async matchOn(
    thread: MatchThread,
    tenantId: string,
    version: bigint,
    mentions: SupplierMention[],
    autoMatchThreshold: number,
  ): Promise<MatchAnswer[]> {
    thread.pending += mentions.length;
    try {
      for (let attempt = 0; ; attempt++) {
        await this.holding(tenantId, version, thread);
        try {
          const answer = await thread.ask({ kind: 'match', tenantId, mentions, autoMatchThreshold });
          return answer.kind === 'matched' ? answer.answers : [];
        } catch (err) {
          // Dropped on the thread while this call waited for its build: build it again, once.
          if (!(err instanceof NotHeld) || attempt > 0) throw err;
          thread.held.delete(tenantId);
        }
      }
    } finally {
      thread.pending -= mentions.length;
    }
  }

  /**
   * Resolves once `thread` holds the tenant's matcher of `version` or newer. Every thread that does
   * not is given one, built from a single read of the rows: the threads hold the same tenants.
   */
  private holding(tenantId: string, version: bigint, thread: MatchThread): Promise<void> {
    let input: Promise<MatcherInput> | null = null;
    for (const t of this.threads) {
      const have = t.held.get(tenantId);
      if (have && have.version >= version) {
        t.held.delete(tenantId);
        t.held.set(tenantId, have);
        continue;
      }
      input ??= loadMatcherInput(this.db, tenantId);
      // Concurrent calls needing the same version find this entry and wait for the same build.
      const built = input.then(async (rows) => {
        this.builds++;
        await t.ask({ kind: 'build', tenantId, version: version.toString(), input: rows });
      });
      const entry = { version, built };
      t.held.delete(tenantId);
      t.held.set(tenantId, entry);
      built.catch(() => {
        if (t.held.get(tenantId) === entry) t.held.delete(tenantId);
      });
      if (t.held.size > this.maxTenants) {
        const oldest = t.held.keys().next().value!;
        t.held.delete(oldest);
        t.tell({ kind: 'drop', tenantId: oldest });
      }
    }
    return thread.held.get(tenantId)!.built;
  }
}
