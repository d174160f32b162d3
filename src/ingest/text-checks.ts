/**
 * Text PostgreSQL cannot store, found per row before either ingest path reads it, so it is one row
 * error and never a failed chunk: a NUL character (PostgreSQL text cannot hold U+0000), invalid
 * UTF-8 (utf8.ts marks it as an unpaired surrogate), and for NDJSON, nesting deeper than
 * MAX_JSON_DEPTH (serialising it again would exhaust the stack).
 */
import { isWellFormed } from '../store/copy-text.ts';

/** The deepest nesting of arrays and objects an NDJSON record may have. */
export const MAX_JSON_DEPTH = 64;

/** Why `text` cannot be stored, or null when it can. */
export function textProblem(text: string): string | null {
  if (text.includes('\u0000')) return 'contains a NUL character (U+0000), which PostgreSQL cannot store';
  if (!isWellFormed(text)) {
    return 'is not valid UTF-8 (an invalid byte sequence, or an unpaired surrogate escape); re-encode the file as UTF-8, or ask for replacement characters (CLI --invalid-utf8 replace, HTTP invalid_utf8=replace)';
  }
  return null;
}

export interface ValueProblem {
  /** The top-level field it is in ('' for the record itself). */
  field: string;
  reason: string;
}

/** The first problem in a parsed NDJSON value (its keys and strings, and its depth), or null. */
export function jsonProblem(value: unknown): ValueProblem | null {
  const stack: Array<{ v: unknown; depth: number; field: string }> = [{ v: value, depth: 0, field: '' }];
  while (stack.length > 0) {
    const { v, depth, field } = stack.pop()!;
    if (typeof v === 'string') {
      const reason = textProblem(v);
      if (reason) return { field, reason };
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= MAX_JSON_DEPTH) return { field, reason: `is nested more than ${MAX_JSON_DEPTH} levels deep` };
    if (Array.isArray(v)) {
      for (const item of v) stack.push({ v: item, depth: depth + 1, field });
      continue;
    }
    for (const [k, item] of Object.entries(v)) {
      const at = depth === 0 ? k : field;
      const reason = textProblem(k);
      if (reason) return { field: at, reason: `has a key that ${reason}` };
      stack.push({ v: item, depth: depth + 1, field: at });
    }
  }
  return null;
}
