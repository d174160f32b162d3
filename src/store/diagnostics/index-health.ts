/**
 * Index health from PostgreSQL's statistics (read by index-health-queries.ts): indexes never
 * used since the statistics were reset, duplicate indexes (one whose columns lead another on the
 * same table), foreign keys no index can serve (every delete of a parent row scans the child
 * table), and an estimate of bloat. Pure: the catalog's rows in, findings out.
 *
 * Bloat is an approximation, not a measurement (pgstattuple would measure, at the cost of
 * reading every page): a table's dead space is its size × dead / (live + dead) tuples; a B-tree
 * index's expected size is rows × (8-byte tuple header + key width from pg_stats, aligned to 8,
 * + 4-byte line pointer) / (8 kB page less headers × 90% fill), and what it holds beyond that is
 * its bloat. Both ignore TOAST, padding inside rows and fillfactor settings: read them as a hint.
 */

export interface IndexStats {
  table: string;
  index: string;
  /** The key columns in order, expressions as PostgreSQL prints them (`lower(name)`). */
  columns: string[];
  method: string;
  unique: boolean;
  primary: boolean;
  /** WHERE of a partial index, or null. */
  predicate: string | null;
  definition: string;
  /** Index scans since the statistics were reset. */
  scans: number;
  bytes: number;
  /** Rows in the index (pg_class.reltuples); -1 when never analyzed. */
  rows: number;
  /** Sum of the key columns' average width (pg_stats), or null when a column has no statistics. */
  keyWidth: number | null;
}

export interface TableStats {
  table: string;
  liveRows: number;
  deadRows: number;
  bytes: number;
  seqScans: number;
  indexScans: number;
  lastVacuum: string | null;
  lastAnalyze: string | null;
}

export interface ForeignKey {
  table: string;
  name: string;
  columns: string[];
  references: string;
}

export interface IndexHealthInput {
  indexes: IndexStats[];
  tables: TableStats[];
  foreignKeys: ForeignKey[];
  /** When the statistics were last reset (pg_stat_database.stats_reset), or null: since the cluster started. */
  statsSince: string | null;
}

export interface IndexHealthOptions {
  /** Report bloat from this many bytes (default 1 MiB) and this share of a table (default 20%) or of an index (default 50%). */
  bloatMinBytes?: number;
  bloatMinRatio?: number;
  /** Higher for indexes: a B-tree grown by inserts in no particular order settles near 70% full, ~25% over a fresh build, and that is health, not bloat. */
  indexBloatMinRatio?: number;
  /**
   * false where the activity counters (index scans, dead rows) cover too little to judge by, as in
   * the embedded PGlite, whose counters start from zero in every process that opens it: no unused
   * index or table bloat is reported then. Default true.
   */
  activityStats?: boolean;
}

export type IndexFinding =
  | { kind: 'unused_index'; table: string; index: string; bytes: number; definition: string }
  | { kind: 'duplicate_index'; table: string; index: string; coveredBy: string; columns: string[]; exact: boolean; bytes: number }
  | { kind: 'unindexed_foreign_key'; table: string; constraint: string; columns: string[]; references: string; tableRows: number; suggestion: string }
  | { kind: 'table_bloat'; table: string; bytes: number; estimatedBloatBytes: number; deadRows: number; liveRows: number }
  | { kind: 'index_bloat'; table: string; index: string; bytes: number; estimatedBloatBytes: number };

const PAGE = 8192;
/** A page less its header (24 bytes) and the B-tree's special space (16). */
const PAGE_USABLE = PAGE - 40;
const BTREE_FILL = 0.9;

export function analyzeIndexHealth(input: IndexHealthInput, options: IndexHealthOptions = {}): IndexFinding[] {
  const minBytes = options.bloatMinBytes ?? 1024 ** 2;
  const minRatio = options.bloatMinRatio ?? 0.2;
  const indexMinRatio = options.indexBloatMinRatio ?? 0.5;
  const findings: IndexFinding[] = [];
  const byTable = groupBy(input.indexes, (i) => i.table);

  const activity = options.activityStats ?? true;
  for (const ix of input.indexes) {
    // Unique and primary-key indexes enforce a constraint whether or not a query reads them.
    if (activity && ix.scans === 0 && !ix.unique && !ix.primary)
      findings.push({ kind: 'unused_index', table: ix.table, index: ix.index, bytes: ix.bytes, definition: ix.definition });
  }

  for (const [table, indexes] of byTable) {
    for (const ix of indexes) {
      // A constraint's own index stays, even when another index covers its columns.
      if (ix.unique || ix.primary) continue;
      const cover = indexes.find((other) => other !== ix && covers(other, ix));
      if (cover) {
        const exact = sameKey(cover, ix);
        findings.push({ kind: 'duplicate_index', table, index: ix.index, coveredBy: cover.index, columns: ix.columns, exact, bytes: ix.bytes });
      }
    }
  }

  const rowsOf = new Map(input.tables.map((t) => [t.table, t.liveRows]));
  for (const fk of input.foreignKeys) {
    const indexes = byTable.get(fk.table) ?? [];
    const served = indexes.some((ix) => ix.method === 'btree' && servesAnyValue(ix.predicate, fk.columns) && leadsWith(ix.columns, fk.columns));
    if (!served)
      findings.push({
        kind: 'unindexed_foreign_key',
        table: fk.table,
        constraint: fk.name,
        columns: fk.columns,
        references: fk.references,
        tableRows: rowsOf.get(fk.table) ?? 0,
        suggestion: `CREATE INDEX CONCURRENTLY ON ${fk.table} (${fk.columns.join(', ')});`,
      });
  }

  for (const t of activity ? input.tables : []) {
    const all = t.liveRows + t.deadRows;
    const bloat = all > 0 ? Math.round((t.bytes * t.deadRows) / all) : 0;
    if (bloat >= minBytes && bloat >= t.bytes * minRatio)
      findings.push({ kind: 'table_bloat', table: t.table, bytes: t.bytes, estimatedBloatBytes: bloat, deadRows: t.deadRows, liveRows: t.liveRows });
  }
  for (const ix of input.indexes) {
    const expected = expectedIndexBytes(ix);
    if (expected === null) continue;
    const bloat = Math.max(0, ix.bytes - expected);
    if (bloat >= minBytes && bloat >= ix.bytes * indexMinRatio)
      findings.push({ kind: 'index_bloat', table: ix.table, index: ix.index, bytes: ix.bytes, estimatedBloatBytes: bloat });
  }
  return findings;
}

/**
 * A B-tree's size if freshly built: each entry is an 8-byte tuple header plus the key, aligned to
 * 8 bytes, plus a 4-byte line pointer; leaves filled to 90%; plus the meta page. null when unknown.
 */
export function expectedIndexBytes(ix: Pick<IndexStats, 'method' | 'rows' | 'keyWidth'>): number | null {
  if (ix.method !== 'btree' || ix.rows < 0 || ix.keyWidth === null) return null;
  const entry = Math.ceil((8 + ix.keyWidth) / 8) * 8 + 4;
  const perPage = Math.floor((PAGE_USABLE * BTREE_FILL) / entry);
  return (Math.ceil(ix.rows / Math.max(perPage, 1)) + 1) * PAGE;
}

/** `a` makes `b` redundant: both B-trees with the same predicate, b's columns a prefix of a's (equal keys: the later name is the duplicate). */
function covers(a: IndexStats, b: IndexStats): boolean {
  if (a.method !== b.method || a.predicate !== b.predicate || a.method !== 'btree') return false;
  if (!isPrefix(b.columns, a.columns)) return false;
  if (a.columns.length > b.columns.length) return true;
  // Exact duplicates: keep the constraint's index, else the first by name.
  return a.unique || a.primary || a.index < b.index;
}

function sameKey(a: IndexStats, b: IndexStats): boolean {
  return a.columns.length === b.columns.length && isPrefix(a.columns, b.columns);
}

/** `lead` starts `columns`, in the same order: (a) is served by (a, b), not by (b, a). */
function isPrefix(lead: readonly string[], columns: readonly string[]): boolean {
  return lead.length <= columns.length && lead.every((c, i) => columns[i] === c);
}

/** `columns` start with `lead`'s columns in any order (an index on (a, b) serves an equality lookup by (b, a), as a foreign key's). */
function leadsWith(columns: readonly string[], lead: readonly string[]): boolean {
  if (lead.length === 0 || columns.length < lead.length) return false;
  const first = new Set(columns.slice(0, lead.length));
  return lead.every((c) => first.has(c));
}

/**
 * A foreign-key lookup (`WHERE col = $1`) can use the index: it has no predicate, or only
 * `col IS NOT NULL` on a key column, which the lookup implies.
 */
function servesAnyValue(predicate: string | null, columns: readonly string[]): boolean {
  if (predicate === null) return true;
  const notNull = /^\(*(\w+) IS NOT NULL\)*$/.exec(predicate.trim());
  return notNull !== null && columns.includes(notNull[1]!);
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

const mib = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(1)} MiB`;

/** One line per finding, for the terminal. */
export function describeIndexFinding(f: IndexFinding): string {
  switch (f.kind) {
    case 'unused_index':
      return `unused index ${f.index} on ${f.table} (${mib(f.bytes)}, no scan since the statistics were reset): drop it if no rare job needs it — DROP INDEX CONCURRENTLY ${f.index};`;
    case 'duplicate_index':
      return `${f.exact ? 'duplicate' : 'redundant'} index ${f.index} on ${f.table} (${f.columns.join(', ')}, ${mib(f.bytes)}): ${f.coveredBy} ${f.exact ? 'has the same key' : 'starts with the same columns'} — DROP INDEX CONCURRENTLY ${f.index};`;
    case 'unindexed_foreign_key':
      return `foreign key ${f.constraint} on ${f.table} (${f.columns.join(', ')}) → ${f.references} has no index (${f.tableRows.toLocaleString('en-US')} rows): deleting or updating a row of ${f.references} scans ${f.table} — ${f.suggestion}`;
    case 'table_bloat':
      return `table ${f.table}: ~${mib(f.estimatedBloatBytes)} of ${mib(f.bytes)} estimated dead (${f.deadRows.toLocaleString('en-US')} dead rows, ${f.liveRows.toLocaleString('en-US')} live): VACUUM ${f.table}; check autovacuum`;
    case 'index_bloat':
      return `index ${f.index} on ${f.table}: ~${mib(f.estimatedBloatBytes)} of ${mib(f.bytes)} estimated bloat: REINDEX INDEX CONCURRENTLY ${f.index};`;
  }
}
