/**
 * In-process rolling windows: what the app can keep itself so that `slo status` and the live
 * dashboard can read compliance and burn rates without a Prometheus server. The app feeds it
 * the same observations it gives its metrics (`observe(metric, labels, value)`); each SLO keeps
 * time-bucketed counts of events and bad events.
 *
 * Two resolutions, because one would cost either memory or precision: 10-second buckets over
 * 6 hours serve the short windows (burn rates over 5 m … 6 h), 5-minute buckets serve the long
 * ones up to the longest SLO window (30 d is 8,640 buckets). About 200 KB per SLO. A window
 * covers the whole buckets that end inside it plus the current, partial one, so it is up to
 * one bucket shorter than asked: 10 s in 5 m, 5 min in 30 d.
 */
import type { Counts } from './budget.ts';
import type { Slo } from './definitions.ts';
import { type Labels, matchesAll } from './selector.ts';
import type { Observation } from './status.ts';

/** A ring of per-bucket counts; a slot is reused when its bucket has aged out of the ring. */
export class CountRing {
  private readonly total: Float64Array;
  private readonly bad: Float64Array;
  /** The bucket number (time ÷ width) each slot holds, so stale slots read as empty. */
  private readonly bucketOf: Float64Array;

  constructor(
    readonly bucketMs: number,
    readonly buckets: number,
  ) {
    this.total = new Float64Array(buckets);
    this.bad = new Float64Array(buckets);
    this.bucketOf = new Float64Array(buckets).fill(-1);
  }

  get spanMs(): number {
    return this.bucketMs * this.buckets;
  }

  add(nowMs: number, total: number, bad: number): void {
    const bucket = Math.floor(nowMs / this.bucketMs);
    const slot = bucket % this.buckets;
    if (this.bucketOf[slot] !== bucket) {
      this.bucketOf[slot] = bucket;
      this.total[slot] = 0;
      this.bad[slot] = 0;
    }
    this.total[slot]! += total;
    this.bad[slot]! += bad;
  }

  /** Counts over the last `windowMs` (at most the ring's span). */
  sum(nowMs: number, windowMs: number): Counts {
    const newest = Math.floor(nowMs / this.bucketMs);
    const n = Math.min(this.buckets, Math.ceil(windowMs / this.bucketMs));
    let total = 0;
    let bad = 0;
    for (let bucket = newest - n + 1; bucket <= newest; bucket++) {
      const slot = bucket % this.buckets;
      if (this.bucketOf[slot] !== bucket) continue;
      total += this.total[slot]!;
      bad += this.bad[slot]!;
    }
    return { total, bad };
  }
}

const FINE = { bucketMs: 10_000, spanMs: 6 * 3_600_000 };
const COARSE_BUCKET_MS = 300_000;
/** Label sets seen are remembered with the SLOs they feed; more than this and the memo restarts. */
const MEMO_LIMIT = 10_000;

/** How one observation counts for one SLO: `bad` decides from the observed value. */
interface Feed {
  readonly index: number;
  readonly bad: (value: number) => boolean;
}

export class RollingWindows {
  private readonly fine: CountRing[];
  private readonly coarse: CountRing[];
  private readonly index: ReadonlyMap<string, number>;
  private readonly memo = new Map<string, readonly Feed[]>();

  constructor(private readonly slos: readonly Slo[]) {
    const longest = Math.max(FINE.spanMs, ...slos.map((s) => s.window * 1000));
    this.fine = slos.map(() => new CountRing(FINE.bucketMs, FINE.spanMs / FINE.bucketMs));
    this.coarse = slos.map(() => new CountRing(COARSE_BUCKET_MS, Math.ceil(longest / COARSE_BUCKET_MS)));
    this.index = new Map(slos.map((s, i) => [s.name, i]));
  }

  /**
   * One observation, as given to the metric of the same name: a counter's increment (usually 1),
   * a histogram's observed seconds, or a gauge's new reading (for batch throughput: once per
   * finished batch, its rows/s).
   */
  observe(metric: string, labels: Labels, value: number, nowMs = Date.now()): void {
    for (const feed of this.feedsFor(metric, labels)) {
      const bad = feed.bad(value);
      // A counter's increment is a number of events; any other observation is one event.
      const events = this.slos[feed.index]!.sli.type === 'ratio' ? value : 1;
      this.fine[feed.index]!.add(nowMs, events, bad ? events : 0);
      this.coarse[feed.index]!.add(nowMs, events, bad ? events : 0);
    }
  }

  /**
   * Counts observed elsewhere, added to one SLO as they are: for a reader that diffs cumulative
   * metrics (the live dashboard adds each SLI's increase since its previous reading) instead of
   * seeing every observation.
   */
  add(sloName: string, counts: Counts, nowMs = Date.now()): void {
    const i = this.indexOf(sloName);
    this.fine[i]!.add(nowMs, counts.total, counts.bad);
    this.coarse[i]!.add(nowMs, counts.total, counts.bad);
  }

  /** Counts for an SLO over the last `windowSeconds`, from the finest ring that spans them. */
  counts(sloName: string, windowSeconds: number, nowMs = Date.now()): Counts {
    const i = this.indexOf(sloName);
    const windowMs = windowSeconds * 1000;
    const ring = windowMs <= this.fine[i]!.spanMs ? this.fine[i]! : this.coarse[i]!;
    if (windowMs > ring.spanMs) throw new Error(`${sloName}: a ${windowSeconds} s window is longer than the ${ring.spanMs / 1000} s kept`);
    return ring.sum(nowMs, windowMs);
  }

  /** What `assess` needs: every SLO over its own window and over the score's burn window. */
  observations(burnWindowSeconds: number, nowMs = Date.now()): Map<string, Observation> {
    return new Map(
      this.slos.map((slo) => [slo.name, { window: this.counts(slo.name, slo.window, nowMs), recent: this.counts(slo.name, burnWindowSeconds, nowMs) }]),
    );
  }

  private indexOf(sloName: string): number {
    const i = this.index.get(sloName);
    if (i === undefined) throw new Error(`no SLO named ${sloName}`);
    return i;
  }

  /** Which SLOs an observation feeds. Label matching runs once per distinct label set. */
  private feedsFor(metric: string, labels: Labels): readonly Feed[] {
    const key = `${metric}\u0000${Object.entries(labels).flat().join('\u0000')}`;
    let feeds = this.memo.get(key);
    if (!feeds) {
      feeds = this.slos.flatMap((slo, index): Feed[] => {
        const sli = slo.sli;
        if (sli.type === 'ratio') {
          if (sli.counter !== metric || !matchesAll(sli.total, labels)) return [];
          const bad = matchesAll(sli.bad, labels);
          return [{ index, bad: () => bad }];
        }
        if (sli.type === 'latency')
          return sli.histogram === metric && matchesAll(sli.selector, labels) ? [{ index, bad: (seconds) => seconds > sli.threshold }] : [];
        return sli.gauge === metric ? [{ index, bad: (rate) => rate < sli.minPerSecond }] : [];
      });
      if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
      this.memo.set(key, feeds);
    }
    return feeds;
  }
}
