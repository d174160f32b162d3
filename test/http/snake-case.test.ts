import { describe, expect, it } from 'vitest';
import { snakeCase, snakeCaseKeys } from '../../src/http/snake-case.ts';

describe('snake_case answers', () => {
  it('renames camelCase keys at any depth and leaves snake_case keys and values alone', () => {
    expect(snakeCase('contributionToVariance')).toBe('contribution_to_variance');
    expect(snakeCase('kgCo2e')).toBe('kg_co2e');
    expect(snakeCase('fx_rate')).toBe('fx_rate');
    expect(
      snakeCaseKeys({ stored: { kgCo2e: 1, lineageHash: 'h' }, sensitivity: [{ name: 'inputName', rankCorrelation: null }], gwpSet: 'AR5', n: 2 }),
    ).toEqual({ stored: { kg_co2e: 1, lineage_hash: 'h' }, sensitivity: [{ name: 'inputName', rank_correlation: null }], gwp_set: 'AR5', n: 2 });
  });
});
