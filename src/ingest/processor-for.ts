/** The chunk processor for a record type: Scope 3 calculations or CBAM shipments. */
import type { SqlExecutor } from '../store/driver.ts';
import { CbamChunkProcessor } from './cbam-chunk-processor.ts';
import { type ChunkContext, ChunkProcessor } from './chunk-processor.ts';

export type RowChunkProcessor = Pick<ChunkProcessor, 'process' | 'committed'>;

export function chunkProcessorFor(db: SqlExecutor, ctx: ChunkContext): RowChunkProcessor {
  return ctx.type.target === 'cbam' ? new CbamChunkProcessor(db, ctx) : new ChunkProcessor(db, ctx);
}
