/**
 * One share of a load run in a worker thread: loads the plan's workload from its module, runs the
 * engine and posts each second's bucket and the final totals to the main thread, histograms in
 * compressed form.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runShare, type SharePlan } from './engine.ts';
import { encodeHistogram } from './histogram.ts';
import { loadWorkload } from './workload.ts';

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
const plan = workerData as SharePlan;
const workload = plan.workload ? await loadWorkload(plan.workload) : null;
const result = await runShare(
  plan,
  (b) => {
    const message: WorkerSecond = {
      type: 'second',
      second: b.second,
      requests: b.requests,
      errors: b.errors,
      users: b.users,
      histogram: encodeHistogram(b.histogram),
    };
    b.histogram.destroy();
    port.postMessage(message);
  },
  workload,
);
const done: WorkerDone = {
  type: 'done',
  actions: result.actions.map((a) => ({ key: a.key, requests: a.requests, errors: a.errors, histogram: encodeHistogram(a.histogram) })),
  errorKinds: result.errorKinds,
};
port.postMessage(done);
