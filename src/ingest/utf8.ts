/**
 * Bytes to text for bulk ingest, with invalid UTF-8 made visible instead of silently replaced.
 * Valid input (the usual case, checked with node:buffer's native isUtf8) decodes as is. In invalid
 * input each bad byte becomes U+FFFD when the user asked for replacement, and otherwise an
 * unpaired surrogate (U+DFFF), which valid UTF-8 can never decode to: the row holding it is then
 * reported as a row error (text-checks.ts) and every other row is stored.
 */
import { isUtf8 } from 'node:buffer';

export type InvalidUtf8 = 'error' | 'replace';

/** What an invalid byte becomes when it is to be reported. */
export const INVALID_BYTE = '\udfff';

export class Utf8Decoder {
  private carry: Buffer | null = null;
  /** Whether an invalid byte was decoded as INVALID_BYTE. */
  sawInvalid = false;

  constructor(private readonly invalid: InvalidUtf8 = 'error') {}

  /** The text of the complete characters so far; a character split across pieces waits for the rest. */
  write(piece: Buffer): string {
    const data = this.carry ? Buffer.concat([this.carry, piece]) : piece;
    const cut = completeLength(data);
    this.carry = cut < data.length ? Buffer.from(data.subarray(cut)) : null;
    return this.decode(data.subarray(0, cut));
  }

  /** The rest: an incomplete character at the very end is invalid. */
  end(): string {
    const rest = this.carry;
    this.carry = null;
    return rest ? this.decode(rest) : '';
  }

  private decode(bytes: Buffer): string {
    if (isUtf8(bytes)) return bytes.toString('utf8');
    const bad = this.invalid === 'replace' ? '\ufffd' : INVALID_BYTE;
    if (bad === INVALID_BYTE) this.sawInvalid = true;
    let out = '';
    let from = 0;
    let i = 0;
    while (i < bytes.length) {
      const n = sequenceLength(bytes, i);
      if (n > 0) {
        i += n;
        continue;
      }
      out += `${bytes.toString('utf8', from, i)}${bad}`;
      i++;
      from = i;
    }
    return out + bytes.toString('utf8', from, bytes.length);
  }
}

/** The length of the bytes that end in a complete character (up to 3 bytes of a started one may follow). */
function completeLength(b: Buffer): number {
  for (let back = 1; back <= Math.min(3, b.length); back++) {
    const c = b[b.length - back]!;
    if (c < 0x80) return b.length;
    if (c >= 0xc0) {
      const want = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
      return want > back ? b.length - back : b.length;
    }
  }
  return b.length;
}

/** The length of the valid UTF-8 sequence at `i` (RFC 3629: no overlongs, surrogates or > U+10FFFF), or 0. */
function sequenceLength(b: Buffer, i: number): number {
  const c = b[i]!;
  if (c < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => i + k < b.length && b[i + k]! >= lo && b[i + k]! <= hi;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if ((c >= 0xe1 && c <= 0xec) || c === 0xee || c === 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (c === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (c === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (c >= 0xf1 && c <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (c === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}
