// The live dashboard's page: listens to /dashboard/stream (server-sent events, one snapshot per
// interval; the browser reconnects by itself) and draws each snapshot. Charts: uPlot, served by
// the app from node_modules. Plain browser JavaScript, no build step.

(() => {
  const MAX_POINTS = 300;
  const $ = (id) => document.getElementById(id);

  const num = (x, digits = 1) =>
    x === null || x === undefined ? '—' : x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  const ms = (x) => (x === null || x === undefined ? '—' : x < 1 ? `${num(x, 3)} ms` : x < 100 ? `${num(x, 2)} ms` : `${num(x, 0)} ms`);
  const pct = (x, digits = 2) => (x === null || x === undefined ? '—' : `${num(x * 100, digits)}%`);
  const mib = (bytes) => `${num(bytes / 1048576, 0)} MiB`;
  const setText = (id, text) => {
    $(id).textContent = text;
  };

  function cell(content, className) {
    const td = document.createElement('td');
    if (content instanceof Node) td.append(content);
    else td.textContent = content;
    if (className) td.className = className;
    return td;
  }

  function fill(tableId, rows) {
    const body = $(tableId).tBodies[0];
    body.replaceChildren(
      ...rows.map((cells) => {
        const tr = document.createElement('tr');
        tr.append(...cells);
        return tr;
      }),
    );
    return body;
  }

  function badge(state) {
    const span = document.createElement('span');
    span.className = 'state';
    span.dataset.state = state;
    span.textContent = state.replace('_', ' ');
    return span;
  }

  const STATE_COLOURS = { healthy: 'var(--healthy)', warning: 'var(--warning)', critical: 'var(--critical)', no_data: 'var(--no-data)' };

  function budgetBar(remaining, state) {
    const wrap = document.createElement('span');
    const bar = document.createElement('span');
    bar.className = 'bar';
    const inner = document.createElement('span');
    inner.style.width = `${Math.max(0, Math.min(1, remaining ?? 0)) * 100}%`;
    inner.style.background = STATE_COLOURS[state];
    bar.append(inner);
    wrap.append(bar, pct(remaining, 1));
    return wrap;
  }

  // ── charts ──────────────────────────────────────────────────────────────────────────────
  const history = { t: [], p50: [], p95: [], p99: [], rps: [], errors: [], cpu: [], lag: [] };
  const charts = [];

  function chart(id, series, axes) {
    const el = $(id);
    const plot = new uPlot(
      { width: Math.max(300, el.clientWidth), height: 180, series: [{}, ...series], axes, legend: { live: false }, cursor: { show: false } },
      [[]],
      el,
    );
    return { plot, el, data: () => [history.t, ...series.map((s) => history[s.key])] };
  }

  function makeCharts() {
    const line = (key, label, stroke, scale) => ({ key, label, stroke, width: 2, scale, spanGaps: false });
    charts.push(
      chart(
        'chart-latency',
        [line('p50', 'p50', '#1a7f37', 'ms'), line('p95', 'p95', '#b58900', 'ms'), line('p99', 'p99', '#cf222e', 'ms')],
        [{}, { scale: 'ms' }],
      ),
      chart(
        'chart-throughput',
        [line('rps', 'req/s', '#0969da', 'rps'), line('errors', '5xx %', '#cf222e', '%')],
        [{}, { scale: 'rps' }, { scale: '%', side: 1, grid: { show: false } }],
      ),
      chart(
        'chart-process',
        [line('cpu', 'CPU %', '#8250df', '%'), line('lag', 'lag p99 ms', '#bc4c00', 'ms')],
        [{}, { scale: '%' }, { scale: 'ms', side: 1, grid: { show: false } }],
      ),
    );
    window.addEventListener('resize', () => {
      for (const c of charts) c.plot.setSize({ width: Math.max(300, c.el.clientWidth), height: 180 });
    });
  }

  function record(s, all) {
    const point = {
      t: Date.parse(s.time) / 1000,
      p50: all.p50_ms,
      p95: all.p95_ms,
      p99: all.p99_ms,
      rps: all.rps,
      errors: all.error_rate === null ? null : all.error_rate * 100,
      cpu: s.cpu.utilization === null ? null : s.cpu.utilization * 100,
      lag: s.event_loop ? s.event_loop.p99_ms : null,
    };
    for (const [key, value] of Object.entries(point)) {
      history[key].push(value);
      if (history[key].length > MAX_POINTS) history[key].shift();
    }
    if (charts.length === 0 && typeof uPlot === 'function') makeCharts();
    for (const c of charts) c.plot.setData(c.data());
  }

  // ── one snapshot ────────────────────────────────────────────────────────────────────────
  function render(s) {
    const all = s.http.groups[0];
    setText('time', new Date(s.time).toLocaleTimeString());
    setText('rps', num(all.rps));
    setText('p50', ms(all.p50_ms));
    setText('p95', ms(all.p95_ms));
    setText('p99', ms(all.p99_ms));
    setText('error-rate', pct(all.error_rate));
    setText('client-error-rate', pct(all.client_error_rate));
    setText('in-flight', String(s.http.in_flight));
    setText('cpu', s.cpu.utilization === null ? '—' : pct(s.cpu.utilization, 1));
    setText('cost', ms(s.cost_per_operation.cpu_ms_per_request));
    setText('lag', s.event_loop ? ms(s.event_loop.p99_ms) : '—');
    setText('memory', `${mib(s.memory.rss_bytes)} / ${mib(s.memory.heap_used_bytes)}`);
    setText('pool', s.pool.max ? `${pct(s.pool.use, 0)} of ${s.pool.max}` : '—');
    setText(
      'window-note',
      s.rate_window_seconds === null
        ? 'rates from the next reading'
        : `rates and percentiles over the last ${num(s.rate_window_seconds, 1)} s; snapshot every ${s.interval_ms} ms`,
    );

    const score = $('score');
    score.dataset.state = s.slo.score_state;
    setText('score-value', s.slo.score === null ? '—' : `${Math.round(s.slo.score)}/100`);
    setText('slo-note', s.slo.error ? s.slo.error : `each over its window since the app started; burn over ${s.slo.burn_window}`);

    const slos = fill(
      'slos',
      s.slo.slos.map((o) => [
        cell(o.name),
        cell(badge(o.state)),
        cell(budgetBar(o.budget_remaining, o.state)),
        cell(pct(o.compliance, 3)),
        cell(pct(o.objective, 2)),
        cell(o.burn_rate === null ? '—' : `${num(o.burn_rate, 2)}×`),
        cell(num(o.events, 0)),
        cell(o.score === null ? '—' : num(o.score, 0)),
      ]),
    );
    s.slo.slos.forEach((o, i) => {
      slos.rows[i].dataset.slo = o.name;
      slos.rows[i].dataset.state = o.state;
    });

    fill(
      'groups',
      s.http.groups.map((g) => [
        cell(g.name),
        cell(num(g.rps)),
        cell(ms(g.p50_ms)),
        cell(ms(g.p95_ms)),
        cell(ms(g.p99_ms)),
        cell(pct(g.error_rate)),
        cell(pct(g.client_error_rate)),
      ]),
    );
    fill(
      'caches',
      s.caches.map((c) => [cell(c.name), cell(pct(c.hit_ratio, 1)), cell(pct(c.hit_ratio_since_start, 1)), cell(num(c.lookups_per_second))]),
    );
    fill('database', [
      [cell('queries/s'), cell(num(s.database.queries_per_second))],
      [cell('query p50 / p95 / p99'), cell(`${ms(s.database.p50_ms)} / ${ms(s.database.p95_ms)} / ${ms(s.database.p99_ms)}`)],
      [cell('pool: open / idle / waiting / max'), cell(`${s.pool.total} / ${s.pool.idle} / ${s.pool.waiting} / ${s.pool.max}`)],
      [cell('mean wait for a connection'), cell(ms(s.pool.acquire_wait_ms))],
      [cell('batch records/s'), cell(num(s.batch.records_per_second))],
      [cell('last batch rows/s'), cell(num(s.batch.last_batch_rows_per_second, 0))],
    ]);

    const repeated = s.n_plus_one ?? [];
    fill(
      'n-plus-one',
      repeated.length === 0
        ? [[cell('none seen since the server started')]]
        : repeated.map((n) => [
            cell(n.route),
            cell(n.query),
            cell(n.fingerprint),
            cell(num(n.requests, 0)),
            cell(num(n.recent_requests, 0)),
            cell(num(n.mean_repeats, 1)),
          ]),
    );

    const r = s.regressions;
    setText(
      'bench-note',
      r.error ? r.error : `bench/history.jsonl: ${r.runs} runs; latest run against the previous one on the same machine, ±${num(r.threshold * 100, 0)}%`,
    );
    fill(
      'regressions',
      r.changes.map((c) => [
        cell(c.key),
        cell(`${c.change >= 0 ? '+' : ''}${pct(c.change, 1)} ${c.verdict === 'unchanged' ? '' : c.verdict}`, c.verdict),
        cell(`${c.previous.toPrecision(4)} → ${c.current.toPrecision(4)} (${c.basis})`),
        cell(`${c.at.slice(0, 16).replace('T', ' ')} ${c.commit ? c.commit.slice(0, 8) : 'uncommitted'}`),
      ]),
    );

    record(s, all);
  }

  const connection = (state, text) => {
    $('connection').dataset.state = state;
    setText('connection', text);
  };
  const source = new EventSource('/dashboard/stream');
  source.addEventListener('snapshot', (event) => {
    try {
      render(JSON.parse(event.data));
      connection('live', 'live');
    } catch (err) {
      console.error('dashboard: cannot draw the snapshot', err);
    }
  });
  source.addEventListener('open', () => connection('live', 'live'));
  source.addEventListener('error', () => connection('reconnecting', 'reconnecting…'));
})();
