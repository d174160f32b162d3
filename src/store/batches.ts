/**
 * Bulk-ingest batches: one per (tenant, record type, column mapping, file content), chunk
 * bookkeeping that makes jobs resumable and chunk retries harmless, and row errors.
 */
import { deterministicId } from '../domain/ids.ts';
import type { PartSet } from './calculation-parts.ts';
import type { RollupAccumulator } from './rollups.ts';
import { EMISSION_COLUMNS } from './emission-row.ts';
import { copyText, storableText } from './copy-text.ts';
import type { SqlDriver, SqlExecutor } from './driver.ts';

export type BatchStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface BatchRow {
  id: string;
  tenant_id: string;
  status: BatchStatus;
  kind: string;
  source_name: string | null;
  content_sha256: string | null;
  total: number;
  processed: number;
  failed: number;
  rows_ok: number;
  kg_co2e: number;
  meta: Record<string, unknown>;
  error: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

export interface BatchSpec {
  tenantId: string;
  kind: string;
  sha256: string;
  sourceName: string;
  /** What else makes two runs of one file differ (format, column map, settings). */
  options: Record<string, unknown>;
}

export function batchIdFor(spec: BatchSpec): string {
  return deterministicId('bat', spec.tenantId, spec.kind, spec.sha256, JSON.stringify(spec.options));
}

/** The batch for this file: created pending, or the existing one (same file, same options). */
export async function findOrCreateBatch(db: SqlExecutor, spec: BatchSpec): Promise<{ batch: BatchRow; created: boolean }> {
  const id = batchIdFor(spec);
  const inserted = await db.query<BatchRow>(
    `INSERT INTO batches (id, tenant_id, status, kind, content_sha256, source_name, meta)
     VALUES ($1, $2, 'pending', $3, $4, $5, $6::jsonb) ON CONFLICT (id) DO NOTHING RETURNING *`,
    [id, spec.tenantId, spec.kind, spec.sha256, spec.sourceName, JSON.stringify({ options: spec.options })],
  );
  if (inserted.rows[0]) return { batch: inserted.rows[0], created: true };
  const existing = await db.query<BatchRow>('SELECT * FROM batches WHERE id = $1', [id]);
  return { batch: existing.rows[0]!, created: false };
}

export async function getBatch(db: SqlExecutor, tenantId: string | null, id: string): Promise<BatchRow | null> {
  const res = await db.query<BatchRow>(`SELECT * FROM batches WHERE id = $1${tenantId ? ' AND tenant_id = $2' : ''}`, tenantId ? [id, tenantId] : [id]);
  return res.rows[0] ?? null;
}

export async function startBatch(db: SqlExecutor, id: string, meta: Record<string, unknown> = {}): Promise<void> {
  await db.query(
    `UPDATE batches SET status = 'running', started_at = COALESCE(started_at, now()), finished_at = NULL, error = NULL,
            meta = meta || $2::jsonb, updated_at = now() WHERE id = $1`,
    [id, JSON.stringify(meta)],
  );
}

export async function finishBatch(
  db: SqlExecutor,
  id: string,
  outcome: { status: 'succeeded' | 'failed'; total?: number; error?: string | null },
): Promise<void> {
  await db.query(`UPDATE batches SET status = $2, total = COALESCE($3, total), error = $4, finished_at = now(), updated_at = now() WHERE id = $1`, [
    id,
    outcome.status,
    outcome.total ?? null,
    outcome.error ?? null,
  ]);
}

/** Row ranges already committed, sorted, for resuming. */
export async function committedRanges(db: SqlExecutor, batchId: string): Promise<{ ranges: Array<[number, number]>; nextChunk: number }> {
  const res = await db.query<{ chunk_no: number; first_row: number; last_row: number }>(
    'SELECT chunk_no, first_row, last_row FROM batch_chunks WHERE batch_id = $1 ORDER BY first_row',
    [batchId],
  );
  const nextChunk = res.rows.reduce((m, r) => Math.max(m, r.chunk_no + 1), 0);
  return { ranges: res.rows.map((r) => [r.first_row, r.last_row]), nextChunk };
}

export interface RowError {
  row: number;
  field: string;
  value: string | null;
  reason: string;
}

export interface ChunkResult {
  batchId: string;
  chunkNo: number;
  firstRow: number;
  lastRow: number;
  rowsOk: number;
  rowsFailed: number;
  kgCo2e: number;
  byCategory: Record<string, number>;
  /** COPY data for `emissions` (EMISSION_COLUMNS). */
  emissions: Uint8Array;
  errors: RowError[];
  parts: PartSet;
  /** Totals to add to the tenant's emission rollups. */
  rollup: RollupAccumulator;
  tenantId: string;
  worker?: string;
}

const MAX_VALUE_CHARS = 200;

function errorLines(batchId: string, errors: readonly RowError[]): string {
  let out = '';
  let prevRow = -1;
  let seq = 0;
  const batch = copyText(batchId);
  for (const e of errors) {
    seq = e.row === prevRow ? seq + 1 : 0;
    prevRow = e.row;
    const value = e.value === null ? null : e.value.length > MAX_VALUE_CHARS ? `${e.value.slice(0, MAX_VALUE_CHARS)}…` : e.value;
    // Bad input is quoted in errors: made storable, so reporting it can never fail the chunk.
    out += `${batch}\t${e.row}\t${seq}\t${copyText(storableText(e.field))}\t${copyText(value === null ? null : storableText(value))}\t${copyText(storableText(e.reason))}\n`;
  }
  return out;
}

/**
 * Commits one chunk atomically: its bookkeeping row, its emissions and errors (COPY), the
 * lineage parts, and the batch's counters. Returns false, writing nothing, when the chunk was
 * committed before (a retried job), so a chunk is never stored twice.
 */
export async function commitChunk(driver: SqlDriver, c: ChunkResult): Promise<boolean> {
  return driver.transaction(async (tx) => {
    const claimed = await tx.query(
      `INSERT INTO batch_chunks (batch_id, chunk_no, first_row, last_row, rows_ok, rows_failed, kg_co2e, by_category, worker)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::json, $9) ON CONFLICT (batch_id, chunk_no) DO NOTHING RETURNING chunk_no`,
      [c.batchId, c.chunkNo, c.firstRow, c.lastRow, c.rowsOk, c.rowsFailed, c.kgCo2e, JSON.stringify(c.byCategory), c.worker ?? null],
    );
    if (claimed.rows.length === 0) return false;
    if (c.emissions.length > 0) await tx.copyIn('emissions', EMISSION_COLUMNS, c.emissions);
    if (c.errors.length > 0) await tx.copyIn('batch_errors', ['batch_id', 'row_number', 'seq', 'field', 'value', 'reason'], errorLines(c.batchId, c.errors));
    await c.parts.store(tx);
    await c.rollup.store(tx, c.tenantId);
    await tx.query(
      `UPDATE batches SET processed = processed + $2, failed = failed + $3, rows_ok = rows_ok + $4, kg_co2e = kg_co2e + $5, updated_at = now()
       WHERE id = $1`,
      [c.batchId, c.rowsOk + c.rowsFailed, c.rowsFailed, c.rowsOk, c.kgCo2e],
    );
    return true;
  });
}

/** Totals by category over the committed chunks. */
export async function batchTotalsByCategory(db: SqlExecutor, batchId: string): Promise<Record<string, number>> {
  const res = await db.query<{ by_category: Record<string, number> }>('SELECT by_category FROM batch_chunks WHERE batch_id = $1', [batchId]);
  const totals: Record<string, number> = {};
  for (const r of res.rows) for (const [k, v] of Object.entries(r.by_category)) totals[k] = (totals[k] ?? 0) + v;
  return totals;
}

/** A page of a batch's row errors in row order, after (row, seq). */
export async function listBatchErrors(
  db: SqlExecutor,
  batchId: string,
  opts: { after?: [number, number]; limit: number },
): Promise<Array<RowError & { seq: number }>> {
  const after = opts.after ?? [-1, -1];
  const res = await db.query<{ row_number: number; seq: number; field: string; value: string | null; reason: string }>(
    `SELECT row_number, seq, field, value, reason FROM batch_errors
     WHERE batch_id = $1 AND (row_number, seq) > ($2, $3) ORDER BY row_number, seq LIMIT $4`,
    [batchId, after[0], after[1], opts.limit],
  );
  return res.rows.map((r) => ({ row: r.row_number, seq: r.seq, field: r.field, value: r.value, reason: r.reason }));
}
