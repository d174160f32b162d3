/**
 * Category 6 — Business travel (GHG Protocol Scope 3 Technical Guidance, ch. 6; PRODUCT.md "Formulas").
 *   Flights:  distance × passengers × ef(cabin)   `flight.<cabin>` (built-in, kg CO2e/pkm: economy
 *             0.115, premium_economy 0.175, business 0.230, first 0.345; no radiative forcing).
 *             `radiative_forcing: true` multiplies the CO2e by 1.9 (non-CO2 effects at altitude);
 *             per-gas amounts are left as they are, since the uplift is not a gas.
 *   Hotels:   nights × ef(country)                 `hotel.night`, region = `country` (else the
 *             record's region); built-in kg CO2e/night: US 28.5, GB 24.2, EU 22.8, CN 35.6,
 *             JP 26.4, GLOBAL 26.0 (EU members fall back to EU, others to GLOBAL).
 *   Ground:   rail, bus, car, taxi                 `travel.<type>`: distance × passengers for a
 *             per-pkm factor; distance alone for a per-vehicle-km factor (the party shares one car).
 *   Tier 1 supplier-specific: the airline's, hotel's or operator's own factor (`supplier_id`,
 *          accepted only if supplier-specific); Tier 2: the averages above; Tier 3 spend-based:
 *          travel spend × EEIO factor (`eeio.naics.*`, else `spend.<sector>`).
 * `distance` is the total distance travelled by each passenger (both ways for a return trip).
 */
import { MAX_COUNT } from '../../plausible-bounds.ts';
import { convert } from '../../units.ts';
import { applyFactor, toFactorUnit } from '../apply-factor.ts';
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

export interface BusinessTravelInput extends BaseInput {
  travelType: (typeof TRAVEL_TYPES)[number] | undefined;
  cabin: (typeof CABINS)[number];
  distance: Measure | undefined;
  passengers: number;
  radiativeForcing: boolean;
  nights: number | undefined;
  country: string | undefined;
  spend: SpendInput;
}

const FIELDS = [...BASE_FIELDS, 'travel_type', 'cabin', 'distance', 'distance_unit', 'passengers', 'radiative_forcing', 'nights', 'country', ...SPEND_FIELDS];

/** Fields that only make sense for some travel types. */
const ONLY_FOR: Record<string, readonly string[]> = {
  cabin: ['flight'],
  radiative_forcing: ['flight'],
  nights: ['hotel'],
  country: ['hotel'],
  distance: ['flight', 'rail', 'bus', 'car', 'taxi'],
  passengers: ['flight', 'rail', 'bus', 'car', 'taxi'],
};

function activityOf(input: BusinessTravelInput): string {
  if (input.travelType === 'flight') return `flight.${input.cabin}`;
  return input.travelType === 'hotel' ? 'hotel.night' : `travel.${input.travelType}`;
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
      distance: readMeasure(r, raw, 'distance', 'distance_unit', ['distance']),
      passengers: r.number('passengers', { min: 1, max: 10_000, integer: true }) ?? 1,
      radiativeForcing: r.boolean('radiative_forcing') ?? false,
      nights: r.number('nights', { exclusiveMin: true, max: MAX_COUNT.nights }),
      country: r.string('country', { pattern: /^[A-Za-z]{2}$/ })?.toUpperCase(),
      spend: readSpendInput(r),
    };
    r.done();
    return input;
  },

  plan(input) {
    const hotel = input.travelType === 'hotel';
    const hasData = input.travelType !== undefined && (hotel ? input.nights !== undefined : input.distance !== undefined);
    const region = hotel ? (input.country ?? input.region) : input.region;
    return new PlanBuilder(input)
      .when(
        hasData && input.supplierId !== undefined,
        1,
        'supplier_specific',
        () => [supplierNeed('travel_factor', activityOf(input), input, region)],
        'needs supplier_id (airline, hotel or operator) with travel_type and distance or nights',
      )
      .when(
        hasData,
        2,
        hotel ? 'average_data' : 'distance_based',
        () => [need('travel_factor', activityOf(input), input, region)],
        'needs travel_type with distance (flight, rail, bus, car, taxi) or nights (hotel)',
      )
      .done();
  },

  compute(input, _plan, factors, ctx): Computation {
    const f = factors.get('travel_factor')!;
    if (input.travelType === 'hotel') {
      // nights × ef(country)
      const nights = toFactorUnit(input.nights!, 'night', f, 'nights');
      return computation(applyFactor(nights, f, ctx), { travel_type: 'hotel', nights, country: input.country ?? input.region ?? 'GLOBAL' });
    }
    const km = convert(input.distance!.value, input.distance!.unit, 'km');
    // distance × passengers × ef (per pkm), or distance × ef for a shared vehicle (per vehicle-km)
    const { amount, basis } = travelAmount(km, input.passengers, input.passengers, f, 'distance_unit');
    const product = applyFactor(amount, f, ctx);
    const inputsUsed: Computation['inputsUsed'] = { travel_type: input.travelType!, distance_km: km, passengers: input.passengers, [basis]: amount };
    if (input.travelType !== 'flight') return computation(product, inputsUsed);
    const rf = input.radiativeForcing ? RADIATIVE_FORCING_MULTIPLIER : 1;
    const warnings: CalculationWarning[] = input.radiativeForcing
      ? [
          {
            code: 'RADIATIVE_FORCING_APPLIED',
            message: `radiative forcing: CO2e multiplied by ${RADIATIVE_FORCING_MULTIPLIER} for non-CO2 effects at altitude (gas amounts unscaled)`,
          },
        ]
      : [];
    return computation(
      { ...product, kgCo2e: product.kgCo2e * rf },
      { ...inputsUsed, cabin: input.cabin, radiative_forcing: input.radiativeForcing, rf_multiplier: rf },
      warnings,
    );
  },
});
