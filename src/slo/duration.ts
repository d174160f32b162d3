/**
 * Durations in the SLO file. Windows end up inside PromQL range selectors (`[30d]`) and in
 * recording-rule names (`ratio_rate30d`), so they use PromQL's own form: a whole number and one
 * unit. Latency thresholds are not windows: "2.5s" and "0.5ms" are fine there.
 */

const UNIT_SECONDS = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 } as const;
type Unit = keyof typeof UNIT_SECONDS;

/** "30d" → 2,592,000. Throws with the accepted form in the message. */
export function parseWindow(text: string): number {
  const m = /^(\d+)(ms|s|m|h|d|w)$/.exec(text);
  if (!m || Number(m[1]) === 0) throw new Error(`"${text}" is not a window: write a whole number and one unit, e.g. 5m, 1h, 30d`);
  return Number(m[1]) * UNIT_SECONDS[m[2] as Unit];
}

/** 3600 → "1h", 259200 → "3d": the largest unit that divides evenly, so equal windows get one name. */
export function formatWindow(seconds: number): string {
  for (const unit of ['w', 'd', 'h', 'm', 's'] as const) {
    const n = seconds / UNIT_SECONDS[unit];
    if (Number.isInteger(n)) return `${n}${unit}`;
  }
  return `${Math.round(seconds * 1000)}ms`;
}

/** A latency threshold: "25ms", "2.5s", or a bare number of seconds. */
export function parseSeconds(value: unknown): number {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value;
  const m = typeof value === 'string' ? /^(\d+(?:\.\d+)?)(ms|s)$/.exec(value) : null;
  if (!m || Number(m[1]) === 0) throw new Error(`${JSON.stringify(value)} is not a duration: write e.g. 25ms, 2.5s or a number of seconds`);
  // Divide rather than multiply by 0.001: 25 / 1000 is exactly the double nearest 0.025, which is
  // what the histogram's bucket bound is, and thresholds are compared with bucket bounds.
  return m[2] === 'ms' ? Number(m[1]) / 1000 : Number(m[1]);
}
