/**
 * One chunk of CBAM shipment rows → validated, computed shipments as COPY text for
 * `cbam_shipments`, with every bad row reported (row number, field, value, reason with its code).
 * The counterpart of ChunkProcessor for `--type cbam-shipments`: same pipeline, same commit.
 */
import { CbamShipmentSession } from '../calculate/cbam/shipment-session.ts';
import type { CbamParse } from '../domain/cbam/types.ts';
import { parseShipment } from '../domain/cbam/validate.ts';
import type { ChunkResult, RollupSink, RowError } from '../store/batches.ts';
import { PartSet } from '../store/calculation-parts.ts';
import { CbamRollupAccumulator } from '../store/cbam-rollups.ts';
import { CBAM_SHIPMENT_COLUMNS, writeShipment } from '../store/cbam-shipments.ts';
import { CopyBuffer } from '../store/copy-text.ts';
import type { SqlExecutor } from '../store/driver.ts';
import { type ChunkContext, recordOfRow, type SourceRow } from './chunk-processor.ts';
import { type PlainCells, plainCells, plainShipment } from './cbam-plain-line.ts';
import { ShipmentIdFilter } from './shipment-id-filter.ts';

function cellValue(record: Record<string, unknown>, field: string): string | null {
  const v = record[field];
  if (v === undefined || field === '') return null;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** Stands in for a rollup left to the committer (rollupLater); storing it is a bug. */
const NO_ROLLUP: RollupSink = {
  store: () => Promise.reject(new Error('this chunk’s rollup is read from its COPY lines by whoever commits it (rollupOfCopyLines)')),
};

export class CbamChunkProcessor {
  private readonly session: CbamShipmentSession;
  /** Warning parts of the whole job: each stored once, with the first chunk citing it. */
  private readonly parts = new PartSet();
  /** Every shipment_id this job accepted (hashes): which ids are worth asking the database about. */
  private readonly accepted = new ShipmentIdFilter();
  /** The ids accepted by chunks not committed yet: taken, without asking the database. */
  private readonly inflight = new Map<number, Set<string>>();
  /** CSV: where the plain fields are (null: every line through its record, as with the fast path off). */
  private readonly plain: PlainCells | null;

  /**
   * `rollupLater`: the chunk's rollup (and totals) are left to whoever commits it, read from its
   * COPY lines (rollupOfCopyLines): a compute thread's chunks, whose main thread has time to spare.
   */
  constructor(
    db: SqlExecutor,
    private readonly ctx: ChunkContext,
    private readonly rollupLater = false,
  ) {
    this.session = new CbamShipmentSession(db, ctx.tenantId);
    this.plain = ctx.columns && ctx.fastPath !== false ? plainCells(ctx.columns) : null;
  }

  committed(result: ChunkResult): void {
    this.parts.confirm(result.parts);
    this.inflight.delete(result.chunkNo);
  }

  /**
   * The chunk. A shipment_id of an earlier line of the file is refused (taken by a chunk being
   * committed, or stored: asked of the database only when the job's filter may have seen it); the
   * database is not asked about the other ids (unless the fast path is off): a clash with one stored
   * by someone else fails the commit (unique index), and the caller then calls `processChecked`
   * (commitProcessed in processor-for.ts).
   */
  process(chunkNo: number, rows: readonly SourceRow[], worker?: string): Promise<ChunkResult> {
    return this.run(chunkNo, rows, worker, this.ctx.fastPath === false);
  }

  /** The chunk again, asking the database which shipment_ids are stored: those lines become row errors. */
  processChecked(chunkNo: number, rows: readonly SourceRow[], worker?: string): Promise<ChunkResult> {
    return this.run(chunkNo, rows, worker, true);
  }

  private async run(chunkNo: number, rows: readonly SourceRow[], worker: string | undefined, checkStored: boolean): Promise<ChunkResult> {
    const errors: RowError[] = [];
    // Each row as a validated shipment: a plain CSV line read from its cells, any other through its record.
    const records: Array<Record<string, unknown> | undefined> = [];
    const parsed: CbamParse[] = [];
    const lines: number[] = [];
    rows.forEach((r, i) => {
      const plain = this.plain && 'cells' in r ? plainShipment(this.plain, r.cells) : null;
      if (plain) {
        parsed.push({ ok: true, shipment: plain });
        lines.push(i);
        return;
      }
      const o = recordOfRow(this.ctx, r);
      if (!o.ok) {
        for (const issue of o.issues) errors.push({ row: r.row, field: issue.field, value: issue.value, reason: `E010 ${issue.message}` });
        return;
      }
      records[i] = o.record;
      parsed.push(parseShipment(o.record));
      lines.push(i);
    });
    // The other chunks being committed, listed at the first question (the questions come in one synchronous pass).
    let others: Array<Set<string>> | null = null;
    const taken = (id: string) => {
      others ??= [...this.inflight].filter(([no]) => no !== chunkNo).map(([, ids]) => ids);
      for (const ids of others) if (ids.has(id)) return true;
      return false;
    };
    const computed = await this.session.computeParsed(parsed, { ask: checkStored ? 'all' : (id) => this.accepted.mayHave(id), taken });
    const accepted = new Set<string>();

    const out = new CopyBuffer();
    const rollup = this.rollupLater ? null : new CbamRollupAccumulator();
    let ok = 0;
    let warned = 0;
    computed.forEach((c, k) => {
      const i = lines[k]!;
      const row = rows[i]!.row;
      if (!c.ok) {
        // A plain line's record is read only now, for the values its errors show.
        const record = records[i] ?? (recordOfRow(this.ctx, rows[i]!) as { record: Record<string, unknown> }).record;
        for (const issue of c.issues) errors.push({ row, field: issue.field, value: cellValue(record, issue.field), reason: `${issue.code} ${issue.message}` });
        return;
      }
      const { input, embedded } = c.shipment;
      accepted.add(input.shipmentId);
      this.accepted.add(input.shipmentId);
      writeShipment(out, rollup, this.parts, this.ctx.tenantId, this.ctx.batchId, row, c.shipment, c.info.good);
      if (embedded.warnings.length > 0) warned++;
      ok++;
    });
    this.inflight.set(chunkNo, accepted);
    // Row errors in row order, as the Scope 3 processor reports them.
    errors.sort((a, b) => a.row - b.row);
    const totals = rollup ? rollup.totals() : { kg: '0', byCategory: {} };
    return {
      batchId: this.ctx.batchId,
      chunkNo,
      firstRow: rows.length > 0 ? rows[0]!.row : 0,
      lastRow: rows.length > 0 ? rows[rows.length - 1]!.row : 0,
      rowsOk: ok,
      rowsFailed: new Set(errors.map((e) => e.row)).size,
      rowsWarned: warned,
      kgCo2e: totals.kg,
      byCategory: totals.byCategory,
      copy: { table: 'cbam_shipments', columns: CBAM_SHIPMENT_COLUMNS, data: out.take() },
      errors,
      parts: this.parts.unconfirmed(),
      rollup: rollup ?? NO_ROLLUP,
      tenantId: this.ctx.tenantId,
      ...(worker ? { worker } : {}),
    };
  }
}
