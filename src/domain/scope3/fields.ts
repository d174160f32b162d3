/**
 * Reading fields of a raw input record with per-field errors: every problem is collected and
 * reported together, each naming its field.
 */
import { boundText, EARLIEST_YEAR, LATEST_YEAR } from '../plausible-bounds.ts';
import { CalculationError, type InputIssue } from './types.ts';

/**
 * Values above this are refused as implausible (a unit or decimal error upstream) where a field
 * has no bound of its own (plausible-bounds.ts gives most of them one).
 */
export const MAX_MAGNITUDE = 1e15;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export class FieldReader {
  readonly issues: InputIssue[] = [];

  constructor(private readonly raw: Record<string, unknown>) {}

  private fail(field: string, message: string): undefined {
    this.issues.push({ field, message });
    return undefined;
  }

  has(field: string): boolean {
    return this.raw[field] !== undefined && this.raw[field] !== null;
  }

  number(field: string, opts: { required?: boolean; min?: number; max?: number; exclusiveMin?: boolean; integer?: boolean } = {}): number | undefined {
    const v = this.raw[field];
    if (v === undefined || v === null) return opts.required ? this.fail(field, 'is required') : undefined;
    if (typeof v !== 'number') return this.fail(field, `must be a number, got ${typeof v === 'string' ? `the string "${v.slice(0, 40)}"` : typeof v}`);
    if (!Number.isFinite(v)) return this.fail(field, 'must be a finite number');
    if (opts.integer && !Number.isInteger(v)) return this.fail(field, 'must be an integer');
    const min = opts.min ?? 0;
    if (opts.exclusiveMin ? v <= min : v < min) return this.fail(field, `must be ${opts.exclusiveMin ? 'greater than' : 'at least'} ${min}`);
    const max = opts.max ?? MAX_MAGNITUDE;
    if (v > max) return this.fail(field, `must be at most ${boundText(max)}`);
    return v;
  }

  string(field: string, opts: { required?: boolean; oneOf?: readonly string[]; pattern?: RegExp; maxLength?: number } = {}): string | undefined {
    const v = this.raw[field];
    if (v === undefined || v === null || v === '') return opts.required ? this.fail(field, 'is required') : undefined;
    if (typeof v !== 'string') return this.fail(field, `must be a string, got ${typeof v}`);
    if (v.length > (opts.maxLength ?? 500)) return this.fail(field, `must be at most ${opts.maxLength ?? 500} characters`);
    if (opts.oneOf && !opts.oneOf.includes(v)) return this.fail(field, `must be one of ${opts.oneOf.join(', ')}; got "${v}"`);
    if (opts.pattern && !opts.pattern.test(v)) return this.fail(field, `has an invalid format: "${v}"`);
    return v;
  }

  boolean(field: string): boolean | undefined {
    const v = this.raw[field];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'boolean') return this.fail(field, 'must be true or false');
    return v;
  }

  /** A calendar date YYYY-MM-DD that exists, in the years records may carry (1990–2100). */
  date(field: string, opts: { required?: boolean } = {}): string | undefined {
    const v = this.string(field, opts);
    if (v === undefined) return undefined;
    if (!ISO_DATE.test(v)) return this.fail(field, `must be a date YYYY-MM-DD, got "${v}"`);
    const year = Number(v.slice(0, 4));
    if (!isCalendarDate(year, Number(v.slice(5, 7)), Number(v.slice(8, 10)))) return this.fail(field, `is not a calendar date: "${v}"`);
    if (!isPlausibleYear(year)) return this.fail(field, `must be between ${EARLIEST_YEAR}-01-01 and ${LATEST_YEAR}-12-31, got "${v}"`);
    return v;
  }

  /** Refuses fields the category does not know, so typos are not silently ignored. */
  rejectUnknown(known: readonly string[]): void {
    for (const k of Object.keys(this.raw)) {
      if (!known.includes(k)) this.fail(k, 'is not a known field for this category');
    }
  }

  /** Throws every collected issue at once. */
  done(): void {
    if (this.issues.length > 0) throw new CalculationError(this.issues);
  }
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Gregorian calendar check without allocating a Date (this runs for every record). */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!);
}

/** Whether an activity date's year is one records may carry (plausible-bounds.ts). */
export function isPlausibleYear(year: number): boolean {
  return year >= EARLIEST_YEAR && year <= LATEST_YEAR;
}

/** The year of a YYYY-MM-DD date. */
export function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}
