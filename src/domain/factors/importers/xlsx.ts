/**
 * The spreadsheet library for the workbook importers (DESNZ flat files, EPA GHG Emission Factors
 * Hub), loaded on first use so other commands do not carry its memory (docs/benchmarks.md,
 * Design measurements).
 */
import { createRequire } from 'node:module';
import type * as XLSXTypes from 'xlsx';

let xlsx: typeof XLSXTypes | undefined;

export function XLSX(): typeof XLSXTypes {
  xlsx ??= createRequire(import.meta.url)('xlsx') as typeof XLSXTypes;
  return xlsx;
}

/** Reads a workbook from bytes; `dense` storage makes row extraction from wide, sparse sheets fast. */
export function readWorkbook(buf: Buffer | Uint8Array): XLSXTypes.WorkBook {
  return XLSX().read(buf, { type: Buffer.isBuffer(buf) ? 'buffer' : 'array', dense: true, cellText: false, cellHTML: false });
}

/** A sheet's rows as arrays of raw cell values, and the 1-based sheet row of the first one. */
export function sheetRows(sheet: XLSXTypes.WorkSheet): { rows: unknown[][]; firstRow: number } {
  const rows = XLSX().utils.sheet_to_json<unknown[]>(sheet, { header: 1, raw: true, blankrows: true });
  const ref = sheet['!ref'];
  return { rows, firstRow: ref ? XLSX().utils.decode_range(ref).s.r + 1 : 1 };
}
