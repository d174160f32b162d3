/**
 * The cascade's tie-break between data sets of the same region and year: an imported data set
 * beats a built-in screening excerpt (`meta.screening`), whatever their version strings; between
 * imported ones the later version wins, as before.
 */
import { describe, expect, it } from 'vitest';
import { groupCandidates, resolveFactor } from '../../src/domain/factors/resolve.ts';
import type { FactorRecord } from '../../src/domain/factors/types.ts';

function factor(id: string, datasetVersion: string, year: number, screening: boolean): FactorRecord {
  return {
    id,
    tenantId: null,
    sourceId: `src-${id}`,
    supplierId: null,
    activity: 'travel.rail',
    name: id,
    category: 6,
    naicsCode: null,
    region: 'GLOBAL',
    year,
    value: 1,
    unit: 'kgCO2e/pkm',
    gases: null,
    gwpSet: 'AR4',
    uncertainty: null,
    datasetVersion,
    licence: 'x',
    citation: 'x',
    meta: screening ? { screening: true } : {},
  };
}

const pick = (factors: FactorRecord[], year: number) => {
  const r = resolveFactor({ activity: 'travel.rail', region: 'DE', year }, groupCandidates(factors).get('travel.rail'), new Map());
  return r.status === 'resolved' ? r.factor.id : null;
};

describe('same region and year: imported over built-in screening', () => {
  it('the BEIS 2020 flat file (version "2020") beats its built-in excerpt ("2020-excerpt")', () => {
    const builtin = factor('excerpt', '2020-excerpt', 2020, true);
    const imported = factor('flat-file', '2020', 2020, false);
    expect(pick([builtin, imported], 2024)).toBe('flat-file');
    expect(pick([imported, builtin], 2020)).toBe('flat-file');
  });

  it('a closer year still wins first, and between imports the later version', () => {
    expect(pick([factor('excerpt', '2020-excerpt', 2021, true), factor('flat-file', '2020', 2020, false)], 2024)).toBe('excerpt');
    expect(pick([factor('a', '2024-02-13', 2024, false), factor('b', '2024-7f0b09eb', 2024, false)], 2024)).toBe('b');
  });
});
