import { describe, expect, it } from 'vitest';
import { isCalendarDate } from '../../src/domain/scope3/fields.ts';
import { canonicalJson, lineageHash } from '../../src/domain/lineage.ts';

describe('canonicalJson', () => {
  it('sorts keys at every level, drops undefined, keeps array order', () => {
    expect(canonicalJson({ b: 1, a: [3, { y: 'x', x: null }], c: undefined, d: true })).toBe('{"a":[3,{"x":null,"y":"x"}],"b":1,"d":true}');
  });

  it('gives the same hash whatever the key order, a different one for any changed value', () => {
    expect(lineageHash({ a: 1, b: [1, 2] })).toBe(lineageHash({ b: [1, 2], a: 1 }));
    expect(lineageHash({ a: 1, b: [1, 2] })).not.toBe(lineageHash({ a: 1, b: [2, 1] }));
    // SHA-256 of the 2-byte string "{}".
    expect(lineageHash({})).toBe('44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a');
  });

  it('refuses non-finite numbers', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(/non-finite/);
  });
});

describe('isCalendarDate', () => {
  it('knows month lengths and leap years', () => {
    expect(isCalendarDate(2024, 2, 29)).toBe(true);
    expect(isCalendarDate(2023, 2, 29)).toBe(false);
    expect(isCalendarDate(1900, 2, 29)).toBe(false);
    expect(isCalendarDate(2000, 2, 29)).toBe(true);
    expect(isCalendarDate(2024, 4, 31)).toBe(false);
    expect(isCalendarDate(2024, 13, 1)).toBe(false);
    expect(isCalendarDate(2024, 12, 31)).toBe(true);
  });
});
