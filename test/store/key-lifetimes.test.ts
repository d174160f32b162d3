/** Expiry and grace as users write them (src/store/key-lifetimes.ts). */
import { describe, expect, it } from 'vitest';
import { parseGrace, parseKeyExpiry } from '../../src/store/key-lifetimes.ts';

const now = new Date('2025-06-01T12:00:00Z');

describe('key expiry', () => {
  it('takes a duration from now or an ISO date (midnight UTC) or date-time', () => {
    expect(parseKeyExpiry('30d', now).toISOString()).toBe('2025-07-01T12:00:00.000Z');
    expect(parseKeyExpiry('12h', now).toISOString()).toBe('2025-06-02T00:00:00.000Z');
    expect(parseKeyExpiry('2w', now).toISOString()).toBe('2025-06-15T12:00:00.000Z');
    expect(parseKeyExpiry('2026-01-31', now).toISOString()).toBe('2026-01-31T00:00:00.000Z');
    expect(parseKeyExpiry('2026-01-31T12:30:00+01:00', now).toISOString()).toBe('2026-01-31T11:30:00.000Z');
  });

  it('refuses what is not a future date, with the accepted forms in the message', () => {
    expect(() => parseKeyExpiry('tomorrow', now)).toThrow(/30d, 12h or 2w, or an ISO date/);
    expect(() => parseKeyExpiry('2025-05-31', now)).toThrow(/in the past/);
    expect(() => parseKeyExpiry('2026-02-30', now)).toThrow(/not a valid date/);
    expect(() => parseKeyExpiry('0d', now)).toThrow(/more than 0/);
    expect(() => parseKeyExpiry('3651d', now)).toThrow(/at most 3650d/);
    expect(() => parseKeyExpiry('2026-01-31T12:00:00', now)).toThrow(RangeError);
  });
});

describe('rotation grace', () => {
  it('is 0s to 30d', () => {
    expect(parseGrace('0s')).toBe(0);
    expect(parseGrace('1h')).toBe(3_600_000);
    expect(parseGrace('30d')).toBe(30 * 86_400_000);
    expect(() => parseGrace('31d')).toThrow(/longest grace period, 30d/);
    expect(() => parseGrace('1 hour')).toThrow(/not a grace period/);
  });
});
