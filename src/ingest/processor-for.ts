/** The chunk processor for a record type: Scope 3 calculations or CBAM shipments. */
import type { SqlExecutor } from '../store/driver.ts';
import { CbamChunkProcessor } from './cbam-chunk-processor.ts';
import { ThreadedCbamProcessor } from './cbam-thread.ts';
import type { ChunkResult } from '../store/batches.ts';
import { type ChunkContext, ChunkProcessor, type SourceRow } from './chunk-processor.ts';
import type { RowChunkProcessor } from './row-chunk-processor.ts';
import { SupplierNamesProcessor } from './supplier-names-processor.ts';

export type { RowChunkProcessor } from './row-chunk-processor.ts';

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

/**
 * The processor for the job's record type; `thread`: a CBAM job computes on a worker thread
 * (cbam-thread.ts). A file that may name suppliers (a supplier_name column, or NDJSON) has them
 * resolved in bulk first (supplier-names-processor.ts); any other file goes straight through.
 */
export function chunkProcessorFor(db: SqlExecutor, ctx: ChunkContext, opts: { thread?: boolean } = {}): RowChunkProcessor {
  const make = (c: ChunkContext): RowChunkProcessor => {
    if (c.type.target !== 'cbam') return new ChunkProcessor(db, c);
    return opts.thread ? new ThreadedCbamProcessor(db, c) : new CbamChunkProcessor(db, c);
  };
  return SupplierNamesProcessor.wanted(ctx) ? new SupplierNamesProcessor(db, ctx, make) : make(ctx);
}
