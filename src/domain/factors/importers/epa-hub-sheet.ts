/**
 * The layout of the US EPA GHG Emission Factors Hub workbook: one sheet of numbered tables
 * ("Table 1   Stationary Combustion", …), each a header row, unit rows and data rows. This module
 * finds the tables and their columns by their labels (not by fixed cells), so a new edition with
 * moved rows still parses, and a changed layout fails naming the table and the label it missed.
 * Pure: rows in, positions out.
 */

export interface HubTable {
  number: number;
  title: string;
  /** Index (in HubSheet.rows) of the row holding "Table N"; the table runs to `end` (exclusive). */
  start: number;
  end: number;
}

export interface HubSheet {
  name: string;
  fileName: string;
  rows: unknown[][];
  /** 1-based sheet row of rows[0]. */
  firstRow: number;
  tables: Map<number, HubTable>;
}

/** A cell as one line of trimmed text ('' for empty or non-text cells other than numbers). */
export function cellText(v: unknown): string {
  if (typeof v === 'number') return String(v);
  return typeof v === 'string' ? v.replace(/\s+/g, ' ').trim() : '';
}

/** A numeric cell; the hub writes some zeros as the text "0 " and gaps as "NA". */
export function cellNumber(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  const s = cellText(v);
  return /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s) ? Number(s) : null;
}

/** A row label without its footnote letter: "Passenger Car A" → "Passenger Car", "RecycledA" → "Recycled". */
export function withoutFootnote(label: string): string {
  return label.replace(/(?<=[a-z)])\s?[A-E]$/, '').trim();
}

export function hubFail(fileName: string, problem: string): never {
  throw new Error(`EPA GHG Emission Factors Hub "${fileName}": ${problem}`);
}

/** Finds every "Table N" and its title in a sheet's rows. */
export function hubSheet(name: string, fileName: string, rows: unknown[][], firstRow: number): HubSheet {
  const starts: Array<{ number: number; title: string; start: number }> = [];
  rows.forEach((row, i) => {
    const cells = Array.from(row ?? [], cellText);
    const at = cells.findIndex((c) => /^Table \d+$/.test(c));
    if (at < 0) return;
    const title = cells.slice(at + 1).find((c) => c !== '') ?? '';
    starts.push({ number: Number(cells[at]!.slice(6)), title, start: i });
  });
  const tables = new Map<number, HubTable>(starts.map((t, k) => [t.number, { ...t, end: starts[k + 1]?.start ?? rows.length }]));
  return { name, fileName, rows, firstRow, tables };
}

/** The table numbered `n`, checked by a pattern its title must match. */
export function table(sheet: HubSheet, n: number, title: RegExp): HubTable {
  const t = sheet.tables.get(n);
  if (!t) return hubFail(sheet.fileName, `no "Table ${n}" (${title.source}) in sheet "${sheet.name}"`);
  if (!title.test(t.title)) return hubFail(sheet.fileName, `Table ${n} is "${t.title}", expected ${title.source}`);
  return t;
}

/** Index of the first row of `t` (after its title row) with a cell matching `label`, and that cell's column. */
export function findLabel(sheet: HubSheet, t: HubTable, label: RegExp, from = t.start): { row: number; col: number } {
  for (let i = from; i < t.end; i++) {
    const col = Array.from(sheet.rows[i] ?? [], cellText).findIndex((c) => label.test(c));
    if (col >= 0) return { row: i, col };
  }
  return hubFail(sheet.fileName, `Table ${t.number} ("${t.title}") has no cell ${label.source}`);
}

/** The column of the first cell in row `row` (from column `from`) matching `label`. */
export function columnOf(sheet: HubSheet, t: HubTable, row: number, label: RegExp, from = 0): number {
  const cells = Array.from(sheet.rows[row] ?? [], cellText);
  for (let c = from; c < cells.length; c++) if (label.test(cells[c]!)) return c;
  return hubFail(sheet.fileName, `Table ${t.number} ("${t.title}"), sheet row ${sheet.firstRow + row}: no column ${label.source}`);
}

/** 1-based sheet row of rows[i], to cite it. */
export const sheetRow = (sheet: HubSheet, i: number) => sheet.firstRow + i;
