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

  describe('hybrid method, guidance formulas [1.2] and [1.3] in full', () => {
    const energyRows: Row[] = [
      { activity: 'electricity.grid', value: 0.5, unit: 'kgCO2e/kWh' },
      { activity: 'fuel.natural_gas', value: 0.2, unit: 'kgCO2e/kWh', gases: { CO2: 0.2 } },
      { activity: 'transport.barge_x', value: 0.01, unit: 'kgCO2e/kgkm' },
      { activity: 'product.widget.excluding_producer', value: 2, unit: 'kgCO2e/item' },
    ];
    const energy = [
      { type: 'electricity', quantity: 10, unit: 'MWh' },
      { type: 'natural_gas', quantity: 5000, unit: 'kWh' },
    ];

    it("supplier_energy: the supplier's scope 1+2 from its energy, × the allocation share", () => {
      // (10,000 kWh × 0.5 + 5,000 kWh × 0.2) = 6,000 kg, × 1,000/4,000 units = 1,500 kg
      const r = calc({ ...base, supplier_energy: energy, allocation: { basis: 'units', own: 1000, total: 4000 } }, energyRows);
      expect([r.tier, r.method]).toEqual([1, 'hybrid']);
      expect(r.kgCo2e).toBeCloseTo(1500, 9);
      expect(r.inputsUsed).toMatchObject({
        'supplier_energy[0].type': 'electricity',
        'supplier_energy[0].quantity': 10_000,
        'supplier_energy[1].unit': 'kWh',
        supplier_scope1_2_kgco2e: 6000,
        supplier_scope1_2_allocated_kgco2e: 1500,
        'allocation.share': 0.25,
      });
      // The gas's CO2 is allocated with it: 5,000 × 0.2 × 0.25 = 250 kg.
      expect(r.gases?.CO2).toBeCloseTo(250, 9);
    });

    it('inbound_transport vehicle: a factor key per vehicle type, in any freight unit', () => {
      // 2 t × 300 km = 600 tkm = 600,000 kg·km × 0.01 kg CO2e/(kg·km) = 6,000 kg, + 1,000 kg scope 1+2
      const r = calc(
        {
          ...base,
          supplier_scope1_2_kgco2e: 1000,
          inbound_transport: [{ vehicle: 'transport.barge_x', distance: 300, distance_unit: 'km', mass: 2, mass_unit: 't' }],
        },
        energyRows,
      );
      expect(r.kgCo2e).toBeCloseTo(7000, 6);
      expect(r.inputsUsed).toMatchObject({
        'inbound_transport[0].vehicle': 'transport.barge_x',
        'inbound_transport[0].amount': 600_000,
        'inbound_transport[0].unit': 'kgkm',
      });
    });

    it('other_upstream: the goods × a factor excluding the supplier’s own emissions, not allocated', () => {
      // 1,000 kg (scope 1+2, × share 0.5 = 500) + 300 items × 2 = 600 → 1,100 kg
      const r = calc(
        {
          ...base,
          supplier_scope1_2_kgco2e: 1000,
          allocation: { basis: 'share', share: 0.5 },
          other_upstream: { product: 'product.widget.excluding_producer', quantity: 300, unit: 'item' },
        },
        energyRows,
      );
      expect(r.kgCo2e).toBeCloseTo(1100, 9);
      expect(r.inputsUsed).toMatchObject({ 'other_upstream.quantity': 300, 'other_upstream.unit': 'item', supplier_scope1_2_allocated_kgco2e: 500 });
    });

    it('names the bad fields of the new parts', () => {
      expect(issueFields({ ...base, supplier_scope1_2_kgco2e: 1, supplier_energy: energy }, energyRows)).toEqual(['supplier_energy']);
      expect(
        issueFields(
          {
            ...base,
            supplier_energy: [{ type: 'electricity', quantity: 1 }],
            inbound_transport: [{ mode: 'rail', vehicle: 'transport.barge_x', tkm: 5 }, { tkm: 5 }],
            other_upstream: { quantity: 3, unit: 'item' },
          },
          energyRows,
        ),
      ).toEqual(['inbound_transport[0].vehicle', 'inbound_transport[1].mode', 'other_upstream.product', 'supplier_energy[0].unit']);
    });
  });

  describe('GHG Protocol Technical Guidance worked examples', () => {
    it('Example [1.1]: supplier-specific method', () => {
      // Σ quantity × supplier-specific ef: 200,000 × 0.15 + 600,000 × 0.10 + 200,000 × 0.10 + 100,000 × 0.25 + 50,000 × 0.20
      //   = 30,000 + 60,000 + 20,000 + 25,000 + 10,000 = 145,000 kg CO2e
      // checked against the guidance text, line 861
      const goods: Array<[string, number, number]> = [
        ['cement', 200_000, 0.15],
        ['plaster', 600_000, 0.1],
        ['paint', 200_000, 0.1],
        ['timber', 100_000, 0.25],
        ['concrete', 50_000, 0.2],
      ];
      const results = goods.map(([product, kg, pcf]) => calc({ ...base, product, quantity: kg, unit: 'kg', supplier_pcf: { value: pcf, unit: 'kg' } }));
      expect(results.map((r) => r.method)).toEqual(Array(5).fill('supplier_pcf'));
      expect(results.reduce((s, r) => s + r.kgCo2e, 0)).toBeCloseTo(145_000, 6);
    });

    const supplierB = {
      supplier_energy: [
        { type: 'electricity', quantity: 5000, unit: 'kWh' },
        { type: 'natural_gas', quantity: 2500, unit: 'kWh' },
      ],
      supplier_waste: [{ treatment: 'landfill', mass: 100, mass_unit: 'kg' }],
    };
    const supplierBRows: Row[] = [
      { activity: 'electricity.grid', value: 0.5, unit: 'kgCO2e/kWh' },
      { activity: 'fuel.natural_gas', value: 0.2, unit: 'kgCO2e/kWh' },
      { activity: 'waste.landfill', value: 0.5, unit: 'kgCO2e/kg' },
    ];

    it('Example [1.2]: hybrid method, all supplier activity data (the guidance misadds the transport)', () => {
      // scope 1+2: 5,000 kWh × 0.5 + 2,500 kWh × 0.2 = 3,000
      // materials: 5,000 kg × 7 + 2,500 × 5 + 500 × 2 + 500 × 1.5 = 49,250
      // transport (kg × km × kg CO2e/kg/km): 5,000 × 1,000 × 0.01 + 2,500 × 2,500 × 0.02 + 500 × 800 × 0.05 + 500 × 200 × 0.1
      //   = 50,000 + 125,000 + 20,000 + 10,000 = 205,000 (the guidance prints 20,500)
      // waste: 100 kg × 0.5 = 50
      // total = 3,000 + 49,250 + 205,000 + 50 = 257,300 kg CO2e (the guidance prints 72,800)
      // checked against the guidance text, line 1018 (transport) and 1022 (total)
      const rows: Row[] = [
        ...supplierBRows,
        { activity: 'material.cotton', value: 7, unit: 'kgCO2e/kg' },
        { activity: 'material.polymer', value: 5, unit: 'kgCO2e/kg' },
        { activity: 'material.chemical_a', value: 2, unit: 'kgCO2e/kg' },
        { activity: 'material.chemical_b', value: 1.5, unit: 'kgCO2e/kg' },
        { activity: 'transport.vehicle_cotton', value: 0.01, unit: 'kgCO2e/kgkm' },
        { activity: 'transport.vehicle_polymer', value: 0.02, unit: 'kgCO2e/kgkm' },
        { activity: 'transport.vehicle_chemical_a', value: 0.05, unit: 'kgCO2e/kgkm' },
        { activity: 'transport.vehicle_chemical_b', value: 0.1, unit: 'kgCO2e/kgkm' },
      ];
      const inputs: Array<[string, number, number]> = [
        ['cotton', 5000, 1000],
        ['polymer', 2500, 2500],
        ['chemical_a', 500, 800],
        ['chemical_b', 500, 200],
      ];
      const r = calc(
        {
          ...base,
          ...supplierB,
          material_inputs: inputs.map(([m, kg]) => ({ material: `material.${m}`, quantity: kg, unit: 'kg' })),
          inbound_transport: inputs.map(([m, kg, km]) => ({ vehicle: `transport.vehicle_${m}`, distance: km, distance_unit: 'km', mass: kg, mass_unit: 'kg' })),
        },
        rows,
      );
      expect([r.tier, r.method]).toEqual([1, 'hybrid']);
      expect(r.inputsUsed.supplier_scope1_2_allocated_kgco2e).toBeCloseTo(3000, 9);
      expect(r.kgCo2e).toBeCloseTo(257_300, 6);
    });

    it('Example [1.3]: hybrid method, supplier scope 1+2 and waste only (formula [1.3])', () => {
      // scope 1+2: 3,000; waste: 50; all other upstream: 12,000 t-shirts × 5.6 = 67,200
      // total = 3,000 + 50 + 67,200 = 70,250 kg CO2e (the guidance writes 50,000 × 5.6 for the third term, but 67,200 is 12,000 × 5.6)
      // Average data with the whole cradle-to-gate factor (12,000 × 6 = 72,000) is the fallback, not used.
      // checked against the guidance text, line 1096
      const rows: Row[] = [
        ...supplierBRows,
        { activity: 'product.t_shirt', value: 6, unit: 'kgCO2e/item' },
        { activity: 'product.t_shirt.excluding_producer', value: 5.6, unit: 'kgCO2e/item' },
      ];
      const r = calc(
        {
          ...base,
          ...supplierB,
          other_upstream: { product: 'product.t_shirt.excluding_producer', quantity: 12_000, unit: 'item' },
          product: 'product.t_shirt',
          quantity: 12_000,
          unit: 'item',
        },
        rows,
      );
      expect([r.tier, r.method]).toEqual([1, 'hybrid']);
      expect(r.kgCo2e).toBeCloseTo(70_250, 6);
    });

    it('Example [1.4]: average-data and spend-based methods combined', () => {
      // mass: 400 × 20 + 200 × 10 + 500 × 40 + 100 × 70 + 1,500 × 3 + 300 × 3 = 42,400
      // spend: 5,000 × 0.3 + 3,000 × 0.3 + 4,000 × 0.3 + 6,000 × 0.5 + 1,500 × 0.2 + 5,000 × 0.2 + 5,000 × 0.3 + 1,000 × 0.3 + 5,000 × 0.4 = 11,700
      // total = 54,100 kg CO2e. The NAICS codes are ours (PS, ABS and epoxy resin: 325211 at the one factor 0.3).
      // checked against the guidance text, line 1252
      const components: Array<[string, number, number]> = [
        ['hard_drive', 400, 20],
        ['integrated_circuits', 200, 10],
        ['lcd', 500, 40],
        ['semiconductors', 100, 70],
        ['battery', 1500, 3],
        ['keyboard', 300, 3],
      ];
      const materials: Array<[string, number, number]> = [
        ['325211', 5000, 0.3],
        ['325211', 3000, 0.3],
        ['326113', 4000, 0.3],
        ['331313', 6000, 0.5],
        ['331110', 1500, 0.2],
        ['325110', 5000, 0.2],
        ['325211', 5000, 0.3],
        ['331410', 1000, 0.3],
        ['327211', 5000, 0.4],
      ];
      const rows: Row[] = [
        ...components.map(([c, , ef]) => ({ activity: `component.${c}`, value: ef, unit: 'kgCO2e/kg' })),
        ...materials.map(([naics, , ef]) => ({ activity: `eeio.naics.${naics}`, value: ef, unit: 'kgCO2e/USD', region: 'US' })),
      ];
      const byMass = components.map(([c, kg]) => calc({ ...base, product: `component.${c}`, quantity: kg, unit: 'kg' }, rows));
      const bySpend = materials.map(([naics, usd]) => calc({ ...base, spend: usd, currency: 'USD', naics }, rows));
      expect(byMass.every((r) => r.method === 'average_data') && bySpend.every((r) => r.method === 'spend_based')).toBe(true);
      expect(byMass.reduce((s, r) => s + r.kgCo2e, 0)).toBeCloseTo(42_400, 6);
      expect(bySpend.reduce((s, r) => s + r.kgCo2e, 0)).toBeCloseTo(11_700, 6);
    });
  });
});
