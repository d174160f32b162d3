/**
 * The factor resolution cascade (PRODUCT.md capability 1). Most specific wins:
 *   1. tenant override        – the tenant's own factor for the activity (its region chain)
 *   2. supplier-specific      – the tenant's factor for this supplier and activity
 *   3. region + year exact    – public factor for the region and year asked
 *   4. region, nearest year   – public factor for the region, closest year (earlier wins a tie)
 *   5. parent region / global – the same along the region chain (US-CA → US → GLOBAL)
 *   6. category-average proxy – mean of ≥ 3 public factors of the category and unit (`is_proxy`)
 * Pure: the caller loads the candidates; this decides and explains.
 */
import { normalizeRegion, parentRegions } from './regions.ts';
import type { FactorRecord } from './types.ts';

export interface FactorQuery {
  activity: string;
  region?: string | undefined;
  year?: number | undefined;
  supplierId?: string | undefined;
  /** Scope 3 category, for the proxy step when the activity itself is unknown. */
  category?: number | undefined;
  /** Restrict to factors in this unit (e.g. `kgCO2e/tkm`). */
  unit?: string | undefined;
  /** Pin a dataset version (e.g. `v1.2`), so old results can be reproduced. */
  datasetVersion?: string | undefined;
}

export type ResolutionStep =
  | 'tenant_override'
  | 'supplier_specific'
  | 'region_year_exact'
  | 'region_nearest_year'
  | 'parent_region'
  | 'category_proxy';

export interface FallbackStep {
  step: ResolutionStep;
  outcome: 'matched' | 'no_match' | 'skipped';
  detail?: string;
}

/** Mean of a category's public factors in one unit: the last resort. */
export interface CategoryAverage {
  category: number;
  unit: string;
  value: number;
  count: number;
  /** Most recent reference year among the averaged factors. */
  year: number;
}

export const MIN_PROXY_FACTORS = 3;
/** A proxy is a rough guess: ±50% (PRODUCT/SEED-STUDY: quality 50, ±50%). */
export const PROXY_UNCERTAINTY = 0.5;

export interface ResolvedFactor {
  status: 'resolved';
  factor: FactorRecord;
  resolvedBy: ResolutionStep;
  isProxy: boolean;
  fallbackChain: FallbackStep[];
}

export interface UnresolvedFactor {
  status: 'unresolved';
  fallbackChain: FallbackStep[];
  reason: string;
}

export type FactorResolution = ResolvedFactor | UnresolvedFactor;

/** Candidates for one activity, already limited to public rows and the asking tenant's rows. */
export interface ActivityCandidates {
  overrides: FactorRecord[];
  bySupplier: Map<string, FactorRecord[]>;
  publicByRegion: Map<string, FactorRecord[]>;
}

export function groupCandidates(factors: Iterable<FactorRecord>): Map<string, ActivityCandidates> {
  const out = new Map<string, ActivityCandidates>();
  for (const f of factors) {
    let c = out.get(f.activity);
    if (!c) {
      c = { overrides: [], bySupplier: new Map(), publicByRegion: new Map() };
      out.set(f.activity, c);
    }
    if (f.supplierId) {
      const list = c.bySupplier.get(f.supplierId) ?? [];
      list.push(f);
      c.bySupplier.set(f.supplierId, list);
    } else if (f.tenantId) {
      c.overrides.push(f);
    } else {
      const list = c.publicByRegion.get(f.region) ?? [];
      list.push(f);
      c.publicByRegion.set(f.region, list);
    }
  }
  return out;
}

/**
 * Closest year to `year` (earlier wins a tie, since a later factor did not exist then); without
 * a year, the most recent. Same year: the later dataset version, then the id, so the answer is
 * deterministic.
 */
function nearestYear(factors: readonly FactorRecord[], year: number | undefined): FactorRecord | undefined {
  let best: FactorRecord | undefined;
  let bestKey: [number, number, string, string] | undefined;
  for (const f of factors) {
    const key: [number, number, string, string] =
      year === undefined ? [-f.year, 0, f.datasetVersion, f.id] : [Math.abs(f.year - year), f.year > year ? 1 : 0, f.datasetVersion, f.id];
    if (!bestKey || compareKeys(key, bestKey) < 0) {
      best = f;
      bestKey = key;
    }
  }
  return best;
}

function compareKeys(a: [number, number, string, string], b: [number, number, string, string]): number {
  if (a[0] !== b[0]) return a[0] - b[0];
  if (a[1] !== b[1]) return a[1] - b[1];
  if (a[2] !== b[2]) return a[2] > b[2] ? -1 : 1; // later dataset version first
  return a[3] < b[3] ? -1 : a[3] > b[3] ? 1 : 0;
}

function matchesFilters(f: FactorRecord, q: FactorQuery): boolean {
  return (q.unit === undefined || f.unit === q.unit) && (q.datasetVersion === undefined || f.datasetVersion === q.datasetVersion);
}

function inRegionChain(factors: readonly FactorRecord[], region: string): FactorRecord[] {
  const chain = [region, ...parentRegions(region)];
  for (const r of chain) {
    const here = factors.filter((f) => f.region === r);
    if (here.length > 0) return here;
  }
  return [];
}

export function resolveFactor(
  query: FactorQuery,
  candidates: ActivityCandidates | undefined,
  categoryAverages: ReadonlyMap<string, CategoryAverage>,
): FactorResolution {
  const chain: FallbackStep[] = [];
  const region = normalizeRegion(query.region);
  const year = query.year;
  const keep = (list: readonly FactorRecord[] | undefined) => (list ?? []).filter((f) => matchesFilters(f, query));
  const done = (factor: FactorRecord, step: ResolutionStep, detail: string): ResolvedFactor => {
    chain.push({ step, outcome: 'matched', detail });
    return { status: 'resolved', factor, resolvedBy: step, isProxy: false, fallbackChain: chain };
  };

  // 1. Tenant override.
  const override = nearestYear(inRegionChain(keep(candidates?.overrides), region), year);
  if (override) return done(override, 'tenant_override', `${override.region} ${override.year}`);
  chain.push({ step: 'tenant_override', outcome: 'no_match' });

  // 2. Supplier-specific.
  if (query.supplierId) {
    const own = nearestYear(keep(candidates?.bySupplier.get(query.supplierId)), year);
    if (own) return done(own, 'supplier_specific', `supplier ${query.supplierId}`);
    chain.push({ step: 'supplier_specific', outcome: 'no_match', detail: `supplier ${query.supplierId}` });
  } else {
    chain.push({ step: 'supplier_specific', outcome: 'skipped', detail: 'no supplier_id' });
  }

  // 3 and 4. The region asked.
  const inRegion = keep(candidates?.publicByRegion.get(region));
  if (year !== undefined) {
    const exact = nearestYear(
      inRegion.filter((f) => f.year === year),
      year,
    );
    if (exact) return done(exact, 'region_year_exact', `${region} ${year}`);
    chain.push({ step: 'region_year_exact', outcome: 'no_match', detail: `${region} ${year}` });
  } else {
    chain.push({ step: 'region_year_exact', outcome: 'skipped', detail: 'no year' });
  }
  const nearest = nearestYear(inRegion, year);
  if (nearest) return done(nearest, 'region_nearest_year', `${region} ${nearest.year}`);
  chain.push({ step: 'region_nearest_year', outcome: 'no_match', detail: region });

  // 5. Parent regions, then global.
  for (const parent of parentRegions(region)) {
    const f = nearestYear(keep(candidates?.publicByRegion.get(parent)), year);
    if (f) return done(f, 'parent_region', `${parent} ${f.year}`);
  }
  chain.push({ step: 'parent_region', outcome: 'no_match', detail: parentRegions(region).join(' → ') || 'none' });

  // 6. Category-average proxy.
  const proxy = proxyFactor(query, categoryAverages);
  if (proxy) {
    chain.push({ step: 'category_proxy', outcome: 'matched', detail: `mean of ${proxy.meta.proxyFactorCount} factors` });
    return { status: 'resolved', factor: proxy, resolvedBy: 'category_proxy', isProxy: true, fallbackChain: chain };
  }
  chain.push({
    step: 'category_proxy',
    outcome: query.category === undefined ? 'skipped' : 'no_match',
    detail: query.category === undefined ? 'no category' : `fewer than ${MIN_PROXY_FACTORS} factors in category ${query.category}`,
  });
  return { status: 'unresolved', fallbackChain: chain, reason: `no factor for activity "${query.activity}" in ${region} or its parent regions` };
}

export function categoryAverageKey(category: number, unit: string): string {
  return `${category}|${unit}`;
}

/** The category's average in the unit asked, or in the unit with the most factors. */
function proxyFactor(query: FactorQuery, averages: ReadonlyMap<string, CategoryAverage>): FactorRecord | null {
  if (query.category === undefined) return null;
  let avg: CategoryAverage | undefined;
  if (query.unit !== undefined) {
    avg = averages.get(categoryAverageKey(query.category, query.unit));
  } else {
    for (const a of averages.values()) {
      if (a.category === query.category && (!avg || a.count > avg.count || (a.count === avg.count && a.unit < avg.unit))) avg = a;
    }
  }
  if (!avg || avg.count < MIN_PROXY_FACTORS) return null;
  return {
    id: `proxy:${avg.category}:${avg.unit}`,
    tenantId: null,
    sourceId: 'proxy',
    supplierId: null,
    activity: query.activity,
    name: `Category ${avg.category} average (${avg.count} factors)`,
    category: avg.category,
    naicsCode: null,
    region: 'GLOBAL',
    year: avg.year,
    value: avg.value,
    unit: avg.unit,
    gases: null,
    gwpSet: null,
    uncertainty: PROXY_UNCERTAINTY,
    datasetVersion: 'proxy',
    licence: 'derived',
    citation: `Mean of ${avg.count} public factors in Scope 3 category ${avg.category}, unit ${avg.unit}`,
    meta: { proxyMethod: 'category_average', proxyFactorCount: avg.count, dataQuality: 50 },
  };
}
