
import type { GasBreakdown } from '../domain/factors/types.ts';
import { timeOrderedId } from '../domain/ids.ts';
import { CATEGORY_MODULES } from '../domain/scope3/categories/index.ts';
import {
  assessResult,
  type CalculationResult,
  completeRecord,
  type PlannedRecord,
  pedigreeOf,
  type PlanOutcome,
  planRecord,
} from '../domain/scope3/engine.ts';
import type { CalculationSettings, FactorNeed, InputIssue, Tier, UsedFactor } from '../domain/scope3/types.ts';
import { committedParts, type EmissionDetail, loadParts, PartSet, type StoredCalculation, storedFromDetail, templateInput } from './calculation-parts.ts';
import { type CalculationPlanner, CalculationSession, calcContext } from './calculation-session.ts';
import { CopyBuffer, copyJson, copyNumber, copyText } from './copy-text.ts';
import type { CopyData, SqlDriver, SqlExecutor } from './driver.ts';
import type { FactorReader } from './factor-cache.ts';
import { RollupAccumulator } from './rollups.ts';
import { type TenantKey, tenantKey } from './tenants.ts';

export const DEFAULT_SETTINGS: CalculationSettings = { gwpSet: 'AR5', capitalGoods: 'full_in_purchase_year', deflateSpend: true };

export type RecordOutcome = { index: number; ok: true; id: string; result: CalculationResult } | { index: number; ok: false; issues: InputIssue[] };

interface EmissionColumns {
  id: string;
  category: number;
  tier: Tier;
  method: string;
  activity_date: string;
  supplier_id: string | null;
  kg_co2e: number;
  gases: GasBreakdown | null;
  lineage_hash: string;
  cv: number | null;
  external_id: string | null;
  calculated_at: Date;
  input: Record<string, unknown> | null;
  detail: EmissionDetail | null;
  /** Rows from before migration 2 only. */
  result: StoredCalculation | null;
}

const EMISSION_COLUMNS = 'id, category, tier, method, activity_date, supplier_id, kg_co2e, gases, lineage_hash, cv, external_id, calculated_at, input::json AS input, detail::json AS detail, result';

/** The full result again, from the columns, the stored remainder and the raw input. */
function rebuildResult(row: EmissionColumns, s: StoredCalculation, input: Record<string, unknown>): CalculationResult {
  const { dataQuality, uncertainty } = assessResult(row.kg_co2e, s.factors, row.tier, pedigreeOf(input));
  return {
    category: row.category,
    categoryName: CATEGORY_MODULES.get(row.category)?.name ?? `Category ${row.category}`,
    tier: row.tier,
    method: row.method,
    methodVersion: s.methodVersion,
    date: row.activity_date,
    supplierId: row.supplier_id,
    kgCo2e: row.kg_co2e,
    tCo2e: row.kg_co2e / 1000,
    gases: row.gases,
    gwpSet: s.settings.gwpSet,
    factors: s.factors,
    inputsUsed: s.inputsUsed,
    tierFallback: { chosen: { tier: row.tier, method: row.method }, skipped: s.skipped },
    warnings: s.warnings,
    dataQuality,
    uncertainty,
    lineageHash: row.lineage_hash,
  };
}

/** How a record's calculation ended: stored under `id` with its result, or refused. */
type Settle = (index: number, id: string | null, result: CalculationResult | null, issues: InputIssue[] | null) => void;

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

/**
 * Writes rows, their lineage parts and rollups in one transaction. `beforeParts` runs after the
 * rows are in (a batch's worker hands over its parts and sums then).
 */
export async function storeEmissions(
  driver: SqlDriver,
  tenantId: string,
  lines: CopyData,
  writer: EmissionWriter,
  rollup: RollupAccumulator,
  beforeParts?: () => Promise<void>,
): Promise<void> {
  const committed = committedParts(driver);
  await driver.transaction(async (tx) => {
    await tx.copyIn('emissions', EMISSION_COPY_COLUMNS, lines);
    await beforeParts?.();
    await writer.parts.store(tx, committed);
    await rollup.store(tx, tenantId);
  });
  for (const part of writer.parts.entries()) committed.set(part.id, true);
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

/** The factor a result is filed under: the first one that is a stored factor row. */
function primaryFactor(result: Pick<CalculationResult, 'factors'>): UsedFactor | undefined {
  return result.factors.find((f) => !f.id.startsWith('inline:') && !f.id.startsWith('proxy:'));
}

export const EMISSION_COPY_COLUMNS = [
  'id',
  'tenant_id',
  'tenant_no',
  'batch_id',
  'supplier_id',
  'category',
  'tier',
  'method',
  'activity_date',
  'kg_co2e',
  'gases',
  'factor_id',
  'dataset_version',
  'dqi',
  'cv',
  'lineage_hash',
  'external_id',
  'input',
  'detail',
  'row_number',
] as const;

/** Turns results into COPY lines for `emissions`, collecting the lineage parts they cite. */
export class EmissionWriter {
  readonly parts = new PartSet();
  private readonly settingsPart: string;
  /** The tenant's two columns, id and number. */
  private readonly tenant: string;
  private readonly batch: string;

  constructor(tenant: TenantKey, settings: CalculationSettings, batchId: string | null = null) {
    this.tenant = `${copyText(tenant.id)}\t${tenant.no}`;
    this.batch = copyText(batchId);
    this.settingsPart = this.parts.id('settings', settings);
  }

  /** A result's lineage document, registering the parts it cites. */
  detailOf(r: CalculationResult): EmissionDetail {
    const f: Record<string, string> = {};
    for (const factor of r.factors) f[factor.name] = this.parts.factor(factor);
    const detail: EmissionDetail = { v: r.methodVersion, set: this.settingsPart, f, u: r.inputsUsed };
    if (r.tierFallback.skipped.length > 0) detail.s = this.parts.skipped(r.tierFallback.skipped);
    if (r.warnings.length > 0) detail.w = r.warnings;
    return detail;
  }

  /** `rowNumber`: the record's row in an ingested file. */
  line(id: string, raw: Record<string, unknown>, p: PlannedRecord, r: CalculationResult, rowNumber: number | null = null): string {
    const primary = primaryFactor(r);
    return `${copyText(id)}\t${this.rowPrefix(p.common.supplierId, r)}${r.date}\t${copyNumber(r.kgCo2e)}\t${this.factorColumns(r, primary)}${r.lineageHash}\t${copyText(p.common.externalId)}\t${copyJson(raw)}\t${copyJson(this.detailOf(r))}\t${copyNumber(rowNumber)}\n`;
  }

  /** The columns between id and date: tenant (id and number), batch, supplier, category, tier, method. */
  rowPrefix(supplierId: string | undefined, r: Pick<CalculationResult, 'category' | 'tier' | 'method'>): string {
    return `${this.tenant}\t${this.batch}\t${copyText(supplierId)}\t${r.category}\t${r.tier}\t${copyText(r.method)}\t`;
  }

  /** The columns between kg_co2e and lineage_hash: gases, factor, dataset version, DQI, CV. */
  factorColumns(r: Pick<CalculationResult, 'gases' | 'factors' | 'dataQuality' | 'uncertainty'>, primary = primaryFactor(r)): string {
    return `${copyJson(r.gases)}\t${copyText(primary?.id)}\t${copyText(primary?.datasetVersion)}\t${copyNumber(r.dataQuality.score)}\t${copyNumber(r.uncertainty.cv)}\t`;
  }
}

export interface StoredRow {
  id: string;
  calculatedAt: string;
  input: Record<string, unknown>;
  settings: CalculationSettings;
  result: CalculationResult;
}

/** A stored row with its lineage document in one shape, whichever format it was written in. */
async function loadStored(db: SqlExecutor, tenantId: string | null, id: string): Promise<{ row: EmissionColumns; stored: StoredCalculation } | null> {
  const res = await db.query<EmissionColumns>(
    `SELECT ${EMISSION_COLUMNS} FROM emissions WHERE id = $1${tenantId ? ' AND tenant_id = $2' : ''}`,
    tenantId ? [id, tenantId] : [id],
  );
  const row = res.rows[0];
  if (!row) return null;
  if (row.detail) {
    const parts = await loadParts(db, row.detail);
    const input = row.input ?? templateInput(row.detail, parts, row.activity_date, row.external_id);
    return { row: { ...row, input }, stored: storedFromDetail(row.detail, row.cv ?? 0, parts) };
  }
  if (row.result) return { row, stored: row.result };
  return null;
}

export async function getCalculation(db: SqlExecutor, tenantId: string, id: string): Promise<StoredRow | null> {
  const found = await loadStored(db, tenantId, id);
  if (!found) return null;
  const { row, stored } = found;
  const input = row.input ?? {};
  return { id: row.id, calculatedAt: new Date(row.calculated_at).toISOString(), input, settings: stored.settings, result: rebuildResult(row, stored, input) };
}

export interface Verification {
  id: string;
  status: 'match' | 'mismatch';
  stored: { kgCo2e: number; lineageHash: string };
  recomputed: { kgCo2e: number; lineageHash: string } | null;
  differences: string[];
}

/**
 * Recomputes a stored result from its stored input, settings and the factors it cites (read
 * again from the factors table where they are rows there), and compares number and lineage.
 */
export async function verifyCalculation(db: SqlExecutor, tenantId: string | null, id: string): Promise<Verification | null> {
  const found = await loadStored(db, tenantId, id);
  if (!found) return null;
  const { row, stored } = found;
  const { settings } = stored;
  const result = { factors: stored.factors, tier: row.tier, method: row.method };
  const input = row.input;
  const differences: string[] = [];
  const cited = new Map(result.factors.map((f) => [f.name, f]));
  const ids = result.factors.map((f) => f.id).filter((fid) => !fid.startsWith('inline:') && !fid.startsWith('proxy:'));
  const current = new Map<string, { value: number; unit: string; dataset_version: string }>();
  if (ids.length > 0) {
    const fr = await db.query<{ id: string; value: number; unit: string; dataset_version: string }>('SELECT id, value, unit, dataset_version FROM factors WHERE id = ANY($1::text[])', [ids]);
    for (const f of fr.rows) current.set(f.id, f);
  }
  for (const fid of ids) if (!current.has(fid)) differences.push(`factor ${fid} no longer exists`);
  const ctx = calcContext(settings);
  const planned = planRecord(input, ctx);
  let recomputed: Verification['recomputed'] = null;
  if (input === null) {
    differences.push('the raw input record is missing');
  } else if (!planned.ok) {
    differences.push(`stored input no longer validates: ${planned.issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`);
  } else {
    const lookup = (need: FactorNeed): UsedFactor | null => {
      const f = cited.get(need.name);
      if (!f) return null;
      const now = current.get(f.id);
      return now ? { ...f, value: now.value, unit: now.unit, datasetVersion: now.dataset_version } : f;
    };
    // Only the method that was used: its factors are the ones cited.
    const used = { ...planned.planned, plans: planned.planned.plans.filter((p) => p.tier === result.tier && p.method === result.method) };
    const out = completeRecord(used, lookup, ctx);
    if (!out.ok) differences.push(`recomputation failed: ${out.issues.map((i) => i.message).join('; ')}`);
    else {
      recomputed = { kgCo2e: out.result.kgCo2e, lineageHash: out.result.lineageHash };
      if (out.result.kgCo2e !== row.kg_co2e) differences.push(`kg_co2e: stored ${row.kg_co2e}, recomputed ${out.result.kgCo2e}`);
      if (out.result.lineageHash !== row.lineage_hash) differences.push(`lineage_hash: stored ${row.lineage_hash}, recomputed ${out.result.lineageHash}`);
    }
  }
  return {
    id: row.id,
    status: differences.length === 0 ? 'match' : 'mismatch',
    stored: { kgCo2e: row.kg_co2e, lineageHash: row.lineage_hash },
    recomputed,
    differences,
  };
}
