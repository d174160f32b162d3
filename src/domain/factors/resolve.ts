/**
 * The factor resolution cascade (PRODUCT.md capability 1). Most specific wins:
 *   1. tenant override        – the tenant's own factor for the activity (its region chain)
 *   2. supplier-specific      – the tenant's factor for this supplier and activity
 *   3. region + year exact    – public factor for the region and year asked
 *   4. region, nearest year   – public factor for the region, closest year (earlier wins a tie)
 *   5. parent region / global – the same along the region chain (US-CA → US → GLOBAL); the
 *      GLOBAL value of an activity that has values for other regions stands in for the region
 *      asked (`is_proxy`: a country the data set does not cover, or an unknown region code)
 *   6. category-average proxy – mean of ≥ 3 public factors of the category and unit (`is_proxy`)
 * Pure: the caller loads the candidates; this decides and explains.
 */
import { GLOBAL, normalizeRegion, parentRegions } from './regions.ts';
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

export type ResolutionStep = 'tenant_override' | 'supplier_specific' | 'region_year_exact' | 'region_nearest_year' | 'parent_region' | 'category_proxy';

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
 * a year, the most recent. Same year: an imported data set over a built-in screening excerpt
 * (`meta.screening`, e.g. the BEIS 2020 flat file, version `2020`, over its built-in excerpt
 * `2020-excerpt`), then the later dataset version, then the smaller id, so the answer is
 * deterministic. Allocation-free: it runs once per query in 10,000-query batches.
 */
function nearestYear(factors: readonly FactorRecord[], year: number | undefined): FactorRecord | undefined {
  let best: FactorRecord | undefined;
  for (const f of factors) {
    if (!best || closer(f, best, year)) best = f;
  }
  return best;
}

function closer(a: FactorRecord, b: FactorRecord, year: number | undefined): boolean {
  if (year === undefined) {
    if (a.year !== b.year) return a.year > b.year;
  } else {
    const da = Math.abs(a.year - year);
    const db = Math.abs(b.year - year);
    if (da !== db) return da < db;
    if (a.year !== b.year) return a.year < b.year;
  }
  const screening = a.meta?.screening === true;
  if (screening !== (b.meta?.screening === true)) return !screening;
  if (a.datasetVersion !== b.datasetVersion) return a.datasetVersion > b.datasetVersion;
  return a.id < b.id;
}

function matchesFilters(f: FactorRecord, q: FactorQuery): boolean {
  return (q.unit === undefined || f.unit === q.unit) && (q.datasetVersion === undefined || f.datasetVersion === q.datasetVersion);
}

function inRegionChain(factors: readonly FactorRecord[], region: string): FactorRecord[] {
  if (factors.length === 0) return [];
  for (const r of [region, ...parentRegions(region)]) {
    const here = factors.filter((f) => f.region === r);
    if (here.length > 0) return here;
  }
  return [];
}

function keepMatching(list: readonly FactorRecord[] | undefined, query: FactorQuery): readonly FactorRecord[] {
  if (!list) return [];
  if (query.unit === undefined && query.datasetVersion === undefined) return list;
  return list.filter((f) => matchesFilters(f, query));
}

function matched(chain: FallbackStep[], factor: FactorRecord, step: ResolutionStep, detail: string, isProxy = false): ResolvedFactor {
  chain.push({ step, outcome: 'matched', detail });
  return { status: 'resolved', factor, resolvedBy: step, isProxy, fallbackChain: chain };
}

/** Whether the activity has public values for some region other than GLOBAL (that `query` allows). */
function regionalised(candidates: ActivityCandidates | undefined, query: FactorQuery): boolean {
  if (!candidates) return false;
  for (const [r, list] of candidates.publicByRegion) if (r !== GLOBAL && keepMatching(list, query).length > 0) return true;
  return false;
}

export function resolveFactor(
  query: FactorQuery,
  candidates: ActivityCandidates | undefined,
  categoryAverages: ReadonlyMap<string, CategoryAverage>,
): FactorResolution {
  const chain: FallbackStep[] = [];
  const region = normalizeRegion(query.region);
  const year = query.year;

  // 1. Tenant override.
  const override = nearestYear(inRegionChain(keepMatching(candidates?.overrides, query), region), year);
  if (override) return matched(chain, override, 'tenant_override', `${override.region} ${override.year}`);
  chain.push({ step: 'tenant_override', outcome: 'no_match' });

  // 2. Supplier-specific.
  if (query.supplierId) {
    const own = nearestYear(keepMatching(candidates?.bySupplier.get(query.supplierId), query), year);
    if (own) return matched(chain, own, 'supplier_specific', `supplier ${query.supplierId}`);
    chain.push({ step: 'supplier_specific', outcome: 'no_match', detail: `supplier ${query.supplierId}` });
  } else {
    chain.push({ step: 'supplier_specific', outcome: 'skipped', detail: 'no supplier_id' });
  }

  // 3 and 4. The region asked.
  const inRegion = keepMatching(candidates?.publicByRegion.get(region), query);
  if (year !== undefined) {
    let exact: FactorRecord | undefined;
    for (const f of inRegion) if (f.year === year && (!exact || closer(f, exact, year))) exact = f;
    if (exact) return matched(chain, exact, 'region_year_exact', `${region} ${year}`);
    chain.push({ step: 'region_year_exact', outcome: 'no_match', detail: `${region} ${year}` });
  } else {
    chain.push({ step: 'region_year_exact', outcome: 'skipped', detail: 'no year' });
  }
  const nearest = nearestYear(inRegion, year);
  if (nearest) return matched(chain, nearest, 'region_nearest_year', `${region} ${nearest.year}`);
  chain.push({ step: 'region_nearest_year', outcome: 'no_match', detail: region });

  // 5. Parent regions, then global.
  const parents = parentRegions(region);
  for (const parent of parents) {
    const f = nearestYear(keepMatching(candidates?.publicByRegion.get(parent), query), year);
    if (!f) continue;
    // A global value of a regional quantity (a grid mix, a hotel night) is a stand-in for the region's.
    const standIn = parent === GLOBAL && regionalised(candidates, query);
    return matched(chain, f, 'parent_region', `${parent} ${f.year}${standIn ? ` (no value for ${region}: a proxy)` : ''}`, standIn);
  }
  chain.push({ step: 'parent_region', outcome: 'no_match', detail: parents.join(' → ') || 'none' });

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
