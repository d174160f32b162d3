/**
 * The messages between the CBAM compute thread (cbam-thread-worker.ts) and the main thread
 * (cbam-thread.ts), in a module of their own so neither side imports the other.
 */
import type { ChunkResult, CopyRows } from '../store/batches.ts';
import type { PartRow } from '../store/calculation-parts.ts';
import type { SourceRow } from './chunk-processor.ts';

/** A ChunkResult as it crosses threads: parts as plain rows; no rollup or totals (this thread reads them from the COPY lines). */
export type ThreadChunkResult = Omit<ChunkResult, 'parts' | 'rollup' | 'copy' | 'kgCo2e' | 'byCategory'> & { copy: CopyRows; partRows: PartRow[] };

export interface WireError {
  message: string;
  code?: string;
}

export type FromMain =
  | { kind: 'process'; id: number; chunkNo: number; rows: readonly SourceRow[]; worker?: string; checked: boolean }
  | { kind: 'committed'; chunkNo: number }
  | { kind: 'answer'; id: number; rows: unknown[]; error?: WireError };

export type ToMain =
  | { kind: 'result'; id: number; result: ThreadChunkResult }
  | { kind: 'failed'; id: number; error: WireError }
  | { kind: 'query'; id: number; sql: string; params: unknown[] };
