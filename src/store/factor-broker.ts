/**
 * The factor broker: answers many factor queries with two or three SQL statements, however many
 * queries there are. Identical queries are answered once; every candidate factor for the distinct
 * activities is loaded in one statement; the cascade itself is the pure `resolveFactor`.
 */

import type { CacheHit } from '../cache/index.ts';
import {
  type CategoryAverage,
  categoryAverageKey,
  type FactorQuery,
  type FactorResolution,
  groupCandidates,
  resolveFactor,
} from '../domain/factors/resolve.ts';
import type { SqlExecutor } from './driver.ts';
import { directFactorReader, type FactorReader } from './factor-cache.ts';

export interface BrokerAnswer {
  query: FactorQuery;
  resolution: FactorResolution;
  /** Names of the sources of resolved factors, by source id. */
  sourceName: string | null;
  /** Where the query's candidate factors came from: the cache's level, or the database. */
  cacheHit: CacheHit;
}

/** Identity of a query for de-duplication; \u0001 cannot occur in any validated field. */
export function queryKey(q: FactorQuery): string {
  return `${q.activity}\u0001${q.region ?? ''}\u0001${q.year ?? ''}\u0001${q.supplierId ?? ''}\u0001${q.category ?? ''}\u0001${q.unit ?? ''}\u0001${q.datasetVersion ?? ''}`;
}

export async function resolveFactors(
  db: SqlExecutor,
  tenantId: string,
  queries: readonly FactorQuery[],
  reader: FactorReader = directFactorReader,
): Promise<BrokerAnswer[]> {
  const distinct = new Map<string, FactorQuery>();
  for (const q of queries) distinct.set(queryKey(q), q);
  const activities = [...new Set([...distinct.values()].map((q) => q.activity))];
  const loaded = await reader.candidates(db, tenantId, activities);
  const candidates = groupCandidates(loaded.records);

  // Category averages only matter for queries the activity's own factors may not answer.
  const averages = new Map<string, CategoryAverage>();
  const resolutions = new Map<string, FactorResolution>();
  const needsProxy: Array<[string, FactorQuery]> = [];
  for (const [key, q] of distinct) {
    const r = resolveFactor(q, candidates.get(q.activity), averages);
    if (r.status === 'unresolved' && q.category !== undefined) needsProxy.push([key, q]);
    else resolutions.set(key, r);
  }
  if (needsProxy.length > 0) {
    const cats = [...new Set(needsProxy.map(([, q]) => q.category!))];
    for (const a of await reader.averages(db, cats)) averages.set(categoryAverageKey(a.category, a.unit), a);
    for (const [key, q] of needsProxy) resolutions.set(key, resolveFactor(q, candidates.get(q.activity), averages));
  }

  const sourceIds = new Set<string>();
  // A category-average proxy has no source row; a regional stand-in (also `isProxy`) has its own.
  for (const r of resolutions.values()) if (r.status === 'resolved' && r.resolvedBy !== 'category_proxy') sourceIds.add(r.factor.sourceId);
  const names = await reader.sourceNames(db, [...sourceIds]);

  return queries.map((q) => {
    const resolution = resolutions.get(queryKey(q))!;
    const sourceName =
      resolution.status === 'resolved'
        ? (names.get(resolution.factor.sourceId) ?? (resolution.resolvedBy === 'category_proxy' ? 'Greenline category-average proxy' : null))
        : null;
    return { query: q, resolution, sourceName, cacheHit: loaded.hits.get(q.activity) ?? 'miss' };
  });
}
