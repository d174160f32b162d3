/**
 * Exact sums of stored numbers: each number counts as the decimal it prints as — the shortest
 * decimal that reads back as the same double, which JavaScript's String(x) and PostgreSQL's float8
 * output (extra_float_digits ≥ 1, the default) both write — and those decimals are added without
 * any rounding. So a total does not depend on the order or grouping of the additions (a batch's
 * total is the same whatever its chunk sizes, concurrency or commit order), and SQL recomputes it
 * from the rows exactly (exactDecimalSql in src/store/rollups.ts). `toString()` writes the exact
 * decimal for a PostgreSQL `numeric`, which keeps adding exactly and never overflows.
 *
 * From 2^53 (9.0e15) up the two print some doubles with different digits, so there a number
 * counts as its exact value (an integer, that large).
 */

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;
/** Mantissas are read in pieces of at most 9 digits, each summed as a double: exact up to 2^53. */
const PIECE = 1e9;
const SMALL_LIMIT = 2 ** 53 - PIECE;
/**
 * Scales −8 to 39 (what printed doubles from 1e-22 to 1e8 with 17 digits use) are kept in the fast
 * array (index scale + 8; made on the first add); others go straight to BigInt. A small array is cheap to make, merge and
 * print: rollups make one per group and sum per chunk.
 */
const SCALE_OFFSET = 8;
const FAST_SCALES = 48;
/** From here up JavaScript and PostgreSQL print some doubles differently; these count as their exact integer. */
export const EXACT_INTEGERS_FROM = 2 ** 53;

export class ExactSum {
  /** By scale s (index s + SCALE_OFFSET): a sum of pieces of mantissas, worth small[i] / 10^s; exact while below 2^53. */
  private small: Float64Array | null = null;
  /** The lowest and highest index of `small` ever written (lo > hi: none): merge and print read only those. */
  private lo = FAST_SCALES;
  private hi = -1;
  /** By scale: BigInt sums (flushed small sums, tiny numbers, huge ones, decimals added); made on first use. */
  private big: Map<number, bigint> | null = null;

  /** Adds a finite number, as the decimal it prints as. */
  add(x: number): this {
    return x === 0 ? this : this.addWithText(x, String(x));
  }

  /** As add(x), with `text` the caller's String(x) (a writer that printed x already need not print it again). */
  addWithText(x: number, text: string): this {
    if (x === 0) return this;
    if (!Number.isFinite(x)) throw new RangeError(`cannot add ${x} to an exact sum`);
    if (Math.abs(x) >= EXACT_INTEGERS_FROM) return this.addUnits(BigInt(x), 0);
    // The printed decimal's digits, read in one pass as `high` (its first 9 significant digits)
    // and `low` (the rest, `lowDigits` of them), with its scale (digits after the point).
    const e = text.indexOf('e');
    const end = e < 0 ? text.length : e;
    const point = text.indexOf('.');
    const scale = (point < 0 ? 0 : end - point - 1) - (e < 0 ? 0 : Number(text.slice(e + 1)));
    let high = 0;
    let low = 0;
    let lowDigits = 0;
    let significant = 0;
    for (let i = x < 0 ? 1 : 0; i < end; i++) {
      if (i === point) continue;
      const d = text.charCodeAt(i) - 48;
      if (significant === 0 && d === 0) continue;
      if (significant++ < 9) high = high * 10 + d;
      else {
        low = low * 10 + d;
        lowDigits++;
      }
    }
    if (x < 0) {
      high = -high;
      low = -low;
    }
    // high is worth high × 10^lowDigits / 10^scale, low is worth low / 10^scale.
    this.addPiece(high, scale - lowDigits);
    if (low !== 0) this.addPiece(low, scale);
    return this;
  }

  private addPiece(units: number, scale: number): void {
    const at = scale + SCALE_OFFSET;
    if (at < 0 || at >= FAST_SCALES) {
      this.addUnits(BigInt(units), scale);
      return;
    }
    if (at < this.lo) this.lo = at;
    if (at > this.hi) this.hi = at;
    const small = this.fast();
    const sum = small[at]! + units;
    if (Math.abs(sum) < SMALL_LIMIT) small[at] = sum;
    else {
      small[at] = 0;
      this.addUnits(BigInt(sum), scale);
    }
  }

  /** The fast array, made on first use. */
  private fast(): Float64Array {
    this.small ??= new Float64Array(FAST_SCALES);
    return this.small;
  }

  /** Adds a decimal written as `-123.456` (what `toString()` and PostgreSQL's numeric print). */
  addDecimal(text: string): this {
    const m = DECIMAL.exec(text);
    if (!m) throw new RangeError(`not a plain decimal: ${JSON.stringify(text)}`);
    const fraction = m[3] ?? '';
    const units = BigInt(m[2]! + fraction);
    return this.addUnits(m[1] ? -units : units, fraction.length);
  }

  /** Adds another sum's value. */
  merge(other: ExactSum): this {
    for (let at = other.lo; at <= other.hi; at++) {
      const units = other.small![at]!;
      if (units === 0) continue;
      const small = this.fast();
      // Both below SMALL_LIMIT: their sum is exact only while it stays below it too.
      if (Math.abs(small[at]!) + Math.abs(units) < SMALL_LIMIT) {
        small[at]! += units;
        if (at < this.lo) this.lo = at;
        if (at > this.hi) this.hi = at;
      } else this.addUnits(BigInt(units), at - SCALE_OFFSET);
    }
    if (other.big) for (const [scale, units] of other.big) this.addUnits(units, scale);
    return this;
  }

  private addUnits(units: bigint, scale: number): this {
    this.big ??= new Map();
    this.big.set(scale, (this.big.get(scale) ?? 0n) + units);
    return this;
  }

  /** The exact value as a plain decimal, without trailing zeros: `0`, `-12.5`, `1234.5678`. */
  toString(): string {
    let scale = 0;
    const small = this.small;
    if (small) for (let at = this.lo; at <= this.hi; at++) if (small[at] !== 0 && at - SCALE_OFFSET > scale) scale = at - SCALE_OFFSET;
    if (this.big) for (const s of this.big.keys()) if (s > scale) scale = s;
    // Most sums (a rollup group's in one chunk) fit in a safe integer at their largest scale: no BigInt then.
    if (!this.big) {
      const fast = small ? this.unitsAsSafeInteger(small, scale) : 0;
      if (fast !== null) return decimalText(fast < 0, String(fast < 0 ? -fast : fast), scale);
    }
    let units = 0n;
    for (let at = this.lo; small && at <= this.hi; at++) {
      const u = small[at]!;
      if (u !== 0) units += BigInt(u) * 10n ** BigInt(scale - (at - SCALE_OFFSET));
    }
    if (this.big) for (const [s, u] of this.big) units += u * 10n ** BigInt(scale - s);
    const negative = units < 0n;
    return decimalText(negative, (negative ? -units : units).toString(), scale);
  }

  /**
   * Σ small[at] × 10^(scale − its scale) in doubles, or null when a term or the running sum leaves
   * the safe integers (each step of integers below 2^53 is exact, so a safe result is the exact one).
   */
  private unitsAsSafeInteger(small: Float64Array, scale: number): number | null {
    let total = 0;
    for (let at = this.lo; at <= this.hi; at++) {
      const u = small[at]!;
      if (u === 0) continue;
      const shift = scale - (at - SCALE_OFFSET);
      if (shift > 15) return null;
      const term = u * 10 ** shift;
      total += term;
      if (!Number.isSafeInteger(term) || !Number.isSafeInteger(total)) return null;
    }
    return total;
  }

  /** The nearest double (±Infinity beyond the doubles' range). */
  toNumber(): number {
    return Number(this.toString());
  }
}

/** `digits` (a non-negative integer's) worth digits / 10^scale, as a plain decimal without trailing zeros. */
function decimalText(negative: boolean, digits: string, scale: number): string {
  if (scale > 0) {
    digits = digits.padStart(scale + 1, '0');
    const point = digits.length - scale;
    const fraction = digits.slice(point).replace(/0+$/, '');
    digits = fraction ? `${digits.slice(0, point)}.${fraction}` : digits.slice(0, point);
  }
  return negative && digits !== '0' ? `-${digits}` : digits;
}

/** The exact sum of some numbers (each as the decimal it prints as), as a decimal. */
export function exactSum(xs: Iterable<number>): string {
  const s = new ExactSum();
  for (const x of xs) s.add(x);
  return s.toString();
}
