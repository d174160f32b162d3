/**
 * Content-addressed parts of stored lineage: the settings, the factor snapshots and the tier
 * fallback lists that many results of one write share. Each is stored once (its id is a hash of
 * its canonical JSON, so the same part written twice is one row) and each emission's `detail`
 * cites them by id.
 */
import { LRUCache } from 'lru-cache';
import { deterministicId } from '../domain/ids.ts';
import { type Canonical, canonicalJson } from '../domain/lineage.ts';
import type { CalculationResult } from '../domain/scope3/engine.ts';
import type { CalculationSettings, CalculationWarning, SkippedMethod, UsedFactor } from '../domain/scope3/types.ts';
import type { SqlExecutor } from './driver.ts';

export type PartKind = 'settings' | 'factor' | 'skipped' | 'template' | 'warnings';

/**
 * An emission row's lineage document (`emissions.detail`); short keys, as there is one per row.
 * A row written from a template (`t`, bulk ingest) keeps only its own inputs in `u`; the rest,
 * and the other inputs, come from the template part.
 */
export interface EmissionDetail {
  /** Template part: an EmissionDetail every row of a group shares. */
  t?: string;
  /**
   * A spend row written from a template (bulk ingest): its amount as given. The converted
   * amount is the template's rate and deflator applied in the engine's order, and the raw input
   * is the template's constant fields (`in`) with this amount, the row's date and external id.
   */
  a?: number;
  /** In a spend template: the input fields every row of the group shares. */
  in?: Record<string, unknown>;
  /** The category's method version. */
  v?: string;
  /** Settings part. */
  set?: string;
  /** Factor parts by the name the method gave each factor. */
  f?: Record<string, string>;
  /** Inputs as used, after conversion (a spend row from a template has `a` instead). */
  u?: CalculationResult['inputsUsed'];
  /** Skipped-methods part, when methods were skipped. */
  s?: string;
  /**
   * Warnings part, when the result has warnings (rows since migration 13; the same warnings on many
   * rows, an unknown NAICS code's, are stored once). Older rows keep their warnings' texts here.
   */
  w?: string | string[];
}

/** A factor as a result used it, without the name the method gave it. */
type FactorSnapshot = Omit<UsedFactor, 'name'>;

/**
 * Part ids by their document's JSON, across writers: an id is a pure function of the document, and
 * the same factors come back batch after batch, so they are not hashed again (docs/benchmarks.md,
 * Design measurements).
 */
const PART_IDS = new LRUCache<string, string>({ max: 50_000 });

export interface PartRow {
  id: string;
  kind: PartKind;
  doc: unknown;
}

/** The parts one write cites, each hashed once however many rows cite it. */
export class PartSet {
  private readonly ids = new Map<string, string>();
  private readonly byFactor = new WeakMap<UsedFactor, string>();
  /** A lone warning by object: callers that share one warning object (CBAM's illustrative-data warning) skip the key. */
  private readonly byWarning = new WeakMap<object, string>();
  private readonly confirmed = new Set<string>();
  private readonly rows: PartRow[] = [];
  private readonly rowIds = new Set<string>();

  private push(row: PartRow): void {
    if (this.rowIds.has(row.id)) return;
    this.rowIds.add(row.id);
    this.rows.push(row);
  }

  id(kind: PartKind, doc: unknown): string {
    const key = `${kind}:${JSON.stringify(doc)}`;
    let id = this.ids.get(key);
    if (id === undefined) {
      id = PART_IDS.get(key);
      if (id === undefined) {
        id = deterministicId('part', kind, canonicalJson(doc as Canonical));
        PART_IDS.set(key, id);
      }
      this.ids.set(key, id);
      this.push({ id, kind, doc });
    }
    return id;
  }

  /** Memoised per factor object: the resolver hands every record the same one. */
  factor(f: UsedFactor): string {
    let id = this.byFactor.get(f);
    if (id === undefined) {
      const { name: _name, ...snapshot } = f;
      id = this.id('factor', snapshot satisfies FactorSnapshot);
      this.byFactor.set(f, id);
    }
    return id;
  }

  /** A result's warnings, keyed by their text (one per row that has any). */
  warnings(list: readonly CalculationWarning[]): string {
    const lone = list.length === 1 ? list[0]! : null;
    const known = lone && this.byWarning.get(lone);
    if (known) return known;
    let key = 'warnings';
    for (const w of list) key += `\u0000${w.code}\u0001${w.message}`;
    let id = this.ids.get(key);
    if (id === undefined) {
      id = deterministicId('part', 'warnings', canonicalJson(list as unknown as Canonical));
      this.ids.set(key, id);
      this.push({ id, kind: 'warnings', doc: list });
    }
    if (lone) this.byWarning.set(lone, id);
    return id;
  }

  /** A tier fallback list, keyed by its text rather than by JSON (one per row, so it counts). */
  skipped(list: readonly SkippedMethod[]): string {
    let key = 'skipped';
    for (const x of list) key += `\u0000${x.tier}\u0001${x.method}\u0001${x.reason}`;
    let id = this.ids.get(key);
    if (id === undefined) {
      id = deterministicId('part', 'skipped', canonicalJson(list as unknown as Canonical));
      this.ids.set(key, id);
      this.push({ id, kind: 'skipped', doc: list });
    }
    return id;
  }

  get size(): number {
    return this.rows.length;
  }

  /** The parts as plain rows, for another set to `absorb` (across a worker thread). */
  entries(): PartRow[] {
    return this.rows;
  }

  /** Takes in another set's parts; one already here (same content, so same id) is kept once. */
  absorb(rows: readonly PartRow[]): void {
    for (const r of rows) this.push(r);
  }

  /**
   * The parts not yet confirmed stored, as their own set to store with a chunk; this set still
   * knows them. A long job stores each part with the chunks that cite it until one of them has
   * committed (confirm), so a chunk that failed and is retried still carries its parts.
   */
  unconfirmed(): PartSet {
    const out = new PartSet();
    for (const r of this.rows) if (!this.confirmed.has(r.id)) out.push(r);
    return out;
  }

  /** The parts as plain rows (to hand a set to another thread). */
  toRows(): PartRow[] {
    return [...this.rows];
  }

  /** A set holding `rows` (another thread's toRows()). */
  static fromRows(rows: readonly PartRow[]): PartSet {
    const set = new PartSet();
    for (const r of rows) set.push(r);
    return set;
  }

  /** Marks another set's parts as stored (its chunk committed). */
  confirm(stored: PartSet): void {
    for (const r of stored.rows) this.confirmed.add(r.id);
  }

  /** Inserts the parts not stored yet (one statement). */
  /**
   * Inserts the parts not stored yet (one statement); with `committed`, the parts it lists as
   * already committed in this database are not sent again.
   */
  async store(db: SqlExecutor, committed?: CommittedParts): Promise<void> {
    const rows = committed ? this.rows.filter((r) => !committed.has(r.id)) : this.rows;
    if (rows.length === 0) return;
    await db.query(
      `INSERT INTO calculation_parts (id, kind, doc)
       SELECT u.id, u.kind, u.doc FROM json_to_recordset($1::json) AS u(id text, kind text, doc json)
       ON CONFLICT (id) DO NOTHING`,
      [JSON.stringify(rows)],
    );
  }
}

/** Part ids known to be committed in one database (rows of calculation_parts are never deleted). */
export type CommittedParts = LRUCache<string, true>;

const COMMITTED = new WeakMap<object, CommittedParts>();

/**
 * The parts this process has committed through `driver`, so a batch citing the same factors as the
 * last one does not send their documents again (docs/benchmarks.md, Design measurements). Mark
 * parts only after their transaction committed.
 */
export function committedParts(driver: object): CommittedParts {
  let known = COMMITTED.get(driver);
  if (!known) {
    known = new LRUCache<string, true>({ max: 100_000 });
    COMMITTED.set(driver, known);
  }
  return known;
}

/** The parts a detail document cites, by id. */
export async function loadParts(db: SqlExecutor, detail: EmissionDetail): Promise<Map<string, unknown>> {
  const parts = new Map<string, unknown>();
  const load = async (ids: string[]) => {
    const res = await db.query<{ id: string; doc: unknown }>('SELECT id, doc FROM calculation_parts WHERE id = ANY($1::text[])', [ids]);
    for (const r of res.rows) parts.set(r.id, r.doc);
  };
  let full = detail;
  if (detail.t) {
    await load([detail.t]);
    full = withTemplate(detail, parts);
  }
  await load([full.set ?? '', ...Object.values(full.f ?? {}), ...(full.s ? [full.s] : []), ...(typeof full.w === 'string' ? [full.w] : [])]);
  return parts;
}

/** A row's detail with its template's fields filled in (the row's inputs over the template's). */
function withTemplate(detail: EmissionDetail, parts: Map<string, unknown>): EmissionDetail {
  if (!detail.t) return detail;
  const t = part<EmissionDetail>(parts, detail.t);
  if (detail.a !== undefined) return { ...t, u: { ...t.u, spend: spendValue(detail.a, t.u) } };
  return { ...t, u: { ...t.u, ...detail.u } };
}

/** The engine's conversion of a spend amount, in its order: (amount × rate) × deflator. */
export function spendValue(amount: number, used: EmissionDetail['u'] | undefined): number {
  return amount * (used?.fx_rate as number) * (used?.deflator as number);
}

/** The raw input of a row written from a spend template (its `input` column is not stored). */
export function templateInput(detail: EmissionDetail, parts: Map<string, unknown>, date: string, externalId: string | null): Record<string, unknown> | null {
  if (!detail.t || detail.a === undefined) return null;
  const { category, ...rest } = part<EmissionDetail>(parts, detail.t).in ?? {};
  return { category, date, ...(externalId !== null ? { external_id: externalId } : {}), spend: detail.a, ...rest };
}

function part<T>(parts: Map<string, unknown>, id: string): T {
  if (!parts.has(id)) throw new Error(`stored lineage cites part ${id}, which is missing`);
  return parts.get(id) as T;
}

/**
 * What a stored result keeps beside its columns (category, tier, method, date, supplier,
 * kg_co2e, gases, lineage_hash, cv) and its raw input: only what cannot be derived. Data quality
 * and uncertainty are recomputed on read (pure functions). Rows written since migration 2 keep
 * it as a `detail` document citing parts; older rows as one `result` document of this shape.
 */
export interface StoredCalculation {
  settings: CalculationSettings;
  methodVersion: string;
  factors: UsedFactor[];
  inputsUsed: CalculationResult['inputsUsed'];
  warnings: CalculationWarning[];
  skipped: SkippedMethod[];
  cv: number;
}

/** Stored warnings: a part (since migration 13), or the texts older rows kept. */
function storedWarnings(w: EmissionDetail['w'], parts: Map<string, unknown>): CalculationWarning[] {
  if (w === undefined) return [];
  if (typeof w === 'string') return part<CalculationWarning[]>(parts, w);
  return legacyWarnings(w);
}

/** Warnings stored as texts (before migration 13), in today's shape. */
export function legacyWarnings(texts: ReadonlyArray<string | CalculationWarning>): CalculationWarning[] {
  return texts.map((w) => (typeof w === 'string' ? { code: 'NOTE', message: w } : w));
}

export function storedFromDetail(row: EmissionDetail, cv: number, parts: Map<string, unknown>): StoredCalculation {
  const detail = withTemplate(row, parts);
  if (!detail.set || !detail.f || detail.v === undefined) throw new Error('stored lineage document is incomplete (no settings, factors or method version)');
  return {
    settings: part<CalculationSettings>(parts, detail.set),
    methodVersion: detail.v,
    factors: Object.entries(detail.f).map(([name, id]) => ({ ...part<FactorSnapshot>(parts, id), name })),
    inputsUsed: detail.u ?? {},
    warnings: storedWarnings(detail.w, parts),
    skipped: detail.s ? part<SkippedMethod[]>(parts, detail.s) : [],
    cv,
  };
}
