import { describe, expect, it } from 'vitest';
import { compareBenchmark, compareRuns, exitCode, type Verdict } from '../../src/perf/bench/compare.ts';
import { renderMarkdown, renderTerminal } from '../../src/perf/bench/report.ts';
import { mannWhitneyU } from '../../src/perf/bench/stats.ts';
import type { BenchmarkResult } from '../../src/perf/bench/result.ts';
import { runOf, type SyntheticRunShape, seededRandom, syntheticResult } from './synthetic.ts';

/**
 * Compares `trials` independent pairs of noisy synthetic runs, base with trueRatio 1 and
 * current with `trueRatio`. Each run gets its own machine speed (±20%) and its own ±2% error on
 * the benchmark alone, on top of per-sample jitter and spikes.
 */
function verdictsUnderNoise(trueRatio: number, trials: number, shape: Partial<SyntheticRunShape> = {}): Verdict[] {
  const random = seededRandom(42);
  const run = (ratio: number) =>
    syntheticResult(random, {
      trueRatio: ratio,
      machineFactor: 0.8 + 0.4 * random(),
      benchmarkDrift: (random() - 0.5) * 0.04,
      ...shape,
    });
  return Array.from({ length: trials }, () => compareBenchmark(run(1), run(trueRatio)).verdict);
}

const countOf = (verdicts: Verdict[], verdict: Verdict) => verdicts.filter((v) => v === verdict).length;

describe('regression verdicts under realistic noise (synthetic)', () => {
  it('flags a 30% slowdown every time', () => {
    expect(countOf(verdictsUnderNoise(1.3, 200), 'regression')).toBe(200);
  });

  it('does not flag a 5% slowdown at the 10% threshold', () => {
    expect(countOf(verdictsUnderNoise(1.05, 500), 'regression')).toBe(0);
  });

  it('does not flag identical code', () => {
    expect(verdictsUnderNoise(1, 500).every((verdict) => verdict === 'unchanged')).toBe(true);
  });

  it('reports a 30% speed-up as an improvement', () => {
    expect(countOf(verdictsUnderNoise(0.7, 100), 'improvement')).toBe(100);
  });

  it('compares ratios, so a machine 40% slower overall is not a regression', () => {
    const random = seededRandom(7);
    const base = syntheticResult(random, { trueRatio: 1, machineFactor: 1, benchmarkDrift: 0 });
    const slowMachine = syntheticResult(random, { trueRatio: 1, machineFactor: 1.4, benchmarkDrift: 0 });
    expect(compareBenchmark(base, slowMachine)).toMatchObject({ basis: 'ratio', verdict: 'unchanged' });
  });

  it('falls back to medians without an in-run baseline, where the machine does show', () => {
    const random = seededRandom(7);
    const shape = { trueRatio: 1, benchmarkDrift: 0, withBaseline: false };
    const base = syntheticResult(random, { ...shape, machineFactor: 1 });
    const slowMachine = syntheticResult(random, { ...shape, machineFactor: 1.4 });
    expect(compareBenchmark(base, slowMachine)).toMatchObject({ basis: 'median', verdict: 'regression' });
  });
});

describe('the two conditions of a regression', () => {
  const quiet = { jitter: 0.01, spikeRate: 0 };

  it('a significant change under the threshold is unchanged', () => {
    const random = seededRandom(1);
    const base = syntheticResult(random, { trueRatio: 1, machineFactor: 1, benchmarkDrift: 0, noise: quiet });
    const current = syntheticResult(random, { trueRatio: 1.05, machineFactor: 1, benchmarkDrift: 0, noise: quiet });
    expect(mannWhitneyU(current.samples, base.samples).pGreater).toBeLessThan(0.001);
    expect(compareBenchmark(base, current).verdict).toBe('unchanged');
  });

  it('a large change on too few samples is unchanged', () => {
    const random = seededRandom(1);
    const shape = { machineFactor: 1, benchmarkDrift: 0, count: 3 };
    const base = syntheticResult(random, { ...shape, trueRatio: 1 });
    const current = syntheticResult(random, { ...shape, trueRatio: 1.5 });
    const comparison = compareBenchmark(base, current);
    expect(comparison.change).toBeGreaterThan(0.1);
    expect(comparison.verdict).toBe('unchanged');
  });

  it('uses the benchmark’s own threshold', () => {
    const random = seededRandom(3);
    const shape = { machineFactor: 1, benchmarkDrift: 0, noise: quiet };
    const base = syntheticResult(random, { ...shape, trueRatio: 1 });
    const current = { ...syntheticResult(random, { ...shape, trueRatio: 1.2 }), threshold: 0.25 };
    expect(compareBenchmark(base, current)).toMatchObject({ threshold: 0.25, verdict: 'unchanged' });
  });
});

function resultNamed(name: string, trueRatio: number, seed: number): BenchmarkResult {
  return {
    ...syntheticResult(seededRandom(seed), { trueRatio, machineFactor: 1, benchmarkDrift: 0 }),
    name,
  };
}

describe('run comparison, exit code and reports', () => {
  const base = runOf([resultNamed('steady', 1, 1), resultNamed('slowed', 1, 2), resultNamed('dropped', 1, 3)]);
  const current = runOf([resultNamed('steady', 1, 4), resultNamed('slowed', 1.3, 5), resultNamed('added', 1, 6)], {
    machine: { cpuModel: 'Other CPU', cores: 4, totalMemGB: 16, node: 'v20.0.0', platform: 'linux-x64' },
  });
  const comparison = compareRuns(base, current);

  it('gives every benchmark a verdict, new and missing included', () => {
    const verdicts = Object.fromEntries(comparison.benchmarks.map((b) => [b.key, b.verdict]));
    expect(verdicts).toEqual({
      'synthetic/steady': 'unchanged',
      'synthetic/slowed': 'regression',
      'synthetic/added': 'new',
      'synthetic/dropped': 'missing',
    });
    expect(comparison.sameMachine).toBe(false);
  });

  it('exits 1 on a regression and 0 otherwise', () => {
    expect(exitCode(comparison)).toBe(1);
    expect(exitCode(compareRuns(base, base))).toBe(0);
    const onlyMissing = compareRuns(base, runOf([resultNamed('steady', 1, 7)]));
    expect(exitCode(onlyMissing)).toBe(0);
  });

  it('renders a markdown comment with regressions first', () => {
    const markdown = renderMarkdown(comparison);
    const lines = markdown.split('\n');
    expect(lines[0]).toBe('## Benchmark comparison');
    expect(markdown).toContain('**❌ Performance regression: 1 regression, 1 unchanged, 1 new, 1 missing**');
    const header = lines.findIndex((line) => line.startsWith('| Benchmark |'));
    expect(lines[header]).toBe('| Benchmark | Verdict | Change | p-value | Threshold | Base | Current | Base median | Current median |');
    expect(lines[header + 1]).toBe('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    expect(lines[header + 2]).toMatch(/^\| synthetic\/slowed \| 🔴 regression \| \+\d+\.\d% \| <0\.001 \| 10% \| \d\.\d{3}× \| \d\.\d{3}× \| /);
    expect(lines[header + 3]).toMatch(/^\| synthetic\/dropped \| ⚠️ missing \| – \| – \| 10% \| – \| – \| 1\.\d+ µs \| – \|$/);
    expect(markdown).toContain('different machines');
  });

  it('says so plainly when nothing regressed', () => {
    expect(renderMarkdown(compareRuns(base, base))).toContain('**✅ No regressions: 3 unchanged**');
  });

  it('renders an aligned terminal table', () => {
    const lines = renderTerminal(comparison).split('\n');
    expect(lines[0]).toMatch(/^Benchmark\s+Verdict\s+Change/);
    expect(lines[2]).toMatch(/^synthetic\/slowed\s+REGRESSION\s+\+\d+\.\d%/);
    const verdictColumn = lines[0]!.indexOf('Verdict');
    for (const [row, verdict] of [
      [2, 'REGRESSION'],
      [3, 'MISSING'],
      [4, 'NEW'],
      [5, 'UNCHANGED'],
    ] as const) {
      expect(lines[row]!.indexOf(verdict)).toBe(verdictColumn);
    }
  });
});
