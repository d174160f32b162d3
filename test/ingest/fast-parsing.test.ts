/**
 * The shortcuts ingest takes on its hot path give the same answers as the general code they skip:
 * - CSV lines without quotes are split with indexOf; quoting every cell of the same file (which
 *   RFC 4180 says changes nothing) sends every line through the general record reader instead;
 * - `printedDecimal` is Number(text) for amounts JavaScript prints back unchanged, else -1;
 * - `calendarYear` is the DATE pattern plus isCalendarDate and isPlausibleYear, without a regex.
 */
import { describe, expect, it } from 'vitest';
import { isCalendarDate } from '../../src/domain/scope3/fields.ts';
import { type CsvItem, CsvReader } from '../../src/ingest/csv.ts';
import { calendarYear, printedDecimal } from '../../src/ingest/spend-fast-path.ts';
import { seededRandom as prng } from '../support/random.ts';

/** Reads `text` fed in random pieces, as a stream delivers it. */
function readInPieces(text: string, rand: () => number): CsvItem[] {
  const reader = new CsvReader();
  const out: CsvItem[] = [];
  for (let p = 0; p < text.length; ) {
    const q = p + 1 + Math.floor(rand() * 12);
    out.push(...reader.push(text.slice(p, q)));
    p = q;
  }
  out.push(...reader.end());
  return out;
}

describe('CSV lines without quotes', () => {
  const CELLS = ['', 'a', 'bc', ' x ', '12.5', 'é', 'Zürich AG', '2024-01-31'];
  it('read as the general reader reads the same file with every cell quoted, in random pieces (2,000 files)', () => {
    const rand = prng(7);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    for (let file = 0; file < 2_000; file++) {
      const lines: string[][] = Array.from({ length: Math.floor(rand() * 8) }, () => Array.from({ length: 1 + Math.floor(rand() * 4) }, () => pick(CELLS)));
      // Each line's ending; the last line may have none (an unfinished last line is a record too).
      const ends = lines.map((_, i) => (i === lines.length - 1 && rand() < 0.5 ? '' : pick(['\n', '\r\n', '\n\n'])));
      const render = (quote: boolean) => lines.map((cells, i) => cells.map((c) => (quote ? `"${c}"` : c)).join(',') + ends[i]).join('');
      const [a, b] = [render(false), render(true)];
      const seed = Math.floor(rand() * 1e9);
      expect(readInPieces(a, prng(seed)), JSON.stringify(a)).toEqual(readInPieces(b, prng(seed)));
    }
  });

  it('keeps row and line numbers across blank lines and a quoted record between plain ones', () => {
    const items = readInPieces('h1,h2\na,b\n\n"c\nd",e\r\nf,g', prng(1));
    expect(items).toEqual([
      { row: 0, line: 1, cells: ['h1', 'h2'] },
      { row: 1, line: 2, cells: ['a', 'b'] },
      { row: 2, line: 4, cells: ['c\nd', 'e'] },
      { row: 3, line: 6, cells: ['f', 'g'] },
    ]);
  });
});

describe('printedDecimal', () => {
  it('is Number(text) whenever it is not -1, and only for text that prints back unchanged (200,000 strings)', () => {
    const rand = prng(11);
    const chars = '0123456789.-e+ ';
    for (let i = 0; i < 200_000; i++) {
      const text = Array.from({ length: Math.floor(rand() * 18) }, () =>
        rand() < 0.85 ? chars[Math.floor(rand() * 10)] : chars[10 + Math.floor(rand() * 5)],
      ).join('');
      const got = printedDecimal(text);
      if (got === -1) continue;
      expect(got, text).toBe(Number(text));
      expect(String(got), text).toBe(text);
    }
  });

  it('takes the amounts a purchase file holds, and leaves the rest to Number()', () => {
    for (const text of ['2528.13', '1', '999999999999999', '12345678901234.5', '0.5e1'])
      expect(printedDecimal(text), text).toBe(text === '0.5e1' ? -1 : Number(text));
    // Leading or trailing zeros, a bare dot, signs, exponents, 16 digits, below 1: the general path.
    for (const text of ['', '0.5', '007', '1.50', '1.', '.5', '-3', '+3', '1e5', '1234567890123456', '12345678901234.56'])
      expect(printedDecimal(text), text).toBe(-1);
  });
});

describe('calendarYear', () => {
  it('agrees with the DATE pattern and isCalendarDate (100,000 strings, real and broken dates)', () => {
    const rand = prng(5);
    const digit = () => String(Math.floor(rand() * 10));
    for (let i = 0; i < 100_000; i++) {
      let d = `${1990 + Math.floor(rand() * 50)}-${String(Math.floor(rand() * 14)).padStart(2, '0')}-${String(Math.floor(rand() * 33)).padStart(2, '0')}`;
      if (rand() < 0.2) d = d.slice(0, 4) + (rand() < 0.5 ? '/' : '-') + d.slice(5, 8) + digit() + (rand() < 0.5 ? digit() : 'x');
      if (rand() < 0.05) d = `${d} `;
      const expected =
        /^\d{4}-\d{2}-\d{2}$/.test(d) && isCalendarDate(Number(d.slice(0, 4)), Number(d.slice(5, 7)), Number(d.slice(8, 10))) ? Number(d.slice(0, 4)) : -1;
      expect(calendarYear(d), d).toBe(expected);
    }
    expect(calendarYear('2024-02-29')).toBe(2024);
    expect(calendarYear('2023-02-29')).toBe(-1);
  });

  it('refuses the years records may not carry, as FieldReader.date does (1990–2100)', () => {
    for (const [d, year] of [
      ['1990-01-01', 1990],
      ['2100-12-31', 2100],
      ['1989-12-31', -1],
      ['2101-01-01', -1],
      ['0001-01-01', -1],
      ['9999-12-31', -1],
    ] as const)
      expect(calendarYear(d), d).toBe(year);
  });
});
