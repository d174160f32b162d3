/**
 * Recalculating stored results (docs/recalculation.md): the results of a tenant in a scope (a
 * batch, a period of record dates, the data set their factor came from, or all) are recomputed
 * from their stored input and settings with the factors the database resolves now. A result whose
 * figure, method and factors come out the same is left as it is (counted `unchanged`); any other
 * is superseded by a new result (a new id), and the old one stays readable by id, marked
 * superseded and pointing to the new one. Listings, reports and rollups count current results only.
 *
 * The walk reads the scope a chunk at a time in (activity_date, row_no) order from the partial
 * keyset index (current rows only), so a chunk costs the same at any depth; each chunk resolves
 * the factors it has not seen yet (one broker call), computes, and commits its new rows by COPY
 * with their supersessions and rollups in one transaction (store/recalculations.ts). A run that
 * stops part-way leaves whole chunks behind: running the same scope again finishes it, as the
 * results already recalculated are current and come out unchanged.
 */
import { printed } from '../domain/printed-number.ts';
import { builtinDatasets } from '../domain/factors/builtin.ts';
import { timeOrderedId } from '../domain/ids.ts';
import type { CalculationResult, PlannedRecord } from '../domain/scope3/engine.ts';
import type { CalculationSettings, InputIssue, UsedFactor } from '../domain/scope3/types.ts';
import { type StoredCalculation, storedFromDetail, templateInput } from '../store/calculation-parts.ts';
import type { SqlDriver, SqlExecutor } from '../store/driver.ts';
import { EmissionWriter } from '../store/emission-row.ts';
import { directFactorReader, type FactorReader } from '../store/factor-cache.ts';
import {
  batchExists,
  commitRecalculationChunk,
  countScope,
  createRecalculation,
  type DatasetChange,
  type DatasetRef,
  findSources,
  finishRecalculation,
  getRecalculation,
  loadCitedParts,
  markRunning,
  type RecalculationProgress,
  type RecalculationRow,
  readScopePage,
  type ScopePosition,
  type ScopeRow,
  type StoredScope,
} from '../store/recalculations.ts';
import { RollupAccumulator } from '../store/rollups.ts';
import { type TenantKey, tenantKey } from '../store/tenants.ts';
import { CalculationSession } from './session.ts';

/** What to recalculate; the selectors given narrow each other (AND). */
export interface RecalculationRequest {
  batchId?: string | undefined;
  /** First record date, inclusive (YYYY-MM-DD). */
  from?: string | undefined;
  /** Last record date, inclusive. */
  to?: string | undefined;
  /**
   * Results whose factor came from this data set: `all` (any result, whatever its factor),
   * `builtin` (the built-in data sets), a source id (`src_…`), or a source name.
   */
  dataset?: string | undefined;
  /** With a source name: only this version of it. */
  datasetVersion?: string | undefined;
}

/** Bad request: each issue names its field (`batch_id`, `from`, `to`, `dataset`, `dataset_version`, or '' for the whole). */
export class RecalculationInputError extends Error {
  constructor(readonly issues: InputIssue[]) {
    super(issues.map((i) => (i.field ? `${i.field}: ${i.message}` : i.message)).join('; '));
    this.name = 'RecalculationInputError';
  }
}

/** Thrown when a run is stopped between chunks (a server shutting down, Ctrl-C). */
export class RecalculationStopped extends Error {
  constructor() {
    super('stopped before it finished; recalculate the same scope again to finish (results already recalculated come out unchanged)');
    this.name = 'RecalculationStopped';
  }
}

export interface RecalculationStatus {
  id: string;
  selected: number;
  processed: number;
  recalculated: number;
  unchanged: number;
  failed: number;
  skipped: number;
  elapsedMs: number;
}

export interface RecalculationOptions {
  /** Results read, computed and committed together (default 2,500). */
  chunkSize?: number;
  onProgress?: (status: RecalculationStatus) => void;
  /** Checked between chunks: an aborted run stops after its current chunk, state failed. */
  signal?: AbortSignal;
  /** Where factors come from; default straight from the database, so a run sees every import. */
  reader?: FactorReader;
}

const DEFAULT_CHUNK = 2_500;
/** Failures kept with the recalculation (each with the result's id and why). */
const MAX_ERRORS = 20;
/** Lineage parts kept between chunks; most chunks cite the same few. */
const PART_CACHE_MAX = 50_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function isCalendarDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** Checks a request and turns it into the stored scope (the data set named becomes source ids). */
export async function resolveScope(db: SqlExecutor, tenantId: string, req: RecalculationRequest): Promise<StoredScope> {
  const issues: InputIssue[] = [];
  const given = (v: string | undefined): v is string => v !== undefined && v !== '';
  if (!given(req.batchId) && !given(req.from) && !given(req.to) && !given(req.dataset)) {
    issues.push({ field: '', message: 'say what to recalculate: batch_id, from/to (record dates), or dataset (a data set, or "all")' });
  }
  for (const [field, value] of [
    ['from', req.from],
    ['to', req.to],
  ] as const) {
    if (given(value) && !isCalendarDate(value)) issues.push({ field, message: `is not a date (YYYY-MM-DD): "${value}"` });
  }
  if (given(req.from) && given(req.to) && isCalendarDate(req.from) && isCalendarDate(req.to) && req.to < req.from)
    issues.push({ field: 'to', message: `must not be before from (${req.from})` });
  if (given(req.batchId) && !(await batchExists(db, tenantId, req.batchId))) issues.push({ field: 'batch_id', message: `no batch ${req.batchId}` });
  let sources: StoredScope['sources'] = null;
  const dataset = given(req.dataset) ? req.dataset : null;
  if (given(req.datasetVersion) && (dataset === null || dataset === 'all' || dataset === 'builtin' || dataset.startsWith('src_')))
    issues.push({ field: 'dataset_version', message: 'goes with dataset given as a source name' });
  else if (dataset !== null && dataset !== 'all') {
    const ref =
      dataset === 'builtin'
        ? { ids: builtinDatasets.map((d) => d.source.id) }
        : dataset.startsWith('src_')
          ? { ids: [dataset] }
          : { name: dataset, version: given(req.datasetVersion) ? req.datasetVersion : undefined };
    sources = await findSources(db, tenantId, ref);
    if (sources.length === 0)
      issues.push({
        field: given(req.datasetVersion) ? 'dataset_version' : 'dataset',
        message: `no data set ${dataset}${given(req.datasetVersion) ? ` version ${req.datasetVersion}` : ''} (give "all", "builtin", a source id or a source name)`,
      });
  }
  if (issues.length > 0) throw new RecalculationInputError(issues);
  return {
    batch_id: given(req.batchId) ? req.batchId : null,
    from: given(req.from) ? req.from : null,
    to: given(req.to) ? req.to : null,
    dataset,
    dataset_version: given(req.datasetVersion) ? req.datasetVersion : null,
    sources,
  };
}

/** Checks the request and records a pending recalculation; `runRecalculation` does the work. */
export async function createRecalculationFor(db: SqlExecutor, tenantId: string, req: RecalculationRequest): Promise<RecalculationRow> {
  const scope = await resolveScope(db, tenantId, req);
  return createRecalculation(db, timeOrderedId('rcl'), tenantId, scope);
}

/** A selected result, recomputed. */
type Recomputed =
  | { kind: 'unchanged'; row: ScopeRow }
  | { kind: 'failed'; row: ScopeRow; message: string }
  | {
      kind: 'changed';
      row: ScopeRow;
      input: Record<string, unknown>;
      planned: PlannedRecord;
      result: CalculationResult;
      settings: CalculationSettings;
      settingsKey: string;
      before: DatasetRef | null;
    };

/** The data set a result is filed under: its primary factor's (the first stored factor row), else its first factor's. */
function datasetOf(factors: readonly UsedFactor[]): DatasetRef | null {
  const f = factors.find((x) => !x.id.startsWith('inline:') && !x.id.startsWith('proxy:')) ?? factors[0];
  return f ? { source: f.source, dataset_version: f.datasetVersion } : null;
}

/** Same figure, tier, method and factors (each by name: id, value, unit, data set version). */
function sameResult(row: ScopeRow, stored: StoredCalculation, r: CalculationResult): boolean {
  if (r.kgCo2e !== row.kg_co2e || r.tier !== row.tier || r.method !== row.method || r.factors.length !== stored.factors.length) return false;
  const old = new Map(stored.factors.map((f) => [f.name, f]));
  return r.factors.every((f) => {
    const o = old.get(f.name);
    return o !== undefined && o.id === f.id && o.value === f.value && o.unit === f.unit && o.datasetVersion === f.datasetVersion;
  });
}

const issueText = (issues: readonly InputIssue[]) => issues.map((i) => (i.field ? `${i.field}: ${i.message}` : i.message)).join('; ');

/** Recomputes one chunk's rows; sessions (one per settings) keep their factor resolutions across chunks. */
async function recompute(
  db: SqlExecutor,
  tenantId: string,
  rows: readonly ScopeRow[],
  parts: Map<string, unknown>,
  sessions: Map<string, CalculationSession>,
  reader: FactorReader,
): Promise<Recomputed[]> {
  const out: Recomputed[] = new Array(rows.length);
  const groups = new Map<string, { settings: CalculationSettings; at: number[]; inputs: Record<string, unknown>[]; stored: StoredCalculation[] }>();
  rows.forEach((row, i) => {
    let stored: StoredCalculation;
    let input: Record<string, unknown> | null;
    try {
      if (row.detail) {
        stored = storedFromDetail(row.detail, row.cv ?? 0, parts);
        input = row.input ?? templateInput(row.detail, parts, row.activity_date, row.external_id);
      } else if (row.result) {
        stored = row.result;
        input = row.input;
      } else throw new Error('the stored lineage is missing');
    } catch (err) {
      out[i] = { kind: 'failed', row, message: (err as Error).message };
      return;
    }
    if (!input) {
      out[i] = { kind: 'failed', row, message: 'the raw input record is missing' };
      return;
    }
    const key = JSON.stringify(stored.settings);
    let g = groups.get(key);
    if (!g) {
      g = { settings: stored.settings, at: [], inputs: [], stored: [] };
      groups.set(key, g);
    }
    g.at.push(i);
    g.inputs.push(input);
    g.stored.push(stored);
  });
  for (const [key, g] of groups) {
    let session = sessions.get(key);
    if (!session) {
      session = new CalculationSession(db, tenantId, g.settings, reader);
      sessions.set(key, session);
    }
    const planned = await session.prepare(g.inputs);
    planned.forEach((p, j) => {
      const i = g.at[j]!;
      const row = rows[i]!;
      if (!p.ok) {
        out[i] = { kind: 'failed', row, message: `the stored input no longer validates: ${issueText(p.issues)}` };
        return;
      }
      const o = session.complete(p.planned);
      if (!o.ok) out[i] = { kind: 'failed', row, message: issueText(o.issues) };
      else if (sameResult(row, g.stored[j]!, o.result)) out[i] = { kind: 'unchanged', row };
      else
        out[i] = {
          kind: 'changed',
          row,
          input: g.inputs[j]!,
          planned: p.planned,
          result: o.result,
          settings: g.settings,
          settingsKey: key,
          before: datasetOf(g.stored[j]!.factors),
        };
    });
  }
  return out;
}

const refKey = (r: DatasetRef | null) => JSON.stringify(r);

/**
 * What one chunk writes once its old rows are locked: a new row for each changed result whose
 * old row is still current (by COPY, one writer per settings and batch), the rollups moved from
 * the old figure to the new, and the counters.
 */
function buildChunk(tenant: TenantKey, recomputed: readonly Recomputed[], base: RecalculationProgress, current: ReadonlySet<string>) {
  const progress: RecalculationProgress = { ...base, datasets: base.datasets.map((d) => ({ ...d })), errors: [...base.errors] };
  const changes = new Map(progress.datasets.map((d) => [`${refKey(d.before)}>${refKey(d.after)}`, d]));
  const writers = new Map<string, EmissionWriter>();
  const rollup = new RollupAccumulator();
  const lines: string[] = [];
  const supersede: Array<{ oldId: string; newId: string }> = [];
  for (const c of recomputed) {
    if (c.kind === 'unchanged') progress.unchanged++;
    else if (c.kind === 'failed') {
      progress.failed++;
      if (progress.errors.length < MAX_ERRORS) progress.errors.push({ id: c.row.id, message: c.message });
    } else if (!current.has(c.row.id)) progress.skipped++;
    else {
      const { row, result } = c;
      const wkey = `${c.settingsKey}\u0000${row.batch_id ?? ''}`;
      let writer = writers.get(wkey);
      if (!writer) {
        writer = new EmissionWriter(tenant, c.settings, row.batch_id);
        writers.set(wkey, writer);
      }
      const newId = timeOrderedId('calc');
      lines.push(writer.line(newId, c.input, c.planned, result, row.row_number));
      supersede.push({ oldId: row.id, newId });
      rollup.add(result.date, result.category, result.tier, result.supplierId, result.kgCo2e, result.dataQuality.score);
      rollup.remove(row.activity_date, row.category, row.tier, row.supplier_id, row.kg_co2e, row.dqi ?? 0);
      progress.recalculated++;
      progress.kgBefore += row.kg_co2e;
      progress.kgAfter += result.kgCo2e;
      const after = datasetOf(result.factors);
      const key = `${refKey(c.before)}>${refKey(after)}`;
      const seen = changes.get(key);
      if (seen) seen.results++;
      else {
        const d: DatasetChange = { before: c.before, after, results: 1 };
        changes.set(key, d);
        progress.datasets.push(d);
      }
    }
  }
  return { lines, parts: [...writers.values()].map((w) => w.parts), rollup, supersede, progress };
}

/**
 * Runs a pending recalculation to the end: state `succeeded`, or `failed` with the error (then
 * rethrown). Returns the recalculation as stored at the end.
 */
export async function runRecalculation(driver: SqlDriver, tenantId: string, id: string, options: RecalculationOptions = {}): Promise<RecalculationRow> {
  const started = performance.now();
  const rc = await getRecalculation(driver, tenantId, id);
  if (!rc) throw new Error(`no recalculation ${id}`);
  const chunk = Math.max(1, options.chunkSize ?? DEFAULT_CHUNK);
  const reader = options.reader ?? directFactorReader;
  let progress: RecalculationProgress = { recalculated: 0, unchanged: 0, failed: 0, skipped: 0, kgBefore: 0, kgAfter: 0, datasets: [], errors: [] };
  let selected = 0;
  const report = () =>
    options.onProgress?.({
      id,
      selected,
      processed: progress.recalculated + progress.unchanged + progress.failed + progress.skipped,
      recalculated: progress.recalculated,
      unchanged: progress.unchanged,
      failed: progress.failed,
      skipped: progress.skipped,
      elapsedMs: performance.now() - started,
    });
  try {
    const tenant = await tenantKey(driver, tenantId);
    selected = await countScope(driver, tenant.no, id, rc.scope);
    await markRunning(driver, id, selected);
    report();
    const sessions = new Map<string, CalculationSession>();
    const parts = new Map<string, unknown>();
    let after: ScopePosition | null = null;
    for (;;) {
      if (options.signal?.aborted) throw new RecalculationStopped();
      const rows = await readScopePage(driver, tenant.no, id, rc.scope, after, chunk);
      if (rows.length === 0) break;
      const last = rows[rows.length - 1]!;
      after = { date: last.activity_date, rowNo: last.position };
      if (parts.size > PART_CACHE_MAX) parts.clear();
      await loadCitedParts(
        driver,
        rows.map((r) => r.detail),
        parts,
      );
      const recomputed = await recompute(driver, tenantId, rows, parts, sessions, reader);
      const candidates = recomputed.flatMap((c) => (c.kind === 'changed' ? [c.row.id] : []));
      const base = progress;
      const written = await commitRecalculationChunk(driver, tenantId, id, candidates, (current) => buildChunk(tenant, recomputed, base, current));
      progress = written.progress;
      report();
      if (rows.length < chunk) break;
    }
    await finishRecalculation(driver, id, { state: 'succeeded' });
  } catch (err) {
    await finishRecalculation(driver, id, { state: 'failed', error: (err as Error).message }).catch(() => {});
    throw err;
  }
  const done = (await getRecalculation(driver, tenantId, id))!;
  selected = done.selected;
  progress = { ...progress, skipped: done.skipped };
  report();
  return done;
}

/**
 * Runs recalculations in the background of a server, one promise each; `close` stops them after
 * their current chunk (state failed, with how to finish) and waits for them.
 */
export class RecalculationRunner {
  private readonly running = new Set<Promise<unknown>>();
  private readonly stop = new AbortController();

  constructor(
    private readonly driver: SqlDriver,
    private readonly hooks: {
      /** After a run ends (either way), e.g. to drop cached answers that changed. */
      onFinished?: (tenantId: string, row: RecalculationRow | null) => Promise<void> | void;
      onError?: (err: unknown, id: string) => void;
    } = {},
  ) {}

  /** Starts the run; the promise settles when it ends (never rejects: errors go to onError). */
  start(tenantId: string, id: string): Promise<RecalculationRow | null> {
    const run = runRecalculation(this.driver, tenantId, id, { signal: this.stop.signal }).then(
      (row) => row,
      async (err) => {
        this.hooks.onError?.(err, id);
        return getRecalculation(this.driver, tenantId, id).catch(() => null);
      },
    );
    const done = run.then(async (row) => {
      try {
        await this.hooks.onFinished?.(tenantId, row);
      } catch (err) {
        this.hooks.onError?.(err, id);
      }
      return row;
    });
    this.running.add(done);
    void done.finally(() => this.running.delete(done));
    return done;
  }

  async close(): Promise<void> {
    this.stop.abort();
    await Promise.allSettled([...this.running]);
  }
}

/** A recalculation as the API and `greenline recalculate --json` answer it (snake_case). */
export function recalculationAnswer(r: RecalculationRow) {
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return {
    id: r.id,
    state: r.state,
    scope: r.scope,
    selected: r.selected,
    recalculated: r.recalculated,
    unchanged: r.unchanged,
    failed: r.failed,
    skipped: r.skipped,
    kg_co2e: { before: printed(r.kg_co2e_before), after: printed(r.kg_co2e_after) },
    datasets: r.datasets,
    errors: r.errors,
    error: r.error,
    created_at: iso(r.created_at),
    started_at: iso(r.started_at),
    finished_at: iso(r.finished_at),
    links: { self: `/v1/recalculations/${r.id}` },
  };
}
