/**
 * The load engine: one share of a run (all of it, or 1/n when split over worker threads). Closed
 * model: virtual users, each with one keep-alive connection, sending its next request when the
 * previous answer is read (plus think time); latency from the actual send, as closed-loop tools
 * measure it (no coordinated-omission correction: a stalled server also stalls the users). Open
 * model: arrivals on a fixed schedule from the stages whatever the answers take; latency from each
 * request's due time, so time spent queued behind a stall counts (wrk2's correction).
 *
 * Requests go through undici with a minimal dispatch handler (no body stream objects): one Client
 * per virtual user in the closed model, a Pool of `connections` in the open model;
 * every second the engine hands over a bucket (completions, errors, users, a latency histogram)
 * keyed by the second the answer arrived in, counted from the shared start time.
 *
 * Built-in actions get their requests from the workload passed to `runShare` (see workload.ts).
 */
import { Client, type Dispatcher, Pool } from 'undici';
import { type Histogram, newHistogram, recordMs } from './histogram.ts';
import { lcg } from './random.ts';
import type { Scenario, UserClass } from './scenario.ts';
import { arrivalOffsets, peakTarget, type Stage, targetAt, totalDurationMs } from './stages.ts';
import type { RequestSpec, Workload } from './workload.ts';

/** Everything a share needs, as plain data (it crosses into worker threads). */
export interface SharePlan {
  scenario: Scenario;
  stages: Stage[];
  /** What the workload's `setup` prepared; null when nothing was. */
  fixtures: unknown;
  /** Where a worker thread loads the workload from; null for plain HTTP actions only. */
  workload: Workload['module'] | null;
  share: { index: number; count: number };
  /** Epoch ms (performance.timeOrigin + performance.now()) at which second 0 starts. */
  startAt: number;
}

export interface SecondBucket {
  second: number;
  requests: number;
  errors: number;
  /** Active virtual users (closed) or requests in flight (open) at the end of the second. */
  users: number;
  histogram: Histogram;
}

export interface ActionTotals {
  /** "class/action" */
  key: string;
  requests: number;
  errors: number;
  histogram: Histogram;
}

export interface ShareResult {
  actions: ActionTotals[];
  /** "status 503", "ECONNREFUSED", "dropped" … → count (measured window only). */
  errorKinds: Record<string, number>;
}

interface RuntimeAction {
  key: string;
  weight: number;
  next: () => RequestSpec;
  ok: (status: number) => boolean;
  totals: ActionTotals;
}

interface RuntimeClass {
  def: UserClass;
  actions: RuntimeAction[];
  totalWeight: number;
}

const defaultOk = (s: number) => (s >= 200 && s < 300) || s === 304;

const ORIGIN = performance.timeOrigin;

export function epochNow(): number {
  return ORIGIN + performance.now();
}

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/**
 * Which class each virtual user (by global index) belongs to: the class furthest below its share
 * so far, so any prefix of users (any ramp level, any worker's slice) keeps the weights.
 */
export function assignClasses(weights: readonly number[], users: number): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  const counts = weights.map(() => 0);
  const out: number[] = [];
  for (let u = 0; u < users; u++) {
    let best = 0;
    let bestDeficit = -Infinity;
    weights.forEach((w, c) => {
      const deficit = (w / total) * (u + 1) - counts[c]!;
      if (deficit > bestDeficit + 1e-12) {
        bestDeficit = deficit;
        best = c;
      }
    });
    counts[best]!++;
    out.push(best);
  }
  return out;
}

function buildClasses(plan: SharePlan, workload: Workload | null): RuntimeClass[] {
  const s = plan.scenario;
  const base: Record<string, string> = { ...s.headers };
  if (s.apiKey && !base.authorization) base.authorization = `Bearer ${s.apiKey}`;
  return s.classes.map((def, ci) => {
    const actions = def.actions.map((a, ai): RuntimeAction => {
      const key = `${def.name}/${a.name}`;
      const totals: ActionTotals = { key, requests: 0, errors: 0, histogram: newHistogram() };
      if (a.kind === 'http') {
        const spec: RequestSpec = { method: a.method, path: a.path, headers: { ...base, ...a.headers }, ...(a.body !== undefined ? { body: a.body } : {}) };
        const ok = a.expect ? (st: number) => a.expect!.includes(st) : defaultOk;
        return { key, weight: a.weight, next: () => spec, ok, totals };
      }
      if (!workload) throw new Error(`${key}: "use: ${a.use}" is a built-in action, and no workload was given`);
      if (workload.setup && (plan.fixtures === null || plan.fixtures === undefined))
        throw new Error(`${key}: the built-in ${workload.name} actions need their fixtures prepared`);
      const raw = workload.requests(a.use, {
        fixtures: plan.fixtures,
        seed: s.seed * 1_000 + ci * 100 + ai + plan.share.index * 7_919,
        settings: a.settings ?? {},
      });
      const merged = new Map<RequestSpec, RequestSpec>();
      const next = () => {
        const r = raw();
        let m = merged.get(r);
        if (!m) {
          m = { ...r, headers: { ...base, ...r.headers } };
          merged.set(r, m);
        }
        return m;
      };
      return { key, weight: a.weight, next, ok: defaultOk, totals };
    });
    return { def, actions, totalWeight: actions.reduce((sum, a) => sum + a.weight, 0) };
  });
}

function pickAction(c: RuntimeClass, rand: () => number): RuntimeAction {
  if (c.actions.length === 1) return c.actions[0]!;
  let x = rand() * c.totalWeight;
  for (const a of c.actions) {
    x -= a.weight;
    if (x < 0) return a;
  }
  return c.actions[c.actions.length - 1]!;
}

/** One request over the pool; calls `done(status, error)` once the whole answer is read. */
function dispatch(pool: Dispatcher, spec: RequestSpec, done: (status: number, err: Error | null) => void): void {
  let status = 0;
  let finished = false;
  const finish = (err: Error | null) => {
    if (finished) return;
    finished = true;
    done(status, err);
  };
  const handler: Dispatcher.DispatchHandler = {
    onRequestStart() {},
    onResponseStart(_c, statusCode) {
      status = statusCode;
    },
    onResponseData() {},
    onResponseEnd() {
      finish(null);
    },
    onResponseError(_c, err) {
      finish(err);
    },
  };
  try {
    pool.dispatch({ method: spec.method as Dispatcher.HttpMethod, path: spec.path, headers: spec.headers, body: spec.body ?? null }, handler);
  } catch (err) {
    // Later, never in the caller's stack: a user loop must not spin on a synchronous refusal.
    setImmediate(() => finish(err as Error));
  }
}

function errorKind(status: number, err: Error | null): string {
  if (err) return (err as Error & { code?: string }).code ?? err.name ?? 'error';
  return `status ${status}`;
}

/**
 * Runs one share; `onSecond` receives each finished second's bucket in order. `workload` builds
 * the requests of built-in actions (null when the scenario has none).
 */
export async function runShare(plan: SharePlan, onSecond: (bucket: SecondBucket) => void, workload: Workload | null = null): Promise<ShareResult> {
  const s = plan.scenario;
  const { index, count } = plan.share;
  const classes = buildClasses(plan, workload);
  const durationMs = totalDurationMs(plan.stages);
  const warmupMs = Math.round(s.warmupMs / 1000) * 1000;
  const rand = lcg(s.seed * 31 + index);
  const errorKinds: Record<string, number> = {};
  const elapsed = () => epochNow() - plan.startAt;

  // Per-second buckets, keyed by the second an answer arrived in; flushed at each boundary.
  const buckets = new Map<number, SecondBucket>();
  let flushedThrough = -1;
  let currentUsers = 0;
  const bucketAt = (t: number): SecondBucket => {
    const second = Math.max(flushedThrough + 1, Math.floor(t / 1000));
    let b = buckets.get(second);
    if (!b) {
      b = { second, requests: 0, errors: 0, users: 0, histogram: newHistogram() };
      buckets.set(second, b);
    }
    return b;
  };
  const flushThrough = (second: number) => {
    for (let k = flushedThrough + 1; k <= second; k++) {
      const b = buckets.get(k) ?? { second: k, requests: 0, errors: 0, users: 0, histogram: newHistogram() };
      b.users = currentUsers;
      buckets.delete(k);
      flushedThrough = k;
      onSecond(b);
    }
  };

  const record = (action: RuntimeAction, status: number, err: Error | null, since: number) => {
    const t = elapsed();
    const b = bucketAt(t);
    const measured = t >= warmupMs;
    if (!err && action.ok(status)) {
      const ms = t - since;
      b.requests++;
      recordMs(b.histogram, ms);
      if (measured) {
        action.totals.requests++;
        recordMs(action.totals.histogram, ms);
      }
    } else {
      b.errors++;
      if (measured) {
        action.totals.errors++;
        const kind = errorKind(status, err);
        errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
      }
    }
  };

  const peak = peakTarget(plan.stages);
  const pool =
    s.model === 'open'
      ? new Pool(s.target, {
          connections: Math.max(1, Math.ceil(s.connections / count)),
          pipelining: 1,
          keepAliveTimeout: 60_000,
          headersTimeout: 60_000,
          bodyTimeout: 60_000,
        })
      : null;

  const wait = elapsed();
  if (wait < 0) await sleep(-wait);
  let ticking = true;
  const ticker = (async () => {
    for (let k = 1; ticking; k++) {
      const delay = k * 1000 - elapsed();
      if (delay > 0) await sleep(delay);
      if (!ticking) break;
      flushThrough(k - 1);
    }
  })();

  try {
    if (s.model === 'closed') await runClosed();
    else await runOpen();
  } finally {
    ticking = false;
    await ticker;
    await pool?.close().catch(() => {});
  }
  // Answers that arrived after the last stage belong to the seconds they arrived in.
  flushThrough(Math.max(flushedThrough, ...buckets.keys(), Math.ceil(durationMs / 1000) - 1));
  return { actions: classes.flatMap((c) => c.actions.map((a) => a.totals)), errorKinds };

  async function runClosed(): Promise<void> {
    const classOf = assignClasses(
      s.classes.map((c) => c.weight),
      Math.ceil(peak),
    );
    // Global user j runs in share j mod count; the share's users, lowest global index first.
    const mine: number[] = [];
    for (let j = index; j < Math.ceil(peak); j += count) mine.push(j);
    // One token per started user: a user told to stop finishes its request, and a restart of the
    // same slot runs after it, never beside it.
    const tokens: Array<{ stop: boolean } | undefined> = [];
    const running: Array<Promise<void>> = [];
    // Each user owns one keep-alive connection (a Client: no pool bookkeeping per request), and
    // loops on callbacks rather than a promise per request: this is the generator's hot path.
    const clients: Client[] = [];
    const clientOptions = { pipelining: 1, keepAliveTimeout: 60_000, headersTimeout: 60_000, bodyTimeout: 60_000 };
    const user = (slot: number, token: { stop: boolean }) =>
      new Promise<void>((finished) => {
        const c = classes[classOf[mine[slot]!]!]!;
        if (!clients[slot]) clients[slot] = new Client(s.target, clientOptions);
        const client = clients[slot];
        const { min, max } = c.def.thinkMs;
        const step = () => {
          if (token.stop) return finished();
          const action = pickAction(c, rand);
          const sent = elapsed();
          dispatch(client, action.next(), (status, err) => {
            record(action, status, err, sent);
            if (max > 0 && !token.stop) setTimeout(step, min + rand() * (max - min));
            else step();
          });
        };
        step();
      });
    for (;;) {
      const t = elapsed();
      if (t >= durationMs) break;
      const global = Math.round(targetAt(plan.stages, t));
      const want = Math.min(mine.length, Math.max(0, Math.ceil((global - index) / count)));
      for (let slot = 0; slot < mine.length; slot++) {
        const token = tokens[slot];
        const active = token !== undefined && !token.stop;
        if (slot < want && !active) {
          const fresh = { stop: false };
          tokens[slot] = fresh;
          running[slot] = (running[slot] ?? Promise.resolve()).then(() => user(slot, fresh));
        } else if (slot >= want && active) {
          token.stop = true;
        }
      }
      currentUsers = want;
      await sleep(Math.min(50, durationMs - t));
    }
    for (const token of tokens) if (token) token.stop = true;
    currentUsers = 0;
    await Promise.all(running);
    await Promise.all(clients.map((c) => c?.close().catch(() => {})));
  }

  async function runOpen(): Promise<void> {
    const weights = classes.map((c) => c.def.weight);
    const totalWeight = weights.reduce((a, b) => a + b, 0);
    const limit = Math.max(1, Math.ceil(s.maxInFlight / count));
    let inflight = 0;
    let drained: (() => void) | null = null;
    for (const due of arrivalOffsets(plan.stages, 0, plan.share)) {
      // Timers fire up to ~1 ms late: aim a little early, then time from the later of the due time
      // and the actual send, so neither the generator's lateness nor an early send is counted.
      const early = due - elapsed();
      if (early > 2) await sleep(early - 1.5);
      let x = rand() * totalWeight;
      let c = classes[classes.length - 1]!;
      for (let k = 0; k < classes.length; k++) {
        x -= weights[k]!;
        if (x < 0) {
          c = classes[k]!;
          break;
        }
      }
      const action = pickAction(c, rand);
      if (inflight >= limit) {
        // Not sent on time because the generator is at its in-flight bound: a failure the user saw.
        const b = bucketAt(elapsed());
        b.errors++;
        if (elapsed() >= warmupMs) {
          action.totals.errors++;
          errorKinds.dropped = (errorKinds.dropped ?? 0) + 1;
        }
        continue;
      }
      inflight++;
      currentUsers = inflight;
      const sent = elapsed();
      const since = s.fromDueTime ? Math.min(due, sent) : sent;
      dispatch(pool!, action.next(), (status, err) => {
        record(action, status, err, since);
        inflight--;
        currentUsers = inflight;
        if (inflight === 0 && drained) drained();
      });
    }
    if (inflight > 0) await new Promise<void>((done) => (drained = done));
  }
}
