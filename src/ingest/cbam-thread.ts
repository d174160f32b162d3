/**
 * A large CBAM ingest computes its chunks on a worker thread (cbam-thread-worker.ts) while this
 * thread reads the file and commits: validating, computing embedded emissions, hashing lineage and
 * writing COPY lines is most of the work, and the two threads use both cores (docs/benchmarks.md,
 * Issue 16 check). The thread's processor is the same CbamChunkProcessor, so both store the same
 * rows (the CBAM differential suite runs with and without the thread); its database questions
 * come here and go through the job's driver.
 */
import { Worker } from 'node:worker_threads';
import type { ChunkResult } from '../store/batches.ts';
import { PartSet } from '../store/calculation-parts.ts';
import { rollupOfCopyLines } from '../store/cbam-shipments.ts';
import type { SqlExecutor } from '../store/driver.ts';
import { type FromMain, packedBuffers, packRows, type ToMain } from './cbam-thread-messages.ts';
import type { ChunkContext, SourceRow } from './chunk-processor.ts';

/** Files from this size on are computed on a thread (smaller ones finish before a thread has started). */
export const THREAD_FROM_BYTES = 4 * 1024 * 1024;

const ENTRY = new URL('./cbam-thread-entry.mjs', import.meta.url);

export class ThreadedCbamProcessor {
  /** The pipeline may hand over the next chunk before this one's result is back: the thread queues them. */
  readonly overlapping = true;
  private readonly worker: Worker;
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: (r: ChunkResult) => void; reject: (e: Error) => void }>();
  private failure: Error | null = null;
  /** Resolved when the thread has ended, whenever that was (close must not wait for an exit that came before it). */
  private readonly exited: Promise<void>;

  constructor(
    private readonly db: SqlExecutor,
    ctx: ChunkContext,
  ) {
    this.worker = new Worker(ENTRY, { workerData: { ctx } });
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.on('message', (m: ToMain) => this.receive(m));
    const fail = (err: Error) => {
      this.failure ??= err;
      for (const w of this.waiting.values()) w.reject(err);
      this.waiting.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`the CBAM compute thread stopped (exit code ${code})`)));
  }

  process(chunkNo: number, rows: readonly SourceRow[], worker?: string): Promise<ChunkResult> {
    return this.ask(chunkNo, rows, worker, false);
  }

  processChecked(chunkNo: number, rows: readonly SourceRow[], worker?: string): Promise<ChunkResult> {
    return this.ask(chunkNo, rows, worker, true);
  }

  committed(result: ChunkResult): void {
    this.post({ kind: 'committed', chunkNo: result.chunkNo });
  }

  /**
   * Stops the thread (the job is over, or failed): asked to end on its own, so its exit handlers
   * run (a CPU profile of the thread is written then); stopped outright after a second.
   */
  async close(): Promise<void> {
    this.failure ??= new Error('the CBAM compute thread was closed');
    this.post({ kind: 'close' });
    const timer = setTimeout(() => void this.worker.terminate(), 1000);
    await this.exited;
    clearTimeout(timer);
  }

  private ask(chunkNo: number, rows: readonly SourceRow[], worker: string | undefined, checked: boolean): Promise<ChunkResult> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      const packed = packRows(rows);
      this.post({ kind: 'process', id, chunkNo, rows: packed, checked, ...(worker ? { worker } : {}) }, packedBuffers(packed));
    });
  }

  private post(m: FromMain, transfer: ArrayBuffer[] = []): void {
    this.worker.postMessage(m, transfer);
  }

  private receive(m: ToMain): void {
    if (m.kind === 'query') {
      this.db.query(m.sql, m.params).then(
        (res) => this.post({ kind: 'answer', id: m.id, rows: res.rows }),
        (err: { message?: string; code?: string }) =>
          this.post({ kind: 'answer', id: m.id, rows: [], error: { message: err.message ?? String(err), code: err.code } }),
      );
      return;
    }
    const w = this.waiting.get(m.id);
    this.waiting.delete(m.id);
    if (!w) return;
    if (m.kind === 'failed') {
      w.reject(Object.assign(new Error(m.error.message), m.error.code ? { code: m.error.code } : {}));
      return;
    }
    const { partRows, copy, ...rest } = m.result;
    // The rollup and totals are made here, from the lines to be stored: this thread has time to spare, the compute thread has not.
    const rollup = rollupOfCopyLines(copy.data);
    const totals = rollup.totals();
    w.resolve({ ...rest, copy, kgCo2e: totals.kg, byCategory: totals.byCategory, parts: PartSet.fromRows(partRows), rollup });
  }
}
