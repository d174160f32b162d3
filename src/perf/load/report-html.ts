/**
 * The HTML report: one self-contained file (uPlot's script and styles inlined, no CDN, opens
 * offline) with the verdict, the totals, per-action figures, and charts over time: latency
 * percentiles, throughput, errors, users; plus memory for endurance runs and the steps of a
 * capacity run.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { LoadtestResult } from './loadtest.ts';

const require = createRequire(import.meta.url);

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** JSON that is safe inside a <script> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const f1 = (v: number) => (v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : Math.round(v).toLocaleString('en-US'));

function table(head: string[], rows: string[][]): string {
  return `<table><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

const CLIENT = `
const data = JSON.parse(document.getElementById('data').textContent);
const s = data.series;
const t = s.map((p) => p.t);
const width = () => Math.min(1100, document.body.clientWidth - 40);
function chart(id, title, yLabel, series, ys) {
  const el = document.getElementById(id);
  if (!el) return;
  new uPlot({ title, width: width(), height: 260, scales: { x: { time: false } },
    axes: [{ label: 'seconds' }, { label: yLabel }],
    series: [{ label: 's' }, ...series] }, [t, ...ys], el);
}
chart('latency', 'Latency percentiles per second (successful answers)', 'ms',
  [{ label: 'p50', stroke: '#2b8a3e' }, { label: 'p95', stroke: '#e67700' }, { label: 'p99', stroke: '#c92a2a' }, { label: 'max', stroke: '#868e96', dash: [4, 4] }],
  [s.map((p) => p.p50), s.map((p) => p.p95), s.map((p) => p.p99), s.map((p) => p.max)]);
chart('throughput', 'Throughput', 'answers/s', [{ label: 'ok/s', stroke: '#1971c2', fill: 'rgba(25,113,194,0.1)' }], [s.map((p) => p.requests)]);
chart('errors', 'Errors', 'errors/s', [{ label: 'errors/s', stroke: '#c92a2a', fill: 'rgba(201,42,42,0.1)' }], [s.map((p) => p.errors)]);
chart('users', data.scenario.model === 'closed' ? 'Virtual users' : 'Arrival rate and requests in flight', data.scenario.model === 'closed' ? 'users' : 'count',
  [{ label: data.scenario.model === 'closed' ? 'active users' : 'in flight', stroke: '#5f3dc4' }, { label: data.scenario.model === 'closed' ? 'scheduled' : 'arrivals/s scheduled', stroke: '#adb5bd', dash: [4, 4] }],
  [s.map((p) => p.users), s.map((p) => p.target)]);
if (data.endurance && data.endurance.samples.length > 0) {
  const m = data.endurance.samples;
  const el = document.getElementById('memory');
  new uPlot({ title: 'Target memory (' + data.endurance.metric + ')', width: width(), height: 260, scales: { x: { time: false } },
    axes: [{ label: 'seconds' }, { label: 'MiB' }], series: [{ label: 's' }, { label: 'MiB', stroke: '#0c8599' }] },
    [m.map((x) => x.t), m.map((x) => x.bytes / 1048576)], el);
}
`;

export function renderHtmlReport(r: LoadtestResult): string {
  const js = readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8');
  const css = readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8');
  const t = r.totals;
  const verdict = r.passed ? '<p class="pass">PASSED: every gate held</p>' : '<p class="fail">FAILED: a gate was breached</p>';
  const gates = r.gates.length
    ? table(
        ['gate', 'limit', 'actual', ''],
        r.gates.map((g) => [g.name, g.limit, g.actual, g.ok ? 'ok' : 'BREACH']),
      )
    : '<p>No thresholds were set.</p>';
  const totals = table(
    ['answers', 'errors', 'error rate', 'throughput', 'p50', 'p90', 'p95', 'p99', 'p99.9', 'max'],
    [
      [
        t.requests.toLocaleString('en-US'),
        t.errors.toLocaleString('en-US'),
        `${(t.errorRate * 100).toFixed(2)}%`,
        `${f1(t.throughput)} /s`,
        ...[t.latencyMs.p50, t.latencyMs.p90, t.latencyMs.p95, t.latencyMs.p99, t.latencyMs.p999, t.latencyMs.max].map((v) => `${f1(v)} ms`),
      ],
    ],
  );
  const actions = table(
    ['class/action', 'answers', 'errors', 'throughput', 'p50', 'p95', 'p99', 'max'],
    r.actions.map((a) => [
      a.key,
      a.requests.toLocaleString('en-US'),
      a.errors.toLocaleString('en-US'),
      `${f1(a.throughput)} /s`,
      ...[a.latencyMs.p50, a.latencyMs.p95, a.latencyMs.p99, a.latencyMs.max].map((v) => `${f1(v)} ms`),
    ]),
  );
  const errorKinds = Object.keys(r.errorKinds).length
    ? `<h2>Errors by kind</h2>${table(
        ['kind', 'count'],
        Object.entries(r.errorKinds).map(([k, n]) => [k, String(n)]),
      )}`
    : '';
  const capacity = r.capacity
    ? `<h2>Capacity steps</h2>${table(
        [r.scenario.model === 'closed' ? 'users' : 'arrivals/s', 'throughput', 'p95', 'p99', 'error rate', 'SLO'],
        r.capacity.steps.map((st) => [
          String(st.level),
          `${f1(st.throughput)} /s`,
          `${f1(st.p95)} ms`,
          `${f1(st.p99)} ms`,
          `${(st.errorRate * 100).toFixed(2)}%`,
          st.withinSlo ? 'within' : 'broken',
        ]),
      )}<p>Knee: ${r.capacity.knee ? escapeHtml(`${f1(r.capacity.knee.throughput)} req/s at ${r.capacity.knee.level}`) : 'none (the first step already broke the SLO)'}.</p>`
    : '';
  const spike = r.spike
    ? `<p>Spike peak at ${r.spike.peakS} s; ${r.spike.recoverySeconds === null ? 'did not recover to the SLO' : `back within SLO ${r.spike.recoverySeconds} s after the peak`}${r.spike.breached ? '' : ' (the SLO held throughout)'}.</p>`
    : '';
  const s = r.scenario;
  const what = `${s.kind} · ${s.model} model (${s.model === 'closed' ? 'virtual users, latency from each send' : s.fromDueTime ? 'arrival rate, latency from each intended send time: coordinated omission corrected' : 'arrival rate, latency from each actual send'}) · ${s.classes.map((c) => `${c.name}×${c.weight}`).join(', ')} · ${s.target}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Load test: ${escapeHtml(s.name)}</title>
<style>${css}
body{font:14px/1.45 system-ui,sans-serif;margin:20px;color:#212529}h1{font-size:20px}h2{font-size:16px;margin-top:28px}
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #dee2e6;padding:3px 8px;text-align:right}td:first-child,th:first-child{text-align:left}
.pass{color:#2b8a3e;font-weight:600}.fail{color:#c92a2a;font-weight:600}.meta{color:#495057}</style>
<script>${js}</script></head><body>
<h1>Load test: ${escapeHtml(s.name)}</h1>
<p class="meta">${escapeHtml(what)}<br>${escapeHtml(`${r.startedAt} → ${r.finishedAt} · generator: ${r.machine.cpus} × ${r.machine.cpuModel}, Node ${r.machine.node}`)}</p>
${verdict}${spike}
<h2>Gates</h2>${gates}
<h2>Totals${r.capacity ? ' (knee step)' : ''}</h2>${totals}
<h2>Per class and action</h2>${actions}
${errorKinds}${capacity}
<h2>Over time</h2>
<div id="latency"></div><div id="throughput"></div><div id="errors"></div><div id="users"></div><div id="memory"></div>
<script id="data" type="application/json">${scriptJson(r)}</script>
<script>${CLIENT}</script>
</body></html>
`;
}
