/**
 * Latency histograms: HDR (hdr-histogram-js), 1 µs to 120 s at 3 significant digits, so a
 * percentile is read from the recorded distribution (within 0.1%), never estimated from an
 * average and a maximum. Values are recorded in microseconds and reported in milliseconds.
 * Histograms cross worker threads in HdrHistogram's compressed base64 form.
 */
import * as hdr from 'hdr-histogram-js';

export type Histogram = hdr.Histogram;

export function newHistogram(): Histogram {
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 120_000_000, numberOfSignificantValueDigits: 3 });
}

/** Records a latency given in milliseconds (clamped to 1 µs – 120 s). */
export function recordMs(h: Histogram, ms: number): void {
  h.recordValue(Math.min(120_000_000, Math.max(1, Math.round(ms * 1000))));
}

export interface LatencySummary {
  min: number;
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  p999: number;
  max: number;
}

export function summarize(h: Histogram): LatencySummary {
  if (h.totalCount === 0) return { min: 0, mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, p999: 0, max: 0 };
  const ms = (p: number) => h.getValueAtPercentile(p) / 1000;
  return { min: h.minNonZeroValue / 1000, mean: h.mean / 1000, p50: ms(50), p90: ms(90), p95: ms(95), p99: ms(99), p999: ms(99.9), max: h.maxValue / 1000 };
}

export function encodeHistogram(h: Histogram): string {
  return hdr.encodeIntoCompressedBase64(h);
}

export function decodeHistogram(text: string): Histogram {
  const decoded = hdr.decodeFromCompressedBase64(text);
  // Re-built with our bounds, so histograms from any source add into each other.
  const h = newHistogram();
  h.add(decoded);
  decoded.destroy();
  return h;
}
