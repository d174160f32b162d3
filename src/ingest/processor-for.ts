/** The chunk processor for a record type: Scope 3 calculations or CBAM shipments. */
import type { SqlExecutor } from '../store/driver.ts';
import { CbamChunkProcessor } from './cbam-chunk-processor.ts';
import { ThreadedCbamProcessor } from './cbam-thread.ts';
import type { ChunkResult } from '../store/batches.ts';
import { type ChunkContext, ChunkProcessor, type SourceRow } from './chunk-processor.ts';

export type RowChunkProcessor = Pick<ChunkProcessor, 'process' | 'committed'> & {
  /** Processes a chunk again with every database check, after its commit met a unique violation. */
  processChecked?(chunkNo: number, rows: readonly SourceRow[], worker?: string): Promise<ChunkResult>;
  /** True when chunks may be handed over before the last one's result is back (it queues them itself). */
  readonly overlapping?: boolean;
  /** Releases what the processor holds (a thread); called once the job is over. */
  close?(): Promise<void>;
};

/** PostgreSQL's unique_violation. */
const UNIQUE_VIOLATION = '23505';

/** How many times a chunk is checked again when its shipment_ids keep clashing (a clashing chunk may still be committing). */
const RECHECKS = 3;

/**
 * Commits a processed chunk. A CBAM chunk computed without the stored-id check that meets a stored
 * shipment_id (unique violation: nothing was written) is processed again with the check and that
 * result committed: the same rows and errors as checking first. A clash with a chunk of the same
 * file still committing shows as another violation: checked again after it had time to finish.
 */
export async function commitProcessed(
  p: RowChunkProcessor,
  rows: readonly SourceRow[],
  result: ChunkResult,
  commit: (r: ChunkResult) => Promise<boolean>,
): Promise<{ stored: boolean; result: ChunkResult }> {
  let current = result;
  for (let attempt = 0; ; attempt++) {
    try {
      return { stored: await commit(current), result: current };
    } catch (err) {
      if ((err as { code?: string }).code !== UNIQUE_VIOLATION || !p.processChecked || attempt >= RECHECKS) throw err;
      if (attempt > 0) await new Promise((r) => setTimeout(r, 50 * attempt));
      current = await p.processChecked(result.chunkNo, rows, result.worker);
    }
  }
}

/** The processor for the job's record type; `thread`: a CBAM job computes on a worker thread (cbam-thread.ts). */
export function chunkProcessorFor(db: SqlExecutor, ctx: ChunkContext, opts: { thread?: boolean } = {}): RowChunkProcessor {
  if (ctx.type.target !== 'cbam') return new ChunkProcessor(db, ctx);
  return opts.thread ? new ThreadedCbamProcessor(db, ctx) : new CbamChunkProcessor(db, ctx);
}
