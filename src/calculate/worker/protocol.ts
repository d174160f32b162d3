/**
 * The messages between a batch and its calculation worker thread (helper.ts describes the
 * conversation). Types only: both sides import them without loading each other.
 */
import type { CalculationSettings } from '../../domain/scope3/types.ts';
import type { PartRow } from '../../store/calculation-parts.ts';
import type { RollupSum } from '../../store/rollups.ts';
import type { TenantKey } from '../../store/tenants.ts';
import type { Answers, OpenQuestions } from '../session.ts';
import type { OutcomeColumns } from './outcome-columns.ts';

export interface RemoteChunk {
  /** COPY data, transferred (not copied) from the worker; empty for a chunk that only settles records. */
  data: Uint8Array;
  /** The outcomes of the records this chunk settles; indexes count from the job's first record. */
  outcomes: OutcomeColumns;
}

export type ToWorker =
  | { job: number; type: 'plan'; tenant: TenantKey; settings: CalculationSettings; records: unknown[] }
  | { job: number; type: 'answers'; answers: Answers }
  | { job: number; type: 'cancel' };

export type ToHelper =
  | { job: number; type: 'questions'; open: OpenQuestions }
  | ({ job: number; type: 'chunk' } & RemoteChunk)
  | { job: number; type: 'done'; parts: PartRow[]; rollup: RollupSum[] }
  | { job: number; type: 'error'; message: string };
