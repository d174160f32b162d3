/**
 * The worked examples of categories 1, 3 and 5 of the GHG Protocol *Technical Guidance for
 * Calculating Scope 3 Emissions* (v1.0, 2013): [1.1]–[1.4], [3.1], [5.1], [5.2]. Each uses the
 * example's own activity data and factors; the arithmetic is in the comment above each entry
 * (line numbers are of the guidance text as converted to Markdown).
 */
import type { GuidanceExample } from './types.ts';

const date = '2024-06-30';

export const EXAMPLES: GuidanceExample[] = [
  // [1.1] (line 845) supplier-specific method: quantity × supplier's product PCF, one record per good
  //   (the PCF inline as `supplier_pcf`; the suppliers are not registered, so no supplier_id).
  //   cement 200,000 kg × 0.15 = 30,000; plaster 600,000 × 0.10 = 60,000; paint 200,000 × 0.10 = 20,000;
  //   timber 100,000 × 0.25 = 25,000; concrete 50,000 × 0.20 = 10,000
  //   total = 145,000 kg CO2e (as printed, line 861)
  {
    example: 'Example [1.1]',
    title: 'Purchased goods, supplier-specific method',
    factors: [],
    records: (
      [
        ['cement', 200_000, 0.15], // supplier C
        ['plaster', 600_000, 0.1], // supplier D
        ['paint', 200_000, 0.1], // supplier E
        ['timber', 100_000, 0.25], // supplier F
        ['concrete', 50_000, 0.2], // supplier G
      ] as const
    ).map(([product, kg, pcf]) => ({
      category: 1,
      date,
      product,
      quantity: kg,
      unit: 'kg',
      supplier_pcf: { value: pcf, unit: 'kg' },
    })),
    stated: 145_000,
    expected: 145_000,
  },

  // [1.2] (line 954) hybrid method, formula [1.2]: one record for the t-shirts bought from supplier B.
  //   scope 1+2 of supplier B: 5,000 kWh × 0.5 (electricity) + 2,500 kWh × 0.2 (natural gas) = 2,500 + 500 = 3,000
  //   material inputs: 5,000 kg × 7 + 2,500 × 5 + 500 × 2 + 500 × 1.5 = 35,000 + 12,500 + 1,000 + 750 = 49,250
  //   transport of inputs (kg × km × kg CO2e/kg/km): 5,000 × 1,000 × 0.01 = 50,000; 2,500 × 2,500 × 0.02 = 125,000;
  //     500 × 800 × 0.05 = 20,000; 500 × 200 × 0.1 = 10,000; sum 205,000 (the guidance prints 20,500)
  //   waste: 100 kg × 0.5 (landfill) = 50
  //   total = 3,000 + 49,250 + 205,000 + 50 = 257,300 kg CO2e (printed: 72,800, line 1022)
  {
    example: 'Example [1.2]',
    title: 'Purchased goods, hybrid method (all supplier activity data)',
    factors: [
      { activity: 'electricity.grid', value: 0.5, unit: 'kgCO2e/kWh' },
      { activity: 'fuel.natural_gas', value: 0.2, unit: 'kgCO2e/kWh' },
      { activity: 'material.cotton', value: 7, unit: 'kgCO2e/kg' },
      { activity: 'material.polymer', value: 5, unit: 'kgCO2e/kg' },
      { activity: 'material.chemical_a', value: 2, unit: 'kgCO2e/kg' },
      { activity: 'material.chemical_b', value: 1.5, unit: 'kgCO2e/kg' },
      { activity: 'transport.vehicle_cotton', value: 0.01, unit: 'kgCO2e/kgkm' },
      { activity: 'transport.vehicle_polymer', value: 0.02, unit: 'kgCO2e/kgkm' },
      { activity: 'transport.vehicle_chemical_a', value: 0.05, unit: 'kgCO2e/kgkm' },
      { activity: 'transport.vehicle_chemical_b', value: 0.1, unit: 'kgCO2e/kgkm' },
      { activity: 'waste.landfill', value: 0.5, unit: 'kgCO2e/kg' },
    ],
    records: [
      {
        category: 1,
        date,
        supplier_energy: [
          { type: 'electricity', quantity: 5000, unit: 'kWh' },
          { type: 'natural_gas', quantity: 2500, unit: 'kWh' },
        ],
        material_inputs: [
          { material: 'material.cotton', quantity: 5000, unit: 'kg' },
          { material: 'material.polymer', quantity: 2500, unit: 'kg' },
          { material: 'material.chemical_a', quantity: 500, unit: 'kg' },
          { material: 'material.chemical_b', quantity: 500, unit: 'kg' },
        ],
        inbound_transport: [
          { vehicle: 'transport.vehicle_cotton', distance: 1000, distance_unit: 'km', mass: 5000, mass_unit: 'kg' },
          { vehicle: 'transport.vehicle_polymer', distance: 2500, distance_unit: 'km', mass: 2500, mass_unit: 'kg' },
          { vehicle: 'transport.vehicle_chemical_a', distance: 800, distance_unit: 'km', mass: 500, mass_unit: 'kg' },
          { vehicle: 'transport.vehicle_chemical_b', distance: 200, distance_unit: 'km', mass: 500, mass_unit: 'kg' },
        ],
        supplier_waste: [{ treatment: 'landfill', mass: 100, mass_unit: 'kg' }],
      },
    ],
    stated: 72_800,
    expected: 257_300,
    note: 'The guidance sums the transport of material inputs to 20,500 kg CO2e, but its own terms (5,000 × 1,000 × 0.01) + (2,500 × 2,500 × 0.02) + (500 × 800 × 0.05) + (500 × 200 × 0.1) are 50,000 + 125,000 + 20,000 + 10,000 = 205,000 (a factor of 10 lost); the total is then 3,000 + 49,250 + 205,000 + 50 = 257,300, not 72,800.',
  },

  // [1.3] (line 1044) hybrid method, formula [1.3]: supplier B gives only its allocated scope 1+2 and waste.
  //   scope 1+2: 5,000 kWh × 0.5 + 2,500 kWh × 0.2 = 3,000
  //   waste: 100 kg × 0.5 = 50
  //   all other upstream: 12,000 t-shirts × 5.6 (cradle-to-gate excluding supplier B's scope 1, 2 and waste) = 67,200
  //   total = 3,000 + 50 + 67,200 = 70,250 kg CO2e (as printed, line 1096)
  {
    example: 'Example [1.3]',
    title: 'Purchased goods, hybrid method (supplier scope 1+2 and waste only)',
    factors: [
      { activity: 'electricity.grid', value: 0.5, unit: 'kgCO2e/kWh' },
      { activity: 'fuel.natural_gas', value: 0.2, unit: 'kgCO2e/kWh' },
      { activity: 'waste.landfill', value: 0.5, unit: 'kgCO2e/kg' },
      { activity: 'product.t_shirt.excluding_producer', value: 5.6, unit: 'kgCO2e/item' },
    ],
    records: [
      {
        category: 1,
        date,
        supplier_energy: [
          { type: 'electricity', quantity: 5000, unit: 'kWh' },
          { type: 'natural_gas', quantity: 2500, unit: 'kWh' },
        ],
        supplier_waste: [{ treatment: 'landfill', mass: 100, mass_unit: 'kg' }],
        other_upstream: { product: 'product.t_shirt.excluding_producer', quantity: 12_000, unit: 'item' },
      },
    ],
    stated: 70_250,
    expected: 70_250,
    note: 'The guidance writes the third term as (50,000 × 5.6) = 67,200; the t-shirts bought are 12,000 (its table), and 12,000 × 5.6 = 67,200 is the figure it uses.',
  },

  // [1.4] (line 1203) average-data method (components by mass) and spend-based method (raw materials by value).
  //   mass: 400 × 20 + 200 × 10 + 500 × 40 + 100 × 70 + 1,500 × 3 + 300 × 3 = 8,000 + 2,000 + 20,000 + 7,000 + 4,500 + 900 = 42,400
  //   spend: 5,000 × 0.3 + 3,000 × 0.3 + 4,000 × 0.3 + 6,000 × 0.5 + 1,500 × 0.2 + 5,000 × 0.2 + 5,000 × 0.3 + 1,000 × 0.3
  //     + 5,000 × 0.4 = 1,500 + 900 + 1,200 + 3,000 + 300 + 1,000 + 1,500 + 300 + 2,000 = 11,700
  //   total = 42,400 + 11,700 = 54,100 kg CO2e (as printed, line 1252)
  //   The EEIO factors are the engine's `eeio.naics.<NAICS-6>` keys; the NAICS codes are ours (the
  //   guidance names materials, not sectors): PS, ABS and epoxy resin are all 325211 (plastics
  //   material and resin), at the guidance's one factor for the three, 0.3.
  {
    example: 'Example [1.4]',
    title: 'Purchased goods, average-data and spend-based methods combined',
    factors: [
      { activity: 'component.hard_drive', value: 20, unit: 'kgCO2e/kg' },
      { activity: 'component.integrated_circuits', value: 10, unit: 'kgCO2e/kg' },
      { activity: 'component.lcd', value: 40, unit: 'kgCO2e/kg' },
      { activity: 'component.semiconductors', value: 70, unit: 'kgCO2e/kg' },
      { activity: 'component.battery', value: 3, unit: 'kgCO2e/kg' },
      { activity: 'component.keyboard', value: 3, unit: 'kgCO2e/kg' },
      { activity: 'eeio.naics.325211', value: 0.3, unit: 'kgCO2e/USD', region: 'US' },
      { activity: 'eeio.naics.326113', value: 0.3, unit: 'kgCO2e/USD', region: 'US' },
      { activity: 'eeio.naics.331313', value: 0.5, unit: 'kgCO2e/USD', region: 'US' },
      { activity: 'eeio.naics.331110', value: 0.2, unit: 'kgCO2e/USD', region: 'US' },
      { activity: 'eeio.naics.325110', value: 0.2, unit: 'kgCO2e/USD', region: 'US' },
      { activity: 'eeio.naics.331410', value: 0.3, unit: 'kgCO2e/USD', region: 'US' },
      { activity: 'eeio.naics.327211', value: 0.4, unit: 'kgCO2e/USD', region: 'US' },
    ],
    records: [
      ...(
        [
          ['component.hard_drive', 400],
          ['component.integrated_circuits', 200],
          ['component.lcd', 500],
          ['component.semiconductors', 100],
          ['component.battery', 1500],
          ['component.keyboard', 300],
        ] as const
      ).map(([product, kg]) => ({ category: 1, date, product, quantity: kg, unit: 'kg' })),
      ...(
        [
          ['325211', 5000], // plastic (PS)
          ['325211', 3000], // plastic (ABS)
          ['326113', 4000], // PET (film)
          ['331313', 6000], // aluminum
          ['331110', 1500], // steel
          ['325110', 5000], // cyclohexane
          ['325211', 5000], // epoxy resin
          ['331410', 1000], // copper
          ['327211', 5000], // glass
        ] as const
      ).map(([naics, usd]) => ({ category: 1, date, spend: usd, currency: 'USD', naics })),
    ],
    stated: 54_100,
    expected: 54_100,
  },

  // [3.1] (line 1632) upstream of purchased electricity and heating (activity B) and T&D losses (activity C).
  //   upstream electricity: 500,000 × 0.12 + 600,000 × 0.10 + 400,000 × 0.15 + 5,500,000 × 0.10 + 200,000 × 0.05
  //     = 60,000 + 60,000 + 60,000 + 550,000 + 10,000 = 740,000
  //   T&D losses: 500,000 × 0.8 × 10% + 600,000 × 0.4 × 13% + 50,000 × 0.15 × 5% (heat) + 400,000 × 0.8 × 15%
  //     + 5,500,000 × 0.5 × 10% + 200,000 × 0.4 × 12% = 40,000 + 31,200 + 375 + 48,000 + 275,000 + 9,600 = 404,175
  //   upstream heating: 50,000 × 0.05 = 2,500
  //   total = 740,000 + 404,175 + 2,500 = 1,146,675 kg CO2e (as printed, line 1674)
  {
    example: 'Example [3.1]',
    title: 'Upstream emissions of purchased electricity and heating, with T&D losses',
    factors: [
      ...(
        [
          ['AU', 0.12, 0.8],
          ['CA', 0.1, 0.4],
          ['IN', 0.15, 0.8],
          ['US', 0.1, 0.5],
          ['TR', 0.05, 0.4],
        ] as const
      ).flatMap(([region, upstream, combustion]) => [
        { activity: 'electricity.wtt', value: upstream, unit: 'kgCO2e/kWh', region },
        { activity: 'electricity.grid', value: combustion, unit: 'kgCO2e/kWh', region },
      ]),
      { activity: 'wtt.district_heat', value: 0.05, unit: 'kgCO2e/kWh', region: 'CA' },
      { activity: 'heat.district', value: 0.15, unit: 'kgCO2e/kWh', region: 'CA' },
    ],
    records: [
      ...(
        [
          ['AU', 500_000, 10],
          ['CA', 600_000, 13],
          ['IN', 400_000, 15],
          ['US', 5_500_000, 10],
          ['TR', 200_000, 12],
        ] as const
      ).map(([region, kwh, pct]) => ({ category: 3, date, region, energy_type: 'electricity', quantity: kwh, unit: 'kWh', td_loss_pct: pct })),
      { category: 3, date, region: 'CA', energy_type: 'district_heat', quantity: 50_000, unit: 'kWh', td_loss_pct: 5 },
    ],
    stated: 1_146_675,
    expected: 1_146_675,
  },

  // [5.1] (line 2746) waste-type-specific method: waste produced × waste-type- and treatment-specific factor.
  //   2,000 t × 40 (plastic, landfill) + 5,000 t × 2 (plastic, incinerated with energy recovery)
  //   + 4,000 t × 10 (plastic, recycled) + 5,000 m³ × 0.5 (wastewater) = 80,000 + 10,000 + 40,000 + 2,500
  //   total = 132,500 kg CO2e (as printed, line 2765)
  {
    example: 'Example [5.1]',
    title: 'Waste generated in operations, waste-type-specific method',
    factors: [
      { activity: 'waste.landfill.plastic', value: 40, unit: 'kgCO2e/t' },
      { activity: 'waste.incineration.plastic', value: 2, unit: 'kgCO2e/t' },
      { activity: 'waste.recycling.plastic', value: 10, unit: 'kgCO2e/t' },
      { activity: 'wastewater', value: 0.5, unit: 'kgCO2e/m3' },
    ],
    records: [
      { category: 5, date, treatment: 'landfill', waste_type: 'plastic', mass: 2000, mass_unit: 't' },
      { category: 5, date, treatment: 'incineration', waste_type: 'plastic', mass: 5000, mass_unit: 't' },
      { category: 5, date, treatment: 'recycling', waste_type: 'plastic', mass: 4000, mass_unit: 't' },
      { category: 5, date, treatment: 'wastewater', volume: 5000, volume_unit: 'm3' },
    ],
    stated: 132_500,
    expected: 132_500,
  },

  // [5.2] (line 2818) average-data method: total waste × proportion by treatment × the treatment's average factor.
  //   40 t × 25% × 300 (landfill) + 40 × 5% × 0 (incineration, energy recovery) + 40 × 30% × 0 (recycling,
  //   recovery allocated to the recycled material) + 40 × 20% × 10 (recycling, recovery not allocated to it)
  //   + 40 × 20% × 30 (composting) = 3,000 + 0 + 0 + 80 + 240
  //   total = 3,320 kg CO2e (as printed, line 2838)
  //   The two recycling routes have their own factors (`activity` on the share).
  {
    example: 'Example [5.2]',
    title: 'Waste generated in operations, average-data method',
    factors: [
      { activity: 'waste.landfill', value: 300, unit: 'kgCO2e/t' },
      { activity: 'waste.incineration', value: 0, unit: 'kgCO2e/t' },
      { activity: 'waste.recycling.recovery_allocated', value: 0, unit: 'kgCO2e/t' },
      { activity: 'waste.recycling.recovery_not_allocated', value: 10, unit: 'kgCO2e/t' },
      { activity: 'waste.composting', value: 30, unit: 'kgCO2e/t' },
    ],
    records: [
      {
        category: 5,
        date,
        mass: 40,
        mass_unit: 't',
        treatments: [
          { treatment: 'landfill', share: 0.25 },
          { treatment: 'incineration', share: 0.05 },
          { treatment: 'recycling', share: 0.3, activity: 'waste.recycling.recovery_allocated' },
          { treatment: 'recycling', share: 0.2, activity: 'waste.recycling.recovery_not_allocated' },
          { treatment: 'composting', share: 0.2 },
        ],
      },
    ],
    stated: 3_320,
    expected: 3_320,
  },
];
