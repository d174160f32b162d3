/**
 * How a batch's supplier names were resolved, as `greenline ingest --json` (camelCase) and
 * GET /v1/batches/:id (snake_case) report it, from the counts the store keeps per batch. Rows are
 * stored rows; `queuedForReview` counts the review items the batch created.
 */
import type { SupplierNameCounts } from '../store/batches.ts';

export interface SupplierNameReport {
  /** Rows stored with the supplier the matcher found, and by which rule. */
  matched: number;
  byRule: { identifier: number; exactName: number; fuzzy: number };
  /** Rows stored without a supplier: a candidate below the auto-match threshold (the name goes to review). */
  review: number;
  /** Rows stored without a supplier: nothing close. */
  noMatch: number;
  /** Rows that gave a supplier_id beside the name: the id was used, the name not looked at. */
  idGiven: number;
  /** New review items (a name already waiting in the queue is counted there as seen again, not here). */
  queuedForReview: number;
}

export interface SupplierNamesJson {
  matched: number;
  by_rule: { identifier: number; exact_name: number; fuzzy: number };
  review: number;
  no_match: number;
  id_given: number;
  queued_for_review: number;
}

export function supplierNameReport(c: SupplierNameCounts): SupplierNameReport {
  return {
    matched: c.matched_identifier + c.matched_exact_name + c.matched_fuzzy,
    byRule: { identifier: c.matched_identifier, exactName: c.matched_exact_name, fuzzy: c.matched_fuzzy },
    review: c.review,
    noMatch: c.no_match,
    idGiven: c.id_given,
    queuedForReview: c.queued_for_review,
  };
}

export function supplierNamesJson(c: SupplierNameCounts): SupplierNamesJson {
  const r = supplierNameReport(c);
  return {
    matched: r.matched,
    by_rule: { identifier: r.byRule.identifier, exact_name: r.byRule.exactName, fuzzy: r.byRule.fuzzy },
    review: r.review,
    no_match: r.noMatch,
    id_given: r.idGiven,
    queued_for_review: r.queuedForReview,
  };
}

/** The report from a batch answer (the CLI through the server). */
export function reportOfJson(j: SupplierNamesJson): SupplierNameReport {
  return {
    matched: j.matched,
    byRule: { identifier: j.by_rule.identifier, exactName: j.by_rule.exact_name, fuzzy: j.by_rule.fuzzy },
    review: j.review,
    noMatch: j.no_match,
    idGiven: j.id_given,
    queuedForReview: j.queued_for_review,
  };
}

const fmt = new Intl.NumberFormat('en-US');

/** One line for the `greenline ingest` summary. */
export function supplierNamesLine(r: SupplierNameReport): string {
  const rules = [
    [r.byRule.identifier, 'by identifier'],
    [r.byRule.exactName, 'by exact name'],
    [r.byRule.fuzzy, 'fuzzy'],
  ]
    .filter(([n]) => (n as number) > 0)
    .map(([n, what]) => `${fmt.format(n as number)} ${what}`);
  return (
    `supplier names: ${fmt.format(r.matched)} rows matched${rules.length > 0 ? ` (${rules.join(', ')})` : ''}, ` +
    `${fmt.format(r.review)} to review (${fmt.format(r.queuedForReview)} names queued), ${fmt.format(r.noMatch)} unmatched` +
    (r.idGiven > 0 ? `, ${fmt.format(r.idGiven)} gave a supplier_id` : '')
  );
}
