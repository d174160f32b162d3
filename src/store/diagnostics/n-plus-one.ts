/**
 * N+1 detection: the statements one unit of work (an HTTP request) ran, counted by fingerprint.
 * The same statement run once per item of a list, instead of once for the list, shows up as one
 * fingerprint with a count near the list's length. Counting is by SQL text on the hot path (a
 * map increment); fingerprints are taken once per distinct text when the work ends.
 */
import { queryName } from '../query-timing.ts';
import { fingerprint } from './fingerprint.ts';

/** Repeats of one fingerprint in one request from which it is reported. */
export const DEFAULT_N_PLUS_ONE_THRESHOLD = 10;

export interface RepeatedStatement {
  /** libpg-query's fingerprint (16 hex digits). */
  fingerprint: string;
  /** The short name of query-timing.ts (`select.suppliers`). */
  query: string;
  /** How many times it ran. */
  count: number;
  /** One of the statements, literals replaced by placeholders: no values. */
  normalized: string;
}

/** The statements of one unit of work. */
export class StatementCounts {
  readonly #bySql = new Map<string, number>();
  #total = 0;

  record(sql: string): void {
    this.#bySql.set(sql, (this.#bySql.get(sql) ?? 0) + 1);
    this.#total++;
  }

  get total(): number {
    return this.#total;
  }

  /** Fingerprints run at least `threshold` times, most repeated first. */
  repeated(threshold: number): RepeatedStatement[] {
    // No fingerprint can reach the threshold when all statements together do not.
    if (this.#total < threshold) return [];
    // Statements of one fingerprint share their verb and first table (queryName): only texts whose
    // name reaches the threshold need the parser.
    const byName = new Map<string, number>();
    for (const [sql, count] of this.#bySql) {
      const name = queryName(sql);
      byName.set(name, (byName.get(name) ?? 0) + count);
    }
    const byFingerprint = new Map<string, RepeatedStatement>();
    for (const [sql, count] of this.#bySql) {
      if (byName.get(queryName(sql))! < threshold) continue;
      const fp = fingerprint(sql);
      const seen = byFingerprint.get(fp.id);
      if (seen) seen.count += count;
      else byFingerprint.set(fp.id, { fingerprint: fp.id, query: queryName(sql), count, normalized: fp.normalized });
    }
    return [...byFingerprint.values()].filter((r) => r.count >= threshold).sort((a, b) => b.count - a.count || a.fingerprint.localeCompare(b.fingerprint));
  }
}
