import { describe, expect, it } from 'vitest';
import { calc, expectSkipped, issueFields, type Row } from './harness.ts';

const rows: Row[] = [
  { activity: 'waste.landfill.plastics', value: 9, unit: 'kgCO2e/t' },
  { activity: 'waste.recycling.steel', value: 21, unit: 'kgCO2e/t' },
  { activity: 'waste.landfill', value: 467, unit: 'kgCO2e/t' },
  { activity: 'waste.recycling', value: 21.3, unit: 'kgCO2e/t' },
];
const base = { category: 12, date: '2024-11-11' };

describe('category 12, end-of-life treatment of sold products', () => {
  it('Σ material_mass × disposal_ef, per unit × units sold', () => {
    // 1,000 units × 0.5 kg plastics = 0.5 t × 9 kg/t = 4.5 kg; 1,000 × 2 kg steel = 2 t × 21 kg/t = 42 kg; total 46.5 kg
    const r = calc(
      {
        ...base,
        units: 1000,
        materials: [
          { material: 'plastics', mass: 0.5, mass_unit: 'kg', treatment: 'landfill' },
          { material: 'steel', mass: 2, mass_unit: 'kg', treatment: 'recycling' },
        ],
      },
      rows,
    );
    expect([r.tier, r.method]).toEqual([2, 'waste_type_specific']);
    expect(r.kgCo2e).toBeCloseTo(46.5, 9);
    expect(r.inputsUsed).toMatchObject({ units: 1000, 'materials[0].mass': 0.5, 'materials[1].mass': 2, 'materials[1].treatment': 'recycling' });
  });

  it('falls back to treatment averages when a material has no factor', () => {
    // 100 units × 1 kg textiles = 0.1 t × 467 kg/t (landfill, mixed) = 46.7 kg
    const r = calc({ ...base, units: 100, materials: [{ material: 'textiles', mass: 1, mass_unit: 'kg', treatment: 'landfill' }] }, rows);
    expect(r.method).toBe('average_data');
    expect(r.kgCo2e).toBeCloseTo(46.7, 9);
    expectSkipped(r, 2, 'waste_type_specific', 'no factor for waste.landfill.textiles');
  });

  it('converts lb, masses are totals without units', () => {
    // 2,000 lb = 0.90718474 t × 9 kg/t = 8.16466266 kg
    const r = calc({ ...base, materials: [{ material: 'plastics', mass: 2000, mass_unit: 'lb', treatment: 'landfill' }] }, rows);
    expect(r.kgCo2e).toBeCloseTo(8.16466266, 9);
  });

  it('reports bad fields by name', () => {
    expect(issueFields({ ...base, units: 5 })).toEqual(['materials']);
    expect(issueFields({ ...base, materials: [] })).toEqual(['materials']);
    expect(issueFields({ ...base, units: '3', materials: [{ material: 'steel', mass: Number.NaN, mass_unit: 'kilo', treatment: 'landfill' }] })).toEqual([
      'materials[0].mass',
      'materials[0].mass_unit',
      'units',
    ]);
    expect(
      issueFields({
        ...base,
        units: 0,
        materials: [
          { material: 'steel', mass: 1, mass_unit: 'kg', treatment: 'bury', colour: 'grey' },
          { material: 'glass', mass: -1, mass_unit: 'kg', treatment: 'landfill' },
          { material: 'glass', mass: 1, mass_unit: 'm3', treatment: 'landfill' },
          { mass: 1, mass_unit: 'kg' },
        ],
      }),
    ).toEqual([
      'materials[0].colour',
      'materials[0].treatment',
      'materials[1].mass',
      'materials[2].mass_unit',
      'materials[3].material',
      'materials[3].treatment',
      'units',
    ]);
  });
});
