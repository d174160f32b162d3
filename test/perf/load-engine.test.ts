/**
 * Accuracy of `greenline loadtest`'s engine (issue 9 acceptance), on real time, so in the timing
 * project (alone on the machine):
 * - a server with a fixed 10 ms handler reads as 10 ms at the median (±1.5 ms), closed and open;
 * - a server that freezes 1 s every 5 s: the open model, timing each request from its intended
 *   send time, reports p99 ≥ 900 ms; a closed-model run, which has no correction, reports a far
 *   lower p99 for the same server, because its few users simply wait out the stall and the
 *   requests they did not send are never counted (coordinated omission). Both are printed.
 * - worker threads share the schedule: n workers send exactly what one would.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLoad } from '../../src/perf/load/run.ts';
import { scenarioFromObject } from '../../src/perf/load/scenario.ts';

const hold = (target: number, duration: string) => [
  { duration: 0, target },
  { duration, target },
];

describe('load engine accuracy', () => {
  let app: FastifyInstance;
  let url: string;
  beforeAll(async () => {
    app = Fastify();
    // 10 ms of service time, precisely: a timer for most of it (timers fire up to a few ms
    // late on a busy machine) and a short spin to the mark.
    app.get('/slow', async () => {
      const until = performance.now() + 10;
      await new Promise((r) => setTimeout(r, 8));
      while (performance.now() < until);
      return { ok: true };
    });
    url = (await app.listen({ port: 0, host: '127.0.0.1' })).replace('localhost', '127.0.0.1');
  });
  afterAll(async () => {
    await app.close();
  });

  it('reads a fixed 10 ms handler as 10 ± 1.5 ms at the median, closed and open model', async () => {
    const classes = [{ name: 'slow', actions: [{ path: '/slow' }] }];
    const closedScenario = scenarioFromObject({ target: url, classes, stages: hold(2, '2s'), warmup: '1s' });
    const openScenario = scenarioFromObject({ target: url, model: 'open', classes, stages: hold(50, '2s'), warmup: '1s', connections: 10 });
    const closed = await runLoad({ scenario: closedScenario, stages: closedScenario.stages, fixtures: null });
    const open = await runLoad({ scenario: openScenario, stages: openScenario.stages, fixtures: null });
    console.log(
      `10 ms handler: closed p50 ${closed.totals.latencyMs.p50.toFixed(2)} ms (${closed.totals.requests} answers), open p50 ${open.totals.latencyMs.p50.toFixed(2)} ms (${open.totals.requests} answers)`,
    );
    for (const r of [closed, open]) {
      expect(r.totals.errors).toBe(0);
      expect(Math.abs(r.totals.latencyMs.p50 - 10)).toBeLessThanOrEqual(1.5);
    }
    // The open model sent on schedule: 50/s over the measured second (± answers across its edges).
    expect(open.totals.requests).toBeGreaterThanOrEqual(47);
    expect(open.totals.requests).toBeLessThanOrEqual(53);
  });

  it('splits a run over worker threads without changing what is sent', async () => {
    const classes = [{ name: 'slow', actions: [{ path: '/slow' }] }];
    const s = scenarioFromObject({ target: url, model: 'open', classes, stages: hold(200, '1s'), connections: 20, workers: 2 });
    const r = await runLoad({ scenario: s, stages: s.stages, fixtures: null });
    expect(r.totals.errors).toBe(0);
    expect(r.totals.requests).toBe(200);
    expect(Math.abs(r.totals.latencyMs.p50 - 10)).toBeLessThanOrEqual(3);
  });
});

describe('load engine throughput', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = Fastify();
    app.get('/slower', async () => {
      await new Promise((r) => setTimeout(r, 400));
      return { ok: true };
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app.close();
  });

  it('counts the answers within the measured window, not the queue answered after the end', async () => {
    const address = app.server.address() as { port: number };
    const classes = [{ name: 'slower', actions: [{ path: '/slower' }] }];
    // 40 arrivals/s for 3 s, the first second warm-up: every answer takes 0.4 s, so ~16 of the
    // requests are answered after the schedule ends. Counting them would read ~48/s.
    const s = scenarioFromObject({ target: `http://127.0.0.1:${address.port}`, model: 'open', classes, stages: hold(40, '3s'), warmup: '1s', connections: 40 });
    const r = await runLoad({ scenario: s, stages: s.stages, fixtures: null });
    expect(r.totals.errors).toBe(0);
    expect(r.totals.throughput).toBeGreaterThanOrEqual(37);
    expect(r.totals.throughput).toBeLessThanOrEqual(41);
    // The late answers still count for latency.
    expect(r.totals.requests).toBeGreaterThan(r.totals.throughput * r.totals.seconds);
  });
});

/** A plain Node server in its own process that blocks its event loop for 1 s every 5 s from GET /start. */
const STALLING_SERVER = `
const http = require('node:http');
let timer = null;
const server = http.createServer((req, res) => {
  if (req.url === '/start') {
    clearInterval(timer);
    // The first stall 1.5 s after /start, then every 5 s.
    const freeze = () => { const end = Date.now() + 1000; while (Date.now() < end); };
    setTimeout(() => { freeze(); timer = setInterval(freeze, 5000); }, 1500);
  }
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end('ok');
});
server.listen(0, '127.0.0.1', () => console.log('http://127.0.0.1:' + server.address().port));
`;

describe('coordinated omission', () => {
  let child: ChildProcess;
  let url: string;
  beforeAll(async () => {
    child = spawn(process.execPath, ['-e', STALLING_SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
    url = await new Promise<string>((resolve) => child.stdout!.once('data', (d) => resolve(String(d).trim())));
  });
  afterAll(() => {
    child.kill('SIGTERM');
  });

  it('open model p99 ≥ 900 ms on a server stalling 1 s every 5 s; a closed run reports far lower', async () => {
    const classes = [{ name: 'c', actions: [{ path: '/' }] }];
    const run = async (model: 'open' | 'closed') => {
      await fetch(`${url}/start`).then((r) => r.text());
      // 5 s from /start: exactly one full 1 s stall (1.5 s – 2.5 s) in the window.
      const s = scenarioFromObject({ target: url, model, classes, stages: hold(model === 'open' ? 200 : 10, '5s'), connections: 50 });
      return runLoad({ scenario: s, stages: s.stages, fixtures: null });
    };
    const open = await run('open');
    const closed = await run('closed');
    const line = (name: string, r: typeof open) =>
      `${name}: ${r.totals.requests} answers, p50 ${r.totals.latencyMs.p50.toFixed(2)} ms, p99 ${r.totals.latencyMs.p99.toFixed(1)} ms, max ${r.totals.latencyMs.max.toFixed(0)} ms`;
    console.log(`stalling server\n  ${line('open model, from intended send time', open)}\n  ${line('closed model, no correction    ', closed)}`);
    expect(open.totals.errors + closed.totals.errors).toBe(0);
    expect(open.totals.latencyMs.p99).toBeGreaterThanOrEqual(900);
    // The closed run saw the stall (its max) but its percentiles hide it.
    expect(closed.totals.latencyMs.max).toBeGreaterThanOrEqual(900);
    expect(closed.totals.latencyMs.p99).toBeLessThan(open.totals.latencyMs.p99 / 10);
  });
});
