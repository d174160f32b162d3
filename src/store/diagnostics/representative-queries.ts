/**
 * The queries the app runs on its main paths, captured from the repository functions themselves
 * (so `greenline db explain` explains the SQL the app really sends, not a copy of it), each with
 * sample parameters taken from the database: the tenant with the most emissions, one of its
 * suppliers, the activities its factors cover. Reads only: writes are explained with `--sql`.
 */
import { listAuditEntries } from '../audit-log.ts';
import type { QueryResult, SqlExecutor } from '../driver.ts';
import { countEmissions, listEmissions } from '../emissions.ts';
import { getFactor, listFactors, loadCandidates } from '../factors.ts';
import { emissionsReport } from '../reports.ts';
import { listReviews } from '../supplier-review.ts';
import { getSupplier, listSuppliers, supplierEmissions } from '../suppliers.ts';

/** Values found in the database for the queries' parameters. */
export interface QuerySample {
  tenantId: string;
  supplierId: string | null;
  factorId: string | null;
  activities: string[];
  /** The last year with emissions (or this year). */
  year: number;
}

export interface RepresentativeQuery {
  /** What the app does with it, as the report names it (`emissions.page-by-date`). */
  name: string;
  run(db: SqlExecutor, sample: QuerySample, secret: string): Promise<unknown>;
}

export const REPRESENTATIVE_QUERIES: readonly RepresentativeQuery[] = [
  { name: 'factors.page', run: (db, s, secret) => listFactors(db, s.tenantId, {}, { limit: 100, secret }) },
  { name: 'factors.by-id', run: (db, s) => getFactor(db, s.tenantId, s.factorId ?? 'none') },
  { name: 'factors.candidates', run: (db, s) => loadCandidates(db, s.tenantId, s.activities) },
  { name: 'emissions.page-by-date', run: (db, s, secret) => listEmissions(db, s.tenantId, { filter: {}, sort: '-date', limit: 100, secret }) },
  {
    name: 'emissions.page-by-amount-for-a-year',
    run: (db, s, secret) => listEmissions(db, s.tenantId, { filter: { from: `${s.year}-01-01`, to: `${s.year}-12-31` }, sort: '-amount', limit: 100, secret }),
  },
  {
    name: 'emissions.page-of-a-supplier',
    run: (db, s, secret) => listEmissions(db, s.tenantId, { filter: { supplierId: s.supplierId ?? 'none' }, sort: 'date', limit: 100, secret }),
  },
  { name: 'emissions.count-exact', run: (db, s) => countEmissions(db, s.tenantId, {}, 'exact') },
  { name: 'reports.by-category-and-month', run: (db, s) => emissionsReport(db, s.tenantId, { groupBy: ['category', 'month'] }) },
  {
    name: 'reports.by-supplier-partial-months',
    run: (db, s) => emissionsReport(db, s.tenantId, { groupBy: ['supplier'], from: `${s.year}-01-15`, to: `${s.year}-12-15` }),
  },
  { name: 'suppliers.page', run: (db, s, secret) => listSuppliers(db, s.tenantId, {}, { limit: 100, secret }) },
  { name: 'suppliers.by-id', run: (db, s) => getSupplier(db, s.tenantId, s.supplierId ?? 'none') },
  { name: 'suppliers.emissions', run: (db, s) => supplierEmissions(db, s.tenantId, s.supplierId ?? 'none') },
  { name: 'supplier-review.pending', run: (db, s, secret) => listReviews(db, s.tenantId, { status: 'pending' }, { limit: 100, secret }) },
  { name: 'audit.page', run: (db, s, secret) => listAuditEntries(db, s.tenantId, {}, { limit: 100, secret }) },
];

/** The sample values: the busiest tenant and what it has. */
export async function findSample(db: SqlExecutor): Promise<QuerySample> {
  const tenant = await db.query<{ id: string }>(
    `SELECT t.id FROM tenants t LEFT JOIN emission_rollups r ON r.tenant_id = t.id
     GROUP BY t.id ORDER BY coalesce(sum(r.rows), 0) DESC, t.id LIMIT 1`,
  );
  const tenantId = tenant.rows[0]?.id;
  if (!tenantId) throw new Error('the database has no tenant yet: start the server once (it creates `default`), or ingest some data');
  const supplier = await db.query<{ id: string }>(
    `SELECT coalesce((SELECT supplier_id FROM emission_rollups WHERE tenant_id = $1 AND supplier_id <> '' GROUP BY supplier_id ORDER BY sum(rows) DESC LIMIT 1),
                     (SELECT id FROM suppliers WHERE tenant_id = $1 ORDER BY id LIMIT 1)) AS id`,
    [tenantId],
  );
  const factor = await db.query<{ id: string }>('SELECT id FROM factors WHERE tenant_id IS NULL OR tenant_id = $1 ORDER BY id LIMIT 1', [tenantId]);
  const activities = await db.query<{ activity: string }>('SELECT DISTINCT activity FROM factors ORDER BY activity LIMIT 50');
  const year = await db.query<{ year: number | null }>('SELECT max(extract(year FROM month))::int AS year FROM emission_rollups WHERE tenant_id = $1', [
    tenantId,
  ]);
  return {
    tenantId,
    supplierId: supplier.rows[0]?.id ?? null,
    factorId: factor.rows[0]?.id ?? null,
    activities: activities.rows.map((r) => r.activity),
    year: year.rows[0]?.year ?? new Date().getUTCFullYear(),
  };
}

export interface CapturedQuery {
  /** The representative query's name, and `#2`… when it sends more than one statement. */
  name: string;
  sql: string;
  params: unknown[];
}

/**
 * Runs every representative query on `db` (reads, so for real) and records each statement it
 * sends with its parameters, in order.
 */
export async function captureRepresentativeQueries(db: SqlExecutor, sample: QuerySample, secret: string): Promise<CapturedQuery[]> {
  const captured: CapturedQuery[] = [];
  for (const q of REPRESENTATIVE_QUERIES) {
    const mine: CapturedQuery[] = [];
    const recorder: SqlExecutor = {
      query<R>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
        mine.push({ name: q.name, sql, params: [...(params ?? [])] });
        return db.query<R>(sql, params);
      },
      copyIn: () => Promise.reject(new Error('representative queries only read')),
    };
    await q.run(recorder, sample, secret);
    for (const [i, c] of mine.entries()) captured.push(i === 0 ? c : { ...c, name: `${c.name}#${i + 1}` });
  }
  return captured;
}
