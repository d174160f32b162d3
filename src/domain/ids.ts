import { createHash } from 'node:crypto';

/**
 * Deterministic id from its defining parts, so that importing the same data twice yields the
 * same ids (idempotent imports) and any id can be recomputed from what it names.
 */
export function deterministicId(prefix: string, ...parts: Array<string | number | null>): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(`${p ?? '\u0000'}\u001f`);
  return `${prefix}_${h.digest('hex').slice(0, 24)}`;
}
