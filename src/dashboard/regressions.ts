/**
 * Recent benchmark regressions for the dashboard, from bench/history.jsonl (one line per recorded
 * run: medians and ratios, src/perf/bench/history.ts). Each benchmark's latest run is compared
 * with its previous run on the same machine: the ratio to the in-run baseline when both runs
 * have one (it cancels the machine's speed and load), else the median. The history keeps no
 * samples, so this is the bare "moved more than the threshold" check, without the significance
 * test of `greenline bench compare`: a hint to look, not the regression gate's verdict.
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type HistoryEntry, readHistory } from '../perf/bench/history.ts';
import { DEFAULT_THRESHOLD } from '../perf/bench/suite.ts';

/** bench/history.jsonl of this installation, wherever the server is started from. */
export const DEFAULT_HISTORY_FILE = resolve(import.meta.dirname, '../../bench/history.jsonl');

export interface BenchChange {
  key: string;
  verdict: 'regression' | 'improvement' | 'unchanged';
  basis: 'ratio' | 'median';
  previous: number;
  current: number;
  /** current / previous − 1: +0.3 is 30% slower. */
  change: number;
  /** When the latest run was recorded, and its commit (null: uncommitted). */
  at: string;
  commit: string | null;
}

export interface RegressionReport {
  /** Runs in the file. */
  runs: number;
  latestRun: string | null;
  threshold: number;
  /** Latest run first; at most `limit`. */
  changes: BenchChange[];
  regressions: number;
  /** Why the file could not be read; the rest is then empty. */
  error: string | null;
}

/** Each benchmark's latest run against its previous one on the same machine, latest first. */
export function recentChanges(entries: readonly HistoryEntry[], threshold = DEFAULT_THRESHOLD, limit = 10): RegressionReport {
  const byKey = new Map<string, HistoryEntry[]>();
  for (const entry of entries) {
    for (const key of Object.keys(entry.results)) {
      const runs = byKey.get(key) ?? [];
      runs.push(entry);
      byKey.set(key, runs);
    }
  }
  const changes: BenchChange[] = [];
  for (const [key, runs] of byKey) {
    const latest = runs.at(-1)!;
    const previous = runs.slice(0, -1).findLast((run) => run.machine === latest.machine);
    if (!previous) continue;
    const [before, after] = [previous.results[key]!, latest.results[key]!];
    const basis = before.ratio !== undefined && after.ratio !== undefined ? 'ratio' : 'median';
    const [p, c] = basis === 'ratio' ? [before.ratio!, after.ratio!] : [before.median, after.median];
    const change = c / p - 1;
    const verdict = change > threshold ? 'regression' : change < -threshold ? 'improvement' : 'unchanged';
    changes.push({ key, verdict, basis, previous: p, current: c, change, at: latest.createdAt, commit: latest.commit });
  }
  changes.sort((a, b) => (a.at === b.at ? a.key.localeCompare(b.key) : a.at < b.at ? 1 : -1));
  const shown = changes.slice(0, limit);
  return {
    runs: entries.length,
    latestRun: entries.at(-1)?.createdAt ?? null,
    threshold,
    changes: shown,
    regressions: shown.filter((c) => c.verdict === 'regression').length,
    error: null,
  };
}

/** Reads the history file again only when it changed, and never more often than every `checkMs`. */
export class RegressionSource {
  #report: RegressionReport = recentChanges([]);
  #mtimeMs = -1;
  #checkedAt = Number.NEGATIVE_INFINITY;

  constructor(
    readonly file = DEFAULT_HISTORY_FILE,
    readonly checkMs = 5_000,
  ) {}

  async current(nowMs = Date.now()): Promise<RegressionReport> {
    if (nowMs - this.#checkedAt < this.checkMs) return this.#report;
    this.#checkedAt = nowMs;
    try {
      const mtimeMs = await stat(this.file).then(
        (s) => s.mtimeMs,
        (err: NodeJS.ErrnoException) => {
          if (err.code === 'ENOENT') return 0;
          throw err;
        },
      );
      if (mtimeMs !== this.#mtimeMs) {
        this.#report = recentChanges(await readHistory(this.file));
        this.#mtimeMs = mtimeMs;
      }
    } catch (err) {
      this.#report = { ...recentChanges([]), error: `${this.file}: ${(err as Error).message}` };
      this.#mtimeMs = -1;
    }
    return this.#report;
  }
}
