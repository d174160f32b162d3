import { describe, expect, it } from 'vitest';
import { deterministicId, timeOrderedId } from '../../src/domain/ids.ts';

describe('ids', () => {
  it('deterministicId is a pure function of its parts', () => {
    expect(deterministicId('fac', 'a', 1, null)).toBe(deterministicId('fac', 'a', 1, null));
    expect(deterministicId('fac', 'a', 1, null)).not.toBe(deterministicId('fac', 'a', 1, ''));
    expect(deterministicId('fac', 'ab', 'c')).not.toBe(deterministicId('fac', 'a', 'bc'));
  });

  it('timeOrderedId is unique and sorts in creation order, also within one millisecond', () => {
    const ids = Array.from({ length: 20_000 }, () => timeOrderedId('calc'));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    expect(ids[0]).toMatch(/^calc_[0-9a-f]{32}$/);
    // The first 12 hex digits are the creation time in milliseconds.
    const ms = Number.parseInt(ids[0]!.slice(5, 17), 16);
    expect(Math.abs(ms - Date.now())).toBeLessThan(60_000);
  });
});
