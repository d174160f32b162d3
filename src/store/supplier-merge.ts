/**
 * Merging two suppliers of a tenant that are one company (docs/suppliers.md "Merging suppliers"):
 * everything that names `from` moves to `into` in one transaction, with one audit entry of what
 * moved, and `from` becomes a tombstone (supplier_merges, migration 016) pointing at `into`.
 *
 * What moves: emission rows (current and superseded) and their supplier-level rollup cells, added
 * exactly into `into`'s cells; supplier-specific factors (one for the same activity, region, year,
 * unit and category as one of `into`'s is superseded by `into`'s and kept in deleted_factors, so
 * results citing it still verify); aliases, with `from`'s own name added as an alias; rejected
 * pairs (unless `into` has an alias of that name); identifiers `into` lacks (different ones are
 * reported as conflicts and kept on the tombstone); pending review items' candidates; CBAM
 * shipments' supplier_id; and earlier tombstones that pointed at `from`.
 */
import { ExactSum } from '../domain/exact-sum.ts';
import { insertAuditEntries } from './audit-log.ts';
import { entombFactor } from './deleted-factors.ts';
import type { AuditFor } from './deletions.ts';
import type { SqlDriver, SqlExecutor } from './driver.ts';
import { lockTenantResults } from './result-locks.ts';
import { exactDecimalSql } from './rollups.ts';
import { decisionKey } from './supplier-aliases.ts';
import { bumpSupplierVersion, SUPPLIER_COLUMNS, type Supplier, type SupplierRow, toSupplier } from './suppliers.ts';
import { tenantKey } from './tenants.ts';

export const SUPPLIER_IDENTIFIERS = ['lei', 'duns', 'vat'] as const;
export type SupplierIdentifierScheme = (typeof SUPPLIER_IDENTIFIERS)[number];

/** What moved from the merged supplier to the one kept. */
export interface MergeMoved {
  /** Emission rows, current and superseded. */
  emissions: number;
  /** Of them, current rows (the ones reports and rollups count). */
  currentEmissions: number;
  /** Exact decimal sum of the current rows' kg CO2e (as the rollups count it). */
  kgCo2e: string;
  /** Supplier-level rollup cells of `from` added into `into`'s. */
  rollupCells: number;
  /** Supplier-specific factors now `into`'s. */
  factors: number;
  /** `from`'s factors superseded by `into`'s for the same key (conflicts.factors). */
  factorsSuperseded: number;
  aliases: number;
  /** `from`'s own name became an alias of `into`. */
  nameAlias: boolean;
  rejections: number;
  /** Pending review items whose candidates named `from`. */
  reviewItems: number;
  cbamShipments: number;
  /** Identifiers `into` lacked and took from `from`. */
  identifiers: SupplierIdentifierScheme[];
  /** Earlier merges into `from`, now pointing at `into`. */
  earlierMerges: number;
}

export interface MergeConflicts {
  /** An identifier both had with different values: `into`'s kept, `from`'s stays on the tombstone. */
  identifiers: Array<{ scheme: SupplierIdentifierScheme; kept: string; notMoved: string }>;
  /** A factor of `from` for the same key as one of `into`'s: superseded by it (deleted_factors). */
  factors: Array<{ factorId: string; supersededBy: string; activity: string; region: string; year: number; unit: string }>;
  /** `from`'s name is already an alias of another supplier: left as it is. */
  nameAlias: { name: string; supplierId: string } | null;
  /** Rejected pairs of `from` not moved because `into` has an alias of that name. */
  rejectionsDropped: number;
}

export type MergeOutcome =
  | { outcome: 'merged'; from: Supplier; into: Supplier; mergedAt: Date; moved: MergeMoved; conflicts: MergeConflicts }
  | { outcome: 'same_supplier' }
  /** No supplier (and no tombstone) of the tenant with this id. */
  | { outcome: 'not_found'; which: 'from' | 'into'; id: string }
  /** A tombstone: that supplier was merged already. */
  | { outcome: 'merged_already'; which: 'from' | 'into'; id: string; mergedInto: string; mergedAt: Date };

/** A tombstone: the supplier a merged id now is. */
export interface SupplierMerge {
  supplierId: string;
  mergedInto: string;
  mergedAt: Date;
}

const asDate = (t: Date | string) => (t instanceof Date ? t : new Date(t));

/** The tombstones among these ids of the tenant's (one query). */
export async function findSupplierMerges(db: SqlExecutor, tenantId: string, ids: readonly string[]): Promise<Map<string, SupplierMerge>> {
  if (ids.length === 0) return new Map();
  const res = await db.query<{ supplier_id: string; merged_into: string; merged_at: Date | string }>(
    'SELECT supplier_id, merged_into, merged_at FROM supplier_merges WHERE tenant_id = $1 AND supplier_id = ANY($2::text[])',
    [tenantId, [...new Set(ids)]],
  );
  return new Map(res.rows.map((r) => [r.supplier_id, { supplierId: r.supplier_id, mergedInto: r.merged_into, mergedAt: asDate(r.merged_at) }]));
}

/**
 * Merges supplier `fromId` into `intoId`. Given a driver it runs its own transaction; given a
 * transaction (the review queue's decision) it runs in that one. `audit` completes the audit entry
 * with what moved; the entry is stored in the same transaction.
 */
export async function mergeSuppliers(db: SqlDriver | SqlExecutor, tenantId: string, fromId: string, intoId: string, audit: AuditFor): Promise<MergeOutcome> {
  if (fromId === intoId) return { outcome: 'same_supplier' };
  const run = (tx: SqlExecutor) => mergeIn(tx, tenantId, fromId, intoId, audit);
  return 'transaction' in db && typeof db.transaction === 'function' ? db.transaction(run) : run(db);
}

async function mergeIn(tx: SqlExecutor, tenantId: string, fromId: string, intoId: string, audit: AuditFor): Promise<MergeOutcome> {
  // Both rows locked in id order, so two merges of the same pair (either way round) queue rather than deadlock.
  const locked = await tx.query<SupplierRow>(`SELECT ${SUPPLIER_COLUMNS} FROM suppliers WHERE tenant_id = $1 AND id = ANY($2::text[]) ORDER BY id FOR UPDATE`, [
    tenantId,
    [fromId, intoId],
  ]);
  const fromRow = locked.rows.find((r) => r.id === fromId);
  const intoRow = locked.rows.find((r) => r.id === intoId);
  if (!fromRow || !intoRow) {
    const gone = await findSupplierMerges(tx, tenantId, [fromId, intoId]);
    for (const [which, id, row] of [
      ['from', fromId, fromRow],
      ['into', intoId, intoRow],
    ] as const) {
      if (row) continue;
      const m = gone.get(id);
      return m ? { outcome: 'merged_already', which, id, mergedInto: m.mergedInto, mergedAt: m.mergedAt } : { outcome: 'not_found', which, id };
    }
  }
  const from = fromRow!;
  const into = intoRow!;
  // Deletes and recalculations of the tenant's results wait (they re-add rollups by supplier).
  await lockTenantResults(tx, await tenantKey(tx, tenantId), 'exclusive');

  const emissions = await tx.query<{ rows: number; current: number; kg: string | null }>(
    `WITH moved AS (
       UPDATE emissions SET supplier_id = $3 WHERE tenant_id = $1 AND supplier_id = $2 RETURNING superseded_by IS NULL AS current, kg_co2e
     )
     SELECT count(*)::int AS rows, count(*) FILTER (WHERE current)::int AS current,
            (sum(${exactDecimalSql('kg_co2e')}) FILTER (WHERE current))::text AS kg
     FROM moved`,
    [tenantId, fromId, intoId],
  );
  // from's cells added into into's with the same (month, category, tier), in key order (the order writers lock cells in).
  const cells = await tx.query(
    `WITH gone AS (
       DELETE FROM emission_rollups WHERE tenant_id = $1 AND supplier_id = $2 RETURNING month, category, tier, rows, kg_co2e, dqi_sum
     )
     INSERT INTO emission_rollups AS r (tenant_id, month, category, tier, supplier_id, rows, kg_co2e, dqi_sum)
     SELECT $1, month, category, tier, $3, rows, kg_co2e, dqi_sum FROM gone ORDER BY month, category, tier
     ON CONFLICT (tenant_id, month, category, tier, supplier_id)
     DO UPDATE SET rows = r.rows + EXCLUDED.rows, kg_co2e = r.kg_co2e + EXCLUDED.kg_co2e, dqi_sum = r.dqi_sum + EXCLUDED.dqi_sum`,
    [tenantId, fromId, intoId],
  );

  const conflicts: MergeConflicts = { identifiers: [], factors: [], nameAlias: null, rejectionsDropped: 0 };
  // A factor of from's for what one of into's is for: into's stays, from's is superseded by it.
  const clashing = await tx.query<{ from_id: string; into_id: string; activity: string; region: string; year: number; unit: string }>(
    `SELECT DISTINCT ON (f.id) f.id AS from_id, i.id AS into_id, f.activity, f.region, f.year, f.unit
     FROM factors f JOIN factors i ON i.tenant_id = f.tenant_id AND i.supplier_id = $3 AND i.activity = f.activity AND i.region = f.region
       AND i.year = f.year AND i.unit = f.unit AND i.category IS NOT DISTINCT FROM f.category
     WHERE f.tenant_id = $1 AND f.supplier_id = $2 ORDER BY f.id, i.id`,
    [tenantId, fromId, intoId],
  );
  for (const c of clashing.rows) {
    await entombFactor(tx, c.from_id, tenantId, c.into_id);
    conflicts.factors.push({ factorId: c.from_id, supersededBy: c.into_id, activity: c.activity, region: c.region, year: Number(c.year), unit: c.unit });
  }
  const factors = await tx.query('UPDATE factors SET supplier_id = $3 WHERE tenant_id = $1 AND supplier_id = $2', [tenantId, fromId, intoId]);

  const aliases = await tx.query('UPDATE supplier_aliases SET supplier_id = $3 WHERE tenant_id = $1 AND supplier_id = $2', [tenantId, fromId, intoId]);
  let nameAlias = false;
  const nameKey = decisionKey(from.name);
  if (nameKey !== '' && nameKey !== decisionKey(into.name)) {
    const added = await tx.query(
      `INSERT INTO supplier_aliases (tenant_id, normalized_name, supplier_id, name, source, created_by)
       VALUES ($1, $2, $3, $4, 'manual', $5) ON CONFLICT (tenant_id, normalized_name) DO NOTHING`,
      [tenantId, nameKey, intoId, from.name, null],
    );
    nameAlias = added.rowCount > 0;
    if (!nameAlias) {
      const held = await tx.query<{ supplier_id: string }>('SELECT supplier_id FROM supplier_aliases WHERE tenant_id = $1 AND normalized_name = $2', [
        tenantId,
        nameKey,
      ]);
      const owner = held.rows[0]?.supplier_id;
      if (owner !== undefined && owner !== intoId) conflicts.nameAlias = { name: from.name, supplierId: owner };
    }
  }
  // A pair rejected for from is rejected for into, unless into has an alias of that name (the positive decision wins).
  const rejections = await tx.query(
    `INSERT INTO supplier_rejections (tenant_id, normalized_name, supplier_id, name, review_id, created_by, created_at)
     SELECT r.tenant_id, r.normalized_name, $3, r.name, r.review_id, r.created_by, r.created_at FROM supplier_rejections r
     WHERE r.tenant_id = $1 AND r.supplier_id = $2
       AND NOT EXISTS (SELECT 1 FROM supplier_aliases a WHERE a.tenant_id = $1 AND a.normalized_name = r.normalized_name AND a.supplier_id = $3)
     ON CONFLICT (tenant_id, normalized_name, supplier_id) DO NOTHING`,
    [tenantId, fromId, intoId],
  );
  const rejectedBefore = await tx.query('DELETE FROM supplier_rejections WHERE tenant_id = $1 AND supplier_id = $2', [tenantId, fromId]);
  conflicts.rejectionsDropped = rejectedBefore.rowCount - rejections.rowCount;

  const reviewItems = await movePendingCandidates(tx, tenantId, fromId, intoId);
  const cbam = await tx.query(
    `UPDATE cbam_shipments SET input = jsonb_set(input::jsonb, '{supplierId}', to_jsonb($3::text))::json
     WHERE tenant_id = $1 AND input::jsonb ->> 'supplierId' = $2`,
    [tenantId, fromId, intoId],
  );

  const identifiers: SupplierIdentifierScheme[] = [];
  const taken: Partial<Record<SupplierIdentifierScheme, string>> = {};
  for (const scheme of SUPPLIER_IDENTIFIERS) {
    const mine = from[scheme];
    const theirs = into[scheme];
    if (mine === null || mine === theirs) continue;
    if (theirs === null) {
      identifiers.push(scheme);
      taken[scheme] = mine;
    } else conflicts.identifiers.push({ scheme, kept: theirs, notMoved: mine });
  }
  const earlier = await tx.query('UPDATE supplier_merges SET merged_into = $3 WHERE tenant_id = $1 AND merged_into = $2', [tenantId, fromId, intoId]);

  const moved: MergeMoved = {
    emissions: emissions.rows[0]?.rows ?? 0,
    currentEmissions: emissions.rows[0]?.current ?? 0,
    kgCo2e: new ExactSum().addDecimal(emissions.rows[0]?.kg ?? '0').toString(),
    rollupCells: cells.rowCount,
    factors: factors.rowCount,
    factorsSuperseded: conflicts.factors.length,
    aliases: aliases.rowCount,
    nameAlias,
    rejections: rejections.rowCount,
    reviewItems,
    cbamShipments: cbam.rowCount,
    identifiers,
    earlierMerges: earlier.rowCount,
  };
  const entry = audit(auditSummary(fromId, intoId, moved, conflicts));
  const tomb = await tx.query<{ merged_at: Date | string }>(
    `INSERT INTO supplier_merges (tenant_id, supplier_id, merged_into, first_merged_into, supplier, moved, conflicts, merged_by)
     SELECT $1, s.id, $3, $3, to_json(s), $4::json, $5::json, $6 FROM suppliers s WHERE s.tenant_id = $1 AND s.id = $2
     RETURNING merged_at`,
    [tenantId, fromId, intoId, JSON.stringify(moved), JSON.stringify(conflicts), entry.keyId],
  );
  // Its aliases and factors have moved; what cascades now is only the rejected pairs counted as dropped.
  await tx.query('DELETE FROM suppliers WHERE tenant_id = $1 AND id = $2', [tenantId, fromId]);
  let kept = into;
  if (identifiers.length > 0) {
    const sets = identifiers.map((scheme, i) => `${scheme} = $${i + 3}`);
    const res = await tx.query<SupplierRow>(`UPDATE suppliers SET ${sets.join(', ')} WHERE tenant_id = $1 AND id = $2 RETURNING ${SUPPLIER_COLUMNS}`, [
      tenantId,
      intoId,
      ...identifiers.map((s) => taken[s]),
    ]);
    kept = res.rows[0]!;
  }
  // The triggers of migration 015 bumped it already (suppliers and aliases changed); said here so matching's dependency is explicit.
  await bumpSupplierVersion(tx, tenantId);
  await insertAuditEntries(tx, [entry]);
  return { outcome: 'merged', from: toSupplier(from), into: toSupplier(kept), mergedAt: asDate(tomb.rows[0]!.merged_at), moved, conflicts };
}

/** The audit entry's summary: what moved and what conflicted, in snake_case like every summary. */
function auditSummary(fromId: string, intoId: string, moved: MergeMoved, conflicts: MergeConflicts): Record<string, unknown> {
  return {
    merged_into: intoId,
    from: fromId,
    emissions: moved.emissions,
    current_emissions: moved.currentEmissions,
    kg_co2e: moved.kgCo2e,
    rollup_cells: moved.rollupCells,
    factors: moved.factors,
    factors_superseded: moved.factorsSuperseded,
    aliases: moved.aliases,
    name_alias: moved.nameAlias,
    rejections: moved.rejections,
    review_items: moved.reviewItems,
    cbam_shipments: moved.cbamShipments,
    identifiers: moved.identifiers,
    earlier_merges: moved.earlierMerges,
    identifier_conflicts: conflicts.identifiers.map((c) => c.scheme),
    rejections_dropped: conflicts.rejectionsDropped,
  };
}

interface Candidate {
  supplierId: string;
  confidence: number;
  [k: string]: unknown;
}

/**
 * Pending review items offering `from` offer `into` instead: the candidate renamed, or dropped where
 * `into` is a candidate already (the higher confidence kept), best first again. Returns the items changed.
 */
async function movePendingCandidates(tx: SqlExecutor, tenantId: string, fromId: string, intoId: string): Promise<number> {
  const items = await tx.query<{ id: string; candidates: Candidate[] | string }>(
    `SELECT id, candidates FROM supplier_review WHERE tenant_id = $1 AND status = 'pending' AND strpos(candidates::text, $2) > 0 ORDER BY id FOR UPDATE`,
    [tenantId, JSON.stringify(fromId)],
  );
  const ids: string[] = [];
  const lists: string[] = [];
  const best: number[] = [];
  for (const item of items.rows) {
    const candidates = typeof item.candidates === 'string' ? (JSON.parse(item.candidates) as Candidate[]) : item.candidates;
    if (!candidates.some((c) => c.supplierId === fromId)) continue;
    const byId = new Map<string, Candidate>();
    for (const c of candidates) {
      const renamed = c.supplierId === fromId ? { ...c, supplierId: intoId } : c;
      const have = byId.get(renamed.supplierId);
      if (!have || renamed.confidence > have.confidence) byId.set(renamed.supplierId, renamed);
    }
    const next = [...byId.values()].sort((a, b) => b.confidence - a.confidence);
    ids.push(item.id);
    lists.push(JSON.stringify(next));
    best.push(next[0]!.confidence);
  }
  if (ids.length === 0) return 0;
  await tx.query(
    `UPDATE supplier_review r SET candidates = u.candidates::json, best_confidence = u.best
     FROM unnest($2::text[], $3::text[], $4::float8[]) AS u(id, candidates, best) WHERE r.tenant_id = $1 AND r.id = u.id`,
    [tenantId, ids, lists, best],
  );
  return ids.length;
}
