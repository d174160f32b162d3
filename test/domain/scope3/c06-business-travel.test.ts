import { describe, expect, it } from 'vitest';
import { calc, expectSkipped, issueFields, issues, type Row } from './harness.ts';

const rows: Row[] = [
  { activity: 'flight.economy', value: 0.09, unit: 'kgCO2e/pkm', supplierId: 'airline-1' },
  { activity: 'travel.rail', value: 0.035, unit: 'kgCO2e/pkm' },
  { activity: 'travel.car', value: 0.17, unit: 'kgCO2e/km' },
];
const base = { category: 6, date: '2024-04-01' };
const flight = { ...base, travel_type: 'flight', distance: 1200, distance_unit: 'km', passengers: 2 };

describe('category 6, business travel', () => {
  it('flights: distance × passengers × ef(cabin)', () => {
    // 1,200 km × 2 passengers × 0.115 kg/pkm (economy, built-in) = 276 kg
    const r = calc(flight);
    expect([r.tier, r.method]).toEqual([2, 'distance_based']);
    expect(r.kgCo2e).toBeCloseTo(276, 9);
    expect(r.inputsUsed).toMatchObject({ pkm: 2400, cabin: 'economy', radiative_forcing: false, rf_multiplier: 1 });
  });

  it('radiative forcing multiplies by 1.9 and says so', () => {
    // 5,000 km × 1 × 0.230 kg/pkm (business, built-in) × 1.9 = 2,185 kg
    const r = calc({ ...base, travel_type: 'flight', cabin: 'business', distance: 5000, distance_unit: 'km', radiative_forcing: true });
    expect(r.kgCo2e).toBeCloseTo(2185, 9);
    expect(r.inputsUsed).toMatchObject({ radiative_forcing: true, rf_multiplier: 1.9 });
    expect(r.warnings.map((w) => w.message).join(' ')).toContain('radiative forcing');
  });

  it('converts miles to km', () => {
    // 1,000 mi = 1,609.344 km × 0.345 kg/pkm (first, built-in) = 555.22368 kg
    const r = calc({ ...base, travel_type: 'flight', cabin: 'first', distance: 1000, distance_unit: 'mi' });
    expect(r.inputsUsed.distance_km).toBeCloseTo(1609.344, 9);
    expect(r.kgCo2e).toBeCloseTo(555.22368, 6);
  });

  it('hotels: nights × ef(country), with the parent-region fallback', () => {
    // 3 nights × 26.4 kg/night (JP, built-in) = 79.2 kg
    expect(calc({ ...base, travel_type: 'hotel', nights: 3, country: 'JP' }).kgCo2e).toBeCloseTo(79.2, 9);
    // FR has no own factor: EU 22.8 × 2 nights = 45.6 kg
    const fr = calc({ ...base, travel_type: 'hotel', nights: 2, country: 'fr' });
    expect(fr.kgCo2e).toBeCloseTo(45.6, 9);
    expect(fr.factors[0]!.region).toBe('EU');
    expect(fr.inputsUsed.country).toBe('FR');
    // the record's region stands in for country: GB 24.2 × 4 = 96.8 kg
    expect(calc({ ...base, region: 'GB', travel_type: 'hotel', nights: 4 }).kgCo2e).toBeCloseTo(96.8, 9);
    // no country at all: GLOBAL 26.0 × 1 = 26 kg
    expect(calc({ ...base, travel_type: 'hotel', nights: 1 }).kgCo2e).toBeCloseTo(26, 9);
  });

  it('ground travel: per pkm × passengers, per vehicle-km shared', () => {
    // rail 300 km × 2 passengers × 0.035 kg/pkm = 21 kg
    expect(calc({ ...base, travel_type: 'rail', distance: 300, distance_unit: 'km', passengers: 2 }, rows).kgCo2e).toBeCloseTo(21, 9);
    // car 300 km × 0.17 kg/km = 51 kg, whatever the number of people in the car
    const car = calc({ ...base, travel_type: 'car', distance: 300, distance_unit: 'km', passengers: 3 }, rows);
    expect(car.kgCo2e).toBeCloseTo(51, 9);
    expect(car.inputsUsed.vehicle_km).toBeCloseTo(300, 9);
  });

  it("tier 1: the airline's own factor, and the fallback without it", () => {
    // 1,200 km × 2 × 0.09 kg/pkm (airline-1) = 216 kg
    const r = calc({ ...flight, supplier_id: 'airline-1' }, rows);
    expect([r.tier, r.method, r.kgCo2e]).toEqual([1, 'supplier_specific', expect.closeTo(216, 9)]);
    const f = calc({ ...flight, supplier_id: 'airline-2' }, rows);
    expect([f.tier, f.kgCo2e]).toEqual([2, expect.closeTo(276, 9)]);
    expectSkipped(f, 1, 'supplier_specific', 'no supplier_specific factor for flight.economy');
  });

  it('tier 3 from spend only', () => {
    // 2,000 USD × 0.22 kg/USD (services, built-in) = 440 kg
    const r = calc({ ...base, spend: 2000, sector: 'services' });
    expect([r.tier, r.method, r.kgCo2e]).toEqual([3, 'spend_based_sector', expect.closeTo(440, 9)]);
    expectSkipped(r, 2, 'distance_based', 'needs travel_type');
  });

  it('reports bad fields by name', () => {
    expect(issueFields({ ...base, travel_type: 'hotel', nights: -1, cabin: 'business' })).toEqual(['cabin', 'nights']);
    expect(issueFields({ ...flight, passengers: 0, radiative_forcing: 'yes' })).toEqual(['passengers', 'radiative_forcing']);
    expect(issueFields({ ...flight, passengers: 1.5, cabin: 'cargo_hold' })).toEqual(['cabin', 'passengers']);
    expect(issueFields({ ...base, travel_type: 'teleport', distance: 10, distance_unit: 'parsec' })).toEqual(['distance_unit', 'travel_type']);
    expect(issueFields({ ...base, travel_type: 'hotel', nights: 2, country: 'France', stars: 4 })).toEqual(['country', 'stars']);
    expect(issueFields({ ...flight, distance: Number.NaN, passengers: '2' })).toEqual(['distance', 'passengers']);
    expect(issues({ ...base, travel_type: 'hotel' })[0]!.message).toContain('needs travel_type with distance');
  });
});
