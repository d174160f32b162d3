/** Renders a Comparison for a terminal and as a markdown pull-request comment. */
import { type BenchmarkComparison, type Comparison, countVerdicts, type RunSummary, type Verdict } from './compare.ts';
import { formatChange, formatDuration, formatPValue, formatRatio, renderMarkdownTable, renderTextTable } from './format.ts';

const HEADER = ['Benchmark', 'Verdict', 'Change', 'p-value', 'Threshold', 'Base', 'Current', 'Base median', 'Current median'];
const RIGHT_ALIGNED = [2, 3, 4, 5, 6, 7, 8];

const VERDICT_BADGES: Record<Verdict, string> = {
  regression: '🔴 regression',
  improvement: '🟢 improvement',
  unchanged: '⚪ unchanged',
  new: '🆕 new',
  missing: '⚠️ missing',
};

/** Regressions first: they are what a reader of a failed check is looking for. */
const VERDICT_ORDER: Verdict[] = ['regression', 'missing', 'improvement', 'new', 'unchanged'];

export function renderTerminal(comparison: Comparison): string {
  const rows = sortedRows(comparison).map((benchmark) => row(benchmark, benchmark.verdict.toUpperCase()));
  return [
    renderTextTable(HEADER, rows, RIGHT_ALIGNED),
    '',
    summaryLine(comparison),
    `base:    ${describeRun(comparison.base)}`,
    `current: ${describeRun(comparison.current)}`,
    ...machineWarning(comparison),
  ].join('\n');
}

export function renderMarkdown(comparison: Comparison): string {
  const rows = sortedRows(comparison).map((benchmark) => row(benchmark, VERDICT_BADGES[benchmark.verdict]));
  return [
    '## Benchmark comparison',
    '',
    `**${countVerdicts(comparison).regression > 0 ? '❌' : '✅'} ${summaryLine(comparison)}**`,
    '',
    renderMarkdownTable(HEADER, rows, RIGHT_ALIGNED),
    '',
    `- Base: ${describeRun(comparison.base)}`,
    `- Current: ${describeRun(comparison.current)}`,
    ...machineWarning(comparison).map((warning) => `- ⚠️ ${warning}`),
    '',
    `<sub>Base/Current are the ratio to the benchmark's in-run baseline (×) or, without one, the median. ` +
      `A regression is worse than its threshold AND significant (one-sided Mann–Whitney U, p < ${comparison.alpha}). ` +
      'See docs/benchmarks.md.</sub>',
    '',
  ].join('\n');
}

function sortedRows(comparison: Comparison): BenchmarkComparison[] {
  return [...comparison.benchmarks].sort((a, b) => VERDICT_ORDER.indexOf(a.verdict) - VERDICT_ORDER.indexOf(b.verdict) || a.key.localeCompare(b.key));
}

function row(benchmark: BenchmarkComparison, verdict: string): string[] {
  const figure = (value: number | undefined) => (benchmark.basis === 'ratio' ? formatRatio(value) : formatDuration(value));
  return [
    benchmark.key,
    verdict,
    formatChange(benchmark.change),
    formatPValue(benchmark.pValue),
    `${Math.round(benchmark.threshold * 100)}%`,
    figure(benchmark.baseValue),
    figure(benchmark.currentValue),
    formatDuration(benchmark.baseMedian),
    formatDuration(benchmark.currentMedian),
  ];
}

function summaryLine(comparison: Comparison): string {
  const counts = countVerdicts(comparison);
  const parts = (Object.keys(counts) as Verdict[]).filter((verdict) => counts[verdict] > 0).map((verdict) => `${counts[verdict]} ${verdict}`);
  return `${counts.regression === 0 ? 'No regressions' : 'Performance regression'}: ${parts.join(', ') || 'nothing compared'}`;
}

function describeRun(run: RunSummary): string {
  return `${run.commit?.slice(0, 10) ?? 'uncommitted'} at ${run.createdAt} on ${run.machine}`;
}

function machineWarning(comparison: Comparison): string[] {
  return comparison.sameMachine ? [] : ['Runs come from different machines: compare the ratios; absolute medians are not comparable.'];
}
