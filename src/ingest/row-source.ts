/**
 * A file's bytes as rows, whichever the format: decoded (utf8.ts), read (csv.ts, ndjson.ts), and
 * each row checked for text PostgreSQL cannot store (text-checks.ts) before any path reads it. The
 * single-process pipeline and the distributed producer both read through this.
 */

import { storableText } from '../store/copy-text.ts';
import type { SourceRow } from './chunk-processor.ts';
import { CsvReader } from './csv.ts';
import { NdjsonReader } from './ndjson.ts';
import { jsonProblem, textProblem } from './text-checks.ts';
import { type InvalidUtf8, Utf8Decoder } from './utf8.ts';

export type FileFormat = 'csv' | 'ndjson';

export class RowSource {
  private readonly decoder: Utf8Decoder;
  private readonly csv: CsvReader | null;
  private readonly ndjson: NdjsonReader | null;
  /** Whether the text so far had a NUL or an invalid byte: only then are CSV cells checked one by one. */
  private suspect = false;
  /** CSV: the header's cells (row 0). */
  header: string[] | null = null;
  headerError: string | null = null;
  /** CSV: the field each column is read as (null: ignored), from planHeader. */
  private fields: ReadonlyArray<string | null> | null = null;

  /** `planHeader`: the field of each CSV column (it may throw: the header is unusable). */
  constructor(
    format: FileFormat,
    invalidUtf8: InvalidUtf8 = 'error',
    private readonly planHeader: (header: string[]) => ReadonlyArray<string | null> = (h) => h,
  ) {
    this.decoder = new Utf8Decoder(invalidUtf8);
    this.csv = format === 'csv' ? new CsvReader() : null;
    this.ndjson = format === 'ndjson' ? new NdjsonReader() : null;
  }

  /** The rows this piece of the file completes (the CSV header is kept in `header`, not returned). */
  push(bytes: Buffer): SourceRow[] {
    return this.read(this.decoder.write(bytes));
  }

  /** The rows left at the end of the file. */
  end(): SourceRow[] {
    return [...this.read(this.decoder.end()), ...this.read(null)];
  }

  private read(text: string | null): SourceRow[] {
    if (text !== null && !this.suspect) this.suspect = this.decoder.sawInvalid || text.includes('\u0000');
    if (this.ndjson) {
      const items = text === null ? this.ndjson.end() : this.ndjson.push(text);
      return items.map((item) => ('value' in item ? checkJson(item.row, item.value) : item));
    }
    const items = text === null ? this.csv!.end() : this.csv!.push(text);
    const rows: SourceRow[] = [];
    for (const item of items) {
      if (item.row === 0) {
        if ('cells' in item) {
          this.header = item.cells;
          this.fields = this.planHeader(item.cells);
        } else this.headerError = item.error;
        continue;
      }
      if (!('cells' in item)) rows.push({ row: item.row, error: `line ${item.line}: ${item.error}` });
      // A record is a SourceRow already (its `line` is only read for errors): no copy per row.
      else rows.push(this.suspect ? this.checkCells(item) : item);
    }
    return rows;
  }

  /** The row, or its error when a cell that is read (not an ignored column) cannot be stored. */
  private checkCells(r: { row: number; cells: string[] }): SourceRow {
    for (let i = 0; i < r.cells.length; i++) {
      const field = this.fields?.[i];
      if (field === null || field === undefined) continue;
      const reason = textProblem(r.cells[i]!);
      if (reason) return { row: r.row, field, value: storableText(r.cells[i]!.trim()), error: reason };
    }
    return r;
  }
}

function checkJson(row: number, value: unknown): SourceRow {
  const problem = jsonProblem(value);
  return problem ? { row, field: problem.field, value: null, error: problem.reason } : { row, value };
}
