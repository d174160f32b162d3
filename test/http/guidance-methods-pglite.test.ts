/**
 * The Scope 3 guidance methods of issue 17 through the HTTP API, one request each (no
 * pre-multiplied inputs, no invented product lines): each example's factors are the tenant's own
 * (POST /v1/factors), the record goes to POST /v1/calculations, and the stored result verifies.
 * The arithmetic of each is in its comment and in the category's domain test
 * (test/domain/scope3/cNN-*.test.ts), where every example is hand-computed.
 */
import { describe, expect, it } from 'vitest';
import { guidanceApp } from './guidance-examples/app.ts';

interface Example {
  name: string;
  factors: Array<{ activity: string; value: number; unit: string; region?: string }>;
  record: Record<string, unknown>;
  method: string;
  kg: number;
  warning?: string;
}

const EXAMPLES: Example[] = [
  // Category 1 hybrid (hand-computed, test/domain/scope3/c01-purchased-goods.test.ts):
  // 20,000,000 × 5,000/100,000 + 200,000 kg × 1.85 + 50,000 kg × 2.5 + 100,000 tkm × 0.062 + 50,000 tkm × 0.022 + 10,000 kg × 0.5 = 1,507,300 kg
  {
    name: 'category 1 hybrid',
    factors: [
      { activity: 'material.steel', value: 1.85, unit: 'kgCO2e/kg' },
      { activity: 'material.plastic', value: 2.5, unit: 'kgCO2e/kg' },
      { activity: 'waste.landfill', value: 0.5, unit: 'kgCO2e/kg' },
    ],
    record: {
      category: 1,
      date: '2024-03-01',
      supplier_scope1_2_kgco2e: 20_000_000,
      allocation: { basis: 'units', own: 5000, total: 100_000 },
      material_inputs: [
        { material: 'material.steel', quantity: 200, unit: 't' },
        { material: 'material.plastic', quantity: 50, unit: 't' },
      ],
      inbound_transport: [
        { mode: 'truck_heavy', distance: 500, distance_unit: 'km', mass: 200, mass_unit: 't' },
        { mode: 'rail', tkm: 50_000 },
      ],
      supplier_waste: [{ treatment: 'landfill', mass: 10, mass_unit: 't' }],
    },
    method: 'hybrid',
    kg: 1_507_300,
  },
  // 300 kg CNG × 2.5 (combustion only; no wtt.cng) = 750 kg
  {
    name: 'category 4 fuel-based, combustion factor only',
    factors: [{ activity: 'fuel.cng', value: 2.5, unit: 'kgCO2e/kg' }],
    record: { category: 4, date: '2024-05-10', fuel_type: 'cng', fuel_quantity: 300, fuel_unit: 'kg' },
    method: 'fuel_based_combustion',
    kg: 750,
    warning: 'UPSTREAM_NOT_INCLUDED',
  },
  // run: 300 kg × (2.5 + 0.5) = 900 kg; leak 1.2 kg HFC-134a × 1,300 = 1,560 kg; × 12/40 = 0.3 → 270 + 468 = 738 kg
  {
    name: 'category 4 vehicle run allocated by mass, with refrigerant leakage',
    factors: [
      { activity: 'fuel.cng', value: 2.5, unit: 'kgCO2e/kg' },
      { activity: 'wtt.cng', value: 0.5, unit: 'kgCO2e/kg' },
    ],
    record: {
      category: 4,
      date: '2024-05-10',
      fuel_type: 'cng',
      fuel_quantity: 300,
      fuel_unit: 'kg',
      allocation: { basis: 'mass', own: 12, total: 40 },
      refrigerants: [{ type: 'HFC-134a', mass_lost: 1.2, mass_unit: 'kg' }],
    },
    method: 'fuel_based',
    kg: 738,
  },
  // 40 km × 0.8 t = 32 tkm × 0.25 = 8 kg; 0.1 kg R-134a × 1,300 = 130 kg → 138 kg
  {
    name: 'category 9 refrigerated van, distance-based with leakage',
    factors: [{ activity: 'transport.road.van', value: 0.25, unit: 'kgCO2e/tkm' }],
    record: {
      category: 9,
      date: '2024-09-01',
      mode: 'van',
      distance: 40,
      distance_unit: 'km',
      mass: 800,
      mass_unit: 'kg',
      refrigerants: [{ type: 'R-134a', mass_lost: 0.1, mass_unit: 'kg' }],
    },
    method: 'distance_based',
    kg: 138,
  },
  // (120,000 kWh × 0.38 + 5,000 m³ × 2.02) × 1,500/30,000 = (45,600 + 10,100) × 0.05 = 2,785 kg
  {
    name: 'category 4 warehouse, site-specific by volume share',
    factors: [
      { activity: 'electricity.grid', value: 0.38, unit: 'kgCO2e/kWh', region: 'DE' },
      { activity: 'fuel.natural_gas', value: 2.02, unit: 'kgCO2e/m3', region: 'DE' },
    ],
    record: {
      category: 4,
      date: '2024-05-10',
      region: 'DE',
      storage_energy: [
        { type: 'electricity', quantity: 120, unit: 'MWh' },
        { type: 'natural_gas', quantity: 5000, unit: 'm3' },
      ],
      allocation: { basis: 'volume', own: 1500, total: 30_000 },
    },
    method: 'storage_site_specific',
    kg: 2785,
  },
  // 80 m³ × 45 days × 0.05 kg per m³·day = 180 kg
  {
    name: 'category 9 storage, average data per m³·day',
    factors: [{ activity: 'storage.retail', value: 0.05, unit: 'kgCO2e/m3_day' }],
    record: { category: 9, date: '2024-09-01', stored_volume: 80, volume_unit: 'm3', days_stored: 45, facility_type: 'retail' },
    method: 'storage_average_data',
    kg: 180,
  },
  // 20,000 kWh × (0.026 upstream + 0.009 T&D loss) = 700 kg
  {
    name: 'category 3 district heat with T&D losses',
    factors: [
      { activity: 'wtt.district_heat', value: 0.026, unit: 'kgCO2e/kWh' },
      { activity: 'heat.district.td_loss', value: 0.009, unit: 'kgCO2e/kWh' },
    ],
    record: { category: 3, date: '2024-06-30', energy_type: 'district_heat', quantity: 20_000, unit: 'kWh', td_losses: true },
    method: 'average_data',
    kg: 700,
  },
  // 36 GJ = 10,000 kWh: 10,000 × 0.03 + 10,000 × 0.2 × 10% = 300 + 200 = 500 kg
  {
    name: 'category 3 steam with a T&D loss percentage',
    factors: [
      { activity: 'wtt.steam', value: 0.03, unit: 'kgCO2e/kWh' },
      { activity: 'heat.steam', value: 0.2, unit: 'kgCO2e/kWh' },
    ],
    record: { category: 3, date: '2024-06-30', energy_type: 'steam', quantity: 36, unit: 'GJ', td_loss_pct: 10 },
    method: 'average_data',
    kg: 500,
  },
  // 500,000 L = 500 m³ × 0.5 = 250 kg
  {
    name: 'category 5 wastewater',
    factors: [{ activity: 'wastewater.industrial', value: 0.5, unit: 'kgCO2e/m3' }],
    record: { category: 5, date: '2024-02-15', treatment: 'wastewater', waste_type: 'industrial', volume: 500_000, volume_unit: 'L' },
    method: 'waste_type_specific',
    kg: 250,
  },
  // 10 t × (0.6 × 467 + 0.3 × 21) = 2,802 + 63 = 2,865 kg
  {
    name: 'category 5 waste split across treatments',
    factors: [
      { activity: 'waste.landfill', value: 467, unit: 'kgCO2e/t' },
      { activity: 'waste.incineration', value: 21, unit: 'kgCO2e/t' },
    ],
    record: {
      category: 5,
      date: '2024-02-15',
      mass: 10,
      mass_unit: 't',
      treatments: [
        { treatment: 'landfill', share: 0.6 },
        { treatment: 'incineration', share: 0.3 },
      ],
    },
    method: 'average_data',
    kg: 2865,
  },
  // 200 t × 50 kWh × 0.58 = 5,800 kg; waste 3 t × 20 + 1 t × 500 = 560 kg → 6,360 kg
  {
    name: 'category 10 site-specific processing with its waste',
    factors: [
      { activity: 'electricity.grid', value: 0.58, unit: 'kgCO2e/kWh', region: 'CN' },
      { activity: 'waste.recycling.steel', value: 20, unit: 'kgCO2e/t', region: 'CN' },
      { activity: 'waste.landfill', value: 500, unit: 'kgCO2e/t', region: 'CN' },
    ],
    record: {
      category: 10,
      date: '2024-08-20',
      region: 'CN',
      quantity: 200,
      unit: 't',
      energy_per_unit: 50,
      energy_unit: 'kWh',
      waste: [
        { treatment: 'recycling', waste_type: 'steel', mass_per_unit: 15, mass_unit: 'kg' },
        { treatment: 'landfill', mass_per_unit: 5, mass_unit: 'kg' },
      ],
    },
    method: 'site_specific',
    kg: 6360,
  },
  // 1,000 × 2.5 kg: plastics 0.5 t × (0.6 × 9 + 0.4 × 20) = 6.7; steel 2 t × (0.8 × 21 + 0.2 × 1) = 34 → 40.7 kg
  {
    name: 'category 12 material and treatment shares',
    factors: [
      { activity: 'waste.landfill.plastics', value: 9, unit: 'kgCO2e/t' },
      { activity: 'waste.incineration.plastics', value: 20, unit: 'kgCO2e/t' },
      { activity: 'waste.recycling.steel', value: 21, unit: 'kgCO2e/t' },
      { activity: 'waste.landfill.steel', value: 1, unit: 'kgCO2e/t' },
    ],
    record: {
      category: 12,
      date: '2024-11-11',
      units: 1000,
      product_mass: 2.5,
      product_mass_unit: 'kg',
      materials: [
        {
          material: 'plastics',
          mass_share: 0.2,
          treatments: [
            { treatment: 'landfill', share: 0.6 },
            { treatment: 'incineration', share: 0.4 },
          ],
        },
        {
          material: 'steel',
          mass_share: 0.8,
          treatments: [
            { treatment: 'recycling', share: 0.8 },
            { treatment: 'landfill', share: 0.2 },
          ],
        },
      ],
    },
    method: 'waste_type_specific',
    kg: 40.7,
  },
  // 9 people, 4 per car = 3 cars × 300 km × 0.17 = 153 kg
  {
    name: 'category 6 car travel counted by occupancy',
    factors: [{ activity: 'travel.car', value: 0.17, unit: 'kgCO2e/km' }],
    record: { category: 6, date: '2024-04-01', travel_type: 'car', distance: 300, distance_unit: 'km', passengers: 9, occupancy: 4 },
    method: 'distance_based',
    kg: 153,
  },
  // 300 km × 0.14 (small car) = 42 kg
  {
    name: 'category 6 car type',
    factors: [{ activity: 'travel.car.small', value: 0.14, unit: 'kgCO2e/km' }],
    record: { category: 6, date: '2024-04-01', travel_type: 'car', distance: 300, distance_unit: 'km', car_type: 'small' },
    method: 'distance_based',
    kg: 42,
  },
  // 1,000 units × 2,000 uses × 0.9 kWh × 0.37 = 666,000 kg
  {
    name: 'category 11 lifetime in uses',
    factors: [{ activity: 'electricity.grid', value: 0.37, unit: 'kgCO2e/kWh', region: 'US' }],
    record: { category: 11, date: '2024-10-01', region: 'US', units: 1000, lifetime_uses: 2000, energy_per_use: 0.9, energy_per_use_unit: 'kWh' },
    method: 'use_phase',
    kg: 666_000,
  },
  // 10,000 × 2,000 × 0.9 × 0.37 × 50/400 = 832,500 kg
  {
    name: 'category 11 intermediate product with an economic allocation',
    factors: [{ activity: 'electricity.grid', value: 0.37, unit: 'kgCO2e/kWh', region: 'US' }],
    record: {
      category: 11,
      date: '2024-10-01',
      region: 'US',
      units: 10_000,
      intermediate: true,
      lifetime_uses: 2000,
      energy_per_use: 0.9,
      energy_per_use_unit: 'kWh',
      allocation: { basis: 'economic', own: 50, total: 400 },
    },
    method: 'use_phase_intermediate',
    kg: 832_500,
  },
  // (1,500 kWh × 0.2 + 3,000 kWh × 0.7 + 5 kg HFC-134a × 1,300) × 200 ÷ (2,000 × 0.75) = 8,900 × 2/15 = 1,186.67 kg
  {
    name: 'category 8 shared building: metered energy and refrigerant allocated by occupied area',
    factors: [
      { activity: 'fuel.natural_gas', value: 0.2, unit: 'kgCO2e/kWh', region: 'DE' },
      { activity: 'electricity.grid', value: 0.7, unit: 'kgCO2e/kWh', region: 'DE' },
    ],
    record: {
      category: 8,
      date: '2024-12-31',
      region: 'DE',
      energy: [
        { type: 'natural_gas', quantity: 1500, unit: 'kWh' },
        { type: 'electricity', quantity: 3000, unit: 'kWh' },
      ],
      refrigerants: [{ type: 'HFC-134a', mass_lost: 5, mass_unit: 'kg' }],
      allocation: { basis: 'area_occupancy', own: 200, total: 2000, occupancy_rate: 0.75 },
    },
    method: 'asset_specific',
    kg: (8900 * 2) / 15,
  },
  // (400,000 + 600,000) × 1,000/20,000 × 0.5 of the year = 25,000 kg
  {
    name: 'category 8 lessor’s reported scope 1 and 2 with an area share',
    factors: [],
    record: {
      category: 8,
      date: '2024-12-31',
      reported_scope1_kgco2e: 400_000,
      reported_scope2_kgco2e: 600_000,
      allocation: { basis: 'area', own: 1000, total: 20_000 },
      lease_fraction: 0.5,
    },
    method: 'reported_emissions',
    kg: 25_000,
  },
  // (2,000,000 + 3,000,000) × 0.1 = 500,000 kg
  {
    name: 'category 13 lessee’s reported scope 1 and 2',
    factors: [],
    record: {
      category: 13,
      date: '2024-12-31',
      reported_scope1_kgco2e: 2_000_000,
      reported_scope2_kgco2e: 3_000_000,
      allocation: { basis: 'share', share: 0.1 },
    },
    method: 'reported_emissions',
    kg: 500_000,
  },
  // (50,000 + 70,000) × 0.6 = 72,000 kg
  {
    name: 'category 14 franchisee’s reported scope 1 and 2',
    factors: [],
    record: { category: 14, date: '2024-12-31', reported_scope1_kgco2e: 50_000, reported_scope2_kgco2e: 70_000, allocation: { basis: 'share', share: 0.6 } },
    method: 'reported_emissions',
    kg: 72_000,
  },
  // 80,000 kWh × 0.37 + 1,000 L × 1.56 + 4 kg R-404A × (0.44 × 3,170 + 0.52 × 4,800 + 0.04 × 1,300 = 3,942.8) = 29,600 + 1,560 + 15,771.2 = 46,931.2 kg
  {
    name: 'category 14 franchise-specific with refrigerant leakage',
    factors: [
      { activity: 'electricity.grid', value: 0.37, unit: 'kgCO2e/kWh', region: 'US' },
      { activity: 'fuel.lpg', value: 1.56, unit: 'kgCO2e/L', region: 'US' },
    ],
    record: {
      category: 14,
      date: '2024-12-31',
      region: 'US',
      energy: [
        { type: 'electricity', quantity: 80_000, unit: 'kWh' },
        { type: 'lpg', quantity: 1000, unit: 'L' },
      ],
      refrigerants: [{ type: 'R-404A', mass_lost: 4, mass_unit: 'kg' }],
    },
    method: 'franchise_specific',
    kg: 46_931.2,
  },
  // 120,000 t × 1,000 × 30,000,000 ÷ (50,000,000 + 150,000,000) = 18,000,000 kg; projected 100,000 t × 25 × 0.15 = 375,000 t, not added
  {
    name: 'category 15 project finance, projected lifetime emissions reported separately',
    factors: [],
    record: {
      category: 15,
      date: '2024-12-31',
      investee: 'Solar park SPV',
      project_scope1_2_tco2e: 120_000,
      project_equity: 50_000_000,
      project_debt: 150_000_000,
      outstanding: 30_000_000,
      pcaf_score: 2,
      projected_annual_tco2e: 100_000,
      project_lifetime_years: 25,
    },
    method: 'project_specific',
    kg: 18_000_000,
    warning: 'PROJECTED_LIFETIME_EMISSIONS',
  },
];

describe('guidance methods through POST /v1/calculations (PGlite)', () => {
  const api = guidanceApp();

  it.each(EXAMPLES.map((e, i) => [e.name, i] as const))('%s', async (_name, i) => {
    const e = EXAMPLES[i]!;
    const headers = await api.tenantWith(`guidance-${i}`, e.factors);
    const res = await api.app.inject({ method: 'POST', url: '/v1/calculations', headers, payload: { record: e.record } });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body.method).toBe(e.method);
    expect(body.kg_co2e).toBeCloseTo(e.kg, 6);
    if (e.warning) expect(body.warnings.map((w: { code: string }) => w.code)).toContain(e.warning);
    const verified = (await api.app.inject({ method: 'POST', url: `/v1/calculations/${body.id}/verify`, headers })).json();
    expect(verified.status).toBe('match');
  });

  it('refuses a factor in a unit the engine cannot compute with when it is written, naming unit', async () => {
    const headers = await api.tenantWith('guidance-units', []);
    const res = await api.app.inject({
      method: 'POST',
      url: '/v1/factors',
      headers,
      payload: { activity: 'transport.sea.container', name: 'Container per TEU-km', value: 0.1, unit: 'kgCO2e/TEU-km', year: 2024 },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([
      { field: 'body.unit', message: expect.stringMatching(/^unknown unit "TEU-km" in "kgCO2e\/TEU-km": use kgCO2e\/ with one of /) },
    ]);
  });
});
