/**
 * Readings for the live dashboard: selected metrics of the registry, as the samples /metrics
 * would show, and the process's CPU, memory and event-loop delay.
 *
 * Only the metrics named are collected, never the whole registry: prom-client's event-loop
 * collector resets its histogram on every collect, so reading it here every interval would
 * narrow the lag percentiles Prometheus scrapes. The dashboard measures the event loop itself.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { Registry } from 'prom-client';
import type { Sample } from '../slo/metrics-text.ts';
import type { ProcessReading } from './snapshot.ts';

/** The named metrics' samples now (a collect runs for each, as for a scrape); names the registry lacks are skipped. */
export async function readSamples(registry: Registry, names: Iterable<string>): Promise<Sample[]> {
  const samples: Sample[] = [];
  for (const name of new Set(names)) {
    const metric = registry.getSingleMetric(name);
    if (!metric) continue;
    const { values } = await metric.get();
    for (const v of values) {
      const labels: Record<string, string> = {};
      for (const [label, value] of Object.entries(v.labels)) labels[label] = String(value);
      samples.push({ name: (v as { metricName?: string }).metricName ?? name, labels, value: v.value });
    }
  }
  return samples;
}

/** The event-loop monitor's timer period: each delay it records includes it, and is reported without it. */
const RESOLUTION_MS = 10;

export class ProcessMonitor {
  readonly #delay: IntervalHistogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });

  constructor() {
    this.#delay.enable();
  }

  /** CPU and memory now; the event-loop delay since the previous read. */
  read(): ProcessReading {
    const cpu = process.cpuUsage();
    const memory = process.memoryUsage();
    const h = this.#delay;
    const beyond = (ns: number) => Math.max(0, ns / 1e6 - RESOLUTION_MS);
    const eventLoop = h.count > 0 ? { meanMs: beyond(h.mean), p99Ms: beyond(h.percentile(99)), maxMs: beyond(h.max) } : null;
    h.reset();
    return { cpuMicros: cpu.user + cpu.system, rssBytes: memory.rss, heapUsedBytes: memory.heapUsed, heapTotalBytes: memory.heapTotal, eventLoop };
  }

  stop(): void {
    this.#delay.disable();
  }
}
