/** Terminal output: the live progress line and the end-of-run summary. */
import type { LoadtestResult } from './loadtest.ts';
import type { SeriesPoint } from './run.ts';

const f = (v: number) => (v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : Math.round(v).toLocaleString('en-US'));

export function progressLine(p: SeriesPoint, totalSeconds: number | null, model: 'closed' | 'open'): string {
  const all = p.requests + p.errors;
  const when = totalSeconds === null ? `${p.t + 1}s` : `${p.t + 1}/${totalSeconds}s`;
  const who = model === 'closed' ? `users ${p.users}` : `rate ${f(p.target)}/s, in flight ${p.users}`;
  return `${when.padStart(9)}  ${who}  ${f(p.requests).padStart(6)} ok/s  p50 ${f(p.p50)} ms  p95 ${f(p.p95)} ms  p99 ${f(p.p99)} ms  errors ${all ? ((p.errors / all) * 100).toFixed(1) : '0.0'}%`;
}

export function renderSummary(r: LoadtestResult): string {
  const t = r.totals;
  const lines: string[] = [];
  const s = r.scenario;
  lines.push(
    `${s.name}: ${s.kind}, ${s.model} model${s.model === 'open' ? (s.fromDueTime ? ' (latency from intended send time)' : ' (latency from actual send)') : ''}, ${s.target}`,
  );
  lines.push(
    `  ${t.requests.toLocaleString('en-US')} answers in ${f(t.seconds)} s = ${f(t.throughput)} req/s · errors ${t.errors.toLocaleString('en-US')} (${(t.errorRate * 100).toFixed(2)}%)`,
  );
  lines.push(
    `  latency p50 ${f(t.latencyMs.p50)} · p90 ${f(t.latencyMs.p90)} · p95 ${f(t.latencyMs.p95)} · p99 ${f(t.latencyMs.p99)} · p99.9 ${f(t.latencyMs.p999)} · max ${f(t.latencyMs.max)} ms`,
  );
  if (r.actions.length > 1) {
    const width = Math.max(...r.actions.map((a) => a.key.length));
    for (const a of r.actions) {
      lines.push(
        `    ${a.key.padEnd(width)}  ${f(a.throughput).padStart(8)} req/s  p50 ${f(a.latencyMs.p50).padStart(6)}  p95 ${f(a.latencyMs.p95).padStart(6)}  p99 ${f(a.latencyMs.p99).padStart(6)} ms  errors ${a.errors}`,
      );
    }
  }
  const kinds = Object.entries(r.errorKinds);
  if (kinds.length) lines.push(`  errors by kind: ${kinds.map(([k, n]) => `${k} × ${n}`).join(', ')}`);
  if (r.capacity) {
    for (const st of r.capacity.steps)
      lines.push(
        `    step ${String(st.level).padStart(5)}: ${f(st.throughput).padStart(8)} req/s  p95 ${f(st.p95)} ms  p99 ${f(st.p99)} ms  errors ${(st.errorRate * 100).toFixed(2)}%  ${st.withinSlo ? 'within SLO' : 'SLO broken'}`,
      );
    lines.push(
      `  knee: ${r.capacity.knee ? `${f(r.capacity.knee.throughput)} req/s at ${r.capacity.knee.level} ${s.model === 'closed' ? 'users' : 'arrivals/s'}` : 'none'}`,
    );
  }
  if (r.spike)
    lines.push(
      `  spike: peak at ${r.spike.peakS} s, ${r.spike.recoverySeconds === null ? 'not recovered' : `recovered ${r.spike.recoverySeconds} s after the peak`}${r.spike.breached ? '' : ' (SLO held)'}`,
    );
  for (const g of r.gates) lines.push(`  ${g.ok ? 'ok    ' : 'BREACH'} ${g.name}: ${g.actual} (limit ${g.limit})`);
  lines.push(r.passed ? '  PASSED' : '  FAILED: exit 1');
  return lines.join('\n');
}
