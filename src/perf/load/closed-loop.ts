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

/** What both models share: the connection pool, one timed request, the histogram and its summary. */
class Recorder {
  readonly pool: Pool;
  private readonly histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });
  private readonly ok: (status: number) => boolean;
  requests = 0;
  errors = 0;

  constructor(private readonly o: ClosedLoopOptions) {
    this.pool = new Pool(o.url, { connections: o.connections, pipelining: 1, keepAliveTimeout: 30_000 });
    this.ok = o.expectStatus ?? ((s: number) => s === 200 || s === 304);
  }

  /** Sends one request; when `record`, its latency from `since` (ms, performance.now()) is kept. */
  async send(record: () => boolean, since?: number): Promise<void> {
    const sent = performance.now();
    try {
      const res = await this.pool.request({ path: this.o.path, method: this.o.method ?? 'GET', headers: this.o.headers, body: this.o.body });
      await res.body.dump();
      if (!this.ok(res.statusCode)) throw new Error(`status ${res.statusCode}`);
      if (record()) {
        this.histogram.recordValue(Math.max(1, Math.round((performance.now() - (since ?? sent)) * 1000)));
        this.requests++;
      }
    } catch {
      if (record()) this.errors++;
    }
  }

  async finish(seconds: number): Promise<ClosedLoopResult> {
    await this.pool.close();
    const h = this.histogram;
    const ms = (p: number) => h.getValueAtPercentile(p) / 1000;
    const result: ClosedLoopResult = {
      requests: this.requests,
      errors: this.errors,
      seconds,
      requestsPerSecond: this.requests / seconds,
      latencyMs: { p50: ms(50), p90: ms(90), p95: ms(95), p99: ms(99), max: h.maxValue / 1000, mean: h.mean / 1000 },
    };
    h.destroy();
    return result;
  }
}

export async function runClosedLoop(o: ClosedLoopOptions): Promise<ClosedLoopResult> {
  const r = new Recorder(o);
  let recording = false;
  let stop = false;
  const user = async () => {
    while (!stop) await r.send(() => recording);
  };
  const users = Array.from({ length: o.connections }, user);
  await new Promise((done) => setTimeout(done, o.warmupMs ?? 1_000));
  recording = true;
  const started = performance.now();
  await new Promise((done) => setTimeout(done, o.durationMs));
  recording = false;
  const seconds = (performance.now() - started) / 1000;
  stop = true;
  await Promise.all(users);
  return r.finish(seconds);
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
  const r = new Recorder(o);
  const fromDue = o.fromDueTime ?? true;
  const inflight = new Set<Promise<void>>();
  const warmup = o.warmupMs ?? 1_000;
  const total = warmup + o.durationMs;
  const started = performance.now();
  for (let i = 0; ; i++) {
    // The schedule as offsets from the start: exact, where subtracting clock readings is not.
    const offset = (i * 1000) / o.rate;
    if (offset >= total) break;
    const due = started + offset;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((done) => setTimeout(done, wait));
    const measured = offset >= warmup;
    const p = r.send(() => measured, fromDue ? due : undefined).finally(() => inflight.delete(p));
    inflight.add(p);
  }
  await Promise.all(inflight);
  return r.finish(o.durationMs / 1000);
}
