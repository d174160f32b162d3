/**
 * A closed-loop HTTP load generator: `connections` virtual users, each sending its next request
 * as soon as the previous answer is read, for a fixed time, over undici keep-alive connections.
 * Latencies go into an HDR histogram (1 µs to 60 s, 3 significant digits), so percentiles are
 * read from the recorded distribution, not estimated. Closed-loop timing does not correct for
 * coordinated omission; use it to compare two servers under the same load, in the same run.
 */
import * as hdr from 'hdr-histogram-js';
import { Pool } from 'undici';

export interface ClosedLoopOptions {
  url: string;
  path: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  connections: number;
  durationMs: number;
  /** Not measured: the time to open connections and warm the server. */
  warmupMs?: number;
  /** Refuses an answer (throws); by default any status other than 200 and 304 counts as an error. */
  expectStatus?: (status: number) => boolean;
}

export interface ClosedLoopResult {
  requests: number;
  errors: number;
  seconds: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p90: number; p95: number; p99: number; max: number; mean: number };
}

export async function runClosedLoop(o: ClosedLoopOptions): Promise<ClosedLoopResult> {
  const pool = new Pool(o.url, { connections: o.connections, pipelining: 1, keepAliveTimeout: 30_000 });
  const ok = o.expectStatus ?? ((s: number) => s === 200 || s === 304);
  const histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });
  let requests = 0;
  let errors = 0;
  let recording = false;
  let stop = false;
  const one = async () => {
    const started = performance.now();
    try {
      const res = await pool.request({ path: o.path, method: o.method ?? 'GET', headers: o.headers, body: o.body });
      await res.body.dump();
      if (!ok(res.statusCode)) throw new Error(`status ${res.statusCode}`);
      if (recording) {
        histogram.recordValue(Math.max(1, Math.round((performance.now() - started) * 1000)));
        requests++;
      }
    } catch {
      if (recording) errors++;
    }
  };
  const user = async () => {
    while (!stop) await one();
  };
  const users = Array.from({ length: o.connections }, user);
  await new Promise((r) => setTimeout(r, o.warmupMs ?? 1_000));
  recording = true;
  const started = performance.now();
  await new Promise((r) => setTimeout(r, o.durationMs));
  recording = false;
  const seconds = (performance.now() - started) / 1000;
  stop = true;
  await Promise.all(users);
  await pool.close();
  const ms = (p: number) => histogram.getValueAtPercentile(p) / 1000;
  const result: ClosedLoopResult = {
    requests,
    errors,
    seconds,
    requestsPerSecond: requests / seconds,
    latencyMs: { p50: ms(50), p90: ms(90), p95: ms(95), p99: ms(99), max: histogram.maxValue / 1000, mean: histogram.mean / 1000 },
  };
  histogram.destroy();
  return result;
}

export interface OpenLoopOptions extends Omit<ClosedLoopOptions, 'connections'> {
  /** Requests started per second, on a fixed schedule whatever the answers take. */
  rate: number;
  /** Connections available (most requests in flight at once). */
  connections: number;
  /**
   * true (default): latency from each request's due time, so a stalled server is charged for the
   * requests queued behind it. false: from the moment the request was actually sent — the
   * service time alone, free of the generator's own timer lateness; right only below saturation.
   */
  fromDueTime?: boolean;
}

/**
 * An open-loop (arrival-rate) run: request i is due at start + i / rate, and its latency is
 * measured from that due time, so a stalled server is charged for the requests that queue
 * behind it (coordinated omission corrected, as in wrk2 and HdrHistogram's recordings).
 */
export async function runOpenLoop(o: OpenLoopOptions): Promise<ClosedLoopResult> {
  const pool = new Pool(o.url, { connections: o.connections, pipelining: 1, keepAliveTimeout: 30_000 });
  const ok = o.expectStatus ?? ((s: number) => s === 200 || s === 304);
  const histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });
  let requests = 0;
  let errors = 0;
  const fromDue = o.fromDueTime ?? true;
  const send = async (due: number, record: boolean) => {
    const sent = performance.now();
    try {
      const res = await pool.request({ path: o.path, method: o.method ?? 'GET', headers: o.headers, body: o.body });
      await res.body.dump();
      if (!ok(res.statusCode)) throw new Error(`status ${res.statusCode}`);
      if (record) {
        histogram.recordValue(Math.max(1, Math.round((performance.now() - (fromDue ? due : sent)) * 1000)));
        requests++;
      }
    } catch {
      if (record) errors++;
    }
  };
  const inflight = new Set<Promise<void>>();
  const warmup = o.warmupMs ?? 1_000;
  const total = warmup + o.durationMs;
  const started = performance.now();
  for (let i = 0; ; i++) {
    const due = started + (i * 1000) / o.rate;
    if (due - started >= total) break;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const p = send(due, due - started >= warmup).finally(() => inflight.delete(p));
    inflight.add(p);
  }
  await Promise.all(inflight);
  await pool.close();
  const ms = (p: number) => histogram.getValueAtPercentile(p) / 1000;
  const seconds = o.durationMs / 1000;
  const result: ClosedLoopResult = {
    requests,
    errors,
    seconds,
    requestsPerSecond: requests / seconds,
    latencyMs: { p50: ms(50), p90: ms(90), p95: ms(95), p99: ms(99), max: histogram.maxValue / 1000, mean: histogram.mean / 1000 },
  };
  histogram.destroy();
  return result;
}
