/**
 * Calculating records and storing their results: one record or a batch inline (the API), the
 * lines of a COPY computed chunk by chunk so the database loads one while the next is computed.
 */
import { timeOrderedId } from '../domain/ids.ts';
import type { CalculationResult, PlanOutcome } from '../domain/scope3/engine.ts';
import { type CalculationSettings, DEFAULT_SETTINGS, type InputIssue } from '../domain/scope3/types.ts';
import { storeEmissions } from '../store/calculations.ts';
import { CopyBuffer } from '../store/copy-text.ts';
import type { SqlDriver } from '../store/driver.ts';
import { EmissionWriter } from '../store/emission-row.ts';
import type { FactorReader } from '../store/factor-cache.ts';
import { RollupAccumulator } from '../store/rollups.ts';
import { tenantKey } from '../store/tenants.ts';
import { type CalculationPlanner, CalculationSession } from './session.ts';

export type RecordOutcome = { index: number; ok: true; id: string; result: CalculationResult } | { index: number; ok: false; issues: InputIssue[] };

/** How a record's calculation ended: stored under `id` with its result, or refused. */
export type Settle = (index: number, id: string | null, result: CalculationResult | null, issues: InputIssue[] | null) => void;

/**
 * Completes planned records into COPY data for `emissions`, chunk by chunk: a generator, so COPY
 * loads one chunk while the next is computed (node-postgres streams; PGlite takes the whole text
 * once it is complete). `planned[i]` is record `i`'s plan; every record is settled. Chunks are
 * bytes, not strings: a worker thread hands them over without copying, and a string built line
 * by line is a rope that had to be flattened and encoded again on the way out.
 */
export function* emissionLines(
  planner: CalculationPlanner,
  writer: EmissionWriter,
  rollup: RollupAccumulator,
  records: readonly unknown[],
  planned: readonly PlanOutcome[],
  settle: Settle,
): Generator<Uint8Array> {
  const out = new CopyBuffer(CHUNK_BYTES);
  for (let start = 0; start < planned.length; start += COPY_CHUNK) {
    const end = Math.min(planned.length, start + COPY_CHUNK);
    for (let i = start; i < end; i++) {
      const p = planned[i]!;
      if (!p.ok) {
        settle(i, null, null, p.issues);
        continue;
      }
      const o = planner.complete(p.planned);
      if (!o.ok) {
        settle(i, null, null, o.issues);
        continue;
      }
      const id = timeOrderedId('calc');
      out.text(writer.line(id, records[i] as Record<string, unknown>, p.planned, o.result));
      rollup.add(o.result.date, o.result.category, o.result.tier, o.result.supplierId, o.result.kgCo2e, o.result.dataQuality.score);
      settle(i, id, o.result, null);
    }
    if (out.length > 0) yield out.take();
  }
}

export async function calculateAndStore(
  driver: SqlDriver,
  tenantId: string,
  records: readonly unknown[],
  settings: CalculationSettings = DEFAULT_SETTINGS,
  reader?: FactorReader,
): Promise<RecordOutcome[]> {
  const session = new CalculationSession(driver, tenantId, settings, reader);
  const outcomes: RecordOutcome[] = new Array(records.length);
  const planned = await session.prepare(records);
  const writer = new EmissionWriter(await tenantKey(driver, tenantId), settings);
  const rollup = new RollupAccumulator();
  const lines = emissionLines(session, writer, rollup, records, planned, (index, id, result, issues) => {
    outcomes[index] = id && result ? { index, ok: true, id, result } : { index, ok: false, issues: issues! };
  });
  if (planned.some((p) => p.ok)) await storeEmissions(driver, tenantId, lines, writer, rollup);
  // Every record was refused: run the lines only to settle them.
  else Array.from(lines);
  return outcomes;
}

/** Records computed per COPY chunk: big enough to amortise, small enough to overlap. */
const COPY_CHUNK = 500;
/** A chunk's first buffer: 500 rows of ~600 bytes fit without growing it. */
const CHUNK_BYTES = 512 * 1024;
