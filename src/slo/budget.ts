/**
 * Error-budget maths on counts from one window, and the policy state. Pure: the sources
 * (Prometheus, a /metrics scrape, the rolling windows) produce the counts.
 *
 * For an SLO with objective o over a window holding `total` events, `bad` of them bad:
 *   error ratio      e = bad / total                 compliance = 1 − e
 *   error budget     b = 1 − o                       (the share of events allowed to be bad)
 *   burn rate        r = e / b                       1 = spending the budget exactly as fast as
 *                                                    the window allows; 14.4 over 1 h spends 2%
 *                                                    of a 30-day budget in that hour
 *   budget consumed  c = bad / (b × total) = r       over the SLO's whole window, the average burn
 *   budget remaining 1 − c                           negative once the SLO is missed
 */

/** bad ≤ total. For latency SLOs events are requests; for throughput, samples of the batch rate. */
export interface Counts {
  readonly total: number;
  readonly bad: number;
}

export const NO_COUNTS: Counts = { total: 0, bad: 0 };

/**
 * 1 − objective, rounded to 12 significant digits: 1 − 0.999 is 0.0010000000000000009 in
 * binary floating point, and that tail would show up in every burn rate and generated rule.
 */
export function errorBudget(objective: number): number {
  return Number((1 - objective).toPrecision(12));
}

/** null when the window holds no events: no data is not the same as no errors. */
export function errorRatio(c: Counts): number | null {
  return c.total > 0 ? c.bad / c.total : null;
}

export function compliance(c: Counts): number | null {
  const e = errorRatio(c);
  return e === null ? null : 1 - e;
}

export function burnRate(c: Counts, objective: number): number | null {
  const e = errorRatio(c);
  return e === null ? null : e / errorBudget(objective);
}

/** Share of the budget left when `c` covers the SLO's window; below 0 once the SLO is missed. */
export function budgetRemaining(c: Counts, objective: number): number | null {
  const r = burnRate(c, objective);
  return r === null ? null : 1 - r;
}

export type PolicyState = 'healthy' | 'warning' | 'critical' | 'no_data';

/** healthy above `healthyAbove`, critical below `criticalBelow`, warning from one to the other, bounds included. */
export function policyState(remaining: number | null, policy: { healthyAbove: number; criticalBelow: number }): PolicyState {
  if (remaining === null) return 'no_data';
  if (remaining > policy.healthyAbove) return 'healthy';
  if (remaining < policy.criticalBelow) return 'critical';
  return 'warning';
}
