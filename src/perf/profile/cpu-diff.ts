/**
 * Two CPU profiles compared by function: what got slower and what got faster, by self time.
 * Functions are matched on name and the file's last two path parts, not the line or the whole
 * path, so a change that moves code, or the same program in another checkout, still matches;
 * anonymous functions keep their line (a file has many).
 */
import { type FunctionTime, formatTable, functionLabel, type ProfileSummary } from './cpu-profile.ts';

export interface FunctionDelta {
  name: string;
  file: string;
  /** The line in B where the function is in B, else in A. */
  line: number;
  selfA: number;
  selfB: number;
  /** selfB − selfA (µs): positive got slower. */
  deltaUs: number;
  /** Share of busy time in A and in B (0–1). */
  shareA: number;
  shareB: number;
}

export interface ProfileDiff {
  busyA: number;
  busyB: number;
  /** Self time grew, largest growth first. */
  slower: FunctionDelta[];
  /** Self time shrank, largest drop first. */
  faster: FunctionDelta[];
}

function matchKey(f: FunctionTime): string {
  const file = f.file.split('/').slice(-2).join('/');
  return f.name === '(anonymous)' ? `${f.name}\u0000${file}\u0000${f.line}` : `${f.name}\u0000${file}`;
}

function bySelf(summary: ProfileSummary): Map<string, { f: FunctionTime; selfUs: number }> {
  const out = new Map<string, { f: FunctionTime; selfUs: number }>();
  for (const f of summary.functions) {
    const key = matchKey(f);
    const seen = out.get(key);
    if (seen) seen.selfUs += f.selfUs;
    else out.set(key, { f, selfUs: f.selfUs });
  }
  return out;
}

/**
 * B against A. A function must move by at least `minUs` (default 2 ms) to be listed, so sampling
 * noise of a sample or two (about 1 ms each) stays out.
 */
export function diffProfiles(a: ProfileSummary, b: ProfileSummary, minUs = 2000): ProfileDiff {
  const inA = bySelf(a);
  const inB = bySelf(b);
  const deltas: FunctionDelta[] = [];
  for (const key of new Set([...inA.keys(), ...inB.keys()])) {
    const x = inA.get(key);
    const y = inB.get(key);
    const f = (y ?? x)!.f;
    const selfA = x?.selfUs ?? 0;
    const selfB = y?.selfUs ?? 0;
    deltas.push({
      name: f.name,
      file: f.file,
      line: f.line,
      selfA,
      selfB,
      deltaUs: selfB - selfA,
      shareA: a.busyUs > 0 ? selfA / a.busyUs : 0,
      shareB: b.busyUs > 0 ? selfB / b.busyUs : 0,
    });
  }
  return {
    busyA: a.busyUs,
    busyB: b.busyUs,
    slower: deltas.filter((d) => d.deltaUs >= minUs).sort((p, q) => q.deltaUs - p.deltaUs),
    faster: deltas.filter((d) => d.deltaUs <= -minUs).sort((p, q) => p.deltaUs - q.deltaUs),
  };
}

const ms = (us: number) => (us / 1000).toFixed(1);
const signedMs = (us: number) => `${us >= 0 ? '+' : '−'}${ms(Math.abs(us))}`;
const share = (x: number) => `${(100 * x).toFixed(1)}%`;

function section(title: string, rows: FunctionDelta[], top: number): string {
  if (rows.length === 0) return `${title}: none\n`;
  const table = [['#', 'Δ self ms', 'A ms', 'B ms', 'share A → B', 'function  file:line']];
  rows.slice(0, top).forEach((d, i) => {
    table.push([String(i + 1), signedMs(d.deltaUs), ms(d.selfA), ms(d.selfB), `${share(d.shareA)} → ${share(d.shareB)}`, functionLabel(d)]);
  });
  return `${title}:\n${formatTable(table, 5)}\n`;
}

/** The differential view as `greenline profile diff` prints it: slower first, then faster. */
export function formatDiff(diff: ProfileDiff, labels: { a: string; b: string }, top = 15): string {
  const change = diff.busyA > 0 ? ` (${signedMs(diff.busyB - diff.busyA)} ms, ${((100 * (diff.busyB - diff.busyA)) / diff.busyA).toFixed(1)}%)` : '';
  return [
    `A: ${labels.a}  busy ${ms(diff.busyA)} ms`,
    `B: ${labels.b}  busy ${ms(diff.busyB)} ms${change}`,
    '',
    section('Slower in B (self time grew)', diff.slower, top),
    section('Faster in B (self time shrank)', diff.faster, top),
  ].join('\n');
}
