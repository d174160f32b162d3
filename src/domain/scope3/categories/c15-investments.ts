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
 * Project finance (GHG Protocol Scope 3 Technical Guidance ch. 15, project finance and debt with
 * known use of proceeds, "project-specific method"; PCAF project finance: attribution =
 * outstanding ÷ (total equity + debt of the project)), `project_specific`:
 *   financed = project_scope1_2_tco2e × outstanding / (project_equity + project_debt)
 *   - `project_scope1_2_tco2e`: the project's scope 1 and 2 in the reporting year, t CO2e;
 *     `project_equity`, `project_debt` (≥ 0, sum > 0): the total project cost, in `currency`
 *     (`evic` is then not needed; given, it warns INPUT_NOT_USED); `pcaf_score` required, tier as
 *     above. A record is a company holding or a project: both emissions fields are refused.
 *   - Projected lifetime emissions, for a project financed in the reporting year (optional):
 *     `projected_annual_tco2e` (default: project_scope1_2_tco2e) × `project_lifetime_years` ×
 *     outstanding / (equity + debt). The guidance has them reported separately from the scope 3
 *     inventory: they are shown (inputsUsed `projected_lifetime_kgco2e` and a
 *     PROJECTED_LIFETIME_EMISSIONS warning) and never added to kg CO2e.
 * The guidance's own inputs (ch. 15 formulas [15.1]–[15.4] and worked examples [15.1]–[15.5]):
 *   - `investment_share` (0–1): the reporting company's share of the investee's equity (a company)
 *     or of the total project costs (a project), as stated, instead of outstanding ÷ evic or
 *     outstanding ÷ (project_equity + project_debt); outstanding and evic are then not given.
 *   - `project_total_cost`: the project's total equity plus debt as one amount, instead of
 *     project_equity and project_debt.
 *   - `revenue_share` (0–1, with company_revenue): the share of the investee's revenue in the
 *     record's sector (naics/sector), for an investee operating in several sectors (one record per
 *     sector): company_revenue × revenue_share × EEIO ef × share.
 *   - Project average-data method (`project_average_data`, tier 3, PCAF score 4 unless 5 is given):
 *     `project_construction_cost` (construction phase) or `project_revenue` (operational phase)
 *     in the reporting year × EEIO factor (`eeio.naics.<naics>`, else `spend.<sector>`) × share of
 *     total project costs.
 *   - Projected lifetime emissions alone (`projected_lifetime_only`): a project financed in the
 *     reporting year with `projected_annual_tco2e` and `project_lifetime_years` but neither its
 *     reporting-year scope 1 and 2 nor a cost or revenue: 0 kg in the inventory, the projected
 *     lifetime emissions shown as above.
 */
import { MAX_COMPANY_MONEY, MAX_COUNT } from '../../plausible-bounds.ts';
import { FieldReader } from '../fields.ts';
import type { CalcContext, CalculationWarning, CategoryModule, Computation, MethodPlan, Tier, UsedFactor } from '../types.ts';
import {
  BASE_FIELDS,
  type BaseInput,
  computation,
  inputNotUsed,
  isSpendPlan,
  PlanBuilder,
  readBase,
  readFraction,
  readSpendInput,
  type SpendInput,
  spendFallback,
  spendProduct,
} from './shared.ts';

/** A financed project (project finance): its emissions and total cost. */
export interface ProjectInput {
  /** The project's scope 1 and 2 in the reporting year, t CO2e (undefined: an average-data or lifetime-only record). */
  scope12T: number | undefined;
  equity: number;
  debt: number;
  lifetimeYears: number | undefined;
  /** Projected annual scope 1 and 2 over the lifetime, t CO2e (default scope12T). */
  projectedAnnualT: number | undefined;
  /** Fields of the company methods the record also gives (`evic`, `company_revenue`…): not used. */
  unused: string[];
  /** The project's total cost as one amount (`project_total_cost`), instead of equity + debt. */
  totalCost?: number | undefined;
  /** Construction cost or revenue of the reporting year, for the project average-data method. */
  money?: SpendInput | undefined;
}

export interface InvestmentsInput extends BaseInput {
  investee: string | undefined;
  companyEmissionsT: number | undefined;
  /** Required unless investment_share is given. */
  outstanding: number;
  /** Required unless the record is a project (project finance) or gives investment_share. */
  evic: number;
  pcafScore: number | undefined;
  revenue: SpendInput;
  project: ProjectInput | undefined;
  /** The stated share of equity or of total project costs (`investment_share`), instead of outstanding ÷ …. */
  share?: number | undefined;
  /** The share of company_revenue in the record's sector (`revenue_share`). */
  revenueShare?: number | undefined;
}

export const PROJECT_FIELDS = ['project_scope1_2_tco2e', 'project_equity', 'project_debt', 'project_lifetime_years', 'projected_annual_tco2e'] as const;

/** Project fields of the guidance's own inputs (see the header). */
export const PROJECT_GUIDANCE_FIELDS = ['project_total_cost', 'project_construction_cost', 'project_revenue'] as const;

const ALL_PROJECT_FIELDS = [...PROJECT_FIELDS, ...PROJECT_GUIDANCE_FIELDS] as const;

const FIELDS = [
  ...BASE_FIELDS,
  'investee',
  'company_emissions_tco2e',
  'outstanding',
  'evic',
  'pcaf_score',
  'company_revenue',
  'currency',
  'naics',
  'sector',
  ...PROJECT_FIELDS,
  ...PROJECT_GUIDANCE_FIELDS,
  'investment_share',
  'revenue_share',
];

/** The longest projected lifetime of a financed project, years. */
const MAX_PROJECT_LIFETIME_YEARS = 100;

const PROJECT_MONEY_FIELDS = ['project_construction_cost', 'project_revenue'] as const;

/** The project fields, or undefined when the record gives none; issues name the field. */
function readProject(r: FieldReader, revenue: SpendInput, shareGiven: boolean): ProjectInput | undefined {
  if (!ALL_PROJECT_FIELDS.some((f) => r.has(f))) return undefined;
  const scope12T = r.number('project_scope1_2_tco2e', { max: MAX_COUNT.companyEmissionsT });
  const equity = r.number('project_equity', { max: MAX_COMPANY_MONEY });
  const debt = r.number('project_debt', { max: MAX_COMPANY_MONEY });
  const totalCost = r.number('project_total_cost', { exclusiveMin: true, max: MAX_COMPANY_MONEY });
  const lifetimeYears = r.number('project_lifetime_years', { exclusiveMin: true, max: MAX_PROJECT_LIFETIME_YEARS });
  const projectedAnnualT = r.number('projected_annual_tco2e', { max: MAX_COUNT.companyEmissionsT });
  // The project average-data method: construction cost or revenue of the reporting year × EEIO ef.
  const moneyField = PROJECT_MONEY_FIELDS.find((f) => r.has(f));
  if (PROJECT_MONEY_FIELDS.every((f) => r.has(f)))
    r.issues.push({
      field: 'project_revenue',
      message: 'give either project_construction_cost (construction phase) or project_revenue (operational phase), not both',
    });
  const money: SpendInput | undefined = moneyField
    ? {
        field: moneyField,
        amount: r.number(moneyField, { exclusiveMin: true, max: MAX_COMPANY_MONEY }),
        currency: revenue.currency,
        naics: revenue.naics,
        sector: revenue.sector,
      }
    : undefined;
  const lifetimeOnly = !r.has('project_scope1_2_tco2e') && !moneyField && r.has('projected_annual_tco2e') && r.has('project_lifetime_years');
  const needed = 'is required for project finance (project_scope1_2_tco2e × outstanding ÷ (project_equity + project_debt))';
  if (!r.has('project_scope1_2_tco2e') && !moneyField && !lifetimeOnly) r.issues.push({ field: 'project_scope1_2_tco2e', message: needed });
  const costFields = ['project_equity', 'project_debt', 'project_total_cost'].filter((f) => r.has(f));
  if (shareGiven) {
    if (costFields.length > 0)
      r.issues.push({
        field: 'investment_share',
        message: `give either investment_share (the share of total project costs, as stated) or outstanding with the project's cost (${costFields.join(', ')}), not both`,
      });
  } else if (r.has('project_total_cost')) {
    if (r.has('project_equity') || r.has('project_debt'))
      r.issues.push({ field: 'project_total_cost', message: 'give either project_total_cost or project_equity with project_debt, not both' });
  } else {
    if (!r.has('project_equity')) r.issues.push({ field: 'project_equity', message: `${needed}; 0 when the project has none (or give project_total_cost)` });
    if (!r.has('project_debt')) r.issues.push({ field: 'project_debt', message: `${needed}; 0 when the project has none (or give project_total_cost)` });
  }
  if (equity === 0 && debt === 0)
    r.issues.push({ field: 'project_equity', message: 'project_equity + project_debt (the total project cost) must be greater than 0' });
  if (r.has('projected_annual_tco2e') && !r.has('project_lifetime_years'))
    r.issues.push({
      field: 'project_lifetime_years',
      message: 'is required with projected_annual_tco2e (projected lifetime emissions = annual × lifetime × share)',
    });
  if (moneyField && r.has('project_lifetime_years') && !r.has('project_scope1_2_tco2e') && !r.has('projected_annual_tco2e'))
    r.issues.push({ field: 'projected_annual_tco2e', message: 'is required with project_lifetime_years when project_scope1_2_tco2e is not given' });
  if (r.has('company_emissions_tco2e'))
    r.issues.push({
      field: 'company_emissions_tco2e',
      message:
        'give either company_emissions_tco2e (a company: × outstanding ÷ evic) or project_scope1_2_tco2e (project finance: × outstanding ÷ (project_equity + project_debt)), not both',
    });
  if (r.has('project_scope1_2_tco2e') && !r.has('pcaf_score')) r.issues.push({ field: 'pcaf_score', message: 'is required with project_scope1_2_tco2e' });
  const unused = ['evic', 'company_revenue', ...(moneyField && !r.has('project_scope1_2_tco2e') ? [] : ['naics', 'sector']), 'revenue_share'].filter((f) =>
    r.has(f),
  );
  if (scope12T === undefined && money?.amount === undefined && !lifetimeOnly) return undefined;
  if (!shareGiven && totalCost === undefined && (equity === undefined || debt === undefined)) return undefined;
  return {
    scope12T,
    equity: equity ?? 0,
    debt: debt ?? 0,
    lifetimeYears,
    projectedAnnualT,
    unused,
    ...(totalCost !== undefined ? { totalCost } : {}),
    ...(money ? { money } : {}),
  };
}

const UNUSED_IN_PROJECT: Readonly<Record<string, string>> = {
  evic: "project finance attributes by the project's total cost (project_equity + project_debt), not a company's EVIC",
  company_revenue: "the project's own scope 1 and 2 are given; there is no revenue-based estimate to make",
  naics: "the project's own scope 1 and 2 are given; no EEIO factor is used",
  sector: "the project's own scope 1 and 2 are given; no EEIO factor is used",
  revenue_share: 'it is a share of company_revenue, which a project does not use',
};

/** PCAF data quality score → Greenline tier. */
export function tierOfPcafScore(score: number): Tier {
  return score <= 2 ? 1 : score === 3 ? 2 : 3;
}

const REVENUE_METHOD = 'pcaf_revenue_based';
const PROJECT_AVERAGE_METHOD = 'project_average_data';

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
    const isProject = ALL_PROJECT_FIELDS.some((f) => r.has(f));
    const projectMoney = isProject && !r.has('project_scope1_2_tco2e') && PROJECT_MONEY_FIELDS.some((f) => r.has(f));
    if (((!isProject && companyEmissionsT === undefined && revenue.amount !== undefined) || projectMoney) && pcafScore !== undefined && pcafScore < 4) {
      r.issues.push({
        field: 'pcaf_score',
        message: projectMoney
          ? 'a project average-data estimate (project_construction_cost or project_revenue × EEIO) scores 4 or 5'
          : 'a revenue-based estimate (company_revenue without company_emissions_tco2e) scores 4 or 5',
      });
    }
    // A stated share of equity or of total project costs: outstanding and evic are then not needed.
    const shareGiven = r.has('investment_share');
    const share = readFraction(r, 'investment_share', true);
    if (shareGiven) {
      const given = ['outstanding', ...(isProject ? [] : ['evic'])].filter((f) => r.has(f));
      if (given.length > 0)
        r.issues.push({
          field: 'investment_share',
          message: `give either investment_share (the share as stated) or ${isProject ? 'outstanding with the project cost' : 'outstanding with evic'} (${given.join(', ')} given), not both`,
        });
    }
    const revenueShare = readFraction(r, 'revenue_share', true);
    if (r.has('revenue_share') && !r.has('company_revenue'))
      r.issues.push({ field: 'revenue_share', message: "is the share of company_revenue in the record's sector; give company_revenue" });
    const input: InvestmentsInput = {
      ...base,
      investee: r.string('investee', { maxLength: 200 }),
      companyEmissionsT,
      outstanding: r.number('outstanding', { required: !shareGiven, exclusiveMin: true, max: MAX_COMPANY_MONEY })!,
      // A project is attributed by its own total cost: EVIC is then not needed.
      evic: r.number('evic', { required: !isProject && !shareGiven, exclusiveMin: true, max: MAX_COMPANY_MONEY })!,
      pcafScore,
      revenue,
      project: readProject(r, revenue, shareGiven),
      ...(share !== undefined ? { share } : {}),
      ...(revenueShare !== undefined ? { revenueShare } : {}),
    };
    r.done();
    return input;
  },

  plan(input) {
    const pb = new PlanBuilder(input);
    const p = input.project;
    // A project: its own scope 1 and 2 (no factor); the company methods do not apply to it.
    if (p) {
      if (p.scope12T !== undefined) return pb.add(tierOfPcafScore(input.pcafScore!), 'project_specific', []).done();
      if (p.money) return spendFallback(pb, p.money, input, PROJECT_AVERAGE_METHOD).done();
      return pb.add(input.pcafScore !== undefined ? tierOfPcafScore(input.pcafScore) : 3, 'projected_lifetime_only', []).done();
    }
    if (input.companyEmissionsT !== undefined) pb.add(tierOfPcafScore(input.pcafScore!), 'pcaf_company_emissions', []);
    else pb.decline(1, 'pcaf_company_emissions', 'needs company_emissions_tco2e and pcaf_score');
    return spendFallback(pb, input.revenue, input, REVENUE_METHOD).done();
  },

  compute(input, plan, factors, ctx): Computation {
    if (input.project) return computeProject(input, input.project, plan, factors, ctx);
    const attribution = input.share ?? input.outstanding / input.evic;
    const common =
      input.share !== undefined
        ? {
            investment_share: input.share,
            currency: input.revenue.currency,
            attribution_factor: attribution,
            ...(input.investee ? { investee: input.investee } : {}),
          }
        : {
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
      if (input.revenueShare !== undefined) warnings.push(inputNotUsed('revenue_share', "the investee's reported emissions are used, not its revenue"));
      // financed = company_emissions × outstanding / EVIC (or × investment_share) (t → kg)
      const kgCo2e = input.companyEmissionsT! * 1000 * attribution;
      return { kgCo2e, inputsUsed: { company_emissions_tco2e: input.companyEmissionsT!, pcaf_score: input.pcafScore!, ...common }, warnings };
    }
    // financed = (company_revenue [× revenue_share] × EEIO ef) × outstanding / EVIC (or × investment_share)
    const { product, inputsUsed } = spendProduct(input.revenue, input, factors, ctx, attribution * (input.revenueShare ?? 1));
    const sectorShare: Computation['inputsUsed'] = input.revenueShare !== undefined ? { revenue_share: input.revenueShare } : {};
    return computation(product, { ...inputsUsed, ...sectorShare, pcaf_score: input.pcafScore ?? 4, ...common }, warnings);
  },
};

/**
 * financed = project scope 1+2 × outstanding / (equity + debt) (or × investment_share), or the
 * average-data estimate (construction cost or revenue × EEIO ef × the same share); projected
 * lifetime emissions (annual × lifetime × the same share) shown beside it, not added.
 */
function computeProject(input: InvestmentsInput, p: ProjectInput, plan: MethodPlan, factors: ReadonlyMap<string, UsedFactor>, ctx: CalcContext): Computation {
  const total = p.totalCost ?? p.equity + p.debt;
  const attribution = input.share ?? input.outstanding / total;
  const warnings: CalculationWarning[] = [];
  if (attribution > 1)
    warnings.push({
      code: 'ATTRIBUTION_ABOVE_ONE',
      message: `outstanding (${input.outstanding}) exceeds ${p.totalCost !== undefined ? 'project_total_cost' : 'project_equity + project_debt'} (${total}): attribution factor ${attribution} > 1; check all are in the same currency and as of the same date`,
    });
  for (const f of p.unused) warnings.push(inputNotUsed(f, UNUSED_IN_PROJECT[f]!));
  const cost: Computation['inputsUsed'] =
    input.share !== undefined
      ? { investment_share: input.share }
      : p.totalCost !== undefined
        ? { project_total_cost: total, outstanding: input.outstanding }
        : { project_equity: p.equity, project_debt: p.debt, project_total_cost: total, outstanding: input.outstanding };
  const inputsUsed: Computation['inputsUsed'] = {
    ...(p.scope12T !== undefined ? { project_scope1_2_tco2e: p.scope12T } : {}),
    ...cost,
    currency: input.revenue.currency,
    attribution_factor: attribution,
    ...(input.pcafScore !== undefined || p.scope12T !== undefined ? { pcaf_score: input.pcafScore! } : {}),
    ...(input.investee ? { investee: input.investee } : {}),
  };
  if (p.lifetimeYears !== undefined) {
    // Projected lifetime emissions = projected annual × lifetime × share (t → kg): reported separately.
    const annualT = (p.projectedAnnualT ?? p.scope12T)!;
    const lifetimeKg = annualT * 1000 * p.lifetimeYears * attribution;
    Object.assign(inputsUsed, { projected_annual_tco2e: annualT, project_lifetime_years: p.lifetimeYears, projected_lifetime_kgco2e: lifetimeKg });
    warnings.push({
      code: 'PROJECTED_LIFETIME_EMISSIONS',
      message: `projected lifetime emissions of the financed share: ${annualT} t CO2e/yr × ${p.lifetimeYears} yr × ${attribution} = ${lifetimeKg / 1000} t CO2e (projected_lifetime_kgco2e); reported separately from the inventory, not in this result's kg CO2e`,
    });
  }
  if (isSpendPlan(plan, PROJECT_AVERAGE_METHOD)) {
    // financed = (construction cost or revenue of the reporting year × EEIO ef) × share of total project costs
    const money = spendProduct(p.money!, input, factors, ctx, attribution);
    return computation(money.product, { ...money.inputsUsed, ...inputsUsed, pcaf_score: input.pcafScore ?? 4 }, warnings);
  }
  if (plan.method === 'projected_lifetime_only') {
    // Neither the reporting year's scope 1 and 2 nor a cost or revenue: nothing in the inventory.
    return { kgCo2e: 0, inputsUsed, warnings };
  }
  // financed = project scope 1+2 × outstanding / (equity + debt) (t → kg)
  return { kgCo2e: p.scope12T! * 1000 * attribution, inputsUsed, warnings };
}
