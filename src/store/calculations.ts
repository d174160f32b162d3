/**
 * Stored calculation results: writing a batch of `emissions` rows with their lineage parts and
 * rollups in one transaction, and reading one back as a full result.
 */
import type { GasBreakdown } from '../domain/factors/types.ts';
import { CATEGORY_MODULES } from '../domain/scope3/categories/index.ts';
import { assessResult, type CalculationResult, pedigreeOf } from '../domain/scope3/engine.ts';
import type { CalculationSettings, Tier } from '../domain/scope3/types.ts';
import {
  committedParts,
  type EmissionDetail,
  legacyWarnings,
  loadParts,
  type StoredCalculation,
  storedFromDetail,
  templateInput,
} from './calculation-parts.ts';
import type { CopyData, SqlDriver, SqlExecutor } from './driver.ts';
import { EMISSION_COLUMNS, type EmissionWriter } from './emission-row.ts';
import type { RollupAccumulator } from './rollups.ts';

export interface EmissionColumns {
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

const READ_COLUMNS =
  'id, category, tier, method, activity_date, supplier_id, kg_co2e, gases, lineage_hash, cv, external_id, calculated_at, input::json AS input, detail::json AS detail, result';

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
    await tx.copyIn('emissions', EMISSION_COLUMNS, lines);
    await beforeParts?.();
    await writer.parts.store(tx, committed);
    await rollup.store(tx, tenantId);
  });
  for (const part of writer.parts.entries()) committed.set(part.id, true);
}

export interface StoredRow {
  id: string;
  calculatedAt: string;
  input: Record<string, unknown>;
  settings: CalculationSettings;
  result: CalculationResult;
}

/** A stored row with its lineage document in one shape, whichever format it was written in. */
export async function loadStored(db: SqlExecutor, tenantId: string | null, id: string): Promise<{ row: EmissionColumns; stored: StoredCalculation } | null> {
  const res = await db.query<EmissionColumns>(
    `SELECT ${READ_COLUMNS} FROM emissions WHERE id = $1${tenantId ? ' AND tenant_id = $2' : ''}`,
    tenantId ? [id, tenantId] : [id],
  );
  const row = res.rows[0];
  if (!row) return null;
  if (row.detail) {
    const parts = await loadParts(db, row.detail);
    const input = row.input ?? templateInput(row.detail, parts, row.activity_date, row.external_id);
    return { row: { ...row, input }, stored: storedFromDetail(row.detail, row.cv ?? 0, parts) };
  }
  if (row.result) return { row, stored: { ...row.result, warnings: legacyWarnings(row.result.warnings) } };
  return null;
}

export async function getCalculation(db: SqlExecutor, tenantId: string, id: string): Promise<StoredRow | null> {
  const found = await loadStored(db, tenantId, id);
  if (!found) return null;
  const { row, stored } = found;
  const input = row.input ?? {};
  return { id: row.id, calculatedAt: new Date(row.calculated_at).toISOString(), input, settings: stored.settings, result: rebuildResult(row, stored, input) };
}
