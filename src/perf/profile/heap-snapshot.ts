/**
 * Reads V8's `.heapsnapshot` JSON (what `v8.writeHeapSnapshot` and DevTools write) into flat typed
 * arrays: one entry per node, edges grouped by the node they leave. The field layout is read from
 * the file's own `snapshot.meta`, so snapshots of other Node versions parse the same way.
 */

/** The parts of the file this module reads. */
export interface HeapSnapshotFile {
  snapshot: {
    meta: {
      node_fields: string[];
      node_types: [string[], ...unknown[]];
      edge_fields: string[];
      edge_types: [string[], ...unknown[]];
    };
    node_count?: number;
    edge_count?: number;
  };
  nodes: number[];
  edges: number[];
  strings: string[];
}

/** A heap graph: node `i`'s edges are `firstEdge[i]` up to `firstEdge[i + 1]`. Node 0 is V8's synthetic root. */
export interface HeapGraph {
  nodeCount: number;
  nodeTypes: string[];
  edgeTypes: string[];
  strings: string[];
  nodeType: Uint8Array;
  /** Index into `strings`: the constructor name of an object, the text of a string, the name of a function. */
  nodeName: Uint32Array;
  /** V8's object id: stable for one object across the snapshots of one process, and new objects get larger ids. */
  nodeId: Float64Array;
  selfSize: Float64Array;
  firstEdge: Uint32Array;
  edgeType: Uint8Array;
  /** A string index (property, context variable, internal name) or a number (element, hidden). */
  edgeNameOrIndex: Uint32Array;
  /** The node the edge points to (a node number, not V8's offset into the nodes array). */
  edgeTo: Uint32Array;
}

export class HeapSnapshotFormatError extends Error {
  override name = 'HeapSnapshotFormatError';
}

function fieldIndex(fields: string[], name: string, what: string): number {
  const i = fields.indexOf(name);
  if (i < 0) throw new HeapSnapshotFormatError(`not a V8 heap snapshot: ${what} has no "${name}" field`);
  return i;
}

/** Builds the graph from a parsed `.heapsnapshot` file. */
export function heapGraphOf(file: HeapSnapshotFile): HeapGraph {
  const meta = file?.snapshot?.meta;
  if (!meta || !Array.isArray(file.nodes) || !Array.isArray(file.edges) || !Array.isArray(file.strings)) {
    throw new HeapSnapshotFormatError('not a V8 heap snapshot: expected snapshot.meta, nodes, edges and strings');
  }
  const nf = meta.node_fields.length;
  const ef = meta.edge_fields.length;
  const nType = fieldIndex(meta.node_fields, 'type', 'node_fields');
  const nName = fieldIndex(meta.node_fields, 'name', 'node_fields');
  const nId = fieldIndex(meta.node_fields, 'id', 'node_fields');
  const nSize = fieldIndex(meta.node_fields, 'self_size', 'node_fields');
  const nEdges = fieldIndex(meta.node_fields, 'edge_count', 'node_fields');
  const eType = fieldIndex(meta.edge_fields, 'type', 'edge_fields');
  const eName = fieldIndex(meta.edge_fields, 'name_or_index', 'edge_fields');
  const eTo = fieldIndex(meta.edge_fields, 'to_node', 'edge_fields');

  const nodeCount = file.nodes.length / nf;
  const edgeCount = file.edges.length / ef;
  if (!Number.isInteger(nodeCount) || !Number.isInteger(edgeCount) || nodeCount === 0) {
    throw new HeapSnapshotFormatError(`not a V8 heap snapshot: ${file.nodes.length} node values for ${nf} fields per node`);
  }
  const g: HeapGraph = {
    nodeCount,
    nodeTypes: meta.node_types[0],
    edgeTypes: meta.edge_types[0],
    strings: file.strings,
    nodeType: new Uint8Array(nodeCount),
    nodeName: new Uint32Array(nodeCount),
    nodeId: new Float64Array(nodeCount),
    selfSize: new Float64Array(nodeCount),
    firstEdge: new Uint32Array(nodeCount + 1),
    edgeType: new Uint8Array(edgeCount),
    edgeNameOrIndex: new Uint32Array(edgeCount),
    edgeTo: new Uint32Array(edgeCount),
  };
  let edge = 0;
  for (let i = 0, o = 0; i < nodeCount; i++, o += nf) {
    g.nodeType[i] = file.nodes[o + nType]!;
    g.nodeName[i] = file.nodes[o + nName]!;
    g.nodeId[i] = file.nodes[o + nId]!;
    g.selfSize[i] = file.nodes[o + nSize]!;
    g.firstEdge[i] = edge;
    edge += file.nodes[o + nEdges]!;
  }
  g.firstEdge[nodeCount] = edge;
  if (edge !== edgeCount) throw new HeapSnapshotFormatError(`not a V8 heap snapshot: nodes claim ${edge} edges, the file has ${edgeCount}`);
  for (let e = 0, o = 0; e < edgeCount; e++, o += ef) {
    g.edgeType[e] = file.edges[o + eType]!;
    g.edgeNameOrIndex[e] = file.edges[o + eName]!;
    const to = file.edges[o + eTo]! / nf;
    if (!Number.isInteger(to) || to >= nodeCount) throw new HeapSnapshotFormatError(`not a V8 heap snapshot: edge ${e} points outside the nodes`);
    g.edgeTo[e] = to;
  }
  return g;
}

/** Parses the text of a `.heapsnapshot` file. */
export function parseHeapSnapshot(text: string): HeapGraph {
  let file: HeapSnapshotFile;
  try {
    file = JSON.parse(text) as HeapSnapshotFile;
  } catch (err) {
    throw new HeapSnapshotFormatError(`not a V8 heap snapshot: ${(err as Error).message}`);
  }
  return heapGraphOf(file);
}

/** What DevTools' Summary view groups a node under: the constructor name for objects, `(type)` for the rest. */
export function classNameOf(g: HeapGraph, node: number): string {
  const type = g.nodeTypes[g.nodeType[node]!];
  switch (type) {
    case 'object':
    case 'native':
      return g.strings[g.nodeName[node]!] ?? '(object)';
    case 'string':
    case 'concatenated string':
    case 'sliced string':
      return '(string)';
    case 'hidden':
      return '(system)';
    case 'code':
      return '(compiled code)';
    default:
      return `(${type})`;
  }
}

/** How an edge reads in a path: `.name` for a property, `[3]` for an element, the variable for a context slot. */
export function edgeLabelOf(g: HeapGraph, edge: number): string {
  const type = g.edgeTypes[g.edgeType[edge]!];
  const v = g.edgeNameOrIndex[edge]!;
  switch (type) {
    case 'element':
    case 'hidden':
      return `[${v}]`;
    case 'property':
      return `.${g.strings[v]}`;
    case 'context':
      return `(context var ${g.strings[v]})`;
    case 'internal':
    case 'shortcut':
    case 'weak':
      return `(${type} ${g.strings[v]})`;
    default:
      return `(${type} ${v})`;
  }
}
