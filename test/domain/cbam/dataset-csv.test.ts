import { describe, expect, it } from 'vitest';
import { parseDatasetCsv } from '../../../src/domain/cbam/dataset-csv.ts';

const meta = { id: 'eu-defaults', name: 'EU default values', version: '2026-01', source: 'Implementing Regulation (EU) 2025/2621, converted' };
const HEADER = 'kind,cn_code,country,period,direct_see,indirect_see,value';

describe('parseDatasetCsv', () => {
  it('reads every kind of row into a data set, skipping comments and blank lines', () => {
    const text = [
      HEADER,
      '# default SEE, tCO2e per tonne',
      'default,7208,,,1.9,0.35,',
      'default,7208 51,tr,,1.7,,',
      '',
      'markup,,,2026,,,10',
      'markup,31,,2026,,,1',
      'free_allocation,,,2026,,,97.5',
      'benchmark,7208,,,,,1.37',
      'price,,,2026-Q1,,,75',
      'price,,,2027-W05,,,81.5',
    ].join('\n');
    expect(parseDatasetCsv(text, meta)).toEqual({
      ok: true,
      dataset: {
        ...meta,
        illustrative: false,
        defaults: [
          { prefix: '7208', country: null, directSee: 1.9, indirectSee: 0.35 },
          { prefix: '720851', country: 'TR', directSee: 1.7, indirectSee: 0 },
        ],
        markups: [
          { year: 2026, pct: 10 },
          { year: 2026, pct: 1, prefix: '31' },
        ],
        freeAllocation: [{ year: 2026, pct: 97.5 }],
        benchmarks: [{ prefix: '7208', value: 1.37 }],
        prices: [
          { period: '2026-Q1', eurPerT: 75 },
          { period: '2027-W05', eurPerT: 81.5 },
        ],
      },
    });
  });

  it('reports every error with its line number and field', () => {
    const text = [
      HEADER, // 1
      '# comment', // 2
      'default,7208,,,1.9,0.35,', // 3
      'default,8471,XX,,-1,,', // 4
      'markup,,,20x6,,,10', // 5
      'free_allocation,,,2027,,,120', // 6
      'benchmark,7204,,,,,1', // 7
      'price,,,2026-Q5,,,80', // 8
      'default,7208,,,2.0,0.3,', // 9: repeats line 3
      'levy,,,,,,1', // 10
      'benchmark,72,,2026,,,1.3', // 11: period not used by benchmark
      'markup,,,2027,,,', // 12: value missing
    ].join('\n');
    const r = parseDatasetCsv(text, meta);
    expect(r.ok ? [] : r.errors.map((e) => `${e.line} ${e.field}`)).toEqual([
      '4 cn_code',
      '4 country',
      '4 direct_see',
      '5 period',
      '6 value',
      '7 cn_code',
      '8 period',
      '9 ',
      '10 kind',
      '11 period',
      '12 value',
    ]);
    expect(r.ok ? null : r.errors.find((e) => e.line === 9)?.message).toBe('repeats the default row on line 3 (same key); keep one');
    expect(r.ok ? null : r.errors.find((e) => e.line === 7)?.message).toBe('cn_code "7204" covers no CBAM good (Annex I)');
  });

  it('refuses a wrong header, an empty file and unreadable CSV', () => {
    expect(parseDatasetCsv('kind,cn,country\n', meta)).toEqual({
      ok: false,
      errors: [{ line: 1, field: '', message: `the header must be exactly: ${HEADER}` }],
    });
    expect(parseDatasetCsv(`${HEADER}\n`, meta)).toEqual({ ok: false, errors: [{ line: 1, field: '', message: 'the file has a header but no rows' }] });
    const r = parseDatasetCsv(`${HEADER}\ndefault,7208,,,1,0,\n"default,72\n`, meta);
    expect(r.ok ? null : r.errors[0]?.line).toBe(3);
  });
});
