/**
 * bench/history.jsonl: one compact line per recorded run (medians and ratios, no samples), so
 * the file stays small in git and a trend can be read per benchmark across commits.
 */
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { BenchInputError } from './errors.ts';
import { formatDuration, formatRatio, renderTextTable } from './format.ts';
import { type BenchRun, benchmarkKey } from './result.ts';

export interface HistoryEntry {
  createdAt: string;
  commit: string | null;
  dirty: boolean;
  machine: string;
  /** By benchmark key (`suite/name`). */
  results: Record<string, { median: number; ratio?: number }>;
}

export class InvalidHistoryError extends BenchInputError {
  readonly code = 'greenline.bench.invalid-history';
}

export function toHistoryEntry(run: BenchRun): HistoryEntry {
  const results: HistoryEntry['results'] = {};
  for (const result of run.results) {
    results[benchmarkKey(result)] = {
      median: Number(result.median.toPrecision(6)),
      ...(result.ratio === undefined ? {} : { ratio: Number(result.ratio.toPrecision(6)) }),
    };
  }
  return {
    createdAt: run.createdAt,
    commit: run.git.commit,
    dirty: run.git.dirty,
    machine: `${run.machine.cpuModel} ×${run.machine.cores}`,
    results,
  };
}

export async function appendHistory(file: string, run: BenchRun): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await appendFile(file, `${JSON.stringify(toHistoryEntry(run))}\n`);
}

/** No file yet means no history, not an error. */
export async function readHistory(file: string): Promise<HistoryEntry[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return text
    .split('\n')
    .map((line, index) => ({ line: line.trim(), number: index + 1 }))
    .filter(({ line }) => line !== '')
    .map(({ line, number }) => {
      try {
        return JSON.parse(line) as HistoryEntry;
      } catch {
        throw new InvalidHistoryError(`${file}:${number}: not a JSON history line`);
      }
    });
}

/**
 * One trend table per benchmark whose key contains `filter` (all when omitted), oldest first.
 * A dirty commit is marked with `+`: its figures may not belong to that commit.
 */
export function renderTrend(entries: HistoryEntry[], filter?: string): string {
  const keys = [...new Set(entries.flatMap((entry) => Object.keys(entry.results)))].filter((key) => !filter || key.includes(filter)).sort();
  if (keys.length === 0) {
    return filter ? `no history for a benchmark matching "${filter}"` : 'no benchmark history recorded yet';
  }
  return keys
    .map((key) => {
      const rows = entries
        .filter((entry) => entry.results[key])
        .map((entry) => {
          const { median, ratio } = entry.results[key]!;
          return [
            entry.createdAt.slice(0, 16).replace('T', ' '),
            `${entry.commit?.slice(0, 10) ?? 'uncommitted'}${entry.dirty ? '+' : ''}`,
            formatDuration(median),
            formatRatio(ratio),
            entry.machine,
          ];
        });
      return `${key}\n${renderTextTable(['Date (UTC)', 'Commit', 'Median', 'Ratio', 'Machine'], rows, [2, 3])}`;
    })
    .join('\n\n');
}
