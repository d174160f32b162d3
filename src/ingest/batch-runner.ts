/**
 * Batches submitted over HTTP: the upload is streamed to disk while it is hashed (so a file of any
 * size never sits in memory), the batch is created under the id its content gives, and the job
 * runs in the background — in this process, or on the workers' queue when REDIS_URL is set.
 * Submitting the same file again returns the same batch; one that stopped part-way resumes. The
 * upload is kept until its batch succeeds, so a server that stops (`stop()`: between chunks, the
 * batch left `interrupted`) or dies resumes its batches when it starts again (`resumeUnfinished()`),
 * and `resume()` restarts one on request — from the kept upload, or from the same file sent again.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { CalculationSettings } from '../domain/scope3/types.ts';
import { type BatchRow, committedRanges, getBatch, interruptBatch, unfinishedBatches } from '../store/batches.ts';
import { type SqlDriver, StoreError } from '../store/driver.ts';
import { checkFreeSpace } from '../store/pglite-driver.ts';
import { BatchBusy, IngestInterrupted, runnerIsGone } from './batch-lease.ts';
import { type ClassifyOption, classifyColumnOf } from './classify-column.ts';
import { ingestDistributed } from './distributed.ts';
import { batchFor, type FileFormat, type IngestJob, type IngestSource, ingest, NothingToImport } from './pipeline.ts';
import { planColumns, RECORD_TYPE_DEFS, type RecordTypeName } from './record-types.ts';
import { RowSource } from './row-source.ts';
import type { InvalidUtf8 } from './utf8.ts';

export class UploadTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`the upload is larger than the limit of ${limit} bytes (GREENLINE_UPLOAD_LIMIT_BYTES)`);
  }
}

/** A batch to resume whose upload is no longer kept: the same file has to be sent again. */
export class UploadGone extends Error {
  constructor(readonly batchId: string) {
    super(`the file of batch ${batchId} is no longer kept on this server; send the same file as the body of this request to resume it`);
  }
}

/** A file sent to resume a batch that is not the batch's file. */
export class NotTheBatchFile extends Error {
  constructor(
    readonly batchId: string,
    readonly sha256: string,
  ) {
    super(`this file (SHA-256 ${sha256.slice(0, 12)}…) is not the file of batch ${batchId}; send the file the batch was made from`);
  }
}

/** How a batch was asked for: what batchFor stored in its meta. */
interface StoredOptions {
  format: FileFormat;
  columnMap: Record<string, string>;
  settings: CalculationSettings;
  invalidUtf8?: InvalidUtf8;
  classify?: ClassifyOption;
}

export interface BatchRunnerOptions {
  uploadDir: string;
  uploadLimitBytes: number;
  /** With a shared database (DATABASE_URL) only. */
  redisUrl: string | null;
  settings: CalculationSettings;
  /** The spend fast path of bulk ingest (default on). */
  fastPath?: boolean;
  /** The ingest queue's name, with redisUrl (default greenline-ingest). */
  queue?: string;
  /** What happened to a batch run here: with `err` when it failed, without for news (interrupted, run elsewhere). */
  log?: (message: string, err?: unknown) => void;
}

export interface Submission {
  tenantId: string;
  type: RecordTypeName;
  format: FileFormat;
  columnMap: Record<string, string>;
  sourceName: string;
  invalidUtf8?: InvalidUtf8;
  classify?: ClassifyOption;
}

/** The header cannot be read at all (a CSV whose first record is malformed). */
export class UnreadableHeader extends Error {}

/**
 * Reads an upload until its first data row, so a file that cannot work is refused before a batch
 * exists: a header without a required column (ColumnPlanError), an unreadable header, or no data
 * rows at all (NothingToImport).
 */
export async function inspectUpload(file: string, s: Pick<Submission, 'type' | 'format' | 'columnMap' | 'invalidUtf8' | 'classify'>): Promise<void> {
  const type = RECORD_TYPE_DEFS[s.type];
  const source = new RowSource(s.format, s.invalidUtf8, (header) => {
    const plan = planColumns(type, header, s.columnMap, 'map');
    if (s.classify) classifyColumnOf(type, header, s.classify);
    return plan.fields;
  });
  const stream = createReadStream(file, { highWaterMark: 64 * 1024 });
  try {
    for await (const piece of stream) {
      const rows = source.push(piece as Buffer);
      if (source.headerError) throw new UnreadableHeader(`the header row cannot be read: ${source.headerError}`);
      if (rows.length > 0) return;
    }
    const rows = source.end();
    if (source.headerError) throw new UnreadableHeader(`the header row cannot be read: ${source.headerError}`);
    if (rows.length === 0) throw new NothingToImport(source.header !== null);
  } finally {
    stream.destroy();
  }
}

export class BatchRunner {
  private readonly running = new Map<string, { done: Promise<void>; stop: AbortController }>();
  private stopping = false;
  /** Called when a batch finished storing rows (the app drops cached answers that include totals). */
  onFinished: (tenantId: string) => Promise<void> | void = () => {};

  constructor(
    private readonly driver: SqlDriver,
    private readonly opts: BatchRunnerOptions,
  ) {}

  /** Stores the upload, creates (or finds) its batch, and starts it unless it is done or running. */
  async submit(body: Readable, s: Submission): Promise<{ batch: BatchRow; started: boolean }> {
    const { file, sha256 } = await this.store(body, s);
    const job: IngestJob = {
      tenantId: s.tenantId,
      type: s.type,
      format: s.format,
      columnMap: s.columnMap,
      settings: this.opts.settings,
      source: await this.sourceOf(file, s.sourceName, sha256),
      invalidUtf8: s.invalidUtf8,
      ...(s.classify ? { classify: s.classify } : {}),
    };
    return this.launch(await batchFor(this.driver, job), job, file);
  }

  /**
   * Restarts a batch that stopped part-way (interrupted, failed, or left running by a process that
   * is gone) from where it stopped: from its kept upload, or from `body` (the same file sent
   * again). A batch that succeeded or runs here is left as it is; one another live process runs
   * stays with it (the run started here ends at once, BatchBusy).
   */
  async resume(batch: BatchRow, body: Readable | null): Promise<{ batch: BatchRow; started: boolean }> {
    if (batch.status === 'succeeded' || this.running.has(batch.id)) return { batch, started: false };
    const options = batch.meta.options as StoredOptions | undefined;
    if (!options || !batch.content_sha256) throw new UploadGone(batch.id);
    let file = this.uploadOf(batch);
    if (body) {
      const s = {
        type: batch.kind as RecordTypeName,
        format: options.format,
        columnMap: options.columnMap,
        invalidUtf8: options.invalidUtf8,
        classify: options.classify,
      };
      file = (await this.store(body, s, batch)).file;
    } else if (!(await stat(file).catch(() => null))) throw new UploadGone(batch.id);
    return this.launch(batch, this.jobOf(batch, await this.sourceOf(file, batch.source_name ?? 'upload', batch.content_sha256!)), file);
  }

  /**
   * On start: resumes every unfinished batch whose upload this runner keeps and that nobody runs
   * (its runner gone, or silent past the lease); one without its upload is marked `interrupted`
   * (resumable with the file, POST /v1/batches/:id/resume). Returns the ids of both.
   */
  async resumeUnfinished(): Promise<{ resumed: string[]; interrupted: string[] }> {
    const resumed: string[] = [];
    const interrupted: string[] = [];
    for (const b of await unfinishedBatches(this.driver)) {
      if (this.stopping) break;
      // Only batches an upload made (their options name the file's format).
      if (this.running.has(b.id) || !b.content_sha256 || !(b.meta.options as StoredOptions | undefined)?.format) continue;
      // A live runner (here or elsewhere) keeps its batch.
      if (!b.lease_free && !runnerIsGone(b.runner)) continue;
      if (await stat(this.uploadOf(b)).catch(() => null)) {
        const { started } = await this.resume(b, null);
        if (started) resumed.push(b.id);
      } else if (b.status !== 'interrupted' && (await interruptBatch(this.driver, b.id, null, runnerIsGone(b.runner) ? b.runner : null))) {
        interrupted.push(b.id);
      }
    }
    return { resumed, interrupted };
  }

  /** Stops every batch this runner runs, between chunks (each left `interrupted`), and waits for them. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const r of this.running.values()) r.stop.abort();
    await this.idle();
  }

  /** Where a batch's upload is kept. */
  private uploadOf(batch: BatchRow): string {
    return join(this.opts.uploadDir, `${batch.content_sha256}.${(batch.meta.options as StoredOptions).format}`);
  }

  private async sourceOf(file: string, name: string, sha256: string): Promise<IngestSource> {
    return { name, sha256, bytes: (await stat(file)).size, open: () => createReadStream(file, { highWaterMark: 256 * 1024 }) };
  }

  /** The job that made a batch, from what the batch keeps. */
  private jobOf(batch: BatchRow, source: IngestSource): IngestJob {
    const o = batch.meta.options as StoredOptions;
    return {
      batchId: batch.id,
      tenantId: batch.tenant_id,
      type: batch.kind as RecordTypeName,
      format: o.format,
      columnMap: o.columnMap,
      settings: o.settings,
      invalidUtf8: o.invalidUtf8,
      ...(o.classify ? { classify: o.classify } : {}),
      source,
    };
  }

  /**
   * Streams an upload to the upload directory under its SHA-256, refusing a file that cannot work,
   * or (with `of`) that is not that batch's file.
   */
  private async store(
    body: Readable,
    s: Pick<Submission, 'type' | 'format' | 'columnMap' | 'invalidUtf8'>,
    of?: BatchRow,
  ): Promise<{ file: string; sha256: string }> {
    await mkdir(this.opts.uploadDir, { recursive: true });
    const partial = join(this.opts.uploadDir, `upload-${randomUUID()}.part`);
    const hash = createHash('sha256');
    let bytes = 0;
    const limit = this.opts.uploadLimitBytes;
    const dir = this.opts.uploadDir;
    let checkedAt = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        bytes += chunk.length;
        if (bytes > limit) return done(new UploadTooLarge(limit));
        // The upload stops while the embedded database still has room to write (a full disk hangs PGlite).
        if (bytes - checkedAt >= 1024 ** 2) {
          checkedAt = bytes;
          try {
            checkFreeSpace(dir);
          } catch (err) {
            return done(err as Error);
          }
        }
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(body, meter, createWriteStream(partial));
    } catch (err) {
      await rm(partial, { force: true });
      if ((err as NodeJS.ErrnoException).code === 'ENOSPC')
        throw new StoreError('DISK_FULL', `the disk of ${dir} is full: free some space (nothing was stored)`);
      throw err;
    }
    const sha256 = hash.digest('hex');
    const file = join(this.opts.uploadDir, `${sha256}.${s.format}`);
    try {
      if (of && of.content_sha256 !== sha256) throw new NotTheBatchFile(of.id, sha256);
      await inspectUpload(partial, s);
    } catch (err) {
      await rm(partial, { force: true });
      throw err;
    }
    await rename(partial, file);
    return { file, sha256 };
  }

  /** Starts a batch's job in the background unless it succeeded, runs here, or this runner is stopping. */
  private async launch(batch: BatchRow, job: IngestJob, file: string): Promise<{ batch: BatchRow; started: boolean }> {
    if (batch.status === 'succeeded' || this.running.has(batch.id) || this.stopping) return { batch, started: false };
    const stop = new AbortController();
    const common = { ...job, fastPath: this.opts.fastPath, signal: stop.signal };
    // A batch resumes in the mode it started in; chunks a single process numbered cannot be shared out.
    const distributed = this.opts.redisUrl && (batch.meta.distributed === true || (await committedRanges(this.driver, batch.id)).ranges.length === 0);
    const done = (
      distributed ? ingestDistributed(this.driver, { ...common, redisUrl: this.opts.redisUrl!, queue: this.opts.queue }) : ingest(this.driver, common)
    )
      .then(async () => {
        await rm(file, { force: true });
        await this.onFinished(job.tenantId);
      })
      .catch((err: unknown) => {
        if (err instanceof IngestInterrupted || err instanceof BatchBusy) this.opts.log?.(err.message);
        else this.opts.log?.(`batch ${batch.id} failed`, err);
      })
      .finally(() => this.running.delete(batch.id));
    this.running.set(batch.id, { done, stop });
    return { batch: (await getBatch(this.driver, null, batch.id)) ?? batch, started: true };
  }

  /** Waits for the jobs this process runs. */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.running.values()].map((r) => r.done));
  }
}
