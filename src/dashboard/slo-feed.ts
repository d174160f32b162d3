/**
 * Feeds the in-process rolling windows (src/slo/rolling-windows.ts) from readings of the
 * metrics: at each reading, every SLI's increase since the previous one. The request path pays
 * nothing for it (no per-request hook), and the counts are exactly what /metrics would give the
 * SLO, through the same `countsFromSamples`; they land in the windows up to one reading late.
 */
import type { Counts } from '../slo/budget.ts';
import type { Slo } from '../slo/definitions.ts';
import { countsFromSamples, type Sample } from '../slo/metrics-text.ts';
import type { RollingWindows } from '../slo/rolling-windows.ts';

/** The metric names the SLIs read, for the reader to collect. */
export function sliMetricNames(slos: readonly Slo[]): string[] {
  return slos.flatMap(({ sli }) => (sli.type === 'ratio' ? [sli.counter] : sli.type === 'latency' ? [sli.histogram] : [sli.gauge, sli.activityCounter]));
}

export class SloFeed {
  /** Per SLO, the cumulative counts (ratio, latency) or activity total (throughput) at the previous reading. */
  readonly #previous = new Map<string, Counts | number>();

  constructor(
    readonly slos: readonly Slo[],
    readonly windows: RollingWindows,
  ) {}

  /**
   * The first reading is the starting point and adds nothing. A count lower than before (a source
   * closed) starts again from zero, as Prometheus's `increase()` does.
   */
  update(samples: readonly Sample[], nowMs: number): void {
    for (const slo of this.slos) {
      const sli = slo.sli;
      const before = this.#previous.get(slo.name);
      if (sli.type === 'throughput') {
        // One sample per reading in which batch work was counted: the last finished batch's rate,
        // as Prometheus samples the gauge while the activity counter grows.
        let activity = 0;
        for (const s of samples) if (s.name === sli.activityCounter) activity += s.value;
        if (typeof before === 'number' && activity !== before) this.windows.add(slo.name, countsFromSamples(sli, samples), nowMs);
        this.#previous.set(slo.name, activity);
        continue;
      }
      const now = countsFromSamples(sli, samples);
      this.#previous.set(slo.name, now);
      if (before === undefined || typeof before === 'number') continue;
      const reset = now.total < before.total || now.bad < before.bad;
      const added = reset ? now : { total: now.total - before.total, bad: now.bad - before.bad };
      if (added.total > 0) this.windows.add(slo.name, added, nowMs);
    }
  }
}
