import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  detectEpaKind,
  EPA_BY_GAS_SOURCE_NAME,
  EPA_SOURCE_NAME,
  epaEmbeddedGwp,
  parseEpaSupplyChain,
} from '../../src/domain/factors/importers/epa-supply-chain.ts';
import { gwpTableSpecies, parseGwpTable } from '../../src/domain/factors/importers/gwp-table.ts';
import type { FactorDataset, FactorRecord } from '../../src/domain/factors/types.ts';
import { dataFile, dataRequired, hasData, missingDataMessage, readFixture } from './reference-data.ts';

const V13_CO2E = 'SupplyChainGHGEmissionFactors_v1.3.0_NAICS_CO2e_USD2022.csv';
const V13_GAS = 'SupplyChainGHGEmissionFactors_v1.3.0_NAICS_byGHG_USD2022.csv';
const V12_CO2E = 'SupplyChainGHGEmissionFactors_v1.2_NAICS_CO2e_USD2021.csv';
const V12_GAS = 'SupplyChainGHGEmissionFactors_v1.2_NAICS_byGHG_USD2021.csv';

const byActivity = (ds: FactorDataset, activity: string): FactorRecord => {
  const f = ds.factors.find((x) => x.activity === activity);
  if (!f) throw new Error(`no factor ${activity}`);
  return f;
};

describe('parseEpaSupplyChain — fixtures', () => {
  const v13 = parseEpaSupplyChain(readFixture('epa-v1.3.0-co2e-sample.csv'), V13_CO2E, 'sha-v13');
  const v12 = parseEpaSupplyChain(readFixture('epa-v1.2-co2e-sample.csv'), V12_CO2E, 'sha-v12');

  it('reads the v1.3 header variant ("2017 NAICS Code") into two factors per code', () => {
    expect(v13.factors).toHaveLength(8);
    const purchaser = byActivity(v13, 'eeio.naics.331110');
    const producer = byActivity(v13, 'eeio.naics.331110.producer');
    expect(purchaser.value).toBe(0.787);
    expect(producer.value).toBe(0.769);
    expect(purchaser).toMatchObject({
      name: 'Iron and Steel Mills and Ferroalloy Manufacturing',
      naicsCode: '331110',
      region: 'US',
      year: 2022,
      unit: 'kgCO2e/USD2022',
      category: 1,
      gwpSet: 'AR5',
      gases: null,
      uncertainty: null,
      tenantId: null,
      supplierId: null,
      datasetVersion: 'v1.3.0',
      licence: 'US Government work, public domain',
      meta: { priceBasis: 'purchaser', marginsKgPerUsd: 0.018, useeioCode: '331110', dollarYear: 2022 },
    });
    expect(producer.meta).toEqual({ priceBasis: 'producer', marginsKgPerUsd: 0.018, useeioCode: '331110', dollarYear: 2022 });
    // A title with a comma inside quotes survives; the USEEIO code is the sector's, not the NAICS code.
    expect(byActivity(v13, 'eeio.naics.484121')).toMatchObject({
      name: 'General Freight Trucking, Long-Distance, Truckload',
      meta: { useeioCode: '484000' },
    });
  });

  it('reads the v1.2 header variant ("NAICS Code 2017", all quoted) with AR4 and 2021 USD', () => {
    expect(v12.factors).toHaveLength(8);
    expect(byActivity(v12, 'eeio.naics.331110')).toMatchObject({ value: 0.979, year: 2021, unit: 'kgCO2e/USD2021', gwpSet: 'AR4' });
    expect(byActivity(v12, 'eeio.naics.331110.producer').value).toBe(0.945);
    expect(v12.source.datasetVersion).toBe('v1.2');
  });

  it('builds the source with deterministic ids, licence and citation', () => {
    expect(v13.source).toMatchObject({
      name: EPA_SOURCE_NAME,
      publisher: 'US EPA',
      datasetVersion: 'v1.3.0',
      tenantId: null,
      fileSha256: 'sha-v13',
      licence: 'US Government work, public domain',
    });
    expect(v13.source.citation).toContain('v1.3.0');
    expect(v13.source.citation).toContain('https://catalog.data.gov/dataset/supply-chain-greenhouse-gas-emission-factors-for-us-industries-and-commodities');
    expect(v13.source.id).not.toBe(v12.source.id);
    expect(v13.factors.every((f) => f.sourceId === v13.source.id)).toBe(true);
    const again = parseEpaSupplyChain(readFixture('epa-v1.3.0-co2e-sample.csv'), V13_CO2E, 'sha-v13');
    expect(again).toEqual(v13);
    expect(new Set(v13.factors.map((f) => f.id)).size).toBe(v13.factors.length);
  });

  it('folds a v1.3 by-gas file into per-gas breakdowns and an AR5 CO2e sum', () => {
    const ds = parseEpaSupplyChain(readFixture('epa-v1.3.0-byghg-sample.csv'), V13_GAS, 'sha');
    expect(ds.source.name).toBe(EPA_BY_GAS_SOURCE_NAME);
    expect(ds.source.id).not.toBe(v13.source.id);
    expect(ds.factors).toHaveLength(2);
    const producer = byActivity(ds, 'eeio.naics.331110.producer.by_gas');
    expect(producer.gases).toMatchObject({
      CO2: 0.722,
      CH4: 1.24e-3,
      N2O: 1.92e-5,
      SF6: 1.59e-7,
      'HFC-23': 6.28e-8,
      CF4: 8.28e-8,
      'c-C4F8': 1.92e-9,
      C6F14: 4.66e-10,
    });
    expect(Object.keys(producer.gases ?? {})).toHaveLength(17); // 18 rows minus "HFCs and PFCs, unspecified"
    expect(producer.meta.unspecifiedHfcPfcKgCo2e).toBe(1e-3);
    // Σ gas × AR5 GWP + unspecified (already CO2e) ≈ the CO2e file's 0.769 (per-gas values have 3 s.f.)
    expect(producer.value).toBeCloseTo(0.769, 2);
    expect(byActivity(ds, 'eeio.naics.331110.by_gas').value).toBeCloseTo(0.787, 2);
    expect(producer.gwpSet).toBe('AR5');
  });

  it('computes v1.2 by-gas CO2e with AR4 GWPs', () => {
    const ds = parseEpaSupplyChain(readFixture('epa-v1.2-byghg-sample.csv'), V12_GAS, 'sha');
    const producer = byActivity(ds, 'eeio.naics.331110.producer.by_gas');
    expect(producer.gwpSet).toBe('AR4');
    expect(producer.value).toBeCloseTo(0.945, 3);
    expect(producer.gases?.CH4).toBe(2.32e-3);
  });

  it('detects the file kind from content', () => {
    expect(detectEpaKind(readFixture('epa-v1.2-co2e-sample.csv'))).toBe('co2e');
    expect(detectEpaKind(readFixture('epa-v1.3.0-byghg-sample.csv'))).toBe('byGHG');
  });

  it('names the file and the column when a required column is missing', () => {
    expect(() => parseEpaSupplyChain(readFixture('epa-missing-column.csv'), 'broken_v1.3.0_USD2022.csv', 'x')).toThrow(
      /broken_v1\.3\.0_USD2022\.csv.*missing required column "Supply Chain Emission Factors with Margins"/,
    );
  });

  it('fails clearly when version or dollar year cannot be found', () => {
    const text = readFixture('epa-v1.3.0-co2e-sample.csv');
    expect(() => parseEpaSupplyChain(text, 'factors.csv', 'x')).toThrow(/"factors\.csv".*dataset version/);
    expect(() => parseEpaSupplyChain(text, 'factors_v2.0.csv', 'x')).toThrow(/"factors_v2\.0\.csv".*unsupported dataset version v2\.0/);
    const noYear = text.replaceAll('kg CO2e/2022 USD', 'kg CO2e/USD');
    expect(() => parseEpaSupplyChain(noYear, 'factors_v1.3.0.csv', 'x')).toThrow(/"factors_v1\.3\.0\.csv".*dollar year not found/);
    expect(() => parseEpaSupplyChain(text, 'SupplyChain_v1.3.0_NAICS_CO2e_USD2021.csv', 'x')).toThrow(/disagrees/);
  });

  it('rejects non-numeric values and unknown gases with the line number', () => {
    const bad = readFixture('epa-v1.3.0-co2e-sample.csv').replace(',0.769,', ',n/a,');
    expect(() => parseEpaSupplyChain(bad, V13_CO2E, 'x')).toThrow(/line 3: "without margins" is not a number/);
    const gas = readFixture('epa-v1.3.0-byghg-sample.csv').replace('"Perfluoropropane"', '"Unobtainium"');
    expect(() => parseEpaSupplyChain(gas, V13_GAS, 'x')).toThrow(/gas "Unobtainium" has no AR5 GWP/);
  });
});

describe('parseEpaSupplyChain — full files', () => {
  it('reference data directory is present (required when CI is set)', () => {
    if (dataRequired) throw new Error(missingDataMessage);
  });

  const load = (name: string) => {
    const text = readFileSync(dataFile('epa-supply-chain', name), 'utf8');
    return parseEpaSupplyChain(text, name, 'sha');
  };

  it.skipIf(!hasData)('v1.3.0 CO2e: 1,016 codes → 2,032 factors; 331110 is 0.769 / 0.787', () => {
    const ds = load(V13_CO2E);
    expect(ds.factors).toHaveLength(2032);
    expect(new Set(ds.factors.map((f) => f.naicsCode)).size).toBe(1016);
    expect(byActivity(ds, 'eeio.naics.331110.producer').value).toBe(0.769);
    expect(byActivity(ds, 'eeio.naics.331110').value).toBe(0.787);
    expect(ds.factors.every((f) => f.gwpSet === 'AR5' && f.unit === 'kgCO2e/USD2022' && f.year === 2022)).toBe(true);
    expect(new Set(ds.factors.map((f) => f.id)).size).toBe(2032);
  });

  it.skipIf(!hasData)('v1.2 CO2e: 2,032 factors, a different source id and version from v1.3', () => {
    const v12 = load(V12_CO2E);
    const v13 = load(V13_CO2E);
    expect(v12.factors).toHaveLength(2032);
    expect(v12.source.datasetVersion).toBe('v1.2');
    expect(v13.source.datasetVersion).toBe('v1.3.0');
    expect(v12.source.id).not.toBe(v13.source.id);
    expect(byActivity(v12, 'eeio.naics.331110')).toMatchObject({ value: 0.979, gwpSet: 'AR4', unit: 'kgCO2e/USD2021' });
    // same activity, different ids across versions
    expect(byActivity(v12, 'eeio.naics.331110').id).not.toBe(byActivity(v13, 'eeio.naics.331110').id);
  });

  it.skipIf(!hasData)('parsing the same text twice yields identical ids', () => {
    const a = load(V13_GAS);
    const b = load(V13_GAS);
    expect(b.source.id).toBe(a.source.id);
    expect(b.factors.map((f) => f.id)).toEqual(a.factors.map((f) => f.id));
  });

  for (const [gasFile, co2eFile] of [
    [V13_GAS, V13_CO2E],
    [V12_GAS, V12_CO2E],
  ] as const) {
    it.skipIf(!hasData)(`${gasFile}: per-gas CO2e reproduces the CO2e file for every code (±0.01)`, () => {
      const gas = load(gasFile);
      const co2e = load(co2eFile);
      expect(gas.factors).toHaveLength(2032);
      const ref = new Map(co2e.factors.map((f) => [f.activity, f.value]));
      let worst = 0;
      for (const f of gas.factors) {
        expect(f.gases).not.toBeNull();
        worst = Math.max(worst, Math.abs(f.value - (ref.get(f.activity.replace(/\.by_gas$/, '')) ?? Number.NaN)));
      }
      // Measured: 0.004 (v1.3, AR5) and 0.009 (v1.2, AR4); a wrong GWP set is off by up to 1.3.
      expect(worst).toBeLessThanOrEqual(0.01);
    });
  }

  it.skipIf(!hasData)('embedded GWPs match the GWP table file', () => {
    const table = parseGwpTable(readFileSync(dataFile('gwp', 'globalwarmingpotentials.csv'), 'utf8'));
    for (const set of ['AR4', 'AR5'] as const) {
      for (const [gas, value] of Object.entries(epaEmbeddedGwp(set))) {
        const row = table.find((v) => v.gwpSet === set && v.gas === gwpTableSpecies(gas));
        expect(row?.value, `${set} ${gas}`).toBe(value);
      }
    }
  });
});
