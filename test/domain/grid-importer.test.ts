/**
 * The grid intensities importer (`--format grid`): the full file as a versioned data set of its
 * own, agreeing value for value with the built-in excerpt taken from the same file.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GRID_ROWS, gridKgPerKwh } from '../../src/domain/factors/builtin-grid-ember.ts';
import { GRID_SOURCE_NAME, parseGridIntensities } from '../../src/domain/factors/importers/grid-intensities.ts';
import { alpha2OfAlpha3, ISO3166_COUNT } from '../../src/domain/factors/iso3166.ts';
import { dataFile, dataRequired, hasData, missingDataMessage } from '../importers/reference-data.ts';

const SHA = '7f0b09eb3a0b5aa08db0da7bdf7cf9571db3d1b6f163506fe41d70e655196bc0';

describe('ISO 3166-1 alpha-3 → alpha-2', () => {
  it('holds the 249 assigned codes and agrees with every country of the built-in excerpt', () => {
    expect(ISO3166_COUNT).toBe(249);
    expect([alpha2OfAlpha3('DEU'), alpha2OfAlpha3('gbr'), alpha2OfAlpha3('XKX'), alpha2OfAlpha3('World')]).toEqual(['DE', 'GB', null, null]);
    for (const [region, key] of GRID_ROWS) if (key.length === 3 && region !== 'GLOBAL') expect(alpha2OfAlpha3(key), key).toBe(region);
  });
});

describe('parseGridIntensities', () => {
  it('reference data directory is present (required when CI is set)', () => {
    if (dataRequired) throw new Error(missingDataMessage);
  });

  it.runIf(hasData)('average-intensities.json: 210 rows, the same regions, years and values as the built-in excerpt', () => {
    const ds = parseGridIntensities(readFileSync(dataFile('grid', 'average-intensities.json'), 'utf8'), 'average-intensities.json', SHA);
    expect(ds.source).toMatchObject({ name: GRID_SOURCE_NAME, datasetVersion: '2024-7f0b09eb', licence: 'CC-BY-SA-4.0', fileSha256: SHA });
    expect(ds.source.citation).toContain('CC BY-SA 4.0');
    // 208 countries, "EU" and "World"; Kosovo (XKX) and the other aggregates (Africa, G7, OECD…) have no region.
    expect(ds.factors).toHaveLength(GRID_ROWS.length);
    for (const [region, key, year, g] of GRID_ROWS) {
      const f = ds.factors.find((x) => x.region === region);
      expect(f, region).toMatchObject({ activity: 'electricity.grid', year, value: gridKgPerKwh(g), unit: 'kgCO2e/kWh', meta: { key, gPerKwh: g } });
    }
    // Entry "DEU", 2024: 342.06 g/kWh; "World", 2024: 472.94 g/kWh → GLOBAL.
    expect(ds.factors.find((f) => f.region === 'DE')).toMatchObject({ value: 0.34206, year: 2024, datasetVersion: '2024-7f0b09eb', gases: null, gwpSet: null });
    expect(ds.factors.find((f) => f.region === 'GLOBAL')?.citation).toContain('entry "World", 2024: 472.94 g/kWh');
    expect(new Set(ds.factors.map((f) => f.id)).size).toBe(ds.factors.length);
  });

  it('maps alpha-3 codes, World and EU; skips other aggregates; versions by latest year and file hash', () => {
    const json = JSON.stringify({
      FRA: { country_code: 'FRA', country_or_region: 'France', year: 2023, emissions_intensity_gco2_per_kwh: 44.18 },
      World: { country_code: '', country_or_region: 'World', year: 2024, emissions_intensity_gco2_per_kwh: 472.94 },
      EU: { country_code: '', country_or_region: 'EU', year: 2024, emissions_intensity_gco2_per_kwh: 213.02 },
      G7: { country_code: '', country_or_region: 'G7', year: 2024, emissions_intensity_gco2_per_kwh: 350 },
      XKX: { country_code: 'XKX', country_or_region: 'Kosovo', year: 2023, emissions_intensity_gco2_per_kwh: 900 },
    });
    const ds = parseGridIntensities(json, 'g.json', 'abcdef0123456789');
    expect(ds.factors.map((f) => [f.region, f.year, f.value])).toEqual([
      ['FR', 2023, 0.04418],
      ['GLOBAL', 2024, 0.47294],
      ['EU', 2024, 0.21302],
    ]);
    expect(ds.source.datasetVersion).toBe('2024-abcdef01');
    expect(parseGridIntensities(json, 'g.json', 'ffff0000').source.id).not.toBe(ds.source.id);
  });

  it('names the file and the entry at fault', () => {
    expect(() => parseGridIntensities('{', 'bad.json', 's')).toThrow(/"bad\.json": not JSON/);
    expect(() => parseGridIntensities('[]', 'bad.json', 's')).toThrow(/"bad\.json": expected an object/);
    expect(() => parseGridIntensities('{"FRA":{"country_code":"FRA","year":"2023","emissions_intensity_gco2_per_kwh":44}}', 'bad.json', 's')).toThrow(
      /entry "FRA" needs an integer year/,
    );
    expect(() => parseGridIntensities('{}', 'empty.json', 's')).toThrow(/"empty\.json": no country entries/);
  });
});
