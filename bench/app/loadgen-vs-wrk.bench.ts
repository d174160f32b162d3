/**
 * Generator capacity (issue 9 target): `greenline loadtest`'s engine against wrk (Debian's
 * /usr/bin/wrk, C, epoll) on a bare Fastify hello-world, in the same run: ≥ 70% of wrk's
 * requests per second. Both drive the same server (bench/app/bare-server.ts, its own process)
 * over 50 keep-alive connections for 5 s, closed loop; the ratio is wrk's throughput over ours,
 * i.e. ≤ 1.43 meets the target. On this two-core machine the server and the generator share the
 * CPU, so either generator saturates the server before itself: the figure says our generator is
 * not the bottleneck, not how fast either could go on a bigger box.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { type AppBenchmark, defineSuite } from '../../src/perf/bench/suite.ts';
import { runLoad } from '../../src/perf/load/run.ts';
import { scenarioFromObject } from '../../src/perf/load/scenario.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const WRK = process.env.WRK ?? '/usr/bin/wrk';
const CONNECTIONS = 50;
const SECONDS = 5;

interface Ctx {
  dir: string;
  child: ChildProcess;
  origin: string;
}

async function ours(origin: string, workers: number): Promise<number> {
  const s = scenarioFromObject({
    target: origin,
    classes: [{ name: 'hello', actions: [{ path: '/bare' }] }],
    stages: [
      { duration: 0, target: CONNECTIONS },
      { duration: `${SECONDS + 1}s`, target: CONNECTIONS },
    ],
    warmup: '1s',
    workers,
  });
  const r = await runLoad({ scenario: s, stages: s.stages, fixtures: null });
  if (r.totals.errors > 0) throw new Error(`${r.totals.errors} errors`);
  console.error(
    `  greenline loadtest engine (${workers} thread${workers > 1 ? 's' : ''}): ${Math.round(r.totals.throughput)} req/s, p50 ${r.totals.latencyMs.p50.toFixed(2)} ms, p99 ${r.totals.latencyMs.p99.toFixed(2)} ms`,
  );
  return r.totals.throughput;
}

async function wrk(origin: string): Promise<number> {
  const { stdout } = await promisify(execFile)(WRK, ['-t1', `-c${CONNECTIONS}`, `-d${SECONDS}s`, '--latency', `${origin}/bare`]);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1]);
  if (!Number.isFinite(rps)) throw new Error(`wrk output not understood:\n${stdout}`);
  const p50 = /^\s+50%\s+(\S+)/m.exec(stdout)?.[1];
  const p99 = /^\s+99%\s+(\S+)/m.exec(stdout)?.[1];
  console.error(`  wrk -t1 -c${CONNECTIONS}: ${Math.round(rps)} req/s, p50 ${p50}, p99 ${p99}`);
  return rps;
}

/** Our engine on `workers` threads against wrk, one round each per sample. */
function versusWrk(name: string, workers: number, rounds: number, warmupRounds: number): AppBenchmark<Ctx> {
  return {
    name,
    rounds,
    warmupRounds,
    async run(ctx) {
      const rps = await ours(ctx.origin, workers);
      return { samples: [1000 / rps], ops: rps };
    },
    async baseline(ctx) {
      const rps = await wrk(ctx.origin);
      return { samples: [1000 / rps], ops: rps };
    },
  };
}

export default defineSuite({
  name: 'app-loadgen-vs-wrk',
  kind: 'app',
  async setup(): Promise<Ctx> {
    const dir = mkdtempSync(join(tmpdir(), 'greenline-bench-loadgen-'));
    const file = join(dir, 'hello.json');
    writeFileSync(file, '{"hello":"world"}');
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/app/bare-server.ts'], {
      cwd: ROOT,
      env: { ...process.env, BARE_BODY_FILE: file },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const origin = await new Promise<string>((resolveStart, reject) => {
      let out = '';
      child.stdout!.on('data', (d) => {
        out += d;
        const m = /(http:\/\/\S+)\n/.exec(out);
        if (m) resolveStart(m[1]!);
      });
      child.once('exit', (code) => reject(new Error(`bare server exited with ${code}`)));
    });
    return { dir, child, origin };
  },
  async teardown(ctx) {
    ctx.child.kill('SIGTERM');
    rmSync(ctx.dir, { recursive: true, force: true });
  },
  benchmarks: [
    versusWrk(`hello-world, ${CONNECTIONS} connections, ${SECONDS} s: loadtest engine vs wrk (ratio = wrk / ours, ≤ 1.43 meets ≥ 70%)`, 1, 2, 1),
    versusWrk(`hello-world, ${CONNECTIONS} connections, ${SECONDS} s: loadtest engine on 2 worker threads vs wrk`, 2, 1, 0),
  ],
});
