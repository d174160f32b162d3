/**
 * Parser for the grid intensities file `average-intensities.json` (Ember's yearly electricity data
 * as compiled in the Green Web Foundation co2.js): `electricity.grid` (location-based, kg CO2e per
 * kWh) per country and year, the data set the built-in excerpt (builtin-grid-ember.ts) was taken
 * from, read the same way so the two agree value for value:
 *   - one entry per ISO 3166-1 alpha-3 country → its alpha-2 region (iso3166.ts), at the entry's
 *     year; "World" → GLOBAL and "EU" → EU (the parents in regions.ts); the other aggregates
 *     (Africa, G7, OECD…) and codes outside ISO 3166-1 (XKX, Kosovo) are skipped;
 *   - value = `emissions_intensity_gco2_per_kwh` / 1000, rounded to 12 significant digits. The
 *     file names it g CO2 per kWh; Ember's intensities are life-cycle g CO2e per kWh of
 *     generation, used as kg CO2e/kWh without a gas breakdown (gwpSet null).
 * The file carries no version: the dataset version is the latest year in it and the first 8 hex
 * digits of the file's SHA-256 (`2024-7f0b09eb`), so the same file is the same version (the
 * import is idempotent) and a revised file is a new version, not a conflict.
 * Licence: CC BY-SA 4.0 (Ember; co2.js). Pure: no I/O.
 */
import { deterministicId } from '../../ids.ts';
import { gridFactor } from '../builtin-grid-ember.ts';
import { alpha2OfAlpha3 } from '../iso3166.ts';
import type { FactorDataset, FactorSource } from '../types.ts';

export const GRID_SOURCE_NAME = 'Ember yearly electricity data via co2.js (grid intensities)';
const LICENCE = 'CC-BY-SA-4.0';
const CITATION =
  'Ember, yearly electricity data (annual grid emissions intensity by country), as compiled in the Green Web Foundation co2.js ' +
  'average-intensities.json; licensed CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/).';

/** Aggregates the cascade has a region for; other entries without a country code are skipped. */
const AGGREGATES: Readonly<Record<string, string>> = { World: 'GLOBAL', EU: 'EU' };

interface Entry {
  country_code?: unknown;
  country_or_region?: unknown;
  year?: unknown;
  emissions_intensity_gco2_per_kwh?: unknown;
}

function fail(fileName: string, problem: string): never {
  throw new Error(`grid intensities file "${fileName}": ${problem}`);
}

/** The region an entry is for, or null for an entry the cascade has no region for. */
function regionOf(key: string, e: Entry): string | null {
  const code = typeof e.country_code === 'string' ? e.country_code.trim() : '';
  if (code === '') return AGGREGATES[key] ?? null;
  return alpha2OfAlpha3(code);
}

export function parseGridIntensities(text: string, fileName: string, fileSha256: string): FactorDataset {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return fail(fileName, `not JSON (${(e as Error).message})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) fail(fileName, 'expected an object of entries keyed by country code');
  const rows: Array<{ key: string; region: string; year: number; g: number; name: string }> = [];
  for (const [key, raw] of Object.entries(json as Record<string, Entry>)) {
    const e = raw ?? {};
    const region = regionOf(key, e);
    if (region === null) continue;
    const { year, emissions_intensity_gco2_per_kwh: g } = e;
    if (typeof year !== 'number' || !Number.isInteger(year) || typeof g !== 'number' || !Number.isFinite(g) || g < 0) {
      fail(fileName, `entry "${key}" needs an integer year and a non-negative emissions_intensity_gco2_per_kwh`);
    }
    rows.push({ key, region, year, g, name: typeof e.country_or_region === 'string' ? e.country_or_region : key });
  }
  if (rows.length === 0) fail(fileName, 'no country entries with emissions_intensity_gco2_per_kwh');
  const latest = Math.max(...rows.map((r) => r.year));
  const datasetVersion = `${latest}-${fileSha256.slice(0, 8)}`;
  const source: FactorSource = {
    id: deterministicId('src', GRID_SOURCE_NAME, datasetVersion),
    tenantId: null,
    name: GRID_SOURCE_NAME,
    publisher: 'Ember (via Green Web Foundation co2.js)',
    datasetVersion,
    licence: LICENCE,
    citation: CITATION,
    url: 'https://ember-energy.org/data/',
    fileSha256,
  };
  const factors = rows.map(({ key, region, year, g, name }) =>
    gridFactor(source, {
      region,
      year,
      gPerKwh: g,
      name,
      citation: `${CITATION} File ${fileName}, entry "${key}", ${year}: ${g} g/kWh.`,
      meta: { file: fileName, key, gPerKwh: g },
    }),
  );
  const seen = new Set<string>();
  for (const f of factors) {
    if (seen.has(f.region)) fail(fileName, `two entries for region ${f.region}`);
    seen.add(f.region);
  }
  return { source, factors };
}
