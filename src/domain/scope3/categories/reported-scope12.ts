/**
 * Shared pieces of categories 8, 13 and 14 (leased assets and franchises; GHG Protocol Scope 3
 * Technical Guidance ch. 8, 13, 14):
 *   - Another company's reported scope 1 and 2 (a lessor's, a lessee's or a franchisee's) allocated
 *     to the reporting company's leased asset or franchise — ch. 8 "lessor-specific method", ch. 13
 *     "lessee-specific method", ch. 14 "franchise-specific method" with scope 1 and 2 data:
 *       E = (reported scope 1 + reported scope 2) × allocation share
 *     `reported_scope1_kgco2e`, `reported_scope2_kgco2e`: kg CO2e (as category 1's
 *     `supplier_scope1_2_kgco2e`), each 0 … 1e12 (a billion tonnes); both are required, since a
 *     scope not reported is unknown, not zero (give 0 when it is zero). Or, where the other
 *     company reports them only combined (the guidance's ch. 13 worked example: the lessee's
 *     "combined scope 1 and scope 2 emissions"), `reported_scope1_2_kgco2e` alone instead of both.
 *   - A shared building's (or franchise site's) metered energy and refrigerant losses allocated to the
 *     reporting company's part before or after the factor (the same thing: the product is linear):
 *       E = (Σ energy × ef + Σ refrigerant lost × GWP) × allocation share
 *     (ch. 8 asset-specific method, its worked example: a tenant of part of a building that is not
 *     separately metered allocates the building's fuel, electricity and fugitive emissions by
 *     own area ÷ (total area × occupancy rate), allocation.ts `area_occupancy`).
 * Allocation bases for these categories: `area`, `area_occupancy`, `volume` and a stated `share`.
 */
import type { FactorProduct } from '../apply-factor.ts';
import type { FieldReader } from '../fields.ts';
import type { CalcContext, CalculationWarning, Computation } from '../types.ts';
import { type Allocation, type AllocationBasis, allocationInputs } from './allocation.ts';
import { fugitiveEmissions, type RefrigerantLoss } from './fugitive.ts';
import { computation, sumProducts } from './shared.ts';

/** The allocation bases of a shared building or site (categories 8, 13, 14). */
export const SHARED_ASSET_BASES: readonly AllocationBasis[] = ['area', 'area_occupancy', 'volume', 'share'];

export const REPORTED_FIELDS = ['reported_scope1_kgco2e', 'reported_scope2_kgco2e'] as const;

/** Scope 1 and 2 as one combined figure, instead of REPORTED_FIELDS. */
export const REPORTED_COMBINED_FIELD = 'reported_scope1_2_kgco2e';

/** Every field of another company's reported scope 1 and 2: the split pair or the combined figure. */
export const REPORTED_ANY_FIELDS = [...REPORTED_FIELDS, REPORTED_COMBINED_FIELD] as const;

/** The largest reported scope 1 or 2 one record may carry: 1e12 kg (a billion tonnes), as category 1's. */
export const MAX_REPORTED_KG = 1e12;

/** The reported scopes, split (scope1Kg, scope2Kg) or combined (scope12Kg). */
export type ReportedScope12 = { scope1Kg: number; scope2Kg: number } | { scope12Kg: number };

/** The fields a record gave its reported scope 1 and 2 in. */
export function reportedFields(rep: ReportedScope12): readonly string[] {
  return 'scope12Kg' in rep ? [REPORTED_COMBINED_FIELD] : REPORTED_FIELDS;
}

/** Both reported scopes, or the combined figure, or undefined when the record gives none; issues name the field. */
export function readReportedScope12(r: FieldReader): ReportedScope12 | undefined {
  if (r.has(REPORTED_COMBINED_FIELD)) {
    const scope12Kg = r.number(REPORTED_COMBINED_FIELD, { max: MAX_REPORTED_KG });
    if (REPORTED_FIELDS.some((f) => r.has(f)))
      r.issues.push({
        field: REPORTED_COMBINED_FIELD,
        message: `give either ${REPORTED_COMBINED_FIELD} (scope 1 and 2 combined, as reported) or ${REPORTED_FIELDS.join(' with ')}, not both`,
      });
    return scope12Kg === undefined ? undefined : { scope12Kg };
  }
  if (!REPORTED_FIELDS.some((f) => r.has(f))) return undefined;
  const scope1Kg = r.number('reported_scope1_kgco2e', { max: MAX_REPORTED_KG });
  const scope2Kg = r.number('reported_scope2_kgco2e', { max: MAX_REPORTED_KG });
  const [s1, s2] = REPORTED_FIELDS;
  for (const [field, other] of [
    [s1, s2],
    [s2, s1],
  ] as const) {
    if (!r.has(field)) r.issues.push({ field, message: `is required with ${other}: a scope not reported is unknown, not zero (give 0 when it is zero)` });
  }
  return scope1Kg === undefined || scope2Kg === undefined ? undefined : { scope1Kg, scope2Kg };
}

/**
 * (reported scope 1 + scope 2) × allocation share × `fraction` (e.g. of the year leased): the
 * reported figures are the other company's, with the allocation and the fraction as inputs.
 */
export function computeReported(
  rep: ReportedScope12,
  allocation: Allocation | undefined,
  warnings: CalculationWarning[],
  fraction?: { name: string; value: number },
): Computation {
  const share = allocation?.share ?? 1;
  const combined = 'scope12Kg' in rep;
  const kgCo2e = (combined ? rep.scope12Kg : rep.scope1Kg + rep.scope2Kg) * share * (fraction?.value ?? 1);
  const inputsUsed: Computation['inputsUsed'] = {
    ...(combined ? { [REPORTED_COMBINED_FIELD]: rep.scope12Kg } : { reported_scope1_kgco2e: rep.scope1Kg, reported_scope2_kgco2e: rep.scope2Kg }),
    ...(allocation ? allocationInputs(allocation) : {}),
    ...(fraction ? { [fraction.name]: fraction.value } : {}),
  };
  return { kgCo2e, inputsUsed, warnings: warnings.length > 0 ? warnings : undefined };
}

function asProduct(c: Computation): FactorProduct {
  return { kgCo2e: c.kgCo2e, gases: c.gases, warnings: c.warnings ?? [] };
}

function scaled(p: FactorProduct, share: number): FactorProduct {
  const gases = p.gases ? Object.fromEntries(Object.entries(p.gases).map(([g, kg]) => [g, kg * share])) : undefined;
  return { ...p, kgCo2e: p.kgCo2e * share, gases };
}

function withWarnings(c: Computation, warnings: CalculationWarning[]): Computation {
  return warnings.length === 0 ? c : { ...c, warnings: [...(c.warnings ?? []), ...warnings] };
}

/**
 * A method's computation `c` plus the refrigerant losses; with an allocation, the shared whole is
 * allocated: `(c + fugitive) × share` when `c` is of the whole too (metered energy of a shared
 * building), else `c + fugitive × share` (an area method, whose floor area is already the company's
 * own). Without refrigerants and allocation, `c` itself (with `warnings` added), so a record
 * without them keeps its result.
 */
export function withFugitiveAndShare(
  c: Computation,
  refrigerants: RefrigerantLoss[] | undefined,
  allocation: Allocation | undefined,
  ctx: CalcContext,
  scope: 'whole' | 'fugitive_only',
  warnings: CalculationWarning[] = [],
): Computation {
  if (!refrigerants && !allocation) return withWarnings(c, warnings);
  const share = allocation?.share ?? 1;
  const inputsUsed: Computation['inputsUsed'] = { ...c.inputsUsed };
  let parts: FactorProduct[] = [asProduct(c)];
  if (refrigerants) {
    const f = fugitiveEmissions(refrigerants, ctx);
    Object.assign(inputsUsed, f.inputsUsed);
    inputsUsed.fugitive_kgco2e = f.product.kgCo2e;
    parts.push(scope === 'whole' ? f.product : scaled(f.product, share));
  }
  if (allocation) {
    Object.assign(inputsUsed, allocationInputs(allocation));
    if (scope === 'whole') {
      const whole = sumProducts(parts);
      inputsUsed.unallocated_kgco2e = whole.kgCo2e;
      parts = [scaled(whole, share)];
    }
  }
  return computation(sumProducts(parts), inputsUsed, warnings);
}
