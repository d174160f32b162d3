import { describe, expect, it } from 'vitest';
import { calc, issueFields, issues, type Row } from './harness.ts';

const rows: Row[] = [
  { activity: 'commute.car', value: 0.17, unit: 'kgCO2e/km' },
  { activity: 'commute.bus', value: 0.1, unit: 'kgCO2e/pkm' },
];
const base = { category: 7, date: '2024-12-31' };
const car = { ...base, mode: 'car', distance: 20, distance_unit: 'km', days_per_week: 4, weeks: 46, employees: 10 };

describe('category 7, employee commuting', () => {
  it('distance × days_per_week × weeks × ef × employees / occupancy', () => {
    // 20 km × 4 days × 46 weeks × 0.17 kg/km × 10 employees / 1 = 6,256 kg
    const r = calc(car, rows);
    expect([r.tier, r.method]).toEqual([2, 'distance_based']);
    expect(r.kgCo2e).toBeCloseTo(6256, 9);
    expect(r.inputsUsed).toMatchObject({ vehicle_km: 36800, occupancy: 1, employees: 10 });
  });

  it('car-pooling divides by occupancy', () => {
    // 6,256 kg / 2 people per car = 3,128 kg
    expect(calc({ ...car, occupancy: 2 }, rows).kgCo2e).toBeCloseTo(3128, 9);
  });

  it('one-way miles are doubled and converted', () => {
    // 10 mi one way → 20 mi = 32.18688 km a day × 5 days × 48 weeks × 0.17 kg/km × 1 = 1,313.224704 kg
    const r = calc({ ...base, mode: 'car', distance: 10, distance_unit: 'mi', one_way: true, days_per_week: 5, weeks: 48 }, rows);
    expect(r.inputsUsed.distance_km_per_day).toBeCloseTo(32.18688, 9);
    expect(r.kgCo2e).toBeCloseTo(1313.224704, 6);
  });

  it('a per-passenger-km factor ignores occupancy, with a warning', () => {
    // 15 km × 5 × 46 × 20 employees = 69,000 pkm × 0.1 kg/pkm = 6,900 kg
    const r = calc({ ...base, mode: 'bus', distance: 15, distance_unit: 'km', days_per_week: 5, weeks: 46, employees: 20, occupancy: 30 }, rows);
    expect(r.kgCo2e).toBeCloseTo(6900, 9);
    expect(r.inputsUsed.pkm).toBeCloseTo(69000, 9);
    expect(r.warnings.map((w) => w.message).join(' ')).toContain('occupancy 30 not applied');
  });

  it('without a factor for the mode, the record fails and names the activity', () => {
    expect(issues({ ...car, mode: 'tram' }, rows)[0]!.message).toContain('no factor for commute.tram');
  });

  it('reports bad fields by name', () => {
    expect(issueFields({ ...car, occupancy: 0, days_per_week: 8 })).toEqual(['days_per_week', 'occupancy']);
    expect(issueFields({ ...base, mode: 'rocket', distance: '12', distance_unit: 'km', days_per_week: 5 })).toEqual(['distance', 'mode', 'weeks']);
    expect(issueFields({ ...car, employees: -1, one_way: 1, distance_unit: 'kWh' })).toEqual(['distance_unit', 'employees', 'one_way']);
    expect(issueFields({ ...base, days_per_week: 5, weeks: 40, spend: 5 })).toEqual(['distance', 'mode', 'spend']);
    expect(issueFields({ ...car, distance_unit: 'leagues', days_per_week: Number.NaN })).toEqual(['days_per_week', 'distance_unit']);
  });

  it('an empty unit is a missing unit, not a crash (found by test/http/openapi-fuzz.test.ts)', () => {
    expect(issues({ ...car, distance_unit: '' })).toEqual([{ field: 'distance_unit', message: 'is required with distance' }]);
  });
});

describe('category 7: days per year and mode shares (average-data method, formula [7.2])', () => {
  it('employees × mode_share × distance × days_per_year × ef', () => {
    // 200 employees × 25% = 50 commuters × 12 km × 220 days = 132,000 pkm × 0.1 kg/pkm = 13,200 kg
    const r = calc({ ...base, mode: 'bus', distance: 12, distance_unit: 'km', days_per_year: 220, employees: 200, mode_share: 0.25 }, rows);
    expect(r.kgCo2e).toBeCloseTo(13_200, 9);
    expect(r.inputsUsed).toMatchObject({ days_per_year: 220, employees: 200, mode_share: 0.25, pkm: 132_000 });
    expect(r.inputsUsed.days_per_week).toBeUndefined();
  });

  it('reports bad day counts and shares by name', () => {
    const bus = { ...base, mode: 'bus', distance: 12, distance_unit: 'km' };
    expect(issueFields(bus)).toEqual(['days_per_week', 'weeks']);
    expect(issueFields({ ...bus, days_per_year: 220, weeks: 40 })).toEqual(['days_per_year']);
    expect(issueFields({ ...bus, days_per_year: 400 })).toEqual(['days_per_year']);
    expect(issueFields({ ...bus, days_per_year: 220, mode_share: 1.5 })).toEqual(['mode_share']);
    expect(issueFields({ ...bus, days_per_year: 220, mode_share: 0 })).toEqual(['mode_share']);
  });
});

describe('GHG Protocol Technical Guidance worked examples', () => {
  // Example [7.1], 48 commuting weeks. Rail (pkm): 10 × 2 × 5 × 48 (A) + 10 × 2 × 4 × 48 (B)
  //   = 4,800 + 3,840 = 8,640 pkm × 0.1 = 864 kg
  // Car (vehicle-km): 15 × 2 × 1 × 48 (B) + 20 × 2 × 5 × 48 (C) = 1,440 + 9,600 = 11,040 × 0.2 = 2,208 kg
  // Total 3,072 kg.
  // checked against the guidance text, line 3307
  it('Example [7.1]: Calculating emissions from employee travel using the distance-based method', () => {
    const factors: Row[] = [
      { activity: 'commute.rail', value: 0.1, unit: 'kgCO2e/pkm' },
      { activity: 'commute.car', value: 0.2, unit: 'kgCO2e/km' },
    ];
    const trip = { ...base, distance_unit: 'km', one_way: true, weeks: 48 };
    const results = [
      calc({ ...trip, mode: 'rail', distance: 10, days_per_week: 5 }, factors), // A
      calc({ ...trip, mode: 'rail', distance: 10, days_per_week: 4 }, factors), // B
      calc({ ...trip, mode: 'car', distance: 15, days_per_week: 1 }, factors), // B
      calc({ ...trip, mode: 'car', distance: 20, days_per_week: 5 }, factors), // C
    ];
    expect(results.map((r) => r.inputsUsed.pkm ?? r.inputsUsed.vehicle_km)).toEqual([4800, 3840, 1440, 9600]);
    expect(results.map((r) => r.kgCo2e)).toEqual([480, 384, 288, 1920].map((v) => expect.closeTo(v, 9)));
    expect(results.reduce((s, r) => s + r.kgCo2e, 0)).toBeCloseTo(3072, 9);
  });

  // Example [7.2], 10,000 employees, 235 working days, no ride sharing:
  //   rail 10,000 × 50% × 10 × 2 × 235 × 0.1 = 2,350,000; car 10,000 × 30% × 15 × 2 × 235 × 0.2 = 4,230,000;
  //   foot 10,000 × 15% × 1 × 2 × 235 × 0 = 0; bus 10,000 × 5% × 5 × 2 × 235 × 0.1 = 117,500.
  // Total 6,697,500 kg.
  // checked against the guidance text, line 3398
  it('Example [7.2]: Calculating emissions from employee travel using the average data method', () => {
    const factors: Row[] = [
      { activity: 'commute.rail', value: 0.1, unit: 'kgCO2e/pkm' },
      { activity: 'commute.car', value: 0.2, unit: 'kgCO2e/km' },
      { activity: 'commute.walk', value: 0, unit: 'kgCO2e/pkm' },
      { activity: 'commute.bus', value: 0.1, unit: 'kgCO2e/pkm' },
    ];
    const uk = { ...base, region: 'GB', employees: 10_000, distance_unit: 'km', one_way: true, days_per_year: 235 };
    const results = [
      calc({ ...uk, mode: 'rail', mode_share: 0.5, distance: 10 }, factors),
      calc({ ...uk, mode: 'car', mode_share: 0.3, distance: 15 }, factors),
      calc({ ...uk, mode: 'walk', mode_share: 0.15, distance: 1 }, factors),
      calc({ ...uk, mode: 'bus', mode_share: 0.05, distance: 5 }, factors),
    ];
    expect(results.map((r) => r.kgCo2e)).toEqual([2_350_000, 4_230_000, 0, 117_500].map((v) => expect.closeTo(v, 6)));
    expect(results.reduce((s, r) => s + r.kgCo2e, 0)).toBeCloseTo(6_697_500, 6);
  });
});
