/**
 * The guidance's worked examples of categories 4 (upstream transportation and distribution) and 9
 * (downstream transportation and distribution), as the API computes them: each example's own
 * factors as the tenant's, its own activity data as records (one per supplier, shipment or
 * facility, as the example's table has them).
 */
import type { GuidanceExample } from './types.ts';

const cat4 = { category: 4, date: '2024-06-30' };

export const EXAMPLES: GuidanceExample[] = [
  // Fuel-based method (guidance line 1998). Diesel: (50,000 + 80,000 + 90,000) L × 3 kg CO2e/L =
  // 660,000 kg; supplier D's refrigerant: 50 kg R-410A lost × 2,000 (the example's GWP) = 100,000 kg;
  // total 760,000 kg. The example gives one "emission factor for the fuel" and no upstream (WTT)
  // factor: fuel_boundary tank_to_wheel keeps the built-in wtt.diesel (0.61015 kg/L) from being added.
  {
    example: 'Example [4.1]',
    title: 'Calculating emissions from upstream transportation using the fuel-based method',
    factors: [{ activity: 'fuel.diesel', value: 3, unit: 'kgCO2e/L' }],
    records: [
      { ...cat4, fuel_type: 'diesel', fuel_quantity: 50000, fuel_unit: 'L', fuel_boundary: 'tank_to_wheel' },
      { ...cat4, fuel_type: 'diesel', fuel_quantity: 80000, fuel_unit: 'L', fuel_boundary: 'tank_to_wheel' },
      {
        ...cat4,

        fuel_type: 'diesel',
        fuel_quantity: 90000,
        fuel_unit: 'L',
        fuel_boundary: 'tank_to_wheel',
        refrigerants: [{ type: 'R410a', mass_lost: 50, mass_unit: 'kg', gwp: 2000 }],
      },
    ],
    stated: 760000,
    expected: 760000,
  },
  // Distance-based method (guidance line 2183). B: 2 t × 2,000 km × 0.2 kg CO2e/tkm (truck, rigid
  // >3.5–7.5 t) = 800; C: 1 t × 3,000 km × 1.0 (air, long haul) = 3,000; D: 6 t × 4,000 km × 0.05
  // (container ship 2,000–2,999 TEU) = 1,200; total 5,000 kg.
  {
    example: 'Example [4.2]',
    title: 'Calculating emissions from upstream transportation using the distance-based method',
    factors: [
      { activity: 'transport.road.truck_light', value: 0.2, unit: 'kgCO2e/tkm' },
      { activity: 'transport.air.cargo', value: 1.0, unit: 'kgCO2e/tkm' },
      { activity: 'transport.sea.container', value: 0.05, unit: 'kgCO2e/tkm' },
    ],
    records: [
      { ...cat4, mode: 'truck_light', mass: 2, mass_unit: 't', distance: 2000, distance_unit: 'km' },
      { ...cat4, mode: 'air_cargo', mass: 1, mass_unit: 't', distance: 3000, distance_unit: 'km' },
      { ...cat4, mode: 'sea_container', mass: 6, mass_unit: 't', distance: 4000, distance_unit: 'km' },
    ],
    stated: 5000,
    expected: 5000,
    note: "The table's header says kg CO2e/TEU-km; its arithmetic (and these factors) are kg CO2e per tonne-km.",
  },
  // Allocating a delivery run's emissions (guidance lines 2230, 2267). The run emitted 31.5 kg CO2
  // (the carrier's distance-based figure); option II allocates it by tonne-km over great-circle
  // distances: 24 t × 10 km = 240, 10 t × 15 km = 150, 10 t × 10 km (B→A) = 100, total 490:
  // 31.5 × 240/490 = 15.4285714 + 31.5 × 150/490 = 9.6428571 + 31.5 × 100/490 = 6.4285714 = 31.5 kg.
  {
    example: 'Example [4.3]',
    title: 'Allocating emissions from transportation (Deutsche Post DHL)',
    factors: [],
    records: [
      { ...cat4, reported_scope1_2_kgco2e: 31.5, allocation: { basis: 'tkm', own: 240, total: 490 } },
      { ...cat4, reported_scope1_2_kgco2e: 31.5, allocation: { basis: 'tkm', own: 150, total: 490 } },
      { ...cat4, reported_scope1_2_kgco2e: 31.5, allocation: { basis: 'tkm', own: 100, total: 490 } },
    ],
    stated: 31.5,
    expected: 31.5,
    note:
      'The run is 31.5 kg CO2 (not CO2e), allocated to the three shipments; the records use option II (great-circle tonne-km, ' +
      'which the guidance calls fair). Its shipment figures are printed rounded (15.43, 9.64, 6.43; exact 15.4285714, 9.6428571, ' +
      '6.4285714); option I (driven tonne-km 240, 150, 250 of 640) gives 11.8125, 7.3828125, 12.3046875, also 31.5 in all.',
  },
  // Spend-based method (guidance line 2340). B: 20,000 USD × 0.04 kg CO2e/USD (truck) = 800;
  // C: 30,000 × 0.15 (air) = 4,500; D: 40,000 × 0.05 (container ship) = 2,000; total 7,300 kg.
  // The EEIO factors are keyed by NAICS: 484110 general freight trucking, local; 481112 scheduled
  // freight air transportation; 483111 deep sea freight transportation.
  {
    example: 'Example [4.4]',
    title: 'Calculating emissions from transportation by using the spend-based method',
    factors: [
      { activity: 'eeio.naics.484110', value: 0.04, unit: 'kgCO2e/USD', region: 'US' },
      { activity: 'eeio.naics.481112', value: 0.15, unit: 'kgCO2e/USD', region: 'US' },
      { activity: 'eeio.naics.483111', value: 0.05, unit: 'kgCO2e/USD', region: 'US' },
    ],
    records: [
      { ...cat4, spend: 20000, currency: 'USD', naics: '484110' },
      { ...cat4, spend: 30000, currency: 'USD', naics: '481112' },
      { ...cat4, spend: 40000, currency: 'USD', naics: '483111' },
    ],
    stated: 7300,
    expected: 7300,
    note: 'The guidance prints the results in "kg CO2e/$", a unit slip: they are kg CO2e.',
  },
  // Site-specific method, distribution (guidance line 2473). Facility 1: (10,000 kWh × 0.8 + 1,000
  // kWh × 0.25) × 100/400 = 2,062.5; facility 2: (15,000 × 0.8 + 2,000 × 0.25) × 200/800 = 3,125;
  // total 5,187.5 kg.
  {
    example: 'Example [4.5]',
    title: 'Calculating emissions from upstream distribution using the site-specific method',
    factors: [
      { activity: 'electricity.grid', value: 0.8, unit: 'kgCO2e/kWh' },
      { activity: 'fuel.natural_gas', value: 0.25, unit: 'kgCO2e/kWh' },
    ],
    records: [
      {
        ...cat4,
        storage_energy: [
          { type: 'electricity', quantity: 10000, unit: 'kWh' },
          { type: 'natural_gas', quantity: 1000, unit: 'kWh' },
        ],
        allocation: { basis: 'volume', own: 100, total: 400 },
      },
      {
        ...cat4,
        storage_energy: [
          { type: 'electricity', quantity: 15000, unit: 'kWh' },
          { type: 'natural_gas', quantity: 2000, unit: 'kWh' },
        ],
        allocation: { basis: 'volume', own: 200, total: 800 },
      },
    ],
    stated: 5187.5,
    expected: 5187.5,
  },
  // Average-data method, distribution (guidance line 2565). Distribution center: 4,000 m³ × 2 days ×
  // 0.01 kg CO2e/m³/day = 80; supermarkets: 4,000 × 2 × 0.02 = 160; total 240 kg.
  {
    example: 'Example [4.6]',
    title: 'Calculating emissions from upstream distribution using the average-data method',
    factors: [
      { activity: 'storage.distribution_centre', value: 0.01, unit: 'kgCO2e/m3_day' },
      { activity: 'storage.supermarket', value: 0.02, unit: 'kgCO2e/m3_day' },
    ],
    records: [
      { ...cat4, stored_volume: 4000, volume_unit: 'm3', days_stored: 2, facility_type: 'distribution_centre' },
      { ...cat4, stored_volume: 4000, volume_unit: 'm3', days_stored: 2, facility_type: 'supermarket' },
    ],
    stated: 240,
    expected: 240,
  },
  // Downstream transportation, distance-based (guidance line 3872): 4 t of timber sold × 2,000 km
  // (all downstream legs) × 0.2 kg CO2e/tkm (truck, rigid >3.5–7.5 t) = 1,600 kg.
  {
    example: 'Example [9.1]',
    title: 'Calculating emissions from downstream transportation',
    factors: [{ activity: 'transport.road.truck_light', value: 0.2, unit: 'kgCO2e/tkm' }],
    records: [{ category: 9, date: '2024-06-30', mode: 'truck_light', mass: 4, mass_unit: 't', distance: 2000, distance_unit: 'km' }],
    stated: 1600,
    expected: 1600,
  },
];
