/** What the pipeline, the distributed worker and the commit step ask of a chunk processor. */
import type { ChunkResult } from '../store/batches.ts';
import type { ChunkProcessor, SourceRow } from './chunk-processor.ts';

export type RowChunkProcessor = Pick<ChunkProcessor, 'process' | 'committed'> & {
  /** Processes a chunk again with every database check, after its commit met a unique violation. */
  processChecked?(chunkNo: number, rows: readonly SourceRow[], worker?: string): Promise<ChunkResult>;
  /** True when chunks may be handed over before the last one's result is back (it queues them itself). */
  readonly overlapping?: boolean;
  /** Releases what the processor holds (a thread); called once the job is over. */
  close?(): Promise<void>;
};
