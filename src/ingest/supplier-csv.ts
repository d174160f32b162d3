/**
 * Supplier CSV files (`greenline suppliers import|match FILE`): a header naming the columns, then
 * one supplier or name a line. Read in pieces (any size), each record with the line it starts on;
 * text PostgreSQL cannot store and broken quoting are per-line errors, never the whole file's.
 */
import { storableText } from '../store/copy-text.ts';
import { CsvReader } from './csv.ts';
import { textProblem } from './text-checks.ts';
import { Utf8Decoder } from './utf8.ts';

/** A record: its cells by column name (trimmed; '' when absent), or what is wrong with it. */
export type SupplierCsvItem =
  | { line: number; values: Record<string, string>; cells: string[] }
  | { line: number; field: string; value: string; error: string; cells: string[] };

/** A header the command cannot read: the message names what is missing. */
export class SupplierFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SupplierFileError';
  }
}

export class SupplierCsvReader {
  private readonly decoder = new Utf8Decoder('error');
  private readonly csv = new CsvReader();
  /** Column position of each known field present. */
  private columns: Array<[string, number]> | null = null;
  private width = 0;
  /** Columns of the file that are not known fields (ignored). */
  ignored: string[] = [];
  /** The header's cells, as written. */
  header: string[] = [];

  /** `known`: the fields read; `required`: those the header must name; `alsoKnown`: accepted and ignored without a mention (e.g. `id`). */
  constructor(
    private readonly known: readonly string[],
    private readonly required: readonly string[],
    private readonly alsoKnown: readonly string[] = [],
  ) {}

  push(piece: Buffer): SupplierCsvItem[] {
    return this.read(this.csv.push(this.decoder.write(piece)));
  }

  end(): SupplierCsvItem[] {
    return [...this.read(this.csv.push(this.decoder.end())), ...this.read(this.csv.end())];
  }

  private read(items: ReturnType<CsvReader['push']>): SupplierCsvItem[] {
    const out: SupplierCsvItem[] = [];
    for (const item of items) {
      if (item.row === 0) {
        if (!('cells' in item)) throw new SupplierFileError(`the header line cannot be read: ${item.error}`);
        this.plan(item.cells);
        continue;
      }
      if (!this.columns) throw new SupplierFileError('the file has no header line');
      if (!('cells' in item)) {
        out.push({ line: item.line, field: '', value: '', error: item.error, cells: [] });
        continue;
      }
      if (item.cells.length !== this.width) {
        out.push({ line: item.line, field: '', value: '', error: `has ${item.cells.length} columns; the header has ${this.width}`, cells: item.cells });
        continue;
      }
      const values: Record<string, string> = {};
      let bad: SupplierCsvItem | null = null;
      for (const [field, at] of this.columns) {
        const text = item.cells[at]!.trim();
        const problem = textProblem(text);
        if (problem) {
          bad = { line: item.line, field, value: storableText(text), error: problem, cells: item.cells };
          break;
        }
        values[field] = text;
      }
      out.push(bad ?? { line: item.line, values, cells: item.cells });
    }
    return out;
  }

  private plan(header: string[]): void {
    const names = header.map((h) => h.trim().toLowerCase());
    const missing = this.required.filter((f) => !names.includes(f));
    if (missing.length > 0) {
      throw new SupplierFileError(
        `the header has no ${missing.map((m) => `"${m}"`).join(', ')} column (columns found: ${header.join(', ') || 'none'}; expected ${this.known.join(',')})`,
      );
    }
    this.columns = [];
    this.header = header;
    this.width = header.length;
    names.forEach((n, i) => {
      if (this.known.includes(n) && !this.columns!.some(([f]) => f === n)) this.columns!.push([n, i]);
      else if (this.known.includes(n) || !this.alsoKnown.includes(n)) this.ignored.push(header[i]!);
    });
  }

  /** Whether the header has this column. */
  has(field: string): boolean {
    return this.columns?.some(([f]) => f === field) ?? false;
  }
}
