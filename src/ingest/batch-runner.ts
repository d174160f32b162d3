/**
 * Batches submitted over HTTP: the upload is streamed to disk while it is hashed (so a file of any
 * size never sits in memory), the batch is created under the id its content gives, and the job
 * runs in the background — in this process, or on the workers' queue when REDIS_URL is set.
 * Submitting the same file again returns the same batch; one that stopped part-way resumes.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { CalculationSettings } from '../domain/scope3/types.ts';
import { type BatchRow, getBatch } from '../store/batches.ts';
import type { SqlDriver } from '../store/driver.ts';
import { ingestDistributed } from './distributed.ts';
import { batchFor, type FileFormat, type IngestSource, ingest, NothingToImport } from './pipeline.ts';
import { planColumns, RECORD_TYPE_DEFS, type RecordTypeName } from './record-types.ts';
import { RowSource } from './row-source.ts';
import type { InvalidUtf8 } from './utf8.ts';

export class UploadTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`the upload is larger than the limit of ${limit} bytes (GREENLINE_UPLOAD_LIMIT_BYTES)`);
  }
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
  log?: (message: string, err?: unknown) => void;
}

export interface Submission {
  tenantId: string;
  type: RecordTypeName;
  format: FileFormat;
  columnMap: Record<string, string>;
  sourceName: string;
  invalidUtf8?: InvalidUtf8;
}

/** The header cannot be read at all (a CSV whose first record is malformed). */
export class UnreadableHeader extends Error {}

/**
 * Reads an upload until its first data row, so a file that cannot work is refused before a batch
 * exists: a header without a required column (ColumnPlanError), an unreadable header, or no data
 * rows at all (NothingToImport).
 */
export async function inspectUpload(file: string, s: Submission): Promise<void> {
  const type = RECORD_TYPE_DEFS[s.type];
  const source = new RowSource(s.format, s.invalidUtf8, (header) => planColumns(type, header, s.columnMap, 'map').fields);
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
  private readonly running = new Map<string, Promise<void>>();
  /** Called when a batch finished storing rows (the app drops cached answers that include totals). */
  onFinished: (tenantId: string) => Promise<void> | void = () => {};

  constructor(
    private readonly driver: SqlDriver,
    private readonly opts: BatchRunnerOptions,
  ) {}

  /** Stores the upload, creates (or finds) its batch, and starts it unless it is done or running. */
  async submit(body: Readable, s: Submission): Promise<{ batch: BatchRow; started: boolean }> {
    await mkdir(this.opts.uploadDir, { recursive: true });
    const partial = join(this.opts.uploadDir, `upload-${randomUUID()}.part`);
    const hash = createHash('sha256');
    let bytes = 0;
    const limit = this.opts.uploadLimitBytes;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        bytes += chunk.length;
        if (bytes > limit) return done(new UploadTooLarge(limit));
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(body, meter, createWriteStream(partial));
    } catch (err) {
      await rm(partial, { force: true });
      throw err;
    }
    const sha256 = hash.digest('hex');
    const file = join(this.opts.uploadDir, `${sha256}.${s.format}`);
    try {
      await inspectUpload(partial, s);
    } catch (err) {
      await rm(partial, { force: true });
      throw err;
    }
    await rename(partial, file);
    const source: IngestSource = {
      name: s.sourceName,
      sha256,
      bytes: (await stat(file)).size,
      open: () => createReadStream(file, { highWaterMark: 256 * 1024 }),
    };
    const job = {
      tenantId: s.tenantId,
      type: s.type,
      format: s.format,
      columnMap: s.columnMap,
      settings: this.opts.settings,
      source,
      invalidUtf8: s.invalidUtf8,
      fastPath: this.opts.fastPath,
    };
    const batch = await batchFor(this.driver, job);
    if (batch.status === 'succeeded' || this.running.has(batch.id)) return { batch, started: false };
    const run = (
      this.opts.redisUrl ? ingestDistributed(this.driver, { ...job, redisUrl: this.opts.redisUrl, queue: this.opts.queue }) : ingest(this.driver, job)
    )
      .then(async () => {
        await rm(file, { force: true });
        await this.onFinished(s.tenantId);
      })
      .catch((err: unknown) => this.opts.log?.(`batch ${batch.id} failed`, err))
      .finally(() => this.running.delete(batch.id));
    this.running.set(batch.id, run);
    return { batch: (await getBatch(this.driver, null, batch.id)) ?? batch, started: true };
  }

  /** Waits for the jobs this process runs (tests; a shutdown may also just leave them to resume). */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.running.values()]);
  }
}
