import { describe, expect, it } from 'vitest';
import { budgetRemaining, burnRate, compliance, errorBudget, errorRatio, policyState } from '../../src/slo/budget.ts';
import { parseSloConfig } from '../../src/slo/definitions.ts';
import { overallScore, sloScore } from '../../src/slo/score.ts';
import { assess } from '../../src/slo/status.ts';
import { minimalFile } from './fixtures.ts';

// Budget maths (src/slo/budget.ts): e = bad / total, burn r = e / (1 − objective),
// budget remaining = 1 − r over the SLO's window.
describe('error budget maths on hand-made windows', () => {
  it('99.9% with 40 bad of 100,000: ratio 0.0004, compliance 99.96%, burn 0.4×, 60% left', () => {
    const w = { total: 100_000, bad: 40 };
    expect(errorRatio(w)).toBeCloseTo(0.0004, 15);
    expect(compliance(w)).toBeCloseTo(0.9996, 15);
    expect(burnRate(w, 0.999)).toBeCloseTo(0.4, 12); // 0.0004 / 0.001
    expect(budgetRemaining(w, 0.999)).toBeCloseTo(0.6, 12); // 1 − 0.4
  });

  it('99% with 70 bad of 10,000: burn 0.7×, 30% of the budget left', () => {
    const w = { total: 10_000, bad: 70 };
    expect(burnRate(w, 0.99)).toBeCloseTo(0.7, 12); // 0.007 / 0.01
    expect(budgetRemaining(w, 0.99)).toBeCloseTo(0.3, 12);
  });

  it('95% with 150 bad of 2,000: burn 1.5×, the budget overspent by half (−50%)', () => {
    const w = { total: 2000, bad: 150 };
    expect(errorRatio(w)).toBe(0.075);
    expect(burnRate(w, 0.95)).toBeCloseTo(1.5, 12); // 0.075 / 0.05
    expect(budgetRemaining(w, 0.95)).toBeCloseTo(-0.5, 12);
  });

  it('a burn rate over a short window: 1 h with 144 bad of 10,000 at 99.9% burns at 14.4×, the page rate', () => {
    expect(burnRate({ total: 10_000, bad: 144 }, 0.999)).toBeCloseTo(14.4, 12); // 0.0144 / 0.001
  });

  it('a window without events has no ratio, compliance, burn or budget: no data, not perfection', () => {
    const empty = { total: 0, bad: 0 };
    expect(errorRatio(empty)).toBeNull();
    expect(compliance(empty)).toBeNull();
    expect(burnRate(empty, 0.999)).toBeNull();
    expect(budgetRemaining(empty, 0.999)).toBeNull();
  });

  it('the error budget of an objective has no binary floating-point tail (1 − 0.999 = 0.001 exactly)', () => {
    expect(1 - 0.999).not.toBe(0.001);
    expect(errorBudget(0.999)).toBe(0.001);
    expect(errorBudget(0.9995)).toBe(0.0005);
    expect(errorBudget(0.95)).toBe(0.05);
  });
});

describe('policy state from the budget remaining', () => {
  const policy = { healthyAbove: 0.5, criticalBelow: 0.2 };

  it('is healthy above 50%, warning from 20% to 50% inclusive, critical below 20%', () => {
    expect(policyState(1, policy)).toBe('healthy');
    expect(policyState(0.5000001, policy)).toBe('healthy');
    expect(policyState(0.5, policy)).toBe('warning');
    expect(policyState(0.35, policy)).toBe('warning');
    expect(policyState(0.2, policy)).toBe('warning');
    expect(policyState(0.1999999, policy)).toBe('critical');
    expect(policyState(-0.5, policy)).toBe('critical');
  });

  it('is no_data without events', () => {
    expect(policyState(null, policy)).toBe('no_data');
  });
});

// Score (src/slo/score.ts): s = 100 × (0.7 × clamp(remaining) + 0.3 × clamp((14.4 − burn) / 13.4)),
// overall S = (mean + min) / 2.
describe('performance score', () => {
  const p = { budgetWeight: 0.7, burnWeight: 0.3, pageBurn: 14.4 };

  it('is 100 for an untouched budget with nothing burning', () => {
    expect(sloScore(1, 0, p)).toBe(100);
  });

  it('gives the burn term in full at or below the sustainable rate (1×): half the budget left scores 65', () => {
    expect(sloScore(0.5, 0.5, p)).toBeCloseTo(65, 10); // 100 × (0.35 + 0.3)
    expect(sloScore(0.5, 1, p)).toBeCloseTo(65, 10);
  });

  it('scales the burn term linearly from 1× to the page rate: 60% left burning at 7.7× scores 57', () => {
    expect(sloScore(0.6, 7.7, p)).toBeCloseTo(57, 10); // 100 × (0.7 × 0.6 + 0.3 × (14.4 − 7.7) / 13.4) = 42 + 15
  });

  it('is 0 for an overspent budget burning at or above the page rate, never negative', () => {
    expect(sloScore(-2, 14.4, p)).toBe(0);
    expect(sloScore(-2, 50, p)).toBe(0);
  });

  it('reads a burn window without events as nothing burning, and leaves out an SLO without data', () => {
    expect(sloScore(0.8, null, p)).toBeCloseTo(86, 10); // 100 × (0.56 + 0.3)
    expect(sloScore(null, 3, p)).toBeNull();
  });

  it('overall: the mean and the worst SLO count half each, so one exhausted SLO halves a perfect score', () => {
    expect(overallScore([100, 100, 100, 0])).toBe(37.5); // (75 + 0) / 2
    expect(overallScore([80, 60])).toBe(65); // (70 + 60) / 2
    expect(overallScore([null, 90])).toBe(90);
    expect(overallScore([null])).toBeNull();
  });
});

describe('assess: every SLO from observed counts', () => {
  const config = parseSloConfig(minimalFile());

  it('computes compliance, budget, burn, state and score per SLO and the overall score', () => {
    const report = assess(
      config,
      new Map([
        // 30 d: 0.07% errors at 99.9% → 70% of the budget used, 30% left (warning); 1 h: 0.2% → 2×.
        ['api-availability', { window: { total: 100_000, bad: 70 }, recent: { total: 1000, bad: 2 } }],
        // 3% slower than 25 ms at p95 (budget 5%) → 40% left: warning; last hour clean.
        ['reads-latency-p95', { window: { total: 10_000, bad: 300 }, recent: { total: 500, bad: 0 } }],
      ]),
    );
    const [availability, latency] = report.slos;
    expect(availability).toMatchObject({ name: 'api-availability', state: 'warning' });
    expect(availability!.compliance).toBeCloseTo(0.9993, 12);
    expect(availability!.budgetRemaining).toBeCloseTo(0.3, 12);
    expect(availability!.burnRate).toBeCloseTo(2, 12);
    // 100 × (0.7 × 0.3 + 0.3 × (14.4 − 2) / 13.4) = 21 + 27.761…
    expect(availability!.score).toBeCloseTo(21 + (30 * 12.4) / 13.4, 10);
    expect(latency!.budgetRemaining).toBeCloseTo(0.4, 12);
    expect(latency!.score).toBeCloseTo(58, 10); // 100 × (0.28 + 0.3)
    const scores = [availability!.score!, latency!.score!];
    expect(report.score).toBeCloseTo((scores.reduce((a, b) => a + b) / 2 + Math.min(...scores)) / 2, 10);
  });

  it('keeps a request SLO at no data until its window holds min_events requests (default 30)', () => {
    // 4 requests, 1 failed: 25% errors against a 0.1% budget would read "budget −24,900%", critical.
    const few = assess(config, new Map([['api-availability', { window: { total: 4, bad: 1 }, recent: { total: 4, bad: 1 } }]]));
    expect(few.slos[0]).toMatchObject({ name: 'api-availability', state: 'no_data', budgetRemaining: null, score: null, compliance: 0.75 });
    expect(few.score).toBeNull();
    const enough = assess(config, new Map([['api-availability', { window: { total: 30, bad: 0 }, recent: { total: 30, bad: 0 } }]]));
    expect(enough.slos[0]).toMatchObject({ state: 'healthy', budgetRemaining: 1 });
    const strict = parseSloConfig(minimalFile().replace('critical_below: 0.2', 'critical_below: 0.2\n  min_events: 5'));
    expect(assess(strict, new Map([['api-availability', { window: { total: 5, bad: 1 }, recent: { total: 5, bad: 1 } }]])).slos[0]!.state).toBe('critical');
  });

  it('reports an SLO the source did not see as no data, outside the score', () => {
    const report = assess(config, new Map([['api-availability', { window: { total: 1000, bad: 0 }, recent: { total: 10, bad: 0 } }]]));
    expect(report.slos[1]).toMatchObject({ name: 'reads-latency-p95', state: 'no_data', compliance: null, score: null });
    expect(report.score).toBe(100);
  });
});
