/**
 * Who runs a batch. A run takes the batch's lease in the database (startBatch in
 * src/store/batches.ts), renews it while it works and frees it when it ends, so a restarted
 * server, a second instance or the CLI never runs the same batch at the same time (two runs would
 * cut it into different chunks). A lease is free once its runner has not renewed it for
 * LEASE_STALE_SECONDS — at once when that runner was a process on this machine that is gone.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { type BatchRow, getBatch, LEASE_STALE_SECONDS, renewBatchLease, startBatch } from '../store/batches.ts';
import { isAlive } from '../store/data-dir-lock.ts';
import type { SqlDriver } from '../store/driver.ts';

/** Renewed this often while a run works, well inside LEASE_STALE_SECONDS (each committed chunk renews it too). */
const RENEW_MS = (LEASE_STALE_SECONDS * 1000) / 6;

/** A run's name in `batches.runner`: host, process id, and a random part (two runs in one process differ). */
export function newRunnerId(): string {
  return `${hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;
}

/** The runner was a process on this machine that no longer exists: its lease need not be waited out. */
export function runnerIsGone(runner: string | null): boolean {
  if (!runner) return false;
  const [host, pid] = runner.split('/');
  return host === hostname() && Number.isInteger(Number(pid)) && !isAlive(Number(pid));
}

/** Another live runner holds the batch. */
export class BatchBusy extends Error {
  constructor(
    readonly batchId: string,
    readonly runner: string | null,
  ) {
    super(`batch ${batchId} is being run by ${runner ?? 'another process'}; it is not started twice`);
    this.name = 'BatchBusy';
  }
}

/** A run was asked to stop (a server shutting down): it stopped between chunks and left the batch `interrupted`. */
export class IngestInterrupted extends Error {
  constructor(readonly batchId: string) {
    super(`batch ${batchId} was interrupted between chunks; it resumes where it stopped`);
    this.name = 'IngestInterrupted';
  }
}

/** A held lease, renewed in the background until `end()`. */
export interface BatchLease {
  runner: string;
  end(): void;
}

/**
 * Takes `batch` for `runner` and marks it running (with `meta`); null when it succeeded
 * meanwhile. Throws BatchBusy when another live runner holds it.
 */
export async function takeBatch(driver: SqlDriver, batch: BatchRow, runner: string, meta: Record<string, unknown>): Promise<BatchLease | null> {
  const taken = await startBatch(driver, batch.id, runner, meta, runnerIsGone(batch.runner) ? batch.runner : null);
  if (!taken) {
    const now = await getBatch(driver, null, batch.id);
    if (now?.status === 'succeeded') return null;
    throw new BatchBusy(batch.id, now?.runner ?? null);
  }
  const timer = setInterval(() => void renewBatchLease(driver, batch.id, runner).catch(() => {}), RENEW_MS);
  timer.unref();
  return { runner, end: () => clearInterval(timer) };
}
