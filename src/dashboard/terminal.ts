/**
 * The dashboard as text, for `greenline dashboard --terminal`: the same snapshot as the page,
 * one compact screen, SLO rows coloured by state (ANSI) when `color` is on. Pure.
 */
import type { PolicyState } from '../slo/budget.ts';
import { formatBytes, formatChange, formatDuration, renderTextTable } from '../perf/bench/format.ts';
import type { Snapshot } from './snapshot.ts';

const ANSI: Record<PolicyState, string> = { healthy: '\x1b[32m', warning: '\x1b[33m', critical: '\x1b[31m', no_data: '\x1b[2m' };
const RESET = '\x1b[0m';

const dash = '—';
const num = (x: number | null, digits = 1) => (x === null ? dash : x.toFixed(digits));
const pct = (x: number | null, digits = 2) => (x === null ? dash : `${(x * 100).toFixed(digits)}%`);
const dur = (ms: number | null) => (ms === null ? dash : formatDuration(ms));

export function renderTerminal(s: Snapshot, options: { color: boolean; source?: string }): string {
  const paint = (state: PolicyState, text: string) => (options.color ? `${ANSI[state]}${text}${RESET}` : text);
  const all = s.http.groups[0];
  const score = s.slo.score === null ? 'no data' : `${Math.round(s.slo.score)}/100`;
  const lines = [
    `Greenline${options.source ? ` ${options.source}` : ''}  ${s.time.slice(11, 19)} UTC   performance score ${paint(s.slo.scoreState, `${score} (${s.slo.scoreState.replace('_', ' ')})`)}`,
    all
      ? `requests/s ${num(all.rps)}   p50 ${dur(all.p50Ms)}   p95 ${dur(all.p95Ms)}   p99 ${dur(all.p99Ms)}   5xx ${pct(all.errorRate)}   4xx ${pct(all.clientErrorRate)}   in flight ${s.http.inFlight}`
      : '',
    `CPU ${pct(s.cpu.utilization, 1)}   CPU/request ${dur(s.costPerOperation.cpuMsPerRequest)}   event-loop lag p99 ${dur(s.eventLoop?.p99Ms ?? null)}   RSS ${formatBytes(s.memory.rssBytes)}   heap ${formatBytes(s.memory.heapUsedBytes)}   pool ${s.pool.total - s.pool.idle}/${s.pool.max} busy, ${s.pool.waiting} waiting`,
    s.rateWindowSeconds === null ? 'rates: from the next reading' : `rates and percentiles over the last ${s.rateWindowSeconds.toFixed(1)} s`,
    '',
    renderTextTable(
      ['route group', 'req/s', 'p50', 'p95', 'p99', '5xx', '4xx'],
      s.http.groups.map((g) => [g.name, num(g.rps), dur(g.p50Ms), dur(g.p95Ms), dur(g.p99Ms), pct(g.errorRate), pct(g.clientErrorRate)]),
      [1, 2, 3, 4, 5, 6],
    ),
    '',
  ];

  if (s.slo.error) lines.push(`SLOs: ${s.slo.error}`);
  else {
    // SLOs without data take no row: the screen stays compact.
    const shown = s.slo.slos.filter((o) => o.state !== 'no_data');
    const table = renderTextTable(
      ['SLO', 'state', 'budget left', 'compliance', 'burn', 'events', 'score'],
      shown.map((o) => [
        o.name,
        o.state.replace('_', ' '),
        pct(o.budgetRemaining, 1),
        pct(o.compliance, 3),
        o.burnRate === null ? dash : `${o.burnRate.toFixed(2)}×`,
        String(o.events),
        num(o.score, 0),
      ]),
      [2, 3, 4, 5, 6],
    ).split('\n');
    // Header and rule, then one line per SLO in the snapshot's order.
    lines.push(...table.map((line, i) => (i < 2 ? line : paint(shown[i - 2]!.state, line))));
    const idle = s.slo.slos.length - shown.length;
    lines.push(`${idle > 0 ? `${idle} SLOs without data yet. ` : ''}Each SLO counts since the app started (up to its window); burn over ${s.slo.burnWindow}.`);
  }

  if (s.caches.length > 0) {
    lines.push(
      '',
      renderTextTable(
        ['cache', 'hit ratio', 'since start', 'lookups/s'],
        s.caches.map((c) => [c.name, pct(c.hitRatio, 1), pct(c.hitRatioSinceStart, 1), num(c.lookupsPerSecond)]),
        [1, 2, 3],
      ),
    );
  }
  lines.push(
    '',
    `database: ${num(s.database.queriesPerSecond)} queries/s, p95 ${dur(s.database.p95Ms)}, mean wait for a connection ${dur(s.pool.acquireWaitMs)}   batches: ${num(s.batch.recordsPerSecond)} records/s, last batch ${num(s.batch.lastBatchRowsPerSecond, 0)} rows/s`,
  );

  for (const n of s.nPlusOne ?? [])
    lines.push(
      paint('warning', `N+1: ${n.route} runs ${n.query} (fingerprint ${n.fingerprint}) ~${n.meanRepeats} times per request, ${n.requests} requests flagged`),
    );

  const r = s.regressions;
  const changed = r.changes.filter((c) => c.verdict !== 'unchanged');
  lines.push(
    r.error
      ? `benchmarks: ${r.error}`
      : `benchmarks: ${r.regressions} regression${r.regressions === 1 ? '' : 's'} among the latest ${r.changes.length} changes (bench/history.jsonl, ±${(r.threshold * 100).toFixed(0)}%)`,
    ...changed.map(
      (c) => `  ${paint(c.verdict === 'regression' ? 'critical' : 'healthy', `${c.verdict} ${formatChange(c.change)}`)}  ${c.key}  (${c.at.slice(0, 10)})`,
    ),
  );
  return lines.join('\n');
}
