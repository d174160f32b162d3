/**
 * How a user writes a key's expiry and a rotation's grace period, in the CLI and the API alike:
 * a whole number and one unit (`90s`, `30m`, `1h`, `30d`, `2w`), or for an expiry an ISO 8601
 * date (`2026-01-31`, midnight UTC) or date and time (`2026-01-31T12:00:00Z`).
 * Errors are RangeErrors whose message names the accepted forms; callers attach the field.
 */

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
/** Longer than any sensible key life, short enough that the date stays a date. */
const MAX_DURATION_MS = 3_650 * UNIT_MS.d;
/** A rotation's grace is a handover, not a second life for the old key. */
export const MAX_GRACE_MS = 30 * UNIT_MS.d;

function parseDuration(text: string): number | null {
  const m = /^(\d{1,9})(s|m|h|d|w)$/.exec(text.trim());
  return m ? Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS] : null;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** `30d` from `now`, or an ISO date/time; it must lie in the future. */
export function parseKeyExpiry(text: string, now: Date = new Date()): Date {
  const ms = parseDuration(text);
  let at: Date;
  if (ms !== null) {
    if (ms === 0 || ms > MAX_DURATION_MS) throw new RangeError(`"${text}" must be more than 0 and at most 3650d`);
    at = new Date(now.getTime() + ms);
  } else if (ISO_DATE.test(text) || ISO_DATE_TIME.test(text)) {
    at = new Date(ISO_DATE.test(text) ? `${text}T00:00:00Z` : text);
    if (Number.isNaN(at.getTime()) || !isCalendarDate(text.slice(0, 10))) throw new RangeError(`"${text}" is not a valid date`);
    if (at.getTime() <= now.getTime()) throw new RangeError(`"${text}" is in the past: an expiry must lie in the future`);
  } else {
    throw new RangeError(`"${text}" is not an expiry: write a duration such as 30d, 12h or 2w, or an ISO date such as 2026-01-31`);
  }
  return at;
}

/** Date.parse rolls 2026-02-30 over to March 2; a user who wrote it meant something else. */
function isCalendarDate(ymd: string): boolean {
  const [y, m, d] = ymd.split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d;
}

/** `1h` → 3,600,000; `0s` ends the old key at once. At most 30d. */
export function parseGrace(text: string): number {
  const ms = parseDuration(text);
  if (ms === null) throw new RangeError(`"${text}" is not a grace period: write a duration such as 0s, 15m, 1h or 7d`);
  if (ms > MAX_GRACE_MS) throw new RangeError(`"${text}" is longer than the longest grace period, 30d`);
  return ms;
}
