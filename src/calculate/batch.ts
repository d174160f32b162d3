/**
 * `POST /v1/calculations/batch`: up to 10,000 records calculated and stored in one transaction.
 *
 * With a `CalculationHelper` (a worker thread) and enough records, the second half of the batch
 * is planned and computed on the other core while this thread does the first half: the worker
 * lists what its records need (suppliers, factor queries), this thread asks the database once
 * for both halves, and the worker streams back its COPY data (bytes, transferred rather than
 * copied) and its records' outcomes (as columns), which this thread feeds into the same COPY
 * between its own chunks. Measured in docs/benchmarks.md (calculations/batch, Design measurements).
 * If the worker fails, the transaction rolls back and the whole batch runs here.
 */
import type { CalculationSettings } from '../domain/scope3/types.ts';
import { type CalculationHelper, HelperFailed } from './worker/helper.ts';
import { CalculationSession, mergeQuestions } from './session.ts';
import { DEFAULT_SETTINGS } from '../domain/scope3/types.ts';
import { EmissionWriter } from '../store/emission-row.ts';
import { emissionLines } from './calculate-records.ts';
import { storeEmissions } from '../store/calculations.ts';
import type { SqlDriver } from '../store/driver.ts';
import type { FactorReader } from '../store/factor-cache.ts';
import { type BatchOutcome, summarize } from './result-summary.ts';
import { type OutcomeColumns, readOutcomes } from './worker/outcome-columns.ts';
import { RollupAccumulator } from '../store/rollups.ts';
import { type TenantKey, tenantKey } from '../store/tenants.ts';

/** Smaller batches stay on this thread: two round trips and the cloning buy little for a few hundred records. */
export const PARALLEL_MIN_RECORDS = 500;

export async function calculateBatch(
  driver: SqlDriver,
  tenantId: string,
  records: readonly unknown[],
  settings: CalculationSettings = DEFAULT_SETTINGS,
  reader?: FactorReader,
  helper: CalculationHelper | null = null,
): Promise<BatchOutcome[]> {
  const tenant = await tenantKey(driver, tenantId);
  const session = new CalculationSession(driver, tenant.id, settings, reader);
  // A merged supplier's id becomes the supplier it was merged into, before the split (so the worker's half too).
  const named = await session.withMergedSuppliers(records);
  // One batch at a time uses the worker: splitting costs more CPU in all (cloning, a second heap to
  // collect), which pays for one request's latency but not when requests already keep both cores
  // busy (docs/benchmarks.md, Design measurements).
  if (helper?.available() && named.length >= PARALLEL_MIN_RECORDS) {
    try {
      return await run(driver, session, tenant, named, settings, helper);
    } catch (err) {
      if (!(err instanceof HelperFailed)) throw err;
    }
    // The worker failed part-way: this thread starts again with a session of its own.
    return run(driver, new CalculationSession(driver, tenant.id, settings, reader), tenant, named, settings, null);
  }
  return run(driver, session, tenant, named, settings, null);
}

async function run(
  driver: SqlDriver,
  session: CalculationSession,
  tenant: TenantKey,
  records: readonly unknown[],
  settings: CalculationSettings,
  helper: CalculationHelper | null,
): Promise<BatchOutcome[]> {
  const split = helper ? Math.ceil(records.length / 2) : records.length;
  const remote = helper?.start(tenant, settings, records.slice(split)) ?? null;
  try {
    const local = session.plan(split === records.length ? records : records.slice(0, split));
    const remoteQuestions = remote ? await remote.questions : null;
    await session.ask(remoteQuestions ? mergeQuestions(local.open, remoteQuestions) : local.open);
    session.refuseUnknownSuppliers(local.outcomes);
    if (remote && remoteQuestions) remote.answer(session.answer(remoteQuestions));

    const outcomes: BatchOutcome[] = new Array(records.length);
    const writer = new EmissionWriter(tenant, settings);
    const rollup = new RollupAccumulator();
    const settleRemote = (columns: OutcomeColumns) =>
      readOutcomes(columns, (at, id, summary, issues) => {
        const index = split + at;
        outcomes[index] = id !== null && summary ? { index, ok: true, id, summary } : { index, ok: false, issues: issues ?? [] };
      });
    async function* lines(): AsyncGenerator<Uint8Array> {
      const own = emissionLines(session, writer, rollup, records, local.outcomes, (index, id, result, issues) => {
        outcomes[index] = id && result ? { index, ok: true, id, summary: summarize(result) } : { index, ok: false, issues: issues! };
      });
      for (const data of own) {
        yield data;
        // Let the worker's messages in (they are macrotasks; COPY's pulls are not), so its
        // chunks that have arrived meanwhile go in between this thread's own.
        await new Promise(setImmediate);
        for (const chunk of remote?.ready() ?? []) {
          settleRemote(chunk.outcomes);
          if (chunk.data.length > 0) yield chunk.data;
        }
      }
      if (!remote) return;
      for await (const chunk of remote.rest()) {
        settleRemote(chunk.outcomes);
        if (chunk.data.length > 0) yield chunk.data;
      }
    }
    await storeEmissions(driver, tenant.id, lines(), writer, rollup, async () => {
      if (!remote) return;
      const done = await remote.done;
      writer.parts.absorb(done.parts);
      rollup.merge(done.rollup);
    });
    return outcomes;
  } finally {
    // Finished jobs ignore this; a batch that failed here frees the worker's side.
    remote?.cancel();
  }
}
