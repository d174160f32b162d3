/**
 * Built-in default factors, so Greenline answers with no import. Values are the seed systems'
 * published defaults (PRODUCT.md "Formulas"): transport per tonne-km (ISO 14083-style mode
 * averages), flights per passenger-km by cabin, hotel nights by country, and tier-3 spend factors
 * by sector. They are screening values: import EPA or DESNZ data sets for reporting.
 *
 * The built-in set is several data sets, one FactorSource per origin, so each factor shows its
 * own source, licence and citation (`GET /v1/factors/:id`):
 *   - `builtinFactors` (below): the seed systems' defaults, source "Greenline built-in defaults"
 *     (CC0-1.0): transport.*, flight.*, hotel.night, spend.*;
 *   - builtin-desnz-2020.ts: an excerpt of the UK BEIS GHG conversion factors 2020 (OGL-3.0):
 *     waste.*, travel.<rail|bus|car|taxi>, commute.*, electricity.wtt, electricity.td_loss,
 *     fuel.*, wtt.*, heat.district, heat.steam, material.* (categories 1 and 2 per tonne);
 *   - builtin-grid-ember.ts: electricity.grid by country from Ember via co2.js (CC-BY-SA-4.0).
 * `builtinDatasets` is all of them, in that order, as the runtime loads them. Ids are
 * deterministic from source + activity + region + year, so adding a source leaves the ids of
 * the other sources' factors unchanged. docs/factors.md lists every key with its origin.
 */
import { deterministicId } from '../ids.ts';
import { desnz2020Builtin } from './builtin-desnz-2020.ts';
import { emberGridBuiltin } from './builtin-grid-ember.ts';
import type { FactorDataset, FactorRecord, FactorSource } from './types.ts';

const NAME = 'Greenline built-in defaults';
const VERSION = '2026.1';
const YEAR = 2024;
const LICENCE = 'CC0-1.0';
const CITATION = 'Greenline built-in screening factors (seed-system defaults, PRODUCT.md "Formulas"), version 2026.1';

const source: FactorSource = {
  id: deterministicId('src', NAME, VERSION),
  tenantId: null,
  name: NAME,
  publisher: 'Greenline',
  datasetVersion: VERSION,
  licence: LICENCE,
  citation: CITATION,
  fileSha256: null,
};

interface Row {
  activity: string;
  name: string;
  category: number;
  region?: string;
  value: number;
  unit: string;
  uncertainty: number;
}

const rows: Row[] = [
  // Category 4/9 transport, kg CO2e per tonne-km.
  ...(
    [
      ['road.truck_light', 'Light truck', 0.18],
      ['road.truck_medium', 'Medium truck', 0.11],
      ['road.truck_heavy', 'Heavy truck', 0.062],
      ['road.van', 'Van', 0.25],
      ['rail', 'Rail freight', 0.022],
      ['sea.container', 'Container ship', 0.012],
      ['sea.bulk', 'Bulk carrier', 0.008],
      ['sea.tanker', 'Tanker', 0.005],
      ['air.cargo', 'Air cargo', 0.68],
      ['inland_waterway', 'Inland waterway', 0.031],
    ] as const
  ).map(([mode, name, value]) => ({
    activity: `transport.${mode}`,
    name: `Freight: ${name}`,
    category: 4,
    value,
    unit: 'kgCO2e/tkm',
    uncertainty: 0.3,
  })),
  // Category 6 flights, kg CO2e per passenger-km, without radiative forcing.
  ...(
    [
      ['economy', 0.115],
      ['premium_economy', 0.175],
      ['business', 0.23],
      ['first', 0.345],
    ] as const
  ).map(([cabin, value]) => ({
    activity: `flight.${cabin}`,
    name: `Flight, ${cabin.replace('_', ' ')} cabin`,
    category: 6,
    value,
    unit: 'kgCO2e/pkm',
    uncertainty: 0.2,
  })),
  // Category 6 hotel stays, kg CO2e per room-night.
  ...(
    [
      ['US', 28.5],
      ['GB', 24.2],
      ['EU', 22.8],
      ['CN', 35.6],
      ['JP', 26.4],
      ['GLOBAL', 26.0],
    ] as const
  ).map(([region, value]) => ({
    activity: 'hotel.night',
    name: `Hotel stay, ${region}`,
    category: 6,
    region,
    value,
    unit: 'kgCO2e/night',
    uncertainty: 0.3,
  })),
  // Tier-3 spend-based fallback factors, kg CO2e per USD, ±50%.
  ...(
    [
      ['manufacturing', 0.45],
      ['services', 0.22],
      ['agriculture', 0.38],
      ['construction', 0.42],
      ['average', 0.35],
    ] as const
  ).map(([sector, value]) => ({
    activity: `spend.${sector}`,
    name: `Spend, ${sector} sector average`,
    category: 1,
    value,
    unit: 'kgCO2e/USD',
    uncertainty: 0.5,
  })),
];

function toFactor(r: Row): FactorRecord {
  const region = r.region ?? 'GLOBAL';
  return {
    id: deterministicId('fac', source.id, r.activity, region, YEAR),
    tenantId: null,
    sourceId: source.id,
    supplierId: null,
    activity: r.activity,
    name: r.name,
    category: r.category,
    naicsCode: null,
    region,
    year: YEAR,
    value: r.value,
    unit: r.unit,
    gases: null,
    gwpSet: 'AR5',
    uncertainty: r.uncertainty,
    datasetVersion: VERSION,
    licence: LICENCE,
    citation: CITATION,
    meta: { screening: true },
  };
}

/** The seed systems' defaults (one source, "Greenline built-in defaults"). */
export const builtinFactors: FactorDataset = { source, factors: rows.map(toFactor) };

/** Every built-in data set, each with its own source: what a fresh database is loaded with. */
export const builtinDatasets: readonly FactorDataset[] = [builtinFactors, desnz2020Builtin, emberGridBuiltin];
