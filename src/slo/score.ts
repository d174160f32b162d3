/**
 * The performance score, 0–100: one number for "are we keeping our promises, and are we about
 * to break one". docs/observability.md#performance-score has the worked examples.
 *
 * Per SLO i, with the weights from the SLO file (w_b = 0.7, w_r = 0.3):
 *   s_i = 100 × (w_b × B_i + w_r × R_i)
 *   B_i = clamp(budget remaining over the SLO window, 0, 1)       compliance against the objective
 *   R_i = clamp((P − r_i) / (P − 1), 0, 1)                        burn health
 *         r_i = burn rate over the score's burn window (1 h), 0 when it saw no events;
 *         P = the fastest page burn rate (14.4): R is 1 while the budget burns no faster than
 *         the window allows, 0 at a burn that pages, linear in between.
 * Overall, over the SLOs with data:
 *   S = (mean_i s_i + min_i s_i) / 2
 * The mean alone would hide one exhausted SLO among twenty (score 95); the minimum alone would
 * make the score as jumpy as the worst SLO. Half of each: one exhausted SLO pulls a perfect
 * score down to about 50, and every SLO still counts.
 */

export interface ScoreParams {
  readonly budgetWeight: number;
  readonly burnWeight: number;
  /** The fastest page burn rate; must be above 1. */
  readonly pageBurn: number;
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

/** null without budget data (the SLO's window saw no events): such an SLO is left out of S. */
export function sloScore(remaining: number | null, burn: number | null, p: ScoreParams): number | null {
  if (remaining === null) return null;
  const budget = clamp01(remaining);
  const burnHealth = clamp01((p.pageBurn - (burn ?? 0)) / (p.pageBurn - 1));
  return 100 * (p.budgetWeight * budget + p.burnWeight * burnHealth);
}

export function overallScore(scores: readonly (number | null)[]): number | null {
  const known = scores.filter((s): s is number => s !== null);
  if (known.length === 0) return null;
  const mean = known.reduce((a, b) => a + b, 0) / known.length;
  return (mean + Math.min(...known)) / 2;
}
