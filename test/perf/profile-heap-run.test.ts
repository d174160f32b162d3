/**
 * `greenline profile heap -- node PROGRAM` on real programs (test/fixtures/profile): one with a
 * planted leak (LeakyRecord objects pushed into a module-level array every tick) gets "leak" naming
 * LeakyRecord and the array holding them; one allocating as much and dropping it gets "no leak".
 */
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerHeapProfileCommands } from '../../src/cli/profile-heap.ts';
import type { HeapReport } from '../../src/perf/profile/heap-analyze.ts';

const FIXTURES = resolve('test/fixtures/profile');

interface Run {
  dir: string;
  printed: string;
  report: HeapReport;
}
const runs: Record<'leaky' | 'clean', Run> = {} as Record<'leaky' | 'clean', Run>;

/** `greenline profile heap …` in this process, into its own directory. */
async function profileHeap(program: 'leaky' | 'clean', dir: string): Promise<void> {
  const cli = new Command('greenline').exitOverride();
  registerHeapProfileCommands(cli.command('profile'));
  // Four snapshots 250 ms apart from 300 ms on: the leaky program adds 200 records (~120 KB) a tick.
  const plan = ['--snapshots', '4', '--start-after', '300ms', '--interval', '250ms'];
  await cli.parseAsync(['profile', 'heap', '--out', dir, ...plan, '--', 'node', join(FIXTURES, `${program}.cjs`)], {
    from: 'user',
  });
}

// Both programs at once (two cores): each is its own process; the analysis is this one's.
beforeAll(async () => {
  const printed: string[] = [];
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    printed.push(String(chunk));
    return true;
  });
  const dirs = { leaky: join(tmpdir(), `greenline-heap-leaky-${process.pid}`), clean: join(tmpdir(), `greenline-heap-clean-${process.pid}`) };
  try {
    await Promise.all([profileHeap('leaky', dirs.leaky), profileHeap('clean', dirs.clean)]);
  } finally {
    write.mockRestore();
  }
  for (const program of ['leaky', 'clean'] as const) {
    const dir = dirs[program];
    runs[program] = {
      dir,
      // The summary is one write, ending with the directory it names.
      printed: printed.find((chunk) => chunk.includes(`greenline-heap-${program}-`)) ?? '',
      report: JSON.parse(await readFile(join(dir, 'heap-report.json'), 'utf8')) as HeapReport,
    };
  }
});

afterAll(async () => {
  for (const run of Object.values(runs)) await rm(run.dir, { recursive: true, force: true });
});

describe('greenline profile heap -- node PROGRAM', () => {
  it('finds the planted leak: LeakyRecord, held by the module-level array', async () => {
    const { printed, report } = runs.leaky;
    expect(report.snapshots.map((s) => s.label)).toEqual(['heap-1.heapsnapshot', 'heap-2.heapsnapshot', 'heap-3.heapsnapshot', 'heap-4.heapsnapshot']);
    expect(report.verdict).toBe('leak');
    // On the plan: the k-th snapshot due at 300 + (k − 1) × 250 ms (later only when the previous one ran over).
    for (const [i, s] of report.snapshots.entries()) {
      expect(s.takenAtMs).toBeGreaterThanOrEqual(300 + i * 250);
      expect(s.pauseMs).toBeGreaterThan(0);
    }
    const top = report.suspects[0]!;
    expect(top).toMatchObject({ className: 'LeakyRecord', leaking: true, fromSnapshot: 1, toSnapshot: 4 });
    // Every record created after the first snapshot is still alive: the count grew by exactly that many.
    expect(top.countGrowth).toBe(top.addedCount);
    // At least a tick (200 records) per step: a snapshot blocks the program longer than the interval.
    expect(top.countGrowth).toBeGreaterThanOrEqual(600);
    // The path ends in the array the program keeps in `kept`, then the record.
    const tail = top.retainerPath.slice(-2).map((s) => `${s.edge} ${s.className}`);
    expect(tail[0]).toBe('(context var kept) Array');
    expect(tail[1]).toMatch(/^\[\d+\] LeakyRecord$/);
    expect(top.retainerPath[0]?.className).toBe('(GC roots)');
    expect(printed).toMatch(/^Verdict: LEAK — LeakyRecord grew at every snapshot from 1 to 4/m);
    expect(printed).toContain(`What keeps LeakyRecord @${top.instanceId} alive`);
    expect(printed).toMatch(/report {5}\S*heap-report\.json\n/);
  });

  it('gives the clean program "no leak"', async () => {
    const { printed, report } = runs.clean;
    expect(report.snapshots).toHaveLength(4);
    expect(report.verdict).toBe('no leak');
    expect(report.suspects.filter((s) => s.className === 'TransientRecord')).toEqual([]);
    expect(printed).toMatch(/^Verdict: NO LEAK — /m);
  });
});
