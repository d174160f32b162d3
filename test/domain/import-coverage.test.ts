/**
 * Factor coverage, issue 15 item 1: one record per category (1–15) and per average-data method
 * computes on a fresh embedded database with the built-in factors, then again after each import
 * (EPA supply chain v1.3, BEIS 2020 flat file, EPA GHG Emission Factors Hub 2024, grid
 * intensities), to the exact kg CO2e, with the data set (source and version) of every factor.
 *
 * What each import changes, by the cascade (src/domain/factors/resolve.ts):
 *   - EPA supply chain: spend with a NAICS code gets `eeio.naics.*` (tier 3 by NAICS, not sector).
 *   - BEIS 2020: every key the built-in excerpt answered (material.* of categories 1 and 2 among
 *     them) now resolves to the imported data set
 *     (same region and year: an import beats a built-in screening excerpt); rows with a gas
 *     breakdown are recomputed with AR5 (the default GWP set), the excerpt kept the AR4 CO2e.
 *   - EPA hub: records in the US (region `US`) get the US factors (region before global).
 *   - Grid: electricity by country from the imported file; for the US it ties with the EPA hub's
 *     US average on year (2024) and the later dataset version wins ("2024-7f0b09eb" over
 *     "2024-02-13"); eGRID subregions (`US-CAMX`) stay the hub's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calculateAndStore } from '../../src/calculate/calculate-records.ts';
import { US_CPI_U } from '../../src/domain/currency.ts';
import { DESNZ_2020_ROWS } from '../../src/domain/factors/builtin-desnz-2020.ts';
import { GRID_ROWS, gridKgPerKwh } from '../../src/domain/factors/builtin-grid-ember.ts';
import type { ImportFormat } from '../../src/domain/factors/importers/index.ts';
import { importFactorFile } from '../../src/jobs/import-factor-file.ts';
import { prepareDatabase } from '../../src/runtime.ts';
import { resolveFactors } from '../../src/store/factor-broker.ts';
import { getFactor } from '../../src/store/factors.ts';
import { ensureTenant } from '../../src/store/tenants.ts';
import { dataFile, dataRequired, hasData, missingDataMessage } from '../importers/reference-data.ts';
import { type DriverFixture, pgliteFactory } from '../support/databases.ts';
import { desnzAr5, GAL_L, hubCo2e, LB_KG, MILE_KM, MMBTU_KWH, r12, SHORT_TON_T, TON_MILE_TKM } from './factor-arithmetic.ts';

type Stage = 'built-in' | 'epa-supply-chain' | 'desnz' | 'epa-hub' | 'grid';
type DataSet = readonly [source: string, version: string];

const GREENLINE: DataSet = ['Greenline built-in defaults', '2026.1'];
const DESNZ_X: DataSet = ['UK BEIS GHG conversion factors 2020 (built-in excerpt)', '2020-excerpt'];
const EMBER_X: DataSet = ['Ember via co2.js grid intensities (Greenline built-in excerpt)', '2024'];
const EPA_SC: DataSet = ['US EPA Supply Chain GHG Emission Factors', 'v1.3.0'];
const DESNZ: DataSet = ['UK Government GHG Conversion Factors for Company Reporting', '2020'];
const HUB: DataSet = ['US EPA GHG Emission Factors Hub', '2024-02-13'];
const GRID: DataSet = ['Ember yearly electricity data via co2.js (grid intensities)', '2024-7f0b09eb'];

const IMPORTS: ReadonlyArray<readonly [Stage, ImportFormat, string[], number]> = [
  ['epa-supply-chain', 'epa-supply-chain', ['epa-supply-chain', 'SupplyChainGHGEmissionFactors_v1.3.0_NAICS_CO2e_USD2022.csv'], 2032],
  ['desnz', 'desnz', ['desnz', 'conversion-factors-2020-flat-file.xlsx'], 2367 + 184],
  ['epa-hub', 'epa-hub', ['epa-ghg-hub', 'ghg-emission-factors-hub-2024.xlsx'], 309],
  ['grid', 'grid', ['grid', 'average-intensities.json'], 210],
];

/** The built-in excerpt's value of a BEIS 2020 row, and the Ember grid value of a country. */
function excerpt(activity: string, region = 'GLOBAL'): number {
  return DESNZ_2020_ROWS.find((r) => r[0] === activity && r[1] === region)![3];
}
function grid(region: string): number {
  return gridKgPerKwh(GRID_ROWS.find((r) => r[0] === region)![3]);
}

// BEIS 2020 rows with gas rows, recomputed with AR5 (kg CO2, then CH4 and N2O in kg CO2e, AR4):
const TD_LOSS = desnzAr5(0.01987, 0.00006, 0.00012); // row 2379, T&D- UK electricity
const RAIL = desnzAr5(0.03659, 0.00006, 0.00029); // row 4298, national rail, per pkm
const CAR = desnzAr5(0.17015, 0.00016, 0.00109); // row 4210, average car, unknown fuel, per km
const TAXI = desnzAr5(0.20185, 0.00000349, 0.00184); // row 4266, regular taxi, per km
const PETROL = desnzAr5(2.15532, 0.00669, 0.00601); // row 238, petrol (average biofuel blend), per L
const NATURAL_GAS = desnzAr5(0.18352, 0.00025, 0.0001); // row 54, natural gas, gross CV, per kWh
const STEAM = desnzAr5(0.17102, 0.00103, 0.00055); // row 2242, district heat and steam, per kWh

// EPA GHG Emission Factors Hub 2024, sheet "Emission Factors Hub" (kg CO2, g CH4, g N2O per unit):
const HUB_US_GRID = r12((hubCo2e(823.149, 0.066 * 1000, 0.009 * 1000) * LB_KG) / 1000); // row 359, US Average, lb/MWh
const HUB_TRUCK = r12(hubCo2e(0.16804260183413908, 0.001471682563530259, 0.004664956050435538) / TON_MILE_TKM); // row 415
const HUB_RAIL_FREIGHT = r12(hubCo2e(0.021893211868107464, 0.0017107647541486372, 0.000547444721327564) / TON_MILE_TKM); // row 416
const HUB_MSW_LANDFILL = r12(580 / SHORT_TON_T); // row 467, Mixed MSW landfilled: 0.58 t CO2e per short ton
const HUB_CAR = r12(hubCo2e(0.17515256410803692, 0.005141464699844529, 0.003440577635619231) / MILE_KM); // row 494, per vehicle-mile
const HUB_COMMUTER_RAIL = r12(hubCo2e(0.13331164474515053, 0.0105219305594572, 0.002610215057937869) / MILE_KM); // row 500, per passenger-mile
const HUB_PETROL = r12(hubCo2e(8.78, 0.38, 0.08) / GAL_L); // row 67, motor gasoline, per gallon
const HUB_NATURAL_GAS = r12(hubCo2e(53.06, 1, 0.1) / MMBTU_KWH); // row 39, per mmBtu
const HUB_STEAM = r12(hubCo2e(66.33, 1.25, 0.125) / MMBTU_KWH); // row 401, per mmBtu

/** EPA supply chain v1.3, NAICS 331110 with margins, 0.787 kg CO2e per USD2022; spend in 2024 USD deflated by US CPI-U. */
const EPA_331110 = (0.787 * US_CPI_U[2022]!) / US_CPI_U[2024]!;

interface Outcome {
  tier: number;
  method: string;
  kg: number;
  /** The data set of each factor, in the order the result lists them. */
  used: DataSet[];
}

interface Case {
  name: string;
  record: Record<string, unknown>;
  /** The outcome with the built-in factors, and after each import that changes it (else unchanged). */
  at: { 'built-in': Outcome } & Partial<Record<Exclude<Stage, 'built-in'>, Outcome>>;
}

const CASES: Case[] = [
  {
    name: 'cat 1 spend, NAICS 331110 (US)',
    record: { category: 1, region: 'US', spend: 1000, currency: 'USD', naics: '331110' },
    at: {
      // 1,000 USD × 0.35 (spend.average; no EEIO factor for the NAICS code yet)
      'built-in': { tier: 3, method: 'spend_based_sector', kg: 350, used: [GREENLINE] },
      'epa-supply-chain': { tier: 3, method: 'spend_based', kg: 1000 * EPA_331110, used: [EPA_SC] },
    },
  },
  {
    name: 'cat 1 average data: steel cans by the tonne',
    record: { category: 1, product: 'material.steel_cans', quantity: 2, unit: 't' },
    at: {
      // 2 t × 3,000.6364 (Material use › Metal › Metal: steel cans › Primary material production, row 2341; no gas rows)
      'built-in': { tier: 2, method: 'average_data', kg: 6001.2728, used: [DESNZ_X] },
      desnz: { tier: 2, method: 'average_data', kg: 6001.2728, used: [DESNZ] },
    },
  },
  {
    name: 'cat 2 average data: concrete, in kg',
    record: { category: 2, asset: 'material.concrete', quantity: 5000, unit: 'kg' },
    at: {
      // 5,000 kg = 5 t × 131.7726 (Material use › Construction › Concrete › Primary material production, row 2270)
      'built-in': { tier: 2, method: 'average_data', kg: 658.863, used: [DESNZ_X] },
      desnz: { tier: 2, method: 'average_data', kg: 658.863, used: [DESNZ] },
    },
  },
  {
    name: 'cat 2 capex, construction sector',
    record: { category: 2, capex: 10_000, currency: 'USD', sector: 'construction' },
    at: { 'built-in': { tier: 3, method: 'spend_based_sector', kg: 4200, used: [GREENLINE] } }, // 10,000 USD × 0.42
  },
  {
    name: 'cat 3 electricity DE: WTT + T&D',
    record: { category: 3, region: 'DE', energy_type: 'electricity', quantity: 1000, unit: 'kWh' },
    at: {
      // 1,000 kWh × (WTT Germany, row 2814 + T&D UK as the global default, row 2379)
      'built-in': {
        tier: 2,
        method: 'average_data',
        kg: 1000 * excerpt('electricity.wtt', 'DE') + 1000 * excerpt('electricity.td_loss'),
        used: [DESNZ_X, DESNZ_X],
      },
      desnz: { tier: 2, method: 'average_data', kg: 1000 * excerpt('electricity.wtt', 'DE') + 1000 * TD_LOSS, used: [DESNZ, DESNZ] },
    },
  },
  {
    name: 'cat 3 electricity US: WTT + grid × td_loss_pct',
    record: { category: 3, region: 'US', energy_type: 'electricity', quantity: 1000, unit: 'kWh', td_loss_pct: 5 },
    at: {
      // 1,000 kWh × WTT United States (BEIS 2020) + 1,000 kWh × US grid × 5 %
      'built-in': { tier: 2, method: 'average_data', kg: 1000 * excerpt('electricity.wtt', 'US') + 50 * grid('US'), used: [DESNZ_X, EMBER_X] },
      desnz: { tier: 2, method: 'average_data', kg: 1000 * excerpt('electricity.wtt', 'US') + 50 * grid('US'), used: [DESNZ, EMBER_X] },
      'epa-hub': { tier: 2, method: 'average_data', kg: 1000 * excerpt('electricity.wtt', 'US') + 50 * HUB_US_GRID, used: [DESNZ, HUB] },
      grid: { tier: 2, method: 'average_data', kg: 1000 * excerpt('electricity.wtt', 'US') + 50 * grid('US'), used: [DESNZ, GRID] },
    },
  },
  {
    name: 'cat 3 natural gas: WTT',
    record: { category: 3, energy_type: 'natural_gas', quantity: 10_000, unit: 'kWh' },
    at: {
      // 10,000 kWh × 0.02391 (WTT natural gas, gross CV, row 2703; no gas rows in the file)
      'built-in': { tier: 2, method: 'average_data', kg: 239.1, used: [DESNZ_X] },
      desnz: { tier: 2, method: 'average_data', kg: 239.1, used: [DESNZ] },
    },
  },
  {
    name: 'cat 4 heavy truck, US',
    record: { category: 4, region: 'US', mode: 'truck_heavy', distance: 500, distance_unit: 'km', mass: 12, mass_unit: 't' },
    at: {
      'built-in': { tier: 2, method: 'distance_based', kg: 372, used: [GREENLINE] }, // 6,000 tkm × 0.062
      'epa-hub': { tier: 2, method: 'distance_based', kg: 6000 * HUB_TRUCK, used: [HUB] },
    },
  },
  {
    name: 'cat 5 waste-type-specific: plastic to landfill',
    record: { category: 5, treatment: 'landfill', waste_type: 'plastic', mass: 2, mass_unit: 't', recycling_rate: 0.25 },
    at: {
      // 2 t × (1 − 0.25) × 8.9344 (average plastics to landfill, row 6847)
      'built-in': { tier: 2, method: 'waste_type_specific', kg: 13.4016, used: [DESNZ_X] },
      desnz: { tier: 2, method: 'waste_type_specific', kg: 13.4016, used: [DESNZ] },
    },
  },
  {
    name: 'cat 5 average data: mixed waste to landfill, US',
    record: { category: 5, region: 'US', treatment: 'landfill', mass: 500, mass_unit: 'kg' },
    at: {
      // 0.5 t × 458.1763 (commercial and industrial waste to landfill, row 6811)
      'built-in': { tier: 2, method: 'average_data', kg: 229.08815, used: [DESNZ_X] },
      desnz: { tier: 2, method: 'average_data', kg: 229.08815, used: [DESNZ] },
      'epa-hub': { tier: 2, method: 'average_data', kg: 0.5 * HUB_MSW_LANDFILL, used: [HUB] },
    },
  },
  {
    name: 'cat 6 flight',
    record: { category: 6, travel_type: 'flight', cabin: 'economy', distance: 1000, distance_unit: 'km', passengers: 2 },
    at: { 'built-in': { tier: 2, method: 'distance_based', kg: 230, used: [GREENLINE] } }, // 2,000 pkm × 0.115
  },
  {
    name: 'cat 6 rail',
    record: { category: 6, travel_type: 'rail', distance: 400, distance_unit: 'km', passengers: 3 },
    at: {
      'built-in': { tier: 2, method: 'distance_based', kg: 44.328, used: [DESNZ_X] }, // 1,200 pkm × 0.03694
      desnz: { tier: 2, method: 'distance_based', kg: 1200 * RAIL, used: [DESNZ] },
    },
  },
  {
    name: 'cat 6 car, US',
    record: { category: 6, region: 'US', travel_type: 'car', distance: 300, distance_unit: 'km', passengers: 2 },
    at: {
      'built-in': { tier: 2, method: 'distance_based', kg: 51.42, used: [DESNZ_X] }, // 300 vehicle-km × 0.1714
      desnz: { tier: 2, method: 'distance_based', kg: 300 * CAR, used: [DESNZ] },
      'epa-hub': { tier: 2, method: 'distance_based', kg: 300 * HUB_CAR, used: [HUB] },
    },
  },
  {
    name: 'cat 6 taxi',
    record: { category: 6, travel_type: 'taxi', distance: 20, distance_unit: 'km' },
    at: {
      'built-in': { tier: 2, method: 'distance_based', kg: 4.0738, used: [DESNZ_X] }, // 20 km × 0.20369
      desnz: { tier: 2, method: 'distance_based', kg: 20 * TAXI, used: [DESNZ] },
    },
  },
  {
    name: 'cat 6 hotel',
    record: { category: 6, travel_type: 'hotel', nights: 3, country: 'GB' },
    at: { 'built-in': { tier: 2, method: 'average_data', kg: 72.6, used: [GREENLINE] } }, // 3 nights × 24.2
  },
  {
    name: 'cat 7 car',
    record: { category: 7, mode: 'car', distance: 20, distance_unit: 'km', days_per_week: 5, weeks: 46, employees: 10 },
    at: {
      'built-in': { tier: 2, method: 'distance_based', kg: 7884.4, used: [DESNZ_X] }, // 46,000 vehicle-km × 0.1714
      desnz: { tier: 2, method: 'distance_based', kg: 46_000 * CAR, used: [DESNZ] },
    },
  },
  {
    name: 'cat 7 rail, US',
    record: { category: 7, region: 'US', mode: 'rail', distance: 15, distance_unit: 'km', one_way: true, days_per_week: 5, weeks: 46 },
    at: {
      'built-in': { tier: 2, method: 'distance_based', kg: 254.886, used: [DESNZ_X] }, // 6,900 pkm × 0.03694
      desnz: { tier: 2, method: 'distance_based', kg: 6900 * RAIL, used: [DESNZ] },
      'epa-hub': { tier: 2, method: 'distance_based', kg: 6900 * HUB_COMMUTER_RAIL, used: [HUB] },
    },
  },
  {
    name: 'cat 8 area × intensity × grid, DE',
    record: { category: 8, region: 'DE', floor_area: 1000, area_unit: 'm2', energy_intensity: 100, lease_fraction: 0.5 },
    at: {
      'built-in': { tier: 2, method: 'area_based', kg: 50_000 * grid('DE'), used: [EMBER_X] },
      grid: { tier: 2, method: 'area_based', kg: 50_000 * grid('DE'), used: [GRID] },
    },
  },
  {
    name: 'cat 9 rail freight, US',
    record: { category: 9, region: 'US', mode: 'rail', distance: 1000, distance_unit: 'km', mass: 20, mass_unit: 't' },
    at: {
      'built-in': { tier: 2, method: 'distance_based', kg: 440, used: [GREENLINE] }, // 20,000 tkm × 0.022
      'epa-hub': { tier: 2, method: 'distance_based', kg: 20_000 * HUB_RAIL_FREIGHT, used: [HUB] },
    },
  },
  {
    name: 'cat 10 processing energy × grid, CN',
    record: { category: 10, region: 'CN', quantity: 100, unit: 't', energy_per_unit: 50, energy_unit: 'kWh' },
    at: {
      'built-in': { tier: 1, method: 'site_specific', kg: 5000 * grid('CN'), used: [EMBER_X] },
      grid: { tier: 1, method: 'site_specific', kg: 5000 * grid('CN'), used: [GRID] },
    },
  },
  {
    name: 'cat 11 use phase: electricity and petrol, US',
    record: {
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
    at: {
      // 500,000 kWh × US grid + 100,000 L × petrol
      'built-in': { tier: 2, method: 'use_phase', kg: 500_000 * grid('US') + 100_000 * excerpt('fuel.petrol'), used: [EMBER_X, DESNZ_X] },
      desnz: { tier: 2, method: 'use_phase', kg: 500_000 * grid('US') + 100_000 * PETROL, used: [EMBER_X, DESNZ] },
      'epa-hub': { tier: 2, method: 'use_phase', kg: 500_000 * HUB_US_GRID + 100_000 * HUB_PETROL, used: [HUB, HUB] },
      grid: { tier: 2, method: 'use_phase', kg: 500_000 * grid('US') + 100_000 * HUB_PETROL, used: [GRID, HUB] },
    },
  },
  {
    name: 'cat 12 by material',
    record: {
      category: 12,
      units: 1000,
      materials: [
        { material: 'plastic', mass: 0.5, mass_unit: 'kg', treatment: 'incineration' },
        { material: 'paper', mass: 0.2, mass_unit: 'kg', treatment: 'landfill' },
      ],
    },
    at: {
      // 0.5 t × 21.3167 (plastics, combustion, row 6846) + 0.2 t × 1,041.8361 (paper and board mixed, landfill, row 6889)
      'built-in': { tier: 2, method: 'waste_type_specific', kg: 10.65835 + 208.36722, used: [DESNZ_X, DESNZ_X] },
      desnz: { tier: 2, method: 'waste_type_specific', kg: 10.65835 + 208.36722, used: [DESNZ, DESNZ] },
    },
  },
  {
    name: 'cat 12 average data: no factor for the material, US',
    record: { category: 12, region: 'US', units: 100, materials: [{ material: 'ceramic', mass: 1, mass_unit: 'kg', treatment: 'landfill' }] },
    at: {
      'built-in': { tier: 2, method: 'average_data', kg: 45.81763, used: [DESNZ_X] }, // 0.1 t × 458.1763
      desnz: { tier: 2, method: 'average_data', kg: 45.81763, used: [DESNZ] },
      'epa-hub': { tier: 2, method: 'average_data', kg: 0.1 * HUB_MSW_LANDFILL, used: [HUB] },
    },
  },
  {
    name: 'cat 13 area × intensity × grid, FR',
    record: { category: 13, region: 'FR', floor_area: 200, area_unit: 'm2', energy_intensity: 150 },
    at: {
      'built-in': { tier: 2, method: 'area_based', kg: 30_000 * grid('FR'), used: [EMBER_X] },
      grid: { tier: 2, method: 'area_based', kg: 30_000 * grid('FR'), used: [GRID] },
    },
  },
  {
    name: 'cat 14 franchise energy: electricity, natural gas, steam, US',
    record: {
      category: 14,
      region: 'US',
      energy: [
        { type: 'electricity', quantity: 10_000, unit: 'kWh' },
        { type: 'natural_gas', quantity: 5000, unit: 'kWh' },
        { type: 'steam', quantity: 1000, unit: 'kWh' },
      ],
    },
    at: {
      'built-in': {
        tier: 1,
        method: 'franchise_specific',
        kg: 10_000 * grid('US') + 5000 * excerpt('fuel.natural_gas') + 1000 * excerpt('heat.steam'),
        used: [EMBER_X, DESNZ_X, DESNZ_X],
      },
      desnz: { tier: 1, method: 'franchise_specific', kg: 10_000 * grid('US') + 5000 * NATURAL_GAS + 1000 * STEAM, used: [EMBER_X, DESNZ, DESNZ] },
      'epa-hub': {
        tier: 1,
        method: 'franchise_specific',
        kg: 10_000 * HUB_US_GRID + 5000 * HUB_NATURAL_GAS + 1000 * HUB_STEAM,
        used: [HUB, HUB, HUB],
      },
      grid: { tier: 1, method: 'franchise_specific', kg: 10_000 * grid('US') + 5000 * HUB_NATURAL_GAS + 1000 * HUB_STEAM, used: [GRID, HUB, HUB] },
    },
  },
  {
    name: 'cat 15 PCAF reported emissions',
    record: { category: 15, company_emissions_tco2e: 1000, outstanding: 10, evic: 100, pcaf_score: 2 },
    at: { 'built-in': { tier: 1, method: 'pcaf_company_emissions', kg: 100_000, used: [] } }, // 1,000 t × 10 / 100
  },
  {
    name: 'cat 15 PCAF revenue-based, NAICS 331110',
    record: { category: 15, company_revenue: 1_000_000, currency: 'USD', naics: '331110', outstanding: 10, evic: 100 },
    at: {
      'built-in': { tier: 3, method: 'pcaf_revenue_based_sector', kg: 35_000, used: [GREENLINE] }, // 1,000,000 USD × 0.35 × 10 / 100
      'epa-supply-chain': { tier: 3, method: 'pcaf_revenue_based', kg: 100_000 * EPA_331110, used: [EPA_SC] },
    },
  },
];

const STAGES: Stage[] = ['built-in', 'epa-supply-chain', 'desnz', 'epa-hub', 'grid'];

/** The outcome a case expects at a stage: the latest one given at or before it. */
function expected(c: Case, stage: Stage): Outcome {
  let out = c.at['built-in'];
  for (const s of STAGES.slice(0, STAGES.indexOf(stage) + 1)) out = c.at[s as keyof Case['at']] ?? out;
  return out;
}

describe('factor coverage before and after each import, on a fresh embedded database', () => {
  it('reference data directory is present (required when CI is set)', () => {
    if (dataRequired) throw new Error(missingDataMessage);
  });

  describe.runIf(hasData)('one record per category and average-data method', () => {
    let fx: DriverFixture;
    let tenantId: string;
    const ids = new Map<string, string[]>();

    beforeAll(async () => {
      fx = await pgliteFactory();
      await prepareDatabase(fx.driver, { cursorSecret: null });
      tenantId = (await ensureTenant(fx.driver, 'coverage')).id;
    });
    afterAll(async () => {
      await fx?.close();
    });

    async function computeAll(stage: Stage) {
      const outcomes = await calculateAndStore(
        fx.driver,
        tenantId,
        CASES.map((c) => ({ date: '2024-03-01', ...c.record })),
      );
      expect(new Set(CASES.map((c) => Number(c.record.category)))).toEqual(new Set(Array.from({ length: 15 }, (_, i) => i + 1)));
      outcomes.forEach((o, i) => {
        const c = CASES[i]!;
        if (!o.ok) throw new Error(`${c.name}: ${JSON.stringify(o.issues)}`);
        const e = expected(c, stage);
        const got = o.result;
        expect({ tier: got.tier, method: got.method, used: got.factors.map((f) => [f.source, f.datasetVersion]) }, `${stage}: ${c.name}`).toEqual({
          tier: e.tier,
          method: e.method,
          used: e.used,
        });
        // Exact to 11 significant digits (gas breakdowns are summed gas by gas).
        expect(Math.abs(got.kgCo2e - e.kg), `${stage}: ${c.name}: ${got.kgCo2e} vs ${e.kg}`).toBeLessThanOrEqual(Math.abs(e.kg) * 1e-11);
        ids.set(
          c.name,
          got.factors.map((f) => f.id),
        );
      });
    }

    it('built-in factors only', async () => {
      await computeAll('built-in');
    });

    for (const [stage, format, path, rows] of IMPORTS) {
      it(`after importing ${path.join('/')} (${format}); the same file again changes nothing`, async () => {
        const file = dataFile(...path);
        expect(await importFactorFile(fx.driver, format, file)).toMatchObject({ status: 'imported', rows, inserted: rows });
        expect(await importFactorFile(fx.driver, format, file)).toMatchObject({ status: 'unchanged', rows, inserted: 0 });
        await computeAll(stage);
      });
    }

    it('cites sheet and row; eGRID subregions resolve to the hub, US states fall back to the US', async () => {
      const rail = await getFactor(fx.driver, tenantId, ids.get('cat 6 rail')![0]!);
      expect(rail).toMatchObject({ activity: 'travel.rail', region: 'GLOBAL', datasetVersion: '2020', licence: 'Open Government Licence v3.0' });
      expect(rail?.citation).toContain('Sheet "Factors by Category", row 4298: Business travel- land › Rail › National rail [passenger.km].');
      const truck = await getFactor(fx.driver, tenantId, ids.get('cat 4 heavy truck, US')![0]!);
      expect(truck).toMatchObject({ activity: 'transport.road.truck_heavy', region: 'US', unit: 'kgCO2e/tkm', licence: 'US Government work, public domain' });
      expect(truck?.citation).toContain(
        'Table 8 (Scope 3 Category 4: Upstream Transportation and Distribution and Category 9: Downstream Transportation and Distribution), row 415',
      );
      const [camx, state] = await resolveFactors(fx.driver, tenantId, [
        { activity: 'electricity.grid', region: 'US-CAMX', year: 2024 },
        { activity: 'electricity.grid', region: 'US-CA', year: 2024 },
      ]);
      // Row 335, CAMX: 497.443 lb CO2, 0.030 lb CH4, 0.004 lb N2O per MWh.
      expect(camx?.resolution).toMatchObject({ status: 'resolved', resolvedBy: 'region_year_exact', factor: { region: 'US-CAMX', datasetVersion: HUB[1] } });
      if (camx?.resolution.status === 'resolved') expect(camx.resolution.factor.value).toBe(r12((hubCo2e(497.443, 30, 4) * LB_KG) / 1000));
      expect(state?.resolution).toMatchObject({ status: 'resolved', resolvedBy: 'parent_region', factor: { region: 'US', datasetVersion: GRID[1] } });
    });
  });
});
