/**
 * One chunk of rows → validated records → calculated results as COPY text, with every bad row
 * reported (row number, field, value, reason). The same code runs in the single-process pipeline
 * and in a distributed worker, so both store identical rows.
 */
import { timeOrderedId } from '../domain/ids.ts';
import type { CalculationSettings, InputIssue } from '../domain/scope3/types.ts';
import type { ChunkResult, RowError } from '../store/batches.ts';
import { CalculationSession } from '../store/calculation-session.ts';
import { EmissionWriter } from '../store/calculations.ts';
import type { SqlExecutor } from '../store/driver.ts';
import { SpendFastPath, spendGroupKey } from './spend-fast-path.ts';
import { type ColumnPlan, type RecordType, type RowOutcome, recordFromJson, recordFromText } from './record-types.ts';

/** A row as read from the file: text cells (CSV), a JSON value (NDJSON), or a read error. */
export type SourceRow = { row: number; cells: string[] } | { row: number; value: unknown } | { row: number; error: string };

export interface ChunkContext {
  tenantId: string;
  batchId: string;
  type: RecordType;
  /** CSV: the header's column plan. */
  columns: ColumnPlan | null;
  /** NDJSON: renames. */
  columnMap: Readonly<Record<string, string>>;
  settings: CalculationSettings;
}

function valueOf(record: Record<string, unknown>, field: string): string | null {
  if (field === '') return null;
  const v = field.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), record);
  if (v === undefined) return null;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

export class ChunkProcessor {
  private readonly session: CalculationSession;
  /** One writer for the whole job: each lineage part is hashed once and stored with the first chunk citing it. */
  private readonly writer: EmissionWriter;
  private readonly fast: SpendFastPath | null;

  constructor(
    db: SqlExecutor,
    private readonly ctx: ChunkContext,
  ) {
    this.session = new CalculationSession(db, ctx.tenantId, ctx.settings);
    this.writer = new EmissionWriter(ctx.tenantId, ctx.settings, ctx.batchId);
    this.fast = ctx.type.category === 1 ? new SpendFastPath(this.writer) : null;
  }

  /**
   * Plain spend lines of groups the fast path knows are written directly; one line of each new
   * group goes through the engine first to teach it. Returns the lines left for the engine.
   */
  private async fastLines(
    valid: Array<{ row: number; record: Record<string, unknown> }>,
    emit: (line: string, kg: number, category: number) => void,
  ): Promise<Array<{ row: number; record: Record<string, unknown> }>> {
    const fast = this.fast;
    if (!fast) return valid;
    const keys = valid.map((v) => spendGroupKey(v.record));
    const teachers = new Map<string, Record<string, unknown>>();
    keys.forEach((k, i) => {
      if (k !== null && !fast.has(k) && !teachers.has(k)) teachers.set(k, valid[i]!.record);
    });
    if (teachers.size > 0) {
      const planned = await this.session.prepare([...teachers.values()]);
      [...teachers.keys()].forEach((k, i) => {
        const p = planned[i]!;
        const done = p.ok ? this.session.complete(p.planned) : null;
        if (done?.ok) fast.learn(k, done.result);
        else fast.learn(k, null);
      });
    }
    const rest: typeof valid = [];
    valid.forEach((v, i) => {
      const k = keys[i];
      const out = k === null || k === undefined ? null : fast.line(k, timeOrderedId('calc'), v.record, v.row);
      if (out) emit(out.line, out.kg, 1);
      else rest.push(v);
    });
    return rest;
  }

  private toRecord(r: SourceRow): RowOutcome {
    if ('error' in r) return { ok: false, issues: [{ field: '', value: '', message: r.error }] };
    if ('cells' in r) {
      if (!this.ctx.columns) throw new Error('a CSV chunk needs the header’s column plan');
      return recordFromText(this.ctx.type, this.ctx.columns, r.cells);
    }
    return recordFromJson(this.ctx.type, this.ctx.columnMap, r.value);
  }

  async process(chunkNo: number, rows: readonly SourceRow[], worker?: string): Promise<ChunkResult> {
    const errors: RowError[] = [];
    const fail = (row: number, issues: ReadonlyArray<InputIssue & { value?: string | null }>, record?: Record<string, unknown>) => {
      for (const i of issues) errors.push({ row, field: i.field, value: i.value ?? (record ? valueOf(record, i.field) : null), reason: i.message });
    };
    const valid: Array<{ row: number; record: Record<string, unknown> }> = [];
    for (const r of rows) {
      const o = this.toRecord(r);
      if (o.ok) valid.push({ row: r.row, record: o.record });
      else fail(r.row, o.issues);
    }
    let emissions = '';
    let kg = 0;
    let ok = 0;
    const byCategory: Record<string, number> = {};
    const emit = (line: string, lineKg: number, category: number) => {
      emissions += line;
      kg += lineKg;
      ok++;
      byCategory[category] = (byCategory[category] ?? 0) + lineKg;
    };
    const slow = await this.fastLines(valid, emit);
    const planned = await this.session.prepare(slow.map((v) => v.record));
    planned.forEach((p, i) => {
      const { row, record } = slow[i]!;
      if (!p.ok) return fail(row, p.issues, record);
      const done = this.session.complete(p.planned);
      if (!done.ok) return fail(row, done.issues, record);
      emit(this.writer.line(timeOrderedId('calc'), record, p.planned, done.result, row), done.result.kgCo2e, done.result.category);
    });
    errors.sort((a, b) => a.row - b.row);
    const failedRows = new Set(errors.map((e) => e.row)).size;
    const first = rows.length > 0 ? rows[0]!.row : 0;
    const last = rows.length > 0 ? rows[rows.length - 1]!.row : 0;
    return {
      batchId: this.ctx.batchId,
      chunkNo,
      firstRow: first,
      lastRow: last,
      rowsOk: ok,
      rowsFailed: failedRows,
      kgCo2e: kg,
      byCategory,
      emissions,
      errors,
      parts: this.writer.parts.drain(),
      ...(worker ? { worker } : {}),
    };
  }
}
