import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gwpTableSpecies, parseGwpTable } from '../../src/domain/factors/importers/gwp-table.ts';
import type { GwpValue } from '../../src/domain/factors/types.ts';
import { dataFile, dataRequired, hasData, missingDataMessage, readFixture } from './reference-data.ts';

const value = (values: GwpValue[], gwpSet: string, gas: string) => values.find((v) => v.gwpSet === gwpSet && v.gas === gas)?.value;

describe('parseGwpTable — fixture', () => {
  const values = parseGwpTable(readFixture('gwp-sample.csv'));

  it('skips # comment lines and reads only the GWP100 columns', () => {
    expect(new Set(values.map((v) => v.gwpSet))).toEqual(new Set(['SAR', 'TAR', 'AR4', 'AR5', 'AR5CCF', 'AR6']));
    expect(value(values, 'AR5', 'CH4')).toBe(28);
    expect(value(values, 'AR6', 'N2O')).toBe(273);
    expect(value(values, 'TAR', 'CH4')).toBe(23); // not TARGWP20 (62)
    expect(value(values, 'AR5CCF', 'SF6')).toBe(26087);
  });

  it('adds CO2 = 1 to every set and skips empty cells', () => {
    for (const set of ['SAR', 'TAR', 'AR4', 'AR5', 'AR5CCF', 'AR6']) expect(value(values, set, 'CO2')).toBe(1);
    expect(value(values, 'AR5', 'Halon1202')).toBeUndefined();
    expect(value(values, 'AR5CCF', 'Halon1202')).toBe(280);
    expect(values.filter((v) => v.gas === 'CH2Br2')).toEqual([{ gwpSet: 'TAR', gas: 'CH2Br2', value: 1 }]);
    // 7 species: CH4, N2O, HFC23, HFC134a, SF6 in all 6 sets; Halon1202 in 2; CH2Br2 in 1; plus 6 × CO2
    expect(values).toHaveLength(5 * 6 + 2 + 1 + 6);
  });

  it('maps hyphenated gas symbols onto the table spelling', () => {
    expect(gwpTableSpecies('HFC-134a')).toBe('HFC134a');
    expect(gwpTableSpecies('c-C4F8')).toBe('cC4F8');
    expect(gwpTableSpecies('SF6')).toBe('SF6');
  });

  it('rejects a table without a Species header or with a non-numeric value', () => {
    expect(() => parseGwpTable('# only comments\nfoo,bar\n')).toThrow(/Species/);
    expect(() => parseGwpTable('Species,AR5GWP100\nCH4,twenty-eight\n')).toThrow(/AR5GWP100 for CH4 is not a number/);
  });
});

describe('parseGwpTable — full file', () => {
  it('reference data directory is present (required when CI is set)', () => {
    if (dataRequired) throw new Error(missingDataMessage);
  });

  it.skipIf(!hasData)('reads globalwarmingpotentials.csv with the IPCC spot values', () => {
    const values = parseGwpTable(readFileSync(dataFile('gwp', 'globalwarmingpotentials.csv'), 'utf8'));
    expect(value(values, 'AR5', 'CH4')).toBe(28);
    expect(value(values, 'AR5', 'N2O')).toBe(265);
    expect(value(values, 'AR5', 'SF6')).toBe(23500);
    expect(value(values, 'AR6', 'CH4')).toBe(27.9);
    expect(value(values, 'AR6', 'N2O')).toBe(273);
    expect(value(values, 'AR4', 'CH4')).toBe(25);
    expect(value(values, 'AR4', 'N2O')).toBe(298);
    expect(value(values, 'AR4', 'SF6')).toBe(22800);
    const keys = values.map((v) => `${v.gwpSet}/${v.gas}`);
    expect(new Set(keys).size).toBe(keys.length); // (gwpSet, gas) is the store's primary key
    expect(new Set(values.filter((v) => v.gwpSet === 'AR5').map((v) => v.gas)).size).toBeGreaterThan(80);
  });
});
