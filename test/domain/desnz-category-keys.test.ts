/**
 * The DESNZ importer's category keys: `greenline factors import --format desnz` loads the flat
 * file's rows as published (`desnz.*`, region GB) and, once more, every row the Scope 3 categories
 * ask for under its activity key (the built-in excerpt's keys, regions, categories and units),
 * with the value, gases and sheet row of the file imported.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type * as XLSXTypes from 'xlsx';
import { DESNZ_2020_ROWS } from '../../src/domain/factors/builtin-desnz-2020.ts';
import { parseDesnzFlatFile, parseDesnzWithCategoryKeys } from '../../src/domain/factors/importers/desnz.ts';
import { DESNZ_CATEGORY_PATHS, DESNZ_RENAMED_PATHS, desnzCategoryKeys, desnzPath } from '../../src/domain/factors/importers/desnz-category-keys.ts';
import type { FactorDataset, FactorRecord } from '../../src/domain/factors/types.ts';
import { canonicalUnit } from '../../src/domain/units.ts';
import { dataFile, hasData } from '../importers/reference-data.ts';

const XLSX = createRequire(import.meta.url)('xlsx') as typeof XLSXTypes;
const FILE_2020 = 'conversion-factors-2020-flat-file.xlsx';
const FILE_2021 = 'conversion-factors-2021-flat-file-automatic-processing.xls';

const keyed = (ds: FactorDataset) => ds.factors.filter((f) => !f.activity.startsWith('desnz.'));
const find = (ds: FactorDataset, activity: string, region = 'GLOBAL') => {
  const f = ds.factors.find((x) => x.activity === activity && x.region === region);
  if (!f) throw new Error(`no ${activity} ${region}`);
  return f;
};

/** The path a sheet row is cited by, read from the cells (B–F levels and column text, H UOM). */
function cellPath(ws: XLSXTypes.WorkSheet, row: number): string {
  const cell = (c: string) => String(ws[`${c}${row}`]?.v ?? '').trim();
  return desnzPath(['B', 'C', 'D', 'E', 'F'].map(cell), cell('H'));
}

describe('the category-key table', () => {
  it('has one entry per built-in excerpt row, and each unit is the canonical unit of the row’s UOM', () => {
    expect(DESNZ_CATEGORY_PATHS.reduce((n, p) => n + desnzCategoryKeys(p).length, 0)).toBe(DESNZ_2020_ROWS.length);
    // UOM as the flat files write it → units.ts (litres → L, passenger.km → pkm, kWh (Gross CV) → kWh).
    const uomUnit: Record<string, string> = { 'kWh (Gross CV)': 'kWh', 'passenger.km': 'pkm' };
    for (const [activity, , , , unit, , path] of DESNZ_2020_ROWS) {
      const uom = /\[(.+)\]$/.exec(path)![1]!;
      expect(unit, `${activity}: ${path}`).toBe(`kgCO2e/${uomUnit[uom] ?? canonicalUnit(uom)}`);
    }
    expect(desnzCategoryKeys('Business travel- land › Cars (by size) › Average car › Unknown [km]').map((k) => k.activity)).toEqual([
      'travel.car',
      'commute.car',
    ]);
    expect(desnzCategoryKeys('Fuels › Liquid fuels › Lubricants › Volume [litres]')).toEqual([]);
  });
});

describe.runIf(hasData)('parseDesnzWithCategoryKeys on the full files', () => {
  const load = (name: string) => readFileSync(dataFile('desnz', name));
  const ds2020 = parseDesnzWithCategoryKeys(load(FILE_2020), FILE_2020, 'sha');

  it('2020: the published rows unchanged, then 184 category-key rows equal to the built-in excerpt', () => {
    const raw = parseDesnzFlatFile(load(FILE_2020), FILE_2020, 'sha');
    expect(raw.factors).toHaveLength(2367);
    expect(ds2020.factors.slice(0, 2367)).toEqual(raw.factors);
    expect(ds2020.source).toEqual(raw.source);
    const keys = keyed(ds2020);
    // 146 for categories 3–12, 38 material.* for categories 1 and 2.
    expect(keys).toHaveLength(184);
    expect(keys.filter((k) => k.activity.startsWith('material.'))).toHaveLength(38);
    expect(new Set(ds2020.factors.map((f) => f.id)).size).toBe(ds2020.factors.length);
    for (const [activity, region, category, value, unit, sheetRow, path] of DESNZ_2020_ROWS) {
      const f = find(ds2020, activity, region);
      expect({ category: f.category, value: f.value, unit: f.unit, sheetRow: f.meta.sheetRow, levels: f.meta.levels }, `${activity} ${region}`).toEqual({
        category,
        value,
        unit,
        sheetRow,
        levels: path,
      });
      expect(f).toMatchObject({ year: 2020, datasetVersion: '2020', sourceId: ds2020.source.id, licence: 'Open Government Licence v3.0' });
      expect(f.citation).toContain(`Sheet "Factors by Category", row ${sheetRow}: ${path}.`);
      expect(f.meta.publishedFor).toBe(region === 'GLOBAL' ? 'GB' : undefined);
    }
  });

  it('2020: a key carries the published row’s gas breakdown (AR4, CH4 25, N2O 298) and names the row it repeats', () => {
    // Row 4298, Business travel- land › Rail › National rail [passenger.km]: 0.03694 kg CO2e, of
    // which CO2 0.03659, CH4 0.00006 and N2O 0.00029 kg CO2e (the file's gas rows).
    const rail = find(ds2020, 'travel.rail');
    expect(rail).toMatchObject({ value: 0.03694, gwpSet: 'AR4', region: 'GLOBAL', category: 6 });
    expect(rail.gases).toEqual({ CO2: 0.03659, CH4: 0.0000024, N2O: Number((0.00029 / 298).toPrecision(12)) });
    expect(rail.meta).toMatchObject({ mappedFrom: 'desnz.business_travel_land.rail.national_rail.passenger_km', uom: 'passenger.km' });
    const published = ds2020.factors.find((f) => f.activity === rail.meta.mappedFrom)!;
    expect(published).toMatchObject({ value: rail.value, region: 'GB', unit: 'kgCO2e/passenger.km', gases: rail.gases });
    // Well-to-tank and waste rows have no gas rows in the file.
    expect(find(ds2020, 'electricity.wtt', 'DE').gases).toBeNull();
  });

  it('2021 (.xls): every path is there (renamed electrical items by their new name), at the sheet row cited', () => {
    const ds = parseDesnzWithCategoryKeys(load(FILE_2021), FILE_2021, 'sha');
    const keys = keyed(ds);
    // The 2021 file has no "WEEE - mixed" nor plain "Batteries" material-use row: those two keys stay the excerpt's.
    const absent = ['material.electrical_mixed', 'material.batteries'];
    expect(keys).toHaveLength(184 - absent.length);
    for (const activity of absent) expect(keys.some((k) => k.activity === activity)).toBe(false);
    const renamedFrom = new Set(DESNZ_RENAMED_PATHS.values());
    const paths2020 = DESNZ_CATEGORY_PATHS.filter((p) => !renamedFrom.has(p) && !absent.some((a) => desnzCategoryKeys(p)[0]!.activity === a));
    expect(new Set(keys.map((k) => k.meta.levels))).toEqual(new Set([...paths2020, ...DESNZ_RENAMED_PATHS.keys()]));
    const ws = XLSX.read(load(FILE_2021)).Sheets[keys[0]!.meta.sheet as string]!;
    expect(ws.K5?.v).toBe('GHG Conversion Factor 2021');
    for (const f of keys) {
      const row = f.meta.sheetRow as number;
      expect(cellPath(ws, row), `${f.activity} ${f.region}`).toBe(f.meta.levels);
      expect(Number(Number(ws[`K${row}`].v).toPrecision(12))).toBe(f.value);
    }
    // Spot values (sheet "Factors by Category"): row 4375 national rail 0.03549 kg CO2e/pkm, row
    // 2436 UK T&D losses 0.01879 kg CO2e/kWh, row 6888 C&I waste to landfill 467.0458 kg CO2e/t.
    expect(find(ds, 'travel.rail')).toMatchObject({ value: 0.03549, year: 2021, datasetVersion: '2021', meta: { sheetRow: 4375 } });
    expect(find(ds, 'electricity.td_loss', 'GB')).toMatchObject({ value: 0.01879, meta: { sheetRow: 2436 } });
    expect(find(ds, 'waste.landfill')).toMatchObject({ value: 467.0458, unit: 'kgCO2e/t', meta: { sheetRow: 6888 } });
    expect(find(ds, 'travel.rail').id).not.toBe(find(ds2020, 'travel.rail').id);
    // Row 2341 (2020) / 2398 (2021), Material use › Metal › Metal: steel cans › Primary material production:
    // 3,000.6364 then 3,100.6364 kg CO2e/t; row 2368 (2021) "Electrical items - large" is 2020's "WEEE - large" (row 2323).
    expect(find(ds2020, 'material.steel_cans')).toMatchObject({ value: 3000.6364, unit: 'kgCO2e/t', gases: null, meta: { sheetRow: 2341 } });
    expect(find(ds, 'material.steel_cans')).toMatchObject({ value: 3100.6364, unit: 'kgCO2e/t', year: 2021, meta: { sheetRow: 2398 } });
    expect(find(ds, 'material.electrical_large')).toMatchObject({
      value: 3267,
      meta: { sheetRow: 2368, levels: 'Material use › Electrical items › Electrical items - large › Primary material production [tonnes]' },
    });
    expect(find(ds2020, 'material.electrical_large')).toMatchObject({ value: 537.2419, meta: { sheetRow: 2323 } });
  });
});

describe('parseDesnzWithCategoryKeys on a built workbook', () => {
  const header = ['Scope', 'Level 1', 'Level 2', 'Level 3', 'Level 4', 'Column Text', 'UOM (simple)', 'UOM', 'GHG', 'Lookup', 'GHG Conversion Factor 2020'];
  const car = ['Scope 3', 'Business travel- land', 'Cars (by size)', 'Average car', null, 'Unknown', 'km', 'km', 'kg CO2e', 'x', 0.1714];
  const build = (rows: unknown[][]) => {
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([[], [], [], [], header, ...rows]), 'Factors by Category');
    return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
  };

  it('maps a matching row onto each of its keys, cites its sheet row, and maps a repeated path once', () => {
    const ds = parseDesnzWithCategoryKeys(build([car, car]), 'f.xlsx', 'sha');
    expect(ds.factors.map((f: FactorRecord) => `${f.activity} ${f.region}`)).toEqual([
      'desnz.business_travel_land.cars_by_size.average_car.unknown.km GB',
      'desnz.business_travel_land.cars_by_size.average_car.unknown.km_dup2 GB',
      'travel.car GLOBAL',
      'commute.car GLOBAL',
    ]);
    expect(find(ds, 'commute.car')).toMatchObject({ value: 0.1714, unit: 'kgCO2e/km', category: 7, meta: { sheetRow: 6, publishedFor: 'GB' } });
    expect(parseDesnzFlatFile(build([car]), 'f.xlsx', 'sha').factors).toHaveLength(1);
  });

  it('maps a renamed row onto the 2020 row’s key, once when a file has both names', () => {
    const item = (name: string, value: number) => [
      'Scope 3',
      'Material use',
      'Electrical items',
      name,
      null,
      'Primary material production',
      'tonnes',
      'tonnes',
      'kg CO2e',
      name,
      value,
    ];
    const renamed = parseDesnzWithCategoryKeys(build([item('Electrical items - large', 2)]), 'f.xlsx', 'sha');
    expect(keyed(renamed).map((f) => [f.activity, f.value, f.unit, f.category])).toEqual([['material.electrical_large', 2, 'kgCO2e/t', null]]);
    const both = parseDesnzWithCategoryKeys(build([item('WEEE - large', 1), item('Electrical items - large', 2)]), 'f.xlsx', 'sha');
    expect(keyed(both).map((f) => [f.activity, f.value])).toEqual([['material.electrical_large', 1]]);
  });
});
