/**
 * The built-in Greenline workload against the real app (PGlite): every class's requests answer
 * 2xx. Plus the run kinds end to end on a small server: capacity steps until an SLO breaks,
 * endurance reads memory from /metrics, and the reports. No timing assertions here (those live in
 * test/perf/load*.test.ts, which run alone).
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.ts';
import { greenlineWorkload } from '../../src/perf/greenline-workload.ts';
import { runScenario } from '../../src/perf/load/loadtest.ts';
import { renderHtmlReport } from '../../src/perf/load/report-html.ts';
import { scenarioFromObject } from '../../src/perf/load/scenario.ts';
import { renderSummary } from '../../src/perf/load/summary.ts';
import { prepareDatabase } from '../../src/runtime.ts';
import { addApiKey, ensureTenant } from '../../src/store/tenants.ts';
import { type DriverFixture, pgliteFactory } from '../support/databases.ts';

describe('built-in Greenline workload against the app', () => {
  let fx: DriverFixture;
  let app: FastifyInstance;
  let url: string;
  let key: string;
  beforeAll(async () => {
    fx = await pgliteFactory();
    const rt = await prepareDatabase(fx.driver, { cursorSecret: null });
    key = await addApiKey(fx.driver, (await ensureTenant(fx.driver, 'load')).id);
    app = await buildApp({ driver: fx.driver, config: { bodyLimitBytes: 16 * 1024 * 1024, logLevel: 'silent' }, cursorSecret: rt.cursorSecret });
    url = (await app.listen({ port: 0, host: '127.0.0.1' })).replace('localhost', '127.0.0.1');
  });
  afterAll(async () => {
    await app.close();
    await fx.close();
  });

  it('gets 2xx from every route of every class', async () => {
    const s = scenarioFromObject(
      {
        name: 'classes',
        target: url,
        apiKey: key,
        stages: [
          { duration: 0, target: 5 },
          { duration: '3s', target: 5 },
        ],
        classes: ['calculation', 'supplier-reads', 'reporting', 'mixed', { builtin: 'batch', weight: 1 }],
        thresholds: { errorRate: 0 },
      },
      {},
      { workload: greenlineWorkload },
    );
    const r = await runScenario(s, { workload: greenlineWorkload });
    expect(r.errorKinds).toEqual({});
    expect(r.totals.errors).toBe(0);
    const keys = r.actions.map((a) => a.key);
    expect(keys).toEqual([
      'calculation/calculation',
      'supplier-reads/supplier-reads',
      'reporting/reporting',
      'mixed/calculation',
      'mixed/batch',
      'mixed/supplier-reads',
      'mixed/reporting',
      'batch/batch',
    ]);
    for (const a of r.actions.filter((x) => !x.key.startsWith('mixed/'))) expect(a.requests, a.key).toBeGreaterThan(0);
    expect(r.passed).toBe(true);
    // The batches were stored: 1,000 records each.
    const report = await fetch(`${url}/v1/reports/emissions`, { headers: { authorization: `Bearer ${key}` } });
    expect(((await report.json()) as { totals: { rows: number } }).totals.rows).toBeGreaterThanOrEqual(
      1_000 + r.actions.find((a) => a.key === 'batch/batch')!.requests * 1_000,
    );
  });
});

describe('run kinds and reports', () => {
  let server: FastifyInstance;
  let url: string;
  let rss = 100e6;
  beforeAll(async () => {
    server = Fastify();
    let inflight = 0;
    // Slower the more requests are in flight: a capacity run finds where p95 passes 20 ms.
    server.get('/work', async () => {
      inflight++;
      await new Promise((r) => setTimeout(r, 2 + inflight * 2));
      inflight--;
      return { ok: true };
    });
    server.get('/metrics', async (_req, reply) => {
      rss += 5e6;
      return reply.type('text/plain').send(`# TYPE greenline_process_resident_memory_bytes gauge\ngreenline_process_resident_memory_bytes ${rss}\n`);
    });
    url = (await server.listen({ port: 0, host: '127.0.0.1' })).replace('localhost', '127.0.0.1');
  });
  afterAll(async () => {
    await server.close();
  });
  const work = [{ name: 'w', actions: [{ path: '/work' }] }];

  it('capacity: steps users up until the SLO breaks and reports the knee', async () => {
    const s = scenarioFromObject({
      kind: 'capacity',
      target: url,
      classes: work,
      capacity: { start: 1, step: 15, stepDuration: '1s', max: 100 },
      thresholds: { p95: '20ms' },
    });
    const r = await runScenario(s);
    const steps = r.capacity!.steps;
    expect(steps[0]!.withinSlo).toBe(true);
    expect(steps.at(-1)!.withinSlo).toBe(false);
    expect(r.capacity!.knee!.level).toBeLessThan(steps.at(-1)!.level);
    expect(r.series.length).toBeGreaterThanOrEqual(steps.length);
    expect(r.passed).toBe(true);
    expect(renderSummary(r)).toMatch(/knee: .* req\/s at \d+ users/);
  });

  it('endurance: fails on memory growth read from /metrics, and writes a self-contained report', async () => {
    const s = scenarioFromObject({
      kind: 'endurance',
      target: url,
      classes: work,
      stages: [
        { duration: 0, target: 2 },
        { duration: '2s', target: 2 },
      ],
      endurance: { metric: 'greenline_process_resident_memory_bytes', sampleEvery: '200ms', settle: 0, maxGrowth: '5%' },
    });
    const r = await runScenario(s);
    expect(r.endurance!.samples.length).toBeGreaterThanOrEqual(5);
    expect(r.endurance!.growth!).toBeGreaterThan(0.05);
    expect(r.passed).toBe(false);
    expect(r.gates.find((g) => g.name === 'memory growth')!.ok).toBe(false);
    const html = renderHtmlReport(r);
    expect(html).toContain('uPlot');
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|https?:\/\/cdn/i);
    // The embedded JSON cannot close its script element early.
    const data = html.slice(html.indexOf('<script id="data"'), html.indexOf('</script>', html.indexOf('<script id="data"')));
    expect(JSON.parse(data.slice(data.indexOf('>') + 1)).scenario.kind).toBe('endurance');
    expect(html).toContain('id="memory"');
  });
});
