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
