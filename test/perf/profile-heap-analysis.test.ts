/**
 * The heap analysis on hand-made snapshots in V8's .heapsnapshot format: dominators and retained
 * sizes, per-constructor figures, the suspect rule and verdicts, retainer paths — exact numbers.
 */
import { describe, expect, it } from 'vitest';
import { analyzeSnapshots } from '../../src/perf/profile/heap-analyze.ts';
import type { HeapSummary } from '../../src/perf/profile/heap-classes.ts';
import { summarizeHeap } from '../../src/perf/profile/heap-classes.ts';
import { formatHeapReport } from '../../src/perf/profile/heap-report.ts';
import { retainedSizesOf } from '../../src/perf/profile/heap-retained.ts';
import { formatRetainerPath, retainerPath, shortestRetainers } from '../../src/perf/profile/heap-retainers.ts';
import { type HeapGraph, type HeapSnapshotFile, HeapSnapshotFormatError, heapGraphOf, parseHeapSnapshot } from '../../src/perf/profile/heap-snapshot.ts';
import { growthRuns, judgeHeap } from '../../src/perf/profile/heap-timeline.ts';

const NODE_TYPES = ['hidden', 'array', 'string', 'object', 'code', 'closure', 'regexp', 'number', 'native', 'synthetic'];
const EDGE_TYPES = ['context', 'element', 'property', 'internal', 'hidden', 'shortcut', 'weak'];

interface N {
  type: string;
  name: string;
  id: number;
  self: number;
}
/** [from, type, name or index, to]: nodes by their position in the list. */
type E = [number, string, string | number, number];

/** A snapshot file laid out as V8 writes one (7 node fields, 3 edge fields, edges grouped by node). */
function snapshotFile(nodes: N[], edges: E[]): HeapSnapshotFile {
  const strings: string[] = [];
  const str = (s: string) => (strings.includes(s) ? strings.indexOf(s) : strings.push(s) - 1);
  const nodeValues: number[] = [];
  const edgeValues: number[] = [];
  nodes.forEach((n, i) => {
    const own = edges.filter((e) => e[0] === i);
    nodeValues.push(NODE_TYPES.indexOf(n.type), str(n.name), n.id, n.self, own.length, 0, 0);
    for (const [, type, name, to] of own) edgeValues.push(EDGE_TYPES.indexOf(type), typeof name === 'number' ? name : str(name), to * 7);
  });
  return {
    snapshot: {
      meta: {
        node_fields: ['type', 'name', 'id', 'self_size', 'edge_count', 'trace_node_id', 'detachedness'],
        node_types: [NODE_TYPES, 'string', 'number', 'number', 'number', 'number', 'number'],
        edge_fields: ['type', 'name_or_index', 'to_node'],
        edge_types: [EDGE_TYPES, 'string_or_number', 'node'],
      },
    },
    nodes: nodeValues,
    edges: edgeValues,
    strings,
  };
}

const graph = (nodes: N[], edges: E[]): HeapGraph => heapGraphOf(snapshotFile(nodes, edges));

describe('parsing', () => {
  it('reads the fields by the names in snapshot.meta and refuses what is not a snapshot', () => {
    const text = JSON.stringify(
      snapshotFile(
        [
          { type: 'synthetic', name: '', id: 1, self: 0 },
          { type: 'object', name: 'Thing', id: 3, self: 24 },
        ],
        [[0, 'element', 1, 1]],
      ),
    );
    const g = parseHeapSnapshot(text);
    expect(g.nodeCount).toBe(2);
    expect(g.strings[g.nodeName[1]!]).toBe('Thing');
    expect([...g.selfSize]).toEqual([0, 24]);
    expect([...g.edgeTo]).toEqual([1]);
    expect(() => parseHeapSnapshot('{"nodes": []}')).toThrow(HeapSnapshotFormatError);
    expect(() => parseHeapSnapshot('not json')).toThrow(/not a V8 heap snapshot/);
  });
});

describe('retained sizes', () => {
  // root → A (10), root → B (20); A → C and B → C (C: 30); C → D (40); A ⇢ E (50) by a weak edge only.
  const nodes: N[] = [
    { type: 'synthetic', name: '', id: 1, self: 0 },
    { type: 'object', name: 'A', id: 3, self: 10 },
    { type: 'object', name: 'B', id: 5, self: 20 },
    { type: 'object', name: 'C', id: 7, self: 30 },
    { type: 'object', name: 'D', id: 9, self: 40 },
    { type: 'object', name: 'E', id: 11, self: 50 },
  ];
  const edges: E[] = [
    [0, 'shortcut', 'a', 1],
    [0, 'element', 1, 2],
    [1, 'property', 'c', 3],
    [1, 'weak', 'e', 5],
    [2, 'property', 'c', 3],
    [3, 'property', 'd', 4],
  ];

  it('a node reached through two paths is dominated by neither; weak edges retain nothing', () => {
    const g = graph(nodes, edges);
    const r = retainedSizesOf(g);
    expect([...r.dominator]).toEqual([0, 0, 0, 0, 3, 0]);
    // A 10 (E is only weakly held), B 20, C 30 + D 40 = 70, D 40; E unreachable, so the root's 150 includes it.
    expect([...r.retainedSize]).toEqual([150, 10, 20, 70, 40, 50]);
    expect([...r.reachable]).toEqual([1, 1, 1, 1, 1, 0]);
  });

  it('a shortcut edge retains only from the root', () => {
    // root → B → A, and root → C ⇢ A by a shortcut: not retaining, so B alone keeps A.
    const g = graph(nodes.slice(0, 4), [
      [0, 'element', 1, 2],
      [0, 'element', 2, 3],
      [2, 'property', 'a', 1],
      [3, 'shortcut', 'a', 1],
    ]);
    expect([...retainedSizesOf(g).dominator]).toEqual([0, 2, 0, 0]);
  });
});

describe('per constructor', () => {
  it("counts a nested instance's retained size once, inside the outer one", () => {
    // List(8) → Node(16) → Node(16) → Node(16), each Node → (string) 100.
    const g = graph(
      [
        { type: 'synthetic', name: '', id: 1, self: 0 },
        { type: 'object', name: 'List', id: 3, self: 8 },
        { type: 'object', name: 'Node', id: 5, self: 16 },
        { type: 'object', name: 'Node', id: 7, self: 16 },
        { type: 'object', name: 'Node', id: 9, self: 16 },
        { type: 'string', name: 'a', id: 11, self: 100 },
        { type: 'string', name: 'b', id: 13, self: 100 },
        { type: 'string', name: 'c', id: 15, self: 100 },
      ],
      [
        [0, 'element', 1, 1],
        [1, 'property', 'head', 2],
        [2, 'property', 'next', 3],
        [2, 'property', 'value', 5],
        [3, 'property', 'next', 4],
        [3, 'property', 'value', 6],
        [4, 'property', 'value', 7],
      ],
    );
    const s = summarizeHeap(g, retainedSizesOf(g), 9);
    // Node: the head's retained size, 3 × (16 + 100) = 348; not 348 + 232 + 116.
    expect(s.classes.get('Node')).toEqual({ count: 3, selfSize: 48, retainedSize: 348, addedCount: 0, addedRetainedSize: 0 });
    expect(s.classes.get('List')).toEqual({ count: 1, selfSize: 8, retainedSize: 356, addedCount: 0, addedRetainedSize: 0 });
    // Ids above 9 are new: the three strings, each retaining itself.
    expect(s.classes.get('(string)')).toEqual({ count: 3, selfSize: 300, retainedSize: 300, addedCount: 3, addedRetainedSize: 300 });
    expect(s.totalSize).toBe(356);
    expect(s.maxNodeId).toBe(15);
  });
});

/**
 * Snapshot k of a leaking program: Holder(40) .items → Array(16) → Item(32) each with a (string)
 * payload(100), 2k items; ids given in allocation order, so items of later snapshots have larger ids.
 * With `entries`, also a Cache(8) holding that many Entry objects (50).
 */
function leakingSnapshot(k: number, entries?: number): HeapGraph {
  const nodes: N[] = [
    { type: 'synthetic', name: '', id: 1, self: 0 },
    { type: 'synthetic', name: '(GC roots)', id: 3, self: 0 },
    { type: 'object', name: 'Holder', id: 5, self: 40 },
    { type: 'object', name: 'Array', id: 7, self: 16 },
  ];
  const edges: E[] = [
    [0, 'element', 1, 1],
    [1, 'element', 0, 2],
    [2, 'property', 'items', 3],
  ];
  for (let i = 0; i < 2 * k; i++) {
    const item = nodes.push({ type: 'object', name: 'Item', id: 9 + 4 * i, self: 32 }) - 1;
    const payload = nodes.push({ type: 'string', name: `p${i}`, id: 11 + 4 * i, self: 100 }) - 1;
    edges.push([3, 'element', i, item], [item, 'property', 'payload', payload]);
  }
  if (entries !== undefined) {
    const c = nodes.push({ type: 'object', name: 'Cache', id: 1001, self: 8 }) - 1;
    edges.push([1, 'element', 1, c]);
    for (let i = 0; i < entries; i++) edges.push([c, 'element', i, nodes.push({ type: 'object', name: 'Entry', id: 2001 + 2 * i, self: 50 }) - 1]);
  }
  return graph(nodes, edges);
}

describe('the verdict', () => {
  it('names the leaking constructor, its growth and what keeps it alive', async () => {
    const report = await analyzeSnapshots(
      [1, 2, 3].map((k) => ({ label: `s${k}`, takenAtMs: k * 1000, load: () => leakingSnapshot(k) })),
      { minGrowthBytes: 100 },
    );
    expect(report.verdict).toBe('leak');
    // Items 2 → 6: retained 2 × 132 = 264 → 792; the 4 created after snapshot 1 (ids 17–29 > 15) retain 528.
    expect(report.reason).toBe('Item grew at every snapshot from 1 to 3 (retained +528 B); 4 instances created meanwhile are still alive, retaining 528 B');
    expect(report.suspects.map((s) => [s.className, s.retainedGrowth, s.addedCount, s.addedRetainedSize, s.leaking])).toEqual([
      ['Item', 528, 4, 528, true],
      ['(string)', 400, 4, 400, true],
      // They grow because they hold the items; nothing new of their own.
      ['Array', 528, 0, 0, false],
      ['Holder', 528, 0, 0, false],
    ]);
    const item = report.suspects[0]!;
    expect(item.instanceId).toBe(17);
    expect(formatRetainerPath(item.retainerPath)).toBe('(GC roots) @3 [0] → Holder @5 .items → Array @7 [2] → Item @17');
    expect(report.timeline.find((s) => s.className === 'Item')).toMatchObject({ count: [2, 4, 6], retainedSize: [264, 528, 792], addedCount: [0, 2, 4] });
    expect(report.snapshots.map((s) => s.totalSize)).toEqual([320, 584, 848]);

    const printed = formatHeapReport(report);
    expect(printed).toContain('Verdict: LEAK — Item grew at every snapshot from 1 to 3');
    expect(printed).toMatch(/^ {2}Item +1–3 +\+528 B +\+4 +4 +528 B +leaking$/m);
    expect(printed).toContain('What keeps Item @17 alive');
  });

  it('is inconclusive when the growth stopped before the last snapshot', async () => {
    // The items stay at 2; the cache fills up to 6 entries and stays there.
    const report = await analyzeSnapshots(
      [2, 4, 6, 6].map((entries, i) => ({ label: `s${i + 1}`, load: () => leakingSnapshot(1, entries) })),
      { minGrowthBytes: 100 },
    );
    // Entry: 100, 200, 300, 300 — grew across snapshots 1–3 by 200, then stopped (Cache too, holding them).
    expect(report.timeline.find((s) => s.className === 'Entry')?.retainedSize).toEqual([100, 200, 300, 300]);
    expect(report.suspects.map((s) => [s.className, s.toSnapshot, s.addedRetainedSize, s.leaking])).toEqual([
      ['Entry', 3, 200, false],
      ['Cache', 3, 0, false],
    ]);
    expect(report.verdict).toBe('inconclusive');
    expect(report.reason).toBe('Entry grew from snapshot 1 to 3 (retained +200 B) but stopped growing after snapshot 3: take more snapshots over a longer run');
  });

  it('is no leak when nothing grows at every step, and inconclusive with fewer than 3 snapshots', async () => {
    const steady = await analyzeSnapshots(
      [2, 1, 2].map((k) => ({ label: `s${k}`, load: () => leakingSnapshot(k) })),
      { minGrowthBytes: 100 },
    );
    expect(steady.verdict).toBe('no leak');
    expect(steady.suspects).toEqual([]);
    const two = await analyzeSnapshots([1, 2].map((k) => ({ label: `s${k}`, load: () => leakingSnapshot(k) })));
    expect(two.verdict).toBe('inconclusive');
    expect(two.reason).toBe('2 snapshots: the rule needs at least 3');
  });

  it('growth below the threshold does not count; a heap growing with no constructor to blame is inconclusive', () => {
    const summary = (sizes: Record<string, number>, total: number): HeapSummary => ({
      nodeCount: 0,
      totalSize: total,
      maxNodeId: 0,
      classes: new Map(Object.entries(sizes).map(([name, r]) => [name, { count: 1, selfSize: r, retainedSize: r, addedCount: 0, addedRetainedSize: 0 }])),
    });
    // A grows 100 → 150 → 199: +99 < 100. B and A take turns growing, so the heap grows at every step by 300.
    const runs = [summary({ A: 100, B: 100 }, 1000), summary({ A: 150, B: 100 }, 1150), summary({ A: 149, B: 250 }, 1300)];
    expect(judgeHeap(runs, 100)).toMatchObject({ verdict: 'inconclusive', suspects: [] });
    expect(judgeHeap(runs, 100).reason).toMatch(/^the heap grew at every snapshot \(\+300 B\) but no constructor/);
    expect(judgeHeap([summary({ A: 100 }, 1000), summary({ A: 150 }, 1000), summary({ A: 199 }, 1000)], 100).verdict).toBe('no leak');
    expect(growthRuns([1, 2, 3, 3, 4, 5, 6], 3)).toEqual([
      [0, 2],
      [3, 6],
    ]);
  });
});

describe('retainer paths', () => {
  it('takes the shortest chain of retaining edges, not a weak one', () => {
    // root → R → X → Y → T, and root → R ⇢ T (weak): the path goes through X and Y.
    const g = graph(
      [
        { type: 'synthetic', name: '', id: 1, self: 0 },
        { type: 'synthetic', name: '(GC roots)', id: 3, self: 0 },
        { type: 'object', name: 'X', id: 5, self: 1 },
        { type: 'closure', name: 'f', id: 7, self: 1 },
        { type: 'object', name: 'T', id: 9, self: 1 },
      ],
      [
        [0, 'element', 1, 1],
        [1, 'property', 'x', 2],
        [1, 'weak', 'w', 4],
        [2, 'context', 'handler', 3],
        [3, 'internal', 'target', 4],
      ],
    );
    expect(formatRetainerPath(retainerPath(g, shortestRetainers(g), 4))).toBe(
      '(GC roots) @3 .x → X @5 (context var handler) → (closure) @7 (internal target) → T @9',
    );
  });
});
