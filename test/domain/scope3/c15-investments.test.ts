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
});
