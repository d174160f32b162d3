/**
 * The US EPA GHG Emission Factors Hub importer on the 2024 workbook: which rows become which
 * activity keys, the unit conversions (gallon → L, short ton → t, mmBtu and MWh → kWh, mile →
 * km, ton-mile → tkm) and the CO2e arithmetic (CO2 + 28 × CH4 + 265 × N2O, the hub's AR5 GWPs,
 * Table 11), each expectation citing the sheet row it comes from.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type * as XLSXTypes from 'xlsx';
import { EPA_HUB_SOURCE_NAME, parseEpaHub } from '../../src/domain/factors/importers/epa-hub.ts';
import { withoutFootnote } from '../../src/domain/factors/importers/epa-hub-sheet.ts';
import type { FactorDataset } from '../../src/domain/factors/types.ts';
import { dataFile, dataRequired, hasData, missingDataMessage } from '../importers/reference-data.ts';
import { hubCo2e as co2e, GAL_L, LB_KG, MILE_KM, MMBTU_KWH, SHORT_TON_T, TON_MILE_TKM } from './factor-arithmetic.ts';

const XLSX = createRequire(import.meta.url)('xlsx') as typeof XLSXTypes;
const FILE = 'ghg-emission-factors-hub-2024.xlsx';

function find(ds: FactorDataset, activity: string, region = 'US') {
  const f = ds.factors.find((x) => x.activity === activity && x.region === region);
  if (!f) throw new Error(`no ${activity} ${region}`);
  return f;
}

/** Equal to 11 significant digits (values are stored rounded to 12). */
function close(actual: number, expected: number) {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(Math.abs(expected) * 1e-11);
}

describe('EPA GHG Emission Factors Hub 2024', () => {
  it('reference data directory is present (required when CI is set)', () => {
    if (dataRequired) throw new Error(missingDataMessage);
  });

  describe.runIf(hasData)('parseEpaHub on the real workbook', () => {
    const buf = readFileSync(dataFile('epa-ghg-hub', FILE));
    const ds = parseEpaHub(buf, FILE, 'sha');
    const count = (prefix: string) => ds.factors.filter((f) => f.activity.startsWith(prefix)).length;

    it('is one data set: public domain, versioned by the "Last Modified" date, year 2024, region US', () => {
      expect(ds.source).toMatchObject({
        name: EPA_HUB_SOURCE_NAME,
        datasetVersion: '2024-02-13', // row 3: "Last Modified: February 13, 2024"
        licence: 'US Government work, public domain',
        fileSha256: 'sha',
        tenantId: null,
      });
      expect(ds.factors).toHaveLength(309);
      expect({ fuel: count('fuel.'), grid: count('electricity.grid'), heat: count('heat.'), transport: count('transport.') }).toEqual({
        fuel: 56,
        grid: 28, // 27 eGRID subregions and the US average
        heat: 2,
        transport: 5,
      });
      expect({ waste: count('waste.'), travel: count('travel.'), commute: count('commute.') }).toEqual({ waste: 209, travel: 3, commute: 6 });
      for (const f of ds.factors) {
        expect(f).toMatchObject({ year: 2024, datasetVersion: '2024-02-13', sourceId: ds.source.id, licence: 'US Government work, public domain' });
        expect(f.region === 'US' || /^US-[A-Z]{4}$/.test(f.region), f.region).toBe(true);
        expect(f.citation).toContain(`Sheet "Emission Factors Hub", Table ${f.meta.table} (${f.meta.tableTitle}), row ${f.meta.sheetRow}: `);
      }
      expect(new Set(ds.factors.map((f) => f.id)).size).toBe(ds.factors.length);
      expect(parseEpaHub(new Uint8Array(buf), FILE, 'sha')).toEqual(ds);
    });

    it('every factor cites the sheet row its label is on', () => {
      const ws = XLSX.read(buf).Sheets['Emission Factors Hub']!;
      for (const f of ds.factors) {
        const label = withoutFootnote(String(ws[`C${f.meta.sheetRow}`]?.v ?? '').trim());
        expect(String(f.meta.row), `${f.activity} ${f.region}`).toMatch(new RegExp(`^${label.replace(/[()[\].*+?^$|\\]/g, '\\$&')}( › |\\s\\[)`));
      }
    });

    it('Table 1: fuels per litre, tonne and kWh (HHV), CO2 + CH4 + N2O with AR5 GWPs', () => {
      // Row 56, Distillate Fuel Oil No. 2: 10.21 kg CO2, 0.41 g CH4, 0.08 g N2O per gallon.
      const diesel = find(ds, 'fuel.diesel');
      close(diesel.value, co2e(10.21, 0.41, 0.08) / GAL_L);
      expect(diesel).toMatchObject({
        unit: 'kgCO2e/L',
        gwpSet: 'AR5',
        category: null,
        meta: { sheetRow: 56, table: 1, published: { kgCo2: 10.21, gCh4: 0.41, gN2o: 0.08 } },
      });
      close(diesel.gases!.CO2!, 10.21 / GAL_L);
      close(diesel.gases!.CH4!, 0.41 / 1000 / GAL_L);
      close(diesel.gases!.N2O!, 0.08 / 1000 / GAL_L);
      expect(find(ds, 'fuel.gas_oil').value).toBe(diesel.value);
      expect(find(ds, 'fuel.distillate_fuel_oil_2').value).toBe(diesel.value);
      // Row 67, Motor Gasoline: 8.78 kg CO2, 0.38 g CH4, 0.08 g N2O per gallon.
      close(find(ds, 'fuel.petrol').value, co2e(8.78, 0.38, 0.08) / GAL_L);
      // Row 39, Natural Gas: 53.06 kg CO2, 1 g CH4, 0.1 g N2O per mmBtu.
      const gas = find(ds, 'fuel.natural_gas');
      close(gas.value, co2e(53.06, 1, 0.1) / MMBTU_KWH);
      expect(gas.unit).toBe('kgCO2e/kWh');
      // Row 25, Coal, Mixed (Industrial Sector): 2,116 kg CO2, 246 g CH4, 36 g N2O per short ton.
      close(find(ds, 'fuel.coal').value, co2e(2116, 246, 36) / SHORT_TON_T);
      expect(find(ds, 'fuel.coal')).toMatchObject({ unit: 'kgCO2e/t', meta: { sheetRow: 25 } });
      // Row 65 LPG, row 76 residual fuel oil No. 6 (heavy fuel oil), row 63 kerosene.
      close(find(ds, 'fuel.lpg').value, co2e(5.68, 0.28, 0.06) / GAL_L);
      close(find(ds, 'fuel.fuel_oil').value, co2e(11.27, 0.45, 0.09) / GAL_L);
      close(find(ds, 'fuel.kerosene').value, co2e(10.15, 0.41, 0.08) / GAL_L);
      // Biomass (biogenic CO2, outside the scopes) is not imported.
      expect(ds.factors.some((f) => /^fuel\.(.*wood|biodiesel|ethanol|landfill_gas|bagasse|peat)/.test(f.activity))).toBe(false);
    });

    it('Table 2: CNG and LNG CO2 only; its other rows repeat Table 1 (not imported twice)', () => {
      // Row 109, LNG: 4.50 kg CO2 per gallon; row 105, CNG: 0.05444 kg CO2 per scf (0.3048³ m³).
      expect(find(ds, 'fuel.lng')).toMatchObject({ unit: 'kgCO2e/L', gases: { CO2: find(ds, 'fuel.lng').value }, meta: { sheetRow: 109 } });
      close(find(ds, 'fuel.lng').value, 4.5 / GAL_L);
      close(find(ds, 'fuel.cng').value, 0.05444 / 0.3048 ** 3);
      expect(find(ds, 'fuel.cng').unit).toBe('kgCO2e/m3');
      const ws = XLSX.read(buf).Sheets['Emission Factors Hub']!;
      // Table 2 row 106 "Diesel Fuel" and row 111 "Motor Gasoline" = Table 1 rows 56 and 67, column H.
      expect(ws.D106?.v).toBe(ws.H56?.v);
      expect(ws.D111?.v).toBe(ws.H67?.v);
    });

    it('Table 6: eGRID total output by subregion (US-<acronym>) and the US average, lb/MWh → kg/kWh', () => {
      // Row 335, CAMX (WECC California): 497.443 lb CO2, 0.030 lb CH4, 0.004 lb N2O per MWh.
      const camx = find(ds, 'electricity.grid', 'US-CAMX');
      close(camx.value, ((497.443 + 28 * 0.03 + 265 * 0.004) * LB_KG) / 1000);
      expect(camx).toMatchObject({ unit: 'kgCO2e/kWh', gwpSet: 'AR5', meta: { sheetRow: 335 } });
      // Row 359, US Average: 823.149 lb CO2, 0.066 lb CH4, 0.009 lb N2O per MWh.
      close(find(ds, 'electricity.grid').value, ((823.149 + 28 * 0.066 + 265 * 0.009) * LB_KG) / 1000);
      expect(ds.factors.filter((f) => f.activity === 'electricity.grid').map((f) => f.region)).toContain('US-PRMS');
    });

    it('Table 7: steam and heat per kWh', () => {
      // Row 401: 66.33 kg CO2, 1.25 g CH4, 0.125 g N2O per mmBtu.
      close(find(ds, 'heat.steam').value, co2e(66.33, 1.25, 0.125) / MMBTU_KWH);
      expect(find(ds, 'heat.district').value).toBe(find(ds, 'heat.steam').value);
    });

    it('Table 8: freight per tonne-km from ton-miles; the vehicle-mile rows have no key', () => {
      // Row 415, Medium- and Heavy-Duty Truck: 0.168042601834 kg CO2, 0.00147168256353 g CH4, 0.00466495605044 g N2O per ton-mile.
      const truck = find(ds, 'transport.road.truck_heavy');
      close(truck.value, co2e(0.16804260183413908, 0.001471682563530259, 0.004664956050435538) / TON_MILE_TKM);
      expect(truck).toMatchObject({ unit: 'kgCO2e/tkm', category: 4, meta: { sheetRow: 415, publishedUnit: 'ton-mile' } });
      expect(find(ds, 'transport.road.truck_medium').value).toBe(truck.value);
      // Row 416 Rail, row 417 Waterborne Craft (inland waterway), row 418 Aircraft ("0 " g CH4).
      close(find(ds, 'transport.rail').value, co2e(0.021893211868107464, 0.0017107647541486372, 0.000547444721327564) / TON_MILE_TKM);
      close(find(ds, 'transport.inland_waterway').value, co2e(0.08210164452840275, 0.0325800176700011, 0.002065450176815163) / TON_MILE_TKM);
      close(find(ds, 'transport.air.cargo').value, co2e(0.9048151132720826, 0, 0.027861370252691035) / TON_MILE_TKM);
      expect(ds.factors.some((f) => f.activity.startsWith('transport.sea') || f.activity === 'transport.road.van')).toBe(false);
    });

    it('Table 9: waste by material and treatment, t CO2e per short ton → kg CO2e per tonne, AR4', () => {
      // Row 467, Mixed MSW: landfilled 0.58, combusted 0.43 t CO2e/short ton: the average-data keys.
      const landfill = find(ds, 'waste.landfill');
      close(landfill.value, 580 / SHORT_TON_T);
      expect(landfill).toMatchObject({
        unit: 'kgCO2e/t',
        gwpSet: 'AR4',
        gases: null,
        category: 5,
        meta: { sheetRow: 467, row: 'Mixed MSW › Landfilled [short ton]' },
      });
      close(find(ds, 'waste.incineration').value, 430 / SHORT_TON_T);
      // Row 464 Mixed Recyclables recycled 0.09; row 466 Mixed Organics composted 0.13.
      close(find(ds, 'waste.recycling').value, 90 / SHORT_TON_T);
      close(find(ds, 'waste.composting').value, 130 / SHORT_TON_T);
      expect(ds.factors.some((f) => f.activity === 'waste.anaerobic_digestion')).toBe(false);
      // Row 463 Mixed Plastics (also `plastic`, the built-in waste type): landfilled 0.02, combusted 2.34.
      close(find(ds, 'waste.landfill.plastic').value, 20 / SHORT_TON_T);
      close(find(ds, 'waste.incineration.mixed_plastics').value, 2340 / SHORT_TON_T);
      // Row 439 Corrugated Containers (`cardboard`): recycled 0.11; row 447 Food Waste (non-meat): dry digestate 0.14.
      close(find(ds, 'waste.recycling.cardboard').value, 110 / SHORT_TON_T);
      close(find(ds, 'waste.anaerobic_digestion.food_waste_non_meat').value, 140 / SHORT_TON_T);
      // "NA" cells have no factor: row 432 LDPE is not recycled.
      expect(ds.factors.some((f) => f.activity === 'waste.recycling.ldpe')).toBe(false);
    });

    it('Table 10: business travel and commuting per vehicle-km or passenger-km', () => {
      // Row 494, Passenger Car: 0.175152564108 kg CO2, 0.00514146469984 g CH4, 0.00344057763562 g N2O per vehicle-mile.
      const car = find(ds, 'travel.car');
      close(car.value, co2e(0.17515256410803692, 0.005141464699844529, 0.003440577635619231) / MILE_KM);
      expect(car).toMatchObject({ unit: 'kgCO2e/km', category: 6 });
      expect(find(ds, 'commute.car')).toMatchObject({ value: car.value, category: 7 });
      // Row 499, Intercity Rail - National Average: 0.113 kg CO2, 0.0092 g CH4, 0.0026 g N2O per passenger-mile.
      close(find(ds, 'travel.rail').value, co2e(0.113, 0.0092, 0.0026) / MILE_KM);
      expect(find(ds, 'travel.rail').unit).toBe('kgCO2e/pkm');
      // Row 500 Commuter Rail; row 501 Transit Rail (metro and tram); row 502 Bus ("0 " g CH4).
      close(find(ds, 'commute.rail').value, co2e(0.13331164474515053, 0.0105219305594572, 0.002610215057937869) / MILE_KM);
      expect(find(ds, 'commute.tram').value).toBe(find(ds, 'commute.metro').value);
      close(find(ds, 'commute.bus').value, co2e(0.07070758752734074, 0, 0.0021260644223811396) / MILE_KM);
      // Air travel is by haul, not cabin: no `flight.*` key.
      expect(ds.factors.some((f) => f.activity.startsWith('flight.') || f.activity.includes('light_duty'))).toBe(false);
    });
  });
});

describe('parseEpaHub on a workbook that is not the hub', () => {
  it('names the file and what is missing', () => {
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['', 'Table 1', 'Stationary Combustion']]), 'Sheet1');
    const buf = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
    expect(() => parseEpaHub(buf, 'other.xlsx', 'sha')).toThrow(/"other\.xlsx".*no sheet with "Table 1"/);
    expect(() => parseEpaHub(Buffer.from('not a workbook'), 'junk.xlsx', 'sha')).toThrow(/"junk\.xlsx"/);
  });
});
