/**
 * The guidance's worked examples of categories 8, 13, 14 and 15 (Technical Guidance for Calculating
 * Scope 3 Emissions v1.0, 2013), with their own inputs and factors; the arithmetic is above each
 * entry and in the domain tests (test/domain/scope3/c08-, c13-, c14-, c15-*.test.ts).
 */
import type { GuidanceExample } from './types.ts';

const date = '2024-12-31';

export const EXAMPLES: GuidanceExample[] = [
  // [8.1] a floor of a building that is not separately metered, allocated by
  // 200 m² ÷ (2,000 m² × 0.75 occupancy) = 0.1333…:
  //   (1,500 kWh × 0.2 + 3,000 kWh × 0.7 + 5 kg × 1,500) × 0.1333… = 9,900 × 2 ÷ 15 = 1,320 kg
  {
    example: 'Example [8.1]',
    title: 'Calculating emissions from upstream leased assets using the asset-specific method',
    factors: [
      { activity: 'fuel.natural_gas', value: 0.2, unit: 'kgCO2e/kWh' },
      { activity: 'electricity.grid', value: 0.7, unit: 'kgCO2e/kWh' },
    ],
    records: [
      {
        category: 8,
        date,
        energy: [
          { type: 'natural_gas', quantity: 1500, unit: 'kWh' },
          { type: 'electricity', quantity: 3000, unit: 'kWh' },
        ],
        // the fugitive emission factor of the example (1,500) on its unnamed refrigerant
        refrigerants: [{ mass_lost: 5, mass_unit: 'kg', gwp: 1500 }],
        allocation: { basis: 'area_occupancy', own: 200, total: 2000, occupancy_rate: 0.75 },
      },
    ],
    stated: 1325,
    expected: 1320,
    note: 'The guidance rounds the allocated refrigerant, 200 ÷ 1,500 × 5 = 0.666… kg, to 0.67 kg before × 1,500 (1,005 kg instead of 1,000 kg), so it prints 1,325 kg; the arithmetic is (300 + 2,100 + 7,500) × 2 ÷ 15 = 1,320 kg.',
  },
  // [13.1] lessee D's combined scope 1 and 2 of factories 1 and 2 (9,000 kg) × factory 1's floor
  // space share: 9,000 × 5,000 ÷ (5,000 + 10,000) = 3,000 kg
  {
    example: 'Example [13.1]',
    title: 'Calculating the emissions from downstream leased assets',
    factors: [],
    records: [{ category: 13, date, reported_scope1_2_kgco2e: 9000, allocation: { basis: 'area', own: 5000, total: 15000 } }],
    stated: 3000,
    expected: 3000,
  },
  // [14.1] five franchisees' reported scope 1 + 2:
  //   120,000 + 35,000 + 40,000 + 120,000 + 40,000 = 355,000 kg
  {
    example: 'Example [14.1]',
    title: 'Calculating the emissions from franchises using the franchise-specific method',
    factors: [],
    records: [
      [100_000, 20_000],
      [25_000, 10_000],
      [30_000, 10_000],
      [90_000, 30_000],
      [30_000, 10_000],
    ].map(([s1, s2]) => ({ category: 14, date, reported_scope1_kgco2e: s1, reported_scope2_kgco2e: s2 })),
    stated: 355_000,
    expected: 355_000,
  },
  // [15.1] investee scope 1 and 2 (t) × share of equity (PCAF score 2: the investees' reported
  // inventories; the guidance gives no score, it sets only the tier):
  //   120,000 × 0.40 + 200,000 × 0.15 + 1,600,000 × 0.25 + 60,000 × 0.25 = 493,000 t = 493,000,000 kg
  {
    example: 'Example [15.1]',
    title: 'Calculating emissions from equity investments using the investment-specific method',
    factors: [],
    records: [
      [120_000, 0.4],
      [200_000, 0.15],
      [1_600_000, 0.25],
      [60_000, 0.25],
    ].map(([t, share]) => ({ category: 15, date, company_emissions_tco2e: t, investment_share: share, pcaf_score: 2 })),
    stated: 493_000_000,
    expected: 493_000_000,
  },
  // [15.2] revenue ($) × EEIO ef (kg/$) × share of equity; investee 4 in two sectors (60% / 40%):
  //   3,000,000 × 0.6 × 0.05 + 7,500,000 × 0.5 × 0.15 + 1,150,000 × 3 × 0.20
  //   + (5,500,000 × 0.6 × 2 + 5,500,000 × 0.4 × 1.5) × 0.10
  //   = 90,000 + 562,500 + 690,000 + 990,000 = 2,332,500 kg
  // (sectors keyed by NAICS code: 517111 telecommunication, 325412 pharmaceutical, 221112 energy
  // generation, 311999 food and beverage, 315250 apparel; the values are the example's)
  {
    example: 'Example [15.2]',
    title: 'Calculating emissions from equity investments using the average-data method',
    factors: [
      { activity: 'eeio.naics.517111', value: 0.6, unit: 'kgCO2e/USD', region: 'US' },
      { activity: 'eeio.naics.325412', value: 0.5, unit: 'kgCO2e/USD', region: 'US' },
      { activity: 'eeio.naics.221112', value: 3, unit: 'kgCO2e/USD', region: 'US' },
      { activity: 'eeio.naics.311999', value: 2, unit: 'kgCO2e/USD', region: 'US' },
      { activity: 'eeio.naics.315250', value: 1.5, unit: 'kgCO2e/USD', region: 'US' },
    ],
    records: [
      { company_revenue: 3_000_000, investment_share: 0.05, naics: '517111' },
      { company_revenue: 7_500_000, investment_share: 0.15, naics: '325412' },
      { company_revenue: 1_150_000, investment_share: 0.2, naics: '221112' },
      { company_revenue: 5_500_000, investment_share: 0.1, naics: '311999', revenue_share: 0.6 },
      { company_revenue: 5_500_000, investment_share: 0.1, naics: '315250', revenue_share: 0.4 },
    ].map((h) => ({ category: 15, date, currency: 'USD', ...h })),
    stated: 2_242_500_000,
    expected: 2_332_500,
    note: 'The guidance prints 2,242,500 "tonnes CO2e": its factors are kg CO2e/$, so its figures are kg, and it prints 900,000 for investee 4, whose (5,500,000 × 0.6 × 2 + 5,500,000 × 0.4 × 1.5) × 0.10 is 990,000; the arithmetic is 90,000 + 562,500 + 690,000 + 990,000 = 2,332,500 kg.',
  },
  // [15.3] project scope 1 and 2 (t) × debt ÷ total project costs (PCAF score 2, as [15.1]):
  //   200,000 × 1/20 + 10,000 × 5/50 + 250,000 × 3/60 + 30,000 × 10/90
  //   = 10,000 + 1,000 + 12,500 + 3,333.333… = 26,833.333… t = 26,833,333.333… kg
  {
    example: 'Example [15.3]',
    title: 'Calculating emissions from project finance and debt investments with known use of proceeds using the project-specific method',
    factors: [],
    records: [
      [200_000, 1_000_000, 20_000_000],
      [10_000, 5_000_000, 50_000_000],
      [250_000, 3_000_000, 60_000_000],
      [30_000, 10_000_000, 90_000_000],
    ].map(([t, debt, total]) => ({ category: 15, date, project_scope1_2_tco2e: t, outstanding: debt, project_total_cost: total, pcaf_score: 2 })),
    stated: 26_833_000,
    expected: 80_500_000_000 / 3000,
    note: 'The guidance rounds project 4 (30,000 t × 10,000,000 ÷ 90,000,000 = 3,333.333… t; share printed 11.11%) to 3,333 t and prints 26,833 t; the arithmetic is 26,833.333… t.',
  },
  // [15.4] construction cost or revenue of the year × EEIO ef × share of total project costs
  // (t CO2e per $ million = kg CO2e per $ ÷ 1,000: 310 → 0.31 kg/$; $ million → $):
  //   20 × 310 × 0.07 + 8 × 325 × 0.10 + 3 × 500 × 0.05 + 15 × 9,000 × 0.05
  //   = 434 + 260 + 75 + 6,750 = 7,519 t = 7,519,000 kg
  // (sectors keyed by NAICS code: 237310 bridge construction, 236220 commercial and health care
  // structures, 322121 paper mills, 221112 power generation)
  {
    example: 'Example [15.4]',
    title: 'Calculating emissions from project finance and debt investments with known use of proceeds using the average data method',
    factors: [
      { activity: 'eeio.naics.237310', value: 0.31, unit: 'kgCO2e/USD', region: 'US' },
      { activity: 'eeio.naics.236220', value: 0.325, unit: 'kgCO2e/USD', region: 'US' },
      { activity: 'eeio.naics.322121', value: 0.5, unit: 'kgCO2e/USD', region: 'US' },
      { activity: 'eeio.naics.221112', value: 9, unit: 'kgCO2e/USD', region: 'US' },
    ],
    records: [
      { project_construction_cost: 20_000_000, naics: '237310', investment_share: 0.07 },
      { project_construction_cost: 8_000_000, naics: '236220', investment_share: 0.1 },
      { project_revenue: 3_000_000, naics: '322121', investment_share: 0.05 },
      { project_revenue: 15_000_000, naics: '221112', investment_share: 0.05 },
    ].map((p) => ({ category: 15, date, currency: 'USD', ...p })),
    stated: 7_519_000,
    expected: 7_519_000,
  },
  // [15.5] projected lifetime emissions of a power plant financed in the year, reported separately
  // from scope 3: 7,000,000 t/yr × 30 yr × 0.15 = 31,500,000 t (60 yr: 63,000,000 t). They are
  // shown (projected_lifetime_kgco2e), not added; the example gives no reporting-year emissions.
  {
    example: 'Example [15.5]',
    title: 'Calculating projected total lifetime emissions from project finance and debt investments with known use of proceeds',
    factors: [],
    records: [30, 60].map((years) => ({ category: 15, date, projected_annual_tco2e: 7_000_000, project_lifetime_years: years, investment_share: 0.15 })),
    stated: 31_500_000_000,
    expected: 0,
    shown: [
      { record: 0, input: 'projected_lifetime_kgco2e', value: 31_500_000_000 },
      { record: 1, input: 'projected_lifetime_kgco2e', value: 63_000_000_000 },
    ],
    note: 'The figure is projected lifetime emissions (30 years; 63,000,000 t for 60), which the guidance has reported separately from the scope 3 inventory: the records show it as projected_lifetime_kgco2e (checked in `shown`) and add nothing to kg CO2e, since the example gives no reporting-year emissions.',
  },
];
