/**
 * A run's snapshots, oldest first, into one report: growth timeline per constructor, leak suspects
 * and verdict (heap-timeline.ts), and the retainer path of an instance of each top suspect, read in
 * the last snapshot. Snapshots are parsed one at a time; only the last graph is kept.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { type HeapSummary, summarizeHeap } from './heap-classes.ts';
import { retainedSizesOf } from './heap-retained.ts';
import { type RetainerStep, retainerPath, shortestRetainers } from './heap-retainers.ts';
import { classNameOf, type HeapGraph, parseHeapSnapshot } from './heap-snapshot.ts';
import { type ClassSeries, classSeriesOf, defaultMinGrowthBytes, judgeHeap, type LeakSuspect, type Verdict } from './heap-timeline.ts';

export interface SnapshotSource {
  /** What the report calls it (a file name). */
  label: string;
  /** When it was taken, in ms since the run started, if known. */
  takenAtMs?: number | null;
  /** How long taking it stopped the program (ms), if known. */
  pauseMs?: number | null;
  load(): Promise<HeapGraph> | HeapGraph;
}

export interface AnalyzeOptions {
  /** Growth that counts (heap-timeline.ts); by default from the first snapshot's size. */
  minGrowthBytes?: number;
  /** Suspects whose retainer path is traced (default 3). */
  pathsFor?: number;
  /** Constructors in the timeline besides the suspects, by growth first to last (default 15). */
  timelineSize?: number;
}

export interface SuspectReport extends LeakSuspect {
  /** The instance traced: of those created during the run the one retaining most, or else the one retaining most. */
  instanceId: number | null;
  /** From a GC root group down to that instance; empty when none is reachable. */
  retainerPath: RetainerStep[];
}

export interface HeapReport {
  verdict: Verdict;
  reason: string;
  /** Sizes per constructor are retained sizes (dominator tree), counted once per constructor. */
  sizeMeasure: 'retained';
  minGrowthBytes: number;
  snapshots: Array<{ label: string; takenAtMs: number | null; pauseMs: number | null; nodeCount: number; totalSize: number }>;
  suspects: SuspectReport[];
  timeline: ClassSeries[];
}

/**
 * The instance of `className` whose path explains the growth best: of those created during the run,
 * the one retaining most (the oldest of equals); with none created, the one retaining most.
 */
function instanceToTrace(g: HeapGraph, retained: Float64Array, className: string, addedAfterId: number): number | null {
  let added: number | null = null;
  let largest: number | null = null;
  const better = (v: number, than: number | null) =>
    than === null || retained[v]! > retained[than]! || (retained[v] === retained[than] && g.nodeId[v]! < g.nodeId[than]!);
  for (let v = 0; v < g.nodeCount; v++) {
    if (classNameOf(g, v) !== className) continue;
    const id = g.nodeId[v]!;
    if (id > addedAfterId && id % 2 === 1 && better(v, added)) added = v;
    if (better(v, largest)) largest = v;
  }
  return added ?? largest;
}

export async function analyzeSnapshots(sources: SnapshotSource[], options: AnalyzeOptions = {}): Promise<HeapReport> {
  const summaries: HeapSummary[] = [];
  let last: { g: HeapGraph; retained: Float64Array } | null = null;
  let firstMaxId = Number.POSITIVE_INFINITY;
  for (const [i, source] of sources.entries()) {
    const g = await source.load();
    const r = retainedSizesOf(g);
    const summary = summarizeHeap(g, r, i === 0 ? Number.POSITIVE_INFINITY : firstMaxId);
    if (i === 0) firstMaxId = summary.maxNodeId;
    summaries.push(summary);
    last = i === sources.length - 1 ? { g, retained: r.retainedSize } : null;
  }
  const minGrowthBytes = options.minGrowthBytes ?? defaultMinGrowthBytes(summaries[0]?.totalSize ?? 0);
  const judged = judgeHeap(summaries, minGrowthBytes);

  const traced = judged.suspects.slice(0, options.pathsFor ?? 3);
  const parents = last && traced.length > 0 ? shortestRetainers(last.g) : null;
  const suspects: SuspectReport[] = judged.suspects.map((s) => {
    if (!last || !parents || !traced.includes(s)) return { ...s, instanceId: null, retainerPath: [] };
    const v = instanceToTrace(last.g, last.retained, s.className, firstMaxId);
    return { ...s, instanceId: v === null ? null : last.g.nodeId[v]!, retainerPath: v === null ? [] : retainerPath(last.g, parents, v) };
  });

  const series = classSeriesOf(summaries);
  const growth = (s: ClassSeries) => Math.abs(s.retainedSize.at(-1)! - s.retainedSize[0]!);
  const named = new Set(suspects.map((s) => s.className));
  const others = series
    .filter((s) => !named.has(s.className))
    .sort((a, b) => growth(b) - growth(a))
    .slice(0, options.timelineSize ?? 15);
  const timeline = [...suspects.map((s) => series.find((x) => x.className === s.className)!), ...others];

  return {
    verdict: judged.verdict,
    reason: judged.reason,
    sizeMeasure: 'retained',
    minGrowthBytes,
    snapshots: sources.map((s, i) => ({
      label: s.label,
      takenAtMs: s.takenAtMs ?? null,
      pauseMs: s.pauseMs ?? null,
      nodeCount: summaries[i]!.nodeCount,
      totalSize: summaries[i]!.totalSize,
    })),
    suspects,
    timeline,
  };
}

/** The same, for `.heapsnapshot` files in the order given. */
export function analyzeSnapshotFiles(
  files: Array<{ path: string; takenAtMs?: number | null; pauseMs?: number | null }>,
  options: AnalyzeOptions = {},
): Promise<HeapReport> {
  return analyzeSnapshots(
    files.map((f) => ({
      label: basename(f.path),
      takenAtMs: f.takenAtMs ?? null,
      pauseMs: f.pauseMs ?? null,
      load: async () => parseHeapSnapshot(await readFile(f.path, 'utf8')),
    })),
    options,
  );
}
