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
});
