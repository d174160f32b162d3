/**
 * The slow-query log: a statement slower than the threshold is logged with its name, duration
 * and normalized SQL (literals replaced by placeholders), and only the number of its parameters,
 * never their values: parameters carry tenants' data and API-key hashes.
 */
import { fingerprint } from './fingerprint.ts';

/** GREENLINE_SLOW_QUERY_MS when not set: also the threshold of greenline_db_slow_queries_total. */
export const DEFAULT_SLOW_QUERY_MS = 500;

export interface SlowQueryEntry {
  query: string;
  durationMs: number;
  failed: boolean;
  fingerprint: string;
  /** The statement, literals replaced by placeholders (truncated past 500 characters). */
  sql: string;
  /** `[redacted: 3 parameters]`: the values are never logged. */
  params: string;
}

const MAX_SQL_LENGTH = 500;

/** The log entry of a slow statement, or null when it was fast enough (or the log is off: threshold 0). */
export function slowQueryEntry(
  thresholdMs: number,
  name: string,
  sql: string,
  params: readonly unknown[] | undefined,
  seconds: number,
  failed: boolean,
): SlowQueryEntry | null {
  const durationMs = seconds * 1000;
  if (thresholdMs <= 0 || durationMs < thresholdMs) return null;
  const fp = fingerprint(sql);
  const n = params?.length ?? 0;
  return {
    query: name,
    durationMs: Math.round(durationMs * 10) / 10,
    failed,
    fingerprint: fp.id,
    sql: fp.normalized.length > MAX_SQL_LENGTH ? `${fp.normalized.slice(0, MAX_SQL_LENGTH)}…` : fp.normalized,
    params: `[redacted: ${n} parameter${n === 1 ? '' : 's'}]`,
  };
}
