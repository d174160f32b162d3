/**
 * Reads a plan from `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)` and names what is worth fixing:
 * sequential scans of large tables (with the index that would serve the filter), row
 * misestimates (the planner's guess off by a factor of 10 or more, which leads it to wrong
 * joins), sorts and hashes that spilled to disk. Pure: the plan in, findings out.
 */

/** One node of PostgreSQL's JSON plan; only the fields read here. */
export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Alias?: string;
  'Index Name'?: string;
  'Plan Rows'?: number;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Actual Total Time'?: number;
  'Rows Removed by Filter'?: number;
  Filter?: string;
  'Index Cond'?: string;
  'Sort Key'?: string[];
  'Sort Method'?: string;
  'Sort Space Used'?: number;
  'Sort Space Type'?: string;
  'Hash Batches'?: number;
  'Original Hash Batches'?: number;
  'Peak Memory Usage'?: number;
  'Shared Read Blocks'?: number;
  'Temp Written Blocks'?: number;
  Workers?: Array<Record<string, unknown>>;
  Plans?: PlanNode[];
}

/** One element of the JSON array EXPLAIN returns. */
export interface ExplainResult {
  Plan: PlanNode;
  'Planning Time'?: number;
  'Execution Time'?: number;
}

export interface AnalysisOptions {
  /** A sequential scan of a table with at least this many rows is flagged (default 10,000). */
  largeTableRows?: number;
  /** Actual / estimated rows (or the inverse) from which a node is a misestimate (default 10). */
  misestimateFactor?: number;
  /** Misestimates where both counts, over all loops, stay below this are noise, not flagged (default 100). */
  misestimateMinRows?: number;
  /** Rows per table as the catalog knows them (pg_class.reltuples): a scan that stopped early (LIMIT) still reads a large table. */
  tableRows?: Readonly<Record<string, number>>;
}

export const DEFAULT_ANALYSIS = { largeTableRows: 10_000, misestimateFactor: 10, misestimateMinRows: 100 } as const;

export interface IndexSuggestion {
  table: string;
  /** Equality columns first, in the filter's order, then one range column. */
  columns: string[];
  sql: string;
}

export type Finding =
  | { kind: 'seq_scan'; table: string; rows: number; filter: string | null; suggestion: IndexSuggestion | null }
  | { kind: 'misestimate'; node: string; table: string | null; estimatedRows: number; actualRows: number; factor: number }
  | { kind: 'sort_spill'; method: string; spaceKb: number; sortKey: string[] }
  | { kind: 'hash_spill'; batches: number; originalBatches: number; table: string | null };

/** Every node, depth first, the root first. */
export function planNodes(root: PlanNode): PlanNode[] {
  const out: PlanNode[] = [];
  const walk = (node: PlanNode) => {
    out.push(node);
    for (const child of node.Plans ?? []) walk(child);
  };
  walk(root);
  return out;
}

export function analyzePlan(result: ExplainResult, options: AnalysisOptions = {}): Finding[] {
  const o = { ...DEFAULT_ANALYSIS, ...options };
  const misestimated = misestimates(result.Plan, o.misestimateFactor, o.misestimateMinRows);
  const findings: Finding[] = [];
  for (const node of planNodes(result.Plan)) {
    const seq = seqScan(node, o.largeTableRows, o.tableRows);
    if (seq) findings.push(seq);
    const mis = misestimated.get(node);
    if (mis) findings.push(mis);
    const spill = sortSpill(node) ?? hashSpill(node);
    if (spill) findings.push(spill);
  }
  return findings;
}

/**
 * Misestimates where they start: a node is flagged only when none of its inputs is (a Sort or a
 * Limit above a misjudged scan inherits the error, it does not make one). Under a Limit the
 * planner's counts are for a full run that the Limit cuts short, so fewer rows than estimated
 * there is no error.
 */
function misestimates(root: PlanNode, factor: number, minRows: number): Map<PlanNode, Finding> {
  const found = new Map<PlanNode, Finding>();
  const walk = (node: PlanNode, underLimit: boolean): boolean => {
    const limited = underLimit || node['Node Type'] === 'Limit';
    let below = false;
    for (const child of node.Plans ?? []) below = walk(child, limited) || below;
    if (below) return true;
    const mis = misestimate(node, factor, minRows, underLimit);
    if (mis) found.set(node, mis);
    return mis !== null;
  };
  walk(root, false);
  return found;
}

function seqScan(node: PlanNode, largeTableRows: number, tableRows: AnalysisOptions['tableRows']): Finding | null {
  const table = node['Relation Name'];
  if (node['Node Type'] !== 'Seq Scan' || !table) return null;
  const loops = node['Actual Loops'] ?? 1;
  // Rows the scan read: those it returned and those its filter threw away, over every loop.
  const read = ((node['Actual Rows'] ?? 0) + (node['Rows Removed by Filter'] ?? 0)) * loops;
  const rows = Math.max(read, tableRows?.[table] ?? 0, node['Actual Rows'] === undefined ? (node['Plan Rows'] ?? 0) : 0);
  if (rows < largeTableRows) return null;
  const filter = node.Filter ?? null;
  return { kind: 'seq_scan', table, rows: Math.round(rows), filter, suggestion: filter ? suggestIndex(table, filter, node.Alias) : null };
}

function misestimate(node: PlanNode, factor: number, minRows: number, underLimit: boolean): Finding | null {
  const loops = node['Actual Loops'];
  const actual = node['Actual Rows'];
  const estimated = node['Plan Rows'];
  // Not run (loops 0) or not ANALYZEd: nothing to compare. Both counts are per loop.
  if (!loops || actual === undefined || estimated === undefined) return null;
  // Small either way over all loops: a wrong guess there cannot cost much.
  if (Math.max(actual, estimated) * loops < minRows) return null;
  if (underLimit && actual < estimated) return null;
  const off = Math.max(actual, 1) / Math.max(estimated, 1);
  const ratio = off >= 1 ? off : 1 / off;
  if (ratio < factor) return null;
  return {
    kind: 'misestimate',
    node: node['Node Type'],
    table: node['Relation Name'] ?? null,
    estimatedRows: estimated,
    actualRows: actual,
    factor: Math.round(ratio * 10) / 10,
  };
}

function sortSpill(node: PlanNode): Finding | null {
  if (!/Sort$/.test(node['Node Type'])) return null;
  const workers = (node.Workers ?? []).filter((w) => w['Sort Space Type'] === 'Disk');
  const onDisk = node['Sort Space Type'] === 'Disk' || /external/i.test(node['Sort Method'] ?? '') || workers.length > 0;
  if (!onDisk) return null;
  const spaceKb =
    (node['Sort Space Type'] === 'Disk' ? (node['Sort Space Used'] ?? 0) : 0) + workers.reduce((kb, w) => kb + Number(w['Sort Space Used'] ?? 0), 0);
  return { kind: 'sort_spill', method: node['Sort Method'] ?? String(workers[0]?.['Sort Method'] ?? 'external'), spaceKb, sortKey: node['Sort Key'] ?? [] };
}

function hashSpill(node: PlanNode): Finding | null {
  const batches = node['Hash Batches'];
  if (node['Node Type'] !== 'Hash' || batches === undefined || batches <= 1) return null;
  const scanned = node.Plans?.[0]?.['Relation Name'] ?? null;
  return { kind: 'hash_spill', batches, originalBatches: node['Original Hash Batches'] ?? batches, table: scanned };
}

const IDENTIFIER = '(?:"[^"]+"|[a-z_][a-z0-9_$]*)';
/** `column op` or `(column)::type op`, where op compares with something an index can seek to. */
const COMPARISON = new RegExp(String.raw`\(*(?:(${IDENTIFIER})\.)?(${IDENTIFIER})\)*(?:::[a-z_ ]+(?:\[\])?)?\s+(=|<=|>=|<|>|~~|IS NULL|= ANY)(?![=>])`, 'gi');
const RANGE = new Set(['<', '<=', '>', '>=', '~~']);
const NOT_COLUMNS = new Set(['and', 'or', 'not', 'true', 'false', 'null', 'any', 'all']);

/**
 * The index that would answer a scan's filter: the columns compared by equality (in the order
 * the filter names them), then the first column compared by a range or prefix. Columns of other
 * relations (a join's outer side) are left out; so are `<>` and function calls, which a plain
 * index cannot serve. null when the filter leaves no column to index.
 */
export function suggestIndex(table: string, filter: string, alias?: string): IndexSuggestion | null {
  const equality: string[] = [];
  const range: string[] = [];
  const own = new Set([table, alias].filter((x): x is string => Boolean(x)).map(unquote));
  // Literals could look like comparisons ('a = b'); blank them first.
  const text = filter.replace(/'(?:[^']|'')*'/g, "''");
  const alternatives = orGroups(text);
  for (const m of text.matchAll(COMPARISON)) {
    const [, qualifier, rawColumn, op] = m;
    // A comparison under an OR does not narrow the scan by itself.
    const at = m.index + m[0].indexOf(rawColumn!);
    if (alternatives.some(([from, to]) => at > from && at < to)) continue;
    const column = unquote(rawColumn!);
    if (qualifier && !own.has(unquote(qualifier))) continue;
    if (NOT_COLUMNS.has(column.toLowerCase()) || /^\$\d+$/.test(column)) continue;
    // A function call: `lower(name) = …` would need an expression index.
    if (m[0].startsWith('(') && /[a-z0-9_]$/i.test(text.slice(0, m.index))) continue;
    const target = (op ?? '').toUpperCase() === 'IS NULL' ? null : RANGE.has(op!) ? range : equality;
    if (target && !equality.includes(column) && !range.includes(column)) target.push(column);
  }
  const columns = [...equality, ...range.slice(0, 1)];
  if (columns.length === 0) return null;
  return { table, columns, sql: `CREATE INDEX CONCURRENTLY ON ${quote(table)} (${columns.map(quote).join(', ')});` };
}

/** The spans (open, close) of parenthesised groups joined by OR at their own level; the whole text when OR is at the top. */
function orGroups(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  const open: Array<{ at: number; or: boolean }> = [{ at: -1, or: false }];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') open.push({ at: i, or: false });
    else if (c === ')' && open.length > 1) {
      const group = open.pop()!;
      if (group.or) spans.push([group.at, i]);
    } else if (c === ' ' && text.startsWith(' OR ', i)) open[open.length - 1]!.or = true;
  }
  if (open[0]!.or) spans.push([-1, text.length]);
  return spans;
}

function quote(identifier: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(identifier) ? identifier : `"${identifier.replaceAll('"', '""')}"`;
}

function unquote(identifier: string): string {
  return identifier.startsWith('"') ? identifier.slice(1, -1) : identifier;
}

/** One line per finding, for the terminal. */
export function describeFinding(f: Finding): string {
  switch (f.kind) {
    case 'seq_scan':
      return `sequential scan of ${f.table} (${f.rows.toLocaleString('en-US')} rows)${f.filter ? ` filtering ${f.filter}` : ''}${f.suggestion ? `; suggested index: ${f.suggestion.sql}` : ''}`;
    case 'misestimate':
      return `row misestimate ×${f.factor} at ${f.node}${f.table ? ` on ${f.table}` : ''}: estimated ${f.estimatedRows}, actual ${f.actualRows} rows per loop (${
        f.table
          ? `ANALYZE ${f.table}; if it stays, the filter's columns are correlated: CREATE STATISTICS on them`
          : 'its inputs were estimated right: correlated join or grouping columns, see CREATE STATISTICS'
      })`;
    case 'sort_spill':
      return `sort spilled to disk (${f.method}, ${f.spaceKb} kB)${f.sortKey.length ? ` on ${f.sortKey.join(', ')}` : ''}: raise work_mem above ${Math.ceil((f.spaceKb * 2) / 1024)} MB for this query, or index the sort key`;
    case 'hash_spill':
      return `hash spilled to disk (${f.batches} batches, planned ${f.originalBatches})${f.table ? ` building on ${f.table}` : ''}: raise work_mem`;
  }
}
