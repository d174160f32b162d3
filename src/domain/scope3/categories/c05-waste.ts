/**
 * Category 5 — Waste generated in operations (GHG Protocol Scope 3 Technical Guidance v1.0, ch. 5;
 * PRODUCT.md "Formulas").
 *   One treatment:     amount × disposal_ef × (1 − recycling_rate)
 *   Treatments split:  Σ amount × share_t × disposal_ef_t          (`treatments: [{ treatment, share }]`)
 *     — ch. 5, average-data method: Σ total mass of waste × proportion of it treated by each
 *       treatment method × that method's emission factor; the record gives the total and the
 *       proportions, not pre-multiplied masses. Shares are 0–1 and sum to at most 1; a remainder
 *       (1 − Σ share) is not counted (e.g. diverted to recycling under the cut-off approach, like
 *       recycling_rate, which then does not apply).
 *       A share may name its own factor, `activity` (a key as written, e.g.
 *       `waste.recycling.recovery_not_allocated`): two routes of one treatment with different
 *       factors, as the guidance's worked example [5.2] has for recycling whose material recovery is
 *       allocated to the recycled material (0) or not (10 kg CO2e/t). A treatment may then be listed
 *       once per activity; that share uses its activity in every tier.
 *   Wastewater:        volume × wastewater_ef                      (`treatment: "wastewater"`)
 *     — ch. 5, waste-type-specific method: waste produced (tonnes or m³) × waste-type- and
 *       treatment-specific factor; wastewater treatment is one of the category's treatments.
 *       `volume` + `volume_unit` (m3, L, gal_us, gal_uk, bbl…) × `wastewater.<waste_type>` (type
 *       of wastewater, e.g. industrial, domestic) or the average `wastewater`, per m³ (or any
 *       volume unit the factor is per).
 *   The amount is `mass` + `mass_unit` or, for a factor per volume (skips, wastewater),
 *   `volume` + `volume_unit` (the guidance's "tonnes or m³"); wastewater is measured by volume.
 *   Tier 1 supplier-specific: the waste contractor's own factor for the treatment (and waste type),
 *          held for `supplier_id` and accepted only if supplier-specific
 *   Tier 2 waste-type-specific: `waste.<treatment>.<waste_type>` (`wastewater.<waste_type>`)
 *   Tier 2 average-data:        `waste.<treatment>` (mixed waste; `wastewater`)
 *   Tier 3 spend-based:         waste-service spend × EEIO factor (`eeio.naics.*`, else `spend.<sector>`);
 *          the physical inputs it cannot use are named in INPUT_NOT_USED warnings
 * `recycling_rate` (0–1, default 0) is the share of the mass diverted to recycling instead of the
 * treatment; under the GHG Protocol's cut-off approach the recycled share carries no disposal
 * emissions here (recycling processes belong to the user of the recycled material). Record
 * recycling itself with `treatment: recycling` (then recycling_rate does not apply).
 *
 * Activity keys (besides `waste.<treatment>[.<waste_type>]` in shared.ts's list):
 *   wastewater, wastewater.<type>   kgCO2e/m3 (or per L, gal…) of wastewater treated
 */
import { applyFactor, type FactorProduct, toFactorUnit } from '../apply-factor.ts';
import { FieldReader } from '../fields.ts';
import type { CalcContext, CalculationWarning, CategoryModule, Computation, FactorNeed, UsedFactor } from '../types.ts';
import {
  BASE_FIELDS,
  type BaseInput,
  computation,
  computeSpend,
  inputNotUsed,
  isSpendPlan,
  type Measure,
  need,
  PlanBuilder,
  perUnit,
  readBase,
  readFraction,
  readList,
  readMeasure,
  readSlug,
  readSpendInput,
  SPEND_FIELDS,
  type SpendInput,
  sumProducts,
  supplierNeed,
  withSpendTier,
} from './shared.ts';

/** Treatments of solid waste (categories 5 and 12). */
export const WASTE_TREATMENTS = ['landfill', 'incineration', 'recycling', 'composting', 'anaerobic_digestion'] as const;
export type WasteTreatment = (typeof WASTE_TREATMENTS)[number];

/** Category 5's `treatment`: the solid-waste treatments and wastewater treatment. */
export const OPERATIONS_WASTE_TREATMENTS = [...WASTE_TREATMENTS, 'wastewater'] as const;
type OperationsTreatment = (typeof OPERATIONS_WASTE_TREATMENTS)[number];

/** `waste.<treatment>` or, with a waste type (material), `waste.<treatment>.<waste_type>`. */
export function wasteActivity(treatment: string, wasteType?: string): string {
  return wasteType ? `waste.${treatment}.${wasteType}` : `waste.${treatment}`;
}

/** The factor key of a category-5 treatment: `wastewater[.<type>]` or `waste.<treatment>[.<type>]`. */
function treatmentActivity(treatment: string, wasteType?: string): string {
  if (treatment !== 'wastewater') return wasteActivity(treatment, wasteType);
  return wasteType ? `wastewater.${wasteType}` : 'wastewater';
}

/** Shares of one whole may add up to 1 with rounding (0.1 + 0.2 + 0.7 = 1.0000000000000002). */
export const SHARE_SUM_TOLERANCE = 1e-9;

export interface TreatmentShare {
  treatment: WasteTreatment;
  share: number;
  /** The share's own factor key (category 5, `withActivity`), instead of `waste.<treatment>[.<type>]`. */
  activity?: string;
}

/**
 * `field: [{ treatment, share }]`: each treatment once, shares in (0, 1] summing to at most 1.
 * With `withActivity`, a share may carry `activity` (its own factor key), and a treatment may be
 * listed once per activity.
 */
export function readTreatmentShares(r: FieldReader, raw: Record<string, unknown>, field: string, withActivity = false): TreatmentShare[] | undefined {
  const list = readList(r, raw, field, (t) => {
    t.rejectUnknown(withActivity ? ['treatment', 'share', 'activity'] : ['treatment', 'share']);
    const treatment = t.string('treatment', { required: true, oneOf: WASTE_TREATMENTS }) as WasteTreatment | undefined;
    const share = readFraction(t, 'share', true);
    if (share === undefined && !t.has('share')) t.issues.push({ field: 'share', message: 'is required' });
    const activity = withActivity ? t.string('activity', { maxLength: 200 }) : undefined;
    return activity === undefined ? { treatment: treatment!, share: share! } : { treatment: treatment!, share: share!, activity };
  });
  if (list === undefined) return undefined;
  const seen = new Set<string>();
  list.forEach((t, j) => {
    const key = t.activity === undefined ? t.treatment : `${t.treatment} ${t.activity}`;
    if (seen.has(key))
      r.issues.push({
        field: `${field}[${j}].treatment`,
        message: `"${t.treatment}"${t.activity === undefined ? '' : ` with activity "${t.activity}"`} is listed twice`,
      });
    seen.add(key);
  });
  const sum = list.reduce((s, t) => s + t.share, 0);
  if (sum > 1 + SHARE_SUM_TOLERANCE) r.issues.push({ field, message: `shares sum to ${sum}; they are proportions of one amount and must sum to at most 1` });
  return list;
}

export interface WasteInput extends BaseInput {
  treatment: OperationsTreatment | undefined;
  /** A split of the amount across treatments (instead of `treatment`). */
  treatments: TreatmentShare[] | undefined;
  wasteType: string | undefined;
  mass: Measure | undefined;
  volume: Measure | undefined;
  recyclingRate: number;
  spend: SpendInput;
  /** The physical fields the record gives (named when the spend method cannot use them). */
  physicalGiven: string[];
}

const PHYSICAL_FIELDS = ['treatment', 'treatments', 'waste_type', 'mass', 'volume', 'recycling_rate'] as const;
const FIELDS = [...BASE_FIELDS, ...PHYSICAL_FIELDS, 'mass_unit', 'volume_unit', ...SPEND_FIELDS];

const SUPPLIER_REASON = 'needs supplier_id (the waste contractor), treatment (or treatments) and mass (or volume) with its unit';

/** The factor need names: one `waste_factor`, or one per treatment of a split. */
const splitName = (j: number) => `treatments[${j}]`;

function factorNeeds(input: WasteInput, make: (name: string, activity: string) => FactorNeed, typed: boolean): FactorNeed[] {
  const type = typed ? input.wasteType : undefined;
  if (input.treatments) return input.treatments.map((t, j) => make(splitName(j), t.activity ?? treatmentActivity(t.treatment, type)));
  return [make('waste_factor', treatmentActivity(input.treatment!, type))];
}

const wasteModule: CategoryModule<WasteInput> = {
  category: 5,
  name: 'Waste generated in operations',
  methodVersion: '1',

  parse(raw) {
    const r = new FieldReader(raw);
    r.rejectUnknown(FIELDS);
    const base = readBase(r);
    const treatment = r.string('treatment', { oneOf: OPERATIONS_WASTE_TREATMENTS }) as OperationsTreatment | undefined;
    const treatments = readTreatmentShares(r, raw, 'treatments', true);
    if (r.has('treatment') && r.has('treatments')) r.issues.push({ field: 'treatments', message: 'give treatment or treatments, not both' });
    const recyclingRate = readFraction(r, 'recycling_rate');
    if (recyclingRate !== undefined) {
      if (treatment === 'recycling' || treatment === 'wastewater')
        r.issues.push({ field: 'recycling_rate', message: `does not apply when treatment is ${treatment}` });
      if (r.has('treatments'))
        r.issues.push({ field: 'recycling_rate', message: 'does not apply with treatments: give recycling its share there, or leave it out of the shares' });
    }
    const mass = readMeasure(r, raw, 'mass', 'mass_unit', ['mass']);
    const volume = readMeasure(r, raw, 'volume', 'volume_unit', ['volume']);
    if (r.has('mass') && r.has('volume')) r.issues.push({ field: 'volume', message: 'give mass or volume, not both' });
    if (treatment === 'wastewater' && r.has('mass')) r.issues.push({ field: 'mass', message: 'wastewater is measured by volume: give volume and volume_unit' });
    const input: WasteInput = {
      ...base,
      treatment,
      treatments,
      wasteType: readSlug(r, 'waste_type'),
      mass,
      volume,
      recyclingRate: recyclingRate ?? 0,
      spend: readSpendInput(r),
      physicalGiven: PHYSICAL_FIELDS.filter((f) => r.has(f)),
    };
    r.done();
    return input;
  },

  plan(input) {
    const { wasteType } = input;
    const physical = (input.treatment !== undefined || input.treatments !== undefined) && (input.mass !== undefined || input.volume !== undefined);
    return new PlanBuilder(input)
      .when(
        physical && input.supplierId !== undefined,
        1,
        'supplier_specific',
        () => factorNeeds(input, (name, activity) => supplierNeed(name, activity, input), true),
        SUPPLIER_REASON,
      )
      .when(
        physical && wasteType !== undefined,
        2,
        'waste_type_specific',
        () => factorNeeds(input, (name, activity) => need(name, activity, input), true),
        'needs treatment (or treatments), waste_type and mass (or volume) with its unit',
      )
      .when(
        physical,
        2,
        'average_data',
        () => factorNeeds(input, (name, activity) => need(name, activity, input), false),
        'needs treatment (or treatments) and mass (or volume) with its unit',
        // With a waste type, the treatment's average stands in for the type's own factor.
        wasteType !== undefined ? 'waste_type_specific' : undefined,
      )
      .done();
  },

  compute(input, _plan, factors, ctx): Computation {
    const typed: Computation['inputsUsed'] = input.wasteType ? { waste_type: input.wasteType } : {};
    if (input.treatments) return computeSplit(input, factors, ctx);
    const f = factors.get('waste_factor')!;
    if (input.mass) {
      const mass = toFactorUnit(input.mass.value, input.mass.unit, f, 'mass_unit');
      // mass × disposal_ef × (1 − recycling_rate)
      const disposed = mass * (1 - input.recyclingRate);
      return computation(applyFactor(disposed, f, ctx), {
        treatment: input.treatment!,
        ...typed,
        mass,
        mass_unit: perUnit(f),
        recycling_rate: input.recyclingRate,
        disposed_mass: disposed,
      });
    }
    const volume = toFactorUnit(input.volume!.value, input.volume!.unit, f, 'volume_unit');
    // Wastewater: volume × wastewater_ef
    if (input.treatment === 'wastewater')
      return computation(applyFactor(volume, f, ctx), { treatment: 'wastewater', ...typed, volume, volume_unit: perUnit(f) });
    // volume × disposal_ef × (1 − recycling_rate), for a factor per volume
    const disposed = volume * (1 - input.recyclingRate);
    return computation(applyFactor(disposed, f, ctx), {
      treatment: input.treatment!,
      ...typed,
      volume,
      volume_unit: perUnit(f),
      recycling_rate: input.recyclingRate,
      disposed_volume: disposed,
    });
  },
};

/** Σ amount × share_t × ef_t over the treatments of a split. */
function computeSplit(input: WasteInput, factors: ReadonlyMap<string, UsedFactor>, ctx: CalcContext): Computation {
  const byMass = input.mass !== undefined;
  const amount = (byMass ? input.mass : input.volume)!;
  const q = byMass ? 'mass' : 'volume';
  const inputsUsed: Computation['inputsUsed'] = { ...(input.wasteType ? { waste_type: input.wasteType } : {}), [q]: amount.value, [`${q}_unit`]: amount.unit };
  const parts: FactorProduct[] = input.treatments!.map((t, j) => {
    const f = factors.get(splitName(j))!;
    const treated = toFactorUnit(amount.value, amount.unit, f, `${q}_unit`) * t.share;
    Object.assign(inputsUsed, {
      [`${splitName(j)}.treatment`]: t.treatment,
      ...(t.activity === undefined ? {} : { [`${splitName(j)}.activity`]: t.activity }),
      [`${splitName(j)}.share`]: t.share,
      [`${splitName(j)}.${q}`]: treated,
      [`${splitName(j)}.${q}_unit`]: perUnit(f),
    });
    return applyFactor(treated, f, ctx);
  });
  return computation(sumProducts(parts), inputsUsed);
}

const withSpend = withSpendTier(wasteModule);

export const waste: CategoryModule<WasteInput> = {
  ...withSpend,
  compute(input, plan, factors, ctx) {
    if (!isSpendPlan(plan)) return withSpend.compute(input, plan, factors, ctx);
    // Spend only: the physical inputs the record gives cannot be used (their methods found no factor).
    const c = computeSpend(input.spend, input, factors, ctx);
    const unused: CalculationWarning[] = input.physicalGiven.map((f) =>
      inputNotUsed(f, 'the spend-based method uses spend only; the physical methods were not possible (see tier_fallback)'),
    );
    return unused.length > 0 ? { ...c, warnings: [...(c.warnings ?? []), ...unused] } : c;
  },
};
