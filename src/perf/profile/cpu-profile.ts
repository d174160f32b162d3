/**
 * A V8 `.cpuprofile` (what `node --cpu-prof` and the inspector's Profiler.stop write) read into
 * self and total time per function. Pure: the caller reads the file.
 *
 * Each sample stands for the time until the next one (the last: until the profile's end), so
 * self times add up to the profile's length. A function's total time counts a sample once even
 * when the function is on the stack several times (recursion).
 */

export interface CallFrame {
  functionName: string;
  scriptId?: string;
  url: string;
  /** 0-based, as V8 writes it. */
  lineNumber: number;
  columnNumber: number;
}

export interface CpuProfileNode {
  id: number;
  callFrame: CallFrame;
  hitCount?: number;
  children?: number[];
}

/** The DevTools profile format; times in microseconds. */
export interface CpuProfile {
  nodes: CpuProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface FunctionTime {
  /** Stable identity: name, file and line (a diff matches on name and file). */
  key: string;
  name: string;
  /** The script as written in the profile: a path relative to `root` when under it, else the URL. */
  file: string;
  /** 1-based; 0 for V8's own entries such as (garbage collector). */
  line: number;
  selfUs: number;
  totalUs: number;
}

export interface ProfileSummary {
  /** Profile length (µs): endTime − startTime. */
  durationUs: number;
  /** Sampled time outside `(idle)`: the base of every share. */
  busyUs: number;
  samples: number;
  /** Every function with time, largest self time first; `(root)` and `(idle)` left out. */
  functions: FunctionTime[];
}

/** V8's pseudo-frames that are not work of the program. */
const NOT_WORK = new Set(['(root)', '(idle)']);

export class CpuProfileError extends Error {}

/** Parses and checks the shape of a `.cpuprofile` file's text. */
export function parseCpuProfile(text: string): CpuProfile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new CpuProfileError(`not JSON: ${(err as Error).message}`);
  }
  const p = value as Partial<CpuProfile> | null;
  if (!p || !Array.isArray(p.nodes) || typeof p.startTime !== 'number' || typeof p.endTime !== 'number') {
    throw new CpuProfileError('not a .cpuprofile: expected { nodes, startTime, endTime, samples, timeDeltas }');
  }
  return p as CpuProfile;
}

/** `file:///work/app/src/x.ts` under `root` /work/app becomes `src/x.ts`; `node:fs` and others stay as written. */
export function displayFile(url: string, root: string): string {
  if (!url.startsWith('file://')) return url;
  let path: string;
  try {
    path = decodeURIComponent(new URL(url).pathname);
  } catch {
    return url;
  }
  const prefix = root.endsWith('/') ? root : `${root}/`;
  return path.startsWith(prefix) ? path.slice(prefix.length) : path;
}

/** Microseconds each node was sampled at the top of the stack. */
function selfTimes(profile: CpuProfile): Map<number, number> {
  const self = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  if (samples.length === 0) {
    // No sample list: spread the profile's length over the hit counts.
    const hits = profile.nodes.reduce((n, node) => n + (node.hitCount ?? 0), 0);
    const each = hits > 0 ? (profile.endTime - profile.startTime) / hits : 0;
    for (const node of profile.nodes) if (node.hitCount) self.set(node.id, node.hitCount * each);
    return self;
  }
  let at = profile.startTime;
  const times = samples.map((_, i) => {
    at += deltas[i] ?? 0;
    return at;
  });
  for (let i = 0; i < samples.length; i++) {
    const next = i + 1 < samples.length ? times[i + 1]! : profile.endTime;
    // V8 sometimes records samples slightly out of order: a negative span counts as none.
    const span = Math.max(0, next - times[i]!);
    self.set(samples[i]!, (self.get(samples[i]!) ?? 0) + span);
  }
  return self;
}

function frameKey(frame: CallFrame): string {
  return `${frame.functionName || '(anonymous)'}\u0000${frame.url}\u0000${frame.lineNumber}`;
}

/** Self and total time per function, and the profile's busy time. */
export function summarizeCpuProfile(profile: CpuProfile, root = ''): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = selfTimes(profile);
  const functions = new Map<string, FunctionTime>();
  const entry = (frame: CallFrame): FunctionTime => {
    const key = frameKey(frame);
    let f = functions.get(key);
    if (!f) {
      f = {
        key,
        name: frame.functionName || '(anonymous)',
        file: displayFile(frame.url, root),
        line: frame.url ? frame.lineNumber + 1 : 0,
        selfUs: 0,
        totalUs: 0,
      };
      functions.set(key, f);
    }
    return f;
  };

  // Subtree time per node, children before parents (iterative: deep stacks would overflow recursion).
  const parentOf = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parentOf.set(c, n.id);
  const roots = profile.nodes.filter((n) => !parentOf.has(n.id));
  const order: CpuProfileNode[] = [];
  const stack = [...roots];
  while (stack.length > 0) {
    const node = stack.pop()!;
    order.push(node);
    for (const c of node.children ?? []) {
      const child = byId.get(c);
      if (child) stack.push(child);
    }
  }
  const subtree = new Map<number, number>();
  for (let i = order.length - 1; i >= 0; i--) {
    const node = order[i]!;
    let sum = self.get(node.id) ?? 0;
    for (const c of node.children ?? []) sum += subtree.get(c) ?? 0;
    subtree.set(node.id, sum);
  }

  // A function's total: the subtrees of its outermost frames only (a recursive call is inside one already).
  const onPath = new Map<string, number>();
  const walk: Array<{ node: CpuProfileNode; leaving: boolean }> = roots.map((node) => ({ node, leaving: false }));
  while (walk.length > 0) {
    const { node, leaving } = walk.pop()!;
    const key = frameKey(node.callFrame);
    if (leaving) {
      onPath.set(key, onPath.get(key)! - 1);
      continue;
    }
    const f = entry(node.callFrame);
    f.selfUs += self.get(node.id) ?? 0;
    if (!onPath.get(key)) f.totalUs += subtree.get(node.id) ?? 0;
    onPath.set(key, (onPath.get(key) ?? 0) + 1);
    walk.push({ node, leaving: true });
    for (const c of node.children ?? []) {
      const child = byId.get(c);
      if (child) walk.push({ node: child, leaving: false });
    }
  }

  const all = [...functions.values()];
  const sampled = all.reduce((n, f) => n + f.selfUs, 0);
  const idle = all.filter((f) => f.name === '(idle)').reduce((n, f) => n + f.selfUs, 0);
  return {
    durationUs: profile.endTime - profile.startTime,
    busyUs: sampled - idle,
    samples: profile.samples?.length ?? profile.nodes.reduce((n, node) => n + (node.hitCount ?? 0), 0),
    functions: all.filter((f) => f.totalUs > 0 && !NOT_WORK.has(f.name)).sort((a, b) => b.selfUs - a.selfUs || b.totalUs - a.totalUs),
  };
}

const ms = (us: number) => (us / 1000).toFixed(1);
const pct = (us: number, base: number) => `${base > 0 ? ((100 * us) / base).toFixed(1) : '0.0'}%`;

/** `name  file:line` as the tables print it. */
export function functionLabel(f: Pick<FunctionTime, 'name' | 'file' | 'line'>): string {
  if (!f.file) return f.name;
  return `${f.name}  ${f.file}${f.line ? `:${f.line}` : ''}`;
}

/** Plain-text columns, the first row the header; numbers right-aligned. */
export function formatTable(rows: string[][], rightAligned: number): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows
    .map((r) =>
      r
        .map((cell, c) => (c < rightAligned ? cell.padStart(widths[c]!) : c === r.length - 1 ? cell : cell.padEnd(widths[c]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** The top-hotspots table: the `top` functions by self time, with their total time; shares of busy time. */
export function hotspotTable(summary: ProfileSummary, top = 20): string {
  const head = `CPU profile: ${ms(summary.durationUs)} ms, busy ${ms(summary.busyUs)} ms (${pct(summary.busyUs, summary.durationUs)}), ${summary.samples} samples`;
  const rows = [['#', 'self ms', 'self', 'total ms', 'total', 'function  file:line']];
  summary.functions.slice(0, top).forEach((f, i) => {
    rows.push([String(i + 1), ms(f.selfUs), pct(f.selfUs, summary.busyUs), ms(f.totalUs), pct(f.totalUs, summary.busyUs), functionLabel(f)]);
  });
  return `${head}\n${formatTable(rows, 5)}\n`;
}
