import { describe, expect, it } from 'vitest';
import { BUILTIN_CBAM_DATASET } from '../../../src/domain/cbam/builtin-dataset.ts';
import { benchmarkFor, certificatePrice, defaultSee, freeAllocationPct, markupPct } from '../../../src/domain/cbam/dataset.ts';
import type { CbamDataset } from '../../../src/domain/cbam/types.ts';

const ds: CbamDataset = {
  id: 'test',
  name: 'test',
  version: '1',
  source: 'test',
  illustrative: false,
  defaults: [
    { prefix: '72', country: null, directSee: 2, indirectSee: 0.4 },
    { prefix: '7208', country: null, directSee: 1.9, indirectSee: 0.3 },
    { prefix: '72', country: 'TR', directSee: 1.7, indirectSee: 0.2 },
    { prefix: '720851', country: 'TR', directSee: 1.6, indirectSee: 0.2 },
  ],
  markups: [
    { year: 2026, pct: 10 },
    { year: 2028, pct: 30 },
    { year: 2026, pct: 1, prefix: '31' },
  ],
  freeAllocation: [
    { year: 2026, pct: 97.5 },
    { year: 2034, pct: 0 },
  ],
  benchmarks: [
    { prefix: '72', value: 1.3 },
    { prefix: '720851', value: 1.37 },
  ],
  prices: [
    { period: '2026', eurPerT: 80 },
    { period: '2026-Q2', eurPerT: 72 },
  ],
};

describe('data-set lookups', () => {
  it('mark-up: the latest listed year not after the year; 0 before the first; a prefix row wins for its goods', () => {
    expect(markupPct(ds, 2025)).toBe(0);
    expect(markupPct(ds, 2026)).toBe(10);
    expect(markupPct(ds, 2027)).toBe(10); // gap: 2026 still applies
    expect(markupPct(ds, 2040)).toBe(30);
    expect(markupPct(ds, 2030, '31021010')).toBe(1);
    expect(markupPct(ds, 2030, '72085120')).toBe(30);
    expect(markupPct({ ...ds, markups: [] }, 2026)).toBeUndefined();
  });

  it('free allocation: 100 before the first year, the last after it', () => {
    expect(freeAllocationPct(ds, 2025)).toBe(100);
    expect(freeAllocationPct(ds, 2026)).toBe(97.5);
    expect(freeAllocationPct(ds, 2040)).toBe(0);
    expect(freeAllocationPct({ ...ds, freeAllocation: [] }, 2026)).toBeUndefined();
  });

  it('benchmark and default SEE by longest prefix; a country row wins over world rows', () => {
    expect(benchmarkFor(ds, '72085120')).toBe(1.37);
    expect(benchmarkFor(ds, '72101100')).toBe(1.3);
    expect(benchmarkFor(ds, '25232900')).toBeUndefined();
    expect(defaultSee(ds, '72085120', 'TR')?.directSee).toBe(1.6);
    expect(defaultSee(ds, '72101100', 'TR')?.directSee).toBe(1.7); // TR's chapter 72 row
    expect(defaultSee(ds, '72081000', 'TR')?.directSee).toBe(1.7); // country wins even over a longer world prefix
    expect(defaultSee(ds, '72081000', 'IN')?.directSee).toBe(1.9);
    expect(defaultSee(ds, '73041100', 'IN')).toBeUndefined();
  });

  it('certificate price: the period’s own row, else its year’s', () => {
    expect(certificatePrice(ds, '2026-Q2')).toEqual({ period: '2026-Q2', eurPerT: 72 });
    expect(certificatePrice(ds, '2026-Q3')).toEqual({ period: '2026', eurPerT: 80 });
    expect(certificatePrice(ds, '2027')).toBeUndefined();
  });
});

describe('built-in data set', () => {
  it('is marked illustrative and carries the legal schedules', () => {
    expect(BUILTIN_CBAM_DATASET.illustrative).toBe(true);
    expect(BUILTIN_CBAM_DATASET.id).toBe('greenline-illustrative');
    expect([2026, 2027, 2028, 2035].map((y) => markupPct(BUILTIN_CBAM_DATASET, y, '72085120'))).toEqual([10, 20, 30, 30]);
    expect(markupPct(BUILTIN_CBAM_DATASET, 2028, '27160000')).toBe(0); // no mark-up on electricity defaults
    expect([2025, 2026, 2027, 2028, 2029, 2030, 2031, 2032, 2033, 2034, 2040].map((y) => freeAllocationPct(BUILTIN_CBAM_DATASET, y))).toEqual([
      100, 97.5, 95, 90, 77.5, 51.5, 39, 26.5, 14, 0, 0,
    ]);
  });

  it('has a default and a benchmark for every category', () => {
    for (const cn of [
      '25232900',
      '25070080',
      '72085120',
      '73084000',
      '26011200',
      '76011000',
      '28141000',
      '31021010',
      '28080000',
      '28342100',
      '31059000',
      '28041000',
      '27160000',
    ]) {
      expect(defaultSee(BUILTIN_CBAM_DATASET, cn, 'CN')).toBeDefined();
      expect(benchmarkFor(BUILTIN_CBAM_DATASET, cn)).toBeDefined();
    }
  });
});
