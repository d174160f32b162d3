/**
 * A worker thread that calculates part of a batch on the other core (calculation-batch.ts).
 *
 * Protocol, per job: → `plan` (records, settings) ← `questions` (supplier ids and factor queries
 * its records need) → `answers` ← `chunk`… (COPY data and a summary per record, as computed)
 * ← `done` (lineage parts and rollup sums), or ← `error` at any point. Jobs run one after another
 * in the worker. A worker that errs or exits fails its jobs with `HelperFailed` (the caller then
 * runs the whole batch itself) and is replaced on the next job.
 */
import { Worker } from 'node:worker_threads';
import type { CalculationSettings } from '../../domain/scope3/types.ts';
import type { PartRow } from '../../store/calculation-parts.ts';
import type { Answers, OpenQuestions } from '../session.ts';
import type { RemoteChunk, ToHelper, ToWorker } from './protocol.ts';
import type { RollupSum } from '../../store/rollups.ts';
import type { TenantKey } from '../../store/tenants.ts';

export class HelperFailed extends Error {
  constructor(message: string) {
    super(`calculation worker: ${message}`);
    this.name = 'HelperFailed';
  }
}

/** One job's side of the conversation, as the batch sees it. */
export class RemoteJob {
  readonly questions: Promise<OpenQuestions>;
  readonly done: Promise<{ parts: PartRow[]; rollup: RollupSum[] }>;
  private readonly chunks: RemoteChunk[] = [];
  private finished = false;
  private failure: HelperFailed | null = null;
  private wake: (() => void) | null = null;
  private settleQuestions!: { resolve: (q: OpenQuestions) => void; reject: (e: Error) => void };
  private settleDone!: { resolve: (d: { parts: PartRow[]; rollup: RollupSum[] }) => void; reject: (e: Error) => void };

  constructor(
    readonly id: number,
    private readonly send: (message: ToWorker) => void,
  ) {
    this.questions = new Promise((resolve, reject) => (this.settleQuestions = { resolve, reject }));
    this.done = new Promise((resolve, reject) => (this.settleDone = { resolve, reject }));
    // Awaited only on the happy path; a failure is reported through questions, rest() or done.
    this.questions.catch(() => {});
    this.done.catch(() => {});
  }

  answer(answers: Answers): void {
    this.send({ job: this.id, type: 'answers', answers });
  }

  /** The batch gave up (its own error): the worker drops the job. */
  cancel(): void {
    if (this.finished) return;
    this.send({ job: this.id, type: 'cancel' });
    this.fail(new HelperFailed('cancelled'));
  }

  /** The chunks that have arrived and not been taken yet. */
  ready(): RemoteChunk[] {
    if (this.failure) throw this.failure;
    return this.chunks.splice(0);
  }

  /** Every chunk still to come, as it arrives. */
  async *rest(): AsyncGenerator<RemoteChunk> {
    for (;;) {
      yield* this.ready();
      if (this.finished) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  receive(m: ToHelper): void {
    if (m.type === 'questions') this.settleQuestions.resolve(m.open);
    else if (m.type === 'chunk') this.chunks.push({ data: m.data, outcomes: m.outcomes });
    else if (m.type === 'done') {
      this.finished = true;
      this.settleDone.resolve({ parts: m.parts, rollup: m.rollup });
    } else this.fail(new HelperFailed(m.message));
    this.poke();
  }

  fail(err: HelperFailed): void {
    if (this.finished) return;
    this.finished = true;
    this.failure = err;
    this.settleQuestions.reject(err);
    this.settleDone.reject(err);
    this.poke();
  }

  get isFinished(): boolean {
    return this.finished;
  }

  private poke(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}

export class CalculationHelper {
  private worker: Worker | null = null;
  /** The worker has loaded its modules (it says so once); until then batches run here. */
  private loaded = false;
  private readonly jobs = new Map<number, RemoteJob>();
  private nextJob = 1;
  private closed = false;
  private onLoaded: Array<() => void> = [];

  /** Jobs sent to a worker so far. */
  get jobsStarted(): number {
    return this.nextJob - 1;
  }

  /** Starts the worker if it is not running, and resolves once it is loaded. */
  warmUp(): Promise<void> {
    if (!this.worker) this.spawn();
    return this.loaded ? Promise.resolve() : new Promise((resolve) => this.onLoaded.push(resolve));
  }

  private spawn(): Worker {
    const worker = new Worker(new URL('./entry.mjs', import.meta.url));
    worker.unref();
    worker.on('message', (m: ToHelper | 'loaded') => {
      if (m === 'loaded') {
        if (this.worker === worker) this.loaded = true;
        for (const resolve of this.onLoaded.splice(0)) resolve();
        return;
      }
      const job = this.jobs.get(m.job);
      if (!job) return;
      job.receive(m);
      if (job.isFinished) this.jobs.delete(m.job);
    });
    const lost = (why: string) => {
      if (this.worker === worker) {
        this.worker = null;
        this.loaded = false;
      }
      for (const job of this.jobs.values()) job.fail(new HelperFailed(why));
      this.jobs.clear();
    };
    worker.on('error', (err) => lost(err.message));
    worker.on('exit', (code) => lost(`exited with code ${code}`));
    this.worker = worker;
    return worker;
  }

  /**
   * Ready for a job: the worker is loaded and has none (a batch that finds it busy runs on its own
   * thread rather than queue). The first call starts the worker (hence a method, not a getter), so
   * an app that never gets a big batch never starts one, and the batch that asked runs here while
   * it loads.
   */
  available(): boolean {
    if (this.closed) return false;
    if (!this.worker) this.spawn();
    return this.loaded && this.jobs.size === 0;
  }

  /** Sends `records` to the worker to plan; the job then waits for `answer`. */
  start(tenant: TenantKey, settings: CalculationSettings, records: unknown[]): RemoteJob {
    if (this.closed) throw new HelperFailed('closed');
    const worker = this.worker ?? this.spawn();
    const job = new RemoteJob(this.nextJob++, (message) => worker.postMessage(message));
    this.jobs.set(job.id, job);
    worker.postMessage({ job: job.id, type: 'plan', tenant, settings, records } satisfies ToWorker);
    return job;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.worker?.terminate();
    this.worker = null;
  }
}
