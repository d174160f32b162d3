/**
 * One share of a load run in a worker thread: runs the engine and posts each second's bucket
 * and the final totals to the main thread, histograms in compressed form.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runShare, type SharePlan } from './engine.ts';
import { encodeHistogram } from './histogram.ts';

export interface WorkerSecond {
  type: 'second';
  second: number;
  requests: number;
  errors: number;
  users: number;
  histogram: string;
}

export interface WorkerDone {
  type: 'done';
  actions: Array<{ key: string; requests: number; errors: number; histogram: string }>;
  errorKinds: Record<string, number>;
}

const port = parentPort!;
const result = await runShare(workerData as SharePlan, (b) => {
  const message: WorkerSecond = { type: 'second', second: b.second, requests: b.requests, errors: b.errors, users: b.users, histogram: encodeHistogram(b.histogram) };
  b.histogram.destroy();
  port.postMessage(message);
});
const done: WorkerDone = {
  type: 'done',
  actions: result.actions.map((a) => ({ key: a.key, requests: a.requests, errors: a.errors, histogram: encodeHistogram(a.histogram) })),
  errorKinds: result.errorKinds,
};
port.postMessage(done);
