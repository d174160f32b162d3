/** The messages between the benchmark runner and a forked micro-benchmark process (forks.ts, fork-worker.ts). */
import type { MicroBudget } from './measure-micro.ts';
import type { Measurement } from './result.ts';

export interface ForkRequest {
  file: string;
  benchmark: string;
  budget: MicroBudget;
}

export type ForkResponse = { measurement: Measurement } | { error: string };
