/**
 * Bulk-ingest batches: one per (tenant, record type, column mapping, file content), chunk
 * bookkeeping that makes jobs resumable and chunk retries harmless, and row errors. A batch is run
 * by one runner at a time (its lease: `runner`, renewed in `runner_seen_at`), so two processes
 * never cut the same batch into different chunks. Totals are exact decimals (`numeric`).
 */
import { deterministicId } from '../domain/ids.ts';
import type { PartSet } from './calculation-parts.ts';
import { copyText, storableText } from './copy-text.ts';
import type { SqlDriver, SqlExecutor } from './driver.ts';

/** `interrupted`: stopped part-way (a server shutting down); it resumes where it stopped. */
export type BatchStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'interrupted';

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
  /** Rows stored with warnings (a stand-in factor, a clamped rate year; migration 13). */
  with_warnings: number;
  /** The exact sum of the batch's rows (numeric), read as the nearest double. */
  kg_co2e: number;
  meta: Record<string, unknown>;
  /** Who runs it now (`host/pid/random`), while it runs. */
  runner: string | null;
  runner_seen_at: Date | null;
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

/** A runner that has not renewed its lease for this long is presumed gone; another may take the batch. */
export const LEASE_STALE_SECONDS = 30;

/**
 * Who may take a batch ($2: the taker): nobody holds it, the taker does, the holder is `$3` (a
 * runner known to be dead), or the holder stopped renewing.
 */
const CLAIMABLE = `(runner IS NULL OR runner = $2 OR runner = $3 OR runner_seen_at < now() - make_interval(secs => ${LEASE_STALE_SECONDS}))`;

/**
 * Takes the batch for `runner` and marks it running; null when another live runner holds it or
 * it succeeded meanwhile. `deadRunner`: the holder, when the caller knows that process is gone.
 */
export async function startBatch(
  db: SqlExecutor,
  id: string,
  runner: string | null = null,
  meta: Record<string, unknown> = {},
  deadRunner: string | null = null,
): Promise<BatchRow | null> {
  const res = await db.query<BatchRow>(
    `UPDATE batches SET status = 'running', started_at = COALESCE(started_at, now()), finished_at = NULL, error = NULL,
            meta = meta || $4::jsonb, runner = $2, runner_seen_at = now(), updated_at = now()
     WHERE id = $1 AND status <> 'succeeded' AND ${CLAIMABLE} RETURNING *`,
    [id, runner, deadRunner, JSON.stringify(meta)],
  );
  return res.rows[0] ?? null;
}

/** Renews `runner`'s lease; false when it no longer holds the batch. */
export async function renewBatchLease(db: SqlExecutor, id: string, runner: string): Promise<boolean> {
  const res = await db.query('UPDATE batches SET runner_seen_at = now() WHERE id = $1 AND runner = $2', [id, runner]);
  return res.rowCount > 0;
}

/**
 * Ends a batch and its lease. With `runner`, only while that runner holds it (a runner that lost
 * its lease must not overwrite the state its successor writes).
 */
export async function finishBatch(
  db: SqlExecutor,
  id: string,
  outcome: { status: 'succeeded' | 'failed'; total?: number; error?: string | null },
  runner: string | null = null,
): Promise<void> {
  await db.query(
    `UPDATE batches SET status = $2, total = COALESCE($3, total), error = $4, finished_at = now(), updated_at = now(), runner = NULL
     WHERE id = $1 AND ($5::text IS NULL OR runner = $5)`,
    [id, outcome.status, outcome.total ?? null, outcome.error ?? null, runner],
  );
}

/**
 * Marks a batch `interrupted` and frees it: its runner stopped between chunks (`runner` holds it),
 * or nobody runs it any more (`runner` null: only when it is claimable, as startBatch decides).
 * False when a live runner holds it.
 */
export async function interruptBatch(db: SqlExecutor, id: string, runner: string | null, deadRunner: string | null = null): Promise<boolean> {
  const res = await db.query(
    `UPDATE batches SET status = 'interrupted', runner = NULL, updated_at = now()
     WHERE id = $1 AND status IN ('pending', 'running', 'interrupted') AND ${runner ? 'runner = $2' : CLAIMABLE}`,
    runner ? [id, runner] : [id, null, deadRunner],
  );
  return res.rowCount > 0;
}

/** Batches not finished (pending, running or interrupted), oldest first; `lease_free`: nobody renews a lease on it. */
export async function unfinishedBatches(db: SqlExecutor): Promise<Array<BatchRow & { lease_free: boolean }>> {
  const res = await db.query<BatchRow & { lease_free: boolean }>(
    `SELECT *, (runner IS NULL OR runner_seen_at < now() - make_interval(secs => ${LEASE_STALE_SECONDS})) AS lease_free
     FROM batches WHERE status IN ('pending', 'running', 'interrupted') ORDER BY created_at, id`,
  );
  return res.rows;
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

/** Rows for one table, as COPY text. */
export interface CopyRows {
  table: string;
  columns: readonly string[];
  data: Uint8Array;
}

/** A chunk's totals, added to the tenant's rollups in the chunk's transaction. */
export interface RollupSink {
  store(db: SqlExecutor, tenantId: string): Promise<void>;
}

export interface ChunkResult {
  batchId: string;
  chunkNo: number;
  firstRow: number;
  lastRow: number;
  rowsOk: number;
  rowsFailed: number;
  /** Rows stored with warnings (of rowsOk). */
  rowsWarned: number;
  /** The exact sum of the chunk's rows (a decimal, ExactSum). */
  kgCo2e: string;
  byCategory: Record<string, string>;
  /** The chunk's stored rows as COPY data: `emissions` (EMISSION_COLUMNS), or `cbam_shipments`. */
  copy: CopyRows;
  errors: RowError[];
  parts: PartSet;
  /** Totals to add to the tenant's rollups. */
  rollup: RollupSink;
  tenantId: string;
  worker?: string;
  /** Supplier names the chunk resolved (a file with supplier_name): stored with it (counts, reviews queued). */
  supplierNames?: RollupSink;
}

/** How a batch's supplier names were resolved (rows stored, names queued), kept in `meta.supplier_names`. */
export const SUPPLIER_NAME_COUNTS = [
  'matched_identifier',
  'matched_exact_name',
  'matched_fuzzy',
  'review',
  'no_match',
  'id_given',
  'queued_for_review',
] as const;
export type SupplierNameCounts = Record<(typeof SUPPLIER_NAME_COUNTS)[number], number>;

/** Adds a chunk's supplier-name counts to its batch's (in the chunk's transaction). */
export async function addSupplierNameCounts(db: SqlExecutor, batchId: string, counts: SupplierNameCounts): Promise<void> {
  await db.query(
    `UPDATE batches SET meta = jsonb_set(meta, '{supplier_names}', (
       SELECT jsonb_object_agg(k, COALESCE((meta->'supplier_names'->>k)::bigint, 0) + v::bigint) FROM jsonb_each_text($2::jsonb) AS e(k, v)))
     WHERE id = $1`,
    [batchId, JSON.stringify(counts)],
  );
}

/** A batch's supplier-name counts, or null when its file named no supplier (docs/ingest.md). */
export function supplierNameCounts(b: Pick<BatchRow, 'meta'>): SupplierNameCounts | null {
  const kept = b.meta.supplier_names as Partial<Record<string, number>> | undefined;
  if (!kept) return null;
  return Object.fromEntries(SUPPLIER_NAME_COUNTS.map((k) => [k, Number(kept[k] ?? 0)])) as SupplierNameCounts;
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

/** The runner committing a chunk no longer holds its batch (another took it over). */
export class BatchLeaseLost extends Error {
  constructor(
    readonly batchId: string,
    readonly runner: string,
  ) {
    super(`batch ${batchId} is no longer run by ${runner}: another runner took it over`);
    this.name = 'BatchLeaseLost';
  }
}

/**
 * Commits one chunk atomically: its bookkeeping row, its emissions and errors (COPY), the
 * lineage parts, and the batch's counters. Returns false, writing nothing, when the chunk was
 * committed before (a retried job), so a chunk is never stored twice. With `runner` (a single
 * process cutting its own chunks) the commit also renews its lease, and fails with
 * BatchLeaseLost, writing nothing, when another runner holds the batch.
 */
export async function commitChunk(driver: SqlDriver, c: ChunkResult, runner: string | null = null): Promise<boolean> {
  return driver.transaction(async (tx) => {
    const claimed = await tx.query(
      `INSERT INTO batch_chunks (batch_id, chunk_no, first_row, last_row, rows_ok, rows_failed, kg_co2e, by_category, worker, with_warnings)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::json, $9, $10) ON CONFLICT (batch_id, chunk_no) DO NOTHING RETURNING chunk_no`,
      [c.batchId, c.chunkNo, c.firstRow, c.lastRow, c.rowsOk, c.rowsFailed, c.kgCo2e, JSON.stringify(c.byCategory), c.worker ?? null, c.rowsWarned],
    );
    if (claimed.rows.length === 0) return false;
    if (c.copy.data.length > 0) await tx.copyIn(c.copy.table, c.copy.columns, c.copy.data);
    if (c.errors.length > 0) await tx.copyIn('batch_errors', ['batch_id', 'row_number', 'seq', 'field', 'value', 'reason'], errorLines(c.batchId, c.errors));
    await c.parts.store(tx);
    await c.rollup.store(tx, c.tenantId);
    if (c.supplierNames) await c.supplierNames.store(tx, c.tenantId);
    const counted = await tx.query(
      `UPDATE batches SET processed = processed + $2, failed = failed + $3, rows_ok = rows_ok + $4, kg_co2e = kg_co2e + $5::numeric,
              with_warnings = with_warnings + $7,
              runner_seen_at = CASE WHEN $6::text IS NULL THEN runner_seen_at ELSE now() END, updated_at = now()
       WHERE id = $1 AND ($6::text IS NULL OR runner = $6)`,
      [c.batchId, c.rowsOk + c.rowsFailed, c.rowsFailed, c.rowsOk, c.kgCo2e, runner, c.rowsWarned],
    );
    if (runner && counted.rowCount === 0) throw new BatchLeaseLost(c.batchId, runner);
    return true;
  });
}

/** Totals by category over the committed chunks, summed exactly (numeric) and read as the nearest double. */
export async function batchTotalsByCategory(db: SqlExecutor, batchId: string): Promise<Record<string, number>> {
  const res = await db.query<{ category: string; kg: number }>(
    `SELECT c.key AS category, sum(c.value::numeric) AS kg
     FROM batch_chunks, json_each_text(by_category) AS c WHERE batch_id = $1 GROUP BY c.key ORDER BY c.key`,
    [batchId],
  );
  return Object.fromEntries(res.rows.map((r) => [r.category, r.kg]));
}

/** A page of a batch's row errors in row order, after (row, seq). */
export async function listBatchErrors(
  db: SqlExecutor,
  batchId: string,
  opts: { after?: [number, number]; limit: number },
): Promise<Array<RowError & { seq: number }>> {
  // A cursor past the columns' ranges (integer, smallint) means past every row: clamped, not a database error.
  const after = opts.after ? [Math.min(opts.after[0], 2_147_483_647), Math.min(opts.after[1], 32_767)] : [-1, -1];
  const res = await db.query<{ row_number: number; seq: number; field: string; value: string | null; reason: string }>(
    `SELECT row_number, seq, field, value, reason FROM batch_errors
     WHERE batch_id = $1 AND (row_number, seq) > ($2, $3) ORDER BY row_number, seq LIMIT $4`,
    [batchId, after[0], after[1], opts.limit],
  );
  return res.rows.map((r) => ({ row: r.row_number, seq: r.seq, field: r.field, value: r.value, reason: r.reason }));
}
