/**
 * PostgreSQL's COPY text format (https://www.postgresql.org/docs/current/sql-copy.html, "Text
 * Format"): one line per row, fields separated by tabs, NULL written as \N, and backslash,
 * tab, newline and carriage return escaped with a backslash.
 */

const SPECIAL = /[\\\t\n\r]/;
const SPECIAL_ALL = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** A text field; null and undefined become NULL. */
export function copyText(value: string | null | undefined): string {
  if (value === null || value === undefined) return '\\N';
  return SPECIAL.test(value) ? value.replace(SPECIAL_ALL, (c) => ESCAPES[c]!) : value;
}

/**
 * `text` with what PostgreSQL text cannot hold made storable: NUL as U+FFFD, an unpaired
 * surrogate (which UTF-8 cannot encode) as U+FFFD. For quoting bad input in error reports.
 */
export function storableText(text: string): string {
  const noNul = text.includes('\u0000') ? text.replaceAll('\u0000', '\ufffd') : text;
  return isWellFormed(noNul) ? noNul : (noNul as string & { toWellFormed(): string }).toWellFormed();
}

/** Whether `text` has no unpaired surrogate, so UTF-8 can encode it (String.prototype.isWellFormed, ES2024). */
export function isWellFormed(text: string): boolean {
  return (text as string & { isWellFormed(): boolean }).isWellFormed();
}

/** A number field (finite numbers only: COPY would store NaN and Infinity in a float column). */
export function copyNumber(value: number | null | undefined): string {
  if (value === null || value === undefined) return '\\N';
  if (!Number.isFinite(value)) throw new TypeError(`cannot store non-finite number ${value}`);
  return String(value);
}

/**
 * A json/jsonb field from a value. JSON.stringify escapes control characters itself, so only
 * its backslashes need doubling.
 */
export function copyJson(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  const text = JSON.stringify(value);
  return text.includes('\\') ? text.replaceAll('\\', '\\\\') : text;
}

/**
 * COPY data assembled straight into bytes: constant pieces are encoded once, variable ones are
 * written in place, rather than a string per chunk that is slow to turn into a Buffer (a deep rope
 * of small pieces; docs/benchmarks.md, Design measurements).
 */
export class CopyBuffer {
  private buf: Buffer;
  private len = 0;

  constructor(private readonly initialBytes = 1 << 20) {
    this.buf = Buffer.allocUnsafe(initialBytes);
  }

  get length(): number {
    return this.len;
  }

  private ensure(extra: number): void {
    if (this.len + extra <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + extra));
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }

  /** Text already in COPY form (escaped). */
  text(s: string): void {
    this.ensure(s.length * 3);
    this.len += this.buf.write(s, this.len, 'utf8');
  }

  /** Text known to be ASCII (ids, numbers, dates, hashes): one byte per character. */
  ascii(s: string): void {
    this.ensure(s.length);
    this.len += this.buf.write(s, this.len, 'latin1');
  }

  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  /** The bytes written so far; the buffer starts over empty. */
  take(): Buffer {
    const out = this.buf.subarray(0, this.len);
    this.buf = Buffer.allocUnsafe(this.initialBytes);
    this.len = 0;
    return out;
  }
}
