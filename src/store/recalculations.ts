/**
 * Recalculations in the database (docs/recalculation.md): the `recalculations` rows, reading the
 * current results in a scope a chunk at a time, and committing a chunk's supersessions.
 *
 * A chunk commits atomically: the new rows (COPY), their lineage parts, the rollups (the new
 * results added, the superseded ones taken out), the old rows marked superseded, and the
 * recalculation's counters. Old rows are locked first, in id order, and only those still current
 * are superseded, so two recalculations over the same results never both replace one.
 */
import type { EmissionDetail, PartSet, StoredCalculation } from './calculation-parts.ts';
import { committedParts } from './calculation-parts.ts';
import type { SqlDriver, SqlExecutor } from './driver.ts';
import { EMISSION_COLUMNS } from './emission-row.ts';
import type { RollupAccumulator } from './rollups.ts';
import { lockTenantResults } from './result-locks.ts';
import { tenantKey } from './tenants.ts';

export type RecalculationState = 'pending' | 'running' | 'succeeded' | 'failed';

/** A data set as the answer names it: the source's name and version. */
export interface DatasetRef {
  source: string | null;
  dataset_version: string | null;
}

/** How many recalculated results moved from one data set to another (their primary factor's). */
export interface DatasetChange {
  before: DatasetRef | null;
  after: DatasetRef | null;
  results: number;
}

/** What a recalculation selects, as stored (`recalculations.scope`). */
export interface StoredScope {
  batch_id: string | null;
  from: string | null;
  to: string | null;
  /** As asked: `all`, `builtin`, a source id or a source name; null when not asked. */
  dataset: string | null;
  dataset_version: string | null;
  /** The sources `dataset` named (null: any factor, or no factor at all). */
  sources: Array<{ id: string; name: string; dataset_version: string }> | null;
}

export interface RecalculationRow {
  id: string;
  tenant_id: string;
  state: RecalculationState;
  scope: StoredScope;
  selected: number;
  recalculated: number;
  unchanged: number;
  failed: number;
  skipped: number;
  kg_co2e_before: number;
  kg_co2e_after: number;
  datasets: DatasetChange[];
  errors: Array<{ id: string; message: string }>;
  error: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

/** The counters a chunk leaves behind (absolute values: one runner owns a recalculation). */
export interface RecalculationProgress {
  recalculated: number;
  unchanged: number;
  failed: number;
  skipped: number;
  kgBefore: number;
  kgAfter: number;
  datasets: DatasetChange[];
  errors: Array<{ id: string; message: string }>;
}

export async function createRecalculation(db: SqlExecutor, id: string, tenantId: string, scope: StoredScope): Promise<RecalculationRow> {
  const res = await db.query<RecalculationRow>(`INSERT INTO recalculations (id, tenant_id, state, scope) VALUES ($1, $2, 'pending', $3::json) RETURNING *`, [
    id,
    tenantId,
    JSON.stringify(scope),
  ]);
  return res.rows[0]!;
}

export async function getRecalculation(db: SqlExecutor, tenantId: string | null, id: string): Promise<RecalculationRow | null> {
  const res = await db.query<RecalculationRow>(
    `SELECT * FROM recalculations WHERE id = $1${tenantId ? ' AND tenant_id = $2' : ''}`,
    tenantId ? [id, tenantId] : [id],
  );
  return res.rows[0] ?? null;
}

export async function markRunning(db: SqlExecutor, id: string, selected: number): Promise<void> {
  await db.query(`UPDATE recalculations SET state = 'running', selected = $2, started_at = now(), updated_at = now() WHERE id = $1`, [id, selected]);
}

/**
 * Ends a run. On success every selected result is accounted for: one that left the scope before
 * the walk reached it can only have been superseded by another recalculation (rows are never
 * deleted), so it counts as skipped; and rows committed by a write that began before this run
 * but committed after its count was taken are counted as selected.
 */
export async function finishRecalculation(db: SqlExecutor, id: string, outcome: { state: 'succeeded' | 'failed'; error?: string | null }): Promise<void> {
  const done = 'recalculated + unchanged + failed + skipped';
  await db.query(
    `UPDATE recalculations SET state = $2, error = $3, finished_at = now(), updated_at = now(),
            selected = GREATEST(selected, ${done}),
            skipped = skipped + CASE WHEN $2::text = 'succeeded' THEN GREATEST(0, selected - (${done})) ELSE 0 END
     WHERE id = $1`,
    [id, outcome.state, outcome.error ?? null],
  );
}

/** The sources a tenant sees (public ones and its own) by id, or by name and optionally version. */
export async function findSources(
  db: SqlExecutor,
  tenantId: string,
  ref: { ids: readonly string[] } | { name: string; version?: string | undefined },
): Promise<Array<{ id: string; name: string; dataset_version: string }>> {
  const visible = '(tenant_id IS NULL OR tenant_id = $1)';
  const res =
    'ids' in ref
      ? await db.query<{ id: string; name: string; dataset_version: string }>(
          `SELECT id, name, dataset_version FROM factor_sources WHERE ${visible} AND id = ANY($2::text[]) ORDER BY name, dataset_version`,
          [tenantId, ref.ids],
        )
      : await db.query<{ id: string; name: string; dataset_version: string }>(
          `SELECT id, name, dataset_version FROM factor_sources WHERE ${visible} AND name = $2 AND ($3::text IS NULL OR dataset_version = $3)
           ORDER BY name, dataset_version`,
          [tenantId, ref.name, ref.version ?? null],
        );
  return res.rows;
}

export async function batchExists(db: SqlExecutor, tenantId: string, batchId: string): Promise<boolean> {
  const res = await db.query('SELECT 1 FROM batches WHERE id = $1 AND tenant_id = $2', [batchId, tenantId]);
  return res.rows.length > 0;
}

/** A current result in scope, with what recomputing it needs. */
export interface ScopeRow {
  id: string;
  batch_id: string | null;
  supplier_id: string | null;
  category: number;
  tier: number;
  method: string;
  activity_date: string;
  kg_co2e: number;
  dqi: number | null;
  cv: number | null;
  external_id: string | null;
  row_number: number | null;
  input: Record<string, unknown> | null;
  detail: EmissionDetail | null;
  /** Rows from before migration 2 only. */
  result: StoredCalculation | null;
  /**
   * The row's `row_no` as text (an int8), its keyset position with activity_date. Not named
   * row_no: ORDER BY would then mean this text, not the column.
   */
  position: string;
}

/** Where the walk over a scope stands: after this (activity_date, row_no). */
export interface ScopePosition {
  date: string;
  rowNo: string;
}

/**
 * The WHERE of a scope: the tenant's current rows (the predicate of the partial keyset index, so
 * the walk is a range scan of it in (activity_date, row_no) order) that were stored before the
 * recalculation was created — rows it writes itself, and rows written meanwhile, are not in it.
 */
function scopeSql(tenantNo: number, recalculationId: string, scope: StoredScope): { where: string[]; params: unknown[] } {
  const params: unknown[] = [tenantNo, recalculationId];
  const where = ['tenant_no = $1', 'superseded_by IS NULL', 'calculated_at <= (SELECT created_at FROM recalculations WHERE id = $2)'];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replaceAll('?', `$${params.length}`));
  };
  if (scope.batch_id !== null) add('batch_id = ?', scope.batch_id);
  if (scope.from !== null) add('activity_date >= ?::date', scope.from);
  if (scope.to !== null) add('activity_date <= ?::date', scope.to);
  if (scope.sources !== null)
    add(
      'factor_id IN (SELECT id FROM factors WHERE source_id = ANY(?::text[]))',
      scope.sources.map((s) => s.id),
    );
  return { where, params };
}

export async function countScope(db: SqlExecutor, tenantNo: number, recalculationId: string, scope: StoredScope): Promise<number> {
  const { where, params } = scopeSql(tenantNo, recalculationId, scope);
  const res = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM emissions WHERE ${where.join(' AND ')}`, params);
  return Number(res.rows[0]?.n ?? 0);
}

/** The next `limit` rows of the scope after `after`, in (activity_date, row_no) order. */
export async function readScopePage(
  db: SqlExecutor,
  tenantNo: number,
  recalculationId: string,
  scope: StoredScope,
  after: ScopePosition | null,
  limit: number,
): Promise<ScopeRow[]> {
  const { where, params } = scopeSql(tenantNo, recalculationId, scope);
  if (after) {
    params.push(after.date, after.rowNo);
    where.push(`(activity_date, row_no) > ($${params.length - 1}::date, $${params.length}::int8)`);
  }
  params.push(limit);
  const res = await db.query<ScopeRow>(
    `SELECT id, batch_id, supplier_id, category, tier, method, activity_date, kg_co2e, dqi, cv, external_id, row_number,
            input::json AS input, detail::json AS detail, result, row_no::text AS position
     FROM emissions WHERE ${where.join(' AND ')}
     ORDER BY activity_date, row_no LIMIT $${params.length}`,
    params,
  );
  return res.rows;
}

/**
 * Fills `into` with the lineage parts the details cite that it does not hold yet: templates
 * first (they cite parts of their own), then settings, factor and fallback parts, one query each.
 */
export async function loadCitedParts(db: SqlExecutor, details: ReadonlyArray<EmissionDetail | null>, into: Map<string, unknown>): Promise<void> {
  const fetch = async (ids: Set<string>) => {
    const missing = [...ids].filter((id) => !into.has(id));
    if (missing.length === 0) return;
    const res = await db.query<{ id: string; doc: unknown }>('SELECT id, doc FROM calculation_parts WHERE id = ANY($1::text[])', [missing]);
    for (const r of res.rows) into.set(r.id, r.doc);
  };
  await fetch(new Set(details.flatMap((d) => (d?.t ? [d.t] : []))));
  const cited = new Set<string>();
  for (const d of details) {
    if (!d) continue;
    const full = d.t ? (into.get(d.t) as EmissionDetail | undefined) : d;
    if (!full) continue;
    if (full.set) cited.add(full.set);
    for (const id of Object.values(full.f ?? {})) cited.add(id);
    if (full.s) cited.add(full.s);
    if (typeof full.w === 'string') cited.add(full.w);
  }
  await fetch(cited);
}

/** What a chunk writes, decided once its old rows are locked (`current`: those still current). */
export interface ChunkWrite {
  /** COPY lines of the new rows (EMISSION_COLUMNS). */
  lines: string[];
  /** The lineage parts the new rows cite. */
  parts: PartSet[];
  /** The new results added and the superseded ones taken out. */
  rollup: RollupAccumulator;
  /** Old row → the new row that supersedes it. */
  supersede: Array<{ oldId: string; newId: string }>;
  progress: RecalculationProgress;
}

/**
 * Commits one chunk. `candidates`: the old rows the chunk would supersede; they are locked in id
 * order and `build` is told which of them are still current, so it writes new rows only for those.
 */
export async function commitRecalculationChunk(
  driver: SqlDriver,
  tenantId: string,
  recalculationId: string,
  candidates: readonly string[],
  build: (current: ReadonlySet<string>) => ChunkWrite,
): Promise<ChunkWrite> {
  const committed = committedParts(driver);
  const write = await driver.transaction(async (tx) => {
    // A delete of this tenant's results waits for the chunk, or the chunk for it (result-locks.ts).
    await lockTenantResults(tx, await tenantKey(tx, tenantId), 'shared');
    let current = new Set<string>();
    if (candidates.length > 0) {
      const locked = await tx.query<{ id: string }>(
        'SELECT id FROM emissions WHERE id = ANY($1::text[]) AND tenant_id = $2 AND superseded_by IS NULL ORDER BY id FOR UPDATE',
        [candidates, tenantId],
      );
      current = new Set(locked.rows.map((r) => r.id));
    }
    const w = build(current);
    if (w.lines.length > 0) {
      await tx.copyIn('emissions', EMISSION_COLUMNS, w.lines);
      for (const parts of w.parts) await parts.store(tx, committed);
      await w.rollup.store(tx, tenantId);
      await tx.query(
        `UPDATE emissions e SET superseded_by = u.new_id, superseded_at = now(), superseded_in = $1
         FROM unnest($2::text[], $3::text[]) AS u(old_id, new_id)
         WHERE e.id = u.old_id AND e.tenant_id = $4`,
        [recalculationId, w.supersede.map((s) => s.oldId), w.supersede.map((s) => s.newId), tenantId],
      );
    }
    const p = w.progress;
    await tx.query(
      `UPDATE recalculations SET recalculated = $2, unchanged = $3, failed = $4, skipped = $5, kg_co2e_before = $6, kg_co2e_after = $7,
              datasets = $8::json, errors = $9::json, updated_at = now()
       WHERE id = $1`,
      [recalculationId, p.recalculated, p.unchanged, p.failed, p.skipped, p.kgBefore, p.kgAfter, JSON.stringify(p.datasets), JSON.stringify(p.errors)],
    );
    return w;
  });
  for (const parts of write.parts) for (const part of parts.entries()) committed.set(part.id, true);
  return write;
}

/** How a stored result takes part in recalculations: what superseded it, and what it superseded. */
export interface Supersession {
  superseded: { by: string; at: string; recalculation_id: string | null } | null;
  supersedes: { id: string; recalculation_id: string | null } | null;
}

export async function supersessionOf(db: SqlExecutor, tenantId: string, id: string): Promise<Supersession> {
  const res = await db.query<{ kind: 'self' | 'older'; id: string; superseded_by: string | null; superseded_at: Date | null; superseded_in: string | null }>(
    `SELECT 'self' AS kind, id, superseded_by, superseded_at, superseded_in FROM emissions WHERE id = $1 AND tenant_id = $2 AND superseded_by IS NOT NULL
     UNION ALL
     SELECT 'older', id, superseded_by, superseded_at, superseded_in FROM emissions WHERE superseded_by = $1 AND tenant_id = $2`,
    [id, tenantId],
  );
  const self = res.rows.find((r) => r.kind === 'self');
  const older = res.rows.find((r) => r.kind === 'older');
  return {
    superseded: self ? { by: self.superseded_by!, at: new Date(self.superseded_at!).toISOString(), recalculation_id: self.superseded_in } : null,
    supersedes: older ? { id: older.id, recalculation_id: older.superseded_in } : null,
  };
}
