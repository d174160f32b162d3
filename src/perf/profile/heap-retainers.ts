/**
 * Retainer paths: the shortest chain of retaining edges from the GC roots to an object, found by
 * one breadth-first search from V8's synthetic root. Reading it from the object upwards tells what
 * keeps the object alive.
 */
import { isRetainingEdge } from './heap-retained.ts';
import { classNameOf, edgeLabelOf, type HeapGraph } from './heap-snapshot.ts';

export interface RetainerStep {
  /** Constructor or `(type)` of the object at this step. */
  className: string;
  /** V8's object id (DevTools shows it as `@id`). */
  id: number;
  /** The edge from the previous step to this object; empty for the first step. */
  edge: string;
}

const NONE = 0xffffffff;

/** Shortest-path parents: for each node, the edge that reaches it first from the root (NONE if none). */
export function shortestRetainers(g: HeapGraph): Uint32Array {
  const parentEdge = new Uint32Array(g.nodeCount).fill(NONE);
  const parentNode = new Uint32Array(g.nodeCount);
  const queue = new Uint32Array(g.nodeCount);
  const seen = new Uint8Array(g.nodeCount);
  let head = 0;
  let tail = 0;
  queue[tail++] = 0;
  seen[0] = 1;
  while (head < tail) {
    const v = queue[head++]!;
    for (let e = g.firstEdge[v]!; e < g.firstEdge[v + 1]!; e++) {
      const to = g.edgeTo[e]!;
      if (seen[to] || !isRetainingEdge(g, v, e)) continue;
      seen[to] = 1;
      parentEdge[to] = e;
      parentNode[to] = v;
      queue[tail++] = to;
    }
  }
  // Pack the parent node into the same answer: the edge identifies it only with a reverse index.
  return packParents(parentEdge, parentNode);
}

/** parents[2v] = edge into v, parents[2v+1] = the node it leaves; NONE for the root and unreachable nodes. */
function packParents(edges: Uint32Array, nodes: Uint32Array): Uint32Array {
  const out = new Uint32Array(edges.length * 2);
  for (let v = 0; v < edges.length; v++) {
    out[2 * v] = edges[v]!;
    out[2 * v + 1] = edges[v] === NONE ? NONE : nodes[v]!;
  }
  return out;
}

/** The path from the root's first step (a GC root group) down to `node`; empty if the root cannot reach it. */
export function retainerPath(g: HeapGraph, parents: Uint32Array, node: number): RetainerStep[] {
  const steps: RetainerStep[] = [];
  let v = node;
  while (v !== 0) {
    const edge = parents[2 * v]!;
    if (edge === NONE) return [];
    steps.push({
      className: classNameOf(g, v) === '(synthetic)' ? g.strings[g.nodeName[v]!]! : classNameOf(g, v),
      id: g.nodeId[v]!,
      edge: edgeLabelOf(g, edge),
    });
    v = parents[2 * v + 1]!;
  }
  steps.reverse();
  if (steps[0]) steps[0].edge = '';
  return steps;
}

/** One line: `(GC roots) → … → Array @79489 [6999] → LeakyRecord @83501`. */
export function formatRetainerPath(path: RetainerStep[]): string {
  return path.map((s, i) => (i === 0 ? `${s.className} @${s.id}` : `${s.edge} → ${s.className} @${s.id}`)).join(' ');
}
