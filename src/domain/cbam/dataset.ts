/**
 * Lookups on a CBAM data set (types.ts CbamDataset; docs/cbam.md, Data sets). Each answers
 * undefined where the data has nothing, so the caller says what is missing. A data set is treated
 * as immutable: its prefix indexes are built once per object.
 */
import type { CbamDataset } from './types.ts';

type DefaultRow = CbamDataset['defaults'][number];

/** Rows by `country|prefix` (country '' for world rows), and the prefix lengths present. */
interface PrefixIndex<T> {
  rows: Map<string, T>;
  lengths: number[];
}

function indexRows<T extends { prefix: string }>(rows: readonly T[], country: (row: T) => string): PrefixIndex<T> {
  const map = new Map<string, T>();
  for (const row of rows) map.set(`${country(row)}|${row.prefix}`, row);
  const lengths = [...new Set(rows.map((r) => r.prefix.length))].sort((a, b) => b - a);
  return { rows: map, lengths };
}

function longestPrefix<T>(index: PrefixIndex<T>, country: string, cn: string): T | undefined {
  for (const n of index.lengths) {
    if (n > cn.length) continue;
    const row = index.rows.get(`${country}|${cn.slice(0, n)}`);
    if (row) return row;
  }
  return undefined;
}

const DEFAULTS = new WeakMap<CbamDataset, PrefixIndex<DefaultRow>>();
const BENCHMARKS = new WeakMap<CbamDataset, PrefixIndex<CbamDataset['benchmarks'][number]>>();

/** The value of a by-year schedule for `year`: the latest listed year not after it; `before` ahead of the first. */
function bySchedule(rows: ReadonlyArray<{ year: number; pct: number }>, year: number, before: number): number | undefined {
  if (rows.length === 0) return undefined;
  let best: { year: number; pct: number } | undefined;
  for (const r of rows) if (r.year <= year && (best === undefined || r.year > best.year)) best = r;
  return best ? best.pct : before;
}

/**
 * Mark-up percent on default values for imports of `year` (of CN code `cn` when given): rows for
 * the longest CN prefix covering `cn` win over the general rows. Years after the last listed take
 * the last, years before the first 0; undefined when the data set lists no mark-ups.
 */
export function markupPct(ds: CbamDataset, year: number, cn?: string): number | undefined {
  let prefix: string | undefined;
  if (cn !== undefined) {
    for (const m of ds.markups) if (m.prefix !== undefined && cn.startsWith(m.prefix) && m.prefix.length > (prefix?.length ?? 0)) prefix = m.prefix;
  }
  let found = false;
  let best: { year: number; pct: number } | undefined;
  for (const m of ds.markups) {
    if (m.prefix !== prefix) continue;
    found = true;
    if (m.year <= year && (best === undefined || m.year > best.year)) best = m;
  }
  return found ? (best?.pct ?? 0) : undefined;
}

/** Percent of free allocation still given in `year` (CBAM factor): 100 before the first listed year, the last after it. */
export function freeAllocationPct(ds: CbamDataset, year: number): number | undefined {
  return bySchedule(ds.freeAllocation, year, 100);
}

/** Benchmark, tCO2e per tonne, for a CN code: the row with the longest prefix of it. */
export function benchmarkFor(ds: CbamDataset, cn: string): number | undefined {
  let index = BENCHMARKS.get(ds);
  if (!index) {
    index = indexRows(ds.benchmarks, () => '');
    BENCHMARKS.set(ds, index);
  }
  return longestPrefix(index, '', cn)?.value;
}

/** Default SEE for a CN code from an origin: a row for the country wins over world rows; within each, the longest prefix. */
export function defaultSee(ds: CbamDataset, cn: string, country: string): DefaultRow | undefined {
  let index = DEFAULTS.get(ds);
  if (!index) {
    index = indexRows(ds.defaults, (r) => r.country ?? '');
    DEFAULTS.set(ds, index);
  }
  return longestPrefix(index, country, cn) ?? longestPrefix(index, '', cn);
}

/** Certificate price for a period (`2026`, `2026-Q1`, `2026-W05`): its own row, else its year's. */
export function certificatePrice(ds: CbamDataset, period: string): { period: string; eurPerT: number } | undefined {
  return ds.prices.find((p) => p.period === period) ?? ds.prices.find((p) => p.period === period.slice(0, 4));
}
