import { describe, expect, it } from 'vitest';
import { calc, expectSkipped, issueFields, issues, type Row } from './harness.ts';

const rows: Row[] = [
  { activity: 'transport.road.truck_heavy', value: 0.05, unit: 'kgCO2e/tkm', supplierId: 'carrier-1' },
  { activity: 'fuel.diesel', value: 2.66, unit: 'kgCO2e/L' },
  { activity: 'wtt.diesel', value: 0.61, unit: 'kgCO2e/L' },
  { activity: 'eeio.naics.484121', value: 0.95, unit: 'kgCO2e/USD', region: 'US' },
];
const base = { category: 4, date: '2024-05-10' };
const truck = { ...base, mode: 'truck_heavy', distance: 500, distance_unit: 'km', mass: 12, mass_unit: 't' };

describe('category 4, upstream transportation and distribution', () => {
  it('distance-based: distance_km × mass_t × ef per tkm', () => {
    // 500 km × 12 t × 0.062 kg/tkm (heavy truck, built-in) = 372 kg
    const r = calc(truck);
    expect([r.tier, r.method]).toEqual([2, 'distance_based']);
    expect(r.kgCo2e).toBeCloseTo(372, 9);
    expect(r.inputsUsed).toMatchObject({ mode: 'road.truck_heavy', distance_km: 500, mass_t: 12, tkm: 6000 });
  });

  it('converts miles to km and lb to t', () => {
    // 100 mi = 160.9344 km; 20,000 lb = 9.0718474 t; 160.9344 × 9.0718474 = 1,459.97231821 tkm
    // × 0.022 kg/tkm (rail, built-in) = 32.1193910 kg
    const r = calc({ ...base, mode: 'rail', distance: 100, distance_unit: 'miles', mass: 20000, mass_unit: 'lb' });
    expect(r.inputsUsed.distance_km).toBeCloseTo(160.9344, 9);
    expect(r.inputsUsed.mass_t).toBeCloseTo(9.0718474, 9);
    expect(r.kgCo2e).toBeCloseTo(32.119391, 6);
  });

  it('takes tonne-km directly', () => {
    // 10,000 tkm × 0.012 kg/tkm (container ship, built-in) = 120 kg
    expect(calc({ ...base, mode: 'sea_container', tkm: 10000 }).kgCo2e).toBeCloseTo(120, 9);
  });

  it('multimodal legs: Σ distance × mass × ef, legs without mass carry the shipment mass', () => {
    // truck 150 km × 20 t × 0.062 = 186; ship 8,000 km × 20 t × 0.012 = 1,920; rail 1,000 tkm × 0.022 = 22
    // total 2,128 kg over 3,000 + 160,000 + 1,000 = 164,000 tkm
    const r = calc({
      ...base,
      mass: 20,
      mass_unit: 't',
      legs: [
        { mode: 'truck_heavy', distance: 150, distance_unit: 'km' },
        { mode: 'sea.container', distance: 8000, distance_unit: 'km' },
        { mode: 'rail', tkm: 1000 },
      ],
    });
    expect(r.kgCo2e).toBeCloseTo(2128, 9);
    expect(r.inputsUsed).toMatchObject({ legs: 3, tkm: 164000, 'legs[0].tkm': 3000, 'legs[1].mode': 'sea.container', 'legs[2].tkm': 1000 });
  });

  it("tier 1: the carrier's own factor per tkm", () => {
    // 500 km × 12 t × 0.05 kg/tkm (carrier-1) = 300 kg
    const r = calc({ ...truck, supplier_id: 'carrier-1' }, rows);
    expect([r.tier, r.method]).toEqual([1, 'supplier_specific']);
    expect(r.kgCo2e).toBeCloseTo(300, 9);
  });

  it('falls back to tier 2 when the carrier has no factor', () => {
    const r = calc({ ...truck, supplier_id: 'carrier-2' }, rows);
    expect(r.tier).toBe(2);
    expect(r.kgCo2e).toBeCloseTo(372, 9);
    expectSkipped(r, 1, 'supplier_specific', 'no supplier_specific factor for transport.road.truck_heavy');
  });

  it('tier 1 fuel-based, well-to-wheel', () => {
    // 200 L × (2.66 + 0.61) kg/L = 654 kg
    const r = calc({ ...truck, fuel_type: 'diesel', fuel_quantity: 200, fuel_unit: 'L' }, rows);
    expect([r.tier, r.method]).toEqual([1, 'fuel_based']);
    expect(r.kgCo2e).toBeCloseTo(654, 9);
    expect(r.inputsUsed.boundary).toBe('well_to_wheel');
  });

  it('spend only: tier 3 by NAICS, or by sector with EUR converted', () => {
    // 1,000 USD × 0.95 kg/USD (NAICS 484121) = 950 kg
    const a = calc({ ...base, spend: 1000, naics: '484121' }, rows);
    expect([a.tier, a.method]).toEqual([3, 'spend_based']);
    expect(a.kgCo2e).toBeCloseTo(950, 9);
    expectSkipped(a, 2, 'distance_based', 'needs mode');
    // 1,000 EUR × 1.10 = 1,100 USD × 0.22 kg/USD (services, built-in) = 242 kg
    const b = calc({ ...base, spend: 1000, currency: 'EUR', sector: 'services' }, rows);
    expect(b.method).toBe('spend_based_sector');
    expect(b.kgCo2e).toBeCloseTo(242, 9);
  });

  it('reports bad fields by name', () => {
    expect(issueFields({ ...base, mode: 'zeppelin', distance: 10, distance_unit: 'kg', mass: -3, mass_unit: 't' })).toEqual(['distance_unit', 'mass', 'mode']);
    expect(issueFields({ ...base, mode: 'rail', distance: 10, distance_unit: 'km' })).toEqual(['mass']);
    expect(issueFields({ ...base, mode: 'rail', tkm: 5, distance: 10, distance_unit: 'km', mass: 1, mass_unit: 't' })).toEqual(['tkm']);
    expect(issueFields({ ...base, mode: 'rail', tkm: Number.NaN, weight: 4 })).toEqual(['tkm', 'weight']);
    expect(issueFields({ ...base, mode: 'rail', tkm: 5, mass: 1, mass_unit: 't' })).toEqual(['tkm']);
    expect(issueFields({ ...base, mode: 'rail', distance: '500', distance_unit: 'km', mass: 2, mass_unit: 'stone' })).toEqual(['distance', 'mass_unit']);
    expect(issueFields({ ...base, mode: 'rail', legs: [{ mode: 'rail', tkm: 1 }] })).toEqual(['mode']);
    expect(issueFields({ ...base, legs: [{ mode: 'rail', distance: 10, distance_unit: 'km' }, { mode: 'blimp', tkm: 4, colour: 1 }, 'x'] })).toEqual([
      'legs[0].mass',
      'legs[1].colour',
      'legs[1].mode',
      'legs[2]',
    ]);
    expect(issueFields({ ...base, legs: [] })).toEqual(['legs']);
    expect(issueFields({ ...base, fuel_quantity: 10, fuel_unit: 'L' })).toEqual(['fuel_type']);
    expect(issues({ ...base, mode: 'rail' })[0]!.message).toContain('not enough data');
  });
});
