/** The shared pieces of issue 17: allocation shares and refrigerant (fugitive) emissions. */
import { describe, expect, it } from 'vitest';
import { allocationInputs, readAllocation } from '../../../src/domain/scope3/categories/allocation.ts';
import { fugitiveEmissions, readRefrigerants } from '../../../src/domain/scope3/categories/fugitive.ts';
import { FieldReader } from '../../../src/domain/scope3/fields.ts';
import { ctx } from './harness.ts';

function read<T>(f: (r: FieldReader, raw: Record<string, unknown>) => T, raw: Record<string, unknown>) {
  const r = new FieldReader(raw);
  return { value: f(r, raw), issues: r.issues };
}

describe('allocation', () => {
  it('own ÷ total for a physical basis', () => {
    // 12 t of a 40 t truckload = 0.3
    const { value } = read(readAllocation, { allocation: { basis: 'mass', own: 12, total: 40 } });
    expect(value?.share).toBe(0.3);
    expect(allocationInputs(value!)).toEqual({ 'allocation.basis': 'mass', 'allocation.share': 0.3, 'allocation.own': 12, 'allocation.total': 40 });
  });

  it('area × occupancy shares a building by its occupied area', () => {
    // 200 m² of a 1,000 m² building 80% occupied: 200 ÷ (1,000 × 0.8) = 0.25
    const { value } = read(readAllocation, { allocation: { basis: 'area_occupancy', own: 200, total: 1000, occupancy_rate: 0.8 } });
    expect(value?.share).toBe(0.25);
    // 900 m² cannot be the tenant's in a building of 800 occupied m²
    expect(read(readAllocation, { allocation: { basis: 'area_occupancy', own: 900, total: 1000, occupancy_rate: 0.8 } }).issues).toEqual([
      { field: 'allocation.own', message: 'must be at most the occupied total (total × occupancy_rate), 800; got 900' },
    ]);
  });

  it('refuses bases a category does not allow and fields of another basis', () => {
    expect(read((r, raw) => readAllocation(r, raw, ['mass']), { allocation: { basis: 'economic', own: 1, total: 2 } }).issues.map((i) => i.field)).toEqual([
      'allocation.basis',
    ]);
    expect(read(readAllocation, { allocation: { basis: 'share', share: 0.5, own: 1 } }).issues.map((i) => i.field)).toEqual(['allocation.own']);
    expect(read(readAllocation, { allocation: 'half' }).issues).toEqual([{ field: 'allocation', message: 'must be an object' }]);
  });
});

describe('fugitive emissions', () => {
  it('a blend is reported as its component gases, each × its GWP (AR5)', () => {
    // R-410A = 50% HFC-32 + 50% HFC-125 (ASHRAE 34); 10 kg lost:
    // 5 kg × 677 + 5 kg × 3,170 (AR5 Table 8.A.1) = 3,385 + 15,850 = 19,235 kg CO2e
    const { value } = read(readRefrigerants, { refrigerants: [{ type: 'r410a', mass_lost: 10, mass_unit: 'kg' }] });
    const { product, inputsUsed } = fugitiveEmissions(value!, ctx);
    expect(product.kgCo2e).toBe(19_235);
    expect(product.gases).toEqual({ 'HFC-32': 5, 'HFC-125': 5 });
    expect(inputsUsed).toMatchObject({ 'refrigerants[0].type': 'R-410A', 'refrigerants[0].lost_kg': 10, 'gwp.HFC-32': 677, 'gwp.HFC-125': 3170 });
  });

  it('charge × leak rate, in the GWP set of the calculation and an imported value first', () => {
    // 200 kg of HFC-134a × 15% = 30 kg × 1,430 (AR4) = 42,900 kg
    const { value } = read(readRefrigerants, { refrigerants: [{ type: 'HFC-134a', charge: 200, charge_unit: 'kg', leak_rate: 0.15 }] });
    const ar4 = { ...ctx, settings: { ...ctx.settings, gwpSet: 'AR4' as const } };
    expect(fugitiveEmissions(value!, ar4).product.kgCo2e).toBeCloseTo(42_900, 9);
    // 30 kg × 1,526 (an imported table's HFC-134a) = 45,780 kg
    expect(fugitiveEmissions(value!, { ...ar4, importedGwp: { 'HFC-134a': 1526 } }).product.kgCo2e).toBeCloseTo(45_780, 9);
  });

  it('names the field of each bad refrigerant line', () => {
    const { issues } = read(readRefrigerants, {
      refrigerants: [
        { type: 'R-999', mass_lost: 1, mass_unit: 'kg' },
        { type: 'R-32', charge: 5, charge_unit: 'kg' },
        { type: 'R-32', mass_lost: 1, mass_unit: 'kg', leak_rate: 0.1 },
      ],
    });
    expect(issues.map((i) => i.field)).toEqual(['refrigerants[0].type', 'refrigerants[1].leak_rate', 'refrigerants[2].mass_lost']);
  });
});
