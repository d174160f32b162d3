import { describe, expect, it } from 'vitest';
import { calc, expectSkipped, issueFields, type Row } from './harness.ts';

const rows: Row[] = [{ activity: 'transport.air.cargo', value: 0.6, unit: 'kgCO2e/tkm', supplierId: 'airline-cargo' }];
const base = { category: 9, date: '2024-09-01' };

describe('category 9, downstream transportation and distribution', () => {
  it('distance-based, van', () => {
    // 40 km × 0.8 t × 0.25 kg/tkm (van, built-in) = 8 kg
    const r = calc({ ...base, mode: 'van', distance: 40, distance_unit: 'km', mass: 800, mass_unit: 'kg' });
    expect(r.category).toBe(9);
    expect(r.kgCo2e).toBeCloseTo(8, 9);
    expect(r.inputsUsed.mass_t).toBeCloseTo(0.8, 12);
  });

  it('tier 1 carrier factor, then tier 2 without it', () => {
    // 6,000 km × 0.5 t × 0.6 kg/tkm (carrier) = 1,800 kg; built-in air cargo 0.68 → 2,040 kg
    const shipment = { ...base, mode: 'air_cargo', distance: 6000, distance_unit: 'km', mass: 0.5, mass_unit: 't' };
    expect(calc({ ...shipment, supplier_id: 'airline-cargo' }, rows).kgCo2e).toBeCloseTo(1800, 9);
    const r = calc({ ...shipment, supplier_id: 'someone-else' }, rows);
    expect([r.tier, r.kgCo2e]).toEqual([2, expect.closeTo(2040, 9)]);
  });

  it('multimodal with inland waterway', () => {
    // 1,500 tkm × 0.031 kg/tkm (inland waterway) = 46.5 kg, plus 100 km × 2 t × 0.18 (light truck) = 36 kg → 82.5 kg
    const r = calc({
      ...base,
      legs: [
        { mode: 'inland_waterway', tkm: 1500 },
        { mode: 'truck_light', distance: 100, distance_unit: 'km', mass: 2, mass_unit: 't' },
      ],
    });
    expect(r.kgCo2e).toBeCloseTo(82.5, 9);
  });

  it('has no spend method: spend is an unknown field', () => {
    expect(issueFields({ ...base, spend: 100, naics: '484121' })).toEqual(['naics', 'spend']);
    expect(issueFields({ ...base, mode: 'van', distance: -1, distance_unit: 'km', mass: 1, mass_unit: 'stone' })).toEqual(['distance', 'mass_unit']);
    expect(issueFields({ ...base, mode: 'van', tkm: '40' })).toEqual(['tkm']);
    expect(issueFields({ ...base, legs: [{ mode: 'van', distance: Number.NaN, distance_unit: 'km', mass: 1, mass_unit: 't' }] })).toEqual(['legs[0].distance']);
  });
});

describe('category 9: the guidance methods it shares with category 4', () => {
  const storeRows: Row[] = [
    { activity: 'electricity.grid', value: 0.2, unit: 'kgCO2e/kWh', region: 'FR' },
    { activity: 'storage.retail', value: 0.05, unit: 'kgCO2e/m3_day' },
    { activity: 'fuel.lng', value: 2.8, unit: 'kgCO2e/kg' },
  ];

  it('fuel_based_combustion for a ship run with no wtt factor, allocated by tonne-km', () => {
    // 50 t LNG × (own 2,000,000 tkm ÷ total 40,000,000 tkm = 0.05) = 2.5 t = 2,500 kg × 2.8 kg/kg = 7,000 kg
    const r = calc({ ...base, fuel_type: 'lng', fuel_quantity: 50, fuel_unit: 't', allocation: { basis: 'tkm', own: 2e6, total: 4e7 } }, storeRows);
    expect([r.category, r.tier, r.method]).toEqual([9, 1, 'fuel_based_combustion']);
    expect(r.kgCo2e).toBeCloseTo(7000, 9);
    expect(r.inputsUsed).toMatchObject({ fuel_quantity: 50000, fuel_unit: 'kg', fuel_quantity_allocated: 2500, 'allocation.share': 0.05 });
    expect(r.warnings.map((w) => w.code)).toEqual(['UPSTREAM_NOT_INCLUDED']);
  });

  it('storage of sold products at a retailer: site-specific with leakage, then average-data', () => {
    // (50,000 kWh × 0.2 + 4 kg R-410A lost × 1,923.5 (AR5: 0.5 × 677 + 0.5 × 3,170)) × 0.1 share
    //   = (10,000 + 7,694) × 0.1 = 1,769.4 kg
    const site = calc(
      {
        ...base,
        region: 'FR',
        storage_energy: [{ type: 'electricity', quantity: 50000, unit: 'kWh' }],
        refrigerants: [{ type: 'R-410A', mass_lost: 4, mass_unit: 'kg' }],
        allocation: { basis: 'share', share: 0.1 },
      },
      storeRows,
    );
    expect([site.category, site.tier, site.method]).toEqual([9, 1, 'storage_site_specific']);
    expect(site.kgCo2e).toBeCloseTo(1769.4, 9);
    // 80 m³ × 45 days = 3,600 m³·day × 0.05 kg/m³·day = 180 kg
    const avg = calc({ ...base, stored_volume: 80, volume_unit: 'm3', days_stored: 45, facility_type: 'retail' }, storeRows);
    expect([avg.tier, avg.method, avg.kgCo2e]).toEqual([2, 'storage_average_data', expect.closeTo(180, 9)]);
    expectSkipped(avg, 1, 'storage_site_specific', 'needs storage_energy');
  });

  it('refrigerated delivery van: distance-based plus leakage', () => {
    // 40 km × 0.8 t × 0.25 kg/tkm = 8 kg + 0.1 kg HFC-134a × 1,300 = 130 kg → 138 kg
    const r = calc({
      ...base,
      mode: 'van',
      distance: 40,
      distance_unit: 'km',
      mass: 800,
      mass_unit: 'kg',
      refrigerants: [{ type: 'R-134a', mass_lost: 0.1, mass_unit: 'kg' }],
    });
    expect(r.kgCo2e).toBeCloseTo(138, 9);
    expect(r.gases).toEqual({ 'HFC-134a': expect.closeTo(0.1, 12) });
  });

  it('reports bad fields by name; still no spend, also for storage', () => {
    expect(issueFields({ ...base, stored_volume: 80, volume_unit: 'm3', days_stored: 45, facility_type: 'retail', spend: 10 })).toEqual(['spend']);
    expect(issueFields({ ...base, storage_energy: [{ type: 'electricity', quantity: 1, unit: 'kWh' }], legs: [{ mode: 'van', tkm: 1 }] })).toEqual(['legs']);
    expect(issueFields({ ...base, mode: 'van', tkm: 4, allocation: { basis: 'economic', own: 1, total: 2 } })).toEqual(['allocation.basis']);
  });
});

describe('GHG Protocol Technical Guidance worked examples', () => {
  it('Example [9.1]: Calculating emissions from downstream transportation', () => {
    // checked against the guidance text, line 3872
    // 4 t of timber sold × 2,000 km (total downstream distance) × 0.2 kg CO2e/tkm (truck, rigid >3.5–7.5 t) = 1,600 kg
    const factors: Row[] = [{ activity: 'transport.road.truck_light', value: 0.2, unit: 'kgCO2e/tkm' }];
    const r = calc({ ...base, mode: 'truck_light', mass: 4, mass_unit: 't', distance: 2000, distance_unit: 'km' }, factors);
    expect([r.category, r.tier, r.method]).toEqual([9, 2, 'distance_based']);
    expect(r.kgCo2e).toBeCloseTo(1600, 9);
    expect(r.inputsUsed).toMatchObject({ mode: 'road.truck_light', mass_t: 4, distance_km: 2000, tkm: 8000 });
  });
});
