/** SLO gates: thresholds, recovery after a spike, the capacity knee, memory growth, metric parsing. */
import { describe, expect, it } from 'vitest';
import { capacityKnee, checkThresholds, memoryGrowth, readMetric, spikeRecovery, spikeStage } from '../../src/perf/load/gates.ts';

describe('gates', () => {
  it('checks p95, p99, error rate and throughput', () => {
    const g = checkThresholds({ p95Ms: 100, p99Ms: 200, errorRate: 0.01, minThroughput: 50 }, { p95: 90, p99: 250, errorRate: 0.02, throughput: 60 });
    expect(g.map((x) => [x.name, x.ok])).toEqual([
      ['p95 latency', true],
      ['p99 latency', false],
      ['error rate', false],
      ['throughput', true],
    ]);
    expect(checkThresholds({}, { p95: 1, p99: 1, errorRate: 0, throughput: 1 })).toEqual([]);
  });

  it('finds the spike as the steepest rise and measures the recovery from its peak until the SLO holds for good', () => {
    const stages = [
      { durationMs: 10_000, target: 10 },
      { durationMs: 2_000, target: 200 },
      { durationMs: 30_000, target: 200 },
    ];
    expect(spikeStage(stages)).toEqual({ index: 1, startS: 10, peakS: 12 });
    const second = (t: number, p95: number, errors = 0) => ({ t, requests: 100, errors, p95, p99: p95 });
    const series = Array.from({ length: 40 }, (_, t) => second(t, t >= 11 && t < 19 ? 900 : 50, t === 15 ? 50 : 0));
    const r = spikeRecovery(series, stages, { p95Ms: 200, errorRate: 0.01 }, 3);
    expect(r).toEqual({ recoverySeconds: 7, breached: true, peakS: 12 });
    // Never back within SLO.
    expect(
      spikeRecovery(
        series.map((p) => ({ ...p, p95: 900, p99: 900 })),
        stages,
        { p95Ms: 200 },
        3,
      ).recoverySeconds,
    ).toBeNull();
    // Held throughout: zero.
    expect(
      spikeRecovery(
        series.map((p) => ({ ...p, p95: 10, p99: 10, errors: 0 })),
        stages,
        { p95Ms: 200 },
        3,
      ),
    ).toEqual({ recoverySeconds: 0, breached: false, peakS: 12 });
    // A second without answers while users wait is not within SLO.
    const silent = series.map((p) => ({ ...p, p95: 10, p99: 10, errors: 0, requests: p.t >= 12 && p.t < 14 ? 0 : 100 }));
    expect(spikeRecovery(silent, stages, { p95Ms: 200 }, 3).recoverySeconds).toBe(2);
    // Fine for a few seconds after the peak while the queue builds, then broken until 41: 29 s, not 0.
    const late = Array.from({ length: 50 }, (_, t) => second(t, t >= 17 && t < 41 ? 1_500 : 50));
    expect(spikeRecovery(late, stages, { p95Ms: 1_000 }, 3)).toEqual({ recoverySeconds: 29, breached: true, peakS: 12 });
    // Good seconds inside the breach are not a recovery either, three in a row included.
    for (const t of [25, 26, 27, 30]) late[t] = second(t, 50);
    expect(spikeRecovery(late, stages, { p95Ms: 1_000 }, 3).recoverySeconds).toBe(29);
    // Users gone at the end: their silent seconds do not count against the recovery.
    const wound = [...late, ...[50, 51].map((t) => ({ t, requests: 0, errors: 0, p95: 0, p99: 0 }))];
    expect(spikeRecovery(wound, stages, { p95Ms: 1_000 }, 3).recoverySeconds).toBe(29);
    // Breaking the SLO again in the last seconds: not recovered.
    const relapse = late.map((p) => (p.t >= 48 ? second(p.t, 1_500) : p));
    expect(spikeRecovery(relapse, stages, { p95Ms: 1_000 }, 3).recoverySeconds).toBeNull();
  });

  it('reports the knee as the best step before the first breach', () => {
    const step = (level: number, throughput: number, ok: boolean) => ({ level, throughput, p95: 1, p99: 1, errorRate: 0, withinSlo: ok });
    expect(capacityKnee([step(10, 100, true), step(20, 190, true), step(30, 185, true), step(40, 300, false), step(50, 500, true)])?.level).toBe(20);
    expect(capacityKnee([step(10, 100, false)])).toBeNull();
  });

  it('measures memory growth from medians after the settle time', () => {
    const flat = Array.from({ length: 50 }, (_, i) => ({ t: i * 5, bytes: 100e6 + (i % 2) * 1e6 }));
    expect(Math.abs(memoryGrowth(flat, 30)!.growth)).toBeLessThan(0.02);
    const leak = Array.from({ length: 50 }, (_, i) => ({ t: i * 5, bytes: 100e6 + i * 2e6 }));
    expect(memoryGrowth(leak, 30)!.growth).toBeGreaterThan(0.5);
    expect(memoryGrowth(leak.slice(0, 3), 30)).toBeNull();
  });

  it('reads a metric from the Prometheus text format', () => {
    const text = [
      '# HELP greenline_process_resident_memory_bytes Resident memory size in bytes.',
      '# TYPE greenline_process_resident_memory_bytes gauge',
      'greenline_process_resident_memory_bytes 585076736',
      'greenline_process_resident_memory_bytes_other 1',
      'heap{space="new"} 10',
      'heap{space="old"} 32',
    ].join('\n');
    expect(readMetric(text, 'greenline_process_resident_memory_bytes')).toBe(585076736);
    expect(readMetric(text, 'heap')).toBe(42);
    expect(readMetric(text, 'missing')).toBeNull();
  });
});
