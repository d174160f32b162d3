/**
 * Allocation: the reporting company's share of emissions that a shared activity causes (one
 * vehicle run carrying several customers' goods, a building with several tenants, a franchisee's
 * whole scope 1 and 2). GHG Protocol Scope 3 Technical Guidance, "Allocating emissions" (ch. 1,
 * 4, 8, 13, 14) and the Scope 3 Standard ch. 8: physical bases first, economic when none fits.
 *   share = own ÷ total                          (mass, volume, distance, tkm, economic, area, units)
 *   share = own_area ÷ (total_area × occupancy)   (area_occupancy: a building's energy shared by its
 *                                                  occupied floor area, ch. 8 / 13)
 *   share                                         (share: a share the record states, 0–1)
 * Record field `allocation: { basis, own, total, occupancy_rate? }` or `{ basis: "share", share }`.
 */
import type { FieldReader } from '../fields.ts';
import type { Computation } from '../types.ts';
import { readObject } from './shared.ts';

export const ALLOCATION_BASES = ['mass', 'volume', 'distance', 'tkm', 'economic', 'area', 'units', 'area_occupancy', 'share'] as const;
export type AllocationBasis = (typeof ALLOCATION_BASES)[number];

export interface Allocation {
  basis: AllocationBasis;
  /** The reporting company's share, in (0, 1]. */
  share: number;
  own: number | undefined;
  total: number | undefined;
  occupancyRate: number | undefined;
}

/** Reads `field` (default `allocation`) restricted to `bases`; issues are `allocation.<sub>`. */
export function readAllocation(
  r: FieldReader,
  raw: Record<string, unknown>,
  bases: readonly AllocationBasis[] = ALLOCATION_BASES,
  field = 'allocation',
): Allocation | undefined {
  return readObject(r, raw, field, (a) => {
    const basis = a.string('basis', { required: true, oneOf: bases }) as AllocationBasis | undefined;
    if (basis === undefined) return undefined as unknown as Allocation;
    if (basis === 'share') {
      a.rejectUnknown(['basis', 'share']);
      const share = a.number('share', { required: true, min: 0, max: 1, exclusiveMin: true });
      return { basis, share: share!, own: undefined, total: undefined, occupancyRate: undefined };
    }
    a.rejectUnknown(basis === 'area_occupancy' ? ['basis', 'own', 'total', 'occupancy_rate'] : ['basis', 'own', 'total']);
    const own = a.number('own', { required: true, exclusiveMin: true });
    const total = a.number('total', { required: true, exclusiveMin: true });
    const occupancyRate = basis === 'area_occupancy' ? a.number('occupancy_rate', { min: 0, max: 1, exclusiveMin: true }) : undefined;
    if (own === undefined || total === undefined) return undefined as unknown as Allocation;
    // Occupied area only: an 80%-occupied building's energy is shared by its occupied 80%.
    const denominator = total * (occupancyRate ?? 1);
    if (own > denominator) {
      const what = basis === 'area_occupancy' ? 'the occupied total (total × occupancy_rate)' : 'total';
      a.issues.push({ field: 'own', message: `must be at most ${what}, ${denominator}; got ${own}` });
    }
    return { basis, share: own / denominator, own, total, occupancyRate };
  });
}

/** The allocation as inputs of the result (`allocation.basis`, `.own`, `.total`, `.share`…), so lineage covers it. */
export function allocationInputs(a: Allocation, field = 'allocation'): Computation['inputsUsed'] {
  const out: Computation['inputsUsed'] = { [`${field}.basis`]: a.basis, [`${field}.share`]: a.share };
  if (a.own !== undefined) out[`${field}.own`] = a.own;
  if (a.total !== undefined) out[`${field}.total`] = a.total;
  if (a.occupancyRate !== undefined) out[`${field}.occupancy_rate`] = a.occupancyRate;
  return out;
}
