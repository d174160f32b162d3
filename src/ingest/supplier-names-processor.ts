/**
 * A chunk processor in front of another, for files that name suppliers (supplier_name and its
 * hints, SUPPLIER_MENTION_FIELDS): each chunk's mentions are resolved in bulk (SupplierResolver),
 * then every row is handed on as if the file had given the supplier_id found (or none), so the
 * processors behind it, their fast paths and the stored bytes are those of a file with a
 * supplier_id column. A row that gives a supplier_id keeps it: the name is not looked at.
 */
import type { ChunkResult } from '../store/batches.ts';
import type { SqlExecutor } from '../store/driver.ts';
import type { ChunkContext, SourceRow } from './chunk-processor.ts';
import type { RowChunkProcessor } from './row-chunk-processor.ts';
import { type ColumnPlan, SUPPLIER_MENTION_FIELDS } from './record-types.ts';
import {
  countResolution,
  emptyCounts,
  MAX_SUPPLIER_NAME,
  type MentionText,
  type ReviewItem,
  SupplierResolver,
  supplierNameSink,
} from './supplier-resolution.ts';

type MentionField = (typeof SUPPLIER_MENTION_FIELDS)[number];
const MENTION_FIELDS: ReadonlySet<string> = new Set(SUPPLIER_MENTION_FIELDS);
const COUNTRY = /^[A-Za-z]{2}$/;

/** Where a CSV file's supplier columns are (−1: absent), and the column the found id is handed on in. */
interface MentionColumns {
  at: Record<MentionField, number>;
  supplierId: number;
  /** supplier_id's column, else the name (or an identifier) column, which then carries the id. */
  idAt: number;
  width: number;
}

function mentionColumns(plan: ColumnPlan): MentionColumns | null {
  const at = Object.fromEntries(SUPPLIER_MENTION_FIELDS.map((f) => [f, plan.fields.indexOf(f)])) as MentionColumns['at'];
  if (SUPPLIER_MENTION_FIELDS.every((f) => at[f] < 0)) return null;
  const supplierId = plan.fields.indexOf('supplier_id');
  const host = [at.supplier_name, at.supplier_lei, at.supplier_duns, at.supplier_vat].find((i) => i >= 0) ?? -1;
  return { at, supplierId, idAt: supplierId >= 0 ? supplierId : host, width: plan.fields.length };
}

/** The plan the processor behind reads: mention columns ignored, the id's column read as supplier_id. */
function innerPlan(plan: ColumnPlan, c: MentionColumns): ColumnPlan {
  const fields = plan.fields.map((f) => (f !== null && MENTION_FIELDS.has(f) ? null : f));
  if (c.idAt >= 0) fields[c.idAt] = 'supplier_id';
  return { fields, ignored: plan.ignored };
}

/** A row's mention (null: it names no supplier), the supplier_id it gives, or what is wrong with it. */
type Found = { mention: MentionText; givenId: boolean } | { problem: { field: MentionField; value: string; message: string } } | null;

/** What is wrong with a mention (a name too long, a country that is not a code), else null. */
function checked(m: MentionText): Found {
  if (m.name.length > MAX_SUPPLIER_NAME) return { problem: { field: 'supplier_name', value: m.name, message: `at most ${MAX_SUPPLIER_NAME} characters` } };
  if (m.country !== '' && !COUNTRY.test(m.country))
    return { problem: { field: 'supplier_country', value: m.country, message: 'must be a 2-letter country code (ISO 3166-1 alpha-2)' } };
  return null;
}

const NO_SUPPLIER: MentionText = { name: '', country: '', lei: '', duns: '', vat: '' };
const names = (m: MentionText) => m.name !== '' || m.lei !== '' || m.duns !== '' || m.vat !== '';

export class SupplierNamesProcessor implements RowChunkProcessor {
  private readonly resolver: SupplierResolver;
  private readonly inner: RowChunkProcessor;
  private readonly columns: MentionColumns | null;
  /** NDJSON: the key a found id is written under (the map's source of supplier_id, else supplier_id itself). */
  private readonly idKey: string;
  /** NDJSON: the keys that name a mention field (after the map), looked for in each object. */
  private readonly mentionKeys: string[];
  /** Reviews each chunk took, so a chunk processed again (processChecked) queues the same ones. */
  private readonly reviews = new Map<number, ReviewItem[]>();
  /** Chunks are resolved one after another, so the processor behind gets them in order. */
  private turn: Promise<void> = Promise.resolve();
  readonly overlapping?: boolean;
  readonly processChecked?: RowChunkProcessor['processChecked'];

  constructor(
    db: SqlExecutor,
    private readonly ctx: ChunkContext,
    make: (ctx: ChunkContext) => RowChunkProcessor,
  ) {
    this.resolver = new SupplierResolver(db, ctx.tenantId);
    this.columns = ctx.columns ? mentionColumns(ctx.columns) : null;
    this.inner = make(ctx.columns && this.columns ? { ...ctx, columns: innerPlan(ctx.columns, this.columns) } : ctx);
    this.overlapping = this.inner.overlapping;
    if (this.inner.processChecked) this.processChecked = (no, rows, worker) => this.run(no, rows, worker, true);
    this.idKey = Object.entries(ctx.columnMap).find(([, to]) => to === 'supplier_id')?.[0] ?? 'supplier_id';
    const map = ctx.columnMap;
    this.mentionKeys = [...SUPPLIER_MENTION_FIELDS.filter((f) => !(f in map)), ...Object.keys(map).filter((k) => MENTION_FIELDS.has(map[k]!))];
  }

  /** Whether a job of this context needs the processor: a CSV header with a supplier column, or any NDJSON. */
  static wanted(ctx: ChunkContext): boolean {
    return ctx.columns === null || mentionColumns(ctx.columns) !== null;
  }

  process(chunkNo: number, rows: readonly SourceRow[], worker?: string): Promise<ChunkResult> {
    return this.run(chunkNo, rows, worker, false);
  }

  committed(result: ChunkResult): void {
    this.reviews.delete(result.chunkNo);
    this.inner.committed(result);
  }

  async close(): Promise<void> {
    await this.inner.close?.();
  }

  private async run(chunkNo: number, rows: readonly SourceRow[], worker: string | undefined, recheck: boolean): Promise<ChunkResult> {
    const before = this.turn;
    let done!: () => void;
    this.turn = new Promise((r) => {
      done = r;
    });
    let pending: Promise<ChunkResult>;
    let found: Found[];
    let resolved: Awaited<ReturnType<SupplierResolver['resolve']>> = [];
    let mentions: MentionText[] = [];
    try {
      await before;
      found = rows.map((r) => this.find(r));
      mentions = [];
      for (const f of found) if (f && 'mention' in f && !f.givenId) mentions.push(f.mention);
      if (mentions.length > 0) resolved = await this.resolver.resolve(mentions);
      const handed = this.rewrite(rows, found, resolved);
      pending = recheck ? this.inner.processChecked!(chunkNo, handed, worker) : this.inner.process(chunkNo, handed, worker);
    } finally {
      done();
    }
    const result = await pending;
    if (!found.some((f) => f && 'mention' in f)) return result;
    const failed = new Set(result.errors.map((e) => e.row));
    const counts = emptyCounts();
    let k = 0;
    found.forEach((f, i) => {
      if (!f || !('mention' in f)) return;
      const r = f.givenId ? null : resolved[k++]!;
      if (failed.has(rows[i]!.row)) return;
      if (r === null) counts.id_given++;
      else countResolution(counts, r);
    });
    let reviews = this.reviews.get(chunkNo);
    if (!reviews) {
      reviews = this.resolver.takeReviews(mentions, resolved);
      this.reviews.set(chunkNo, reviews);
    }
    result.supplierNames = supplierNameSink(this.ctx.batchId, counts, reviews);
    return result;
  }

  /** A row's supplier mention, read from its cells or its JSON object. */
  private find(r: SourceRow): Found {
    if ('cells' in r) {
      const c = this.columns;
      if (!c || r.cells.length !== c.width) return null;
      const cell = (i: number) => (i < 0 ? '' : r.cells[i]!.trim());
      const mention: MentionText = {
        name: cell(c.at.supplier_name),
        country: cell(c.at.supplier_country),
        lei: cell(c.at.supplier_lei),
        duns: cell(c.at.supplier_duns),
        vat: cell(c.at.supplier_vat),
      };
      // A country alone names nobody: it is ignored.
      if (!names(mention)) return null;
      return checked(mention) ?? { mention, givenId: c.supplierId >= 0 && cell(c.supplierId) !== '' };
    }
    if (!('value' in r) || !this.hasMentionKeys(r.value)) return null;
    const m = { ...NO_SUPPLIER };
    let givenId = false;
    for (const [key, v] of Object.entries(r.value as Record<string, unknown>)) {
      const field = this.ctx.columnMap[key] ?? key;
      if (field === 'supplier_id') givenId = v !== null && v !== undefined && v !== '';
      if (!MENTION_FIELDS.has(field) || v === null || v === undefined) continue;
      if (typeof v !== 'string') return { problem: { field: field as MentionField, value: JSON.stringify(v).slice(0, 200), message: 'must be text' } };
      m[field.slice('supplier_'.length) as keyof MentionText] = v.trim();
    }
    if (!names(m)) return null;
    return checked(m) ?? { mention: m, givenId };
  }

  /** The rows as the processor behind reads them: the found id in the id column (or key), the mention left out. */
  private rewrite(rows: readonly SourceRow[], found: readonly Found[], resolved: ReadonlyArray<{ supplierId: string | null }>): readonly SourceRow[] {
    let k = 0;
    let out: SourceRow[] | null = null;
    for (let i = 0; i < rows.length; i++) {
      const f = found[i];
      const r = rows[i]!;
      let next: SourceRow | null = null;
      if (f && 'problem' in f) next = { row: r.row, field: f.problem.field, value: f.problem.value, error: f.problem.message };
      else if ('cells' in r) {
        if (f && !f.givenId) {
          const id = resolved[k++]!.supplierId;
          // With a supplier_id column a row without a match needs nothing; without one, the name's cell carries the id.
          if (id !== null || this.columns!.supplierId < 0) {
            const cells = r.cells.slice();
            cells[this.columns!.idAt] = id ?? '';
            next = { row: r.row, cells };
          }
        }
      } else if ('value' in r && (f || this.hasMentionKeys(r.value))) {
        const id = f && !f.givenId ? resolved[k++]!.supplierId : null;
        const value: Record<string, unknown> = {};
        for (const [key, v] of Object.entries(r.value as Record<string, unknown>)) if (!MENTION_FIELDS.has(this.ctx.columnMap[key] ?? key)) value[key] = v;
        if (id !== null) value[this.idKey] = id;
        next = { row: r.row, value };
      }
      if (next) {
        out ??= rows.slice(0, i);
        out.push(next);
      } else out?.push(r);
    }
    return out ?? rows;
  }

  /** An NDJSON object with mention fields that name nobody (nulls, blanks, a country alone): handed on without them. */
  private hasMentionKeys(value: unknown): boolean {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    for (const key of this.mentionKeys) if (key in value) return true;
    return false;
  }
}
