/**
 * What the Prometheus metrics cost a request (issue 8 target: throughput with metrics ≥ 90% of
 * without, same route, same run). Two `greenline serve --memory` processes, identical but for
 * GREENLINE_METRICS=0 in one, loaded in turn from this process: closed loop, 50 connections,
 * GET /healthz. The cheapest route makes the worst case: the hooks' fixed cost per request is the
 * largest share of it there; heavier routes pay the same few microseconds on top of more work.
 * Request logging is off (LOG_LEVEL=warn) in both: it would cost far more than the metrics.
 *
 * Throughput on this shared two-core machine swings with whatever else runs, so each round also
 * reads the server's own CPU time (Linux /proc) and prints CPU per request, on and off: another
 * view of the same cost (it moves with load too: a busier machine means fewer requests per event
 * loop turn, hence more system calls per request).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineSuite } from '../../src/perf/bench/suite.ts';
import { runClosedLoop } from '../../src/perf/load/closed-loop.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const CONNECTIONS = 50;
const DURATION_MS = 3_000;
const PATH = '/healthz';

type Side = 'on' | 'off';

interface Round {
  requestsPerSecond: number;
  cpuMicrosPerRequest: number;
}

interface Ctx {
  servers: Record<Side, { child: ChildProcess; url: string }>;
  /** Each side's rounds in run order, warm-up first, to print every round's ratio and a summary. */
  rounds: Record<Side, Round[]>;
}

async function startServer(port: number, metrics: boolean): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['bin/greenline.js', 'serve', '--memory', '--port', String(port)], {
    cwd: ROOT,
    // No rate limit: the closed loop sends thousands of requests a second with one key.
    env: {
      ...process.env,
      LOG_LEVEL: 'warn',
      GREENLINE_METRICS: metrics ? '1' : '0',
      GREENLINE_RATE_LIMIT_PER_MINUTE: '0',
      GREENLINE_BOOTSTRAP_KEY: 'metrics-bench-key-0123456789',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (
      await fetch(`${url}/readyz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (i > 600 || child.exitCode !== null) throw new Error(`greenline serve (metrics ${metrics ? 'on' : 'off'}) did not start`);
    await new Promise((r) => setTimeout(r, 100));
  }
  // The switch must really be what differs between the two.
  const scrape = await fetch(`${url}/metrics`);
  await scrape.text();
  if ((scrape.status === 200) !== metrics) throw new Error(`GET /metrics answered ${scrape.status} with metrics ${metrics ? 'on' : 'off'}`);
  return { child, url };
}

/** User + system CPU seconds of a process so far: /proc/<pid>/stat fields 14 and 15, in 1/100 s. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields from the 3rd on follow the command name, which is in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const percent = (ratio: number) => `${(100 * ratio).toFixed(1)}%`;

async function measure(ctx: Ctx, side: Side) {
  const { child, url } = ctx.servers[side];
  const cpuBefore = cpuSeconds(child.pid!);
  // No warm-up inside the run (the suite's warm-up round does that), so the server's CPU time
  // and the requests counted cover the same window.
  const r = await runClosedLoop({ url, path: PATH, connections: CONNECTIONS, durationMs: DURATION_MS, warmupMs: 0 });
  const cpuMicrosPerRequest = ((cpuSeconds(child.pid!) - cpuBefore) * 1e6) / r.requests;
  if (r.errors > 0) throw new Error(`${r.errors} errors with metrics ${side}`);
  ctx.rounds[side].push({ requestsPerSecond: r.requestsPerSecond, cpuMicrosPerRequest });
  console.error(
    `  metrics ${side}: ${Math.round(r.requestsPerSecond)} req/s, p50 ${r.latencyMs.p50.toFixed(2)} ms, p99 ${r.latencyMs.p99.toFixed(2)} ms, server CPU ${cpuMicrosPerRequest.toFixed(1)} µs/request`,
  );
  const { on, off } = ctx.rounds;
  if (on.length === off.length) {
    const [a, b] = [on.at(-1)!, off.at(-1)!];
    console.error(
      `  → this round, metrics on: ${percent(a.requestsPerSecond / b.requestsPerSecond)} of the throughput, ${percent(a.cpuMicrosPerRequest / b.cpuMicrosPerRequest)} of the CPU per request`,
    );
  }
  return { samples: [1000 / r.requestsPerSecond], ops: r.requestsPerSecond };
}

export default defineSuite({
  name: 'app-metrics-overhead',
  kind: 'app',
  async setup(): Promise<Ctx> {
    const port = 20_000 + (process.pid % 20_000);
    // One after the other: two PGlite boots at once would take twice as long on two cores.
    const on = await startServer(port, true);
    const off = await startServer(port + 1, false).catch((err) => {
      on.child.kill('SIGTERM');
      throw err;
    });
    return { servers: { on, off }, rounds: { on: [], off: [] } };
  },
  async teardown(ctx) {
    // The summary over the measured rounds (the first pair is the warm-up).
    const [on, off] = [ctx.rounds.on.slice(1), ctx.rounds.off.slice(1)];
    if (on.length > 0 && on.length === off.length) {
      const throughput = median(on.map((round, i) => round.requestsPerSecond / off[i]!.requestsPerSecond));
      const cpuOn = median(on.map((round) => round.cpuMicrosPerRequest));
      const cpuOff = median(off.map((round) => round.cpuMicrosPerRequest));
      console.error(
        `  metrics overhead, median of ${on.length} rounds: throughput with metrics ${percent(throughput)} of without (target ≥ 90%); ` +
          `server CPU ${cpuOn.toFixed(1)} µs/request with metrics, ${cpuOff.toFixed(1)} without`,
      );
    }
    const servers = Object.values(ctx.servers);
    const exits = servers.map(({ child }) => new Promise((r) => child.once('exit', r)));
    for (const { child } of servers) child.kill('SIGTERM');
    await Promise.all(exits);
  },
  benchmarks: [
    {
      name: `GET ${PATH}, ${CONNECTIONS} connections, metrics on (throughput vs the same server with GREENLINE_METRICS=0)`,
      // Short rounds, many of them, in ABBA order (on/off, off/on...): medians shrug off a burst of
      // other work on the shared machine, and drift hits both sides alike.
      rounds: 8,
      warmupRounds: 1,
      run: (ctx) => measure(ctx, 'on'),
      baseline: (ctx) => measure(ctx, 'off'),
    },
  ],
});
