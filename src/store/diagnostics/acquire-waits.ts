/**
 * How long each connection acquisition waited, counted into fixed buckets as it happens (one
 * short loop per acquisition), so the metrics layer can expose a histogram at scrape time
 * without the driver knowing about Prometheus.
 */

/** Upper bounds in milliseconds: a free idle connection is handed out in well under 0.1 ms; a saturated pool waits up to its acquire timeout. */
export const ACQUIRE_WAIT_BOUNDS_MS = [0.1, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000] as const;

/** Cumulative counts since the pool opened, as a Prometheus histogram holds them. */
export interface AcquireWaits {
  boundsMs: readonly number[];
  /** `counts[i]`: acquisitions that waited at most `boundsMs[i]`; cumulative, like Prometheus's `le` buckets. */
  counts: readonly number[];
  /** Every acquisition counted, the slowest included (the +Inf bucket). */
  count: number;
  sumMs: number;
}

export class AcquireWaitHistogram {
  readonly #perBucket = new Array<number>(ACQUIRE_WAIT_BOUNDS_MS.length).fill(0);
  #count = 0;
  #sumMs = 0;

  record(waitedMs: number): void {
    this.#count++;
    this.#sumMs += waitedMs;
    for (let i = 0; i < ACQUIRE_WAIT_BOUNDS_MS.length; i++) {
      if (waitedMs <= ACQUIRE_WAIT_BOUNDS_MS[i]!) {
        this.#perBucket[i]!++;
        return;
      }
    }
  }

  snapshot(): AcquireWaits {
    let running = 0;
    const counts = this.#perBucket.map((n) => (running += n));
    return { boundsMs: ACQUIRE_WAIT_BOUNDS_MS, counts, count: this.#count, sumMs: this.#sumMs };
  }
}
