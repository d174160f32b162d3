import { describe, expect, it } from 'vitest';
import { calc, expectSkipped, issueFields, type Row } from './harness.ts';

const rows: Row[] = [
  { activity: 'material.steel', value: 1.85, unit: 'kgCO2e/kg' },
  { activity: 'material.steel', value: 1.2, unit: 'kgCO2e/kg', supplierId: 'sup-1' },
  { activity: 'eeio.naics.331110', value: 0.787, unit: 'kgCO2e/USD', region: 'US' },
  { activity: 'spend.manufacturing', value: 0.45, unit: 'kgCO2e/USD' },
];
const base = { category: 1, date: '2024-03-01' };

describe('category 1, purchased goods and services', () => {
  it('tier 1 inline supplier PCF: quantity × PCF, converted to the PCF’s unit', () => {
    // 2 t = 2,000 kg × 1.1 kg CO2e/kg (supplier PCF) = 2,200 kg
    const r = calc({ ...base, product: 'material.steel', quantity: 2, unit: 't', supplier_pcf: { value: 1.1, unit: 'kg' } }, rows);
    expect([r.tier, r.method]).toEqual([1, 'supplier_pcf']);
    expect(r.kgCo2e).toBeCloseTo(2200, 9);
    expect(r.inputsUsed).toMatchObject({ quantity: 2000, unit: 'kg', supplier_pcf: 1.1 });
  });

  it("tier 1 from the supplier's own factor in the broker", () => {
    // 500 kg × 1.2 kg CO2e/kg (sup-1's steel) = 600 kg
    const r = calc({ ...base, supplier_id: 'sup-1', product: 'material.steel', quantity: 500, unit: 'kg' }, rows);
    expect([r.tier, r.method]).toEqual([1, 'supplier_specific']);
    expect(r.kgCo2e).toBeCloseTo(600, 9);
  });

  it('tier 2 average data when the supplier has no factor, with the reason recorded', () => {
    // 1,000 lb = 453.59237 kg × 1.85 kg CO2e/kg = 839.1458845 kg
    const r = calc({ ...base, supplier_id: 'sup-2', product: 'material.steel', quantity: 1000, unit: 'lb' }, rows);
    expect([r.tier, r.method]).toEqual([2, 'average_data']);
    expect(r.kgCo2e).toBeCloseTo(839.1458845, 9);
    expectSkipped(r, 1, 'supplier_specific', 'no supplier_specific factor for material.steel');
  });

  it('tier 3 spend-based by NAICS, then by sector', () => {
    // 1,000 USD × 0.787 kg CO2e/USD (NAICS 331110) = 787 kg
    const naics = calc({ ...base, spend: 1000, naics: '331110' }, rows);
    expect([naics.tier, naics.method]).toEqual([3, 'spend_based']);
    expect(naics.kgCo2e).toBeCloseTo(787, 9);
    // 1,000 USD × 0.45 kg CO2e/USD (manufacturing average) = 450 kg
    const sector = calc({ ...base, spend: 1000, sector: 'manufacturing' }, rows);
    expect([sector.tier, sector.method]).toEqual([3, 'spend_based_sector']);
    expect(sector.kgCo2e).toBeCloseTo(450, 9);
    expectSkipped(sector, 2, 'average_data', 'needs product, quantity and unit');
  });

  it('names every bad field', () => {
    expect(issueFields({ ...base, quantity: -1, unit: 'furlong', spend: 'lots', currency: 'usd', naics: '12', colour: 'red' }, rows)).toEqual([
      'colour',
      'currency',
      'naics',
      'quantity',
      'spend',
      'unit',
    ]);
    expect(issueFields({ ...base, product: 'material.steel', quantity: 5, supplier_pcf: { value: 1 } }, rows)).toEqual(['supplier_pcf.unit', 'unit']);
  });

  describe('hybrid method (Technical Guidance ch. 1): supplier scope 1+2 allocated + material inputs + inbound transport + supplier waste', () => {
    const hybridRows: Row[] = [
      ...rows,
      { activity: 'material.plastic', value: 2.5, unit: 'kgCO2e/kg' },
      { activity: 'waste.landfill', value: 0.5, unit: 'kgCO2e/kg' },
    ];
    const hybrid = {
      ...base,
      supplier_id: 'sup-9',
      // The supplier's whole-year scope 1+2, allocated by units: 5,000 of its 100,000 units.
      supplier_scope1_2_kgco2e: 20_000_000,
      allocation: { basis: 'units', own: 5000, total: 100_000 },
      material_inputs: [
        { material: 'material.steel', quantity: 200, unit: 't' },
        { material: 'material.plastic', quantity: 50, unit: 't' },
      ],
      inbound_transport: [
        { mode: 'truck_heavy', distance: 500, distance_unit: 'km', mass: 200, mass_unit: 't' },
        { mode: 'rail', tkm: 50_000 },
      ],
      supplier_waste: [{ treatment: 'landfill', mass: 10, mass_unit: 't' }],
    };

    it('sums the four parts, each recorded as used', () => {
      // scope 1+2: 20,000,000 kg × 5,000/100,000 = 1,000,000 kg
      // materials: 200,000 kg × 1.85 + 50,000 kg × 2.5 = 370,000 + 125,000 = 495,000 kg
      // transport: 500 km × 200 t = 100,000 tkm × 0.062 (heavy truck, built in) = 6,200 kg; 50,000 tkm × 0.022 (rail) = 1,100 kg
      // waste: 10,000 kg × 0.5 = 5,000 kg
      // total = 1,000,000 + 495,000 + 7,300 + 5,000 = 1,507,300 kg
      const r = calc(hybrid, hybridRows);
      expect([r.tier, r.method]).toEqual([1, 'hybrid']);
      expect(r.kgCo2e).toBeCloseTo(1_507_300, 6);
      expect(r.inputsUsed).toMatchObject({
        supplier_scope1_2_kgco2e: 20_000_000,
        'allocation.basis': 'units',
        'allocation.share': 0.05,
        supplier_scope1_2_allocated_kgco2e: 1_000_000,
        'material_inputs[0].quantity': 200_000,
        'material_inputs[1].material': 'material.plastic',
        'inbound_transport[0].tkm': 100_000,
        'inbound_transport[1].mode': 'rail',
        'supplier_waste[0].mass': 10_000,
      });
      expect(r.factors.map((f) => f.name).sort()).toEqual([
        'inbound_transport[0]',
        'inbound_transport[1]',
        'material_inputs[0]',
        'material_inputs[1]',
        'supplier_waste[0]',
      ]);
    });

    it('takes scope 1+2 as already allocated without allocation', () => {
      // 12,500 kg (the supplier's figure for the goods bought) + nothing else = 12,500 kg
      const r = calc({ ...base, supplier_scope1_2_kgco2e: 12_500 }, hybridRows);
      expect([r.method, r.kgCo2e]).toEqual(['hybrid', 12_500]);
      expect(r.inputsUsed).not.toHaveProperty('allocation.share');
    });

    it('falls back to average data when a material input has no factor, saying which', () => {
      const r = calc(
        { ...hybrid, material_inputs: [{ material: 'material.unobtainium', quantity: 1, unit: 't' }], product: 'material.steel', quantity: 1, unit: 't' },
        hybridRows,
      );
      expect([r.tier, r.method]).toEqual([2, 'average_data']);
      expectSkipped(r, 1, 'hybrid', 'material.unobtainium');
    });

    it('says why hybrid was not used only where no tier-1 method was possible', () => {
      const avg = calc({ ...base, product: 'material.steel', quantity: 1, unit: 't' }, hybridRows);
      expectSkipped(avg, 1, 'hybrid', 'needs supplier_scope1_2_kgco2e');
      const pcf = calc({ ...base, product: 'material.steel', quantity: 1, unit: 't', supplier_pcf: { value: 1, unit: 'kg' } }, hybridRows);
      expect(pcf.tierFallback.skipped.map((s) => s.method)).not.toContain('hybrid');
    });

    it('names every bad hybrid field', () => {
      expect(
        issueFields(
          {
            ...base,
            allocation: { basis: 'units', own: 20, total: 10 },
            material_inputs: [{ material: 'material.steel', quantity: 5 }],
            inbound_transport: [{ mode: 'teleport', distance: 5, distance_unit: 'km' }],
            supplier_waste: [{ treatment: 'burial', mass: 1, mass_unit: 'kg' }],
          },
          hybridRows,
        ),
      ).toEqual([
        'allocation.own',
        'inbound_transport[0].distance',
        'inbound_transport[0].mode',
        'material_inputs[0].unit',
        'supplier_scope1_2_kgco2e',
        'supplier_waste[0].treatment',
      ]);
      expect(issueFields({ ...base, supplier_scope1_2_kgco2e: 1, allocation: { basis: 'revenue', share: 2 } }, hybridRows)).toEqual(['allocation.basis']);
      expect(issueFields({ ...base, supplier_scope1_2_kgco2e: 1, allocation: { basis: 'share', share: 2 } }, hybridRows)).toEqual(['allocation.share']);
    });
  });
});
