/**
 * The annual CBAM declaration: certificates owed for a year's imports (docs/cbam.md, Certificates).
 *   gross_t                  = Σ counted_t
 *   de minimis               : when the year's net mass of goods other than hydrogen and electricity
 *                              is ≤ 50 t, those goods are exempt (Regulation (EU) 2023/956 Art. 2a,
 *                              inserted by Regulation (EU) 2025/2083); hydrogen and electricity never are
 *   free_allocation_t        = Σ quantity × benchmark(cn) × free_allocation_pct(year) / 100   (lines in scope)
 *   carbon_price_deduction_t = Σ carbon price paid EUR / price EUR per t                       (lines in scope)
 *   net_t                    = max(0, gross_t − exempt_t − free_allocation_t − carbon_price_deduction_t)
 *   certificates             = ⌈net_t⌉, estimated_cost_eur = certificates × price
 * Reported numbers are in their printed form (printed-number.ts); sums are exact (exact-sum.ts).
 */
import { ExactSum } from '../exact-sum.ts';
import { printed } from '../printed-number.ts';
import { benchmarkFor, certificatePrice, freeAllocationPct } from './dataset.ts';
import { type AnnualDeadlines, annualDeadlines, DEFINITIVE_FIRST_YEAR } from './deadlines.ts';
import { formatCn, lookupCn } from './goods.ts';
import type { CbamDataset, EmbeddedMethod } from './types.ts';

/** Net mass per importer and year at or under which goods other than hydrogen and electricity are exempt. */
export const DE_MINIMIS_T = 50;

/** One group of a year's shipments (the store's rollup): same CN code, origin, installation and method. */
export interface DeclarationLine {
  cnCode: string;
  originCountry: string;
  installationId: string | null;
  method: EmbeddedMethod;
  shipments: number;
  /** Tonnes (MWh for electricity). */
  quantity: number;
  directT: number;
  indirectT: number;
  countedT: number;
  carbonPricePaidEur: number;
}

export interface BreakdownRow {
  key: string | null;
  shipments: number;
  /** Net mass of goods measured in tonnes. */
  quantity_t: number;
  /** Electricity. */
  quantity_mwh: number;
  direct_t: number;
  indirect_t: number;
  counted_t: number;
  /** counted_t / gross_t (0 when gross is 0). */
  share_of_gross: number;
}

export interface Declaration {
  year: number;
  dataset: { id: string; version: string; illustrative: boolean };
  gross_t: number;
  free_allocation_pct: number | null;
  free_allocation_t: number;
  carbon_price_deduction_t: number;
  net_t: number;
  certificates: number;
  price_eur_per_t: number | null;
  /** `request` (given), `dataset` (its price for price_period), or null when no price is known. */
  price_source: 'request' | 'dataset' | null;
  price_period: string | null;
  estimated_cost_eur: number | null;
  de_minimis: {
    threshold_t: number;
    /** Net mass of goods other than hydrogen and electricity. */
    net_mass_t: number;
    /** Whether those goods are exempt (net_mass_t ≤ threshold_t). */
    exempt: boolean;
    /** Counted emissions of the exempt goods, left out of net_t. */
    exempt_t: number;
    explanation: string;
  };
  by_cn_code: BreakdownRow[];
  by_origin: BreakdownRow[];
  by_installation: BreakdownRow[];
  by_method: BreakdownRow[];
  deadlines: AnnualDeadlines;
  warnings: Array<{ code: string; message: string }>;
}

/** Hydrogen and electricity are outside the de minimis threshold (Art. 2a). */
const outsideDeMinimis = (cn: string): boolean => {
  const category = lookupCn(cn)?.good.category;
  return category === 'hydrogen' || category === 'electricity';
};

const isMwh = (cn: string): boolean => lookupCn(cn)?.good.unit === 'MWh';

class Group {
  shipments = 0;
  readonly tonnes = new ExactSum();
  readonly mwh = new ExactSum();
  readonly direct = new ExactSum();
  readonly indirect = new ExactSum();
  readonly counted = new ExactSum();

  add(l: DeclarationLine): void {
    this.shipments += l.shipments;
    (isMwh(l.cnCode) ? this.mwh : this.tonnes).add(l.quantity);
    this.direct.add(l.directT);
    this.indirect.add(l.indirectT);
    this.counted.add(l.countedT);
  }
}

function breakdown(lines: readonly DeclarationLine[], keyOf: (l: DeclarationLine) => string | null, grossT: number): BreakdownRow[] {
  const groups = new Map<string | null, Group>();
  for (const l of lines) {
    const key = keyOf(l);
    let g = groups.get(key);
    if (!g) {
      g = new Group();
      groups.set(key, g);
    }
    g.add(l);
  }
  const rows = [...groups].map(([key, g]): BreakdownRow => {
    const counted = g.counted.toNumber();
    return {
      key,
      shipments: g.shipments,
      quantity_t: printed(g.tonnes.toNumber()),
      quantity_mwh: printed(g.mwh.toNumber()),
      direct_t: printed(g.direct.toNumber()),
      indirect_t: printed(g.indirect.toNumber()),
      counted_t: printed(counted),
      share_of_gross: grossT > 0 ? printed(counted / grossT) : 0,
    };
  });
  return rows.sort((a, b) => b.counted_t - a.counted_t || String(a.key).localeCompare(String(b.key)));
}

export function declaration(input: { year: number; lines: DeclarationLine[]; dataset: CbamDataset; priceEurPerT?: number }): Declaration {
  const { year, lines, dataset: ds } = input;
  const warnings: Declaration['warnings'] = [];
  if (ds.illustrative) {
    warnings.push({
      code: 'ILLUSTRATIVE_DATA',
      message: `benchmarks, prices and default values come from data set ${ds.id} ${ds.version}, which is illustrative (not the Commission's values)`,
    });
  }

  const gross = new ExactSum();
  const mass = new ExactSum();
  let outsideLines = 0;
  for (const l of lines) {
    gross.add(l.countedT);
    if (outsideDeMinimis(l.cnCode)) outsideLines++;
    else mass.add(l.quantity);
  }
  const grossT = gross.toNumber();
  const netMassT = mass.toNumber();
  const exempt = netMassT <= DE_MINIMIS_T;
  const inScope = exempt ? lines.filter((l) => outsideDeMinimis(l.cnCode)) : lines;
  const exemptSum = new ExactSum();
  if (exempt) for (const l of lines) if (!outsideDeMinimis(l.cnCode)) exemptSum.add(l.countedT);
  const exemptT = exemptSum.toNumber();

  const pct = freeAllocationPct(ds, year);
  if (pct === undefined) {
    warnings.push({ code: 'NO_FREE_ALLOCATION_SCHEDULE', message: `data set ${ds.id} has no free-allocation schedule: no free allocation adjustment is made` });
  }
  const free = new ExactSum();
  const noBenchmark = new Set<string>();
  const paid = new ExactSum();
  for (const l of inScope) {
    paid.add(l.carbonPricePaidEur);
    const benchmark = benchmarkFor(ds, l.cnCode);
    if (benchmark === undefined) noBenchmark.add(l.cnCode);
    else if (pct !== undefined) free.add((l.quantity * benchmark * pct) / 100);
  }
  if (noBenchmark.size > 0) {
    warnings.push({
      code: 'NO_BENCHMARK',
      message: `no benchmark in data set ${ds.id} for CN ${[...noBenchmark].sort().map(formatCn).join(', ')}: their free allocation adjustment is 0, which may overstate the certificates owed`,
    });
  }

  const price =
    input.priceEurPerT !== undefined
      ? { eurPerT: input.priceEurPerT, source: 'request' as const, period: null }
      : (() => {
          const p = certificatePrice(ds, String(year));
          return p ? { eurPerT: p.eurPerT, source: 'dataset' as const, period: p.period } : undefined;
        })();
  const paidEur = paid.toNumber();
  let deductionT = 0;
  if (paidEur > 0 && price === undefined) {
    warnings.push({
      code: 'NO_PRICE',
      message: `no certificate price for ${year}: the carbon price paid (${printed(paidEur)} EUR) cannot be converted and is not deducted; give a price`,
    });
  } else if (price !== undefined && price.eurPerT > 0) deductionT = paidEur / price.eurPerT;

  const freeT = free.toNumber();
  const definitive = year >= DEFINITIVE_FIRST_YEAR;
  if (!definitive) {
    warnings.push({
      code: 'TRANSITIONAL_PERIOD',
      message: `imports of ${year} fall in the transitional period: they are reported quarterly and owe no certificates`,
    });
  }
  const netT = definitive ? Math.max(0, printed(grossT - exemptT - freeT - deductionT)) : 0;
  const certificates = Math.ceil(netT);

  const unverified = lines.filter((l) => l.method === 'actual_unverified');
  if (unverified.length > 0) {
    const t = new ExactSum();
    for (const l of unverified) t.add(l.countedT);
    warnings.push({
      code: 'UNVERIFIED_ACTUALS',
      message: `${printed(t.toNumber())} tCO2e rest on unverified actual emissions: the annual declaration accepts actual emissions only when verified`,
    });
  }

  return {
    year,
    dataset: { id: ds.id, version: ds.version, illustrative: ds.illustrative },
    gross_t: printed(grossT),
    free_allocation_pct: pct ?? null,
    free_allocation_t: printed(freeT),
    carbon_price_deduction_t: printed(deductionT),
    net_t: netT,
    certificates,
    price_eur_per_t: price?.eurPerT ?? null,
    price_source: price?.source ?? null,
    price_period: price?.period ?? null,
    estimated_cost_eur: price ? printed(certificates * price.eurPerT) : null,
    de_minimis: {
      threshold_t: DE_MINIMIS_T,
      net_mass_t: printed(netMassT),
      exempt,
      exempt_t: printed(exemptT),
      explanation: deMinimisExplanation(netMassT, exempt, outsideLines > 0),
    },
    by_cn_code: breakdown(lines, (l) => l.cnCode, grossT),
    by_origin: breakdown(lines, (l) => l.originCountry, grossT),
    by_installation: breakdown(lines, (l) => l.installationId, grossT),
    by_method: breakdown(lines, (l) => l.method, grossT),
    deadlines: annualDeadlines(year),
    warnings,
  };
}

function deMinimisExplanation(massT: number, exempt: boolean, hydrogenOrElectricity: boolean): string {
  const mass = `${printed(massT)} t of goods other than hydrogen and electricity`;
  if (!exempt) return `${mass}, above the ${DE_MINIMIS_T} t threshold: all goods owe certificates`;
  return hydrogenOrElectricity
    ? `${mass}, at or under the ${DE_MINIMIS_T} t threshold: those goods are exempt; hydrogen and electricity still owe certificates`
    : `${mass}, at or under the ${DE_MINIMIS_T} t threshold: exempt, no certificates are owed`;
}
