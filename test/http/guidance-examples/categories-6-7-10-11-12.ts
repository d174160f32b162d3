/**
 * The worked examples of the GHG Protocol *Technical Guidance for Calculating Scope 3 Emissions*
 * (v1.0, 2013) in categories 6, 7, 10, 11 and 12, as the API computes them: each example's own
 * factors as the tenant's, its own activity data as records (one record per row of the example's
 * tables), all in one POST /v1/calculations/batch. Line numbers are those of the guidance text
 * (Scope3_Calculation_Guidance_0[1].md); the domain tests (test/domain/scope3/c06…c12) run the same
 * examples through the engine.
 */
import type { GuidanceExample } from './types.ts';

const date = '2024-06-30';

export const EXAMPLES: GuidanceExample[] = [
  // Example [6.1] (line 3113), distance-based method. Road: Σ employees ÷ average employees per
  // vehicle × distance × ef per vehicle-km = 10/2 × 50 × 1 + 20/2 × 200 × 2 + 100/3 × 100 × 4
  // = 250 + 4,000 + 13,333.33… = 17,583.33… kg. Air: Σ employees × distance × ef per passenger-km
  // = 10 × 10,000 × 5 + 20 × 15,000 × 6 + 100 × 12,000 × 5 = 500,000 + 1,800,000 + 6,000,000
  // = 8,300,000 kg. Total 8,300,000 + 52,750/3 = 24,952,750/3 = 8,317,583.333… kg.
  {
    example: 'Example [6.1]',
    title: 'Calculating emissions from business travel using the distance-based method',
    factors: [
      { activity: 'travel.car.hybrid', value: 1, unit: 'kgCO2e/km', region: 'US' },
      { activity: 'travel.car.petrol', value: 2, unit: 'kgCO2e/km', region: 'AU' },
      { activity: 'travel.car.four_wheel_drive', value: 4, unit: 'kgCO2e/km', region: 'US' },
      { activity: 'flight.long_haul', value: 5, unit: 'kgCO2e/pkm' },
      { activity: 'flight.short_haul', value: 6, unit: 'kgCO2e/pkm' },
    ],
    records: [
      // Road travel: group, employees, car type, average employees per vehicle, location, distance.
      { category: 6, date, region: 'US', travel_type: 'car', car_type: 'hybrid', passengers: 10, average_occupancy: 2, distance: 50, distance_unit: 'km' },
      { category: 6, date, region: 'AU', travel_type: 'car', car_type: 'petrol', passengers: 20, average_occupancy: 2, distance: 200, distance_unit: 'km' },
      {
        category: 6,
        date,
        region: 'US',
        travel_type: 'car',
        car_type: 'four_wheel_drive',
        passengers: 100,
        average_occupancy: 3,
        distance: 100,
        distance_unit: 'km',
      },
      // Air travel: group, employees, flight type, distance.
      { category: 6, date, travel_type: 'flight', haul: 'long', passengers: 10, distance: 10_000, distance_unit: 'km' },
      { category: 6, date, travel_type: 'flight', haul: 'short', passengers: 20, distance: 15_000, distance_unit: 'km' },
      { category: 6, date, travel_type: 'flight', haul: 'long', passengers: 100, distance: 12_000, distance_unit: 'km' },
    ],
    stated: 8_317_583.33,
    expected: 24_952_750 / 3,
    note: 'The guidance prints 8,317,583.33 kg, rounded to the cent: 100 employees at 3 per vehicle are 33.33… vehicles, so the road total is 17,583.333… kg and the total 24,952,750/3 = 8,317,583.333… kg.',
  },

  // Example [7.1] (line 3307), distance-based method, 48 commuting weeks. Rail: one-way distance
  // × 2 × days per week × 48 = 10 × 2 × 5 × 48 (A) + 10 × 2 × 4 × 48 (B) = 4,800 + 3,840 = 8,640 pkm;
  // car: 15 × 2 × 1 × 48 (B) + 20 × 2 × 5 × 48 (C) = 1,440 + 9,600 = 11,040 vehicle-km.
  // 8,640 × 0.1 + 11,040 × 0.2 = 864 + 2,208 = 3,072 kg.
  {
    example: 'Example [7.1]',
    title: 'Calculating emissions from employee travel using the distance-based method',
    factors: [
      { activity: 'commute.rail', value: 0.1, unit: 'kgCO2e/pkm' },
      { activity: 'commute.car', value: 0.2, unit: 'kgCO2e/km' },
    ],
    records: [
      // One record per employee and mode (the employee commuting profiles).
      { category: 7, date, external_id: 'A-rail', mode: 'rail', distance: 10, distance_unit: 'km', one_way: true, days_per_week: 5, weeks: 48 },
      { category: 7, date, external_id: 'B-rail', mode: 'rail', distance: 10, distance_unit: 'km', one_way: true, days_per_week: 4, weeks: 48 },
      { category: 7, date, external_id: 'B-car', mode: 'car', distance: 15, distance_unit: 'km', one_way: true, days_per_week: 1, weeks: 48 },
      { category: 7, date, external_id: 'C-car', mode: 'car', distance: 20, distance_unit: 'km', one_way: true, days_per_week: 5, weeks: 48 },
    ],
    stated: 3072,
    expected: 3072,
  },

  // Example [7.2] (line 3398), average-data method: employees × share of commutes × one-way
  // distance × 2 × 235 working days × ef. Rail 10,000 × 50% × 10 × 2 × 235 × 0.1 = 2,350,000;
  // car 10,000 × 30% × 15 × 2 × 235 × 0.2 = 4,230,000 (no ride sharing: one employee per car);
  // foot 10,000 × 15% × 1 × 2 × 235 × 0 = 0; bus 10,000 × 5% × 5 × 2 × 235 × 0.1 = 117,500.
  // Total 6,697,500 kg.
  {
    example: 'Example [7.2]',
    title: 'Calculating emissions from employee travel using the average data method',
    factors: [
      { activity: 'commute.rail', value: 0.1, unit: 'kgCO2e/pkm' },
      { activity: 'commute.car', value: 0.2, unit: 'kgCO2e/km' },
      { activity: 'commute.walk', value: 0, unit: 'kgCO2e/pkm' },
      { activity: 'commute.bus', value: 0.1, unit: 'kgCO2e/pkm' },
    ],
    records: [
      {
        category: 7,
        date,
        region: 'GB',
        mode: 'rail',
        employees: 10_000,
        mode_share: 0.5,
        distance: 10,
        distance_unit: 'km',
        one_way: true,
        days_per_year: 235,
      },
      {
        category: 7,
        date,
        region: 'GB',
        mode: 'car',
        employees: 10_000,
        mode_share: 0.3,
        distance: 15,
        distance_unit: 'km',
        one_way: true,
        days_per_year: 235,
      },
      {
        category: 7,
        date,
        region: 'GB',
        mode: 'walk',
        employees: 10_000,
        mode_share: 0.15,
        distance: 1,
        distance_unit: 'km',
        one_way: true,
        days_per_year: 235,
      },
      {
        category: 7,
        date,
        region: 'GB',
        mode: 'bus',
        employees: 10_000,
        mode_share: 0.05,
        distance: 5,
        distance_unit: 'km',
        one_way: true,
        days_per_year: 235,
      },
    ],
    stated: 6_697_500,
    expected: 6_697_500,
  },

  // Example [10.1] (line 4041), site-specific method: the processor's natural gas 3,500 kWh × 0.2
  // + electricity 2,000 kWh × 0.5 + waste 50 kg × 0.5 = 700 + 1,000 + 25 = 1,725 kg. The example
  // names no treatment for the waste (its factor is "kg CO2e/kg waste"): treatment "unspecified".
  {
    example: 'Example [10.1]',
    title: 'Calculating emissions from processing of sold products using the site-specific method',
    factors: [
      { activity: 'fuel.natural_gas', value: 0.2, unit: 'kgCO2e/kWh' },
      { activity: 'electricity.grid', value: 0.5, unit: 'kgCO2e/kWh' },
      { activity: 'waste.unspecified', value: 0.5, unit: 'kgCO2e/kg' },
    ],
    records: [
      {
        category: 10,
        date,
        energy: [
          { type: 'natural_gas', quantity: 3500, unit: 'kWh' },
          { type: 'electricity', quantity: 2000, unit: 'kWh' },
        ],
        waste: [{ treatment: 'unspecified', mass: 50, mass_unit: 'kg' }],
      },
    ],
    stated: 1725,
    expected: 1725,
  },

  // Example [10.2] (line 4158), average-data method: 1,000 kg of sugar × 1.5 kg CO2e/kg for candy
  // mixing, cooking, molding, cooling, wrapping and packaging = 1,500 kg.
  {
    example: 'Example [10.2]',
    title: 'Calculating emissions from processing of sold products using the average data method',
    factors: [{ activity: 'processing.candy_making', value: 1.5, unit: 'kgCO2e/kg' }],
    records: [{ category: 10, date, quantity: 1000, unit: 'kg', process: 'candy_making' }],
    stated: 1500,
    expected: 1500,
  },

  // Example [11.1] (line 4352), direct use-phase emissions of products that consume electricity:
  // lifetime uses × number sold × kWh per use × 0.5 kg/kWh. X100 1,000 × 11,500 × 1.3 × 0.5 =
  // 7,475,000; X200 1,100 × 1,900 × 1.5 × 0.5 = 1,567,500; Y123 2,000 × 20,000 × 0.2 × 0.5 =
  // 4,000,000. Total 13,042,500 kg.
  {
    example: 'Example [11.1]',
    title: 'Calculating direct use-phase emissions from products that directly consume energy (fuels or electricity) during use',
    factors: [{ activity: 'electricity.grid', value: 0.5, unit: 'kgCO2e/kWh' }],
    records: [
      { category: 11, date, external_id: 'X100', units: 11_500, lifetime_uses: 1000, energy_per_use: 1.3, energy_per_use_unit: 'kWh' },
      { category: 11, date, external_id: 'X200', units: 1900, lifetime_uses: 1100, energy_per_use: 1.5, energy_per_use_unit: 'kWh' },
      { category: 11, date, external_id: 'Y123', units: 20_000, lifetime_uses: 2000, energy_per_use: 0.2, energy_per_use_unit: 'kWh' },
    ],
    stated: 13_042_500,
    expected: 13_042_500,
  },

  // Example [11.2] (line 4548), indirect use-phase emissions by use scenario: lifetime uses ×
  // share of uses in the scenario × products sold × kWh per use × 0.5 kg/kWh. 30 °C 1,000 × 0.2 ×
  // 2,000 × 0.4 × 0.5 = 80,000; 40 °C 1,000 × 0.4 × 2,000 × 0.5 × 0.5 = 200,000; 90 °C 1,000 ×
  // 0.4 × 2,000 × 1.2 × 0.5 = 480,000. Total 760,000 kg.
  {
    example: 'Example [11.2]',
    title: 'Calculating indirect use-phase emissions from products that indirectly consume energy (fuels or electricity) during use',
    factors: [{ activity: 'electricity.grid', value: 0.5, unit: 'kgCO2e/kWh' }],
    records: [
      { category: 11, date, external_id: '30C', units: 2000, lifetime_uses: 1000, scenario_share: 0.2, energy_per_use: 0.4, energy_per_use_unit: 'kWh' },
      { category: 11, date, external_id: '40C', units: 2000, lifetime_uses: 1000, scenario_share: 0.4, energy_per_use: 0.5, energy_per_use_unit: 'kWh' },
      { category: 11, date, external_id: '90C', units: 2000, lifetime_uses: 1000, scenario_share: 0.4, energy_per_use: 1.2, energy_per_use_unit: 'kWh' },
    ],
    stated: 760_000,
    expected: 760_000,
  },

  // Example [11.3] (line 4610), sold intermediate products: engines sold × lifetime km flown by
  // the airplane × kg CO2e per km flown × (engine weight ÷ airplane weight) = 10 × 300,000 × 0.3 ×
  // (20 ÷ 500) = 36,000 kg (the text prints the fraction as "( 500 20 )", i.e. 20/500).
  {
    example: 'Example [11.3]',
    title: 'Calculating use-phase emissions from sold intermediate products',
    factors: [{ activity: 'use_phase.airplane', value: 0.3, unit: 'kgCO2e/km' }],
    records: [
      {
        category: 11,
        date,
        intermediate: true,
        units: 10,
        use_profile: 'airplane',
        lifetime_uses: 300_000,
        lifetime_uses_unit: 'km',
        allocation: { basis: 'mass', own: 20, total: 500 },
      },
    ],
    stated: 36_000,
    expected: 36_000,
  },

  // Example [12.1] (line 4723), waste-type-specific method: mass after consumer use × share by
  // treatment × ef = 10,000 × 90% × 0.3 (landfill) + 10,000 × 10% × 1.0 (incinerated) + 10,000 ×
  // 0% × 0 (recycled) = 2,700 + 1,000 + 0 = 3,700 kg. The table's mass is 10,000 kg, which the
  // printed arithmetic uses (the prose says 10,000 tonnes sold). The recycled row's share is 0, so
  // it is not a treatment of the record (shares are in (0, 1]; the rest of the mass is not counted).
  {
    example: 'Example [12.1]',
    title: 'Calculating emissions from the end-of-life treatment of sold products',
    factors: [
      { activity: 'waste.landfill.laminated_paper', value: 0.3, unit: 'kgCO2e/kg' },
      { activity: 'waste.incineration.laminated_paper', value: 1.0, unit: 'kgCO2e/kg' },
      { activity: 'waste.recycling.laminated_paper', value: 0, unit: 'kgCO2e/kg' },
    ],
    records: [
      {
        category: 12,
        date,
        materials: [
          {
            material: 'laminated_paper',
            mass: 10_000,
            mass_unit: 'kg',
            treatments: [
              { treatment: 'landfill', share: 0.9 },
              { treatment: 'incineration', share: 0.1 },
            ],
          },
        ],
      },
    ],
    stated: 3700,
    expected: 3700,
  },
];
