/** The printed summary of a heap report: snapshots, verdict, suspects, retainer paths, timeline. */
import type { HeapReport } from './heap-analyze.ts';
import { MIN_SNAPSHOTS } from './heap-timeline.ts';
import { formatBytes } from './heap-units.ts';

const signed = (bytes: number) => (bytes >= 0 ? `+${formatBytes(bytes)}` : `−${formatBytes(-bytes)}`);
const count = (n: number) => n.toLocaleString('en-US');

/** Columns padded to their widest cell; the first column left-aligned, the rest right-aligned. */
function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => `  ${r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')}`.trimEnd());
}

export function formatHeapReport(report: HeapReport, options: { timelineRows?: number } = {}): string {
  const out: string[] = [];
  const n = report.snapshots.length;
  out.push(`Heap profile: ${n} snapshot${n === 1 ? '' : 's'}, sizes per constructor are retained sizes (dominator tree)`);
  out.push(
    ...table([
      ['snapshot', 'taken at', 'program paused', 'heap', 'objects'],
      ...report.snapshots.map((s, i) => [
        `${i + 1} ${s.label}`,
        s.takenAtMs === null ? '–' : `${(s.takenAtMs / 1000).toFixed(1)} s`,
        s.pauseMs === null ? '–' : `${count(s.pauseMs)} ms`,
        formatBytes(s.totalSize),
        count(s.nodeCount),
      ]),
    ]),
  );
  out.push('');
  out.push(`Verdict: ${report.verdict.toUpperCase()} — ${report.reason}`);

  if (report.suspects.length > 0) {
    out.push('');
    out.push(`Leak suspects (retained size grew at every step across ${MIN_SNAPSHOTS}+ snapshots by ${formatBytes(report.minGrowthBytes)} or more):`);
    out.push(
      ...table([
        ['constructor', 'snapshots', 'retained', 'count', 'new & alive', 'they retain', ''],
        ...report.suspects
          .slice(0, 10)
          .map((s) => [
            s.className,
            `${s.fromSnapshot}–${s.toSnapshot}`,
            signed(s.retainedGrowth),
            `${s.countGrowth >= 0 ? '+' : ''}${count(s.countGrowth)}`,
            count(s.addedCount),
            formatBytes(s.addedRetainedSize),
            s.leaking ? 'leaking' : '',
          ]),
      ]),
    );
    if (report.suspects.length > 10) out.push(`  … ${report.suspects.length - 10} more in the JSON report`);
    for (const s of report.suspects) {
      if (s.retainerPath.length === 0) continue;
      out.push('');
      out.push(`What keeps ${s.className} @${s.instanceId} alive (shortest path from the GC roots):`);
      for (const [i, step] of s.retainerPath.entries())
        out.push(`  ${' '.repeat(Math.min(i, 20))}${step.edge ? `${step.edge} → ` : ''}${step.className} @${step.id}`);
    }
  }

  const rows = report.timeline.slice(0, options.timelineRows ?? 10);
  if (rows.length > 0 && n > 1) {
    out.push('');
    out.push('Growth timeline (retained size at each snapshot; count first → last):');
    out.push(
      ...table([
        ['constructor', ...report.snapshots.map((_, i) => `${i + 1}`), 'count'],
        ...rows.map((s) => [s.className, ...s.retainedSize.map(formatBytes), `${count(s.count[0]!)} → ${count(s.count.at(-1)!)}`]),
      ]),
    );
  }
  return out.join('\n');
}
