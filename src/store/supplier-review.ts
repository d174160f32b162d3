/**
 * The review queue (docs/suppliers.md "Review queue"): supplier names the matcher could not settle
 * (status `review`), each with its candidates and why, waiting for a reviewer to accept one (the
 * name becomes its alias), reject one (the pair never matches automatically again) or merge two
 * suppliers the name showed to be one company. A pending item is one per tenant, normalized name
 * and country: queueing the same name again counts it (`seen_count`, `last_seen_at`) and refreshes
 * its candidates. Queueing is one statement per call (per 5,000 distinct names), never per name.
 */
import { randomUUID } from 'node:crypto';
import { countryKey } from '../domain/suppliers/blocking.ts';
import type { MatchResult, MatchRule, MatchWhy, SupplierMention } from '../domain/suppliers/match.ts';
import type { AuditFor } from './deletions.ts';
import type { SqlDriver, SqlExecutor } from './driver.ts';
import { decodeSeek, type Keyset, type Page, type PageStart, seekSql, toPage } from './keyset-pages.ts';
import { addAlias, addRejection, rejectedPairs, pairKey } from './supplier-aliases.ts';
import { mergeSuppliers } from './supplier-merge.ts';
import { existingSupplierIds } from './suppliers.ts';

export type ReviewStatus = 'pending' | 'accepted' | 'rejected' | 'merged';
export type ReviewAction = 'accept' | 'reject' | 'merge';

/** Where a queued name came from: a match call (API or CLI), or an ingest batch. */
export interface ReviewSource {
  kind: 'match' | 'ingest';
  batchId?: string | null | undefined;
}

/** A name to queue: the mention and the matcher's answer for it (status `review`). */
export interface ReviewMention {
  mention: SupplierMention;
  result: MatchResult;
  /** Times the name was seen (default 1). */
  count?: number;
}

export interface ReviewCandidate {
  supplierId: string;
  confidence: number;
  rule: MatchRule;
  why: MatchWhy;
}

export interface ReviewDecision {
  action: ReviewAction;
  supplierId: string;
  fromSupplierId?: string;
}

export interface ReviewItem {
  id: string;
  name: string;
  normalizedName: string;
  country: string | null;
  /** Best first; a pair a reviewer rejected is left out. */
  candidates: ReviewCandidate[];
  status: ReviewStatus;
  source: 'match' | 'ingest';
  batchId: string | null;
  seenCount: number;
  createdAt: string;
  lastSeenAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
  decision: ReviewDecision | null;
}

/** A candidate below this confidence is no reason to ask a reviewer (matchMention's review floor). */
export const REVIEW_FLOOR = 40;
const CHUNK = 5_000;

export interface QueueOutcome {
  /** New pending items. */
  created: number;
  /** Pending items seen again (counted, candidates refreshed). */
  updated: number;
  /** Names not queued: every candidate left was a rejected pair or below the review floor. */
  skipped: number;
  /** The pending item of each name queued, by reviewKey(normalized name, country). */
  itemIds: Map<string, string>;
}

/** The key a pending item is unique by: the normalized name and the country ('' when none). */
export function reviewKey(normalizedName: string, country: string | null | undefined): string {
  return `${normalizedName}\u0000${countryKey(country) ?? ''}`;
}

/**
 * Queues the names (results of status `review`; others are ignored) as pending items, one per
 * normalized name and country; rejected pairs are dropped from the candidates and a name with no
 * candidate left at the review floor is not queued (a reviewer already said no to what it offered).
 * One query for the rejections and one upsert per 5,000 distinct names.
 */
export async function queueReviews(db: SqlExecutor, tenantId: string, items: readonly ReviewMention[], source: ReviewSource): Promise<QueueOutcome> {
  const groups = new Map<string, { name: string; normalized: string; country: string; candidates: ReviewCandidate[]; count: number }>();
  for (const { mention, result, count } of items) {
    if (result.status !== 'review' || result.mention.normalized === '') continue;
    const country = countryKey(mention.country) ?? '';
    const key = reviewKey(result.mention.normalized, country);
    const candidates = result.candidates.map((c) => ({ supplierId: c.id, confidence: c.confidence, rule: c.rule, why: c.why }));
    const have = groups.get(key);
    if (have) {
      have.count += count ?? 1;
      have.candidates = candidates;
    } else groups.set(key, { name: mention.name, normalized: result.mention.normalized, country, candidates, count: count ?? 1 });
  }
  const outcome: QueueOutcome = { created: 0, updated: 0, skipped: 0, itemIds: new Map() };
  if (groups.size === 0) return outcome;
  const rejected = await rejectedPairs(
    db,
    tenantId,
    [...groups.values()].map((g) => g.normalized),
  );
  // Sorted by key, so two calls queueing the same names lock their rows in the same order.
  const rows = [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, g]) => ({ ...g, candidates: g.candidates.filter((c) => !rejected.has(pairKey(g.normalized, c.supplierId))) }))
    .filter((g) => {
      const keep = g.candidates.length > 0 && g.candidates[0]!.confidence >= REVIEW_FLOOR;
      if (!keep) outcome.skipped++;
      return keep;
    });
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const res = await db.query<{ id: string; normalized_name: string; country: string; created: boolean }>(
      `INSERT INTO supplier_review (id, tenant_id, name, normalized_name, country, candidates, best_confidence, source, batch_id, seen_count)
       SELECT u.id, $1, u.name, u.normalized_name, u.country, u.candidates::json, u.best, $2, $3, u.n
       FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::float8[], $10::int[])
         AS u(id, name, normalized_name, country, candidates, best, n)
       ON CONFLICT (tenant_id, normalized_name, country) WHERE status = 'pending' DO UPDATE SET
         seen_count = supplier_review.seen_count + EXCLUDED.seen_count, last_seen_at = now(),
         candidates = EXCLUDED.candidates, best_confidence = EXCLUDED.best_confidence
       RETURNING id, normalized_name, country, (xmax = 0) AS created`,
      [
        tenantId,
        source.kind,
        source.batchId ?? null,
        chunk.map(() => `rev_${randomUUID()}`),
        chunk.map((g) => g.name),
        chunk.map((g) => g.normalized),
        chunk.map((g) => g.country),
        chunk.map((g) => JSON.stringify(g.candidates)),
        chunk.map((g) => g.candidates[0]!.confidence),
        chunk.map((g) => g.count),
      ],
    );
    for (const r of res.rows) {
      outcome.itemIds.set(reviewKey(r.normalized_name, r.country), r.id);
      if (r.created) outcome.created++;
      else outcome.updated++;
    }
  }
  return outcome;
}

interface ReviewRow {
  id: string;
  name: string;
  normalized_name: string;
  country: string;
  candidates: ReviewCandidate[] | string;
  status: ReviewStatus;
  source: 'match' | 'ingest';
  batch_id: string | null;
  seen_count: number;
  created_at: Date | string;
  created_key: string;
  last_seen_at: Date | string;
  decided_at: Date | string | null;
  decided_by: string | null;
  decision: ReviewDecision | string | null;
}

const COLUMNS = `id, name, normalized_name, country, candidates, status, source, batch_id, seen_count, created_at,
  created_at::text AS created_key, last_seen_at, decided_at, decided_by, decision`;

const iso = (t: Date | string) => (t instanceof Date ? t : new Date(t)).toISOString();
const json = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

function toItem(r: ReviewRow): ReviewItem {
  return {
    id: r.id,
    name: r.name,
    normalizedName: r.normalized_name,
    country: r.country === '' ? null : r.country,
    candidates: json(r.candidates),
    status: r.status,
    source: r.source,
    batchId: r.batch_id,
    seenCount: r.seen_count,
    createdAt: iso(r.created_at),
    lastSeenAt: iso(r.last_seen_at),
    decidedAt: r.decided_at === null ? null : iso(r.decided_at),
    decidedBy: r.decided_by,
    decision: r.decision === null ? null : json(r.decision),
  };
}

/** Keyset page of the tenant's items with one status, oldest first (supplier_review_list_idx). */
export async function listReviews(
  db: SqlExecutor,
  tenantId: string,
  filter: { status: ReviewStatus },
  page: { limit: number; cursor?: string | undefined; secret: string },
): Promise<Page<ReviewItem>> {
  const keyset: Keyset = {
    column: 'created_at',
    type: 'timestamptz',
    descending: false,
    secret: page.secret,
    scope: `supplier-review:${tenantId}:${filter.status}`,
  };
  const start: PageStart = page.cursor ? { seek: decodeSeek(keyset, page.cursor) } : { offset: 0 };
  const params: unknown[] = [tenantId, filter.status];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const { condition, orderBy } = seekSql(keyset, start, param);
  const res = await db.query<ReviewRow>(
    `SELECT ${COLUMNS} FROM supplier_review WHERE tenant_id = $1 AND status = $2${condition ? ` AND ${condition}` : ''}
     ORDER BY ${orderBy} LIMIT ${param(page.limit + 1)}`,
    params,
  );
  return toPage(keyset, res.rows, page.limit, start, (r) => ({ key: r.created_key, id: r.id }), toItem);
}

/** One item of the tenant's; null when it does not exist or is another tenant's. */
export async function getReview(db: SqlExecutor, tenantId: string, id: string): Promise<ReviewItem | null> {
  const res = await db.query<ReviewRow>(`SELECT ${COLUMNS} FROM supplier_review WHERE id = $1 AND tenant_id = $2`, [id, tenantId]);
  const row = res.rows[0];
  return row ? toItem(row) : null;
}

export interface DecisionInput {
  action: ReviewAction;
  /** accept: the supplier the name is (default the best candidate); reject: the one it is not (default the best); merge: the one kept. */
  supplierId?: string | undefined;
  /** merge: the supplier merged into `supplierId` and gone. */
  fromSupplierId?: string | undefined;
  /** The API key deciding. */
  actor: string | null;
  /** merge: completes the merge's own audit entry (store/supplier-merge.ts writes it in this transaction). */
  mergeAudit?: AuditFor;
}

export type DecisionOutcome =
  | { outcome: 'decided'; item: ReviewItem }
  | { outcome: 'not_found' }
  | { outcome: 'already_decided'; item: ReviewItem }
  /** A field names no supplier of the tenant, or none was given where the item has no candidate. */
  | { outcome: 'invalid'; field: 'supplier_id' | 'from_supplier_id'; message: string };

/**
 * Decides a pending item in one transaction, its row locked: accept → the name becomes an alias of
 * the supplier (and a rejection of that pair is lifted); reject → the pair is rejected (and an alias
 * of it dropped); merge → `fromSupplierId` is merged into `supplierId` (mergeSuppliers, in this
 * transaction, with its own audit entry) and the name becomes an alias of the kept one. The alias,
 * rejection and merge writes bump the tenant's supplier version.
 */
export async function decideReview(driver: SqlDriver, tenantId: string, id: string, input: DecisionInput): Promise<DecisionOutcome> {
  return driver.transaction(async (tx): Promise<DecisionOutcome> => {
    const found = await tx.query<ReviewRow>(`SELECT ${COLUMNS} FROM supplier_review WHERE id = $1 AND tenant_id = $2 FOR UPDATE`, [id, tenantId]);
    const row = found.rows[0];
    if (!row) return { outcome: 'not_found' };
    const item = toItem(row);
    if (item.status !== 'pending') return { outcome: 'already_decided', item };
    const supplierId = input.supplierId ?? item.candidates[0]?.supplierId;
    if (supplierId === undefined) return { outcome: 'invalid', field: 'supplier_id', message: 'required: the item has no candidate' };
    const wanted = input.action === 'merge' && input.fromSupplierId !== undefined ? [supplierId, input.fromSupplierId] : [supplierId];
    const existing = await existingSupplierIds(tx, tenantId, wanted);
    if (!existing.has(supplierId)) return { outcome: 'invalid', field: 'supplier_id', message: `supplier ${supplierId} does not exist` };
    const decision: ReviewDecision = { action: input.action, supplierId };
    const by = { name: item.name, supplierId, reviewId: item.id, createdBy: input.actor };
    if (input.action === 'accept') {
      await addAlias(tx, tenantId, { ...by, source: 'accepted' });
    } else if (input.action === 'reject') {
      await addRejection(tx, tenantId, by);
    } else {
      const from = input.fromSupplierId;
      if (from === undefined) return { outcome: 'invalid', field: 'from_supplier_id', message: 'required for merge: the supplier merged into supplier_id' };
      if (!existing.has(from)) return { outcome: 'invalid', field: 'from_supplier_id', message: `supplier ${from} does not exist` };
      if (from === supplierId) return { outcome: 'invalid', field: 'from_supplier_id', message: 'must differ from supplier_id' };
      if (!input.mergeAudit) throw new Error('decideReview: a merge needs its audit entry (mergeAudit)');
      const merged = await mergeSuppliers(tx, tenantId, from, supplierId, input.mergeAudit);
      if (merged.outcome !== 'merged') {
        // Checked above; only a concurrent merge of either supplier gets here.
        const field =
          merged.outcome === 'not_found' || merged.outcome === 'merged_already'
            ? merged.which === 'from'
              ? 'from_supplier_id'
              : 'supplier_id'
            : 'from_supplier_id';
        return { outcome: 'invalid', field, message: `cannot merge: ${merged.outcome.replace('_', ' ')}` };
      }
      await addAlias(tx, tenantId, { ...by, source: 'accepted' });
      decision.fromSupplierId = from;
    }
    const status: ReviewStatus = input.action === 'accept' ? 'accepted' : input.action === 'reject' ? 'rejected' : 'merged';
    const updated = await tx.query<ReviewRow>(
      `UPDATE supplier_review SET status = $3, decided_at = now(), decided_by = $4, decision = $5::json
       WHERE id = $1 AND tenant_id = $2 RETURNING ${COLUMNS}`,
      [id, tenantId, status, input.actor, JSON.stringify(decision)],
    );
    return { outcome: 'decided', item: toItem(updated.rows[0]!) };
  });
}
