/**
 * Query fingerprints: one id for every statement that differs only in its literals, parameters
 * or the length of an IN list, from PostgreSQL's own parser (libpg-query, compiled to
 * WebAssembly and shipped in the npm package). `WHERE id = $1` and `WHERE id = 'x'` share a
 * fingerprint; so do `IN ($1, $2)` and `IN ($1, $2, $3)`. Results are remembered per SQL text,
 * so a statement the app runs again costs one map lookup.
 */
import { fingerprintSync, loadModule, normalizeSync } from 'libpg-query';
import { LRUCache } from 'lru-cache';

export interface Fingerprint {
  /** 16 hex digits, stable across processes and PostgreSQL minor versions. */
  id: string;
  /** The statement with every literal replaced by a placeholder: safe to log, no values in it. */
  normalized: string;
}

const MAX_REMEMBERED = 5_000;
/** Least recently used first out: generated SQL (VALUES lists of any length) must not push out the statements the app runs all the time. */
const remembered = new LRUCache<string, Fingerprint>({ max: MAX_REMEMBERED });
let loaded: Promise<void> | null = null;
let ready = false;

/** Loads the parser (a WebAssembly module, ~50 ms once); `fingerprint` needs it done. */
export function loadFingerprints(): Promise<void> {
  loaded ??= loadModule().then(() => {
    ready = true;
  });
  return loaded;
}

/**
 * The fingerprint of `sql`. SQL the parser refuses (or a parser not loaded yet) falls back to
 * `fallbackNormalize`, prefixed `~` so the two kinds of id never collide.
 */
export function fingerprint(sql: string): Fingerprint {
  const seen = remembered.get(sql);
  if (seen !== undefined) return seen;
  const known = (ready ? parsed(sql) : null) ?? fallback(sql);
  remembered.set(sql, known);
  return known;
}

function parsed(sql: string): Fingerprint | null {
  try {
    return { id: fingerprintSync(sql), normalized: normalizeSync(sql) };
  } catch {
    return null;
  }
}

function fallback(sql: string): Fingerprint {
  const normalized = fallbackNormalize(sql);
  let hash = 0x811c9dc5;
  for (let i = 0; i < normalized.length; i++) hash = Math.imul(hash ^ normalized.charCodeAt(i), 0x01000193);
  return { id: `~${(hash >>> 0).toString(16).padStart(8, '0')}`, normalized };
}

/**
 * A plain normalizer for SQL the parser refuses: string and number literals become `?`,
 * `$n` parameters `?`, a list of placeholders `(?, ?, ?)` one `(?)`, whitespace one space.
 */
export function fallbackNormalize(sql: string): string {
  return sql
    .replace(/'(?:[^']|'')*'/g, '?')
    .replace(/\$\d+/g, '?')
    .replace(/\b\d+(?:\.\d+)?\b/g, '?')
    .replace(/\(\s*\?(?:\s*,\s*\?)*\s*\)/g, '(?)')
    .replace(/\s+/g, ' ')
    .trim();
}
