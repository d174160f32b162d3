/**
 * Category 15 — Investments (GHG Protocol Scope 3 Technical Guidance, ch. 15; PCAF Global GHG
 * Accounting and Reporting Standard for the Financial Industry, listed equity, corporate bonds and
 * business loans; PRODUCT.md "Formulas"):
 *   financed = company_emissions × outstanding / EVIC       (attribution factor = outstanding / EVIC)
 *   - `company_emissions_tco2e`: the investee's emissions in tonnes CO2e (scope 1 + 2; add scope 3
 *     where PCAF asks for it) — tonnes, as investees and PCAF data providers report them.
 *   - `outstanding` and `evic` (enterprise value including cash; for private companies total
 *     equity + debt) in the same currency (`currency`); evic > 0; outstanding > evic is warned
 *     about (attribution factor above 1), not capped.
 *   - `pcaf_score` 1–5 (PCAF data quality score), recorded in inputsUsed.
 *   Tier mapping: PCAF score 1–2 (reported emissions, verified or not) → tier 1; 3 (emissions from
 *   physical activity data) → tier 2; 4–5 (economic-activity estimates) → tier 3.
 *   Revenue-based estimate (PCAF option 3a, score 4 unless 5 is given), when there are no reported
 *   emissions: company_emissions = company_revenue × EEIO factor (`eeio.naics.<naics>`, else
 *   `spend.<sector>`, revenue converted like spend), then × outstanding / EVIC → tier 3.
 */
import { MAX_COMPANY_MONEY, MAX_COUNT } from '../../plausible-bounds.ts';
import { FieldReader } from '../fields.ts';
import type { CalculationWarning, CategoryModule, Computation, Tier } from '../types.ts';
import { BASE_FIELDS, type BaseInput, computation, PlanBuilder, readBase, readSpendInput, type SpendInput, spendFallback, spendProduct } from './shared.ts';

export interface InvestmentsInput extends BaseInput {
  investee: string | undefined;
  companyEmissionsT: number | undefined;
  outstanding: number;
  evic: number;
  pcafScore: number | undefined;
  revenue: SpendInput;
}

const FIELDS = [...BASE_FIELDS, 'investee', 'company_emissions_tco2e', 'outstanding', 'evic', 'pcaf_score', 'company_revenue', 'currency', 'naics', 'sector'];

/** PCAF data quality score → Greenline tier. */
export function tierOfPcafScore(score: number): Tier {
  return score <= 2 ? 1 : score === 3 ? 2 : 3;
}

const REVENUE_METHOD = 'pcaf_revenue_based';

export const investments: CategoryModule<InvestmentsInput> = {
  category: 15,
  name: 'Investments',
  methodVersion: '1',

  parse(raw) {
    const r = new FieldReader(raw);
    r.rejectUnknown(FIELDS);
    const base = readBase(r);
    const companyEmissionsT = r.number('company_emissions_tco2e', { max: MAX_COUNT.companyEmissionsT });
    const pcafScore = r.number('pcaf_score', { min: 1, max: 5, integer: true });
    if (companyEmissionsT !== undefined && !r.has('pcaf_score')) r.issues.push({ field: 'pcaf_score', message: 'is required with company_emissions_tco2e' });
    const revenue = readSpendInput(r, 'company_revenue', MAX_COMPANY_MONEY);
    if (companyEmissionsT === undefined && revenue.amount !== undefined && pcafScore !== undefined && pcafScore < 4) {
      r.issues.push({ field: 'pcaf_score', message: 'a revenue-based estimate (company_revenue without company_emissions_tco2e) scores 4 or 5' });
    }
    const input = {
      ...base,
      investee: r.string('investee', { maxLength: 200 }),
      companyEmissionsT,
      outstanding: r.number('outstanding', { required: true, exclusiveMin: true, max: MAX_COMPANY_MONEY })!,
      evic: r.number('evic', { required: true, exclusiveMin: true, max: MAX_COMPANY_MONEY })!,
      pcafScore,
      revenue,
    };
    r.done();
    return input;
  },

  plan(input) {
    const pb = new PlanBuilder(input);
    if (input.companyEmissionsT !== undefined) pb.add(tierOfPcafScore(input.pcafScore!), 'pcaf_company_emissions', []);
    else pb.decline(1, 'pcaf_company_emissions', 'needs company_emissions_tco2e and pcaf_score');
    return spendFallback(pb, input.revenue, input, REVENUE_METHOD).done();
  },

  compute(input, plan, factors, ctx): Computation {
    const attribution = input.outstanding / input.evic;
    const common = {
      outstanding: input.outstanding,
      evic: input.evic,
      currency: input.revenue.currency,
      attribution_factor: attribution,
      ...(input.investee ? { investee: input.investee } : {}),
    };
    const warnings: CalculationWarning[] =
      attribution > 1
        ? [
            {
              code: 'ATTRIBUTION_ABOVE_ONE',
              message: `outstanding (${input.outstanding}) exceeds evic (${input.evic}): attribution factor ${attribution} > 1; check both are in the same currency and as of the same date`,
            },
          ]
        : [];
    if (plan.method === 'pcaf_company_emissions') {
      // financed = company_emissions × outstanding / EVIC (t → kg)
      const kgCo2e = input.companyEmissionsT! * 1000 * attribution;
      return { kgCo2e, inputsUsed: { company_emissions_tco2e: input.companyEmissionsT!, pcaf_score: input.pcafScore!, ...common }, warnings };
    }
    // financed = (company_revenue × EEIO ef) × outstanding / EVIC
    const { product, inputsUsed } = spendProduct(input.revenue, input, factors, ctx, attribution);
    return computation(product, { ...inputsUsed, pcaf_score: input.pcafScore ?? 4, ...common }, warnings);
  },
};
