/**
 * Supplier names in bulk: a file's rows (or a match file's lines) name suppliers in the ledger's
 * words; each distinct mention is matched once per job against the tenant's SupplierIndex (fetched
 * once per job from the per-process cache), and the answer is kept for every later row naming it.
 * A `matched` answer gives the row its supplier_id; `review` leaves it without one and queues the
 * name for a reviewer (once per job); `no_match` leaves it without one. No query per row. The
 * tenant's accepted aliases, rejected pairs and threshold apply (supplier-index-cache.ts).
 */
import { validateDuns, validateLei, validateVat } from '../domain/suppliers/identifiers.ts';
import type { MatchResult, MatchRule, MatchStatus, SupplierMention } from '../domain/suppliers/match.ts';
import { addSupplierNameCounts, type RollupSink, type SupplierNameCounts } from '../store/batches.ts';
import type { SqlExecutor } from '../store/driver.ts';
import { supplierIndexCacheFor } from '../store/supplier-index-cache.ts';
import { queueReviews, type ReviewSource } from '../store/supplier-review.ts';

/** The longest supplier name a row may give (as POST /v1/suppliers/match takes). */
export const MAX_SUPPLIER_NAME = 300;

/** One mention as a row gives it: trimmed text, empty when absent. */
export interface MentionText {
  name: string;
  country: string;
  lei: string;
  duns: string;
  vat: string;
}

/** What a mention resolved to. */
export interface Resolution {
  status: MatchStatus;
  /** The supplier the row gets (matched only). */
  supplierId: string | null;
  /** The best candidate (matched or review), its confidence and rule. */
  best: { supplierId: string; name: string; confidence: number; rule: MatchRule } | null;
  /** The matcher's whole answer (candidates and why) for a name to review; null otherwise, so a batch's memo stays small. */
  result: MatchResult | null;
}

/** An identifier in canonical form when it is valid; one that is not simply matches nothing (as the match API). */
function canonical(raw: string, validate: typeof validateLei): string | null {
  if (raw === '') return null;
  const c = validate(raw, '');
  return c.ok ? c.value : raw;
}

export function mentionOf(m: MentionText): SupplierMention {
  return {
    name: m.name,
    country: m.country === '' ? null : m.country.toUpperCase(),
    lei: canonical(m.lei, validateLei),
    duns: canonical(m.duns, validateDuns),
    vat: canonical(m.vat, validateVat),
  };
}

/** A mention's memo key: every part, as given. */
function keyOf(m: MentionText): string {
  return `${m.name}\u0000${m.country.toUpperCase()}\u0000${m.lei}\u0000${m.duns}\u0000${m.vat}`;
}

/** A name to put before a reviewer: the mention and what the matcher proposed. */
export interface ReviewItem {
  mention: SupplierMention;
  result: MatchResult;
}

/** At most this many distinct mentions are remembered per job (a hostile file cannot grow it without bound). */
const MAX_MEMO = 200_000;

/** What resolving asks of the tenant's suppliers: a match per mention, a supplier's registered name. */
export interface TenantMatcher {
  match(mention: SupplierMention): MatchResult;
  supplierName(id: string): string;
}

/**
 * The tenant's matcher as of now, from the per-process cache: its suppliers and accepted aliases,
 * its rejected pairs never matched automatically, and its auto-match threshold unless one is given.
 */
export async function tenantMatcher(db: SqlExecutor, tenantId: string, opts: { autoMatchThreshold?: number } = {}): Promise<TenantMatcher> {
  const { matcher, autoMatchThreshold } = await supplierIndexCacheFor(db).matching(tenantId);
  const threshold = opts.autoMatchThreshold ?? autoMatchThreshold;
  return {
    match: (mention) => matcher.match(mention, { autoMatchThreshold: threshold }),
    supplierName: (id) => matcher.supplierName(id),
  };
}

/**
 * Resolves mentions for one job: the tenant's matcher fetched at the first mention, each distinct
 * mention matched once, each name to review handed out once (`takeReviews`).
 */
export class SupplierResolver {
  private matcher: Promise<TenantMatcher> | null = null;
  private readonly memo = new Map<string, Resolution>();
  private readonly queued = new Set<string>();
  /** Distinct mentions matched by this job (not answered from the memo). */
  matched = 0;

  constructor(
    private readonly db: SqlExecutor,
    private readonly tenantId: string,
    private readonly opts: { autoMatchThreshold?: number } = {},
  ) {}

  /** The tenant's matcher, read once per job. */
  matcherReady(): Promise<TenantMatcher> {
    this.matcher ??= tenantMatcher(this.db, this.tenantId, this.opts);
    return this.matcher;
  }

  /** The resolution of each mention, in order. */
  async resolve(mentions: readonly MentionText[]): Promise<Resolution[]> {
    const matcher = await this.matcherReady();
    return mentions.map((m) => {
      const key = keyOf(m);
      let r = this.memo.get(key);
      if (r === undefined) {
        r = this.match(matcher, m);
        if (this.memo.size >= MAX_MEMO) this.memo.clear();
        this.memo.set(key, r);
      }
      return r;
    });
  }

  private match(matcher: TenantMatcher, m: MentionText): Resolution {
    this.matched++;
    const result = matcher.match(mentionOf(m));
    const best = result.best;
    return {
      status: result.status,
      supplierId: result.status === 'matched' && best ? best.id : null,
      best: best ? { supplierId: best.id, name: matcher.supplierName(best.id), confidence: best.confidence, rule: best.rule } : null,
      result: result.status === 'review' ? result : null,
    };
  }

  /** The mentions among these with status review not handed out before, each once. */
  takeReviews(mentions: readonly MentionText[], resolutions: readonly Resolution[]): ReviewItem[] {
    const items: ReviewItem[] = [];
    mentions.forEach((m, i) => {
      if (resolutions[i]!.status !== 'review') return;
      const key = keyOf(m);
      if (this.queued.has(key)) return;
      this.queued.add(key);
      items.push({ mention: mentionOf(m), result: resolutions[i]!.result! });
    });
    return items;
  }
}

/**
 * Queues names for review (one upsert per 5,000 names: queueReviews); the number of new review
 * items (a name already waiting is counted as seen again by the queue, not here), which is the same
 * however a file is cut into chunks.
 */
export async function queueForReview(db: SqlExecutor, tenantId: string, items: readonly ReviewItem[], source: ReviewSource): Promise<number> {
  if (items.length === 0) return 0;
  return (await queueReviews(db, tenantId, items, source)).created;
}

export function emptyCounts(): SupplierNameCounts {
  return { matched_identifier: 0, matched_exact_name: 0, matched_fuzzy: 0, review: 0, no_match: 0, id_given: 0, queued_for_review: 0 };
}

/** Counts one stored row's resolution. */
export function countResolution(counts: SupplierNameCounts, r: Resolution): void {
  if (r.status === 'matched') counts[`matched_${r.best!.rule}`]++;
  else counts[r.status]++;
}

/**
 * What a chunk stores about its supplier names, in its commit's transaction: the names to review
 * queued (counting the new review items: a name whose every candidate a reviewer rejected is not
 * queued), then the counts.
 */
export function supplierNameSink(batchId: string, counts: SupplierNameCounts, reviews: readonly ReviewItem[]): RollupSink {
  return {
    async store(tx, tenantId) {
      const queued = await queueForReview(tx, tenantId, reviews, { kind: 'ingest', batchId });
      await addSupplierNameCounts(tx, batchId, { ...counts, queued_for_review: queued });
    },
  };
}
