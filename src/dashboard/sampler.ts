/**
 * The dashboard's clock: every interval it reads the metrics and the process, feeds the SLO
 * rolling windows, builds a snapshot and hands it to the subscribers (the SSE streams). It runs
 * from the app's start whether or not anyone watches, so the windows see all the traffic.
 */
import type { Registry } from 'prom-client';
import type { SloConfig } from '../slo/definitions.ts';
import { RollingWindows } from '../slo/rolling-windows.ts';
import { assess } from '../slo/status.ts';
import { ProcessMonitor, readSamples } from './reader.ts';
import type { RegressionSource } from './regressions.ts';
import { SloFeed, sliMetricNames } from './slo-feed.ts';
import { buildSnapshot, DASHBOARD_METRICS, type Reading, type RequestGroup, requestGroups, type SloInput, type Snapshot } from './snapshot.ts';

export interface SamplerOptions {
  registry: Registry;
  intervalMs: number;
  /** The SLO file, or why it could not be loaded (the dashboard then shows no SLOs). */
  slo: { config: SloConfig } | { error: string };
  regressions: RegressionSource;
  /** Rates, error ratios and percentiles cover at least this long (default: 10 s, or the interval if longer). */
  rateWindowMs?: number;
  /** A reading failed; the next one is tried at the next interval. */
  onError?: (err: unknown) => void;
}

export class DashboardSampler {
  readonly intervalMs: number;
  readonly rateWindowMs: number;
  readonly #options: SamplerOptions;
  readonly #monitor = new ProcessMonitor();
  readonly #groups: readonly RequestGroup[];
  readonly #names: readonly string[];
  readonly #slo: { config: SloConfig; windows: RollingWindows; feed: SloFeed } | null;
  /** Newest last; the first is the baseline of the rates. */
  readonly #readings: Reading[] = [];
  readonly #listeners = new Set<(snapshot: Snapshot) => void>();
  #latest: Snapshot | null = null;
  #timer: NodeJS.Timeout | null = null;
  #pending: Promise<Snapshot> | null = null;

  constructor(options: SamplerOptions) {
    this.#options = options;
    this.intervalMs = options.intervalMs;
    this.rateWindowMs = options.rateWindowMs ?? Math.max(10_000, options.intervalMs);
    const config = 'config' in options.slo ? options.slo.config : null;
    if (config) {
      const windows = new RollingWindows(config.slos);
      this.#slo = { config, windows, feed: new SloFeed(config.slos, windows) };
    } else this.#slo = null;
    this.#groups = requestGroups(config);
    this.#names = [...Object.values(DASHBOARD_METRICS), ...sliMetricNames(config?.slos ?? [])];
  }

  /** Takes the first reading (the starting point of rates and SLO counts), then one every interval. Never throws. */
  async start(): Promise<void> {
    await this.tick().catch((err: unknown) => this.#options.onError?.(err));
    this.#timer ??= setInterval(() => {
      this.tick().catch((err: unknown) => this.#options.onError?.(err));
    }, this.intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    this.#listeners.clear();
    this.#monitor.stop();
  }

  get latest(): Snapshot | null {
    return this.#latest;
  }

  get subscribers(): number {
    return this.#listeners.size;
  }

  /** Called with every new snapshot; returns the undo. */
  subscribe(listener: (snapshot: Snapshot) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** A reading and its snapshot now; a call during another one shares it. */
  tick(): Promise<Snapshot> {
    this.#pending ??= this.#take().finally(() => {
      this.#pending = null;
    });
    return this.#pending;
  }

  async #take(): Promise<Snapshot> {
    const samples = await readSamples(this.#options.registry, this.#names);
    const timeMs = Date.now();
    const reading: Reading = { timeMs, samples, process: this.#monitor.read() };
    let slo: SloInput = { error: 'error' in this.#options.slo ? this.#options.slo.error : 'no SLO file' };
    if (this.#slo) {
      const { config, windows, feed } = this.#slo;
      feed.update(samples, timeMs);
      slo = { config, report: assess(config, windows.observations(config.score.burnWindow, timeMs)) };
    }
    // Keep the newest reading at least a rate window old as the baseline, and the ones after it.
    const readings = this.#readings;
    readings.push(reading);
    while (readings.length > 2 && readings[1]!.timeMs <= timeMs - this.rateWindowMs) readings.shift();
    const snapshot = buildSnapshot({
      current: reading,
      baseline: readings.length > 1 ? readings[0]! : null,
      intervalMs: this.intervalMs,
      groups: this.#groups,
      slo,
      regressions: await this.#options.regressions.current(timeMs),
    });
    this.#latest = snapshot;
    for (const listener of this.#listeners) {
      try {
        listener(snapshot);
      } catch (err) {
        this.#options.onError?.(err);
      }
    }
    return snapshot;
  }
}
