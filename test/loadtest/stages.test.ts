/** Stage schedule maths: targets over time and the open model's arrival times. */
import { describe, expect, it } from 'vitest';
import { arrivalOffsets, arrivalsBy, peakTarget, targetAt, totalDurationMs } from '../../src/perf/load/stages.ts';

const rampHoldDown = [
  { durationMs: 10_000, target: 100 },
  { durationMs: 20_000, target: 100 },
  { durationMs: 10_000, target: 0 },
];

describe('stages', () => {
  it('moves the target linearly from the previous stage to its own', () => {
    expect(totalDurationMs(rampHoldDown)).toBe(40_000);
    expect(targetAt(rampHoldDown, 0)).toBe(0);
    expect(targetAt(rampHoldDown, 5_000)).toBe(50);
    expect(targetAt(rampHoldDown, 10_000)).toBe(100);
    expect(targetAt(rampHoldDown, 29_999)).toBe(100);
    expect(targetAt(rampHoldDown, 35_000)).toBe(50);
    expect(targetAt(rampHoldDown, 99_000)).toBe(0);
    expect(peakTarget(rampHoldDown)).toBe(100);
  });

  it('treats a zero-length stage as a jump', () => {
    const jump = [
      { durationMs: 0, target: 40 },
      { durationMs: 5_000, target: 40 },
    ];
    expect(targetAt(jump, 0)).toBe(40);
    expect(targetAt(jump, 4_999)).toBe(40);
  });

  it('schedules exactly rate × duration arrivals, evenly spaced at a constant rate', () => {
    const offsets = [
      ...arrivalOffsets([
        { durationMs: 0, target: 100 },
        { durationMs: 1_000, target: 100 },
      ]),
    ];
    expect(offsets).toHaveLength(100);
    expect(offsets[0]).toBe(0);
    expect(offsets[1]).toBeCloseTo(10, 9);
    expect(offsets[99]).toBeCloseTo(990, 9);
  });

  it('follows the integral of the rate on ramps up and down', () => {
    const offsets = [...arrivalOffsets(rampHoldDown)];
    // 0→100/s over 10 s (500) + 100/s for 20 s (2,000) + 100→0/s over 10 s (500).
    expect(offsets).toHaveLength(3_000);
    expect(arrivalsBy(rampHoldDown, 40_000)).toBeCloseTo(3_000, 6);
    // Arrival i is due when the integral reaches i: on the ramp N(t) = 5 t², so 125 arrivals by 5 s.
    expect(offsets.filter((o) => o < 5_000)).toHaveLength(125);
    for (let i = 1; i < offsets.length; i++) expect(offsets[i]!).toBeGreaterThanOrEqual(offsets[i - 1]!);
    // Ramp down is symmetric to the ramp up.
    expect(offsets.filter((o) => o >= 35_000)).toHaveLength(125);
  });

  it('splits the arrivals between shares without losing or repeating any', () => {
    const all = [...arrivalOffsets(rampHoldDown)];
    const shares = [0, 1, 2].map((index) => [...arrivalOffsets(rampHoldDown, 0, { index, count: 3 })]);
    expect(shares.map((s) => s.length).reduce((a, b) => a + b)).toBe(all.length);
    expect([...shares.flat()].sort((a, b) => a - b)).toEqual(all);
  });
});
