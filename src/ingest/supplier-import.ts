/**
 * `greenline suppliers import FILE`: a CSV of suppliers (name,country,lei,duns,vat,naics; the `id`
 * column of `greenline gen suppliers` is accepted and ignored) registered in bulk. Each line is
 * checked as POST /v1/suppliers checks one (identifiers by the domain validators, stored canonical);
 * a bad line is an error naming its line and field and the good ones are imported. Lines go in
 * batches of BATCH_LINES: one query finds what the tenant holds already, one COPY writes the rest.
 * A line whose LEI or DUNS another supplier holds is a duplicate error; a line naming a supplier
 * the tenant has already (its LEI or DUNS held by a supplier of the same name and country, or
 * without either, the same name and country) is skipped, so importing a file again changes nothing.
 */
import type { Readable } from 'node:stream';
import { validateDuns, validateLei, validateVat } from '../domain/suppliers/identifiers.ts';
import type { SqlDriver } from '../store/driver.ts';
import { copySuppliers, type HeldSupplier, type NewSupplierRow, suppliersHolding } from '../store/supplier-copy.ts';
import { SupplierCsvReader } from './supplier-csv.ts';
import { supplierIndexCacheFor } from '../store/supplier-index-cache.ts';
import { MAX_SUPPLIER_NAME } from './supplier-resolution.ts';

export const IMPORT_FIELDS = ['name', 'country', 'lei', 'duns', 'vat', 'naics'] as const;

/** Lines checked against the database and written together. */
export const BATCH_LINES = 10_000;
/** Errors kept for the summary (all are counted). */
const MAX_ERRORS = 10_000;

export interface LineError {
  line: number;
  field: string;
  value: string;
  message: string;
}

export interface SupplierImportSummary {
  /** Data lines read. */
  lines: number;
  imported: number;
  /** Lines naming a supplier the tenant had already (same name and country): nothing written. */
  skipped: number;
  /** Lines with errors (each error is in `errors`, up to 10,000). */
  failed: number;
  errors: LineError[];
  /** Columns the file has that are not read. */
  ignoredColumns: string[];
  seconds: number;
  linesPerSecond: number;
}

export interface SupplierImportProgress {
  lines: number;
  imported: number;
  failed: number;
  bytesRead: number;
}

interface Candidate {
  line: number;
  row: NewSupplierRow;
}

const UNIQUE_VIOLATION = '23505';
const COUNTRY = /^[A-Za-z]{2}$/;
const NAICS = /^[0-9]{2,6}$/;

/** A line as a supplier to register, or its problems (every one, each naming its field). */
export function supplierOfLine(line: number, v: Record<string, string>): { ok: true; row: NewSupplierRow } | { ok: false; errors: LineError[] } {
  const errors: LineError[] = [];
  const fail = (field: string, value: string, message: string) => errors.push({ line, field, value, message });
  const name = v.name ?? '';
  if (name === '') fail('name', name, 'is required');
  else if (name.length > MAX_SUPPLIER_NAME) fail('name', name.slice(0, 200), `at most ${MAX_SUPPLIER_NAME} characters`);
  const country = v.country ?? '';
  if (country !== '' && !COUNTRY.test(country)) fail('country', country, 'must be a 2-letter country code (ISO 3166-1 alpha-2)');
  const naics = v.naics ?? '';
  if (naics !== '' && !NAICS.test(naics)) fail('naics', naics, 'must be 2 to 6 digits');
  const ids: Record<'lei' | 'duns' | 'vat', string | null> = { lei: null, duns: null, vat: null };
  for (const [field, validate] of [
    ['lei', validateLei],
    ['duns', validateDuns],
    ['vat', validateVat],
  ] as const) {
    const raw = v[field] ?? '';
    if (raw === '') continue;
    const c = validate(raw, field);
    if (c.ok) ids[field] = c.value;
    else fail(field, raw, c.problem.message);
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, row: { name, country: country === '' ? null : country.toUpperCase(), ...ids, naics: naics === '' ? null : naics } };
}

export async function importSuppliers(
  driver: SqlDriver,
  tenantId: string,
  input: Readable,
  opts: { onProgress?: (p: SupplierImportProgress) => void } = {},
): Promise<SupplierImportSummary> {
  const started = performance.now();
  const reader = new SupplierCsvReader(IMPORT_FIELDS, ['name'], ['id']);
  const summary: SupplierImportSummary = { lines: 0, imported: 0, skipped: 0, failed: 0, errors: [], ignoredColumns: [], seconds: 0, linesPerSecond: 0 };
  let bytesRead = 0;
  let pending: Candidate[] = [];
  const report = (errs: readonly LineError[]) => {
    summary.failed++;
    for (const e of errs) if (summary.errors.length < MAX_ERRORS) summary.errors.push(e);
  };
  const take = async (items: ReturnType<SupplierCsvReader['push']>) => {
    for (const item of items) {
      summary.lines++;
      if (!('values' in item)) {
        report([{ line: item.line, field: item.field, value: item.value, message: item.error }]);
        continue;
      }
      const s = supplierOfLine(item.line, item.values);
      if (!s.ok) report(s.errors);
      else pending.push({ line: item.line, row: s.row });
      if (pending.length >= BATCH_LINES) await flush();
    }
  };
  const flush = async () => {
    const batch = pending;
    pending = [];
    if (batch.length === 0) return;
    // Another writer may register one of these identifiers between the look-up and the COPY: looked up again.
    for (let attempt = 1; ; attempt++) {
      const { fresh, errors, skipped } = sortOut(batch, await suppliersHolding(driver, tenantId, keysOf(batch)));
      try {
        await copySuppliers(
          driver,
          tenantId,
          fresh.map((c) => c.row),
        );
      } catch (err) {
        if ((err as { code?: string }).code === UNIQUE_VIOLATION && attempt < 3) continue;
        throw err;
      }
      for (const e of errors) report([e]);
      summary.skipped += skipped;
      summary.imported += fresh.length;
      break;
    }
    opts.onProgress?.({ lines: summary.lines, imported: summary.imported, failed: summary.failed, bytesRead });
  };
  for await (const piece of input) {
    bytesRead += (piece as Buffer).length;
    await take(reader.push(piece as Buffer));
  }
  await take(reader.end());
  await flush();
  // The tenant's matcher sees the new suppliers at its next use (its version changed); this process's copy is dropped now.
  supplierIndexCacheFor(driver).invalidate(tenantId);
  summary.errors.sort((a, b) => a.line - b.line);
  summary.ignoredColumns = reader.ignored;
  summary.seconds = (performance.now() - started) / 1000;
  summary.linesPerSecond = summary.seconds > 0 ? summary.lines / summary.seconds : 0;
  return summary;
}

function keysOf(batch: readonly Candidate[]) {
  const leis: string[] = [];
  const duns: string[] = [];
  const names: string[] = [];
  for (const { row } of batch) {
    if (row.lei) leis.push(row.lei);
    if (row.duns) duns.push(row.duns);
    names.push(row.name);
  }
  return { leis, duns, names };
}

const sameSupplier = (a: NewSupplierRow, b: Pick<HeldSupplier, 'name' | 'country'>) => a.name === b.name && (a.country ?? null) === (b.country ?? null);

/**
 * Which lines of a batch to write: a line whose LEI or DUNS is held (by the tenant, or by an
 * earlier line of the batch) is a duplicate error, unless the holder has its name and country
 * (then it is the same supplier: skipped); a line with neither whose name and country the tenant
 * (or an earlier line) has is skipped too.
 */
function sortOut(batch: readonly Candidate[], held: readonly HeldSupplier[]): { fresh: Candidate[]; errors: LineError[]; skipped: number } {
  const byLei = new Map<string, { line: number | null; s: Pick<HeldSupplier, 'id' | 'name' | 'country'> }>();
  const byDuns = new Map<string, { line: number | null; s: Pick<HeldSupplier, 'id' | 'name' | 'country'> }>();
  const byName = new Set<string>();
  const nameKey = (name: string, country: string | null) => `${name}\u0000${country ?? ''}`;
  for (const h of held) {
    if (h.lei) byLei.set(h.lei, { line: null, s: h });
    if (h.duns) byDuns.set(h.duns, { line: null, s: h });
    byName.add(nameKey(h.name, h.country));
  }
  const fresh: Candidate[] = [];
  const errors: LineError[] = [];
  let skipped = 0;
  for (const c of batch) {
    const clashes: LineError[] = [];
    let same = false;
    for (const [field, value, map] of [
      ['lei', c.row.lei, byLei],
      ['duns', c.row.duns, byDuns],
    ] as const) {
      if (value === null) continue;
      const holder = map.get(value);
      if (!holder) continue;
      if (sameSupplier(c.row, holder.s)) same = true;
      else
        clashes.push({
          line: c.line,
          field,
          value,
          message:
            holder.line === null
              ? `duplicate: supplier ${holder.s.id} ("${holder.s.name}") has this ${field.toUpperCase()} already`
              : `duplicate: line ${holder.line} has this ${field.toUpperCase()} (a ${field.toUpperCase()} names one supplier)`,
        });
    }
    if (clashes.length > 0) {
      errors.push(...clashes);
      continue;
    }
    if (same || (c.row.lei === null && c.row.duns === null && byName.has(nameKey(c.row.name, c.row.country)))) {
      skipped++;
      continue;
    }
    const me = { line: c.line, s: { id: `line ${c.line}`, name: c.row.name, country: c.row.country } };
    if (c.row.lei) byLei.set(c.row.lei, me);
    if (c.row.duns) byDuns.set(c.row.duns, me);
    byName.add(nameKey(c.row.name, c.row.country));
    fresh.push(c);
  }
  return { fresh, errors, skipped };
}
