import { CalculationError, type InputIssue } from '../../src/domain/scope3/types.ts';

/** The per-field issues `fn` throws as a CalculationError; fails if it throws nothing. */
export function issuesOf(fn: () => unknown): InputIssue[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof CalculationError) return err.issues;
    throw err;
  }
  throw new Error('expected a CalculationError');
}
