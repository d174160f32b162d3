/**
 * Distributed ingest on a BullMQ queue (REDIS_URL). The coordinator reads the file and puts
 * fixed chunks of rows on the queue, one job per chunk with the id `<batch>-<chunk>`; any number
 * of `greenline worker` processes, on any machines sharing the database and Redis, calculate and
 * commit chunks with the same ChunkProcessor as a single process. A chunk whose worker dies is
 * taken by another within the worker lock window (workerTimings); committing a chunk is
 * idempotent, so a retried chunk that had committed changes nothing. The totals equal a
 * single-process run (test).
 */
import type { Readable } from 'node:stream';
import { Queue, Worker } from 'bullmq';
import { DEFAULT_INGEST_QUEUE } from '../config.ts';
import type { CalculationSettings } from '../domain/scope3/types.ts';
import { commitChunk, committedRanges, finishBatch, getBatch, interruptBatch } from '../store/batches.ts';
import type { SqlDriver } from '../store/driver.ts';
import { refreshEmissionStatistics } from '../store/emissions.ts';
import { IngestInterrupted, newRunnerId, takeBatch } from './batch-lease.ts';
import type { SourceRow } from './chunk-processor.ts';
import { type ClassifyOption, classifyColumnOf, classifyOptionProblem } from './classify-column.ts';
import { batchFor, countChunk, type IngestJob, type IngestSummary, NothingToImport, STATISTICS_AFTER_ROWS, summarizeBatch } from './pipeline.ts';
import { chunkProcessorFor, commitProcessed, type RowChunkProcessor } from './processor-for.ts';
import { type ColumnPlan, planColumns, RECORD_TYPE_DEFS, type RecordTypeName } from './record-types.ts';
import { RowSource } from './row-source.ts';

/** Redis connection options for BullMQ from a redis:// URL. */
export function bullConnection(url: string): { url: string; maxRetriesPerRequest: null } {
  return { url, maxRetriesPerRequest: null };
}

export interface ChunkJob {
  batchId: string;
  chunkNo: number;
  tenantId: string;
  type: RecordTypeName;
  columns: ColumnPlan | null;
  columnMap: Record<string, string>;
  settings: CalculationSettings;
  /** The spend fast path (default on). */
  fastPath?: boolean;
  /** Purchases: classify lines without a naics (classify-column.ts), from this CSV column position. */
  classify?: ClassifyOption;
  classifyAt?: number | null;
  rows: SourceRow[];
}

export interface DistributedOptions extends IngestJob {
  fastPath?: boolean;
  redisUrl: string;
  /** Rows per job (default 2,500). */
  chunkRows?: number;
  /** Jobs allowed to wait on the queue before reading more of the file (default 16). */
  maxQueued?: number;
  onProgress?: (committedRows: number, queuedChunks: number) => void;
  /** Default: DEFAULT_INGEST_QUEUE. */
  queue?: string;
  /** Stops the coordinator (the batch is left `interrupted`; chunks already queued still commit). */
  signal?: AbortSignal;
}

async function* sourceRows(stream: Readable, source: RowSource): AsyncGenerator<SourceRow> {
  for await (const buf of stream) {
    yield* source.push(buf as Buffer);
    if (source.headerError) throw new Error(`the header row cannot be read: ${source.headerError}`);
  }
  yield* source.end();
  if (source.headerError) throw new Error(`the header row cannot be read: ${source.headerError}`);
}

async function committedChunks(driver: SqlDriver, batchId: string): Promise<Set<number>> {
  const res = await driver.query<{ chunk_no: number }>('SELECT chunk_no FROM batch_chunks WHERE batch_id = $1', [batchId]);
  return new Set(res.rows.map((r) => r.chunk_no));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Splits the file into chunk jobs, waits for the workers to commit them all, and closes the batch. */
export async function ingestDistributed(driver: SqlDriver, opts: DistributedOptions): Promise<IngestSummary> {
  const started = performance.now();
  const type = RECORD_TYPE_DEFS[opts.type];
  const classifyProblem = opts.classify ? classifyOptionProblem(type, opts.classify) : null;
  if (classifyProblem) throw new Error(classifyProblem);
  const columnMap = opts.columnMap ?? {};
  const chunkRows = opts.chunkRows ?? 2_500;
  const batch = await batchFor(driver, opts);
  const summary = async (alreadyDone: boolean): Promise<IngestSummary> => {
    const b = (await getBatch(driver, null, batch.id))!;
    const seconds = (performance.now() - started) / 1000;
    return summarizeBatch(driver, b, started, {
      alreadyDone,
      rowsPerSecond: seconds > 0 ? b.processed / seconds : 0,
      chunkSizes: { min: chunkRows, max: chunkRows, last: chunkRows },
    });
  };
  if (batch.status === 'succeeded') return summary(true);
  const before = await committedRanges(driver, batch.id);
  if (before.ranges.length > 0 && batch.meta.distributed !== true) {
    throw new Error(`batch ${batch.id} was started by a single process; resume it the same way (without REDIS_URL)`);
  }
  const runner = newRunnerId();
  const lease = await takeBatch(driver, batch, runner, { source: opts.source.name, bytes: opts.source.bytes, distributed: true });
  if (!lease) return summary(true);
  const queue = new Queue<ChunkJob>(opts.queue ?? DEFAULT_INGEST_QUEUE, { connection: bullConnection(opts.redisUrl) });
  const stopIfAsked = () => {
    if (opts.signal?.aborted) throw new IngestInterrupted(batch.id);
  };
  try {
    const done = await committedChunks(driver, batch.id);
    let columns: ColumnPlan | null = null;
    let rowsRead = 0;
    const expected = new Set<number>();
    let current: SourceRow[] = [];
    let currentNo = -1;
    const enqueue = async () => {
      if (current.length === 0) return;
      const no = currentNo;
      expected.add(no);
      if (!done.has(no)) {
        while ((await queue.getWaitingCount()) >= (opts.maxQueued ?? 16)) {
          stopIfAsked();
          await sleep(50);
        }
        // A chunk that gave up in an earlier run is queued afresh (a job id is added only once).
        const jobId = `${batch.id}-${no}`;
        if (await (await queue.getJob(jobId))?.isFailed()) await queue.remove(jobId);
        const job: ChunkJob = {
          batchId: batch.id,
          chunkNo: no,
          tenantId: opts.tenantId,
          type: opts.type,
          columns,
          columnMap,
          settings: opts.settings,
          fastPath: opts.fastPath,
          ...(opts.classify ? { classify: opts.classify, classifyAt } : {}),
          rows: current,
        };
        await queue.add('chunk', job, {
          jobId,
          attempts: 5,
          backoff: { type: 'exponential', delay: 500 },
          removeOnComplete: true,
          removeOnFail: 1000,
        });
      }
      current = [];
    };
    let classifyAt: number | null = null;
    const source = new RowSource(opts.format, opts.invalidUtf8, (header) => {
      columns = planColumns(type, header, columnMap);
      if (opts.classify) classifyAt = classifyColumnOf(type, header, opts.classify);
      return columns.fields;
    });
    for await (const row of sourceRows(opts.source.open(), source)) {
      rowsRead++;
      const no = Math.floor((row.row - 1) / chunkRows);
      if (no !== currentNo) {
        stopIfAsked();
        await enqueue();
        currentNo = no;
      }
      current.push(row);
    }
    await enqueue();
    if (rowsRead === 0 && before.ranges.length === 0) throw new NothingToImport(source.header !== null);
    // Wait for every chunk to be committed (by any worker), failing if a job gave up.
    for (;;) {
      const committed = await committedChunks(driver, batch.id);
      const missing = [...expected].filter((n) => !committed.has(n));
      const b = await getBatch(driver, null, batch.id);
      opts.onProgress?.(b?.processed ?? 0, missing.length);
      if (missing.length === 0) break;
      stopIfAsked();
      const failed = await queue.getFailed(0, 100);
      const mine = failed.find((j) => j.data.batchId === batch.id && missing.includes(j.data.chunkNo));
      if (mine) throw new Error(`chunk ${mine.data.chunkNo} failed after ${mine.attemptsMade} attempts: ${mine.failedReason}`);
      await sleep(100);
    }
    await finishBatch(driver, batch.id, { status: 'succeeded', total: rowsRead }, runner);
    if (rowsRead >= STATISTICS_AFTER_ROWS) await refreshEmissionStatistics(driver);
    return summary(false);
  } catch (err) {
    if (err instanceof IngestInterrupted) await interruptBatch(driver, batch.id, runner).catch(() => {});
    else await finishBatch(driver, batch.id, { status: 'failed', error: err instanceof Error ? err.message : String(err) }, runner).catch(() => {});
    throw err;
  } finally {
    lease.end();
    await queue.close();
  }
}

/**
 * BullMQ's lock settings for a worker lock window (GREENLINE_WORKER_LOCK_MS): a chunk whose worker
 * died must be back on the queue within the window. Its lock expires at most `lockDuration` after
 * the last renewal, and the stalled-job check, which runs every `stalledInterval`, moves it back on
 * its next pass after that (a job is marked on one pass and moved on the next, once its lock is
 * gone): at most lockDuration + stalledInterval = ¾ of the window after the death, at least
 * lockDuration − lockRenewTime = ⅜ of it. A worker keeps its own chunks by renewing every ⅛ of
 * the window; its event loop would have to stall for ⅜ of it to lose one (the chunk would then be
 * retried, and committing it again changes nothing). `maxStalledCount`: a chunk whose workers died
 * three times is failed, failing the batch, rather than killing workers forever.
 */
export function workerTimings(lockWindowMs: number): { lockDuration: number; lockRenewTime: number; stalledInterval: number; maxStalledCount: number } {
  return {
    lockDuration: Math.round(lockWindowMs / 2),
    lockRenewTime: Math.round(lockWindowMs / 8),
    stalledInterval: Math.round(lockWindowMs / 4),
    maxStalledCount: 2,
  };
}

/**
 * A worker: calculates and commits chunks from the queue until stopped. One ChunkProcessor per
 * batch is kept, so a batch's factors are resolved once per worker.
 */
export function startChunkWorker(
  driver: SqlDriver,
  opts: { redisUrl: string; concurrency?: number; name?: string; lockMs?: number; queue?: string },
): Worker<ChunkJob> {
  const processors = new Map<string, RowChunkProcessor>();
  const name = opts.name ?? `worker-${process.pid}`;
  return new Worker<ChunkJob>(
    opts.queue ?? DEFAULT_INGEST_QUEUE,
    async (job) => {
      const d = job.data;
      let p = processors.get(d.batchId);
      if (!p) {
        if (processors.size >= 8) processors.delete(processors.keys().next().value!);
        p = chunkProcessorFor(driver, {
          tenantId: d.tenantId,
          batchId: d.batchId,
          type: RECORD_TYPE_DEFS[d.type],
          columns: d.columns,
          columnMap: d.columnMap,
          settings: d.settings,
          fastPath: d.fastPath,
          ...(d.classify ? { classify: d.classify, classifyAt: d.classifyAt ?? null } : {}),
        });
        processors.set(d.batchId, p);
      }
      const { stored, result } = await commitProcessed(p, d.rows, await p.process(d.chunkNo, d.rows, name), (r) => commitChunk(driver, r));
      p.committed(result);
      if (stored) countChunk(result);
      return { stored, rows: d.rows.length };
    },
    {
      connection: bullConnection(opts.redisUrl),
      concurrency: opts.concurrency ?? 2,
      // The job records the worker's name (job.processedBy), so a chunk's worker is known.
      name,
      ...workerTimings(opts.lockMs ?? 30_000),
    },
  );
}
