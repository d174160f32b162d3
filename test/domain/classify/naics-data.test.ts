/** The NAICS list the classifier answers from: as the EPA file has it, with the 20 sectors, and every keyword on it. */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { KEYWORDS } from '../../../src/domain/classify/data/keywords.ts';
import { NAICS_SECTORS } from '../../../src/domain/classify/data/sectors.ts';
import { naicsIndustries, naicsIndustry, naicsSector, naicsSectorKey } from '../../../src/domain/classify/naics.ts';
import { dataFile, hasData } from '../../importers/reference-data.ts';

describe('the embedded NAICS 2017 list', () => {
  it('has the 1,016 codes of the EPA v1.3.0 set, each with a title and a sector', () => {
    const industries = naicsIndustries();
    expect(industries).toHaveLength(1016);
    expect(naicsIndustry('331110')?.title).toBe('Iron and Steel Mills and Ferroalloy Manufacturing');
    expect(naicsIndustry('339994')?.title).toBe('Broom, Brush, and Mop Manufacturing');
    for (const i of industries) {
      expect(i.code).toMatch(/^\d{6}$/);
      expect(i.title.length).toBeGreaterThan(3);
      expect(naicsSector(i.code), i.code).toBeDefined();
    }
  });

  it('names 20 sectors; 31–33, 44–45 and 48–49 are one sector each', () => {
    expect(NAICS_SECTORS).toHaveLength(20);
    expect(naicsSector('336111')).toBe('Manufacturing');
    expect(naicsSectorKey('311111')).toBe(naicsSectorKey('336111'));
    expect(naicsSectorKey('484121')).toBe('48-49');
    expect(naicsSector('541611')).toBe('Professional, Scientific, and Technical Services');
  });

  it('lists keywords only for codes of the list', () => {
    for (const [code] of KEYWORDS) expect(naicsIndustry(code), code).toBeDefined();
  });

  it.runIf(hasData)('equals the EPA file, code for code and title for title', () => {
    const rows = parse(readFileSync(dataFile('epa-supply-chain', 'SupplyChainGHGEmissionFactors_v1.3.0_NAICS_CO2e_USD2022.csv')), {
      columns: true,
      bom: true,
    }) as Array<Record<string, string>>;
    expect(naicsIndustries()).toEqual(rows.map((r) => ({ code: r['2017 NAICS Code'], title: r['2017 NAICS Title']!.replace(/\s+/g, ' ').trim() })));
  });
});
