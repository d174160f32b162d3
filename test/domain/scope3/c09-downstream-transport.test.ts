import { describe, expect, it } from 'vitest';
import { calc, issueFields, type Row } from './harness.ts';

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
