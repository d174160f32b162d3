/** Importing the real public data files through the store, on each driver. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFactorFile } from '../../src/jobs/import-factor-file.ts';
import { prepareDatabase } from '../../src/runtime.ts';
import { resolveFactors } from '../../src/store/factor-broker.ts';
import { ensureTenant } from '../../src/store/tenants.ts';
import { dataFile, dataRequired, hasData, missingDataMessage } from '../importers/reference-data.ts';
import type { DriverFactory, DriverFixture } from '../support/databases.ts';

const EPA_12 = 'epa-supply-chain/SupplyChainGHGEmissionFactors_v1.2_NAICS_CO2e_USD2021.csv';
const EPA_13 = 'epa-supply-chain/SupplyChainGHGEmissionFactors_v1.3.0_NAICS_CO2e_USD2022.csv';
const EPA_13_GAS = 'epa-supply-chain/SupplyChainGHGEmissionFactors_v1.3.0_NAICS_byGHG_USD2022.csv';
const DESNZ_2020 = 'desnz/conversion-factors-2020-flat-file.xlsx';
const GWP = 'gwp/globalwarmingpotentials.csv';

export function runImportSuite(label: string, open: DriverFactory): void {
  describe.skipIf(!hasData && !dataRequired)(`importing the reference data on ${label}`, () => {
    let fx: DriverFixture;
    let tenantId: string;
    beforeAll(async () => {
      if (dataRequired) throw new Error(missingDataMessage);
      fx = await open();
      await prepareDatabase(fx.driver, { cursorSecret: 'x' });
      tenantId = (await ensureTenant(fx.driver, 'importer')).id;
    });
    afterAll(async () => {
      await fx?.close();
    });

    it('imports each file once; a second import changes nothing', async () => {
      for (const [format, file, rows] of [
        ['epa-supply-chain', EPA_12, 2032],
        ['epa-supply-chain', EPA_13, 2032],
        ['epa-supply-chain', EPA_13_GAS, 2032],
        ['desnz', DESNZ_2020, 2551],
      ] as const) {
        const first = await importFactorFile(fx.driver, format, dataFile(file));
        expect(first).toMatchObject({ status: 'imported', rows, inserted: rows });
        const second = await importFactorFile(fx.driver, format, dataFile(file));
        expect(second).toMatchObject({ status: 'unchanged', inserted: 0 });
      }
      const gwp = await importFactorFile(fx.driver, 'gwp', dataFile(GWP));
      expect(gwp.status).toBe('imported');
      expect((await importFactorFile(fx.driver, 'gwp', dataFile(GWP))).status).toBe('unchanged');
      const ch4 = await fx.driver.query<{ value: number }>("SELECT value FROM gwp_values WHERE gwp_set = 'AR5' AND gas = 'CH4'");
      expect(ch4.rows[0]?.value).toBe(28); // IPCC AR5 GWP-100 for CH4
    });

    it('resolves the newest version by default and a pinned version on request', async () => {
      const [latest, pinned, byGas] = await resolveFactors(fx.driver, tenantId, [
        { activity: 'eeio.naics.331110', region: 'US', unit: 'kgCO2e/USD2022' },
        { activity: 'eeio.naics.331110', region: 'US', datasetVersion: 'v1.2' },
        { activity: 'eeio.naics.331110.producer.by_gas', region: 'US', year: 2022 },
      ]);
      // EPA Supply Chain GHG Emission Factors v1.3, NAICS 331110 (iron and steel mills): 0.787 with margins.
      expect(latest?.resolution).toMatchObject({ status: 'resolved', factor: { value: 0.787, datasetVersion: 'v1.3.0' } });
      expect(pinned?.resolution).toMatchObject({ status: 'resolved', factor: { datasetVersion: 'v1.2', unit: 'kgCO2e/USD2021' } });
      // Without margins 0.769 (CO2e file); the by-gas file's recomputed total rounds to the same,
      // and it carries the breakdown.
      expect(byGas?.resolution.status).toBe('resolved');
      if (byGas?.resolution.status === 'resolved') {
        expect(byGas.resolution.factor.value).toBeCloseTo(0.769, 3);
        expect(byGas.resolution.factor.gases?.CO2).toBeGreaterThan(0.5);
      }
    });

    it('answers for a DESNZ factor with its licence attribution', async () => {
      const res = await fx.driver.query<{ activity: string; licence: string; citation: string; region: string }>(
        "SELECT activity, licence, citation, region FROM factors WHERE dataset_version = '2020' AND activity LIKE 'desnz.%' ORDER BY activity LIMIT 1",
      );
      const row = res.rows[0]!;
      expect(row.region).toBe('GB');
      expect(row.licence).toContain('Open Government Licence v3.0');
      expect(row.citation).toContain('Contains public sector information licensed under the Open Government Licence v3.0.');
    });
  });
}
