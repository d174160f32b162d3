/**
 * Exact sums: the value is the exact sum of the numbers' printed decimals (checked against BigInt
 * arithmetic), whatever the order and grouping of the additions.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExactSum, exactSum } from '../../src/domain/exact-sum.ts';

/** The exact sum of the numbers' printed decimals (exact integers from 2^53), the slow way: each as n / 10^400. */
function reference(xs: readonly number[]): string {
  let total = 0n;
  for (const x of xs) {
    if (Math.abs(x) >= 2 ** 53) {
      total += BigInt(x) * 10n ** 400n;
      continue;
    }
    const [mantissa, exponent = '0'] = String(x).split('e');
    const [whole, fraction = ''] = mantissa!.split('.');
    const shift = 400 - fraction.length + Number(exponent);
    total += BigInt(whole! + fraction) * 10n ** BigInt(shift);
  }
  const negative = total < 0n;
  const digits = (negative ? -total : total).toString().padStart(401, '0');
  const whole = digits.slice(0, -400).replace(/^0+(?=\d)/, '');
  const fraction = digits.slice(-400).replace(/0+$/, '');
  const text = fraction ? `${whole}.${fraction}` : whole;
  return negative && text !== '0' ? `-${text}` : text;
}

const doubles = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e300, max: 1e300 }),
  fc.integer({ min: -(2 ** 50), max: 2 ** 50 }),
  fc.integer({ min: -1000, max: 1000 }).map((n) => n / 10),
);

describe('ExactSum', () => {
  it('gives the exact decimal of small sums', () => {
    expect(exactSum([])).toBe('0');
    expect(exactSum([0.5, 0.25])).toBe('0.75');
    expect(exactSum([1, -1])).toBe('0');
    expect(exactSum([-2.5])).toBe('-2.5');
    // Each number counts as the decimal it prints as: 0.1 + 0.2 is 0.3, not 0.30000000000000004.
    expect(exactSum([0.1, 0.2])).toBe('0.3');
    expect(exactSum([0.1 + 0.2, -0.3])).toBe('0.00000000000000004');
    expect(exactSum([1e15, 1.5e-7, -2])).toBe('999999999999998.00000015');
    // From 2^53 a number counts as its exact integer (where JavaScript and PostgreSQL print digits differently).
    expect(exactSum([1e21, -2])).toBe('999999999999999999998');
    expect(exactSum([1e308, 1e308])).toBe((BigInt(1e308) * 2n).toString());
    // Pieces of mantissas are summed as doubles until the next could lose a digit, then moved to BigInt.
    const many = new ExactSum();
    for (let i = 0; i < 9_100_000; i++) many.add(999_999_999);
    expect(many.toString()).toBe((9_100_000n * 999_999_999n).toString());
    expect(exactSum(Array.from({ length: 1000 }, () => -999999999999999.9))).toBe('-999999999999999900');
    expect(new ExactSum().add(1e308).add(1e308).toNumber()).toBe(Number.POSITIVE_INFINITY);
    expect(exactSum([5e-324])).toBe(`0.${'0'.repeat(323)}5`);
    expect(() => new ExactSum().add(Number.NaN)).toThrow(RangeError);
  });

  it('equals the exact sum for any numbers, in any order and any grouping', () => {
    fc.assert(
      fc.property(fc.array(doubles, { maxLength: 40 }), fc.integer({ min: 1, max: 7 }), (xs, groups) => {
        const expected = reference(xs);
        expect(exactSum(xs)).toBe(expected);
        expect(exactSum([...xs].reverse())).toBe(expected);
        // Split into groups summed apart, then merged — as chunks, and as decimals through the database.
        const parts = Array.from({ length: groups }, () => new ExactSum());
        for (const [i, x] of xs.entries()) parts[i % groups]!.add(x);
        const merged = new ExactSum();
        const viaText = new ExactSum();
        for (const p of parts) {
          merged.merge(p);
          viaText.addDecimal(p.toString());
        }
        expect(merged.toString()).toBe(expected);
        expect(viaText.toString()).toBe(expected);
        expect(merged.toNumber()).toBe(Number(expected));
      }),
      { seed: 21, numRuns: 300 },
    );
  });

  it('stays exact when merging two sums whose fast sums near 2^53 (the merged sum moves to BigInt)', () => {
    // 999,999,999 × 10^6 is one 9-digit piece at scale −6: 4,600,000 of them make 4.6e15 pieces per sum.
    const x = 999_999_999_000_000;
    const a = new ExactSum();
    const b = new ExactSum();
    for (let i = 0; i < 4_600_000; i++) {
      a.add(x);
      b.add(x);
    }
    b.add(x); // b's pieces: 4,600,001 × 999,999,999, odd, so a + b in pieces is an odd number above 2^53 (no double holds it)
    const xa = 999_999_999_000_000n * 4_600_000n;
    const xb = xa + 999_999_999_000_000n;
    expect(b.toString()).toBe(String(xb));
    expect(new ExactSum().merge(a).merge(b).toString()).toBe(String(xa + xb));
    expect(a.merge(b).merge(b).toString()).toBe(String(xa + 2n * xb));
  });

  it('prints sums whose terms at the largest scale leave the safe integers through BigInt, exactly', () => {
    // 4,503,599,627,370,495.5 at scale 3 is 4.5e18 units (beyond 2^53): the double path must step aside.
    expect(new ExactSum().add(4503599627370495.5).add(0.001).toString()).toBe('4503599627370495.501');
    // 1e-8 and 1e8 are 16 places apart: 10^16 units, past the shift a double multiplies exactly.
    expect(new ExactSum().add(1e8).add(1e-8).toString()).toBe('100000000.00000001');
    // Within the safe integers the double path gives the same digits: 0.1 + 0.2 is 0.3 exactly.
    expect(new ExactSum().add(0.1).add(0.2).add(-0.05).toString()).toBe('0.25');
    expect(new ExactSum().add(-1.5).add(0.25).toString()).toBe('-1.25');
  });

  it('refuses a decimal it cannot read', () => {
    expect(() => new ExactSum().addDecimal('1e5')).toThrow(/plain decimal/);
    expect(new ExactSum().addDecimal('-0.50').addDecimal('12').toString()).toBe('11.5');
  });
});
