/**
 * Retained sizes: what would be freed with a node. Node A dominates B when every path from the
 * root to B passes through A; B's retained size is the self size of everything it dominates.
 * Dominators by Cooper, Harvey and Kennedy, "A Simple, Fast Dominance Algorithm" (2001), the
 * iterative form DevTools uses too. Weak edges do not retain, nor do shortcut edges except the
 * root's (DevTools' rule), so neither counts.
 */
import type { HeapGraph } from './heap-snapshot.ts';

export interface RetainedSizes {
  /** The immediate dominator of each node (the root's is itself; unreachable nodes get the root). */
  dominator: Uint32Array;
  retainedSize: Float64Array;
  /** Nodes reachable from the root through retaining edges, in postorder (the root last). */
  postorder: Uint32Array;
  /** 0 for nodes the root cannot reach through retaining edges. */
  reachable: Uint8Array;
}

/** Whether the edge keeps its target alive. */
export function isRetainingEdge(g: HeapGraph, from: number, edge: number): boolean {
  const type = g.edgeTypes[g.edgeType[edge]!];
  return type !== 'weak' && (type !== 'shortcut' || from === 0);
}

/** Depth-first postorder of the nodes reachable from the root. */
function postorderOf(g: HeapGraph): { order: Uint32Array; length: number; reachable: Uint8Array } {
  const n = g.nodeCount;
  const order = new Uint32Array(n);
  const reachable = new Uint8Array(n);
  const stackNode = new Uint32Array(n);
  const stackEdge = new Uint32Array(n);
  let length = 0;
  let top = 0;
  stackNode[0] = 0;
  stackEdge[0] = g.firstEdge[0]!;
  reachable[0] = 1;
  while (top >= 0) {
    const node = stackNode[top]!;
    const end = g.firstEdge[node + 1]!;
    let e = stackEdge[top]!;
    let pushed = false;
    for (; e < end; e++) {
      const to = g.edgeTo[e]!;
      if (reachable[to] || !isRetainingEdge(g, node, e)) continue;
      reachable[to] = 1;
      stackEdge[top] = e + 1;
      top++;
      stackNode[top] = to;
      stackEdge[top] = g.firstEdge[to]!;
      pushed = true;
      break;
    }
    if (!pushed) {
      order[length++] = node;
      top--;
    }
  }
  return { order, length, reachable };
}

export function retainedSizesOf(g: HeapGraph): RetainedSizes {
  const n = g.nodeCount;
  const { order, length, reachable } = postorderOf(g);
  const post = order.subarray(0, length);
  // Postorder number of each reachable node; the root has the largest.
  const rank = new Uint32Array(n);
  for (let i = 0; i < length; i++) rank[post[i]!] = i;

  // Retaining predecessors of each reachable node, by postorder number (CSR).
  const predStart = new Uint32Array(length + 1);
  for (let from = 0; from < n; from++) {
    if (!reachable[from]) continue;
    for (let e = g.firstEdge[from]!; e < g.firstEdge[from + 1]!; e++) if (isRetainingEdge(g, from, e)) predStart[rank[g.edgeTo[e]!]! + 1]!++;
  }
  for (let i = 0; i < length; i++) predStart[i + 1]! += predStart[i]!;
  const fill = predStart.slice(0, length);
  const preds = new Uint32Array(predStart[length]!);
  for (let from = 0; from < n; from++) {
    if (!reachable[from]) continue;
    for (let e = g.firstEdge[from]!; e < g.firstEdge[from + 1]!; e++) {
      if (isRetainingEdge(g, from, e)) preds[fill[rank[g.edgeTo[e]!]!]!++] = rank[from]!;
    }
  }

  const NONE = 0xffffffff;
  const root = length - 1;
  const idom = new Uint32Array(length).fill(NONE);
  idom[root] = root;
  let changed = true;
  while (changed) {
    changed = false;
    for (let b = root - 1; b >= 0; b--) {
      let next = NONE;
      for (let p = predStart[b]!; p < predStart[b + 1]!; p++) {
        let a = preds[p]!;
        if (idom[a] === NONE) continue;
        if (next === NONE) {
          next = a;
          continue;
        }
        let c = next;
        while (a !== c) {
          while (a < c) a = idom[a]!;
          while (c < a) c = idom[c]!;
        }
        next = a;
      }
      if (next !== NONE && idom[b] !== next) {
        idom[b] = next;
        changed = true;
      }
    }
  }

  const dominator = new Uint32Array(n);
  const retainedSize = Float64Array.from(g.selfSize);
  for (let i = 0; i < length; i++) dominator[post[i]!] = post[idom[i]!]!;
  // Children come before their dominator in postorder, so one pass adds every subtree up.
  for (let i = 0; i < root; i++) retainedSize[post[idom[i]!]!]! += retainedSize[post[i]!]!;
  // What the root cannot reach through retaining edges is kept by nothing in particular.
  for (let v = 0; v < n; v++) if (!reachable[v]) retainedSize[0]! += g.selfSize[v]!;
  return { dominator, retainedSize, postorder: post, reachable };
}
