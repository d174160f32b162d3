/**
 * Category 7 — Employee commuting (GHG Protocol Scope 3 Technical Guidance, ch. 7, distance-based
 * method; PRODUCT.md "Formulas"):
 *   distance × days_per_week × weeks × ef × employees / occupancy
 *   Tier 2 distance-based: ef = `commute.<mode>` for the record's region, per vehicle-km (e.g. a
 *          car: occupancy = people per car, default 1) or per passenger-km (public transport:
 *          occupancy does not apply, since the factor is already per person).
 * `distance` is each employee's commuting distance per commuting day, both ways (`one_way: true`
 * doubles a one-way distance).
 *   Average-data (ch. 7, formula [7.2], Example [7.2]): employees × mode_share × one-way distance
 *          × 2 × working days per year × ef — `mode_share` (0–1, the share of `employees` using
 *          this mode) and `days_per_year` (commuting days per year, instead of days_per_week ×
 *          weeks) give national statistics as they are published; same method, distance_based.
 * No supplier-specific tier (there is no supplier) and no spend tier
 * (employees pay for their commute; the GHG Protocol gives no spend method for category 7).
 */
import { MAX_COUNT } from '../../plausible-bounds.ts';
import { convert } from '../../units.ts';
import { applyFactor } from '../apply-factor.ts';
import { FieldReader } from '../fields.ts';
import type { CalculationWarning, CategoryModule, Computation } from '../types.ts';
import {
  BASE_FIELDS,
  type BaseInput,
  computation,
  type Measure,
  need,
  PlanBuilder,
  readBase,
  readFraction,
  readMeasure,
  readMode,
  travelAmount,
} from './shared.ts';

/** Input mode → activity suffix after `commute.`. */
export const COMMUTE_MODES: Readonly<Record<string, string>> = Object.fromEntries(
  [
    'car',
    'car_petrol',
    'car_diesel',
    'car_hybrid',
    'car_electric',
    'motorcycle',
    'bus',
    'coach',
    'rail',
    'metro',
    'tram',
    'ferry',
    'bicycle',
    'e_bike',
    'walk',
  ].map((m) => [m, m]),
);

export interface CommutingInput extends BaseInput {
  mode: string;
  distance: Measure;
  oneWay: boolean;
  /** Undefined with `daysPerYear`. */
  daysPerWeek: number | undefined;
  weeks: number | undefined;
  /** Commuting days per year, instead of days_per_week × weeks. */
  daysPerYear: number | undefined;
  employees: number;
  /** Share of `employees` commuting by this mode (average-data method); undefined = all of them. */
  modeShare: number | undefined;
  occupancy: number;
}

const FIELDS = [
  ...BASE_FIELDS,
  'mode',
  'distance',
  'distance_unit',
  'one_way',
  'days_per_week',
  'weeks',
  'employees',
  'occupancy',
  'days_per_year',
  'mode_share',
];

export const employeeCommuting: CategoryModule<CommutingInput> = {
  category: 7,
  name: 'Employee commuting',
  methodVersion: '1',

  parse(raw) {
    const r = new FieldReader(raw);
    r.rejectUnknown(FIELDS);
    const perYear = r.has('days_per_year');
    if (perYear && (r.has('days_per_week') || r.has('weeks')))
      r.issues.push({ field: 'days_per_year', message: 'give days_per_year or days_per_week with weeks, not both' });
    const input = {
      ...readBase(r),
      mode: readMode(r, 'mode', COMMUTE_MODES, true),
      distance: readMeasure(r, raw, 'distance', 'distance_unit', ['distance'], true),
      oneWay: r.boolean('one_way') ?? false,
      daysPerWeek: r.number('days_per_week', { required: !perYear, exclusiveMin: true, max: 7 }),
      weeks: r.number('weeks', { required: !perYear, exclusiveMin: true, max: 53 }),
      daysPerYear: r.number('days_per_year', { exclusiveMin: true, max: 366 }),
      employees: r.number('employees', { exclusiveMin: true, max: MAX_COUNT.employees }) ?? 1,
      modeShare: readFraction(r, 'mode_share', true),
      occupancy: r.number('occupancy', { exclusiveMin: true, max: 100 }) ?? 1,
    };
    r.done();
    return input as CommutingInput;
  },

  plan(input) {
    return new PlanBuilder(input).add(2, 'distance_based', [need('commute_factor', `commute.${input.mode}`, input)]).done();
  },

  compute(input, _plan, factors, ctx): Computation {
    const f = factors.get('commute_factor')!;
    const kmPerDay = convert(input.distance.value, input.distance.unit, 'km') * (input.oneWay ? 2 : 1);
    // distance × days_per_week × weeks (or × days_per_year) × employees (× mode_share) / occupancy
    // (vehicle-km), × ef
    const personKm = input.daysPerYear !== undefined ? kmPerDay * input.daysPerYear : kmPerDay * input.daysPerWeek! * input.weeks!;
    const commuters = input.modeShare !== undefined ? input.employees * input.modeShare : input.employees;
    const { amount, basis } = travelAmount(personKm, commuters, input.occupancy, f, 'distance_unit');
    const warnings: CalculationWarning[] =
      basis === 'pkm' && input.occupancy !== 1
        ? [{ code: 'OCCUPANCY_NOT_APPLIED', message: `occupancy ${input.occupancy} not applied: factor "${f.name}" is per passenger-km` }]
        : [];
    return computation(
      applyFactor(amount, f, ctx),
      {
        mode: input.mode,
        distance_km_per_day: kmPerDay,
        ...(input.daysPerYear !== undefined ? { days_per_year: input.daysPerYear } : { days_per_week: input.daysPerWeek!, weeks: input.weeks! }),
        employees: input.employees,
        ...(input.modeShare !== undefined ? { mode_share: input.modeShare } : {}),
        occupancy: basis === 'pkm' ? 1 : input.occupancy,
        [basis]: amount,
      },
      warnings,
    );
  },
};
