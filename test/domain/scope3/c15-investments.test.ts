import { describe, expect, it } from 'vitest';
import { tierOfPcafScore } from '../../../src/domain/scope3/categories/c15-investments.ts';
import { calc, expectSkipped, issueFields, type Row } from './harness.ts';

const rows: Row[] = [{ activity: 'eeio.naics.325110', value: 1.1, unit: 'kgCO2e/USD', region: 'US' }];
const base = { category: 15, date: '2024-12-31' };
const holding = { ...base, investee: 'Acme Corp', company_emissions_tco2e: 50000, outstanding: 10_000_000, evic: 200_000_000 };

describe('category 15, investments (PCAF)', () => {
  it('financed = company_emissions × outstanding / EVIC, tier from the PCAF score', () => {
    // 50,000 t × 10,000,000 / 200,000,000 = 50,000 × 0.05 = 2,500 t = 2,500,000 kg
    const r = calc({ ...holding, pcaf_score: 2 });
    expect([r.tier, r.method]).toEqual([1, 'pcaf_company_emissions']);
    expect(r.kgCo2e).toBeCloseTo(2_500_000, 6);
    expect(r.tCo2e).toBeCloseTo(2500, 9);
    expect(r.inputsUsed).toMatchObject({ pcaf_score: 2, attribution_factor: 0.05, company_emissions_tco2e: 50000, investee: 'Acme Corp' });
    expect(r.factors).toEqual([]);
  });

  it('maps PCAF scores 1–2 → tier 1, 3 → tier 2, 4–5 → tier 3', () => {
    expect([1, 2, 3, 4, 5].map(tierOfPcafScore)).toEqual([1, 1, 2, 3, 3]);
    expect(calc({ ...holding, pcaf_score: 3 }).tier).toBe(2);
    expect(calc({ ...holding, pcaf_score: 5 }).tier).toBe(3);
  });

  it('revenue-based estimate (PCAF score 4) when there are no reported emissions', () => {
    // company: 40,000,000 USD × 0.45 kg/USD (manufacturing, built-in) = 18,000,000 kg;
    // × 5,000,000 / 100,000,000 = 0.05 → 900,000 kg
    const r = calc({ ...base, company_revenue: 40_000_000, sector: 'manufacturing', outstanding: 5_000_000, evic: 100_000_000 });
    expect([r.tier, r.method]).toEqual([3, 'pcaf_revenue_based_sector']);
    expect(r.kgCo2e).toBeCloseTo(900_000, 6);
    expect(r.inputsUsed).toMatchObject({ pcaf_score: 4, company_revenue: 40_000_000, attribution_factor: 0.05 });
    expectSkipped(r, 1, 'pcaf_company_emissions', 'needs company_emissions_tco2e');
  });

  it('revenue-based by NAICS with EUR converted', () => {
    // 10,000,000 EUR × 1.10 = 11,000,000 USD × 1.1 kg/USD = 12,100,000 kg × (10/100) = 1,210,000 kg
    const r = calc({ ...base, company_revenue: 10_000_000, currency: 'EUR', naics: '325110', outstanding: 10, evic: 100, pcaf_score: 5 }, rows);
    expect(r.method).toBe('pcaf_revenue_based');
    expect(r.kgCo2e).toBeCloseTo(1_210_000, 6);
    expect(r.inputsUsed.pcaf_score).toBe(5);
  });

  it('warns when outstanding exceeds EVIC', () => {
    // 100 t × 300 / 200 = 150 t = 150,000 kg, attribution 1.5 (not capped)
    const r = calc({ ...base, company_emissions_tco2e: 100, outstanding: 300, evic: 200, pcaf_score: 1 });
    expect(r.kgCo2e).toBeCloseTo(150_000, 9);
    expect(r.warnings.map((w) => w.message).join(' ')).toContain('exceeds evic');
  });

  it('reports bad fields by name', () => {
    expect(issueFields({ ...holding, evic: 0, pcaf_score: 6 })).toEqual(['evic', 'pcaf_score']);
    expect(issueFields({ ...base, company_emissions_tco2e: 100, evic: 10 })).toEqual(['outstanding', 'pcaf_score']);
    expect(issueFields({ ...holding, outstanding: -1, evic: Number.NaN, pcaf_score: 1, currency: 'usd' })).toEqual(['currency', 'evic', 'outstanding']);
    expect(issueFields({ ...base, company_revenue: 1000, outstanding: 1, evic: 10, pcaf_score: 2 })).toEqual(['pcaf_score']);
    expect(issueFields({ ...holding, company_emissions_tco2e: '100', pcaf_score: 2.5, spend: 3 })).toEqual(['company_emissions_tco2e', 'pcaf_score', 'spend']);
  });

  describe('project finance (guidance ch. 15, project-specific method)', () => {
    const project = {
      ...base,
      investee: 'Solar park SPV',
      project_scope1_2_tco2e: 120_000,
      project_equity: 50_000_000,
      project_debt: 150_000_000,
      outstanding: 30_000_000,
      pcaf_score: 2,
    };

    it('financed = project scope 1+2 × outstanding ÷ (project equity + debt); no EVIC needed', () => {
      // share = 30,000,000 ÷ (50,000,000 + 150,000,000) = 0.15; 120,000 t × 0.15 = 18,000 t = 18,000,000 kg
      const r = calc(project);
      expect([r.tier, r.method]).toEqual([1, 'project_specific']);
      expect(r.kgCo2e).toBeCloseTo(18_000_000, 6);
      expect(r.factors).toEqual([]);
      expect(r.inputsUsed).toEqual({
        project_scope1_2_tco2e: 120_000,
        project_equity: 50_000_000,
        project_debt: 150_000_000,
        project_total_cost: 200_000_000,
        outstanding: 30_000_000,
        currency: 'USD',
        attribution_factor: 0.15,
        pcaf_score: 2,
        investee: 'Solar park SPV',
      });
      expect(r.warnings).toEqual([]);
      // the tier follows the PCAF score, as for a company
      expect(calc({ ...project, pcaf_score: 3 }).tier).toBe(2);
    });

    it('projected lifetime emissions are shown, reported separately, and not added', () => {
      // inventory, as above: 18,000,000 kg
      // projected lifetime: 100,000 t/yr × 25 yr × 0.15 = 375,000 t = 375,000,000 kg (not in kg CO2e)
      const r = calc({ ...project, projected_annual_tco2e: 100_000, project_lifetime_years: 25 });
      expect(r.kgCo2e).toBeCloseTo(18_000_000, 6);
      expect(r.inputsUsed).toMatchObject({ projected_annual_tco2e: 100_000, project_lifetime_years: 25 });
      expect(r.inputsUsed.projected_lifetime_kgco2e).toBeCloseTo(375_000_000, 3);
      expect(r.warnings).toEqual([{ code: 'PROJECTED_LIFETIME_EMISSIONS', message: expect.stringContaining('375000 t CO2e') }]);
      expect(r.warnings[0]!.message).toContain('not in this result');
      // without projected_annual_tco2e, the reporting year's: 120,000 t × 25 × 0.15 = 450,000 t
      expect(calc({ ...project, project_lifetime_years: 25 }).inputsUsed.projected_lifetime_kgco2e).toBeCloseTo(450_000_000, 3);
    });

    it('names the company fields it does not use, and warns when outstanding exceeds the project cost', () => {
      // 1,000 t × 300 ÷ (100 + 100) = 1,500 t = 1,500,000 kg (attribution 1.5, not capped)
      const r = calc({
        ...base,
        project_scope1_2_tco2e: 1000,
        project_equity: 100,
        project_debt: 100,
        outstanding: 300,
        pcaf_score: 1,
        evic: 1000,
        company_revenue: 5000,
        sector: 'services',
      });
      expect(r.kgCo2e).toBeCloseTo(1_500_000, 6);
      expect(r.warnings.map((w) => w.code)).toEqual(['ATTRIBUTION_ABOVE_ONE', 'INPUT_NOT_USED', 'INPUT_NOT_USED', 'INPUT_NOT_USED']);
      expect(r.warnings.filter((w) => w.code === 'INPUT_NOT_USED').map((w) => w.message.split(' ')[0])).toEqual(['evic', 'company_revenue', 'sector']);
      expect(r.warnings[0]!.message).toContain('exceeds project_equity + project_debt (200)');
      // no debt: 1,000 t × 10 ÷ (100 + 0) = 100 t
      expect(calc({ ...base, project_scope1_2_tco2e: 1000, project_equity: 100, project_debt: 0, outstanding: 10, pcaf_score: 1 }).kgCo2e).toBeCloseTo(
        100_000,
        9,
      );
    });

    it('reports bad project fields by name', () => {
      expect(issueFields({ ...base, project_scope1_2_tco2e: 10, outstanding: 1 })).toEqual(['pcaf_score', 'project_debt', 'project_equity']);
      expect(issueFields({ ...project, project_equity: 0, project_debt: 0 })).toEqual(['project_equity']);
      expect(issueFields({ ...project, company_emissions_tco2e: 5 })).toEqual(['company_emissions_tco2e']);
      expect(issueFields({ ...project, projected_annual_tco2e: 5 })).toEqual(['project_lifetime_years']);
      expect(issueFields({ ...project, project_lifetime_years: 0, project_debt: -1, projected_annual_tco2e: '5' })).toEqual([
        'project_debt',
        'project_lifetime_years',
        'projected_annual_tco2e',
      ]);
      expect(issueFields({ ...project, project_scope1_2_tco2e: undefined, project_lifetime_years: 101 })).toEqual([
        'project_lifetime_years',
        'project_scope1_2_tco2e',
      ]);
      // a company holding still needs evic
      expect(issueFields({ ...base, company_emissions_tco2e: 1, outstanding: 1, pcaf_score: 1 })).toEqual(['evic']);
    });
  });

  describe('GHG Protocol Technical Guidance worked examples', () => {
    const sum = (rs: Array<{ kgCo2e: number }>) => rs.reduce((a, r) => a + r.kgCo2e, 0);

    // Example [15.1]: each investee's scope 1 and 2 (t) × the reporting company's share of equity
    // (pcaf_score 2: the investees' reported inventories; the guidance gives no score):
    //   120,000 × 40% + 200,000 × 15% + 1,600,000 × 25% + 60,000 × 25%
    //   = 48,000 + 30,000 + 400,000 + 15,000 = 493,000 t = 493,000,000 kg
    // checked against the guidance text, line 5296
    it('Example [15.1]: Calculating emissions from equity investments using the investment-specific method', () => {
      const investees = [
        [120_000, 0.4],
        [200_000, 0.15],
        [1_600_000, 0.25],
        [60_000, 0.25],
      ];
      const rs = investees.map(([t, share]) => calc({ ...base, company_emissions_tco2e: t, investment_share: share, pcaf_score: 2 }));
      expect(rs.map((r) => r.method)).toEqual(Array(4).fill('pcaf_company_emissions'));
      expect(rs.map((r) => r.kgCo2e)).toEqual([48_000_000, 30_000_000, 400_000_000, 15_000_000]);
      expect(sum(rs)).toBe(493_000_000);
      expect(rs[0]!.inputsUsed).toEqual({ company_emissions_tco2e: 120_000, pcaf_score: 2, investment_share: 0.4, currency: 'USD', attribution_factor: 0.4 });
    });

    // Example [15.2]: investee revenue ($) × the sector's scope 1 and 2 EEIO factor (kg CO2e/$) ×
    // share of equity; investee 4 earns 60% of its revenue in food and beverage and 40% in apparel
    // (one record per sector, revenue_share):
    //   3,000,000 × 0.6 × 5% = 90,000
    //   7,500,000 × 0.5 × 15% = 562,500
    //   1,150,000 × 3.0 × 20% = 690,000
    //   (5,500,000 × 60% × 2.0 + 5,500,000 × 40% × 1.5) × 10% = (6,600,000 + 3,300,000) × 10% = 990,000
    //   = 2,332,500 kg CO2e
    // The guidance prints 900,000 for investee 4 and a total of 2,242,500 "tonnes": its factors are
    // kg CO2e/$, so the figures are kg, and (6,600,000 + 3,300,000) × 0.10 is 990,000.
    // checked against the guidance text, line 5381
    it('Example [15.2]: Calculating emissions from equity investments using the average-data method', () => {
      // the example's sectors, keyed by NAICS code (the factor values are the example's)
      const eeio: Row[] = [
        { activity: 'eeio.naics.517111', value: 0.6, unit: 'kgCO2e/USD', region: 'US' }, // telecommunication
        { activity: 'eeio.naics.325412', value: 0.5, unit: 'kgCO2e/USD', region: 'US' }, // pharmaceutical
        { activity: 'eeio.naics.221112', value: 3.0, unit: 'kgCO2e/USD', region: 'US' }, // energy generation
        { activity: 'eeio.naics.311999', value: 2.0, unit: 'kgCO2e/USD', region: 'US' }, // food and beverage
        { activity: 'eeio.naics.315250', value: 1.5, unit: 'kgCO2e/USD', region: 'US' }, // apparel
      ];
      const holdings = [
        { company_revenue: 3_000_000, investment_share: 0.05, naics: '517111' },
        { company_revenue: 7_500_000, investment_share: 0.15, naics: '325412' },
        { company_revenue: 1_150_000, investment_share: 0.2, naics: '221112' },
        { company_revenue: 5_500_000, investment_share: 0.1, naics: '311999', revenue_share: 0.6 },
        { company_revenue: 5_500_000, investment_share: 0.1, naics: '315250', revenue_share: 0.4 },
      ];
      const rs = holdings.map((h) => calc({ ...base, currency: 'USD', ...h }, eeio));
      expect(rs.map((r) => [r.tier, r.method])).toEqual(Array(5).fill([3, 'pcaf_revenue_based']));
      const kg = [90_000, 562_500, 690_000, 660_000, 330_000];
      for (const [i, r] of rs.entries()) expect(r.kgCo2e).toBeCloseTo(kg[i]!, 6);
      expect(sum(rs)).toBeCloseTo(2_332_500, 6);
      expect(rs[3]!.inputsUsed).toMatchObject({
        company_revenue: 5_500_000,
        revenue_share: 0.6,
        investment_share: 0.1,
        attribution_factor: 0.1,
        pcaf_score: 4,
      });
    });

    // Example [15.3]: each project's scope 1 and 2 (t) × debt ÷ total project costs:
    //   200,000 × 1,000,000 ÷ 20,000,000 (5%) = 10,000
    //   10,000 × 5,000,000 ÷ 50,000,000 (10%) = 1,000
    //   250,000 × 3,000,000 ÷ 60,000,000 (5%) = 12,500
    //   30,000 × 10,000,000 ÷ 90,000,000 (11.11…%) = 3,333.333…
    //   = 26,833.333… t = 26,833,333.333… kg
    // The guidance prints 26,833 t: it rounds project 4 to 3,333 t (share 11.11%).
    // checked against the guidance text, line 5504
    it('Example [15.3]: Calculating emissions from project finance and debt investments with known use of proceeds using the project-specific method', () => {
      const projects = [
        [200_000, 1_000_000, 20_000_000],
        [10_000, 5_000_000, 50_000_000],
        [250_000, 3_000_000, 60_000_000],
        [30_000, 10_000_000, 90_000_000],
      ];
      const rs = projects.map(([t, debt, total]) => calc({ ...base, project_scope1_2_tco2e: t, outstanding: debt, project_total_cost: total, pcaf_score: 2 }));
      expect(rs.map((r) => r.method)).toEqual(Array(4).fill('project_specific'));
      expect(rs[3]!.kgCo2e).toBeCloseTo(10_000_000 / 3, 6);
      expect(sum(rs)).toBeCloseTo(80_500_000 / 3, 6);
      expect(rs[0]!.inputsUsed).toEqual({
        project_scope1_2_tco2e: 200_000,
        project_total_cost: 20_000_000,
        outstanding: 1_000_000,
        currency: 'USD',
        attribution_factor: 0.05,
        pcaf_score: 2,
      });
      expect(rs[0]!.warnings).toEqual([]);
    });

    // Example [15.4]: construction cost or revenue of the reporting year ($ million) × the sector's
    // EEIO factor (t CO2e per $ million = kg CO2e per $ / 1,000 × 1,000: 310 t/$M = 0.31 kg/$) × share
    // of total project costs:
    //   20 × 310 × 7% = 434; 8 × 325 × 10% = 260; 3 × 500 × 5% = 75; 15 × 9,000 × 5% = 6,750
    //   = 7,519 t = 7,519,000 kg
    // checked against the guidance text, line 5583
    it('Example [15.4]: Calculating emissions from project finance and debt investments with known use of proceeds using the average data method', () => {
      const eeio: Row[] = [
        { activity: 'eeio.naics.237310', value: 0.31, unit: 'kgCO2e/USD', region: 'US' }, // other non-residential structures (bridge)
        { activity: 'eeio.naics.236220', value: 0.325, unit: 'kgCO2e/USD', region: 'US' }, // commercial and health care structures
        { activity: 'eeio.naics.322121', value: 0.5, unit: 'kgCO2e/USD', region: 'US' }, // paper mills
        { activity: 'eeio.naics.221112', value: 9, unit: 'kgCO2e/USD', region: 'US' }, // power generation and supply
      ];
      const projects = [
        { project_construction_cost: 20_000_000, naics: '237310', investment_share: 0.07 },
        { project_construction_cost: 8_000_000, naics: '236220', investment_share: 0.1 },
        { project_revenue: 3_000_000, naics: '322121', investment_share: 0.05 },
        { project_revenue: 15_000_000, naics: '221112', investment_share: 0.05 },
      ];
      const rs = projects.map((p) => calc({ ...base, ...p }, eeio));
      expect(rs.map((r) => [r.tier, r.method])).toEqual(Array(4).fill([3, 'project_average_data']));
      const kg = [434_000, 260_000, 75_000, 6_750_000];
      for (const [i, r] of rs.entries()) expect(r.kgCo2e).toBeCloseTo(kg[i]!, 6);
      expect(sum(rs)).toBeCloseTo(7_519_000, 6);
      expect(rs[0]!.inputsUsed).toMatchObject({ project_construction_cost: 20_000_000, investment_share: 0.07, attribution_factor: 0.07, pcaf_score: 4 });
      expect(rs[0]!.warnings).toEqual([]);
      // without a NAICS factor, the sector average stands in (a proxy)
      expect(calc({ ...base, project_revenue: 1000, sector: 'manufacturing', investment_share: 0.5 }).method).toBe('project_average_data_sector');
    });

    // Example [15.5]: projected lifetime emissions of a power plant financed in the reporting year:
    // 7,000,000 t/yr × 30 (or 60) years × 15% = 31,500,000 t (63,000,000 t), reported separately
    // from scope 3: shown (projected_lifetime_kgco2e), not in kg CO2e. The example gives no
    // reporting-year emissions or cost, so the inventory figure of the records is 0.
    // checked against the guidance text, line 5649
    it('Example [15.5]: Calculating projected total lifetime emissions from project finance and debt investments with known use of proceeds', () => {
      const rs = [30, 60].map((years) => calc({ ...base, projected_annual_tco2e: 7_000_000, project_lifetime_years: years, investment_share: 0.15 }));
      expect(rs.map((r) => [r.method, r.kgCo2e])).toEqual([
        ['projected_lifetime_only', 0],
        ['projected_lifetime_only', 0],
      ]);
      expect(rs[0]!.inputsUsed.projected_lifetime_kgco2e).toBeCloseTo(31_500_000_000, 3);
      expect(rs[1]!.inputsUsed.projected_lifetime_kgco2e).toBeCloseTo(63_000_000_000, 3);
      expect(rs[0]!.warnings.map((w) => w.code)).toEqual(['PROJECTED_LIFETIME_EMISSIONS']);
    });

    it('reports bad guidance-input fields by name', () => {
      // a stated share is either/or with outstanding (and evic, or the project cost)
      expect(issueFields({ ...holding, pcaf_score: 2, investment_share: 0.1 })).toEqual(['investment_share']);
      expect(issueFields({ ...base, company_emissions_tco2e: 1, pcaf_score: 2, investment_share: 1.5 })).toEqual(['investment_share']);
      expect(issueFields({ ...base, project_scope1_2_tco2e: 1, pcaf_score: 2, investment_share: 0.1, project_total_cost: 10 })).toEqual(['investment_share']);
      expect(issueFields({ ...base, project_scope1_2_tco2e: 1, pcaf_score: 2, outstanding: 1, project_total_cost: 10, project_debt: 5 })).toEqual([
        'project_total_cost',
      ]);
      // revenue_share needs company_revenue
      expect(issueFields({ ...holding, pcaf_score: 2, revenue_share: 0.5 })).toEqual(['revenue_share']);
      // a project's cost and revenue are either/or; an average-data estimate scores 4 or 5
      expect(issueFields({ ...base, project_construction_cost: 1, project_revenue: 1, investment_share: 0.1 })).toEqual(['project_revenue']);
      expect(issueFields({ ...base, project_revenue: 1, investment_share: 0.1, pcaf_score: 2 })).toEqual(['pcaf_score']);
      // a lifetime needs projected annual emissions when the reporting year's are not given
      expect(issueFields({ ...base, project_revenue: 1, investment_share: 0.1, project_lifetime_years: 30 })).toEqual(['projected_annual_tco2e']);
    });
  });
});
