/** Every SLO's compliance, budget, state and score from counts a source observed; pure. */
import { budgetRemaining, burnRate, type Counts, compliance, NO_COUNTS, type PolicyState, policyState } from './budget.ts';
import type { Component, SloConfig, SloKind } from './definitions.ts';
import { overallScore, sloScore } from './score.ts';

/** What a source saw for one SLO: over the SLO's window, and over the score's burn window. */
export interface Observation {
  readonly window: Counts;
  readonly recent: Counts;
}

export interface SloStatus {
  readonly name: string;
  readonly component: Component;
  readonly kind: SloKind;
  readonly description: string;
  readonly objective: number;
  readonly observed: Observation;
  readonly compliance: number | null;
  readonly budgetRemaining: number | null;
  /** Over the burn window. */
  readonly burnRate: number | null;
  readonly state: PolicyState;
  readonly score: number | null;
}

export interface StatusReport {
  readonly slos: readonly SloStatus[];
  readonly score: number | null;
}

/** `observations` by SLO name; an SLO missing from it counts as no data. */
export function assess(config: SloConfig, observations: ReadonlyMap<string, Observation>): StatusReport {
  const params = { ...config.score, pageBurn: Math.max(...config.alerting.page.map((c) => c.burn)) };
  const slos = config.slos.map((slo): SloStatus => {
    const observed = observations.get(slo.name) ?? { window: NO_COUNTS, recent: NO_COUNTS };
    // Too few requests to judge: no budget, no state, no score (compliance is still shown). A
    // throughput SLO's events are samples of a rate, each a verdict of its own.
    const enough = slo.kind === 'throughput' || observed.window.total >= config.policy.minEvents;
    const remaining = enough ? budgetRemaining(observed.window, slo.objective) : null;
    const burn = burnRate(observed.recent, slo.objective);
    return {
      name: slo.name,
      component: slo.component,
      kind: slo.kind,
      description: slo.description,
      objective: slo.objective,
      observed,
      compliance: compliance(observed.window),
      budgetRemaining: remaining,
      burnRate: burn,
      state: policyState(remaining, config.policy),
      score: sloScore(remaining, burn, params),
    };
  });
  return { slos, score: overallScore(slos.map((s) => s.score)) };
}
