/**
 * The messages between the CBAM compute thread (cbam-thread-worker.ts) and the main thread
 * (cbam-thread.ts), in a module of their own so neither side imports the other.
 */
import type { ChunkResult, CopyRows } from '../store/batches.ts';
import type { PartRow } from '../store/calculation-parts.ts';
import type { SourceRow } from './chunk-processor.ts';

/** A ChunkResult as it crosses threads: parts as plain rows; no rollup or totals (this thread reads them from the COPY lines). */
export type ThreadChunkResult = Omit<ChunkResult, 'parts' | 'rollup' | 'copy' | 'kgCo2e' | 'byCategory'> & { copy: CopyRows; partRows: PartRow[] };

export interface WireError {
  message: string;
  code?: string;
}

/**
 * A chunk's rows as they cross to the thread: the CSV cells of a run of rows in one string with each
 * cell's length, instead of an object and an array of strings per row, which the structured clone
 * copies one by one and the thread then collects as garbage. A row without cells (a JSON value, a
 * reading error) travels as it is, in `others` (docs/benchmarks.md, Issue 16 check).
 */
export interface PackedRows {
  /** Each row's number. */
  rowNos: Float64Array;
  /** Each row's count of cells; OTHER_ROW: the row is in `others`. */
  cellCounts: Uint32Array;
  /** Each cell's length, row after row. */
  cellLengths: Uint32Array;
  /** The cells, one after another, in pieces of whole rows (V8 makes a string of 128 KiB or more far more slowly). */
  texts: string[];
  /** The index of each piece's first row. */
  pieceStarts: number[];
  others: Array<{ at: number; row: SourceRow }>;
}

const OTHER_ROW = 0xffffffff;
/** A piece of `texts` is closed once it holds this many characters (two bytes each at most). */
const PIECE_CHARS = 16 * 1024;

export function packRows(rows: readonly SourceRow[]): PackedRows {
  const rowNos = new Float64Array(rows.length);
  const cellCounts = new Uint32Array(rows.length);
  let cells = 0;
  for (const r of rows) if ('cells' in r) cells += r.cells.length;
  const cellLengths = new Uint32Array(cells);
  const texts: string[] = [];
  const pieceStarts: number[] = [];
  const others: PackedRows['others'] = [];
  let piece: string[] = [];
  let chars = 0;
  let open = false;
  let c = 0;
  rows.forEach((r, i) => {
    rowNos[i] = r.row;
    if (!('cells' in r)) {
      cellCounts[i] = OTHER_ROW;
      others.push({ at: i, row: r });
      return;
    }
    if (open && chars >= PIECE_CHARS) {
      texts.push(piece.join(''));
      piece = [];
      chars = 0;
      open = false;
    }
    if (!open) {
      pieceStarts.push(i);
      open = true;
    }
    cellCounts[i] = r.cells.length;
    for (const cell of r.cells) {
      cellLengths[c++] = cell.length;
      chars += cell.length;
      piece.push(cell);
    }
  });
  if (open) texts.push(piece.join(''));
  return { rowNos, cellCounts, cellLengths, texts, pieceStarts, others };
}

/** The rows packRows packed. */
export function unpackRows(p: PackedRows): SourceRow[] {
  const rows: SourceRow[] = new Array(p.rowNos.length);
  for (const o of p.others) rows[o.at] = o.row;
  let c = 0;
  let piece = -1;
  let text = '';
  let at = 0;
  for (let i = 0; i < rows.length; i++) {
    const n = p.cellCounts[i]!;
    if (n === OTHER_ROW) continue;
    if (i === p.pieceStarts[piece + 1]) {
      text = p.texts[++piece]!;
      at = 0;
    }
    const cells: string[] = new Array(n);
    for (let k = 0; k < n; k++) {
      const end = at + p.cellLengths[c++]!;
      cells[k] = text.slice(at, end);
      at = end;
    }
    rows[i] = { row: p.rowNos[i]!, cells };
  }
  return rows;
}

/** The buffers of a PackedRows, moved to the thread rather than copied. */
export function packedBuffers(p: PackedRows): ArrayBuffer[] {
  return [p.rowNos.buffer as ArrayBuffer, p.cellCounts.buffer as ArrayBuffer, p.cellLengths.buffer as ArrayBuffer];
}

export type FromMain =
  | { kind: 'process'; id: number; chunkNo: number; rows: PackedRows; worker?: string; checked: boolean }
  | { kind: 'committed'; chunkNo: number }
  | { kind: 'close' }
  | { kind: 'answer'; id: number; rows: unknown[]; error?: WireError };

export type ToMain =
  | { kind: 'result'; id: number; result: ThreadChunkResult }
  | { kind: 'failed'; id: number; error: WireError }
  | { kind: 'query'; id: number; sql: string; params: unknown[] };
