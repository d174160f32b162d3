/**
 * A streaming NDJSON reader: one JSON value per line; a bad line is reported with its number and
 * reading goes on. Row numbers are line numbers (blank lines are skipped but counted).
 */
export type NdjsonItem = { row: number; value: unknown } | { row: number; error: string };

export class NdjsonReader {
  private buf = '';
  private line = 0;
  private skipping = false;

  constructor(private readonly maxLineChars = 1024 * 1024) {}

  push(text: string): NdjsonItem[] {
    const out: NdjsonItem[] = [];
    let from = 0;
    for (let lf = text.indexOf('\n'); lf !== -1; lf = text.indexOf('\n', from)) {
      const piece = text.slice(from, lf);
      from = lf + 1;
      if (this.skipping) {
        this.skipping = false;
        this.buf = '';
        continue;
      }
      const line = this.buf.length > 0 ? this.buf + piece : piece;
      this.buf = '';
      this.take(line, out);
    }
    if (!this.skipping) {
      this.buf += text.slice(from);
      if (this.buf.length > this.maxLineChars) {
        this.line++;
        out.push({ row: this.line, error: `line is longer than ${this.maxLineChars} characters` });
        this.buf = '';
        this.skipping = true;
      }
    }
    return out;
  }

  end(): NdjsonItem[] {
    const out: NdjsonItem[] = [];
    if (!this.skipping && this.buf.length > 0) this.take(this.buf, out);
    this.buf = '';
    return out;
  }

  private take(raw: string, out: NdjsonItem[]): void {
    this.line++;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') return;
    if (line.length > this.maxLineChars) {
      out.push({ row: this.line, error: `line is longer than ${this.maxLineChars} characters` });
      return;
    }
    try {
      out.push({ row: this.line, value: JSON.parse(line) });
    } catch (err) {
      out.push({ row: this.line, error: `not valid JSON: ${(err as Error).message}` });
    }
  }
}
