/**
 * Each tenant's matcher, kept in process: a SupplierIndex (domain/suppliers/blocking.ts) over all of
 * its suppliers with their accepted aliases, and its aliases and rejected pairs for matchMention's
 * `opts`. Every `matcher` first reads the tenant's supplier version and threshold (supplier_settings,
 * one primary-key read; the version is bumped in the transaction of every write to suppliers, aliases
 * or rejections, on any instance), so another instance's write is seen by the next request; the
 * threshold is read fresh each time. The version is read before the rows, so a matcher is never
 * older than the version it is kept under.
 */
import { type CanonicalSupplier, type SupplierIdentifier, SupplierIndex } from '../domain/suppliers/blocking.ts';
import { type MatchOptions, type MatchResult, matchMention, type SupplierMention } from '../domain/suppliers/match.ts';
import { normalizeName } from '../domain/suppliers/normalize.ts';
import type { NormalizedName } from '../domain/suppliers/types.ts';
import type { SqlExecutor } from './driver.ts';
import { aliasesForMatching, decisionKey, pairKey, rejectionsForMatching, type StoredNameDecision } from './supplier-aliases.ts';
import { type SupplierForMatching, supplierMatchingState, suppliersForMatching } from './suppliers.ts';

/** What a tenant's matching reads, built once per supplier version. */
export class TenantSupplierMatcher {
  private readonly aliases = new Map<string, string>();
  private readonly rejections = new Set<string>();

  constructor(
    readonly index: SupplierIndex,
    aliases: readonly StoredNameDecision[],
    rejections: readonly StoredNameDecision[],
  ) {
    // Keyed by the name normalized now (not as stored), so a change to normalization cannot strand a decision.
    for (const a of aliases) this.aliases.set(decisionKey(a.name), a.supplierId);
    for (const r of rejections) this.rejections.add(pairKey(decisionKey(r.name), r.supplierId));
  }

  /** matchMention with the tenant's aliases and rejections; `opts` gives the threshold and the rest. */
  match(mention: SupplierMention, opts: MatchOptions = {}): MatchResult {
    return matchMention(this.index, mention, {
      ...opts,
      aliases: (name) => this.aliases.get(name),
      rejected: (name, id) => this.rejections.has(pairKey(name, id)),
    });
  }

  /** True when a reviewer rejected this (normalized name, supplier) pair. */
  isRejected(normalizedName: string, supplierId: string): boolean {
    return this.rejections.has(pairKey(normalizedName, supplierId));
  }

  /** A supplier's name as registered ('' when the index does not hold it). */
  supplierName(id: string): string {
    const slot = this.index.slotOf(id);
    return slot === undefined ? '' : this.index.name(slot).raw;
  }

  /** Each mention matched, with the registered names of its candidates (what the match route answers). */
  matchNamed(mentions: readonly SupplierMention[], opts: MatchOptions = {}): NamedMatch[] {
    return mentions.map((mention) => {
      const result = this.match(mention, opts);
      return { result, names: result.candidates.map((c) => this.supplierName(c.id)) };
    });
  }
}

/** A match with the registered name of each candidate, in the order of `result.candidates` (the best is the first). */
export interface NamedMatch {
  result: MatchResult;
  names: string[];
}

/** What a tenant's matcher is built from, as read from the database. */
export interface MatcherInput {
  suppliers: SupplierForMatching[];
  aliases: StoredNameDecision[];
  rejections: StoredNameDecision[];
}

/** Reads what the tenant's matcher is built from (three queries, run together). */
export async function loadMatcherInput(db: SqlExecutor, tenantId: string): Promise<MatcherInput> {
  const [suppliers, aliases, rejections] = await Promise.all([
    suppliersForMatching(db, tenantId),
    aliasesForMatching(db, tenantId),
    rejectionsForMatching(db, tenantId),
  ]);
  return { suppliers, aliases, rejections };
}

/** The matcher of that input: index, aliases and rejections. */
export function matcherOf(input: MatcherInput): TenantSupplierMatcher {
  return new TenantSupplierMatcher(buildSupplierIndex(input.suppliers, input.aliases), input.aliases, input.rejections);
}

/** A tenant's matcher with its threshold as of this request. */
export interface TenantMatching {
  matcher: TenantSupplierMatcher;
  version: string;
  autoMatchThreshold: number;
}

interface Entry {
  version: string;
  matcher: Promise<TenantSupplierMatcher>;
}

export interface SupplierIndexCacheOptions {
  /** Tenants whose matcher is kept; the least recently used goes first (default 64). */
  maxTenants?: number;
}

/**
 * An index over the suppliers with their aliases; an identifier held by an earlier supplier is left
 * out of a later one (VAT is not unique). An alias of a supplier not among them is ignored.
 */
export function buildSupplierIndex(suppliers: readonly SupplierForMatching[], aliases: readonly StoredNameDecision[] = []): SupplierIndex {
  const aliasNames = new Map<string, NormalizedName[]>();
  for (const a of aliases) {
    const list = aliasNames.get(a.supplierId);
    if (list) list.push(normalizeName(a.name));
    else aliasNames.set(a.supplierId, [normalizeName(a.name)]);
  }
  const index = new SupplierIndex();
  for (const s of suppliers) {
    const identifiers: SupplierIdentifier[] = [];
    for (const scheme of ['lei', 'duns', 'vat'] as const) {
      const value = s[scheme];
      if (value && index.findByIdentifier(scheme, value) === undefined) identifiers.push({ scheme, value });
    }
    const supplier: CanonicalSupplier = { id: s.id, name: normalizeName(s.name), country: s.country, identifiers };
    const names = aliasNames.get(s.id);
    index.add(names ? { ...supplier, aliases: names } : supplier);
  }
  return index;
}

export class SupplierIndexCache {
  private readonly entries = new Map<string, Entry>();
  private readonly maxTenants: number;
  /** Matchers built since the cache was made (for tests and metrics). */
  builds = 0;

  constructor(
    private readonly db: SqlExecutor,
    options: SupplierIndexCacheOptions = {},
  ) {
    this.maxTenants = options.maxTenants ?? 64;
  }

  /**
   * The tenant's matcher as of now, with its threshold: the kept one when its version is current,
   * else a new one (one build per version at a time; concurrent calls wait for it).
   */
  async matching(tenantId: string): Promise<TenantMatching> {
    const state = await supplierMatchingState(this.db, tenantId);
    return { matcher: await this.matcherAt(tenantId, state.version), version: state.version, autoMatchThreshold: state.autoMatchThreshold };
  }

  /** The tenant's matcher of a supplier version the caller has just read (`matching` without its settings read). */
  matcherAt(tenantId: string, version: string): Promise<TenantSupplierMatcher> {
    const have = this.entries.get(tenantId);
    let entry: Entry;
    if (have && have.version === version) {
      // Most recently used last, so eviction takes the first.
      this.entries.delete(tenantId);
      this.entries.set(tenantId, have);
      entry = have;
    } else {
      entry = { version, matcher: this.build(tenantId) };
      this.entries.delete(tenantId);
      this.entries.set(tenantId, entry);
      if (this.entries.size > this.maxTenants) this.entries.delete(this.entries.keys().next().value!);
      entry.matcher.catch(() => {
        if (this.entries.get(tenantId) === entry) this.entries.delete(tenantId);
      });
    }
    return entry.matcher;
  }

  /** The tenant's index alone (aliases included as exact names; rejections and the threshold are not applied: prefer `matching`). */
  async get(tenantId: string): Promise<SupplierIndex> {
    return (await this.matching(tenantId)).matcher.index;
  }

  /** Drops the tenant's matcher: its suppliers changed in this process. */
  invalidate(tenantId: string): void {
    this.entries.delete(tenantId);
  }

  private async build(tenantId: string): Promise<TenantSupplierMatcher> {
    this.builds++;
    return matcherOf(await loadMatcherInput(this.db, tenantId));
  }
}

/** Each process's index caches, one per database handle: the match route, ingest and import share it. */
const caches = new WeakMap<SqlExecutor, SupplierIndexCache>();

export function supplierIndexCacheFor(db: SqlExecutor): SupplierIndexCache {
  let cache = caches.get(db);
  if (!cache) {
    cache = new SupplierIndexCache(db);
    caches.set(db, cache);
  }
  return cache;
}
