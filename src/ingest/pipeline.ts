/**
 * Bulk ingest in one process: stream the file (backpressure: reading waits while chunks are
 * committing), read rows, cut them into chunks of an adaptive size, calculate each chunk while the
 * previous ones are being written (bounded concurrency), and commit every chunk atomically with
 * retries on transient database errors. Re-running the same file resumes: committed rows are
 * skipped, so a killed job ends with no row missing and none twice.
 */
import type { Readable } from 'node:stream';
import type { CalculationSettings } from '../domain/scope3/types.ts';
import { metrics } from '../metrics/registry.ts';
import {
  type BatchRow,
  batchTotalsByCategory,
  type ChunkResult,
  commitChunk,
  committedRanges,
  findOrCreateBatch,
  finishBatch,
  getBatch,
  interruptBatch,
  supplierNameCounts,
} from '../store/batches.ts';
import { isTransientError, type SqlDriver } from '../store/driver.ts';
import { refreshEmissionStatistics } from '../store/emissions.ts';
import { IngestInterrupted, newRunnerId, takeBatch } from './batch-lease.ts';
import { THREAD_FROM_BYTES } from './cbam-thread.ts';
import type { SourceRow } from './chunk-processor.ts';
import { type ChunkBounds, ChunkSizer, DEFAULT_CHUNK } from './chunk-sizer.ts';
import { type ClassifyOption, classifyColumnOf, classifyOptionProblem } from './classify-column.ts';
import { chunkProcessorFor, commitProcessed, type RowChunkProcessor } from './processor-for.ts';
import { type ColumnPlan, planColumns, RECORD_TYPE_DEFS, type RecordTypeName } from './record-types.ts';
import { DEFAULT_RETRY, type RetryPolicy, withRetry } from './retry.ts';
import { type FileFormat, RowSource } from './row-source.ts';
import { type SupplierNameReport, supplierNameReport } from './supplier-name-report.ts';
import type { InvalidUtf8 } from './utf8.ts';

export type { FileFormat } from './row-source.ts';

export interface IngestSource {
  /** Shown in the batch (a file name). */
  name: string;
  sha256: string;
  bytes: number;
  /** A fresh stream of the file's bytes. */
  open(): Readable;
}

/** What a batch is: whose, which record type, which file and how to read it. */
export interface IngestJob {
  tenantId: string;
  type: RecordTypeName;
  format: FileFormat;
  columnMap?: Record<string, string>;
  settings: CalculationSettings;
  source: IngestSource;
  /** Invalid UTF-8 in the file: a row error (default), or replaced with U+FFFD. */
  invalidUtf8?: InvalidUtf8;
  /** The batch, when known (a resume): then the job must be the one it was made for. */
  batchId?: string;
  /** Purchases: classify lines without a naics from a text column (classify-column.ts). */
  classify?: ClassifyOption;
}

export interface IngestOptions extends IngestJob {
  chunk?: ChunkBounds;
  /** Chunks being committed while the next is calculated (default 2). */
  concurrency?: number;
  retry?: RetryPolicy;
  /** The spend fast path (default on); off, every line goes through the engine. Same stored rows either way. */
  fastPath?: boolean;
  /**
   * CBAM shipments computed on a worker thread while this one reads and commits (default: for
   * files of THREAD_FROM_BYTES or more). Same stored rows either way.
   */
  computeThread?: boolean;
  onProgress?: (p: IngestProgress) => void;
  /** Called after each committed chunk (tests use it to stop a job half-way). */
  onChunkCommitted?: (c: ChunkResult) => void;
  /** Stops the job between chunks: the batch is left `interrupted` and the call rejects with IngestInterrupted. */
  signal?: AbortSignal;
}

export interface IngestProgress {
  batchId: string;
  rowsRead: number;
  rowsSkipped: number;
  rowsCommitted: number;
  rowsFailed: number;
  bytesRead: number;
  bytesTotal: number;
  elapsedMs: number;
  rowsPerSecond: number;
  chunkSize: number;
}

export interface IngestSummary {
  batchId: string;
  status: BatchRow['status'];
  /** True when this file was ingested completely before: nothing was done. */
  alreadyDone: boolean;
  /** Rows skipped because an earlier run had committed them. */
  resumedRows: number;
  rows: number;
  rowsOk: number;
  rowsFailed: number;
  /** Stored rows with warnings (a stand-in factor, a rate year the tables do not cover). */
  rowsWithWarnings: number;
  kgCo2e: number;
  byCategory: Record<string, number>;
  seconds: number;
  rowsPerSecond: number;
  chunks: number;
  chunkSizes: { min: number; max: number; last: number };
  retries: number;
  ignoredColumns: string[];
  /** This process's peak resident memory so far (MB). */
  peakRssMb: number;
  /** How the rows' supplier names were resolved; null when the file named no supplier (docs/ingest.md). */
  supplierNames: SupplierNameReport | null;
}

/** Whether a job computes on a thread: as asked, else for files of THREAD_FROM_BYTES or more (CBAM shipments only: chunkProcessorFor). */
export function computeThreadFor(opts: Pick<IngestOptions, 'computeThread' | 'source'>): boolean {
  return opts.computeThread ?? opts.source.bytes >= THREAD_FROM_BYTES;
}

/** A batch that stored at least this many rows refreshes the table's statistics when it ends. */
export const STATISTICS_AFTER_ROWS = 10_000;

/**
 * A file without data rows: its batch ends `failed` with this message, so an empty export is never
 * mistaken for a successful import (docs/ingest.md).
 */
export class NothingToImport extends Error {
  constructor(hasHeader: boolean) {
    super(`nothing to import: ${hasHeader ? 'the file has a header but no data rows' : 'the file is empty'}`);
    this.name = 'NothingToImport';
  }
}

/** Whether a row was committed by an earlier run; rows are asked in increasing order. */
class CommittedRows {
  private i = 0;
  constructor(private readonly ranges: Array<[number, number]>) {}
  has(row: number): boolean {
    while (this.i < this.ranges.length && this.ranges[this.i]![1] < row) this.i++;
    const r = this.ranges[this.i];
    return r !== undefined && r[0] <= row && row <= r[1];
  }
}

/** A committed chunk's rows in greenline_batch_records_total. */
export function countChunk(c: ChunkResult): void {
  if (c.rowsOk > 0) metrics.batch.records.inc({ outcome: 'stored' }, c.rowsOk);
  if (c.rowsFailed > 0) metrics.batch.records.inc({ outcome: 'failed' }, c.rowsFailed);
}

export function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

function reportOf(b: BatchRow): SupplierNameReport | null {
  const counts = supplierNameCounts(b);
  return counts && supplierNameReport(counts);
}

/** A batch's summary from its stored counters; `extra` adds what the run itself knows. */
export async function summarizeBatch(driver: SqlDriver, b: BatchRow, startedMs: number, extra: Partial<IngestSummary>): Promise<IngestSummary> {
  const seconds = (performance.now() - startedMs) / 1000;
  return {
    batchId: b.id,
    status: b.status,
    alreadyDone: false,
    resumedRows: 0,
    rows: b.processed,
    rowsOk: b.rows_ok,
    rowsFailed: b.failed,
    rowsWithWarnings: b.with_warnings,
    kgCo2e: b.kg_co2e,
    byCategory: await batchTotalsByCategory(driver, b.id),
    seconds,
    rowsPerSecond: 0,
    chunks: 0,
    chunkSizes: { min: 0, max: 0, last: 0 },
    retries: 0,
    ignoredColumns: [],
    peakRssMb: peakRssMb(),
    supplierNames: reportOf(b),
    ...extra,
  };
}

/**
 * The batch a job belongs to, created on first sight. Its id comes from the tenant, the type, the
 * file's content and the options — the one place that decides, so the CLI, the HTTP upload and the
 * queue always find the same batch for the same file.
 */
export async function batchFor(driver: SqlDriver, job: IngestJob): Promise<BatchRow> {
  if (job.batchId) {
    const known = await getBatch(driver, job.tenantId, job.batchId);
    if (!known) throw new Error(`batch ${job.batchId} of tenant ${job.tenantId} does not exist`);
    return known;
  }
  const { batch } = await findOrCreateBatch(driver, {
    tenantId: job.tenantId,
    kind: job.type,
    sha256: job.source.sha256,
    sourceName: job.source.name,
    // (invalidUtf8 only when set: batches made before it keep their ids.)
    options: {
      format: job.format,
      columnMap: job.columnMap ?? {},
      settings: job.settings,
      ...(job.invalidUtf8 === 'replace' ? { invalidUtf8: 'replace' } : {}),
      ...(job.classify ? { classify: job.classify } : {}),
    },
  });
  return batch;
}

export async function ingest(driver: SqlDriver, opts: IngestOptions): Promise<IngestSummary> {
  const type = RECORD_TYPE_DEFS[opts.type];
  const columnMap = opts.columnMap ?? {};
  const classifyProblem = opts.classify ? classifyOptionProblem(type, opts.classify) : null;
  if (classifyProblem) throw new Error(classifyProblem);
  const batch = await batchFor(driver, opts);
  const started = performance.now();
  const summarize = (b: BatchRow, extra: Partial<IngestSummary>) => summarizeBatch(driver, b, started, extra);
  if (batch.status === 'succeeded') return summarize(batch, { alreadyDone: true });

  // The lease first, then what is committed: a runner that lost the batch commits nothing after this.
  const runner = newRunnerId();
  const lease = await takeBatch(driver, batch, runner, { source: opts.source.name, bytes: opts.source.bytes });
  if (!lease) return summarize((await getBatch(driver, null, batch.id))!, { alreadyDone: true });
  const { ranges, nextChunk } = await committedRanges(driver, batch.id).catch(async (err: unknown) => {
    lease.end();
    await finishBatch(driver, batch.id, { status: 'failed', error: err instanceof Error ? err.message : String(err) }, runner).catch(() => {});
    throw err;
  });
  const committed = new CommittedRows(ranges);

  const sizer = new ChunkSizer(opts.chunk ?? DEFAULT_CHUNK);
  const concurrency = Math.max(1, opts.concurrency ?? 2);
  let columns: ColumnPlan | null = null;
  let classifyAt: number | null = null;
  const source = new RowSource(opts.format, opts.invalidUtf8, (header) => {
    columns = planColumns(type, header, columnMap);
    if (opts.classify) classifyAt = classifyColumnOf(type, header, opts.classify);
    return columns.fields;
  });
  let processor: RowChunkProcessor | null = opts.format === 'ndjson' ? makeProcessor(null) : null;
  let chunkNo = nextChunk;
  let pending: SourceRow[] = [];
  let rowsRead = 0;
  let skipped = 0;
  let committedRows = 0;
  let failedRows = 0;
  let bytesRead = 0;
  let retries = 0;
  let lastProgress = 0;
  const inflight = new Set<Promise<void>>();
  let failure: unknown = null;

  function makeProcessor(plan: ColumnPlan | null): RowChunkProcessor {
    return chunkProcessorFor(
      driver,
      {
        tenantId: opts.tenantId,
        batchId: batch.id,
        type,
        columns: plan,
        columnMap,
        settings: opts.settings,
        fastPath: opts.fastPath,
        ...(opts.classify ? { classify: opts.classify, classifyAt } : {}),
      },
      { thread: computeThreadFor(opts) },
    );
  }

  const progress = (force = false) => {
    const now = performance.now();
    if (!opts.onProgress || (!force && now - lastProgress < 250)) return;
    lastProgress = now;
    const elapsedMs = now - started;
    opts.onProgress({
      batchId: batch.id,
      rowsRead,
      rowsSkipped: skipped,
      rowsCommitted: committedRows,
      rowsFailed: failedRows,
      bytesRead,
      bytesTotal: opts.source.bytes,
      elapsedMs,
      rowsPerSecond: elapsedMs > 0 ? ((committedRows + failedRows) * 1000) / elapsedMs : 0,
      chunkSize: sizer.size,
    });
  };

  /** Commits a processed chunk (retrying transient errors) and counts it. */
  const commitAndCount = (p: RowChunkProcessor, rows: SourceRow[], result: ChunkResult, t0: number) =>
    commitProcessed(p, rows, result, (r) =>
      withRetry(
        () => commitChunk(driver, r, runner),
        isTransientError,
        opts.retry ?? DEFAULT_RETRY,
        () => retries++,
      ),
    ).then(({ result }) => {
      p.committed(result);
      countChunk(result);
      committedRows += result.rowsOk;
      failedRows += result.rowsFailed;
      sizer.observe(rows.length, performance.now() - t0);
      opts.onChunkCommitted?.(result);
      progress();
    });

  /** Keeps `task` among the chunks in flight until it ends; its failure fails the job. */
  const track = (task: Promise<void>) => {
    const t: Promise<void> = task
      .catch((err: unknown) => {
        failure ??= err;
      })
      .finally(() => inflight.delete(t));
    inflight.add(t);
  };

  /**
   * Calculates a chunk now, commits it in the background (at most `concurrency` at once). An
   * overlapping processor (a compute thread) gets the chunk at once and this thread reads on: a
   * chunk being calculated holds a place too, so one more is allowed.
   */
  const flush = async () => {
    if (pending.length === 0 || !processor) return;
    const p = processor;
    const rows = pending;
    pending = [];
    const no = chunkNo++;
    const t0 = performance.now();
    if (p.overlapping) {
      while (inflight.size >= concurrency + 1) await Promise.race(inflight);
      if (failure) throw failure;
      track(p.process(no, rows).then((result) => commitAndCount(p, rows, result, t0)));
      return;
    }
    const result = await p.process(no, rows);
    while (inflight.size >= concurrency) await Promise.race(inflight);
    if (failure) throw failure;
    track(commitAndCount(p, rows, result, t0));
  };

  const stopIfAsked = () => {
    if (opts.signal?.aborted) throw new IngestInterrupted(batch.id);
  };
  try {
    const stream = opts.source.open();
    const take = async (rows: SourceRow[]) => {
      if (source.headerError) throw new Error(`the header row cannot be read: ${source.headerError}`);
      // The header comes first, so the processor exists before any data row needs it.
      if (!processor && columns) processor = makeProcessor(columns);
      for (const row of rows) {
        rowsRead++;
        if (committed.has(row.row)) {
          skipped++;
          continue;
        }
        pending.push(row);
        if (pending.length >= sizer.size) {
          stopIfAsked();
          await flush();
        }
      }
    };
    for await (const buf of stream) {
      stopIfAsked();
      bytesRead += (buf as Buffer).length;
      await take(source.push(buf as Buffer));
      if (failure) throw failure;
      progress();
    }
    await take(source.end());
    await flush();
    await Promise.all(inflight);
    if (failure) throw failure;
    if (rowsRead === 0 && ranges.length === 0) throw new NothingToImport(source.header !== null);
    const total = rowsRead;
    await finishBatch(driver, batch.id, { status: 'succeeded', total }, runner);
    if (committedRows >= STATISTICS_AFTER_ROWS) await refreshEmissionStatistics(driver);
    progress(true);
    const done = (await getBatch(driver, null, batch.id))!;
    const seconds = (performance.now() - started) / 1000;
    if (seconds > 0) metrics.batch.rowsPerSecond.set((rowsRead - skipped) / seconds);
    const h = sizer.history;
    return summarize(done, {
      resumedRows: skipped,
      rowsPerSecond: seconds > 0 ? (rowsRead - skipped) / seconds : 0,
      chunks: h.length,
      chunkSizes: { min: h.length ? Math.min(...h) : 0, max: h.length ? Math.max(...h) : 0, last: sizer.size },
      retries,
      ignoredColumns: columns ? (columns as ColumnPlan).ignored : [],
    });
  } catch (err) {
    await Promise.allSettled(inflight);
    if (err instanceof IngestInterrupted) await interruptBatch(driver, batch.id, runner).catch(() => {});
    else {
      const message = err instanceof Error ? err.message : String(err);
      await finishBatch(driver, batch.id, { status: 'failed', error: message }, runner).catch(() => {});
    }
    throw err;
  } finally {
    lease.end();
    await processor?.close?.();
  }
}
