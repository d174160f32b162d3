import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { DESNZ_SOURCE_NAME, parseDesnzFlatFile } from '../../src/domain/factors/importers/desnz.ts';
import type { FactorDataset, FactorRecord } from '../../src/domain/factors/types.ts';
import { dataFile, dataRequired, hasData, missingDataMessage } from './reference-data.ts';

type Cell = string | number | null;
const HEADER_2020: Cell[] = [
  'Scope',
  'Level 1',
  'Level 2',
  'Level 3',
  'Level 4',
  'Column Text',
  'UOM (simple)',
  'UOM',
  'GHG',
  'Lookup',
  'GHG Conversion Factor 2020',
];

/** Rows as the 2020/2021 flat files lay them out (values copied from the 2020 file). */
const ROWS_2020: Cell[][] = [
  ['Scope 1', 'Fuels', 'Gaseous fuels', 'CNG', null, 'Energy - Gross CV', 'kWh', 'kWh (Gross CV)', 'kg CO2e', 'CNG kWh (Gross CV)', 0.18387],
  ['Scope 1', 'Fuels', 'Gaseous fuels', 'CNG', null, 'Energy - Gross CV', 'kWh', 'kWh (Gross CV)', 'kg CH4', 'CNG kWh (Gross CV)', 0.00025],
  ['Scope 1', 'Fuels', 'Gaseous fuels', 'CNG', null, 'Energy - Gross CV', 'kWh', 'kWh (Gross CV)', 'kg CO2', 'CNG kWh (Gross CV)', 0.18352],
  ['Scope 1', 'Fuels', 'Gaseous fuels', 'CNG', null, 'Energy - Gross CV', 'kWh', 'kWh (Gross CV)', 'kg N2O', 'CNG kWh (Gross CV)', 0.0001],
  ['Scope 1', 'Fuels', 'Liquid fuels', 'Lubricants', null, 'Volume', 'litres', 'litres', 'kg CO2e', 'Lubricants litres', null],
  ['Scope 1', 'Fuels', 'Liquid fuels', 'Lubricants', null, 'Volume', 'litres', 'litres', 'kg CH4', 'Lubricants litres', null],
  ['Scope 1', 'Refrigerant & other', 'Kyoto protocol - standard', 'Methane', null, null, 'kg', 'kg', 'kg CO2e', 'Methane kg', 25],
  ['Scope 1', 'Refrigerant & other', 'Other refrigerants', 'R1234yf ', null, null, 'kg', 'kg', 'kg CO2e', 'R1234yf  kg', '< 1'],
  [
    'Scope 3',
    'Business travel- air',
    'Flights',
    'Domestic, to/from UK',
    'Average passenger',
    'With RF',
    'passenger.km',
    'passenger.km',
    'kg CO2e',
    'x',
    0.2443,
  ],
  [
    'Scope 3',
    'Business travel- air',
    'Flights',
    'Domestic, to/from UK',
    'Average passenger',
    'Without RF',
    'passenger.km',
    'passenger.km',
    'kg CO2e',
    'x',
    0.1292,
  ],
  // The published files put a stray 0 in Level 4 of some gas rows; they still belong to the CO2e row.
  ['Scope 3', 'Managed assets- vehicles', 'Managed cars (by size)', 'Small car', null, 'Diesel', 'km', 'km', 'kg CO2e', 'x', 0.13721],
  ['Scope 3', 'Managed assets- vehicles', 'Managed cars (by size)', 'Small car', 0, 'Diesel', 'km', 'km', 'kg CH4', 'x', 0.00000349],
  ['Scope 3', 'Managed assets- vehicles', 'Managed cars (by size)', 'Small car', 0, 'Diesel', 'km', 'km', 'kg CO2', 'x', 0.13537],
  ['Scope 3', 'Managed assets- vehicles', 'Managed cars (by size)', 'Small car', 0, 'Diesel', 'km', 'km', 'kg N2O', 'x', 0.00184],
  ['Scope 3', 'Freighting goods', 'HGV (all diesel)', 'All HGVs', null, 'Average laden', 'tonne.km', 'tonne.km', 'kg CO2e', 'x', '0.10513'],
  ['Scope 3', 'SECR kWh pass & delivery vehs', 'Cars (by size)', 'Small car', null, 'Diesel', 'km', 'km', 'kWh (Net CV)', 'x', 0.5],
  ['Outside of Scopes', 'Outside of scopes', 'Biomass', 'Wood logs', null, null, 'tonnes', 'tonnes', 'kg CO2', 'x', 1500],
  [null, null, null, null, null, null, null, null, null, null, null],
  [null, 'END', null, null, null, null, null, null, null, 'END', null],
];

function workbook(header: Cell[], rows: Cell[][], bookType: XLSX.BookType = 'xlsx'): Buffer {
  const wb = XLSX.utils.book_new();
  const front: Cell[][] = [['UK Government GHG Conversion Factors for Company Reporting'], [], [null, 'Version:', 1, 'Year:', 2020]];
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(front), 'Front page');
  const table: Cell[][] = [['UK Government GHG Conversion Factors for Company Reporting'], ['Factors by Category'], [], header, ...rows];
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(table), 'Factors by Category');
  return XLSX.write(wb, { type: 'buffer', bookType }) as Buffer;
}

const find = (ds: FactorDataset, activity: string): FactorRecord => {
  const f = ds.factors.find((x) => x.activity === activity);
  if (!f) throw new Error(`no factor ${activity}; have ${ds.factors.map((x) => x.activity).join(', ')}`);
  return f;
};

describe('parseDesnzFlatFile — built workbooks', () => {
  const ds = parseDesnzFlatFile(workbook(HEADER_2020, ROWS_2020), 'conversion-factors-2020-flat-file.xlsx', 'sha');

  it('turns each numeric kg CO2e row into a factor and skips blanks, "< 1", kWh and CO2-only rows', () => {
    expect(ds.factors.map((f) => f.activity)).toEqual([
      'desnz.fuels.gaseous_fuels.cng.energy_gross_cv.kwh_gross_cv',
      'desnz.refrigerant_other.kyoto_protocol_standard.methane.kg',
      'desnz.business_travel_air.flights.domestic_to_from_uk.average_passenger.with_rf.passenger_km',
      'desnz.business_travel_air.flights.domestic_to_from_uk.average_passenger.without_rf.passenger_km',
      'desnz.managed_assets_vehicles.managed_cars_by_size.small_car.diesel.km',
      'desnz.freighting_goods.hgv_all_diesel.all_hgvs.average_laden.tonne_km',
    ]);
  });

  it('fills name, unit, region, year, category and the source', () => {
    const cng = find(ds, 'desnz.fuels.gaseous_fuels.cng.energy_gross_cv.kwh_gross_cv');
    expect(cng).toMatchObject({
      name: 'Fuels > Gaseous fuels > CNG > Energy - Gross CV',
      value: 0.18387,
      unit: 'kgCO2e/kWh (Gross CV)',
      region: 'GB',
      year: 2020,
      category: null,
      naicsCode: null,
      datasetVersion: '2020',
      licence: 'Open Government Licence v3.0',
      tenantId: null,
      supplierId: null,
      uncertainty: null,
    });
    expect(find(ds, 'desnz.business_travel_air.flights.domestic_to_from_uk.average_passenger.with_rf.passenger_km').category).toBe(6);
    expect(find(ds, 'desnz.freighting_goods.hgv_all_diesel.all_hgvs.average_laden.tonne_km')).toMatchObject({ category: 4, value: 0.10513 });
    expect(ds.source).toMatchObject({ name: DESNZ_SOURCE_NAME, datasetVersion: '2020', fileSha256: 'sha', tenantId: null });
    expect(ds.source.citation).toContain('Contains public sector information licensed under the Open Government Licence v3.0.');
    expect(ds.source.citation).toContain('version 1');
    expect(cng.citation).toBe(ds.source.citation);
  });

  it('reads the GWP set from the refrigerant table and folds gas rows into kg of gas', () => {
    const cng = find(ds, 'desnz.fuels.gaseous_fuels.cng.energy_gross_cv.kwh_gross_cv');
    expect(cng.gwpSet).toBe('AR4'); // Methane 25 kg CO2e/kg
    expect(cng.meta.gasesKgCo2e).toEqual({ CH4: 0.00025, CO2: 0.18352, N2O: 0.0001 });
    expect(cng.gases?.CO2).toBe(0.18352);
    expect(cng.gases?.CH4).toBeCloseTo(0.00025 / 25, 12);
    expect(cng.gases?.N2O).toBeCloseTo(0.0001 / 298, 12);
    const car = find(ds, 'desnz.managed_assets_vehicles.managed_cars_by_size.small_car.diesel.km');
    expect(car.meta.gasesKgCo2e).toEqual({ CH4: 0.00000349, CO2: 0.13537, N2O: 0.00184 });
    expect(find(ds, 'desnz.refrigerant_other.kyoto_protocol_standard.methane.kg').gases).toBeNull();
  });

  it('is deterministic and reads the legacy .xls format and Uint8Array input the same way', () => {
    const xls = parseDesnzFlatFile(workbook(HEADER_2020, ROWS_2020, 'biff8'), 'f.xls', 'sha');
    expect(xls).toEqual(ds);
    const bytes = new Uint8Array(workbook(HEADER_2020, ROWS_2020));
    expect(parseDesnzFlatFile(bytes, 'f.xlsx', 'sha')).toEqual(ds);
  });

  it('leaves gases null when the workbook does not reveal its GWP set', () => {
    const rows = ROWS_2020.filter((r) => r[3] !== 'Methane');
    const noGwp = parseDesnzFlatFile(workbook(HEADER_2020, rows), 'f.xlsx', 'sha');
    const cng = find(noGwp, 'desnz.fuels.gaseous_fuels.cng.energy_gross_cv.kwh_gross_cv');
    expect(cng.gwpSet).toBeNull();
    expect(cng.gases).toBeNull();
    expect(cng.meta.gasesKgCo2e).toEqual({ CH4: 0.00025, CO2: 0.18352, N2O: 0.0001 });
  });

  it('accepts the later layout (ID column, "GHG/Unit", "kg CO2e of CH4 per unit")', () => {
    const header: Cell[] = ['ID', 'Scope', 'Level 1', 'Level 2', 'Level 3', 'Level 4', 'Column Text', 'UOM', 'GHG/Unit', 'GHG Conversion Factor 2023'];
    const rows: Cell[][] = [
      [1, 'Scope 1', 'Fuels', 'Gaseous fuels', 'CNG', null, 'Energy - Gross CV', 'kWh (Gross CV)', 'kg CO2e', 0.18296],
      [2, 'Scope 1', 'Fuels', 'Gaseous fuels', 'CNG', null, 'Energy - Gross CV', 'kWh (Gross CV)', 'kg CO2e of CO2 per unit', 0.18256],
      [3, 'Scope 1', 'Fuels', 'Gaseous fuels', 'CNG', null, 'Energy - Gross CV', 'kWh (Gross CV)', 'kg CO2e of CH4 per unit', 0.00028],
      [4, 'Scope 1', 'Fuels', 'Gaseous fuels', 'CNG', null, 'Energy - Gross CV', 'kWh (Gross CV)', 'kg CO2e of N2O per unit', 0.00012],
      [5, 'Scope 1', 'Refrigerant & other', 'Kyoto protocol - standard', 'Methane', null, null, 'kg', 'kg CO2e', 28],
    ];
    const later = parseDesnzFlatFile(workbook(header, rows), 'ghg-conversion-factors-2023-flat-format.xlsx', 'sha');
    const cng = find(later, 'desnz.fuels.gaseous_fuels.cng.energy_gross_cv.kwh_gross_cv');
    expect(cng).toMatchObject({ year: 2023, gwpSet: 'AR5', value: 0.18296, meta: { desnzId: '1' } });
    expect(cng.gases?.CH4).toBeCloseTo(0.00028 / 28, 12);
    expect(later.source.publisher).toContain('DESNZ');
    expect(later.source.id).not.toBe(ds.source.id);
  });

  it('names the file and the missing column', () => {
    const header = HEADER_2020.map((h) => (h === 'UOM' ? 'Units' : h));
    expect(() => parseDesnzFlatFile(workbook(header, ROWS_2020), 'broken-2020.xlsx', 'sha')).toThrow(/"broken-2020\.xlsx".*missing required column\(s\) "UOM"/);
    expect(() => parseDesnzFlatFile(Buffer.from('not a workbook at all'), 'junk.xlsx', 'sha')).toThrow(/"junk\.xlsx"/);
  });
});

describe('parseDesnzFlatFile — full files', () => {
  it('reference data directory is present (required when CI is set)', () => {
    if (dataRequired) throw new Error(missingDataMessage);
  });

  const load = (name: string) => parseDesnzFlatFile(readFileSync(dataFile('desnz', name)), name, 'sha');
  const GWP = { CO2: 1, CH4: 25, N2O: 298 } as const; // AR4, as both files' refrigerant tables state

  const cases = [
    // Spot values read from each file's "Factors by Category" sheet: Scope 2 > UK electricity >
    // Electricity generated > Electricity: UK, kWh; Fuels > Liquid fuels > Petrol (average biofuel
    // blend) > Volume, litres.
    { file: 'conversion-factors-2020-flat-file.xlsx', year: 2020, count: 2367, electricity: 0.23314, petrol: 2.16802 },
    { file: 'conversion-factors-2021-flat-file-automatic-processing.xls', year: 2021, count: 2435, electricity: 0.21233, petrol: 2.19352 },
  ];
  for (const c of cases) {
    it.skipIf(!hasData)(`${c.file}: ${c.count} factors, UK electricity ${c.electricity} kgCO2e/kWh`, () => {
      const ds = load(c.file);
      expect(ds.factors).toHaveLength(c.count);
      expect(ds.source.datasetVersion).toBe(String(c.year));
      expect(ds.source.citation).toContain('Contains public sector information licensed under the Open Government Licence v3.0.');
      expect(find(ds, 'desnz.uk_electricity.electricity_generated.electricity_uk.kwh')).toMatchObject({
        value: c.electricity,
        unit: 'kgCO2e/kWh',
        year: c.year,
        region: 'GB',
        gwpSet: 'AR4',
      });
      const petrol = find(ds, 'desnz.fuels.liquid_fuels.petrol_average_biofuel_blend.volume.litres');
      expect(petrol.value).toBe(c.petrol);
      expect(petrol.unit).toBe('kgCO2e/litres');
      expect(new Set(ds.factors.map((f) => f.activity)).size).toBe(ds.factors.length);
      expect(ds.factors.every((f) => /^desnz\.[a-z0-9_.]+$/.test(f.activity))).toBe(true);
      // Every folded breakdown adds back up to the published total (values are rounded to 5 d.p.).
      let withGases = 0;
      for (const f of ds.factors) {
        if (!f.gases) continue;
        withGases++;
        const sum = Object.entries(f.gases).reduce((s, [g, kg]) => s + kg * GWP[g as keyof typeof GWP], 0);
        expect(Math.abs(sum - f.value), f.activity).toBeLessThanOrEqual(Math.max(2e-5, 1e-4 * f.value));
      }
      expect(withGases).toBeGreaterThan(1000);
    });
  }

  it.skipIf(!hasData)('2020 and 2021 are different sources; parsing twice gives identical ids', () => {
    const a = load(cases[0]!.file);
    const b = load(cases[1]!.file);
    expect(a.source.id).not.toBe(b.source.id);
    const again = load(cases[1]!.file);
    expect(again.factors.map((f) => f.id)).toEqual(b.factors.map((f) => f.id));
  });
});
