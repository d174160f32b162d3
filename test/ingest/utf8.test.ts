import { isUtf8 } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { jsonProblem, MAX_JSON_DEPTH, textProblem } from '../../src/ingest/text-checks.ts';
import { INVALID_BYTE, Utf8Decoder } from '../../src/ingest/utf8.ts';
import { seededRandom } from '../support/random.ts';

function decode(bytes: Buffer, cuts: number[], invalid: 'error' | 'replace' = 'error'): string {
  const d = new Utf8Decoder(invalid);
  let out = '';
  let at = 0;
  for (const c of [...cuts, bytes.length]) {
    out += d.write(bytes.subarray(at, c));
    at = c;
  }
  return out + d.end();
}

describe('UTF-8 decoding for ingest', () => {
  const rand = seededRandom(5);
  const samples = Array.from({ length: 2_000 }, () => {
    // Mostly valid text with multi-byte characters, sometimes a random byte spliced in.
    const text = Array.from({ length: 1 + Math.floor(rand() * 20) }, () => ['a', 'é', '€', '😀', ',', '\n', '\r'][Math.floor(rand() * 7)]).join('');
    const bytes = Buffer.from(text);
    if (rand() < 0.5) return bytes;
    const at = Math.floor(rand() * (bytes.length + 1));
    return Buffer.concat([bytes.subarray(0, at), Buffer.from([Math.floor(rand() * 256)]), bytes.subarray(at)]);
  });

  it('gives the same text however the bytes are cut into pieces, and valid UTF-8 exactly as Node decodes it', () => {
    for (const bytes of samples) {
      const whole = decode(bytes, []);
      const cuts = [...new Set(Array.from({ length: 3 }, () => Math.floor(rand() * bytes.length)))].sort((a, b) => a - b);
      expect(decode(bytes, cuts)).toBe(whole);
      if (isUtf8(bytes)) expect(whole).toBe(bytes.toString('utf8'));
    }
  });

  it('marks invalid bytes so the row is reported, or replaces them with U+FFFD when asked', () => {
    for (const bytes of samples) {
      const marked = decode(bytes, []);
      expect(marked.includes(INVALID_BYTE), bytes.toString('hex')).toBe(!isUtf8(bytes));
      expect(textProblem(marked.replaceAll('\u0000', '')) !== null).toBe(!isUtf8(bytes));
      const replaced = decode(bytes, [], 'replace');
      expect(replaced.includes(INVALID_BYTE)).toBe(false);
    }
    expect(decode(Buffer.from([0x61, 0xc0, 0xaf, 0x62]), [], 'replace')).toBe('a\ufffd\ufffdb');
    expect(decode(Buffer.from([0xed, 0xa0, 0x80]), [])).toBe(INVALID_BYTE.repeat(3));
    expect(decode(Buffer.from([0xe2, 0x82]), [1])).toBe(INVALID_BYTE.repeat(2));
  });

  it('names NUL, invalid text and deep nesting in NDJSON values, with the top-level field', () => {
    expect(textProblem('N\u00002')).toMatch(/NUL character/);
    expect(textProblem('ok 😀')).toBeNull();
    expect(jsonProblem({ a: 'x', b: { c: ['\ud800'] } })).toMatchObject({ field: 'b', reason: expect.stringMatching(/not valid UTF-8/) });
    let deep: unknown = 1;
    for (let i = 0; i < MAX_JSON_DEPTH; i++) deep = [deep];
    expect(jsonProblem({ x: deep })).toMatchObject({ field: 'x', reason: `is nested more than ${MAX_JSON_DEPTH} levels deep` });
    expect(jsonProblem({ x: (deep as unknown[])[0] })).toBeNull();
  });
});
