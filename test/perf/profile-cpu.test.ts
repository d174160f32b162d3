/**
 * The pure parts of `greenline profile cpu` and `profile diff`: a hand-made `.cpuprofile` read
 * into exact self and total times, the diff's order, and the flame-graph page that loads nothing.
 */
import { describe, expect, it } from 'vitest';
import { diffProfiles, formatDiff } from '../../src/perf/profile/cpu-diff.ts';
import { type CpuProfile, displayFile, hotspotTable, type ProfileSummary, parseCpuProfile, summarizeCpuProfile } from '../../src/perf/profile/cpu-profile.ts';
import { profilingNodeOptions } from '../../src/perf/profile/cpu-record.ts';
import { flamegraphHtml, loadSpeedscope } from '../../src/perf/profile/flamegraph-html.ts';

const frame = (functionName: string, url = '', lineNumber = -1) => ({ functionName, scriptId: '0', url, lineNumber, columnNumber: 0 });

/**
 * (root) ─┬─ main (main.js:1) ─┬─ parse (parse.js:10) ── parse (recursion)
 *         │                    └─ (anonymous) (main.js:5)
 *         ├─ (idle)
 *         └─ (garbage collector)
 * Samples at 0, 100, 300, 600, 1000, 1500, 2100 µs; the profile ends at 2500: each sample lasts
 * until the next, so the spans are 100, 200, 300, 400, 500, 600, 400.
 */
const PROFILE: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)'), children: [2, 3, 6] },
    { id: 2, callFrame: frame('main', 'file:///app/src/main.js', 0), children: [4, 5] },
    { id: 4, callFrame: frame('parse', 'file:///app/src/parse.js', 9), children: [7] },
    { id: 7, callFrame: frame('parse', 'file:///app/src/parse.js', 9), children: [] },
    { id: 5, callFrame: frame('', 'file:///app/src/main.js', 4) },
    { id: 3, callFrame: frame('(idle)') },
    { id: 6, callFrame: frame('(garbage collector)') },
  ],
  startTime: 0,
  endTime: 2500,
  samples: [2, 4, 7, 7, 5, 3, 6],
  timeDeltas: [0, 100, 200, 300, 400, 500, 600],
};

describe('summarizeCpuProfile', () => {
  const summary = summarizeCpuProfile(PROFILE, '/app');
  const byName = Object.fromEntries(summary.functions.map((f) => [f.name, f]));

  it('gives each function its self time: the spans of the samples where it is on top', () => {
    // parse: 200 (its own frame) + 300 + 400 (the recursive frame) = 900
    expect(byName.parse).toMatchObject({ selfUs: 900, file: 'src/parse.js', line: 10 });
    expect(byName['(anonymous)']).toMatchObject({ selfUs: 500, file: 'src/main.js', line: 5 });
    expect(byName.main).toMatchObject({ selfUs: 100, line: 1 });
    // The last sample lasts until endTime: 2500 − 2100 = 400.
    expect(byName['(garbage collector)']).toMatchObject({ selfUs: 400, file: '', line: 0 });
  });

  it('gives each function its total time, counting a recursive call once', () => {
    // main: 100 + parse 900 + anonymous 500 = 1500; parse: 200 + 700, not 200 + 700 + 700.
    expect(byName.main!.totalUs).toBe(1500);
    expect(byName.parse!.totalUs).toBe(900);
    expect(byName['(anonymous)']!.totalUs).toBe(500);
  });

  it('leaves (root) and (idle) out of the functions; busy time is the profile less idle', () => {
    expect(summary.functions.map((f) => f.name)).toEqual(['parse', '(anonymous)', '(garbage collector)', 'main']);
    expect(summary).toMatchObject({ durationUs: 2500, busyUs: 2500 - 600, samples: 7 });
  });

  it('prints the top functions by self time with shares of busy time', () => {
    const lines = hotspotTable(summary, 2).split('\n');
    expect(lines[0]).toBe('CPU profile: 2.5 ms, busy 1.9 ms (76.0%), 7 samples');
    // 900 / 1900 = 47.4%
    expect(lines[2]).toMatch(/^1 +0\.9 +47\.4% +0\.9 +47\.4% +parse {2}src\/parse\.js:10$/);
    expect(lines[3]).toMatch(/^2 +0\.5 +26\.3% .*\(anonymous\) {2}src\/main\.js:5$/);
    expect(lines).toHaveLength(5);
  });

  it('spreads the profile over hit counts when it has no sample list', () => {
    const { samples: _s, timeDeltas: _t, ...rest } = PROFILE;
    const nodes = PROFILE.nodes.map((n) => ({ ...n, hitCount: n.id === 4 ? 3 : n.id === 2 ? 1 : 0 }));
    const s = summarizeCpuProfile({ ...rest, nodes }, '/app');
    // 2500 µs over 4 hits: parse 3 × 625, main 1 × 625 self, 2500 total.
    expect(s.functions.map((f) => [f.name, f.selfUs, f.totalUs])).toEqual([
      ['parse', 1875, 1875],
      ['main', 625, 2500],
    ]);
  });

  it('refuses what is not a profile, and shows paths outside the root whole', () => {
    expect(() => parseCpuProfile('{"nodes": 3}')).toThrow(/not a \.cpuprofile/);
    expect(() => parseCpuProfile('nope')).toThrow(/not JSON/);
    expect(displayFile('file:///elsewhere/x.js', '/app')).toBe('/elsewhere/x.js');
    expect(displayFile('node:internal/fs', '/app')).toBe('node:internal/fs');
  });
});

function summaryOf(busyUs: number, selfs: Record<string, number>, file = 'src/x.ts'): ProfileSummary {
  const functions = Object.entries(selfs).map(([name, selfUs]) => ({ key: name, name, file, line: 1, selfUs, totalUs: selfUs }));
  return { durationUs: busyUs, busyUs, samples: 0, functions };
}

describe('diffProfiles', () => {
  const a = summaryOf(100_000, { parse: 50_000, hash: 30_000, gone: 20_000 });
  const b = summaryOf(160_000, { parse: 52_000, hash: 80_000, fresh: 28_000, tiny: 1_500 });
  const diff = diffProfiles(a, b);

  it('names what got slower, largest growth first, and what got faster', () => {
    // hash +50 ms, fresh +28 ms (new), parse +2 ms; tiny moved 1.5 ms: under the 2 ms floor.
    expect(diff.slower.map((d) => [d.name, d.deltaUs])).toEqual([
      ['hash', 50_000],
      ['fresh', 28_000],
      ['parse', 2_000],
    ]);
    expect(diff.faster.map((d) => [d.name, d.deltaUs])).toEqual([['gone', -20_000]]);
    // hash: 30% of A's busy time, 50% of B's.
    expect(diff.slower[0]).toMatchObject({ shareA: 0.3, shareB: 0.5 });
  });

  it('matches a function in another checkout of the same program by its last two path parts', () => {
    const old = summaryOf(10_000, { parse: 10_000 }, '/old/src/ingest/parse.ts');
    const moved = diffProfiles(old, summaryOf(15_000, { parse: 15_000 }, '/new/src/ingest/parse.ts'));
    expect(moved.slower.map((d) => [d.file, d.deltaUs])).toEqual([['/new/src/ingest/parse.ts', 5_000]]);
    expect(moved.faster).toEqual([]);
    // Another folder's parse.ts is another function.
    const other = diffProfiles(old, summaryOf(15_000, { parse: 15_000 }, '/old/src/export/parse.ts'));
    expect([other.slower.length, other.faster.length]).toEqual([1, 1]);
  });

  it('prints slower first with the deltas and shares', () => {
    const text = formatDiff(diff, { a: 'a.cpuprofile', b: 'b.cpuprofile' });
    expect(text).toContain('B: b.cpuprofile  busy 160.0 ms (+60.0 ms, 60.0%)');
    const slower = text.indexOf('Slower in B');
    const faster = text.indexOf('Faster in B');
    expect(slower).toBeGreaterThan(0);
    expect(faster).toBeGreaterThan(slower);
    expect(text.slice(slower, faster).split('\n')[2]).toMatch(/^1 +\+50\.0 +30\.0 +80\.0 +30\.0% → 50\.0% +hash {2}src\/x\.ts:1$/);
    expect(text.slice(faster)).toMatch(/1 +−20\.0 .*gone/);
  });
});

describe('the flame-graph page', () => {
  const name = 'run</script><script src="https://example.com/x.js">.cpuprofile';
  const html = flamegraphHtml(JSON.stringify(PROFILE), name, loadSpeedscope());

  it('carries the viewer and the profile inline and loads nothing from elsewhere', () => {
    expect(html).not.toMatch(/<script[^>]*\ssrc\s*=/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/\b(?:src|href)\s*=\s*["']?(?:https?:)?\/\//i);
    expect(html).not.toMatch(/url\(\s*["']?(?:https?:)?\/\//i);
    expect(html).toContain('data:font/woff2;base64,');
    // The name cannot end the script block it sits in.
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    const data = /data = "([A-Za-z0-9+/=]+)"/.exec(html)![1]!;
    expect(JSON.parse(Buffer.from(data, 'base64').toString())).toEqual(PROFILE);
  });

  it('keeps the NODE_OPTIONS a program had, and adds the preload', () => {
    expect(profilingNodeOptions('--max-old-space-size=512')).toMatch(/^--max-old-space-size=512 --import="file:\/\/.*\/cpu-preload\.mjs"$/);
    expect(profilingNodeOptions(undefined)).toMatch(/^--import="file:/);
  });
});
