/**
 * Category 6 — Business travel (GHG Protocol Scope 3 Technical Guidance, ch. 6; PRODUCT.md "Formulas").
 *   Flights:  distance × passengers × ef(cabin)   `flight.<cabin>` (built-in, kg CO2e/pkm: economy
 *             0.115, premium_economy 0.175, business 0.230, first 0.345; no radiative forcing).
 *             `haul` (short|medium|long, the guidance's three flight types, ch. 6 Example [6.1])
 *             picks `flight.<haul>_haul`, or `flight.<haul>_haul.<cabin>` when `cabin` is given;
 *             without a factor for that key the cabin's average `flight.<cabin>` (economy unless
 *             given) stands in (method distance_based_cabin_average: FACTOR_KEY_NOT_FOUND, is_proxy).
 *             `radiative_forcing: true` multiplies the CO2e by 1.9 (non-CO2 effects at altitude);
 *             per-gas amounts are left as they are, since the uplift is not a gas.
 *   Hotels:   nights × ef(country)                 `hotel.night`, region = `country` (else the
 *             record's region); built-in kg CO2e/night: US 28.5, GB 24.2, EU 22.8, CN 35.6,
 *             JP 26.4, GLOBAL 26.0 (EU members fall back to EU, others to GLOBAL).
 *   Ground:   rail, bus, car, taxi                 `travel.<type>`: distance × passengers for a
 *             per-pkm factor; for a per-vehicle-km factor (cars and taxis; ch. 6 distance-based
 *             method: Σ distance by vehicle type, in vehicle-km or passenger-km, × that type's ef
 *             per vehicle-km or passenger-km — a car counted once however many ride in it):
 *               distance × vehicles × ef               `vehicles` given (cars or taxis the party used)
 *               distance × ⌈passengers ÷ occupancy⌉ × ef   `occupancy` given (people per car, 1–9;
 *                                                        a part-filled car is still a car: rounded up)
 *               distance × passengers ÷ average_occupancy × ef   `average_occupancy` given (the
 *                                                        average people per car over the party's trips,
 *                                                        ch. 6 Example [6.1]: not rounded, e.g. 100 ÷ 3)
 *               distance × ef                          neither given (as before these fields: the
 *                                                        party shares one car; with passengers > 1
 *                                                        an INPUT_NOT_USED warning says so)
 *             `car_type` (travel_type car) picks `travel.car.<car_type>`, e.g. travel.car.small,
 *             travel.car.diesel, travel.car.medium_hybrid (DEFRA/DESNZ "Cars (by size)" rows:
 *             size small|medium|large, fuel petrol|diesel|hybrid|plugin_hybrid|electric, or both as
 *             <size>_<fuel>; or `four_wheel_drive`, ch. 6 Example [6.1]); when that key has no factor the average car `travel.car` stands in
 *             (method distance_based_average_car: FACTOR_KEY_NOT_FOUND, is_proxy). `car_type:
 *             average` is the average car itself, `travel.car`.
 *   Tier 1 supplier-specific: the airline's, hotel's or operator's own factor (`supplier_id`,
 *          accepted only if supplier-specific); Tier 2: the averages above (ch. 6 distance-based
 *          method; hotels: ch. 6's emissions from hotel stays, nights × ef per night); Tier 3
 *          spend-based (ch. 6 spend-based method): travel spend × EEIO factor (`eeio.naics.*`,
 *          else `spend.<sector>`).
 * `distance` is the total distance travelled by each passenger (both ways for a return trip).
 * Activity keys (besides shared.ts's list): travel.car.<car_type>   kgCO2e per vehicle-km or pkm.
 */
import { MAX_COUNT } from '../../plausible-bounds.ts';
import { convert, dimensionOf } from '../../units.ts';
import { applyFactor, toFactorUnit } from '../apply-factor.ts';
import { FieldReader } from '../fields.ts';
import type { CalculationWarning, CategoryModule, Computation } from '../types.ts';
import {
  BASE_FIELDS,
  type BaseInput,
  computation,
  inputNotUsed,
  type Measure,
  need,
  PlanBuilder,
  perUnit,
  readBase,
  readMeasure,
  readSpendInput,
  SPEND_FIELDS,
  type SpendInput,
  supplierNeed,
  travelAmount,
  withSpendTier,
} from './shared.ts';

export const TRAVEL_TYPES = ['flight', 'hotel', 'rail', 'bus', 'car', 'taxi'] as const;
export const CABINS = ['economy', 'premium_economy', 'business', 'first'] as const;
/** Radiative-forcing index applied to flights on request (PRODUCT.md: ×1.9). */
export const RADIATIVE_FORCING_MULTIPLIER = 1.9;

const CAR_SIZES = ['small', 'medium', 'large'] as const;
const CAR_FUELS = ['petrol', 'diesel', 'hybrid', 'plugin_hybrid', 'electric'] as const;
/**
 * `car_type` values (key `travel.car.<car_type>`): a size (fuel unknown), a fuel (average size),
 * both, or `average` (the average car, key `travel.car`).
 */
export const CAR_TYPES: readonly string[] = [
  'average',
  ...CAR_SIZES,
  ...CAR_FUELS,
  ...CAR_SIZES.flatMap((s) => CAR_FUELS.map((f) => `${s}_${f}`)),
  'four_wheel_drive',
];
/** Flight types by length (`haul`, ch. 6: short < 3 h, medium 3–6 h, long-haul wide-bodied > 6.5 h). */
export const HAULS = ['short', 'medium', 'long'] as const;
/** Most people one car or taxi of a trip carries (`occupancy`): an eight-seat people carrier and its driver. */
export const MAX_OCCUPANCY = 9;

export interface BusinessTravelInput extends BaseInput {
  travelType: (typeof TRAVEL_TYPES)[number] | undefined;
  cabin: (typeof CABINS)[number];
  /** Whether the record gave `cabin` (else economy, the default). */
  cabinGiven: boolean;
  haul: (typeof HAULS)[number] | undefined;
  distance: Measure | undefined;
  passengers: number;
  radiativeForcing: boolean;
  nights: number | undefined;
  country: string | undefined;
  /** Cars or taxis the party travelled in, each the whole distance. */
  vehicles: number | undefined;
  /** People per car or taxi (vehicles = ⌈passengers ÷ occupancy⌉). */
  occupancy: number | undefined;
  /** Average people per car or taxi over the party's trips (vehicle-km = km × passengers ÷ it, not rounded). */
  averageOccupancy: number | undefined;
  carType: string | undefined;
  spend: SpendInput;
}

const FIELDS = [
  ...BASE_FIELDS,
  'travel_type',
  'cabin',
  'distance',
  'distance_unit',
  'passengers',
  'radiative_forcing',
  'nights',
  'country',
  'vehicles',
  'occupancy',
  'car_type',
  'haul',
  'average_occupancy',
  ...SPEND_FIELDS,
];

/** Fields that only make sense for some travel types. */
const ONLY_FOR: Record<string, readonly string[]> = {
  cabin: ['flight'],
  radiative_forcing: ['flight'],
  nights: ['hotel'],
  country: ['hotel'],
  distance: ['flight', 'rail', 'bus', 'car', 'taxi'],
  passengers: ['flight', 'rail', 'bus', 'car', 'taxi'],
  vehicles: ['car', 'taxi'],
  occupancy: ['car', 'taxi'],
  car_type: ['car'],
  haul: ['flight'],
  average_occupancy: ['car', 'taxi'],
};

/** The record's own factor key: `travel.car.<car_type>` for a car with a type other than average. */
function activityOf(input: BusinessTravelInput): string {
  if (input.travelType === 'flight') {
    if (input.haul === undefined) return `flight.${input.cabin}`;
    return `flight.${input.haul}_haul${input.cabinGiven ? `.${input.cabin}` : ''}`;
  }
  if (input.travelType === 'hotel') return 'hotel.night';
  if (input.travelType === 'car' && input.carType !== undefined && input.carType !== 'average') return `travel.car.${input.carType}`;
  return `travel.${input.travelType}`;
}

export const businessTravel: CategoryModule<BusinessTravelInput> = withSpendTier({
  category: 6,
  name: 'Business travel',
  methodVersion: '1',

  parse(raw) {
    const r = new FieldReader(raw);
    r.rejectUnknown(FIELDS);
    const travelType = r.string('travel_type', { oneOf: TRAVEL_TYPES }) as BusinessTravelInput['travelType'];
    for (const [field, types] of Object.entries(ONLY_FOR)) {
      if (r.has(field) && travelType !== undefined && !types.includes(travelType))
        r.issues.push({ field, message: `applies only to travel_type ${types.join(', ')}` });
    }
    const input: BusinessTravelInput = {
      ...readBase(r),
      travelType,
      cabin: (r.string('cabin', { oneOf: CABINS }) ?? 'economy') as BusinessTravelInput['cabin'],
      cabinGiven: r.has('cabin'),
      haul: r.string('haul', { oneOf: HAULS }) as BusinessTravelInput['haul'],
      distance: readMeasure(r, raw, 'distance', 'distance_unit', ['distance']),
      passengers: r.number('passengers', { min: 1, max: 10_000, integer: true }) ?? 1,
      radiativeForcing: r.boolean('radiative_forcing') ?? false,
      nights: r.number('nights', { exclusiveMin: true, max: MAX_COUNT.nights }),
      country: r.string('country', { pattern: /^[A-Za-z]{2}$/ })?.toUpperCase(),
      vehicles: r.number('vehicles', { min: 1, max: 10_000, integer: true }),
      occupancy: r.number('occupancy', { min: 1, max: MAX_OCCUPANCY, integer: true }),
      averageOccupancy: r.number('average_occupancy', { min: 1, max: MAX_OCCUPANCY }),
      carType: r.string('car_type', { oneOf: CAR_TYPES, maxLength: 60 }),
      spend: readSpendInput(r),
    };
    if (r.has('vehicles') && r.has('occupancy'))
      r.issues.push({ field: 'occupancy', message: 'give vehicles (how many cars) or occupancy (people per car), not both' });
    if (r.has('occupancy') && !r.has('passengers')) r.issues.push({ field: 'passengers', message: 'is required with occupancy' });
    if (r.has('average_occupancy')) {
      if (r.has('vehicles') || r.has('occupancy'))
        r.issues.push({ field: 'average_occupancy', message: 'give one of vehicles, occupancy or average_occupancy' });
      if (!r.has('passengers')) r.issues.push({ field: 'passengers', message: 'is required with average_occupancy' });
    }
    // Every car carries at least one of the party.
    if (input.vehicles !== undefined && r.has('passengers') && input.vehicles > input.passengers)
      r.issues.push({ field: 'vehicles', message: `must be at most passengers (${input.passengers}); got ${input.vehicles}` });
    r.done();
    return input;
  },

  plan(input) {
    const hotel = input.travelType === 'hotel';
    const hasData = input.travelType !== undefined && (hotel ? input.nights !== undefined : input.distance !== undefined);
    const region = hotel ? (input.country ?? input.region) : input.region;
    const own = activityOf(input);
    const pb = new PlanBuilder(input)
      .when(
        hasData && input.supplierId !== undefined,
        1,
        'supplier_specific',
        () => [supplierNeed('travel_factor', own, input, region)],
        'needs supplier_id (airline, hotel or operator) with travel_type and distance or nights',
      )
      .when(
        hasData,
        2,
        hotel ? 'average_data' : 'distance_based',
        () => [need('travel_factor', own, input, region)],
        'needs travel_type with distance (flight, rail, bus, car, taxi) or nights (hotel)',
      );
    // The average car stands in for a car type without a factor (a less specific factor rather
    // than none); the engine marks it a proxy and names the missing key (FACTOR_KEY_NOT_FOUND).
    if (hasData && own !== activityOf({ ...input, carType: undefined }))
      pb.add(2, 'distance_based_average_car', [need('travel_factor', 'travel.car', input, region)], 'distance_based');
    // Likewise the cabin's average over all hauls for a flight type without a factor.
    if (hasData && own !== activityOf({ ...input, haul: undefined }))
      pb.add(2, 'distance_based_cabin_average', [need('travel_factor', `flight.${input.cabin}`, input, region)], 'distance_based');
    return pb.done();
  },

  compute(input, plan, factors, ctx): Computation {
    const f = factors.get('travel_factor')!;
    // The factor's key, for messages.
    const key =
      plan.method === 'distance_based_average_car'
        ? 'travel.car'
        : plan.method === 'distance_based_cabin_average'
          ? `flight.${input.cabin}`
          : activityOf(input);
    if (input.travelType === 'hotel') {
      // nights × ef(country)
      const nights = toFactorUnit(input.nights!, 'night', f, 'nights');
      return computation(applyFactor(nights, f, ctx), { travel_type: 'hotel', nights, country: input.country ?? input.region ?? 'GLOBAL' });
    }
    const km = convert(input.distance!.value, input.distance!.unit, 'km');
    const perVehicle = dimensionOf(perUnit(f)) !== 'passenger_distance';
    const counted = input.vehicles !== undefined || input.occupancy !== undefined || input.averageOccupancy !== undefined;
    const warnings: CalculationWarning[] = [];
    let amount: number;
    let basis: 'pkm' | 'vehicle_km';
    let vehicles: number | undefined;
    if (perVehicle && input.averageOccupancy !== undefined) {
      // distance × passengers ÷ average_occupancy × ef per vehicle-km (an average: not rounded)
      ({ amount, basis } = travelAmount(km, input.passengers, input.averageOccupancy, f, 'distance_unit'));
    } else if (perVehicle && counted) {
      // distance × vehicles (given, or ⌈passengers ÷ occupancy⌉: cars are whole) × ef per vehicle-km
      vehicles = input.vehicles ?? Math.ceil(input.passengers / input.occupancy!);
      ({ amount, basis } = travelAmount(km, vehicles, 1, f, 'distance_unit'));
    } else {
      // distance × passengers × ef (per pkm), or distance × ef for a shared vehicle (per vehicle-km):
      // the arithmetic of records from before `vehicles` and `occupancy`, kept as it was.
      ({ amount, basis } = travelAmount(km, input.passengers, input.passengers, f, 'distance_unit'));
      const countField = input.vehicles !== undefined ? 'vehicles' : input.occupancy !== undefined ? 'occupancy' : 'average_occupancy';
      if (counted) warnings.push(inputNotUsed(countField, `factor ${key} (${f.unit}) is per passenger-km, so the number of cars does not change the result`));
      else if (basis === 'vehicle_km' && input.passengers > 1 && (input.travelType === 'car' || input.travelType === 'taxi'))
        warnings.push(
          inputNotUsed(
            'passengers',
            `factor ${key} (${f.unit}) is per vehicle-km and the ${input.passengers} passengers are counted as sharing one ${input.travelType}` +
              `${input.passengers > MAX_OCCUPANCY ? `, more than one ${input.travelType} seats` : ''}; give vehicles, or occupancy (people per ${input.travelType}), if they used more than one`,
          ),
        );
    }
    const product = applyFactor(amount, f, ctx);
    const inputsUsed: Computation['inputsUsed'] = { travel_type: input.travelType!, distance_km: km, passengers: input.passengers, [basis]: amount };
    if (vehicles !== undefined) {
      if (input.occupancy !== undefined) inputsUsed.occupancy = input.occupancy;
      inputsUsed.vehicles = vehicles;
    }
    if (perVehicle && input.averageOccupancy !== undefined) inputsUsed.average_occupancy = input.averageOccupancy;
    if (input.carType !== undefined) inputsUsed.car_type = input.carType;
    if (input.haul !== undefined) inputsUsed.haul = input.haul;
    if (input.travelType !== 'flight') return computation(product, inputsUsed, warnings);
    const rf = input.radiativeForcing ? RADIATIVE_FORCING_MULTIPLIER : 1;
    if (input.radiativeForcing)
      warnings.push({
        code: 'RADIATIVE_FORCING_APPLIED',
        message: `radiative forcing: CO2e multiplied by ${RADIATIVE_FORCING_MULTIPLIER} for non-CO2 effects at altitude (gas amounts unscaled)`,
      });
    return computation(
      { ...product, kgCo2e: product.kgCo2e * rf },
      { ...inputsUsed, cabin: input.cabin, radiative_forcing: input.radiativeForcing, rf_multiplier: rf },
      warnings,
    );
  },
});
