/**
 * PostgreSQL's COPY text format (https://www.postgresql.org/docs/current/sql-copy.html, "Text
 * Format"): one line per row, fields separated by tabs, NULL written as \N, and backslash,
 * tab, newline and carriage return escaped with a backslash.
 */

const SPECIAL = /[\\\t\n\r]/;
const SPECIAL_ALL = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** A text field; null and undefined become NULL. */
export function copyText(value: string | null | undefined): string {
  if (value === null || value === undefined) return '\\N';
  return SPECIAL.test(value) ? value.replace(SPECIAL_ALL, (c) => ESCAPES[c]!) : value;
}

/** A number field (finite numbers only: COPY would store NaN and Infinity in a float column). */
export function copyNumber(value: number | null | undefined): string {
  if (value === null || value === undefined) return '\\N';
  if (!Number.isFinite(value)) throw new TypeError(`cannot store non-finite number ${value}`);
  return String(value);
}

/**
 * A json/jsonb field from a value. JSON.stringify escapes control characters itself, so only
 * its backslashes need doubling.
 */
export function copyJson(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  const text = JSON.stringify(value);
  return text.includes('\\') ? text.replaceAll('\\', '\\\\') : text;
}
