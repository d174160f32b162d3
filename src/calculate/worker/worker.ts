/**
 * The calculation worker thread (helper.ts describes the conversation, protocol.ts its messages): plans the records
 * it is sent, lists what they need, and once answered completes them into COPY data, posted
 * chunk by chunk with its records' outcomes, then the lineage parts and rollup sums it collected.
 */
import { parentPort } from 'node:worker_threads';
import type { PlanOutcome } from '../../domain/scope3/engine.ts';
import { summarize } from '../result-summary.ts';
import type { ToHelper, ToWorker } from './protocol.ts';
import { CalculationPlanner } from '../session.ts';
import { EmissionWriter } from '../../store/emission-row.ts';
import { emissionLines } from '../calculate-records.ts';
import { OutcomeColumnsBuilder } from './outcome-columns.ts';
import { RollupAccumulator } from '../../store/rollups.ts';
import type { TenantKey } from '../../store/tenants.ts';

interface Job {
  tenant: TenantKey;
  planner: CalculationPlanner;
  records: unknown[];
  planned: PlanOutcome[];
}

const port = parentPort!;
const jobs = new Map<number, Job>();
const post = (message: ToHelper) => port.postMessage(message);

function handle(m: ToWorker): void {
  if (m.type === 'plan') {
    const planner = new CalculationPlanner(m.settings);
    const { outcomes, open } = planner.plan(m.records);
    jobs.set(m.job, { tenant: m.tenant, planner, records: m.records, planned: outcomes });
    post({ job: m.job, type: 'questions', open });
    return;
  }
  const job = jobs.get(m.job);
  jobs.delete(m.job);
  if (m.type === 'cancel') return;
  if (!job) throw new Error(`no job ${m.job}`);
  job.planner.learn(m.answers);
  job.planner.refuseUnknownSuppliers(job.planned);
  const writer = new EmissionWriter(job.tenant, job.planner.settings);
  const rollup = new RollupAccumulator();
  const settled = new OutcomeColumnsBuilder();
  const lines = emissionLines(job.planner, writer, rollup, job.records, job.planned, (index, id, result, issues) => {
    settled.add(index, id, result ? summarize(result) : null, issues);
  });
  for (const data of lines) {
    // The chunk's memory moves to the other thread instead of being copied (never a slab of
    // Buffer's shared pool, which small buffers live in: that would detach the pool itself).
    const own = data.buffer.byteLength > Buffer.poolSize;
    port.postMessage({ job: m.job, type: 'chunk', data, outcomes: settled.take() } satisfies ToHelper, own ? [data.buffer as ArrayBuffer] : []);
  }
  if (settled.size > 0) post({ job: m.job, type: 'chunk', data: new Uint8Array(0), outcomes: settled.take() });
  post({ job: m.job, type: 'done', parts: writer.parts.entries(), rollup: rollup.rows() });
}

port.on('message', (m: ToWorker) => {
  try {
    handle(m);
  } catch (err) {
    jobs.delete(m.job);
    post({ job: m.job, type: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  }
});

// Modules loaded: the helper may send jobs.
port.postMessage('loaded');
