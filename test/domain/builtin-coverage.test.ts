/**
 * The built-in factor set covers every category out of the box: one record per category 1–15
 * (and per average-data method where a category has several) calculates on a fresh embedded
 * database with nothing imported, to the exact kg CO2e, with the factor's source and licence.
 * Where no public, licensed generic factor exists (`building.<type>`, `franchise.<type>`,
 * `processing.<process>`), the error names the key and how to supply it.
 * Also: the excerpts match the public files they cite (row by row, wherever the files are
 * present), and adding sources left the ids of the original built-in factors unchanged.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as XLSXTypes from 'xlsx';
import { builtinDatasets, builtinFactors } from '../../src/domain/factors/builtin.ts';
import { DESNZ_2020_ROWS, DESNZ_2020_SHEET } from '../../src/domain/factors/builtin-desnz-2020.ts';
import { GRID_ROWS, gridKgPerKwh } from '../../src/domain/factors/builtin-grid-ember.ts';
import { groupCandidates, resolveFactor } from '../../src/domain/factors/resolve.ts';
import { deterministicId } from '../../src/domain/ids.ts';
import { buildApp } from '../../src/http/app.ts';
import { prepareDatabase } from '../../src/runtime.ts';
import { addApiKey, ensureTenant } from '../../src/store/tenants.ts';
import { dataFile, hasData } from '../importers/reference-data.ts';
import { type DriverFixture, pgliteFactory } from '../support/databases.ts';

const GREENLINE = 'Greenline built-in defaults';
const DESNZ = 'UK BEIS GHG conversion factors 2020 (built-in excerpt)';
const EMBER = 'Ember via co2.js grid intensities (Greenline built-in excerpt)';
const OGL = 'Contains public sector information licensed under the Open Government Licence v3.0.';

/** The value a built-in excerpt row carries (so the expectations below cite the row, not a copy). */
function desnz(activity: string, region = 'GLOBAL'): number {
  const row = DESNZ_2020_ROWS.find((r) => r[0] === activity && r[1] === region);
  if (!row) throw new Error(`no DESNZ row ${activity}@${region}`);
  return row[3];
}
function grid(region: string): number {
  const row = GRID_ROWS.find((r) => r[0] === region);
  if (!row) throw new Error(`no grid row ${region}`);
  return gridKgPerKwh(row[3]);
}

describe('built-in data sets', () => {
  it('keep the original factors and their ids unchanged, and give every factor a unique id', () => {
    expect(builtinDatasets[0]).toBe(builtinFactors);
    expect(builtinFactors.source.id).toBe(deterministicId('src', GREENLINE, '2026.1'));
    expect(builtinFactors.factors).toHaveLength(25);
    // Ids as they were before the DESNZ and Ember sources were added (computed from the previous commit).
    expect(builtinFactors.factors.find((f) => f.activity === 'transport.road.truck_heavy')?.id).toBe('fac_313cab62bbc343fa51e18c4c');
    expect(builtinFactors.factors.find((f) => f.activity === 'hotel.night' && f.region === 'GB')?.id).toBe('fac_5347d970bd511d0518501b60');
    const all = builtinDatasets.flatMap((d) => d.factors);
    expect(new Set(all.map((f) => f.id)).size).toBe(all.length);
    expect(new Set(builtinDatasets.map((d) => d.source.id)).size).toBe(builtinDatasets.length);
    for (const d of builtinDatasets) for (const f of d.factors) expect(f.sourceId).toBe(d.source.id);
    expect(builtinDatasets.map((d) => [d.source.name, d.source.licence])).toEqual([
      [GREENLINE, 'CC0-1.0'],
      [DESNZ, 'OGL-3.0'],
      [EMBER, 'CC-BY-SA-4.0'],
    ]);
    expect(builtinDatasets[1]!.source.citation).toContain(OGL);
  });

  it('resolve every activity key the category modules ask for without a region-specific import', () => {
    const candidates = groupCandidates(builtinDatasets.flatMap((d) => d.factors));
    // Keys of every tier-2 method (and the energy keys of tier-1 methods) that public data covers.
    const keys = [
      'transport.road.truck_heavy', // 4, 9
      'electricity.wtt', // 3
      'electricity.td_loss', // 3
      'electricity.grid', // 3 (td_loss_pct), 8, 10, 11, 13, 14
      ...['natural_gas', 'diesel', 'petrol', 'lpg', 'fuel_oil', 'gas_oil', 'kerosene', 'coal'].flatMap((f) => [`fuel.${f}`, `wtt.${f}`]), // 3, 4, 9, 8, 11, 14
      'heat.district', // 8, 10, 13, 14
      'heat.steam',
      ...['landfill', 'incineration', 'recycling', 'composting', 'anaerobic_digestion'].map((t) => `waste.${t}`), // 5, 12
      'waste.landfill.plastic',
      'flight.economy', // 6
      'hotel.night',
      ...['rail', 'bus', 'car', 'taxi'].map((t) => `travel.${t}`),
      ...['car', 'car_petrol', 'car_diesel', 'car_hybrid', 'car_electric', 'motorcycle', 'bus', 'coach', 'rail', 'metro', 'tram', 'ferry'].map(
        (m) => `commute.${m}`,
      ), // 7
      'spend.average', // tier 3 of 1, 2, 4, 5, 6, 8, 15
      ...DESNZ_2020_ROWS.filter(([activity]) => activity.startsWith('material.')).map(([activity]) => activity), // 1, 2
    ];
    for (const region of ['GLOBAL', 'GB', 'DE', 'US-CA', 'BR', 'ZZ']) {
      for (const activity of keys) {
        const r = resolveFactor({ activity, region, year: 2024 }, candidates.get(activity), new Map());
        expect(r.status, `${activity} in ${region}`).toBe('resolved');
      }
    }
    // Region-specific where the data is: grid and electricity WTT by country, EU members → EU.
    const at = (activity: string, region: string) => {
      const r = resolveFactor({ activity, region, year: 2024 }, candidates.get(activity), new Map());
      return r.status === 'resolved' ? [r.factor.region, r.factor.value] : null;
    };
    expect(at('electricity.grid', 'US-CA')).toEqual(['US', grid('US')]);
    expect(at('electricity.grid', 'ZZ')).toEqual(['GLOBAL', grid('GLOBAL')]);
    expect(at('electricity.wtt', 'DE')).toEqual(['DE', desnz('electricity.wtt', 'DE')]);
    expect(at('electricity.wtt', 'EE')).toEqual(['EE', desnz('electricity.wtt', 'EE')]);
    expect(at('electricity.wtt', 'BR')).toEqual(['BR', desnz('electricity.wtt', 'BR')]);
    expect(at('electricity.wtt', 'ZZ')).toEqual(['GLOBAL', desnz('electricity.wtt', 'GB')]);
  });
});

/** Level 1 › … › Column Text [UOM] of a sheet row, as the excerpt cites it. */
function levelPath(ws: XLSXTypes.WorkSheet, row: number): string {
  const cell = (c: string) => String(ws[`${c}${row}`]?.v ?? '');
  return `${['B', 'C', 'D', 'E', 'F'].map(cell).filter(Boolean).join(' › ')} [${cell('H')}]`;
}

describe.runIf(hasData)('built-in excerpts match the public files they cite', () => {
  let sheet: XLSXTypes.WorkSheet | undefined;
  /** The 2020 flat file's sheet, read once (about a second). */
  const desnzSheet = () => {
    const XLSX = createRequire(import.meta.url)('xlsx') as typeof XLSXTypes;
    sheet ??= XLSX.readFile(dataFile('desnz', 'conversion-factors-2020-flat-file.xlsx')).Sheets[DESNZ_2020_SHEET]!;
    return sheet;
  };

  it('every DESNZ 2020 row: value, GHG and level path at the cited sheet row', () => {
    const ws = desnzSheet();
    expect(ws.K5?.v).toBe('GHG Conversion Factor 2020');
    for (const [activity, , , value, , row, path] of DESNZ_2020_ROWS) {
      expect(ws[`I${row}`]?.v, `${activity} row ${row}`).toBe('kg CO2e');
      expect(Number(Number(ws[`K${row}`]?.v).toPrecision(12)), `${activity} row ${row}`).toBe(value);
      expect(levelPath(ws, row), `${activity} row ${row}`).toBe(path);
    }
  });

  it('every "Material use › … › Primary material production" row with a value is a material.* key, and nothing else is', () => {
    const ws = desnzSheet();
    const cell = (c: string, row: number) => ws[`${c}${row}`]?.v;
    const XLSX = createRequire(import.meta.url)('xlsx') as typeof XLSXTypes;
    const last = XLSX.utils.decode_range(ws['!ref']!).e.r + 1;
    const fileRows: number[] = [];
    for (let row = 1; row <= last; row++) {
      if (cell('B', row) === 'Material use' && cell('F', row) === 'Primary material production' && typeof cell('K', row) === 'number') fileRows.push(row);
    }
    const material = DESNZ_2020_ROWS.filter(([activity]) => activity.startsWith('material.'));
    expect(material.map(([, , , , , row]) => row)).toEqual(fileRows);
    // 38 rows, 2250 (aggregates) to 2376 (paper); Soils and Books have no primary production value.
    expect(fileRows).toHaveLength(38);
    expect([fileRows[0], fileRows.at(-1)]).toEqual([2250, 2376]);
    for (const [activity, region, category, , unit] of material) {
      expect({ region, category, unit }, activity).toEqual({ region: 'GLOBAL', category: null, unit: 'kgCO2e/t' });
    }
    expect(new Set(material.map(([activity]) => activity)).size).toBe(38);
  });

  it('every grid row: the file entry, its year and g per kWh', () => {
    const file = JSON.parse(readFileSync(dataFile('grid', 'average-intensities.json'), 'utf8')) as Record<
      string,
      { country_code: string; year: number; emissions_intensity_gco2_per_kwh: number }
    >;
    for (const [, key, year, g] of GRID_ROWS) {
      expect(file[key], key).toMatchObject({ year, emissions_intensity_gco2_per_kwh: g });
    }
    // Every country in the file with an ISO 3166-1 code is there (XKX, Kosovo, has none).
    const countries = Object.values(file).filter((e) => e.country_code !== '' && e.country_code !== 'XKX');
    expect(GRID_ROWS.filter(([region]) => region !== 'GLOBAL' && region !== 'EU')).toHaveLength(countries.length);
  });
});

describe('one record per category with only built-in factors, on a fresh embedded database', () => {
  let fx: DriverFixture;
  let app: FastifyInstance;
  let key: string;
  const auth = () => ({ authorization: `Bearer ${key}` });

  beforeAll(async () => {
    fx = await pgliteFactory();
    const rt = await prepareDatabase(fx.driver, { cursorSecret: null });
    key = await addApiKey(fx.driver, (await ensureTenant(fx.driver, 'coverage')).id);
    app = await buildApp({ driver: fx.driver, config: { bodyLimitBytes: 1024 * 1024, logLevel: 'silent' }, cursorSecret: rt.cursorSecret });
  });
  afterAll(async () => {
    await app?.close();
    await fx?.close();
  });

  interface Expected {
    tier: number;
    method: string;
    kg: number;
    /** Source name of each factor used, in the order the result lists them. */
    sources: string[];
  }

  async function calc(record: Record<string, unknown>, e: Expected) {
    const res = await app.inject({ method: 'POST', url: '/v1/calculations', headers: auth(), payload: { record: { date: '2024-03-01', ...record } } });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect({ tier: body.tier, method: body.method }).toEqual({ tier: e.tier, method: e.method });
    expect(body.kg_co2e).toBeCloseTo(e.kg, 9);
    expect(body.factors.map((f: { source: string }) => f.source)).toEqual(e.sources);
    return body;
  }

  it('category 1, purchased goods: quantity × material factor (average data), and spend × sector average', async () => {
    // 2 t × 3,000.6364 kg/t (Material use › Metal › Metal: steel cans › Primary material production, BEIS 2020 row 2341) = 6,001.2728
    const steel = await calc(
      { category: 1, product: 'material.steel_cans', quantity: 2, unit: 't' },
      { tier: 2, method: 'average_data', kg: 2 * desnz('material.steel_cans'), sources: [DESNZ] },
    );
    expect(steel.kg_co2e).toBeCloseTo(6001.2728, 9);
    expect(steel.factors[0]).toMatchObject({ value: 3000.6364, unit: 'kgCO2e/t', region: 'GLOBAL' });
    const cited = (await app.inject({ url: `/v1/factors/${steel.factors[0].id}`, headers: auth() })).json();
    expect(cited).toMatchObject({ activity: 'material.steel_cans', licence: 'OGL-3.0', source_id: builtinDatasets[1]!.source.id, year: 2020 });
    expect(cited.citation).toContain('Row 2341: Material use › Metal › Metal: steel cans › Primary material production [tonnes].');
    // 250 kg = 0.25 t × 3,116.2916 kg/t (Plastics: average plastics, row 2343) = 779.0729
    const plastic = await calc(
      { category: 1, product: 'material.plastics_average', quantity: 250, unit: 'kg' },
      { tier: 2, method: 'average_data', kg: 779.0729, sources: [DESNZ] },
    );
    expect(plastic.inputs_used).toMatchObject({ quantity: 0.25, unit: 't' });
    // 1,000 USD × 0.45 kg/USD (spend.manufacturing, Greenline built-in defaults) = 450
    await calc(
      { category: 1, spend: 1000, currency: 'USD', sector: 'manufacturing' },
      { tier: 3, method: 'spend_based_sector', kg: 450, sources: [GREENLINE] },
    );
  });

  it('category 2, capital goods: quantity × material factor (average data), and capex × sector average', async () => {
    // 10 t × 131.7726 kg/t (Material use › Construction › Concrete › Primary material production, BEIS 2020 row 2270) = 1,317.726
    await calc({ category: 2, asset: 'material.concrete', quantity: 10, unit: 't' }, { tier: 2, method: 'average_data', kg: 1317.726, sources: [DESNZ] });
    // 10,000 USD × 0.42 kg/USD (spend.construction, Greenline built-in defaults) = 4,200
    await calc(
      { category: 2, capex: 10_000, currency: 'USD', sector: 'construction' },
      { tier: 3, method: 'spend_based_sector', kg: 4200, sources: [GREENLINE] },
    );
  });

  it('category 3, electricity: qty × (WTT + T&D), and qty × WTT + qty × grid × td_loss_pct', async () => {
    // 1,000 kWh × (0.0648911665526 WTT Germany, BEIS 2020 row 2814 + 0.02005 T&D UK as global default, row 2379)
    const de = await calc(
      { category: 3, region: 'DE', energy_type: 'electricity', quantity: 1000, unit: 'kWh' },
      { tier: 2, method: 'average_data', kg: 1000 * desnz('electricity.wtt', 'DE') + 1000 * desnz('electricity.td_loss'), sources: [DESNZ, DESNZ] },
    );
    expect(de.kg_co2e).toBeCloseTo(84.9411665526, 9);
    // 1,000 kWh × 0.03217 (WTT UK, BEIS 2020 row 2797) + 1,000 kWh × 0.21579 (GB grid 2024, Ember) × 5 / 100
    const gb = await calc(
      { category: 3, region: 'GB', energy_type: 'electricity', quantity: 1000, unit: 'kWh', td_loss_pct: 5 },
      { tier: 2, method: 'average_data', kg: 32.17 + 10.7895, sources: [DESNZ, EMBER] },
    );
    expect(gb.factors[1]).toMatchObject({ value: grid('GB'), unit: 'kgCO2e/kWh', region: 'GB' });
  });

  it('category 3, fuels: qty × WTT of the fuel', async () => {
    // 10,000 kWh × 0.02391 (WTT natural gas, gross CV, BEIS 2020 row 2703) = 239.1
    await calc({ category: 3, energy_type: 'natural_gas', quantity: 10_000, unit: 'kWh' }, { tier: 2, method: 'average_data', kg: 239.1, sources: [DESNZ] });
    // 500 L × 0.61015 (WTT diesel, average biofuel blend, row 2725) = 305.075
    await calc({ category: 3, energy_type: 'diesel', quantity: 500, unit: 'L' }, { tier: 2, method: 'average_data', kg: 305.075, sources: [DESNZ] });
  });

  it('category 4, upstream transport: distance × mass × ef', async () => {
    // 500 km × 12 t × 0.062 kg/tkm (heavy truck, Greenline built-in defaults) = 372
    await calc(
      { category: 4, mode: 'truck_heavy', distance: 500, distance_unit: 'km', mass: 12, mass_unit: 't' },
      { tier: 2, method: 'distance_based', kg: 372, sources: [GREENLINE] },
    );
  });

  it('category 5, waste: by waste type, and the treatment average', async () => {
    // 2 t × 8.9344 kg/t (landfill, average plastics, BEIS 2020 row 6847) × (1 − 0.25) = 13.4016
    await calc(
      { category: 5, treatment: 'landfill', waste_type: 'plastic', mass: 2, mass_unit: 't', recycling_rate: 0.25 },
      { tier: 2, method: 'waste_type_specific', kg: 13.4016, sources: [DESNZ] },
    );
    // 500 kg = 0.5 t × 458.1763 kg/t (landfill, commercial and industrial waste, row 6811) = 229.08815
    await calc({ category: 5, treatment: 'landfill', mass: 500, mass_unit: 'kg' }, { tier: 2, method: 'average_data', kg: 229.08815, sources: [DESNZ] });
    // 1 t × 21.3167 kg/t (combustion, commercial and industrial waste, row 6808)
    await calc({ category: 5, treatment: 'incineration', mass: 1, mass_unit: 't' }, { tier: 2, method: 'average_data', kg: 21.3167, sources: [DESNZ] });
  });

  it('category 6, business travel: flight, rail, bus, car, taxi, hotel', async () => {
    // 1,000 km × 2 passengers × 0.115 kg/pkm (economy, Greenline built-in defaults) = 230
    await calc(
      { category: 6, travel_type: 'flight', cabin: 'economy', distance: 1000, distance_unit: 'km', passengers: 2 },
      { tier: 2, method: 'distance_based', kg: 230, sources: [GREENLINE] },
    );
    // 400 km × 3 passengers × 0.03694 kg/pkm (national rail, BEIS 2020 row 4298) = 44.328
    await calc(
      { category: 6, travel_type: 'rail', distance: 400, distance_unit: 'km', passengers: 3 },
      { tier: 2, method: 'distance_based', kg: 44.328, sources: [DESNZ] },
    );
    // 50 km × 1 passenger × 0.10312 kg/pkm (average local bus, row 4290) = 5.156
    await calc({ category: 6, travel_type: 'bus', distance: 50, distance_unit: 'km' }, { tier: 2, method: 'distance_based', kg: 5.156, sources: [DESNZ] });
    // 300 km × 0.1714 kg per vehicle-km (average car, unknown fuel, row 4210), 2 people share it = 51.42
    await calc(
      { category: 6, travel_type: 'car', distance: 300, distance_unit: 'km', passengers: 2 },
      { tier: 2, method: 'distance_based', kg: 51.42, sources: [DESNZ] },
    );
    // 20 km × 0.20369 kg per vehicle-km (regular taxi, row 4266) = 4.0738
    await calc({ category: 6, travel_type: 'taxi', distance: 20, distance_unit: 'km' }, { tier: 2, method: 'distance_based', kg: 4.0738, sources: [DESNZ] });
    // 3 nights × 24.2 kg/night (GB, Greenline built-in defaults) = 72.6
    await calc({ category: 6, travel_type: 'hotel', nights: 3, country: 'GB' }, { tier: 2, method: 'average_data', kg: 72.6, sources: [GREENLINE] });
  });

  it('category 7, employee commuting: per vehicle-km (car) and per passenger-km (rail)', async () => {
    // 20 km/day × 5 days × 46 weeks × 10 employees / occupancy 1 = 46,000 vehicle-km × 0.1714 (average car, row 4210) = 7,884.4
    await calc(
      { category: 7, mode: 'car', distance: 20, distance_unit: 'km', days_per_week: 5, weeks: 46, employees: 10 },
      { tier: 2, method: 'distance_based', kg: 7884.4, sources: [DESNZ] },
    );
    // 15 km one way × 2 × 5 × 46 = 6,900 pkm × 0.03694 (national rail, row 4298) = 254.886
    await calc(
      { category: 7, mode: 'rail', distance: 15, distance_unit: 'km', one_way: true, days_per_week: 5, weeks: 46 },
      { tier: 2, method: 'distance_based', kg: 254.886, sources: [DESNZ] },
    );
  });

  it('category 8, upstream leased assets: floor area × energy intensity × lease fraction × grid', async () => {
    // 1,000 m² × 100 kWh/m² × 0.5 = 50,000 kWh × 0.34206 (DE grid 2024, Ember) = 17,103
    await calc(
      { category: 8, region: 'DE', floor_area: 1000, area_unit: 'm2', energy_intensity: 100, lease_fraction: 0.5 },
      { tier: 2, method: 'area_based', kg: 50_000 * grid('DE'), sources: [EMBER] },
    );
    expect(50_000 * grid('DE')).toBeCloseTo(17_103, 9);
  });

  it('category 9, downstream transport: distance × mass × ef', async () => {
    // 1,000 km × 20 t × 0.022 kg/tkm (rail freight, Greenline built-in defaults) = 440
    await calc(
      { category: 9, mode: 'rail', distance: 1000, distance_unit: 'km', mass: 20, mass_unit: 't' },
      { tier: 2, method: 'distance_based', kg: 440, sources: [GREENLINE] },
    );
  });

  it('category 10, processing: site-specific energy × grid (no generic processing factor is public)', async () => {
    // 100 t × 50 kWh/t = 5,000 kWh × CN grid (Ember)
    await calc(
      { category: 10, region: 'CN', quantity: 100, unit: 't', energy_per_unit: 50, energy_unit: 'kWh' },
      { tier: 1, method: 'site_specific', kg: 5000 * grid('CN'), sources: [EMBER] },
    );
    // Tier 2 with a published industry-average energy per unit: the same 5,000 kWh × CN grid (Ember)
    const avg = await calc(
      { category: 10, region: 'CN', quantity: 100, unit: 't', energy_per_unit: 50, energy_unit: 'kWh', energy_data: 'industry_average' },
      { tier: 2, method: 'average_data_energy', kg: 5000 * grid('CN'), sources: [EMBER] },
    );
    expect(avg.inputs_used).toMatchObject({ quantity: 100, energy_per_unit: 50, energy: 5000, energy_data: 'industry_average' });
    expect(avg.tier_fallback.skipped[0].reason).toContain('not the processor');
  });

  it('category 11, use of sold products: units × kWh/yr × lifetime × grid, + fuel', async () => {
    // 1,000 units × 50 kWh/yr × 10 yr = 500,000 kWh × 0.38355 (US grid 2024, Ember) = 191,775
    await calc(
      { category: 11, region: 'US', units: 1000, lifetime_years: 10, energy_per_year: 50, energy_unit: 'kWh' },
      { tier: 2, method: 'use_phase', kg: 191_775, sources: [EMBER] },
    );
    // + 1,000 × 10 L/yr × 10 yr = 100,000 L petrol × 2.16802 (BEIS 2020 row 238) = 216,802
    await calc(
      {
        category: 11,
        region: 'US',
        units: 1000,
        lifetime_years: 10,
        energy_per_year: 50,
        energy_unit: 'kWh',
        fuel_type: 'petrol',
        fuel_per_year: 10,
        fuel_unit: 'L',
      },
      { tier: 2, method: 'use_phase', kg: 191_775 + 216_802, sources: [EMBER, DESNZ] },
    );
  });

  it('category 12, end of life: by material, and the treatment averages', async () => {
    // 1,000 units × 0.5 kg = 0.5 t × 21.3167 (combustion, average plastics, row 6846) + 1,000 × 0.2 kg = 0.2 t × 1,041.8361 (landfill, mixed paper and board, row 6889)
    await calc(
      {
        category: 12,
        units: 1000,
        materials: [
          { material: 'plastic', mass: 0.5, mass_unit: 'kg', treatment: 'incineration' },
          { material: 'paper', mass: 0.2, mass_unit: 'kg', treatment: 'landfill' },
        ],
      },
      { tier: 2, method: 'waste_type_specific', kg: 10.65835 + 208.36722, sources: [DESNZ, DESNZ] },
    );
    // No factor for ceramics: 100 × 1 kg = 0.1 t × 458.1763 (landfill, commercial and industrial waste, row 6811) = 45.81763
    await calc(
      { category: 12, units: 100, materials: [{ material: 'ceramic', mass: 1, mass_unit: 'kg', treatment: 'landfill' }] },
      { tier: 2, method: 'average_data', kg: 45.81763, sources: [DESNZ] },
    );
  });

  it('category 13, downstream leased assets: floor area × energy intensity × grid', async () => {
    // 200 m² × 150 kWh/m² = 30,000 kWh × FR grid 2024 (Ember)
    await calc(
      { category: 13, region: 'FR', floor_area: 200, area_unit: 'm2', energy_intensity: 150 },
      { tier: 2, method: 'area_based', kg: 30_000 * grid('FR'), sources: [EMBER] },
    );
  });

  it('category 14, franchises: metered electricity × grid + gas × combustion factor', async () => {
    // 10,000 kWh × JP grid (Ember) + 5,000 kWh × 0.18387 (natural gas, gross CV, BEIS 2020 row 54) = … + 919.35
    await calc(
      {
        category: 14,
        region: 'JP',
        energy: [
          { type: 'electricity', quantity: 10_000, unit: 'kWh' },
          { type: 'natural_gas', quantity: 5000, unit: 'kWh' },
        ],
      },
      { tier: 1, method: 'franchise_specific', kg: 10_000 * grid('JP') + 919.35, sources: [EMBER, DESNZ] },
    );
    // Tier 2 by area: 150 m² × 300 kWh/m² = 45,000 kWh × JP grid 2024 (Ember)
    await calc(
      { category: 14, region: 'JP', floor_area: 150, area_unit: 'm2', energy_intensity: 300, franchise_type: 'cafe' },
      { tier: 2, method: 'area_based_intensity', kg: 45_000 * grid('JP'), sources: [EMBER] },
    );
  });

  it('category 15, investments: company emissions × outstanding / EVIC (no factor)', async () => {
    // 1,000 t × 1,000 kg/t × 10 / 100 = 100,000
    await calc(
      { category: 15, company_emissions_tco2e: 1000, outstanding: 10, evic: 100, pcaf_score: 2 },
      { tier: 1, method: 'pcaf_company_emissions', kg: 100_000, sources: [] },
    );
  });

  it('names the missing key and how to supply it where no public generic factor exists (building, franchise, processing)', async () => {
    const refused = async (record: Record<string, unknown>, keys: string[]) => {
      const res = await app.inject({ method: 'POST', url: '/v1/calculations', headers: auth(), payload: { record: { date: '2024-03-01', ...record } } });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
      const message: string = res.json().errors[0].message;
      expect(message).toContain('no method could be used');
      for (const key of keys) expect(message).toContain(`no factor for ${key}`);
      expect(message).toContain(`To supply ${keys.join(', ')}, add a tenant override with POST /v1/factors (activity "${keys[0]}"`);
    };
    await refused({ category: 8, floor_area: 1000, area_unit: 'm2', building_type: 'office' }, ['building.office']);
    await refused({ category: 13, floor_area: 200, area_unit: 'm2', building_type: 'retail' }, ['building.retail']);
    await refused({ category: 14, floor_area: 150, area_unit: 'm2', franchise_type: 'cafe', count: 3 }, ['building.cafe', 'franchise.cafe']);
    await refused({ category: 10, quantity: 100, unit: 't', process: 'milling' }, ['processing.milling']);
    // Doing what the message says makes the record compute: 1,000 m² × 55 kg/m² (the tenant's own factor) = 55,000.
    const added = await app.inject({
      method: 'POST',
      url: '/v1/factors',
      headers: auth(),
      payload: { activity: 'building.office', name: 'Office, our metered average', value: 55, unit: 'kgCO2e/m2', year: 2024 },
    });
    expect(added.statusCode, added.body).toBe(201);
    const office = await calc(
      { category: 8, floor_area: 1000, area_unit: 'm2', building_type: 'office' },
      { tier: 2, method: 'area_based_building', kg: 55_000, sources: ['Tenant factors'] },
    );
    expect(office.factors[0]).toMatchObject({ resolved_by: 'tenant_override', value: 55 });
  });

  it('GET /v1/factors/:id shows each factor’s own source, licence and citation', async () => {
    const rail = await calc(
      { category: 6, travel_type: 'rail', distance: 100, distance_unit: 'km' },
      { tier: 2, method: 'distance_based', kg: 3.694, sources: [DESNZ] },
    );
    const f = (await app.inject({ url: `/v1/factors/${rail.factors[0].id}`, headers: auth() })).json();
    expect(f).toMatchObject({ activity: 'travel.rail', region: 'GLOBAL', year: 2020, value: 0.03694, unit: 'kgCO2e/pkm', licence: 'OGL-3.0', gwp_set: 'AR4' });
    expect(f.source_id).toBe(builtinDatasets[1]!.source.id);
    expect(f.citation).toContain(OGL);
    expect(f.citation).toContain('Row 4298: Business travel- land › Rail › National rail [passenger.km]');
    const gridId = builtinDatasets[2]!.factors.find((x) => x.region === 'GB')!.id;
    const g = (await app.inject({ url: `/v1/factors/${gridId}`, headers: auth() })).json();
    expect(g).toMatchObject({
      activity: 'electricity.grid',
      region: 'GB',
      value: grid('GB'),
      licence: 'CC-BY-SA-4.0',
      source_id: builtinDatasets[2]!.source.id,
    });
    expect(g.citation).toContain('CC BY-SA 4.0');
    const truck = (await app.inject({ url: `/v1/factors/${builtinFactors.factors[2]!.id}`, headers: auth() })).json();
    expect(truck).toMatchObject({ activity: 'transport.road.truck_heavy', licence: 'CC0-1.0', source_id: builtinFactors.source.id });
  });
});
