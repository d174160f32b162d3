/**
 * From per-snapshot summaries to a verdict. The rules (docs/heap-profiling.md#the-verdict):
 * - a suspect is a constructor whose retained size grew at every step across at least three
 *   consecutive snapshots, by at least `minGrowthBytes` over that run;
 * - it leaks when its run reaches the last snapshot and instances of it created during the run
 *   and still alive retain at least `minGrowthBytes` (a holder, such as the array that keeps the
 *   leaked objects, grows too but creates nothing: the ranking puts it after what it holds);
 * - verdict `leak` when something leaks, `inconclusive` with fewer than three snapshots, with a
 *   suspect that stopped growing or grew without new instances, or when the whole heap grew at
 *   every step by `minGrowthBytes` with no constructor to blame, and `no leak` otherwise.
 */
import type { ClassStats, HeapSummary } from './heap-classes.ts';
import { formatBytes } from './heap-units.ts';

export const MIN_SNAPSHOTS = 3;

/** Growth that counts when not given: 64 KiB, or 1% of the first snapshot's heap if larger. */
export function defaultMinGrowthBytes(firstTotalSize: number): number {
  return Math.max(64 * 1024, Math.round(firstTotalSize / 100));
}

export interface ClassSeries {
  className: string;
  count: number[];
  selfSize: number[];
  retainedSize: number[];
  /** Instances created after the first snapshot and alive at each snapshot. */
  addedCount: number[];
  addedRetainedSize: number[];
}

export interface LeakSuspect {
  className: string;
  /** Snapshot numbers (from 1) where the growth run starts and ends. */
  fromSnapshot: number;
  toSnapshot: number;
  retainedGrowth: number;
  countGrowth: number;
  /** Instances created during the run and alive at its end, and what they retain. */
  addedCount: number;
  addedRetainedSize: number;
  /** The run reaches the last snapshot and what grew is new instances. */
  leaking: boolean;
}

export type Verdict = 'leak' | 'no leak' | 'inconclusive';

export interface HeapVerdict {
  verdict: Verdict;
  /** One sentence: why. */
  reason: string;
  minGrowthBytes: number;
  suspects: LeakSuspect[];
}

const EMPTY: ClassStats = { count: 0, selfSize: 0, retainedSize: 0, addedCount: 0, addedRetainedSize: 0 };

/** Every constructor's figures across the snapshots (0 where a snapshot has none). */
export function classSeriesOf(summaries: HeapSummary[]): ClassSeries[] {
  const names = new Set<string>();
  for (const s of summaries) for (const name of s.classes.keys()) names.add(name);
  // V8's synthetic root and root groups hold everything; they are not constructors.
  names.delete('(synthetic)');
  return [...names].map((className) => {
    const at = summaries.map((s) => s.classes.get(className) ?? EMPTY);
    return {
      className,
      count: at.map((c) => c.count),
      selfSize: at.map((c) => c.selfSize),
      retainedSize: at.map((c) => c.retainedSize),
      addedCount: at.map((c) => c.addedCount),
      addedRetainedSize: at.map((c) => c.addedRetainedSize),
    };
  });
}

/** Maximal runs of strict growth, as [first, last] snapshot indexes, at least `minLength` snapshots long. */
export function growthRuns(values: number[], minLength: number): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  let start = 0;
  for (let i = 1; i <= values.length; i++) {
    if (i < values.length && values[i]! > values[i - 1]!) continue;
    if (i - start >= minLength) runs.push([start, i - 1]);
    start = i;
  }
  return runs;
}

function suspectOf(s: ClassSeries, minGrowthBytes: number, last: number): LeakSuspect | null {
  // The latest qualifying run: what the heap is doing at the end of the run is what matters.
  const run = growthRuns(s.retainedSize, MIN_SNAPSHOTS)
    .filter(([a, b]) => s.retainedSize[b]! - s.retainedSize[a]! >= minGrowthBytes)
    .at(-1);
  if (!run) return null;
  const [a, b] = run;
  const addedRetainedSize = s.addedRetainedSize[b]! - s.addedRetainedSize[a]!;
  return {
    className: s.className,
    fromSnapshot: a + 1,
    toSnapshot: b + 1,
    retainedGrowth: s.retainedSize[b]! - s.retainedSize[a]!,
    countGrowth: s.count[b]! - s.count[a]!,
    addedCount: s.addedCount[b]! - s.addedCount[a]!,
    addedRetainedSize,
    leaking: b === last && addedRetainedSize >= minGrowthBytes,
  };
}

/** Suspects, ranked (leaking first, then by what new instances retain), and the verdict. */
export function judgeHeap(summaries: HeapSummary[], minGrowthBytes: number): HeapVerdict {
  const n = summaries.length;
  const base = { minGrowthBytes };
  if (n < MIN_SNAPSHOTS) {
    return { ...base, verdict: 'inconclusive', reason: `${n} snapshot${n === 1 ? '' : 's'}: the rule needs at least ${MIN_SNAPSHOTS}`, suspects: [] };
  }
  const suspects = classSeriesOf(summaries)
    .map((s) => suspectOf(s, minGrowthBytes, n - 1))
    .filter((s): s is LeakSuspect => s !== null)
    .sort(
      (x, y) =>
        Number(y.leaking) - Number(x.leaking) ||
        y.addedRetainedSize - x.addedRetainedSize ||
        y.retainedGrowth - x.retainedGrowth ||
        (x.className < y.className ? -1 : 1),
    );
  const top = suspects[0];
  if (top?.leaking) {
    return {
      ...base,
      verdict: 'leak',
      reason:
        `${top.className} grew at every snapshot from ${top.fromSnapshot} to ${top.toSnapshot} (retained +${formatBytes(top.retainedGrowth)}); ` +
        `${top.addedCount.toLocaleString('en-US')} instances created meanwhile are still alive, retaining ${formatBytes(top.addedRetainedSize)}`,
      suspects,
    };
  }
  if (top) {
    const why = top.toSnapshot < n ? `stopped growing after snapshot ${top.toSnapshot}` : 'grew without new instances of its own';
    return {
      ...base,
      verdict: 'inconclusive',
      reason: `${top.className} grew from snapshot ${top.fromSnapshot} to ${top.toSnapshot} (retained +${formatBytes(top.retainedGrowth)}) but ${why}: take more snapshots over a longer run`,
      suspects,
    };
  }
  const totals = summaries.map((s) => s.totalSize);
  const heapGrowth = totals[n - 1]! - totals[0]!;
  if (growthRuns(totals, n).length > 0 && heapGrowth >= minGrowthBytes) {
    return {
      ...base,
      verdict: 'inconclusive',
      reason: `the heap grew at every snapshot (+${formatBytes(heapGrowth)}) but no constructor grew at every step by ${formatBytes(minGrowthBytes)}: take more snapshots over a longer run`,
      suspects,
    };
  }
  return {
    ...base,
    verdict: 'no leak',
    reason: `no constructor's retained size grew at every step across ${MIN_SNAPSHOTS} or more snapshots by ${formatBytes(minGrowthBytes)} (heap ${heapGrowth >= 0 ? '+' : '−'}${formatBytes(Math.abs(heapGrowth))} first to last)`,
    suspects,
  };
}
