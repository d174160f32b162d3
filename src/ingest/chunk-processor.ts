/**
 * One chunk of rows → validated records → calculated results as COPY text, with every bad row
 * reported (row number, field, value, reason). The same code runs in the single-process pipeline
 * and in a distributed worker, so both store identical rows.
 */

import { CalculationSession } from '../calculate/session.ts';
import { timeOrderedId } from '../domain/ids.ts';
import type { CalculationResult, PlannedRecord } from '../domain/scope3/engine.ts';
import type { CalculationSettings, InputIssue } from '../domain/scope3/types.ts';
import type { ChunkResult, RowError } from '../store/batches.ts';
import { CopyBuffer } from '../store/copy-text.ts';
import type { SqlExecutor } from '../store/driver.ts';
import { EMISSION_COLUMNS, EmissionWriter } from '../store/emission-row.ts';
import { RollupAccumulator } from '../store/rollups.ts';
import { tenantKey } from '../store/tenants.ts';
import { type ClassifyOption, ColumnClassifier } from './classify-column.ts';
import { type ColumnPlan, type RecordType, type RowOutcome, recordFromJson, recordFromText } from './record-types.ts';
import { type SpendCells, SpendFastPath, SpendTemplates, spendCells, spendGroupKey, writeSpendRecord } from './spend-fast-path.ts';

/** A row as read from the file: text cells (CSV), a JSON value (NDJSON), or a read error. */
export type SourceRow =
  | { row: number; cells: string[] }
  | { row: number; value: unknown }
  /** A row that cannot be read; `field` and `value` when one field is at fault. */
  | { row: number; error: string; field?: string; value?: string | null };

export interface ChunkContext {
  tenantId: string;
  batchId: string;
  type: RecordType;
  /** CSV: the header's column plan. */
  columns: ColumnPlan | null;
  /** NDJSON: renames. */
  columnMap: Readonly<Record<string, string>>;
  settings: CalculationSettings;
  /** Read plain spend lines straight from their cells (default on; off: every line through the engine). */
  fastPath?: boolean;
  /** Purchases: classify lines without a naics from this column (classify-column.ts); the fast path is then off. */
  classify?: ClassifyOption;
  /** CSV: the classify column's position in the header. */
  classifyAt?: number | null;
}

function fieldValue(record: Record<string, unknown>, field: string): string | null {
  if (field === '') return null;
  const v = field.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), record);
  if (v === undefined) return null;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** A source row as a record of the job's type: CSV cells through the header's plan, a JSON value renamed by the map. */
export function recordOfRow(ctx: ChunkContext, r: SourceRow): RowOutcome {
  if ('error' in r) return { ok: false, issues: [{ field: r.field ?? '', value: r.value ?? '', message: r.error }] };
  if ('cells' in r) {
    if (!ctx.columns) throw new Error('a CSV chunk needs the header’s column plan');
    return recordFromText(ctx.type, ctx.columns, r.cells);
  }
  return recordFromJson(ctx.type, ctx.columnMap, r.value);
}

export class ChunkProcessor {
  private readonly session: CalculationSession;
  /**
   * One writer for the whole job: each lineage part is hashed once and stored with the first
   * chunk citing it. Made with the first chunk, once the tenant's number is known.
   */
  private writer: EmissionWriter | null = null;
  private writerMade: Promise<EmissionWriter> | null = null;
  private templates: SpendTemplates | null = null;
  private fast: SpendFastPath | null = null;
  private readonly cells: SpendCells | null;
  /** Rows of the chunk being processed stored with warnings. */
  private warned = 0;
  /** Fills empty naics fields, when the job asked for it. */
  private readonly columnClassifier: ColumnClassifier | null;

  constructor(
    private readonly db: SqlExecutor,
    private readonly ctx: ChunkContext,
  ) {
    this.session = new CalculationSession(db, ctx.tenantId, ctx.settings);
    this.cells = ctx.columns && ctx.type.category === 1 ? spendCells(ctx.columns) : null;
    this.columnClassifier = ctx.classify ? new ColumnClassifier(ctx.classify, ctx.classifyAt ?? null) : null;
  }

  /** Chunks run two at a time: the first two share one promise, so they share one writer. */
  private writerReady(): Promise<EmissionWriter> {
    this.writerMade ??= tenantKey(this.db, this.ctx.tenantId).then((tenant) => {
      this.writer = new EmissionWriter(tenant, this.ctx.settings, this.ctx.batchId);
      // (Templates write a group's warnings; a classified line has its own, so classifying jobs go through the engine.)
      this.templates = this.ctx.type.category === 1 && !this.columnClassifier ? new SpendTemplates(this.writer) : null;
      this.fast = this.templates && this.ctx.fastPath !== false ? new SpendFastPath(this.templates) : null;
      return this.writer;
    });
    return this.writerMade;
  }

  /**
   * The group key of each row the fast path will write (null: the engine takes it). One line of
   * each group not known yet goes through the engine first to teach it its template.
   */
  private async fastKeys(rows: readonly SourceRow[]): Promise<Array<string | null> | null> {
    const fast = this.fast;
    if (!fast) return null;
    const cols = this.cells;
    const keys = rows.map((r) => {
      if ('cells' in r) return cols ? fast.keyOfCells(cols, r.cells) : null;
      if ('value' in r) {
        const o = this.toRecord(r);
        return o.ok ? spendGroupKey(o.record) : null;
      }
      return null;
    });
    const teachers = new Map<string, Record<string, unknown>>();
    keys.forEach((k, i) => {
      if (k === null || fast.templates.has(k) || teachers.has(k)) return;
      const o = this.toRecord(rows[i]!);
      if (o.ok) teachers.set(k, o.record);
    });
    if (teachers.size > 0) {
      const planned = await this.session.prepare([...teachers.values()]);
      [...teachers.keys()].forEach((k, i) => {
        const p = planned[i]!;
        const done = p.ok ? this.session.complete(p.planned) : null;
        fast.templates.learn(k, done?.ok ? done.result : null, teachers.get(k)!);
      });
    }
    return keys.map((k) => (k !== null && fast.templates.get(k) ? k : null));
  }

  /**
   * A calculated record's row. A plain spend line is stored through its group's template, as the
   * fast path stores it, when the template gives the engine's own kg and lineage hash for it.
   */
  private write(
    writer: EmissionWriter,
    out: CopyBuffer,
    rollup: RollupAccumulator,
    row: number,
    record: Record<string, unknown>,
    p: PlannedRecord,
    res: CalculationResult,
  ): void {
    if (res.warnings.length > 0) this.warned++;
    const id = timeOrderedId('calc');
    const key = this.templates ? spendGroupKey(record) : null;
    const template = key === null ? null : this.templates!.has(key) ? this.templates!.get(key) : this.templates!.learn(key, res, record);
    if (template?.agrees(record.spend as number, res)) {
      writeSpendRecord(template, out, rollup, id, record, row);
      return;
    }
    out.text(writer.line(id, record, p, res, row));
    rollup.add(res.date, res.category, res.tier, res.supplierId, res.kgCo2e, res.dataQuality.score);
  }

  /** After a chunk committed: its lineage parts are stored, later chunks need not carry them. */
  committed(result: ChunkResult): void {
    this.writer?.parts.confirm(result.parts);
  }

  private toRecord(r: SourceRow): RowOutcome {
    return recordOfRow(this.ctx, r);
  }

  async process(chunkNo: number, rows: readonly SourceRow[], worker?: string): Promise<ChunkResult> {
    const writer = await this.writerReady();
    const errors: RowError[] = [];
    const fail = (row: number, issues: ReadonlyArray<InputIssue & { value?: string | null }>, record?: Record<string, unknown>) => {
      for (const i of issues) errors.push({ row, field: i.field, value: i.value ?? (record ? fieldValue(record, i.field) : null), reason: i.message });
    };
    const emissions = new CopyBuffer();
    // Every stored row goes into the rollup; the chunk's totals are its exact sums.
    const rollup = new RollupAccumulator();
    let ok = 0;
    this.warned = 0;
    // Rows the fast path writes, then the rest through the engine (its database questions asked
    // once for all of them); then every row is written in file order, whichever path wrote it.
    const keys = await this.fastKeys(rows);
    const outcomes = rows.map((r, i) => (keys?.[i] ? null : this.toRecord(r)));
    const classified = this.columnClassifier ? outcomes.map((o, i) => (o?.ok ? this.columnClassifier!.fill(o.record, rows[i]!) : null)) : null;
    const valid: number[] = [];
    outcomes.forEach((o, i) => {
      if (o?.ok) valid.push(i);
    });
    const planned = await this.session.prepare(valid.map((i) => (outcomes[i] as { record: Record<string, unknown> }).record));
    let next = 0;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      const key = keys?.[i];
      if (key) {
        const id = timeOrderedId('calc');
        if ('cells' in r) this.fast!.writeCells(emissions, rollup, key, id, this.cells!, r.cells, r.row);
        else this.fast!.writeRecord(emissions, rollup, key, id, (this.toRecord(r) as { record: Record<string, unknown> }).record, r.row);
        if (this.fast!.templates.get(key)?.warned) this.warned++;
        ok++;
        continue;
      }
      const o = outcomes[i]!;
      if (!o.ok) {
        fail(r.row, o.issues);
        continue;
      }
      const p = planned[next++]!;
      if (!p.ok) {
        fail(r.row, p.issues, o.record);
        continue;
      }
      const done = this.session.complete(p.planned);
      if (!done.ok) {
        fail(r.row, done.issues, o.record);
        continue;
      }
      const note = classified?.[i];
      const result = note ? { ...done.result, warnings: [...done.result.warnings, note] } : done.result;
      this.write(writer, emissions, rollup, r.row, o.record, p.planned, result);
      ok++;
    }
    const failedRows = new Set(errors.map((e) => e.row)).size;
    const first = rows.length > 0 ? rows[0]!.row : 0;
    const last = rows.length > 0 ? rows[rows.length - 1]!.row : 0;
    const totals = rollup.totals();
    return {
      batchId: this.ctx.batchId,
      chunkNo,
      firstRow: first,
      lastRow: last,
      rowsOk: ok,
      rowsFailed: failedRows,
      rowsWarned: this.warned,
      kgCo2e: totals.kg,
      byCategory: totals.byCategory,
      copy: { table: 'emissions', columns: EMISSION_COLUMNS, data: emissions.take() },
      errors,
      parts: writer.parts.unconfirmed(),
      rollup,
      tenantId: this.ctx.tenantId,
      ...(worker ? { worker } : {}),
    };
  }
}
