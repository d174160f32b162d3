import { describe, expect, it } from 'vitest';
import { canonicalUnit, convert, dimensionOf, factorDenominator, knownUnits, UnitError } from '../../src/domain/units.ts';

/** Deterministic pseudo-random values (LCG), so a failing case can be replayed. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('convert', () => {
  it('uses the exact definitions (NIST SP 811)', () => {
    expect(convert(1, 'lb', 'kg')).toBe(0.45359237);
    expect(convert(1, 'mi', 'km')).toBe(1.609344);
    expect(convert(1, 'gal_us', 'L')).toBe(3.785411784);
    expect(convert(3.6, 'MJ', 'kWh')).toBeCloseTo(1, 15);
    expect(convert(2, 't', 'kg')).toBe(2000);
    // 1 short ton × 1 mile = 0.90718474 t × 1.609344 km = 1.459972… tkm
    expect(convert(1, 'ton_mile', 'tkm')).toBeCloseTo(0.90718474 * 1.609344, 12);
  });

  it('accepts common spellings', () => {
    expect(canonicalUnit('Kilograms')).toBe('kg');
    expect(canonicalUnit('litres')).toBe('L');
    expect(canonicalUnit('tonne-km')).toBe('tkm');
    expect(convert(1000, 'kWh', 'mwh')).toBe(1);
  });

  it('round-trips every pair of units within a dimension (property, 2,000 random cases)', () => {
    const rand = lcg(2024);
    const units = knownUnits();
    let checked = 0;
    for (let i = 0; i < 2000; i++) {
      const a = units[Math.floor(rand() * units.length)]!;
      const same = units.filter((u) => dimensionOf(u) === dimensionOf(a));
      const b = same[Math.floor(rand() * same.length)]!;
      const value = 10 ** (rand() * 12 - 6);
      const back = convert(convert(value, a, b), b, a);
      expect(Math.abs(back - value) / value).toBeLessThan(1e-12);
      checked++;
    }
    expect(checked).toBe(2000);
  });

  it('is linear: convert(x + y) = convert(x) + convert(y)', () => {
    const rand = lcg(7);
    for (let i = 0; i < 200; i++) {
      const x = rand() * 1000;
      const y = rand() * 1000;
      expect(convert(x + y, 'mi', 'km')).toBeCloseTo(convert(x, 'mi', 'km') + convert(y, 'mi', 'km'), 9);
    }
  });

  it('names the units in its errors', () => {
    expect(() => convert(1, 'kg', 'km')).toThrow(new UnitError('UNIT_MISMATCH', 'cannot convert kg (mass) to km (distance)'));
    expect(() => convert(1, 'furlong', 'km')).toThrow(/unknown unit "furlong"/);
    expect(() => convert(Number.NaN, 'kg', 'g')).toThrow(/not a finite number/);
  });
});

describe('factorDenominator', () => {
  it('reads the activity unit of a factor unit', () => {
    expect(factorDenominator('kgCO2e/tkm')).toBe('tkm');
    expect(factorDenominator('kgCO2e/USD2022')).toBe('USD2022');
    expect(() => factorDenominator('tCO2/kg')).toThrow(/is not "kgCO2e\/<unit>"/);
  });
});
