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

  it('cars counted by vehicles: distance × vehicles × ef per vehicle-km (ch. 6 distance-based)', () => {
    // 5 colleagues in 2 cars, 300 km each: 300 km × 2 vehicles = 600 vehicle-km × 0.17 kg/km = 102 kg
    const r = calc({ ...base, travel_type: 'car', distance: 300, distance_unit: 'km', passengers: 5, vehicles: 2 }, rows);
    expect([r.tier, r.method]).toEqual([2, 'distance_based']);
    expect(r.kgCo2e).toBeCloseTo(102, 9);
    expect(r.inputsUsed).toMatchObject({ passengers: 5, vehicles: 2, vehicle_km: 600 });
    expect(r.warnings).toEqual([]);
    // vehicles without passengers: 2 taxis × 20 km = 40 vehicle-km × 0.2 kg/km = 8 kg
    const taxi = calc({ ...base, travel_type: 'taxi', distance: 20, distance_unit: 'km', vehicles: 2 }, [
      { activity: 'travel.taxi', value: 0.2, unit: 'kgCO2e/km' },
    ]);
    expect(taxi.kgCo2e).toBeCloseTo(8, 9);
    expect(taxi.inputsUsed).toEqual({ travel_type: 'taxi', distance_km: 20, passengers: 1, vehicles: 2, vehicle_km: 40 });
  });

  it('cars counted by occupancy: vehicles = ⌈passengers ÷ occupancy⌉, a part-filled car still a car', () => {
    const car = { ...base, travel_type: 'car', distance: 300, distance_unit: 'km' };
    // 8 people, 4 per car: ⌈8 ÷ 4⌉ = 2 cars × 300 km = 600 vehicle-km × 0.17 kg/km = 102 kg
    const even = calc({ ...car, passengers: 8, occupancy: 4 }, rows);
    expect(even.kgCo2e).toBeCloseTo(102, 9);
    expect(even.inputsUsed).toMatchObject({ passengers: 8, occupancy: 4, vehicles: 2, vehicle_km: 600 });
    // 9 people, 4 per car: ⌈9 ÷ 4⌉ = ⌈2.25⌉ = 3 cars × 300 km = 900 vehicle-km × 0.17 kg/km = 153 kg
    const odd = calc({ ...car, passengers: 9, occupancy: 4 }, rows);
    expect(odd.kgCo2e).toBeCloseTo(153, 9);
    expect(odd.inputsUsed.vehicles).toBe(3);
    // one person per car: 3 people drive 3 cars, 900 vehicle-km × 0.17 = 153 kg
    expect(calc({ ...car, passengers: 3, occupancy: 1 }, rows).kgCo2e).toBeCloseTo(153, 9);
  });

  it('without vehicles or occupancy a party shares one car, as before, and a warning says so', () => {
    // 300 km × 0.17 kg/km = 51 kg, the same result (and lineage) as records from before these fields
    const r = calc({ ...base, travel_type: 'car', distance: 300, distance_unit: 'km', passengers: 3 }, rows);
    expect(r.kgCo2e).toBeCloseTo(51, 9);
    expect(r.inputsUsed).toEqual({ travel_type: 'car', distance_km: 300, passengers: 3, vehicle_km: 300 });
    expect(r.warnings).toEqual([
      {
        code: 'INPUT_NOT_USED',
        message:
          'passengers is given but not used: factor travel.car (kgCO2e/km) is per vehicle-km and the 3 passengers are counted as sharing one car; give vehicles, or occupancy (people per car), if they used more than one',
      },
    ]);
    // 12 people cannot share one car: still one car's 51 kg, and the warning says more than a car seats
    const crowd = calc({ ...base, travel_type: 'car', distance: 300, distance_unit: 'km', passengers: 12 }, rows);
    expect(crowd.kgCo2e).toBeCloseTo(51, 9);
    expect(crowd.warnings[0]!.message).toContain('more than one car seats');
    // one traveller: nothing to say
    expect(calc({ ...base, travel_type: 'car', distance: 300, distance_unit: 'km' }, rows).warnings).toEqual([]);
  });

  it('a per-passenger-km car or taxi factor does not use vehicles or occupancy, with a warning', () => {
    const perPkm: Row[] = [{ activity: 'travel.taxi', value: 0.15, unit: 'kgCO2e/pkm' }];
    // 20 km × 3 passengers = 60 pkm × 0.15 kg/pkm = 9 kg, whatever the number of taxis
    const r = calc({ ...base, travel_type: 'taxi', distance: 20, distance_unit: 'km', passengers: 3, vehicles: 2 }, perPkm);
    expect(r.kgCo2e).toBeCloseTo(9, 9);
    expect(r.inputsUsed).toEqual({ travel_type: 'taxi', distance_km: 20, passengers: 3, pkm: 60 });
    expect(r.warnings.map((w) => w.code)).toEqual(['INPUT_NOT_USED']);
    expect(r.warnings[0]!.message).toContain('vehicles is given but not used');
    const o = calc({ ...base, travel_type: 'taxi', distance: 20, distance_unit: 'km', passengers: 3, occupancy: 2 }, perPkm);
    expect(o.kgCo2e).toBeCloseTo(9, 9);
    expect(o.warnings[0]!.message).toContain('occupancy is given but not used');
  });

  it('car_type picks travel.car.<car_type>; the average car stands in when the type has no factor', () => {
    const typed: Row[] = [
      ...rows,
      { activity: 'travel.car.small', value: 0.14, unit: 'kgCO2e/km' },
      { activity: 'travel.car.medium_diesel', value: 0.16, unit: 'kgCO2e/km' },
    ];
    const car = { ...base, travel_type: 'car', distance: 300, distance_unit: 'km' };
    // 300 km × 0.14 kg/km (small car) = 42 kg
    const small = calc({ ...car, car_type: 'small' }, typed);
    expect([small.tier, small.method, small.kgCo2e]).toEqual([2, 'distance_based', expect.closeTo(42, 9)]);
    expect(small.factors.map((f) => [f.id, f.isProxy])).toEqual([['test:travel.car.small:GLOBAL', false]]);
    expect(small.inputsUsed.car_type).toBe('small');
    // 4 people in 2 medium diesel cars: 300 km × 2 = 600 vehicle-km × 0.16 kg/km = 96 kg
    expect(calc({ ...car, car_type: 'medium_diesel', passengers: 4, vehicles: 2 }, typed).kgCo2e).toBeCloseTo(96, 9);
    // no travel.car.large_electric factor: the average car (0.17 kg/km) stands in, a proxy: 300 × 0.17 = 51 kg
    const standIn = calc({ ...car, car_type: 'large_electric' }, typed);
    expect([standIn.tier, standIn.method, standIn.kgCo2e]).toEqual([2, 'distance_based_average_car', expect.closeTo(51, 9)]);
    expect(standIn.factors.map((f) => [f.id, f.isProxy])).toEqual([['test:travel.car:GLOBAL', true]]);
    expect(standIn.warnings).toContainEqual({
      code: 'FACTOR_KEY_NOT_FOUND',
      message: 'no factor for travel.car.large_electric; travel.car stands in for it (is_proxy), tier 2 distance_based_average_car',
    });
    expectSkipped(standIn, 2, 'distance_based', 'no factor for travel.car.large_electric');
    // car_type average is the average car itself: travel.car, no stand-in, 51 kg
    const average = calc({ ...car, car_type: 'average' }, typed);
    expect([average.method, average.kgCo2e, average.factors[0]!.isProxy]).toEqual(['distance_based', expect.closeTo(51, 9), false]);
    expect(average.warnings).toEqual([]);
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

  it('reports bad vehicle counts and car types by name', () => {
    const car = { ...base, travel_type: 'car', distance: 300, distance_unit: 'km' };
    // (the engine reports the first issue of each field)
    expect(issues({ ...car, passengers: 3, vehicles: 0, occupancy: 10 })).toEqual([
      { field: 'vehicles', message: 'must be at least 1' },
      { field: 'occupancy', message: 'must be at most 9' },
    ]);
    expect(issueFields({ ...car, passengers: 3, vehicles: 1.5 })).toEqual(['vehicles']);
    expect(issues({ ...car, passengers: 3, occupancy: 2.5 })).toEqual([{ field: 'occupancy', message: 'must be an integer' }]);
    expect(issues({ ...car, passengers: 4, vehicles: 2, occupancy: 2 })).toEqual([
      { field: 'occupancy', message: 'give vehicles (how many cars) or occupancy (people per car), not both' },
    ]);
    expect(issues({ ...car, occupancy: 2 })).toEqual([{ field: 'passengers', message: 'is required with occupancy' }]);
    expect(issues({ ...car, passengers: 2, vehicles: 3 })).toEqual([{ field: 'vehicles', message: 'must be at most passengers (2); got 3' }]);
    expect(issueFields({ ...car, car_type: 'sports', vehicles: '2' })).toEqual(['car_type', 'vehicles']);
    expect(issueFields({ ...base, travel_type: 'taxi', distance: 5, distance_unit: 'km', car_type: 'small' })).toEqual(['car_type']);
    expect(issueFields({ ...flight, vehicles: 1, occupancy: 1, car_type: 'small' })).toEqual(['car_type', 'occupancy', 'vehicles']);
    expect(issueFields({ ...base, travel_type: 'rail', distance: 5, distance_unit: 'km', passengers: 2, vehicles: 1 })).toEqual(['vehicles']);
  });
});

describe('category 6: haul and average occupancy (Example [6.1])', () => {
  const hauls: Row[] = [
    { activity: 'flight.long_haul', value: 0.15, unit: 'kgCO2e/pkm' },
    { activity: 'flight.long_haul.business', value: 0.43, unit: 'kgCO2e/pkm' },
  ];
  const leg = { ...base, travel_type: 'flight', distance: 8000, distance_unit: 'km', passengers: 2 };

  it('haul picks flight.<haul>_haul, or flight.<haul>_haul.<cabin> with a cabin', () => {
    // 8,000 km × 2 × 0.15 kg/pkm (long haul, all cabins) = 2,400 kg
    const long = calc({ ...leg, haul: 'long' }, hauls);
    expect([long.method, long.kgCo2e, long.factors[0]!.id]).toEqual(['distance_based', expect.closeTo(2400, 9), 'test:flight.long_haul:GLOBAL']);
    expect(long.inputsUsed).toMatchObject({ haul: 'long', pkm: 16_000 });
    // 8,000 × 2 × 0.43 (long haul, business) = 6,880 kg
    expect(calc({ ...leg, haul: 'long', cabin: 'business' }, hauls).kgCo2e).toBeCloseTo(6880, 9);
  });

  it("the cabin's average stands in for a haul without a factor (a proxy)", () => {
    // no flight.short_haul: flight.economy (built-in 0.115) stands in: 8,000 × 2 × 0.115 = 1,840 kg
    const r = calc({ ...leg, haul: 'short' }, hauls);
    expect([r.method, r.kgCo2e, r.factors[0]!.isProxy]).toEqual(['distance_based_cabin_average', expect.closeTo(1840, 9), true]);
    expectSkipped(r, 2, 'distance_based', 'no factor for flight.short_haul');
  });

  it('average_occupancy divides the passengers into vehicle-km, not rounded', () => {
    // 100 km × 10 ÷ 3 = 333.33… vehicle-km × 0.17 kg/km = 56.66… kg (occupancy 3 would be 4 cars, 68 kg)
    const r = calc({ ...base, travel_type: 'car', distance: 100, distance_unit: 'km', passengers: 10, average_occupancy: 3 }, rows);
    expect(r.kgCo2e).toBeCloseTo(170 / 3, 9);
    expect(r.inputsUsed).toMatchObject({ average_occupancy: 3, vehicle_km: 1000 / 3 });
    expect(r.warnings).toEqual([]);
    // a per-pkm factor does not use it, and says so
    const rail = calc({ ...base, travel_type: 'car', distance: 100, distance_unit: 'km', passengers: 10, average_occupancy: 3 }, [
      { activity: 'travel.car', value: 0.1, unit: 'kgCO2e/pkm' },
    ]);
    expect(rail.kgCo2e).toBeCloseTo(100, 9);
    expect(rail.warnings.map((w) => w.code)).toEqual(['INPUT_NOT_USED']);
  });

  it('reports bad haul and average_occupancy by name', () => {
    expect(issueFields({ ...leg, haul: 'ultra' })).toEqual(['haul']);
    expect(issueFields({ ...base, travel_type: 'rail', distance: 10, distance_unit: 'km', haul: 'long' })).toEqual(['haul']);
    const car = { ...base, travel_type: 'car', distance: 10, distance_unit: 'km' };
    expect(issueFields({ ...car, average_occupancy: 2 })).toEqual(['passengers']);
    expect(issueFields({ ...car, passengers: 4, average_occupancy: 2, occupancy: 2 })).toEqual(['average_occupancy']);
    expect(issueFields({ ...car, passengers: 4, average_occupancy: 0.5 })).toEqual(['average_occupancy']);
    expect(issueFields({ ...flight, average_occupancy: 2 })).toEqual(['average_occupancy']);
  });
});

describe('GHG Protocol Technical Guidance worked examples', () => {
  // Example [6.1]. Road: Σ employees ÷ average employees per vehicle × distance × ef per vehicle-km
  //   = 10/2 × 50 × 1 + 20/2 × 200 × 2 + 100/3 × 100 × 4 = 250 + 4,000 + 13,333.33… = 17,583.33… kg
  // Air: Σ employees × distance × ef per passenger-km
  //   = 10 × 10,000 × 5 + 20 × 15,000 × 6 + 100 × 12,000 × 5 = 8,300,000 kg
  // Total 24,952,750/3 = 8,317,583.333… kg (the guidance prints 8,317,583.33, rounded).
  // checked against the guidance text, line 3113
  it('Example [6.1]: Calculating emissions from business travel using the distance-based method', () => {
    const factors: Row[] = [
      { activity: 'travel.car.hybrid', value: 1, unit: 'kgCO2e/km', region: 'US' },
      { activity: 'travel.car.petrol', value: 2, unit: 'kgCO2e/km', region: 'AU' },
      { activity: 'travel.car.four_wheel_drive', value: 4, unit: 'kgCO2e/km', region: 'US' },
      { activity: 'flight.long_haul', value: 5, unit: 'kgCO2e/pkm' },
      { activity: 'flight.short_haul', value: 6, unit: 'kgCO2e/pkm' },
    ];
    const car = { ...base, travel_type: 'car', distance_unit: 'km' };
    const air = { ...base, travel_type: 'flight', distance_unit: 'km' };
    const road = [
      calc({ ...car, region: 'US', car_type: 'hybrid', passengers: 10, average_occupancy: 2, distance: 50 }, factors),
      calc({ ...car, region: 'AU', car_type: 'petrol', passengers: 20, average_occupancy: 2, distance: 200 }, factors),
      calc({ ...car, region: 'US', car_type: 'four_wheel_drive', passengers: 100, average_occupancy: 3, distance: 100 }, factors),
    ];
    const flights = [
      calc({ ...air, haul: 'long', passengers: 10, distance: 10_000 }, factors),
      calc({ ...air, haul: 'short', passengers: 20, distance: 15_000 }, factors),
      calc({ ...air, haul: 'long', passengers: 100, distance: 12_000 }, factors),
    ];
    for (const r of [...road, ...flights]) expect([r.method, r.factors[0]!.isProxy]).toEqual(['distance_based', false]);
    expect(road.map((r) => r.kgCo2e)).toEqual([250, 4000, expect.closeTo(40_000 / 3, 9)]);
    expect(flights.map((r) => r.kgCo2e)).toEqual([500_000, 1_800_000, 6_000_000]);
    const total = [...road, ...flights].reduce((s, r) => s + r.kgCo2e, 0);
    expect(total).toBeCloseTo(24_952_750 / 3, 6);
  });
});
