/**
 * Stage schedules, k6-style: each stage moves the target (virtual users, or arrivals per second in
 * the open model) linearly from where the previous stage left it to its own `target` over its
 * duration. A ramp up, a hold and a ramp down are three stages. Pure functions: the engine, the
 * tests and the report all read the same schedule.
 */

export interface Stage {
  durationMs: number;
  /** Users (closed model) or arrivals per second (open model) at the end of the stage. */
  target: number;
}

export function totalDurationMs(stages: readonly Stage[]): number {
  return stages.reduce((sum, s) => sum + s.durationMs, 0);
}

/** The target at `tMs` after the start (linear within a stage); `start` is the level before stage 0. */
export function targetAt(stages: readonly Stage[], tMs: number, start = 0): number {
  let from = start;
  let t0 = 0;
  for (const s of stages) {
    if (tMs < t0 + s.durationMs) return s.durationMs === 0 ? s.target : from + ((s.target - from) * (tMs - t0)) / s.durationMs;
    from = s.target;
    t0 += s.durationMs;
  }
  return from;
}

/** The largest target any stage reaches (how many users or connections to plan for). */
export function peakTarget(stages: readonly Stage[], start = 0): number {
  return stages.reduce((max, s) => Math.max(max, s.target), start);
}

/** Arrivals expected by `tMs`: the integral of the rate (per second) over the schedule. */
export function arrivalsBy(stages: readonly Stage[], tMs: number, start = 0): number {
  let from = start;
  let t0 = 0;
  let count = 0;
  for (const s of stages) {
    const inStage = Math.min(Math.max(tMs - t0, 0), s.durationMs);
    if (inStage > 0) {
      const rateAtEnd = from + ((s.target - from) * inStage) / s.durationMs;
      count += ((from + rateAtEnd) / 2) * (inStage / 1000);
    }
    from = s.target;
    t0 += s.durationMs;
  }
  return count;
}

/**
 * The open model's send schedule: offsets (ms from the start) of arrivals 0, 1, 2, …, arrival i
 * due when the integral of the rate reaches i. Within a stage whose rate goes from r0 to r1 over
 * D seconds, N(x) = r0·x + (r1 − r0)·x²/(2D); solved for x in the form 2m / (b + √(b² + 4am)),
 * which stays exact for ramps down and for a constant rate. With `share`, only arrivals i with
 * i mod count = index are yielded: that is how the work is split between worker threads.
 */
export function* arrivalOffsets(stages: readonly Stage[], start = 0, share: { index: number; count: number } = { index: 0, count: 1 }): Generator<number> {
  let from = start;
  let t0 = 0;
  let before = 0;
  let i = share.index;
  for (const s of stages) {
    const seconds = s.durationMs / 1000;
    const after = before + ((from + s.target) / 2) * seconds;
    const a = seconds > 0 ? (s.target - from) / (2 * seconds) : 0;
    const b = from;
    while (i < after - 1e-9) {
      const m = i - before;
      const disc = b * b + 4 * a * m;
      const x = m === 0 ? 0 : (2 * m) / (b + Math.sqrt(Math.max(disc, 0)));
      yield t0 + Math.min(x * 1000, s.durationMs);
      i += share.count;
    }
    before = after;
    from = s.target;
    t0 += s.durationMs;
  }
}
