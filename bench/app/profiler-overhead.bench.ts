/**
 * What the live CPU profile costs a server while it samples (issue 19 target: throughput while
 * profiled ≥ 90% of unprofiled, same server, same run). One `greenline serve --memory` with
 * GREENLINE_PROFILING=on, loaded from this process (closed loop, 50 connections) in rounds that
 * alternate: a round with `POST /v1/profiles/cpu` sampling across the whole load window
 * (1 ms interval, the default), and a round without. The same process on both sides, so nothing
 * differs but the profiler. Two routes: /healthz (the cheapest answer) and an authenticated
 * /v1/emissions page on the embedded database (deeper stacks, each sample walks more frames).
 * Each round also reads the server's own CPU time (Linux /proc): CPU per request, profiled and
 * not, is the same cost seen from the server, steadier than throughput on a shared machine.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineSuite } from '../../src/perf/bench/suite.ts';
import { runClosedLoop } from '../../src/perf/load/closed-loop.ts';
import { parseCpuProfile } from '../../src/perf/profile/cpu-profile.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const CONNECTIONS = 50;
const DURATION_MS = 3_000;
const KEY = 'profiler-bench-key-0123456789';
/** The profile starts this long before the load and ends this long after it, so it covers it all. */
const MARGIN_MS = 200;

type Side = 'profiled' | 'unprofiled';

interface Round {
  requestsPerSecond: number;
  cpuMicrosPerRequest: number;
}

interface Ctx {
  child: ChildProcess;
  url: string;
  /** Each side's rounds by path, warm-up first. */
  rounds: Record<string, Record<Side, Round[]>>;
}

/** User + system CPU seconds of a process so far: /proc/<pid>/stat fields 14 and 15, in 1/100 s. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function startServer(port: number): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['bin/greenline.js', 'serve', '--memory', '--port', String(port)], {
    cwd: ROOT,
    env: {
      ...process.env,
      LOG_LEVEL: 'warn',
      GREENLINE_PROFILING: 'on',
      GREENLINE_RATE_LIMIT_PER_MINUTE: '0',
      GREENLINE_BOOTSTRAP_KEY: KEY,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    const ready = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (i > 600 || child.exitCode !== null) throw new Error('greenline serve with GREENLINE_PROFILING=on did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, url };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const percent = (ratio: number) => `${(100 * ratio).toFixed(1)}%`;

async function measure(ctx: Ctx, path: string, side: Side) {
  const headers = { authorization: `Bearer ${KEY}` };
  let profile: Promise<string> | null = null;
  if (side === 'profiled') {
    const seconds = (DURATION_MS + 2 * MARGIN_MS) / 1000;
    profile = fetch(`${ctx.url}/v1/profiles/cpu?seconds=${seconds}`, { method: 'POST', headers }).then(async (res) => {
      const text = await res.text();
      if (res.status !== 200) throw new Error(`POST /v1/profiles/cpu answered ${res.status}: ${text.slice(0, 300)}`);
      return text;
    });
  }
  // Both sides pause alike before and after the load; the profiled side's profile spans the load.
  await pause(MARGIN_MS);
  const cpuBefore = cpuSeconds(ctx.child.pid!);
  const r = await runClosedLoop({ url: ctx.url, path, headers, connections: CONNECTIONS, durationMs: DURATION_MS, warmupMs: 0 });
  const cpuMicrosPerRequest = ((cpuSeconds(ctx.child.pid!) - cpuBefore) * 1e6) / r.requests;
  if (r.errors > 0) throw new Error(`${r.errors} errors on ${path} (${side})`);
  if (profile) {
    // The profile really sampled the load: it spans the window and has samples.
    const p = parseCpuProfile(await profile);
    if ((p.samples?.length ?? 0) < DURATION_MS / 10 || p.endTime - p.startTime < DURATION_MS * 1000) {
      throw new Error(`the profile did not cover the load (${p.samples?.length} samples over ${(p.endTime - p.startTime) / 1000} ms)`);
    }
  } else {
    await pause(MARGIN_MS);
  }
  ctx.rounds[path] ??= { profiled: [], unprofiled: [] };
  const rounds = ctx.rounds[path];
  rounds[side].push({ requestsPerSecond: r.requestsPerSecond, cpuMicrosPerRequest });
  console.error(
    `  ${path} ${side}: ${Math.round(r.requestsPerSecond)} req/s, p50 ${r.latencyMs.p50.toFixed(2)} ms, p99 ${r.latencyMs.p99.toFixed(2)} ms, server CPU ${cpuMicrosPerRequest.toFixed(1)} µs/request`,
  );
  if (rounds.profiled.length === rounds.unprofiled.length) {
    const [a, b] = [rounds.profiled.at(-1)!, rounds.unprofiled.at(-1)!];
    console.error(
      `  → this round, profiled: ${percent(a.requestsPerSecond / b.requestsPerSecond)} of the throughput, ${percent(a.cpuMicrosPerRequest / b.cpuMicrosPerRequest)} of the CPU per request`,
    );
  }
  return { samples: [1000 / r.requestsPerSecond], ops: r.requestsPerSecond };
}

const PATHS = ['/healthz', '/v1/emissions?limit=20'];

export default defineSuite({
  name: 'app-profiler-overhead',
  kind: 'app',
  async setup(): Promise<Ctx> {
    const { child, url } = await startServer(20_000 + (process.pid % 20_000));
    return { child, url, rounds: {} };
  },
  async teardown(ctx) {
    for (const [path, rounds] of Object.entries(ctx.rounds)) {
      // The summary over the measured rounds (the first pair is the warm-up).
      const [on, off] = [rounds.profiled.slice(1), rounds.unprofiled.slice(1)];
      if (on.length === 0 || on.length !== off.length) continue;
      const rps = (rounds: Round[]) => Math.round(median(rounds.map((x) => x.requestsPerSecond)));
      const cpu = (rounds: Round[]) => median(rounds.map((x) => x.cpuMicrosPerRequest)).toFixed(1);
      console.error(
        `  profiler overhead on ${path}, ${on.length} rounds each: throughput while profiled ${percent(rps(on) / rps(off))} of unprofiled (target ≥ 90%; ` +
          `median of the rounds' ratios ${percent(median(on.map((x, i) => x.requestsPerSecond / off[i]!.requestsPerSecond)))}), ${rps(on)} req/s profiled, ${rps(off)} unprofiled (medians); ` +
          `server CPU ${cpu(on)} µs/request profiled, ${cpu(off)} unprofiled`,
      );
    }
    const exit = new Promise((r) => ctx.child.once('exit', r));
    ctx.child.kill('SIGTERM');
    await exit;
  },
  benchmarks: PATHS.map((path) => ({
    name: `GET ${path}, ${CONNECTIONS} connections, CPU profiler sampling (throughput vs the same server unprofiled)`,
    // Short rounds in ABBA order: medians shrug off a burst of other work on the shared machine.
    rounds: 8,
    warmupRounds: 1,
    run: (ctx: Ctx) => measure(ctx, path, 'profiled'),
    baseline: (ctx: Ctx) => measure(ctx, path, 'unprofiled'),
  })),
});
