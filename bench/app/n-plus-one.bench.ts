/**
 * What N+1 detection costs a request (issue 19 target: throughput with detection on ≥ 95% of
 * off, same route, same run). Two `greenline serve` processes on one scratch PostgreSQL
 * database, identical but for GREENLINE_N_PLUS_ONE_THRESHOLD=0 in one, loaded in turn from this
 * process: closed loop, 50 connections, GET /v1/emissions (uncached, authenticated: an API-key
 * lookup from its cache, then two statements per request, each counted against the request).
 * The slow-query log is on in both (its default), so the only difference is the per-request
 * AsyncLocalStorage, the counting and the fingerprinting at the end of each request.
 * Request logging is off (LOG_LEVEL=warn) in both. Each round also reads the server's CPU time
 * (Linux /proc), CPU per request on and off: the same cost seen another way.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineSuite } from '../../src/perf/bench/suite.ts';
import { runClosedLoop } from '../../src/perf/load/closed-loop.ts';
import { createTestDatabase, type TestDatabase } from '../../test/support/databases.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const CONNECTIONS = 50;
const DURATION_MS = 3_000;
const PATH = '/v1/emissions?limit=10';
const KEY = 'n-plus-one-bench-key-0123456789';

type Side = 'on' | 'off';

interface Round {
  requestsPerSecond: number;
  cpuMicrosPerRequest: number;
}

interface Ctx {
  db: TestDatabase;
  servers: Record<Side, { child: ChildProcess; url: string }>;
  rounds: Record<Side, Round[]>;
}

async function startServer(port: number, databaseUrl: string, detection: boolean): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['bin/greenline.js', 'serve', '--port', String(port)], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: 'warn',
      GREENLINE_N_PLUS_ONE_THRESHOLD: detection ? '10' : '0',
      GREENLINE_RATE_LIMIT_PER_MINUTE: '0',
      GREENLINE_BOOTSTRAP_KEY: KEY,
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
    if (i > 600 || child.exitCode !== null) throw new Error(`greenline serve (N+1 detection ${detection ? 'on' : 'off'}) did not start`);
    await new Promise((r) => setTimeout(r, 100));
  }
  // The switch must really be what differs between the two: only detection defines the N+1 counters.
  const text = await (await fetch(`${url}/metrics`)).text();
  if (text.includes('greenline_db_n_plus_one_requests_total') !== detection)
    throw new Error(`/metrics does not match N+1 detection ${detection ? 'on' : 'off'}`);
  const probe = await fetch(`${url}${PATH}`, { headers: { authorization: `Bearer ${KEY}` } });
  if (probe.status !== 200) throw new Error(`GET ${PATH} answered ${probe.status}: ${(await probe.text()).slice(0, 200)}`);
  await probe.text();
  return { child, url };
}

/** User + system CPU seconds of a process so far: /proc/<pid>/stat fields 14 and 15, in 1/100 s. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const percent = (ratio: number) => `${(100 * ratio).toFixed(1)}%`;

async function measure(ctx: Ctx, side: Side) {
  const { child, url } = ctx.servers[side];
  const cpuBefore = cpuSeconds(child.pid!);
  const r = await runClosedLoop({
    url,
    path: PATH,
    headers: { authorization: `Bearer ${KEY}` },
    connections: CONNECTIONS,
    durationMs: DURATION_MS,
    warmupMs: 0,
  });
  const cpuMicrosPerRequest = ((cpuSeconds(child.pid!) - cpuBefore) * 1e6) / r.requests;
  if (r.errors > 0) throw new Error(`${r.errors} errors with N+1 detection ${side}`);
  ctx.rounds[side].push({ requestsPerSecond: r.requestsPerSecond, cpuMicrosPerRequest });
  console.error(
    `  N+1 detection ${side}: ${Math.round(r.requestsPerSecond)} req/s, p50 ${r.latencyMs.p50.toFixed(2)} ms, p99 ${r.latencyMs.p99.toFixed(2)} ms, server CPU ${cpuMicrosPerRequest.toFixed(1)} µs/request`,
  );
  const { on, off } = ctx.rounds;
  if (on.length === off.length) {
    const [a, b] = [on.at(-1)!, off.at(-1)!];
    console.error(
      `  → this round, detection on: ${percent(a.requestsPerSecond / b.requestsPerSecond)} of the throughput, ${percent(a.cpuMicrosPerRequest / b.cpuMicrosPerRequest)} of the CPU per request`,
    );
  }
  return { samples: [1000 / r.requestsPerSecond], ops: r.requestsPerSecond };
}

export default defineSuite({
  name: 'app-n-plus-one-overhead',
  kind: 'app',
  async setup(): Promise<Ctx> {
    const db = await createTestDatabase('greenline_bench_n1');
    const port = 22_000 + (process.pid % 20_000);
    try {
      // One after the other: the first migrates the database and creates the key.
      const on = await startServer(port, db.url, true);
      const off = await startServer(port + 1, db.url, false).catch((err) => {
        on.child.kill('SIGTERM');
        throw err;
      });
      return { db, servers: { on, off }, rounds: { on: [], off: [] } };
    } catch (err) {
      await db.drop();
      throw err;
    }
  },
  async teardown(ctx) {
    const [on, off] = [ctx.rounds.on.slice(1), ctx.rounds.off.slice(1)];
    if (on.length > 0 && on.length === off.length) {
      const throughput = median(on.map((round, i) => round.requestsPerSecond / off[i]!.requestsPerSecond));
      console.error(
        `  N+1 detection overhead, median of ${on.length} rounds: throughput with detection ${percent(throughput)} of without (target ≥ 95%); ` +
          `${Math.round(median(on.map((r) => r.requestsPerSecond)))} vs ${Math.round(median(off.map((r) => r.requestsPerSecond)))} req/s; ` +
          `server CPU ${median(on.map((r) => r.cpuMicrosPerRequest)).toFixed(1)} µs/request with detection, ${median(off.map((r) => r.cpuMicrosPerRequest)).toFixed(1)} without`,
      );
    }
    const servers = Object.values(ctx.servers);
    const exits = servers.map(({ child }) => new Promise((r) => child.once('exit', r)));
    for (const { child } of servers) child.kill('SIGTERM');
    await Promise.all(exits);
    await ctx.db.drop();
  },
  benchmarks: [
    {
      name: `GET ${PATH}, ${CONNECTIONS} connections, PostgreSQL, N+1 detection on (throughput vs the same server with GREENLINE_N_PLUS_ONE_THRESHOLD=0)`,
      rounds: 8,
      warmupRounds: 1,
      run: (ctx) => measure(ctx, 'on'),
      baseline: (ctx) => measure(ctx, 'off'),
    },
  ],
});
