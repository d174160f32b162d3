/**
 * `greenline suppliers match FILE`: a CSV of names (name[,country,lei,duns,vat], other columns
 * passed through) matched against the tenant's suppliers in batches of MATCH_BATCH, each line
 * written back with its answer: the input's columns, then status, supplier_id, supplier_name,
 * confidence and rule, as CSV or NDJSON. A line that cannot be read is written with status `error`
 * and reported with its line and field.
 */
import type { Readable } from 'node:stream';
import type { MatchRule, MatchStatus } from '../domain/suppliers/match.ts';
import type { SqlExecutor } from '../store/driver.ts';
import { SupplierCsvReader } from './supplier-csv.ts';
import { MAX_SUPPLIER_NAME, type MentionText, queueForReview, SupplierResolver } from './supplier-resolution.ts';

export const MATCH_FIELDS = ['name', 'country', 'lei', 'duns', 'vat'] as const;
/** Names per batch: matched together (and, through a server, one request each: the match API's limit). */
export const MATCH_BATCH = 10_000;
export const ANSWER_COLUMNS = ['status', 'supplier_id', 'supplier_name', 'confidence', 'rule'] as const;

/** The answer for one name. */
export interface NameAnswer {
  status: MatchStatus;
  supplierId: string | null;
  supplierName: string | null;
  confidence: number | null;
  rule: MatchRule | null;
}

/** Matches a batch of names; `queued`: distinct names put in the review queue by this call. */
export type MatchBackend = (mentions: readonly MentionText[]) => Promise<{ answers: NameAnswer[]; queued: number }>;

/** The tenant's suppliers in this process: one resolver for the file (each distinct name matched once), reviews queued when asked. */
export function localMatchBackend(db: SqlExecutor, tenantId: string, opts: { queue?: boolean; autoMatchThreshold?: number } = {}): MatchBackend {
  const resolver = new SupplierResolver(db, tenantId, { autoMatchThreshold: opts.autoMatchThreshold });
  return async (mentions) => {
    const resolved = await resolver.resolve(mentions);
    let queued = 0;
    if (opts.queue) {
      queued = await queueForReview(db, tenantId, resolver.takeReviews(mentions, resolved), { kind: 'match' });
    }
    const answers = resolved.map((r) => ({
      status: r.status,
      supplierId: r.best?.supplierId ?? null,
      supplierName: r.best?.name ?? null,
      confidence: r.best?.confidence ?? null,
      rule: r.best?.rule ?? null,
    }));
    return { answers, queued };
  };
}

export interface MatchedLine {
  line: number;
  /** The input's cells, one per header column. */
  cells: string[];
  answer: NameAnswer | null;
  /** Why the line could not be matched (status `error`). */
  error: { field: string; message: string } | null;
}

export interface MatchFileSummary {
  lines: number;
  matched: number;
  byRule: { identifier: number; exactName: number; fuzzy: number };
  review: number;
  noMatch: number;
  errors: number;
  queuedForReview: number;
  seconds: number;
  linesPerSecond: number;
}

const COUNTRY = /^[A-Za-z]{2}$/;

/** A line's mention, or the field that is wrong. */
function mentionOfLine(v: Record<string, string>): { mention: MentionText } | { field: string; message: string } {
  const m: MentionText = { name: v.name ?? '', country: v.country ?? '', lei: v.lei ?? '', duns: v.duns ?? '', vat: v.vat ?? '' };
  if (m.name === '' && m.lei === '' && m.duns === '' && m.vat === '') return { field: 'name', message: 'is required (or a lei, duns or vat)' };
  if (m.name.length > MAX_SUPPLIER_NAME) return { field: 'name', message: `at most ${MAX_SUPPLIER_NAME} characters` };
  if (m.country !== '' && !COUNTRY.test(m.country)) return { field: 'country', message: 'must be a 2-letter country code (ISO 3166-1 alpha-2)' };
  return { mention: m };
}

/**
 * Reads the file, matches its names in batches through `backend`, and hands every line to `write`
 * in file order (`header` first: the input's columns).
 */
export async function matchSupplierFile(
  input: Readable,
  backend: MatchBackend,
  out: { header(columns: readonly string[]): void | Promise<void>; line(l: MatchedLine): void | Promise<void> },
): Promise<MatchFileSummary> {
  const started = performance.now();
  const reader = new SupplierCsvReader(MATCH_FIELDS, ['name']);
  const s: MatchFileSummary = {
    lines: 0,
    matched: 0,
    byRule: { identifier: 0, exactName: 0, fuzzy: 0 },
    review: 0,
    noMatch: 0,
    errors: 0,
    queuedForReview: 0,
    seconds: 0,
    linesPerSecond: 0,
  };
  let headerWritten = false;
  let pending: Array<{ line: MatchedLine; mention: MentionText | null }> = [];
  const width = () => reader.header.length;
  const flush = async () => {
    const batch = pending;
    pending = [];
    if (!headerWritten && reader.header.length > 0) {
      headerWritten = true;
      await out.header(reader.header);
    }
    const mentions = batch.filter((b) => b.mention !== null).map((b) => b.mention!);
    const { answers, queued } = mentions.length > 0 ? await backend(mentions) : { answers: [], queued: 0 };
    s.queuedForReview += queued;
    let k = 0;
    for (const b of batch) {
      if (b.mention !== null) {
        const a = answers[k++]!;
        b.line.answer = a;
        if (a.status === 'matched') {
          s.matched++;
          s.byRule[a.rule === 'exact_name' ? 'exactName' : a.rule!]++;
        } else if (a.status === 'review') s.review++;
        else s.noMatch++;
      } else s.errors++;
      await out.line(b.line);
    }
  };
  const take = async (items: ReturnType<SupplierCsvReader['push']>) => {
    for (const item of items) {
      s.lines++;
      const cells = Array.from({ length: width() }, (_, i) => item.cells[i] ?? '');
      if (!('values' in item)) {
        pending.push({ line: { line: item.line, cells, answer: null, error: { field: item.field, message: item.error } }, mention: null });
      } else {
        const m = mentionOfLine(item.values);
        pending.push(
          'mention' in m
            ? { line: { line: item.line, cells, answer: null, error: null }, mention: m.mention }
            : { line: { line: item.line, cells, answer: null, error: { field: m.field, message: m.message } }, mention: null },
        );
      }
      if (pending.length >= MATCH_BATCH) await flush();
    }
  };
  for await (const piece of input) await take(reader.push(piece as Buffer));
  await take(reader.end());
  await flush();
  s.seconds = (performance.now() - started) / 1000;
  s.linesPerSecond = s.seconds > 0 ? s.lines / s.seconds : 0;
  return s;
}

/** A CSV cell: quoted when it holds a comma, quote or line break. */
export function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A line as CSV: the input's cells, then the answer's columns. */
export function csvOfLine(l: MatchedLine): string {
  const a = l.answer;
  const answer = a
    ? [a.status, a.supplierId ?? '', a.supplierName ?? '', a.confidence === null ? '' : String(a.confidence), a.rule ?? '']
    : ['error', '', '', '', ''];
  return `${[...l.cells, ...answer].map(csvCell).join(',')}\n`;
}

/** A line as one JSON object: the input's columns by name, then the answer (and `error` for a line that could not be read). */
export function ndjsonOfLine(header: readonly string[], l: MatchedLine): string {
  const o: Record<string, unknown> = {};
  header.forEach((h, i) => {
    o[h] = l.cells[i] ?? '';
  });
  const a = l.answer;
  o.status = a ? a.status : 'error';
  o.supplier_id = a?.supplierId ?? null;
  o.supplier_name = a?.supplierName ?? null;
  o.confidence = a?.confidence ?? null;
  o.rule = a?.rule ?? null;
  if (l.error) o.error = { line: l.line, field: l.error.field, message: l.error.message };
  return `${JSON.stringify(o)}\n`;
}
