/**
 * Lineage hashes: SHA-256 of a canonical JSON encoding (object keys sorted, no whitespace,
 * numbers as JavaScript prints them), so the same inputs, factors and method always give the
 * same hash, and a stored number can be recomputed and checked.
 */
import { createHash } from 'node:crypto';

export type Canonical = null | boolean | number | string | Canonical[] | { [key: string]: Canonical | undefined };

export function canonicalJson(value: Canonical): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`cannot hash non-finite number ${value}`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value)
    .filter((k) => value[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k] as Canonical)}`).join(',')}}`;
}

export function lineageHash(value: Canonical): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}
