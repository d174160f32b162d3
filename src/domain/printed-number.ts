/**
 * A number's printed form: how every answer shows a computed quantity, and what the lineage hash
 * covers (docs/calculations.md, Printed numbers). Results keep full precision inside (stored,
 * summed); only what is shown is rounded, to 12 significant digits, so `594.9350000000001`
 * prints as `594.935` and `0.1 + 0.2` as `0.3`. A double carries 15–17 significant digits, so
 * 12 leave room for the error a few operations add while changing no meaningful digit.
 *
 * - 12 significant digits, rounded half away from zero (as `toPrecision`), printed by JavaScript
 *   as the shortest form of the nearest double (no trailing zeros, no artefacts);
 * - never coarser than a whole number: an integer is unchanged (whatever its size), and a
 *   non-integer of 10^12 or more is rounded to a whole number;
 * - -0 prints as 0; NaN and ±Infinity are refused (TypeError).
 */

/** Significant digits of a printed number. */
export const PRINTED_DIGITS = 12;

/** 10^0 … 10^22: every one exact as a double. */
const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/**
 * `n` in its printed form (see the module comment). Most numbers take an arithmetic path (a
 * fraction of the cost of `toPrecision`, which runs twice per ingested row): scale to 12 integer
 * digits, round, scale back; both scalings by an exact power of ten are correctly rounded, so the
 * answer is the double nearest the rounded decimal, exactly what `Number(n.toPrecision(12))`
 * gives. Where the scaled value lies too near a rounding tie for the product's own rounding to be
 * trusted, or the digit count came out wrong, `toPrecision` decides (a test holds the two equal).
 */
export function printed(n: number): number {
  if (Number.isInteger(n)) return n + 0; // -0 + 0 is 0
  if (!Number.isFinite(n)) throw new TypeError(`cannot print non-finite number ${n}`);
  const a = n < 0 ? -n : n;
  if (a >= 1e12) {
    const whole = Math.round(a);
    return n < 0 ? -whole : whole;
  }
  const k = 11 - Math.floor(Math.log10(a));
  if (k >= 0 && k <= 22) {
    const x = a * POW10[k]!;
    const m = Math.round(x);
    const fraction = x - Math.floor(x);
    // x is within 2^-14 of a × 10^k (x < 2^40): away from a tie by 10^-3, m is the right rounding.
    if (m > 1e11 && m < 1e12 && Math.abs(fraction - 0.5) > 1e-3) {
      const r = m / POW10[k]!;
      return n < 0 ? -r : r;
    }
  }
  return Number(n.toPrecision(PRINTED_DIGITS));
}

/**
 * `String(printed(n))`, the printed form as text, twice as fast for the usual magnitudes: between
 * 10^-6 and 10^11 a non-integer's toPrecision(12) is in fixed notation, and with its trailing zeros
 * cut it is the shortest form of the double nearest it (12 digits name one double), which is what
 * String gives. Other numbers take String(printed(n)) (a test holds the two equal).
 */
export function printedText(n: number): string {
  const a = n < 0 ? -n : n;
  if (!(a >= 1e-6 && a < 1e11) || Number.isInteger(n)) return String(printed(n));
  const t = n.toPrecision(PRINTED_DIGITS);
  // Rounded up to a whole number (99999999999.95 → "100000000000"): no fraction to cut.
  if (t.indexOf('.') === -1) return t;
  let end = t.length;
  while (t.charCodeAt(end - 1) === 48) end--; // '0'
  if (t.charCodeAt(end - 1) === 46) end--; // '.'
  return end === t.length ? t : t.slice(0, end);
}

/** A copy of `value` with every number in it (in arrays and plain objects, at any depth) in its printed form. */
export function printedValues<T>(value: T): T {
  if (typeof value === 'number') return printed(value) as T;
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  if (Array.isArray(value)) return value.map((v: unknown) => printedValues(v)) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = printedValues(v);
  return out as T;
}
