/**
 * One snapshot, grouped by constructor as DevTools' Summary view groups it: instance count, self
 * size, and retained size counted once per group (an instance inside another instance of the same
 * constructor adds nothing, since its parent's retained size already holds it).
 */
import type { RetainedSizes } from './heap-retained.ts';
import { classNameOf, type HeapGraph } from './heap-snapshot.ts';

export interface ClassStats {
  count: number;
  selfSize: number;
  retainedSize: number;
  /** Instances created after the run's first snapshot (V8 ids grow with allocation) and still alive. */
  addedCount: number;
  /** Retained size of those instances, counted once per group as `retainedSize` is. */
  addedRetainedSize: number;
}

export interface HeapSummary {
  nodeCount: number;
  /** Sum of all self sizes: the heap the snapshot saw. */
  totalSize: number;
  /**
   * The largest id of a V8 heap object (odd ids; Node's native objects get even, address-based
   * ids): heap objects with larger ids in a later snapshot of the same process are new.
   */
  maxNodeId: number;
  classes: Map<string, ClassStats>;
}

/** A V8 heap object (odd id) first seen after `afterId`. */
function isAdded(g: HeapGraph, v: number, afterId: number): boolean {
  const id = g.nodeId[v]!;
  return id > afterId && id % 2 === 1;
}

/** Class index of every node, and the names. */
function classIndexOf(g: HeapGraph): { names: string[]; ofNode: Uint32Array } {
  const names: string[] = [];
  const byName = new Map<string, number>();
  const ofNode = new Uint32Array(g.nodeCount);
  for (let v = 0; v < g.nodeCount; v++) {
    const name = classNameOf(g, v);
    let i = byName.get(name);
    if (i === undefined) {
      i = names.length;
      names.push(name);
      byName.set(name, i);
    }
    ofNode[v] = i;
  }
  return { names, ofNode };
}

/**
 * Groups a snapshot by constructor. `addedAfterId` is the first snapshot's largest id (or
 * Infinity for the first snapshot itself: nothing is added yet).
 */
export function summarizeHeap(g: HeapGraph, r: RetainedSizes, addedAfterId: number): HeapSummary {
  const { names, ofNode } = classIndexOf(g);
  const k = names.length;
  const count = new Float64Array(k);
  const self = new Float64Array(k);
  const retained = new Float64Array(k);
  const addedCount = new Float64Array(k);
  const addedRetained = new Float64Array(k);
  let totalSize = 0;
  let maxNodeId = 0;
  for (let v = 0; v < g.nodeCount; v++) {
    const c = ofNode[v]!;
    count[c]!++;
    self[c]! += g.selfSize[v]!;
    totalSize += g.selfSize[v]!;
    if (isAdded(g, v, 0) && g.nodeId[v]! > maxNodeId) maxNodeId = g.nodeId[v]!;
    if (isAdded(g, v, addedAfterId)) addedCount[c]!++;
  }

  // Walk the dominator tree, counting how many instances of each class (and of each class's added
  // instances) sit above the current node: a node adds its retained size only when none does.
  const n = g.nodeCount;
  const childStart = new Uint32Array(n + 1);
  for (let v = 1; v < n; v++) if (r.reachable[v]) childStart[r.dominator[v]! + 1]!++;
  for (let v = 0; v < n; v++) childStart[v + 1]! += childStart[v]!;
  const fill = childStart.slice(0, n);
  const children = new Uint32Array(childStart[n]!);
  for (let v = 1; v < n; v++) if (r.reachable[v]) children[fill[r.dominator[v]!]!++] = v;

  const above = new Uint32Array(k);
  const addedAbove = new Uint32Array(k);
  const stackNode = new Uint32Array(n);
  const stackChild = new Uint32Array(n);
  let top = 0;
  const enter = (v: number) => {
    const c = ofNode[v]!;
    if (above[c] === 0) retained[c]! += r.retainedSize[v]!;
    above[c]!++;
    if (isAdded(g, v, addedAfterId)) {
      if (addedAbove[c] === 0) addedRetained[c]! += r.retainedSize[v]!;
      addedAbove[c]!++;
    }
  };
  const leave = (v: number) => {
    const c = ofNode[v]!;
    above[c]!--;
    if (isAdded(g, v, addedAfterId)) addedAbove[c]!--;
  };
  stackNode[0] = 0;
  stackChild[0] = childStart[0]!;
  enter(0);
  while (top >= 0) {
    const v = stackNode[top]!;
    const i = stackChild[top]!;
    if (i < childStart[v + 1]!) {
      stackChild[top] = i + 1;
      const child = children[i]!;
      enter(child);
      top++;
      stackNode[top] = child;
      stackChild[top] = childStart[child]!;
    } else {
      leave(v);
      top--;
    }
  }
  // Nodes the root cannot reach through retaining edges are retained by nothing: their self size only.
  for (let v = 1; v < n; v++) {
    if (r.reachable[v]) continue;
    retained[ofNode[v]!]! += g.selfSize[v]!;
    if (isAdded(g, v, addedAfterId)) addedRetained[ofNode[v]!]! += g.selfSize[v]!;
  }

  const classes = new Map<string, ClassStats>();
  for (let c = 0; c < k; c++) {
    classes.set(names[c]!, {
      count: count[c]!,
      selfSize: self[c]!,
      retainedSize: retained[c]!,
      addedCount: addedCount[c]!,
      addedRetainedSize: addedRetained[c]!,
    });
  }
  return { nodeCount: n, totalSize, maxNodeId, classes };
}
