import { describe, expect, it } from 'vitest';
import { amountBeyondBound, factorBeyondBound, factorUnitIssue } from '../../../src/domain/plausible-bounds.ts';
import { convert } from '../../../src/domain/units.ts';
import { calc, ctx, expectSkipped, issueFields, issues, type Row } from './harness.ts';

const rows: Row[] = [
  { activity: 'transport.road.truck_heavy', value: 0.05, unit: 'kgCO2e/tkm', supplierId: 'carrier-1' },
  { activity: 'fuel.diesel', value: 2.66, unit: 'kgCO2e/L' },
  { activity: 'wtt.diesel', value: 0.61, unit: 'kgCO2e/L' },
  { activity: 'eeio.naics.484121', value: 0.95, unit: 'kgCO2e/USD', region: 'US' },
];
const base = { category: 4, date: '2024-05-10' };
const truck = { ...base, mode: 'truck_heavy', distance: 500, distance_unit: 'km', mass: 12, mass_unit: 't' };

describe('category 4, upstream transportation and distribution', () => {
  it('distance-based: distance_km × mass_t × ef per tkm', () => {
    // 500 km × 12 t × 0.062 kg/tkm (heavy truck, built-in) = 372 kg
    const r = calc(truck);
    expect([r.tier, r.method]).toEqual([2, 'distance_based']);
    expect(r.kgCo2e).toBeCloseTo(372, 9);
    expect(r.inputsUsed).toMatchObject({ mode: 'road.truck_heavy', distance_km: 500, mass_t: 12, tkm: 6000 });
  });

  it('converts miles to km and lb to t', () => {
    // 100 mi = 160.9344 km; 20,000 lb = 9.0718474 t; 160.9344 × 9.0718474 = 1,459.97231821 tkm
    // × 0.022 kg/tkm (rail, built-in) = 32.1193910 kg
    const r = calc({ ...base, mode: 'rail', distance: 100, distance_unit: 'miles', mass: 20000, mass_unit: 'lb' });
    expect(r.inputsUsed.distance_km).toBeCloseTo(160.9344, 9);
    expect(r.inputsUsed.mass_t).toBeCloseTo(9.0718474, 9);
    expect(r.kgCo2e).toBeCloseTo(32.119391, 6);
  });

  it('takes tonne-km directly', () => {
    // 10,000 tkm × 0.012 kg/tkm (container ship, built-in) = 120 kg
    expect(calc({ ...base, mode: 'sea_container', tkm: 10000 }).kgCo2e).toBeCloseTo(120, 9);
  });

  it('multimodal legs: Σ distance × mass × ef, legs without mass carry the shipment mass', () => {
    // truck 150 km × 20 t × 0.062 = 186; ship 8,000 km × 20 t × 0.012 = 1,920; rail 1,000 tkm × 0.022 = 22
    // total 2,128 kg over 3,000 + 160,000 + 1,000 = 164,000 tkm
    const r = calc({
      ...base,
      mass: 20,
      mass_unit: 't',
      legs: [
        { mode: 'truck_heavy', distance: 150, distance_unit: 'km' },
        { mode: 'sea.container', distance: 8000, distance_unit: 'km' },
        { mode: 'rail', tkm: 1000 },
      ],
    });
    expect(r.kgCo2e).toBeCloseTo(2128, 9);
    expect(r.inputsUsed).toMatchObject({ legs: 3, tkm: 164000, 'legs[0].tkm': 3000, 'legs[1].mode': 'sea.container', 'legs[2].tkm': 1000 });
  });

  it("tier 1: the carrier's own factor per tkm", () => {
    // 500 km × 12 t × 0.05 kg/tkm (carrier-1) = 300 kg
    const r = calc({ ...truck, supplier_id: 'carrier-1' }, rows);
    expect([r.tier, r.method]).toEqual([1, 'supplier_specific']);
    expect(r.kgCo2e).toBeCloseTo(300, 9);
  });

  it('falls back to tier 2 when the carrier has no factor', () => {
    const r = calc({ ...truck, supplier_id: 'carrier-2' }, rows);
    expect(r.tier).toBe(2);
    expect(r.kgCo2e).toBeCloseTo(372, 9);
    expectSkipped(r, 1, 'supplier_specific', 'no supplier_specific factor for transport.road.truck_heavy');
  });

  it('tier 1 fuel-based, well-to-wheel', () => {
    // 200 L × (2.66 + 0.61) kg/L = 654 kg
    const r = calc({ ...truck, fuel_type: 'diesel', fuel_quantity: 200, fuel_unit: 'L' }, rows);
    expect([r.tier, r.method]).toEqual([1, 'fuel_based']);
    expect(r.kgCo2e).toBeCloseTo(654, 9);
    expect(r.inputsUsed.boundary).toBe('well_to_wheel');
  });

  it('spend only: tier 3 by NAICS, or by sector with EUR converted', () => {
    // 1,000 USD × 0.95 kg/USD (NAICS 484121) = 950 kg
    const a = calc({ ...base, spend: 1000, naics: '484121' }, rows);
    expect([a.tier, a.method]).toEqual([3, 'spend_based']);
    expect(a.kgCo2e).toBeCloseTo(950, 9);
    expectSkipped(a, 2, 'distance_based', 'needs mode');
    // 1,000 EUR × 1.10 = 1,100 USD × 0.22 kg/USD (services, built-in) = 242 kg
    const b = calc({ ...base, spend: 1000, currency: 'EUR', sector: 'services' }, rows);
    expect(b.method).toBe('spend_based_sector');
    expect(b.kgCo2e).toBeCloseTo(242, 9);
  });

  it('reports bad fields by name', () => {
    expect(issueFields({ ...base, mode: 'zeppelin', distance: 10, distance_unit: 'kg', mass: -3, mass_unit: 't' })).toEqual(['distance_unit', 'mass', 'mode']);
    expect(issueFields({ ...base, mode: 'rail', distance: 10, distance_unit: 'km' })).toEqual(['mass']);
    expect(issueFields({ ...base, mode: 'rail', tkm: 5, distance: 10, distance_unit: 'km', mass: 1, mass_unit: 't' })).toEqual(['tkm']);
    expect(issueFields({ ...base, mode: 'rail', tkm: Number.NaN, weight: 4 })).toEqual(['tkm', 'weight']);
    expect(issueFields({ ...base, mode: 'rail', tkm: 5, mass: 1, mass_unit: 't' })).toEqual(['tkm']);
    expect(issueFields({ ...base, mode: 'rail', distance: '500', distance_unit: 'km', mass: 2, mass_unit: 'stone' })).toEqual(['distance', 'mass_unit']);
    expect(issueFields({ ...base, mode: 'rail', legs: [{ mode: 'rail', tkm: 1 }] })).toEqual(['mode']);
    expect(issueFields({ ...base, legs: [{ mode: 'rail', distance: 10, distance_unit: 'km' }, { mode: 'blimp', tkm: 4, colour: 1 }, 'x'] })).toEqual([
      'legs[0].mass',
      'legs[1].colour',
      'legs[1].mode',
      'legs[2]',
    ]);
    expect(issueFields({ ...base, legs: [] })).toEqual(['legs']);
    expect(issueFields({ ...base, fuel_quantity: 10, fuel_unit: 'L' })).toEqual(['fuel_type']);
    expect(issues({ ...base, mode: 'rail' })[0]!.message).toContain('not enough data');
  });
});

// A tenant's combustion factor for a fuel with no well-to-tank factor anywhere (none is built in).
const cng: Row = { activity: 'fuel.cng', value: 2.5, unit: 'kgCO2e/kg' };
const cngTruck = { ...truck, fuel_type: 'cng', fuel_quantity: 300, fuel_unit: 'kg' };
/** AR5 GWP-100 of R-404A: 0.44 × 3,170 (HFC-125) + 0.52 × 4,800 (HFC-143a) + 0.04 × 1,300 (HFC-134a) = 3,942.8 */
const R404A_AR5 = 3942.8;

describe('category 4: fuel-based without a well-to-tank factor (combustion only)', () => {
  it('tier 1 fuel_based_combustion, warning UPSTREAM_NOT_INCLUDED naming wtt.<fuel>', () => {
    // 300 kg CNG × 2.5 kg CO2e/kg (combustion) = 750 kg; no wtt.cng factor, so no upstream part
    const r = calc({ ...cngTruck, region: 'DE' }, [cng]);
    expect([r.tier, r.method]).toEqual([1, 'fuel_based_combustion']);
    expect(r.kgCo2e).toBeCloseTo(750, 9);
    expect(r.inputsUsed).toEqual({ fuel_type: 'cng', fuel_quantity: 300, fuel_unit: 'kg', boundary: 'tank_to_wheel' });
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]!.code).toBe('UPSTREAM_NOT_INCLUDED');
    expect(r.warnings[0]!.message).toContain('no wtt.cng factor for DE');
    expectSkipped(r, 1, 'fuel_based', 'no factor for wtt.cng');
  });

  it('the carrier factor still comes first; well-to-wheel first when both fuel factors exist', () => {
    // 500 km × 12 t × 0.05 kg/tkm (carrier-1) = 300 kg: a full-boundary carrier factor beats combustion only
    const s = calc({ ...cngTruck, supplier_id: 'carrier-1' }, [...rows, cng]);
    expect([s.tier, s.method, s.kgCo2e]).toEqual([1, 'supplier_specific', expect.closeTo(300, 9)]);
    // 300 kg × (2.5 + 0.5) kg/kg = 900 kg with a tenant wtt.cng factor
    const w = calc(cngTruck, [cng, { activity: 'wtt.cng', value: 0.5, unit: 'kgCO2e/kg' }]);
    expect([w.method, w.kgCo2e, w.warnings]).toEqual(['fuel_based', expect.closeTo(900, 9), []]);
  });

  it('no combustion factor either: distance-based, both fuel methods skipped', () => {
    // 500 km × 12 t × 0.062 kg/tkm = 372 kg
    const r = calc({ ...truck, fuel_type: 'hydrogen', fuel_quantity: 20, fuel_unit: 'kg' });
    expect([r.tier, r.method, r.kgCo2e]).toEqual([2, 'distance_based', expect.closeTo(372, 9)]);
    expectSkipped(r, 1, 'fuel_based', 'no factor for fuel.hydrogen');
    expectSkipped(r, 1, 'fuel_based_combustion', 'no factor for fuel.hydrogen');
  });
});

describe('category 4: refrigerant leakage of refrigerated transport', () => {
  it('added to the distance-based emissions, with the gases and inputs', () => {
    // 500 km × 12 t × 0.062 = 372 kg + 0.25 kg R-404A lost × 3,942.8 (AR5) = 985.7 kg → 1,357.7 kg
    const r = calc({ ...truck, refrigerants: [{ type: 'R404A', mass_lost: 250, mass_unit: 'g' }] });
    expect([r.tier, r.method]).toEqual([2, 'distance_based']);
    expect(r.kgCo2e).toBeCloseTo(1357.7, 9);
    // kg of each component gas: 0.25 × 0.44, 0.25 × 0.52, 0.25 × 0.04
    expect(r.gases!['HFC-125']).toBeCloseTo(0.11, 12);
    expect(r.gases!['HFC-143a']).toBeCloseTo(0.13, 12);
    expect(r.gases!['HFC-134a']).toBeCloseTo(0.01, 12);
    expect(r.inputsUsed).toMatchObject({
      tkm: 6000,
      'refrigerants[0].type': 'R-404A',
      'refrigerants[0].lost_kg': 0.25,
      'gwp.HFC-125': 3170,
      'gwp.HFC-143a': 4800,
    });
    expect(r.inputsUsed.refrigerants_kg_co2e).toBeCloseTo(R404A_AR5 * 0.25, 9);
    expect(r.warnings).toEqual([]);
  });

  it('the run’s leakage × the shipment’s allocation share; the tkm is already the shipment’s own', () => {
    // 372 kg + 985.7 kg × (12 t ÷ 40 t = 0.3) = 372 + 295.71 = 667.71 kg
    const r = calc({
      ...truck,
      refrigerants: [{ type: 'R-404A', mass_lost: 0.25, mass_unit: 'kg' }],
      allocation: { basis: 'mass', own: 12, total: 40 },
    });
    expect(r.kgCo2e).toBeCloseTo(667.71, 9);
    expect(r.inputsUsed).toMatchObject({ 'allocation.basis': 'mass', 'allocation.share': 0.3, 'allocation.own': 12, 'allocation.total': 40 });
    expect(r.gases!['HFC-143a']).toBeCloseTo(0.25 * 0.52 * 0.3, 12);
    expect(r.warnings).toEqual([]);
  });

  it('AR6 GWPs when the calculation asks for them', () => {
    // 372 kg + 1 kg HFC-134a × 1,530 (AR6) = 1,902 kg
    const r = calc({ ...truck, refrigerants: [{ type: 'R-134a', mass_lost: 1, mass_unit: 'kg' }] }, [], {
      ...ctx,
      settings: { ...ctx.settings, gwpSet: 'AR6' },
    });
    expect(r.kgCo2e).toBeCloseTo(1902, 9);
    expect(r.inputsUsed['gwp.HFC-134a']).toBe(1530);
  });
});

describe('category 4: allocating one vehicle run across shipments', () => {
  it('fuel-based: the run’s fuel and leakage × the shipment’s share (mass)', () => {
    // share 12 t ÷ 40 t = 0.3
    // fuel: 200 L × 0.3 = 60 L × (2.66 + 0.61) kg/L = 196.2 kg
    // leakage: 6 kg charge × 0.2 leak rate = 1.2 kg HFC-134a × 1,300 (AR5) = 1,560 kg × 0.3 = 468 kg
    // total 196.2 + 468 = 664.2 kg
    const r = calc(
      {
        ...truck,
        fuel_type: 'diesel',
        fuel_quantity: 200,
        fuel_unit: 'L',
        refrigerants: [{ type: 'HFC-134a', charge: 6, charge_unit: 'kg', leak_rate: 0.2 }],
        allocation: { basis: 'mass', own: 12, total: 40 },
      },
      rows,
    );
    expect([r.tier, r.method]).toEqual([1, 'fuel_based']);
    expect(r.kgCo2e).toBeCloseTo(664.2, 9);
    expect(r.inputsUsed).toMatchObject({
      fuel_quantity: 200,
      fuel_unit: 'L',
      boundary: 'well_to_wheel',
      'allocation.share': 0.3,
      'refrigerants[0].charge_kg': 6,
      'refrigerants[0].leak_rate': 0.2,
      'gwp.HFC-134a': 1300,
    });
    expect(r.inputsUsed.fuel_quantity_allocated).toBeCloseTo(60, 12);
    expect(r.inputsUsed['refrigerants[0].lost_kg']).toBeCloseTo(1.2, 12);
    expect(r.gases!['HFC-134a']).toBeCloseTo(0.36, 12);
  });

  it('bases tkm and distance (great-circle distances) and a stated share, on the combustion-only method', () => {
    // 300 kg CNG × 0.25 × 2.5 kg/kg = 187.5 kg in each case
    const tkm = calc({ ...cngTruck, allocation: { basis: 'tkm', own: 6000, total: 24000 } }, [cng]);
    expect([tkm.method, tkm.kgCo2e]).toEqual(['fuel_based_combustion', expect.closeTo(187.5, 9)]);
    const gcd = calc({ ...cngTruck, allocation: { basis: 'distance', own: 500, total: 2000 } }, [cng]);
    expect(gcd.kgCo2e).toBeCloseTo(187.5, 9);
    const share = calc({ ...cngTruck, allocation: { basis: 'share', share: 0.25 } }, [cng]);
    expect(share.kgCo2e).toBeCloseTo(187.5, 9);
    expect(share.inputsUsed).toMatchObject({ 'allocation.basis': 'share', 'allocation.share': 0.25, fuel_quantity: 300, fuel_quantity_allocated: 75 });
    // volume: 18 m³ of 72 m³ = 0.25
    expect(calc({ ...cngTruck, allocation: { basis: 'volume', own: 18, total: 72 } }, [cng]).kgCo2e).toBeCloseTo(187.5, 9);
  });

  it('INPUT_NOT_USED where the method cannot use it: distance-based, carrier factor, spend', () => {
    const allocation = { basis: 'mass', own: 12, total: 40 };
    // 500 km × 12 t × 0.062 = 372 kg: the shipment's own tkm, the allocation left aside
    const d = calc({ ...truck, allocation });
    expect([d.method, d.kgCo2e]).toEqual(['distance_based', expect.closeTo(372, 9)]);
    expect(d.warnings.map((w) => w.code)).toEqual(['INPUT_NOT_USED']);
    expect(d.warnings[0]!.message).toContain("allocation is given but not used: distance_based computes with the shipment's own tonne-km");
    expect(d.inputsUsed['allocation.share']).toBeUndefined();
    const s = calc({ ...truck, supplier_id: 'carrier-1', allocation }, rows);
    expect([s.method, s.warnings[0]!.message]).toEqual(['supplier_specific', expect.stringContaining('allocation is given but not used: supplier_specific')]);
    // 1,000 USD × 0.95 kg/USD = 950 kg; neither the leakage nor the allocation
    const sp = calc({ ...base, spend: 1000, naics: '484121', allocation, refrigerants: [{ type: 'R-134a', mass_lost: 1, mass_unit: 'kg' }] }, rows);
    expect([sp.method, sp.kgCo2e]).toEqual(['spend_based', expect.closeTo(950, 9)]);
    expect(sp.warnings.map((w) => w.message)).toEqual([
      'refrigerants is given but not used: spend_based computes with the amount spent only',
      "allocation is given but not used: spend_based computes with the amount spent only, already the company's own",
    ]);
  });

  it('reports bad allocation and refrigerant fields by name', () => {
    expect(issueFields({ ...cngTruck, allocation: { basis: 'area', own: 1, total: 2 } })).toEqual(['allocation.basis']);
    expect(issueFields({ ...cngTruck, allocation: { basis: 'mass', own: 50, total: 40 } })).toEqual(['allocation.own']);
    expect(issueFields({ ...cngTruck, allocation: { basis: 'share', share: 1.5 } })).toEqual(['allocation.share']);
    expect(issueFields({ ...cngTruck, allocation: 0.3 })).toEqual(['allocation']);
    expect(
      issueFields({
        ...truck,
        refrigerants: [
          { type: 'R-999', mass_lost: 1, mass_unit: 'kg' },
          { type: 'R-134a', charge: 5, charge_unit: 'kg' },
        ],
      }),
    ).toEqual(['refrigerants[0].type', 'refrigerants[1].leak_rate']);
    expect(issueFields({ ...truck, refrigerants: [] })).toEqual(['refrigerants']);
  });
});

const storageRows: Row[] = [
  { activity: 'electricity.grid', value: 0.38, unit: 'kgCO2e/kWh', region: 'DE' },
  { activity: 'fuel.natural_gas', value: 2.02, unit: 'kgCO2e/m3' },
  { activity: 'storage.warehouse', value: 0.02, unit: 'kgCO2e/m3_day' },
  { activity: 'storage.cold_storage', value: 0.09, unit: 'kgCO2e/m3_day' },
  { activity: 'storage.bad_unit', value: 0.5, unit: 'kgCO2e/m3' },
  { activity: 'eeio.naics.493110', value: 0.4, unit: 'kgCO2e/USD', region: 'US' },
];
const site = {
  ...base,
  region: 'DE',
  storage_energy: [
    { type: 'electricity', quantity: 120, unit: 'MWh' },
    { type: 'natural_gas', quantity: 5000, unit: 'm3' },
  ],
  allocation: { basis: 'volume', own: 1500, total: 30000 },
};
const average = { ...base, stored_volume: 1500, volume_unit: 'm3', days_stored: 30, facility_type: 'warehouse' };

describe('category 4: storage of goods in warehouses and distribution centres', () => {
  it('tier 1 site-specific: the facility’s energy × ef × the company’s share of its volume', () => {
    // (120,000 kWh × 0.38 + 5,000 m³ × 2.02) × (1,500 m³ ÷ 30,000 m³ = 0.05)
    //   = (45,600 + 10,100) × 0.05 = 55,700 × 0.05 = 2,785 kg
    const r = calc(site, storageRows);
    expect([r.tier, r.method]).toEqual([1, 'storage_site_specific']);
    expect(r.kgCo2e).toBeCloseTo(2785, 9);
    expect(r.inputsUsed).toEqual({
      'storage_energy[0].type': 'electricity',
      'storage_energy[0].quantity': 120000,
      'storage_energy[0].unit': 'kWh',
      'storage_energy[1].type': 'natural_gas',
      'storage_energy[1].quantity': 5000,
      'storage_energy[1].unit': 'm3',
      'allocation.basis': 'volume',
      'allocation.own': 1500,
      'allocation.total': 30000,
      'allocation.share': 0.05,
    });
    expect(r.warnings).toEqual([]);
    expectSkipped(r, 2, 'storage_average_data', 'needs stored_volume');
  });

  it('site-specific with the facility’s refrigerant leakage, allocated by floor area', () => {
    // energy 55,700 kg + leakage 200 kg charge × 0.15 = 30 kg R-404A × 3,942.8 = 118,284 kg
    // × (2,000 m² ÷ 40,000 m² = 0.05) = (55,700 + 118,284) × 0.05 = 2,785 + 5,914.2 = 8,699.2 kg
    const r = calc(
      { ...site, allocation: { basis: 'area', own: 2000, total: 40000 }, refrigerants: [{ type: 'R-404A', charge: 200, charge_unit: 'kg', leak_rate: 0.15 }] },
      storageRows,
    );
    expect(r.kgCo2e).toBeCloseTo(8699.2, 9);
    expect(r.inputsUsed.refrigerants_kg_co2e).toBeCloseTo(118284, 9);
    // 30 kg × 0.05 = 1.5 kg of R-404A: 0.66 kg HFC-125, 0.78 kg HFC-143a, 0.06 kg HFC-134a
    expect(r.gases!['HFC-125']).toBeCloseTo(0.66, 9);
    expect(r.gases!['HFC-143a']).toBeCloseTo(0.78, 9);
  });

  it('a facility used for the company’s goods alone needs no allocation', () => {
    // 120,000 kWh × 0.38 + 5,000 m³ × 2.02 = 55,700 kg
    const { allocation: _, ...dedicated } = site;
    expect(calc(dedicated, storageRows).kgCo2e).toBeCloseTo(55700, 9);
  });

  it('tier 2 average-data: stored volume × days stored × ef per m³·day', () => {
    // 1,500 m³ × 30 days = 45,000 m³·day × 0.02 kg CO2e/m³·day = 900 kg
    const r = calc(average, storageRows);
    expect([r.tier, r.method]).toEqual([2, 'storage_average_data']);
    expect(r.kgCo2e).toBeCloseTo(900, 9);
    expect(r.inputsUsed).toEqual({
      facility_type: 'warehouse',
      stored_volume_m3: 1500,
      days_stored: 30,
      stored_m3_days: 45000,
      storage_quantity: 45000,
      storage_unit: 'm3_day',
    });
    expectSkipped(r, 1, 'storage_site_specific', 'needs storage_energy');
    // The same in m³·day directly, and in litres: 1,500,000 L = 1,500 m³
    expect(calc({ ...base, stored_volume: 45000, volume_unit: 'm3_day', facility_type: 'warehouse' }, storageRows).kgCo2e).toBeCloseTo(900, 9);
    expect(calc({ ...average, stored_volume: 1_500_000, volume_unit: 'L' }, storageRows).kgCo2e).toBeCloseTo(900, 9);
    // cold storage: 200 m³ × 14 days = 2,800 m³·day × 0.09 = 252 kg
    expect(calc({ ...average, stored_volume: 200, days_stored: 14, facility_type: 'cold_storage' }, storageRows).kgCo2e).toBeCloseTo(252, 9);
  });

  it('falls back to average-data when an energy factor is missing, and names what it did not use', () => {
    const r = calc(
      {
        ...average,
        storage_energy: [{ type: 'biogas', quantity: 10, unit: 'MWh' }],
        allocation: { basis: 'share', share: 0.05 },
        refrigerants: [{ type: 'R-404A', mass_lost: 1, mass_unit: 'kg' }],
      },
      storageRows,
    );
    // 45,000 m³·day × 0.02 = 900 kg
    expect([r.method, r.kgCo2e]).toEqual(['storage_average_data', expect.closeTo(900, 9)]);
    expectSkipped(r, 1, 'storage_site_specific', 'no factor for fuel.biogas');
    expect(r.warnings.map((w) => [w.code, w.message.split(' is given')[0]])).toEqual([
      ['INPUT_NOT_USED', 'storage_energy'],
      ['INPUT_NOT_USED', 'refrigerants'],
      ['INPUT_NOT_USED', 'allocation'],
    ]);
  });

  it('site-specific names the average-data fields it did not use', () => {
    const r = calc({ ...site, stored_volume: 1500, volume_unit: 'm3', days_stored: 30, facility_type: 'warehouse' }, storageRows);
    expect([r.method, r.kgCo2e]).toEqual(['storage_site_specific', expect.closeTo(2785, 9)]);
    expect(r.warnings.map((w) => w.message.split(' is given')[0])).toEqual(['stored_volume', 'days_stored', 'facility_type']);
  });

  it('spend-based storage (tier 3) when no storage method has its factors', () => {
    // 1,000 USD × 0.4 kg/USD (NAICS 493110, warehousing) = 400 kg
    const r = calc({ ...base, storage_energy: [{ type: 'biogas', quantity: 10, unit: 'MWh' }], spend: 1000, naics: '493110' }, storageRows);
    expect([r.tier, r.method, r.kgCo2e]).toEqual([3, 'spend_based', expect.closeTo(400, 9)]);
    expect(r.warnings.map((w) => w.message)).toEqual(['storage_energy is given but not used: spend_based computes with the amount spent only']);
  });

  it('a storage factor in another unit is refused naming volume_unit', () => {
    const out = issues({ ...average, facility_type: 'bad_unit' }, storageRows);
    expect(out.map((i) => i.field)).toEqual(['volume_unit']);
    expect(out[0]!.message).toContain('cannot convert m3_day (volume_time) to m3 (volume)');
  });

  it('reports bad storage fields by name', () => {
    // a storage record carries no transport fields
    expect(issueFields({ ...site, mode: 'rail', tkm: 5, fuel_type: 'diesel' }, storageRows)).toEqual(['fuel_type', 'mode', 'tkm']);
    expect(issueFields({ ...average, days_stored: undefined })).toEqual(['days_stored']);
    expect(issueFields({ ...average, volume_unit: 'm3_day' })).toEqual(['days_stored']);
    expect(issueFields({ ...average, volume_unit: 'kg' })).toEqual(['volume_unit']);
    expect(issueFields({ ...average, facility_type: undefined })).toEqual(['facility_type']);
    expect(issueFields({ ...average, facility_type: 'Cold Store' })).toEqual(['facility_type']);
    expect(issueFields({ ...base, facility_type: 'warehouse' })).toEqual(['stored_volume']);
    expect(issueFields({ ...average, days_stored: 0 })).toEqual(['days_stored']);
    expect(issueFields({ ...average, stored_volume: 2e12, volume_unit: 'm3_day', days_stored: undefined })).toEqual(['stored_volume']);
    expect(
      issueFields({
        ...base,
        storage_energy: [{ type: 'electricity', quantity: 10, unit: 'km' }, { type: 'steam' }],
        allocation: { basis: 'mass', own: 1, total: 2 },
      }),
    ).toEqual(['allocation.basis', 'storage_energy[0].unit', 'storage_energy[1].quantity']);
  });

  it('m3_day: a unit of its own dimension, bounded for amounts and factors', () => {
    expect(factorUnitIssue('kgCO2e/m3_day')).toBeNull();
    expect(factorUnitIssue('kgCO2e/m3-day')).toBeNull();
    expect(convert(2, 'm³·day', 'm3_day')).toBe(2);
    expect(() => convert(1, 'm3_day', 'm3')).toThrow('cannot convert m3_day (volume_time) to m3 (volume)');
    // 1e3 kg CO2e per m³·day is the largest factor, 1e12 m³·day the largest amount
    expect(factorBeyondBound(1000, 'kgCO2e/m3_day')).toBeNull();
    expect(factorBeyondBound(1001, 'kgCO2e/m3_day')).toContain('must be at most 1000 kg CO2e per m3_day');
    expect(amountBeyondBound(1e12, 'm3_day')).toBeNull();
    expect(amountBeyondBound(1.1e12, 'm3_day')).toContain('largest plausible volume time');
  });
});

describe('GHG Protocol Technical Guidance worked examples', () => {
  // Each example's own factors, as the tenant's (no region: GLOBAL, as the test table's built-ins).
  it('Example [4.1]: Calculating emissions from upstream transportation using the fuel-based method', () => {
    // checked against the guidance text, line 1998
    // diesel: (50,000 + 80,000 + 90,000) L × 3 kg CO2e/L = 660,000 kg
    // refrigerant (supplier D's truck): 50 kg R-410A lost × 2,000 (the example's GWP) = 100,000 kg
    // total 760,000 kg. The example gives one "emission factor for the fuel" and no upstream factor,
    // so the records ask for fuel_boundary tank_to_wheel: without it the built-in wtt.diesel (BEIS
    // 2020, 0.61015 kg/L) would be added, 3.61015 kg/L.
    const diesel: Row[] = [{ activity: 'fuel.diesel', value: 3, unit: 'kgCO2e/L' }];
    const fuel = (litres: number) => ({
      ...base,
      fuel_type: 'diesel',
      fuel_quantity: litres,
      fuel_unit: 'L',
      fuel_boundary: 'tank_to_wheel',
    });
    // suppliers B, C and D
    const b = calc(fuel(50000), diesel);
    const c = calc(fuel(80000), diesel);
    const d = calc({ ...fuel(90000), refrigerants: [{ type: 'R410a', mass_lost: 50, mass_unit: 'kg', gwp: 2000 }] }, diesel);
    expect([b.tier, b.method]).toEqual([1, 'fuel_based_combustion']);
    expect(b.kgCo2e).toBe(150000);
    expect(c.kgCo2e).toBe(240000);
    expect(d.kgCo2e).toBe(370000);
    expect(d.inputsUsed).toMatchObject({
      fuel_boundary: 'tank_to_wheel',
      'refrigerants[0].type': 'R-410A',
      'refrigerants[0].gwp': 2000,
      refrigerants_kg_co2e: 100000,
    });
    expect(b.kgCo2e + c.kgCo2e + d.kgCo2e).toBe(760000);
    expect(b.warnings.map((w) => w.code)).toEqual(['UPSTREAM_NOT_INCLUDED']);
    expect(b.warnings[0]!.message).toContain('fuel_boundary is tank_to_wheel');
    expectSkipped(b, 1, 'fuel_based', 'fuel_boundary is tank_to_wheel');
  });

  it('Example [4.2]: Calculating emissions from upstream transportation using the distance-based method', () => {
    // checked against the guidance text, line 2183
    // B: 2 t × 2,000 km × 0.2 kg CO2e/tkm (truck, rigid >3.5–7.5 t) = 800 kg
    // C: 1 t × 3,000 km × 1.0 (air, long haul) = 3,000 kg
    // D: 6 t × 4,000 km × 0.05 (container ship 2,000–2,999 TEU) = 1,200 kg; total 5,000 kg
    // (the table's header says kg CO2e/TEU-km, its arithmetic uses tonnes and kg CO2e/tonne-km)
    const factors: Row[] = [
      { activity: 'transport.road.truck_light', value: 0.2, unit: 'kgCO2e/tkm' },
      { activity: 'transport.air.cargo', value: 1.0, unit: 'kgCO2e/tkm' },
      { activity: 'transport.sea.container', value: 0.05, unit: 'kgCO2e/tkm' },
    ];
    const leg = (mode: string, t: number, km: number) => ({ ...base, mode, mass: t, mass_unit: 't', distance: km, distance_unit: 'km' });
    const road = calc(leg('truck_light', 2, 2000), factors);
    const air = calc(leg('air_cargo', 1, 3000), factors);
    const sea = calc(leg('sea_container', 6, 4000), factors);
    expect([road.tier, road.method]).toEqual([2, 'distance_based']);
    expect(road.kgCo2e).toBeCloseTo(800, 9);
    expect(air.kgCo2e).toBeCloseTo(3000, 9);
    expect(sea.kgCo2e).toBeCloseTo(1200, 9);
    expect(road.kgCo2e + air.kgCo2e + sea.kgCo2e).toBeCloseTo(5000, 9);
  });

  it('Example [4.3]: Allocating emissions from transportation (Deutsche Post DHL)', () => {
    // checked against the guidance text, line 2230 (and 2267)
    // The delivery run emitted 31.5 kg CO2 (distance-based, by the carrier); shipments 24 t A→B (10 km),
    // 10 t B→C (15 km), 10 t B→C→A (driven 25 km, great-circle B→A 10 km).
    const run = { ...base, reported_scope1_2_kgco2e: 31.5 };
    const shipment = (own: number, total: number) => calc({ ...run, allocation: { basis: 'tkm', own, total } });
    // II. great-circle tkm 240 + 150 + 100 = 490: 31.5 × 240/490 = 15.4285714…, × 150/490 = 9.6428571…,
    // × 100/490 = 6.4285714… (printed 15.43, 9.64, 6.43; allocation factor 0.064 = 0.0642857… kg/tkm)
    const gcd = [shipment(240, 490), shipment(150, 490), shipment(100, 490)];
    expect([gcd[0]!.tier, gcd[0]!.method]).toEqual([1, 'reported_emissions']);
    expect(gcd.map((r) => r.kgCo2e)).toEqual([expect.closeTo(15.428571428571, 9), expect.closeTo(9.642857142857, 9), expect.closeTo(6.428571428571, 9)]);
    expect(gcd.reduce((s, r) => s + r.kgCo2e, 0)).toBeCloseTo(31.5, 9);
    expect(gcd[2]!.inputsUsed).toEqual({
      reported_scope1_2_kgco2e: 31.5,
      'allocation.basis': 'tkm',
      'allocation.own': 100,
      'allocation.total': 490,
      'allocation.share': 100 / 490,
    });
    // I. driven tkm 240 + 150 + 250 = 640: 31.5 × 240/640 = 11.8125, × 150/640 = 7.3828125,
    // × 250/640 = 12.3046875 (printed 11.8, 7.4, 12.3; factor 0.049 = 0.04921875 kg/tkm)
    const driven = [shipment(240, 640), shipment(150, 640), shipment(250, 640)];
    expect(driven.map((r) => r.kgCo2e)).toEqual([expect.closeTo(11.8125, 12), expect.closeTo(7.3828125, 12), expect.closeTo(12.3046875, 12)]);
    expect(driven.reduce((s, r) => s + r.kgCo2e, 0)).toBeCloseTo(31.5, 9);
  });

  it('Example [4.4]: Calculating emissions from transportation by using the spend-based method', () => {
    // checked against the guidance text, line 2340
    // B: 20,000 USD × 0.04 kg CO2e/USD (truck) = 800 kg; C: 30,000 × 0.15 (air) = 4,500 kg;
    // D: 40,000 × 0.05 (container ship) = 2,000 kg; total 7,300 kg (printed "kg CO2e/$", a unit slip)
    const factors: Row[] = [
      { activity: 'eeio.naics.484110', value: 0.04, unit: 'kgCO2e/USD', region: 'US' },
      { activity: 'eeio.naics.481112', value: 0.15, unit: 'kgCO2e/USD', region: 'US' },
      { activity: 'eeio.naics.483111', value: 0.05, unit: 'kgCO2e/USD', region: 'US' },
    ];
    const spent = (naics: string, usd: number) => calc({ ...base, spend: usd, currency: 'USD', naics }, factors);
    const road = spent('484110', 20000);
    const air = spent('481112', 30000);
    const sea = spent('483111', 40000);
    expect([road.tier, road.method]).toEqual([3, 'spend_based']);
    expect([road.kgCo2e, air.kgCo2e, sea.kgCo2e]).toEqual([expect.closeTo(800, 9), expect.closeTo(4500, 9), expect.closeTo(2000, 9)]);
    expect(road.kgCo2e + air.kgCo2e + sea.kgCo2e).toBeCloseTo(7300, 9);
  });

  it('Example [4.5]: Calculating emissions from upstream distribution using the site-specific method', () => {
    // checked against the guidance text, line 2473
    // facility 1: (10,000 kWh × 0.8 + 1,000 kWh × 0.25) × 100/400 = 8,250 × 0.25 = 2,062.5 kg
    // facility 2: (15,000 × 0.8 + 2,000 × 0.25) × 200/800 = 12,500 × 0.25 = 3,125 kg; total 5,187.5 kg
    const factors: Row[] = [
      { activity: 'electricity.grid', value: 0.8, unit: 'kgCO2e/kWh' },
      { activity: 'fuel.natural_gas', value: 0.25, unit: 'kgCO2e/kWh' },
    ];
    const facility = (elec: number, gas: number, own: number, total: number) =>
      calc(
        {
          ...base,
          storage_energy: [
            { type: 'electricity', quantity: elec, unit: 'kWh' },
            { type: 'natural_gas', quantity: gas, unit: 'kWh' },
          ],
          allocation: { basis: 'volume', own, total },
        },
        factors,
      );
    const one = facility(10000, 1000, 100, 400);
    const two = facility(15000, 2000, 200, 800);
    expect([one.tier, one.method]).toEqual([1, 'storage_site_specific']);
    expect(one.kgCo2e).toBeCloseTo(2062.5, 9);
    expect(two.kgCo2e).toBeCloseTo(3125, 9);
    expect(one.kgCo2e + two.kgCo2e).toBeCloseTo(5187.5, 9);
  });

  it('Example [4.6]: Calculating emissions from upstream distribution using the average-data method', () => {
    // checked against the guidance text, line 2565
    // distribution center: 4,000 m³ × 2 days × 0.01 kg CO2e/m³/day = 80 kg
    // supermarkets: 4,000 m³ × 2 days × 0.02 = 160 kg; total 240 kg
    const factors: Row[] = [
      { activity: 'storage.distribution_centre', value: 0.01, unit: 'kgCO2e/m3_day' },
      { activity: 'storage.supermarket', value: 0.02, unit: 'kgCO2e/m3_day' },
    ];
    const stored = (facility_type: string) => calc({ ...base, stored_volume: 4000, volume_unit: 'm3', days_stored: 2, facility_type }, factors);
    const dc = stored('distribution_centre');
    const shop = stored('supermarket');
    expect([dc.tier, dc.method]).toEqual([2, 'storage_average_data']);
    expect(dc.kgCo2e).toBeCloseTo(80, 9);
    expect(shop.kgCo2e).toBeCloseTo(160, 9);
    expect(dc.kgCo2e + shop.kgCo2e).toBeCloseTo(240, 9);
  });
});

describe('category 4: fuel_boundary and the carrier’s reported run emissions', () => {
  it('fuel_boundary well_to_wheel: fuel_based only, no combustion-only fallback', () => {
    // 300 kg CNG × (2.5 + 0.5) = 900 kg with both factors
    const both = calc({ ...cngTruck, fuel_boundary: 'well_to_wheel' }, [cng, { activity: 'wtt.cng', value: 0.5, unit: 'kgCO2e/kg' }]);
    expect([both.method, both.kgCo2e, both.inputsUsed.fuel_boundary, both.warnings]).toEqual(['fuel_based', expect.closeTo(900, 9), 'well_to_wheel', []]);
    // no wtt.cng: distance-based, 500 km × 12 t × 0.062 = 372 kg
    const r = calc({ ...cngTruck, fuel_boundary: 'well_to_wheel' }, [cng]);
    expect([r.method, r.kgCo2e]).toEqual(['distance_based', expect.closeTo(372, 9)]);
    expectSkipped(r, 1, 'fuel_based_combustion', 'fuel_boundary is well_to_wheel');
  });

  it('fuel_boundary tank_to_wheel with a wtt factor found: combustion only, as asked', () => {
    // 200 L × 2.66 = 532 kg (wtt.diesel 0.61 not added)
    const r = calc({ ...truck, fuel_type: 'diesel', fuel_quantity: 200, fuel_unit: 'L', fuel_boundary: 'tank_to_wheel' }, rows);
    expect([r.tier, r.method, r.kgCo2e]).toEqual([1, 'fuel_based_combustion', expect.closeTo(532, 9)]);
    expect(r.inputsUsed).toMatchObject({ boundary: 'tank_to_wheel', fuel_boundary: 'tank_to_wheel' });
  });

  it('reported emissions: the run’s figure × share, refrigerants and unused figures named', () => {
    // 1,000 kg × (12 t ÷ 40 t = 0.3) = 300 kg; the carrier's scope 1 includes its leakage
    const r = calc({
      ...base,
      reported_scope1_kgco2e: 900,
      reported_scope2_kgco2e: 100,
      allocation: { basis: 'mass', own: 12, total: 40 },
      refrigerants: [{ type: 'R-134a', mass_lost: 1, mass_unit: 'kg' }],
    });
    expect([r.tier, r.method, r.kgCo2e]).toEqual([1, 'reported_emissions', expect.closeTo(300, 9)]);
    expect(r.warnings.map((w) => w.message.split(' is given')[0])).toEqual(['refrigerants']);
    // the record's own fuel comes first: 200 L × 0.3 × (2.66 + 0.61) = 196.2 kg, the reported figure named
    const f = calc(
      { ...base, fuel_type: 'diesel', fuel_quantity: 200, fuel_unit: 'L', reported_scope1_2_kgco2e: 1000, allocation: { basis: 'share', share: 0.3 } },
      rows,
    );
    expect([f.method, f.kgCo2e]).toEqual(['fuel_based', expect.closeTo(196.2, 9)]);
    expect(f.warnings.map((w) => w.message.split(' is given')[0])).toEqual(['reported_scope1_2_kgco2e']);
  });

  it('reports bad fuel_boundary and reported fields by name', () => {
    expect(issueFields({ ...truck, fuel_boundary: 'tank_to_wheel' })).toEqual(['fuel_boundary']);
    expect(issueFields({ ...cngTruck, fuel_boundary: 'cradle' })).toEqual(['fuel_boundary']);
    expect(issueFields({ ...base, reported_scope1_2_kgco2e: 31.5 })).toEqual(['allocation']);
    expect(issueFields({ ...base, reported_scope1_kgco2e: 31.5, allocation: { basis: 'share', share: 1 } })).toEqual(['reported_scope2_kgco2e']);
    expect(issueFields({ ...average, reported_scope1_2_kgco2e: 5 }, storageRows)).toEqual(['reported_scope1_2_kgco2e']);
  });
});
