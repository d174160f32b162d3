import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PEDIGREE_BY_TIER,
  dataQualityLabel,
  PEDIGREE_UNCERTAINTY_FACTORS,
  type PedigreeScore,
  type PedigreeScores,
  parsePedigree,
  pedigreeScore,
  SOURCE_SCORES,
  type SourceKind,
  scoreDataQuality,
  TIER_SCORES,
  temporalScoreForAge,
} from '../../src/domain/dqi/index.ts';
import { issuesOf } from '../support/issues.ts';

const ped = (r: PedigreeScore, c: PedigreeScore, t: PedigreeScore, g: PedigreeScore, te: PedigreeScore): PedigreeScores => ({
  reliability: r,
  completeness: c,
  temporal: t,
  geographical: g,
  technological: te,
});

describe('parsePedigree', () => {
  it('accepts the five indicators as integers 1–5', () => {
    expect(parsePedigree({ reliability: 1, completeness: 2, temporal: 3, geographical: 4, technological: 5 }, 'pedigree')).toEqual(ped(1, 2, 3, 4, 5));
  });

  it('reports every bad indicator under its own field', () => {
    const issues = issuesOf(() => parsePedigree({ reliability: 0, completeness: 2.5, temporal: '3', geographical: 6 }, 'pedigree'));
    expect(issues).toEqual([
      { field: 'pedigree.reliability', message: 'must be an integer 1–5' },
      { field: 'pedigree.completeness', message: 'must be an integer 1–5' },
      { field: 'pedigree.temporal', message: 'must be an integer 1–5' },
      { field: 'pedigree.geographical', message: 'must be an integer 1–5' },
      { field: 'pedigree.technological', message: 'is required' },
    ]);
  });

  it('refuses unknown keys and non-objects', () => {
    const issues = issuesOf(() => parsePedigree({ reliability: 1, completeness: 1, temporal: 1, geographical: 1, technological: 1, age_years: 4 }, 'p'));
    expect(issues).toHaveLength(1);
    expect(issues[0]!.field).toBe('p.age_years');
    expect(issues[0]!.message).toMatch(/not a pedigree indicator/);
    for (const raw of [null, 3, 'good', [1, 2, 3, 4, 5]]) {
      expect(issuesOf(() => parsePedigree(raw, 'pedigree'))[0]!.field).toBe('pedigree');
    }
  });
});

describe('scoreDataQuality', () => {
  // composite = 0.5·pedigree + 0.3·source + 0.2·tier (SEED-STUDY.md);
  // pedigree = 100 × (5 − mean)/4; tier 100/80/50; sources as in SOURCE_SCORES.
  it('computes the documented composite, worked by hand', () => {
    // Σ = 1+2+1+2+1 = 7, mean 1.4 → 100 × 3.6/4 = 90; ecoinvent 90; tier 2 → 80.
    // 0.5·90 + 0.3·90 + 0.2·80 = 45 + 27 + 16 = 88 → good.
    expect(scoreDataQuality({ pedigree: ped(1, 2, 1, 2, 1), source: 'ecoinvent', tier: 2 })).toEqual({
      score: 88,
      label: 'good',
      pedigree: ped(1, 2, 1, 2, 1),
      components: { pedigree: 90, source: 90, tier: 80 },
    });
    // All 1, primary, tier 1: 50 + 30 + 20 = 100.
    expect(scoreDataQuality({ pedigree: ped(1, 1, 1, 1, 1), source: 'primary', tier: 1 }).score).toBe(100);
    // All 5 → 0; unknown 30; tier 3 → 50: 0 + 9 + 10 = 19 → poor.
    expect(scoreDataQuality({ pedigree: ped(5, 5, 5, 5, 5), source: 'unknown', tier: 3 })).toMatchObject({ score: 19, label: 'poor' });
    // Σ = 14, mean 2.8 → 55; proxy 50; tier 2: 27.5 + 15 + 16 = 58.5 → fair.
    expect(scoreDataQuality({ pedigree: ped(3, 3, 3, 3, 2), source: 'proxy', tier: 2 })).toMatchObject({ score: 58.5, label: 'fair' });
  });

  it('uses the tier default pedigree when none is given', () => {
    // Tier 3 → all 4 → 25; DEFRA/EPA 80; tier 3 → 50: 12.5 + 24 + 10 = 46.5 → poor.
    expect(scoreDataQuality({ pedigree: null, source: 'defra_epa', tier: 3 })).toEqual({
      score: 46.5,
      label: 'poor',
      pedigree: null,
      components: { pedigree: 25, source: 80, tier: 50 },
    });
    // Tier 1 → all 2 → 75; screening 60; tier 1 → 100: 37.5 + 18 + 20 = 75.5 → good.
    expect(scoreDataQuality({ pedigree: null, source: 'screening', tier: 1 })).toMatchObject({ score: 75.5, label: 'good' });
    // Tier 2 → all 3 → 50; IPCC 85; tier 2 → 80: 25 + 25.5 + 16 = 66.5 → fair.
    expect(scoreDataQuality({ pedigree: null, source: 'ipcc', tier: 2 })).toMatchObject({ score: 66.5, label: 'fair' });
  });

  it('keeps the documented tables', () => {
    expect(SOURCE_SCORES).toEqual({ primary: 100, ecoinvent: 90, ipcc: 85, defra_epa: 80, screening: 60, proxy: 50, unknown: 30 });
    expect(TIER_SCORES).toEqual({ 1: 100, 2: 80, 3: 50 });
    expect(pedigreeScore(DEFAULT_PEDIGREE_BY_TIER[1])).toBe(75);
    expect(pedigreeScore(DEFAULT_PEDIGREE_BY_TIER[2])).toBe(50);
    expect(pedigreeScore(DEFAULT_PEDIGREE_BY_TIER[3])).toBe(25);
  });

  it('labels at the documented thresholds', () => {
    expect(dataQualityLabel(90)).toBe('excellent');
    expect(dataQualityLabel(89.9)).toBe('good');
    expect(dataQualityLabel(70)).toBe('good');
    expect(dataQualityLabel(69.9)).toBe('fair');
    expect(dataQualityLabel(50)).toBe('fair');
    expect(dataQualityLabel(49.9)).toBe('poor');
  });

  it('stays in 0–100 with one decimal, and rises by 2.5 for each step an indicator improves (every pedigree, source, tier)', () => {
    const sources = Object.keys(SOURCE_SCORES) as SourceKind[];
    const scores: PedigreeScore[] = [1, 2, 3, 4, 5];
    const violations: string[] = [];
    let checked = 0;
    for (const tier of [1, 2, 3] as const) {
      for (const source of sources) {
        for (const r of scores)
          for (const c of scores)
            for (const t of scores)
              for (const g of scores)
                for (const te of scores) {
                  const q = scoreDataQuality({ pedigree: ped(r, c, t, g, te), source, tier }).score;
                  checked++;
                  if (!(q >= 0 && q <= 100) || Math.round(q * 10) / 10 !== q) violations.push(`${tier} ${source} ${r}${c}${t}${g}${te}: ${q}`);
                  // Improving any one indicator by a step raises the score by exactly 0.5 × 5 = 2.5.
                  if (te > 1) {
                    const better = scoreDataQuality({ pedigree: ped(r, c, t, g, (te - 1) as PedigreeScore), source, tier }).score;
                    if (better !== Math.round((q + 2.5) * 10) / 10) violations.push(`${tier} ${source} ${r}${c}${t}${g}${te}: ${q} → ${better}`);
                  }
                }
      }
    }
    expect(checked).toBe(3 * 7 * 5 ** 5);
    expect(violations).toEqual([]);
  });
});

describe('pedigree uncertainty factors', () => {
  it('are PRODUCT.md’s table', () => {
    expect(PEDIGREE_UNCERTAINTY_FACTORS).toEqual({
      reliability: [1.0, 1.05, 1.1, 1.2, 1.5],
      completeness: [1.0, 1.02, 1.05, 1.1, 1.2],
      temporal: [1.0, 1.03, 1.1, 1.2, 1.5],
      geographical: [1.0, 1.01, 1.02, 1.1, 1.2],
      technological: [1.0, 1.05, 1.2, 1.5, 2.0],
    });
  });

  it('scores data age: <3 → 1, <6 → 2, <10 → 3, <15 → 4, else 5', () => {
    const cases: Array<[number, number]> = [
      [0, 1],
      [2.99, 1],
      [3, 2],
      [5.99, 2],
      [6, 3],
      [9.99, 3],
      [10, 4],
      [14.99, 4],
      [15, 5],
      [40, 5],
    ];
    for (const [age, score] of cases) expect(temporalScoreForAge(age), `age ${age}`).toBe(score);
    expect(() => temporalScoreForAge(-1)).toThrow(RangeError);
    expect(() => temporalScoreForAge(Number.NaN)).toThrow(RangeError);
  });
});
