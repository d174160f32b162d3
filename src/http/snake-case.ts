/**
 * Every answer names its fields in snake_case. Domain objects keep their TypeScript names; this
 * renames their keys, deeply, where a route answers with one (settings, data quality,
 * uncertainty, tier fallback, verification, Monte Carlo).
 */

/** `kgCo2e` → `kg_co2e`, `contributionToVariance` → `contribution_to_variance`; snake_case stays. */
export function snakeCase(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** `value` with every object key in snake_case, at any depth; arrays and other values kept. */
export function snakeCaseKeys(value: object): Record<string, unknown>;
export function snakeCaseKeys(value: unknown): unknown;
export function snakeCaseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v: unknown) => snakeCaseKeys(v));
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[snakeCase(k)] = snakeCaseKeys(v);
  return out;
}

/** The reverse, for a client reading an answer back into TypeScript names: `kg_co2e` → `kgCo2e`. */
export function camelCaseKeys(value: object): Record<string, unknown>;
export function camelCaseKeys(value: unknown): unknown;
export function camelCaseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v: unknown) => camelCaseKeys(v));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())] = camelCaseKeys(v);
  return out;
}
