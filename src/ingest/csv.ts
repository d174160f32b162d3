/**
 * A streaming CSV reader (RFC 4180: comma separated, fields optionally in double quotes, "" for a
 * quote inside one, CRLF or LF) that survives bad rows: a malformed record is reported with its
 * row and line number and reading resumes at the next line, so one broken row never loses the
 * rows after it. (csv-parse's skip_records_with_error dropped every row after the first error in
 * our tests, and this loop is the hot path of a million-row ingest.)
 *
 * Row numbers count data records from 1 (the header is row 0), including bad ones, so a row
 * number always names the same record of the file.
 */

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;

export interface CsvRecord {
  row: number;
  line: number;
  cells: string[];
}

export interface CsvError {
  row: number;
  line: number;
  error: string;
}

export type CsvItem = CsvRecord | CsvError;

export interface CsvReaderOptions {
  /** A record longer than this (in characters) is reported and skipped (default 1 MiB). */
  maxRecordChars?: number;
}

/**
 * `decided`: the index of the character that decided the record's end or its error (past the end
 * of the text when the end of input did). A record is too long when that lies more than
 * maxRecordChars past its start: the same verdict whether the text came in one piece or many.
 */
type Step =
  | { kind: 'record'; end: number; cells: string[]; lines: number; decided: number }
  | { kind: 'error'; resume: number; lines: number; error: string; decided: number }
  | { kind: 'incomplete' };

export class CsvReader {
  private buf = '';
  private line = 1;
  private row = 0;
  private started = false;
  /** Inside an oversized record: drop input until the next line feed. */
  private skipping = false;
  private readonly maxRecordChars: number;

  constructor(options: CsvReaderOptions = {}) {
    this.maxRecordChars = options.maxRecordChars ?? 1024 * 1024;
  }

  /** Records completed by this piece of input (the header first, as row 0). */
  push(text: string): CsvItem[] {
    const out: CsvItem[] = [];
    if (this.skipping) {
      const lf = text.indexOf('\n');
      if (lf === -1) return out;
      this.skipping = false;
      this.line++;
      text = text.slice(lf + 1);
    }
    this.buf = this.buf.length > 0 ? this.buf + text : text;
    if (!this.started && this.buf.length > 0) {
      this.started = true;
      if (this.buf.charCodeAt(0) === 0xfeff) this.buf = this.buf.slice(1);
    }
    this.parse(false, out);
    return out;
  }

  /** The records left at the end of the input. */
  end(): CsvItem[] {
    const out: CsvItem[] = [];
    this.parse(true, out);
    return out;
  }

  private parse(final: boolean, out: CsvItem[]): void {
    const s = this.buf;
    const plain = new PlainLines(s);
    let pos = 0;
    while (pos < s.length) {
      const lf = plain.end(pos);
      if (lf !== -1) {
        this.plainRecord(s, pos, lf, out);
        pos = lf + 1;
        continue;
      }
      const step = readRecord(s, pos, final);
      if (step.kind === 'incomplete' ? s.length - pos > this.maxRecordChars : step.decided - pos > this.maxRecordChars) {
        // Too long, decided before the record ended: skip to the first line end past the limit.
        out.push({ row: this.nextRow(), line: this.line, error: `record is longer than ${this.maxRecordChars} characters` });
        const lf = s.indexOf('\n', pos + this.maxRecordChars);
        if (lf === -1) {
          this.skipping = true;
          this.buf = '';
          return;
        }
        this.line += countLines(s, pos, lf + 1);
        pos = lf + 1;
        continue;
      }
      if (step.kind === 'incomplete') break;
      if (step.kind === 'error') {
        out.push({ row: this.nextRow(), line: this.line, error: step.error });
        this.line += step.lines;
        pos = step.resume;
        continue;
      }
      // (A blank line is no record.)
      if (!(step.cells.length === 1 && step.cells[0] === '')) out.push({ row: this.nextRow(), line: this.line, cells: step.cells });
      this.line += step.lines;
      pos = step.end;
    }
    this.buf = pos >= s.length ? '' : s.slice(pos);
  }

  /** A line without quotes or carriage returns (but a CRLF ending): its cells are the text between commas. */
  private plainRecord(s: string, start: number, lf: number, out: CsvItem[]): void {
    // (The same limit as readRecord's: decided by the LF, at most maxRecordChars past the start.)
    if (lf - start > this.maxRecordChars) {
      out.push({ row: this.nextRow(), line: this.line, error: `record is longer than ${this.maxRecordChars} characters` });
    } else {
      const end = lf > start && s.charCodeAt(lf - 1) === CR ? lf - 1 : lf;
      // (A blank line is no record.)
      if (end > start) out.push({ row: this.nextRow(), line: this.line, cells: splitCommas(s, start, end) });
    }
    this.line++;
  }

  private nextRow(): number {
    return this.row++;
  }
}

/**
 * Finds the lines that need no quote handling (most files have none) and splits them with indexOf,
 * much faster than readRecord's character loop (docs/benchmarks.md, Design measurements). The next
 * quote and CR are searched once and kept, so each line costs one indexOf for its LF.
 */
class PlainLines {
  private quote: number;
  private cr: number;

  constructor(private readonly s: string) {
    this.quote = s.indexOf('"');
    this.cr = s.indexOf('\r');
  }

  /**
   * The LF ending the line at `start` when that line is plain (no quote, no CR but one right
   * before its LF); -1 when it is not, or has no LF yet (readRecord takes it).
   */
  end(start: number): number {
    const lf = this.s.indexOf('\n', start);
    if (lf === -1) return -1;
    if (this.quote !== -1 && this.quote < start) this.quote = this.s.indexOf('"', start);
    if (this.cr !== -1 && this.cr < start) this.cr = this.s.indexOf('\r', start);
    const quoteFree = this.quote === -1 || this.quote > lf;
    const crFree = this.cr === -1 || this.cr >= lf - 1;
    return quoteFree && crFree ? lf : -1;
  }
}

/** The cells of s[start, end), which holds no quote, CR or LF. */
function splitCommas(s: string, start: number, end: number): string[] {
  const cells: string[] = [];
  let p = start;
  for (;;) {
    const comma = s.indexOf(',', p);
    if (comma === -1 || comma >= end) {
      cells.push(s.slice(p, end));
      return cells;
    }
    cells.push(s.slice(p, comma));
    p = comma + 1;
  }
}

function countLines(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = s.indexOf('\n', from); i !== -1 && i < to; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** Past the line end at `p` (CRLF, LF or a lone CR). */
function afterEol(s: string, p: number): number {
  return s.charCodeAt(p) === CR && s.charCodeAt(p + 1) === LF ? p + 2 : p + 1;
}

/**
 * A malformed record: reading resumes on the line after the record's first line, so a stray
 * quote that swallowed the lines after it loses only its own line (the lines it swallowed are
 * read again as records).
 */
function malformed(s: string, start: number, final: boolean, error: string, decided: number): Step {
  const lf = s.indexOf('\n', start);
  if (lf === -1 && !final) return { kind: 'incomplete' };
  const resume = lf === -1 ? s.length : lf + 1;
  return { kind: 'error', resume, lines: lf === -1 ? 0 : 1, error, decided };
}

function readRecord(s: string, start: number, final: boolean): Step {
  const n = s.length;
  const cells: string[] = [];
  let p = start;
  let lines = 0;
  for (;;) {
    if (p < n && s.charCodeAt(p) === QUOTE) {
      let value = '';
      let q = p + 1;
      for (;;) {
        const close = s.indexOf('"', q);
        if (close === -1) {
          if (!final) return { kind: 'incomplete' };
          // Unterminated quote: report it and read on from the record's next line.
          return malformed(s, start, final, 'a quoted field is not closed', n);
        }
        value += s.slice(q, close);
        if (s.charCodeAt(close + 1) === QUOTE) {
          value += '"';
          q = close + 2;
          continue;
        }
        if (close + 1 >= n && !final) return { kind: 'incomplete' };
        p = close + 1;
        break;
      }
      lines += countLines(value, 0, value.length);
      const c = p < n ? s.charCodeAt(p) : -1;
      cells.push(value);
      if (c === COMMA) {
        p++;
        continue;
      }
      if (c === -1) return { kind: 'record', end: n, cells, lines, decided: n };
      // A CR last in the buffer may be the first half of a CRLF split between two pieces.
      if (c === CR && p + 1 >= n && !final) return { kind: 'incomplete' };
      if (c === LF || c === CR) return { kind: 'record', end: afterEol(s, p), cells, lines: lines + 1, decided: c === CR ? p + 1 : p };
      return malformed(s, start, final, `unexpected "${s[p]}" after a closing quote (a quote inside a field must be doubled: "")`, p);
    }
    let q = p;
    let c = -1;
    while (q < n) {
      c = s.charCodeAt(q);
      if (c === COMMA || c === LF || c === CR) break;
      q++;
    }
    if (q >= n) {
      if (!final) return { kind: 'incomplete' };
      cells.push(s.slice(p, q));
      return { kind: 'record', end: n, cells, lines, decided: n };
    }
    cells.push(s.slice(p, q));
    if (c === COMMA) {
      p = q + 1;
      continue;
    }
    if (c === CR && q + 1 >= n && !final) return { kind: 'incomplete' };
    return { kind: 'record', end: afterEol(s, q), cells, lines: lines + 1, decided: c === CR ? q + 1 : q };
  }
}
