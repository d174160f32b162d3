import { describe, expect, it } from 'vitest';
import { PRINTED_DIGITS, printed, printedText, printedValues } from '../../src/domain/printed-number.ts';
import { seededRandom } from '../support/random.ts';

/** The rule stated directly: integers kept, ≥ 10^12 to a whole number, else toPrecision(12). */
function reference(n: number): number {
  if (Number.isInteger(n)) return n + 0;
  if (Math.abs(n) >= 1e12) return Math.sign(n) * Math.round(Math.abs(n));
  return Number(n.toPrecision(PRINTED_DIGITS));
}

const text = (n: number) => String(printed(n));

describe('printed', () => {
  it('drops binary artefacts', () => {
    expect(text(594.9350000000001)).toBe('594.935');
    expect(text(0.38439999999999996)).toBe('0.3844');
    expect(text(0.1 + 0.2)).toBe('0.3');
    expect(text(384.4 / 1000)).toBe('0.3844');
    expect(text(6200 * 0.062)).toBe('384.4');
    expect(text(1.1 * 1.1)).toBe('1.21');
    expect(text(0.30000000000000004)).toBe('0.3');
  });

  it('keeps 12 significant digits, rounding half away from zero', () => {
    expect(text(123.456789012345)).toBe('123.456789012');
    expect(text(2 / 3)).toBe('0.666666666667');
    expect(text(-2 / 3)).toBe('-0.666666666667');
    expect(text(1 / 3)).toBe('0.333333333333');
    // An exact tie (x.5 is a double): away from zero.
    expect(text(123456789012.5)).toBe('123456789013');
    expect(text(-123456789012.5)).toBe('-123456789013');
    // The double nearest 0.1234567890125 is a little below it: the digits of the double decide.
    expect(text(0.1234567890125)).toBe('0.123456789012');
    expect(text(0.1234567890126)).toBe('0.123456789013');
    expect(text(999999999999.5)).toBe('1000000000000');
    expect(text(99.99999999999999)).toBe('100');
  });

  it('prints magnitudes around 1e-7 in their 12 digits', () => {
    expect(text(1e-7)).toBe('1e-7');
    expect(text(1.0000000000000001e-7)).toBe('1e-7');
    expect(text(1.23456789012345e-7)).toBe('1.23456789012e-7');
    expect(text(0.1 * 1e-6)).toBe('1e-7');
    expect(text(3e-7 * 0.1)).toBe('3e-8');
    expect(text(-1.23456789012345e-7)).toBe('-1.23456789012e-7');
    expect(text(5e-324)).toBe('5e-324');
  });

  it('leaves integers unchanged at any size, and rounds a non-integer of 10^12 or more to a whole number', () => {
    for (const n of [0, 1, -1, 372, 1e12, 123456789012345, -123456789012345, 2 ** 53 + 2, 1e21, -1e21, 1.7976931348623157e308]) expect(printed(n)).toBe(n);
    expect(text(1e21)).toBe('1e+21');
    expect(text(1234567890123.4)).toBe('1234567890123');
    expect(text(-1234567890123.5)).toBe('-1234567890124');
    expect(text(4503599627370495.5)).toBe('4503599627370496');
  });

  it('prints -0 as 0, negatives like positives', () => {
    expect(Object.is(printed(-0), 0)).toBe(true);
    expect(text(-0)).toBe('0');
    expect(text(-594.9350000000001)).toBe('-594.935');
    expect(text(-(0.1 + 0.2))).toBe('-0.3');
  });

  it('refuses non-finite numbers', () => {
    for (const n of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) expect(() => printed(n)).toThrow(/non-finite/);
    for (const n of [Number.NaN, Number.POSITIVE_INFINITY]) expect(() => printedText(n)).toThrow(/non-finite/);
  });

  it('printedText: the printed form as String gives it, at the edges of its fast range', () => {
    const edges = [
      1e-6,
      1.5e-6,
      9.99999999999e-7,
      0.000001234567890123,
      99999999999.5,
      1e11 - 0.25,
      0.1 + 0.2,
      594.9350000000001,
      2.5,
      -2.5,
      100.5,
      -0.0000015,
    ];
    for (const n of edges) expect(printedText(n)).toBe(String(printed(n)));
    expect(printedText(0.1 + 0.2)).toBe('0.3');
    expect(printedText(-594.9350000000001)).toBe('-594.935');
  });

  it('is idempotent, equals the rule stated with toPrecision, and printedText is its String, for random doubles of every magnitude', () => {
    const random = seededRandom(15);
    const bits = new Float64Array(1);
    const words = new Uint32Array(bits.buffer);
    for (let i = 0; i < 200_000; i++) {
      let n: number;
      if (i % 4 === 0) {
        words[0] = Math.floor(random() * 2 ** 32);
        words[1] = Math.floor(random() * 2 ** 32);
        n = bits[0]!;
        if (!Number.isFinite(n)) continue;
      } else if (i % 4 === 1) n = (random() - 0.5) * 10 ** Math.floor(random() * 34 - 20);
      // Money times a factor: the values calculations print.
      else if (i % 4 === 2) n = (Math.round(random() * 1e7) / 100) * (Math.round(random() * 1e6) / 1e6);
      // Next to a power of ten, where the digit count changes.
      else n = 10 ** Math.floor(random() * 30 - 15) * (1 + (random() - 0.5) * 1e-11);
      const p = printed(n);
      if (printedText(n) !== String(p)) expect({ n, text: printedText(n) }).toEqual({ n, text: String(p) });
      if (!Object.is(p, reference(n))) expect({ n, printed: p }).toEqual({ n, printed: reference(n) });
      if (!Object.is(printed(p), p)) expect({ n, again: printed(p) }).toEqual({ n, again: p });
    }
  });
});

describe('printedValues', () => {
  it('prints every number at any depth and keeps everything else', () => {
    const date = new Date(0);
    const v = { a: 0.1 + 0.2, b: [594.9350000000001, 'x', null, { c: -0 }], d: true, e: 'text', f: date, g: 7 };
    expect(printedValues(v)).toEqual({ a: 0.3, b: [594.935, 'x', null, { c: 0 }], d: true, e: 'text', f: date, g: 7 });
    expect(v.a).toBe(0.30000000000000004);
    expect(printedValues(null)).toBe(null);
    expect(printedValues(0.38439999999999996)).toBe(0.3844);
  });
});
