/**
 * Test harness for the Scope 3 category modules: a context with a fixed-rate currency converter
 * (the real one is separate), a small factor table with a broker-like lookup (supplier-specific
 * first when asked, then the region, then its parents), and helpers that drive records through the
 * real engine (planRecord → completeRecord).
 */
import { appendFileSync } from 'node:fs';
import { expect } from 'vitest';
import { builtinFactors } from '../../../src/domain/factors/builtin.ts';
import { parentRegions } from '../../../src/domain/factors/regions.ts';
import type { GasBreakdown, GwpSetName } from '../../../src/domain/factors/types.ts';
import { type CalculationResult, completeRecord, planRecord } from '../../../src/domain/scope3/engine.ts';
import {
  type CalcContext,
  CalculationError,
  type CurrencyConverter,
  type FactorNeed,
  type InputIssue,
  type UsedFactor,
} from '../../../src/domain/scope3/types.ts';

/** USD per unit of each currency; EUR at a fixed 1.10. */
const USD_PER: Record<string, number> = { USD: 1, EUR: 1.1 };

export const testConverter: CurrencyConverter = {
  convert(amount, currency, date, target, field) {
    const base = target.slice(0, 3);
    const from = USD_PER[currency];
    const to = USD_PER[base];
    if (from === undefined || to === undefined) throw new CalculationError([{ field, message: `no rate ${currency}→${base}` }]);
    const rate = from / to;
    return { value: amount * rate, unit: target, rate, rateDate: currency === base ? null : date, deflator: 1, warnings: [] };
  },
};

export const ctx: CalcContext = {
  settings: { gwpSet: 'AR5', capitalGoods: 'full_in_purchase_year', deflateSpend: false },
  currency: testConverter,
};

export const straightLineCtx: CalcContext = { ...ctx, settings: { ...ctx.settings, capitalGoods: 'straight_line' } };

export interface Row {
  activity: string;
  value: number;
  unit: string;
  region?: string;
  supplierId?: string;
  gases?: GasBreakdown;
  gwpSet?: GwpSetName;
}

/** The built-in defaults (src/domain/factors/builtin.ts), which the examples cite by value. */
export const BUILTIN: Row[] = builtinFactors.factors.map((f) => ({ activity: f.activity, value: f.value, unit: f.unit, region: f.region }));

function used(row: Row, need: FactorNeed, resolvedBy: string): UsedFactor {
  const region = row.region ?? 'GLOBAL';
  return {
    name: need.name,
    id: `test:${row.activity}:${region}${row.supplierId ? `:${row.supplierId}` : ''}`,
    value: row.value,
    unit: row.unit,
    datasetVersion: 'test',
    source: 'test table',
    gwpSet: row.gwpSet ?? 'AR5',
    gases: row.gases ?? null,
    uncertainty: 0.1,
    isProxy: false,
    resolvedBy,
    region,
    year: 2024,
  };
}

/** A broker-like lookup over `rows` keyed by activity, supplier and region. */
export function lookupFrom(rows: Row[]): (need: FactorNeed) => UsedFactor | null {
  return (need) => {
    const q = need.query;
    const candidates = rows.filter((r) => r.activity === q.activity);
    const own = q.supplierId ? candidates.find((r) => r.supplierId === q.supplierId) : undefined;
    if (own) return used(own, need, 'supplier_specific');
    const generic = candidates.filter((r) => r.supplierId === undefined);
    const region = (q.region ?? 'GLOBAL').toUpperCase();
    const exact = generic.find((r) => (r.region ?? 'GLOBAL') === region);
    if (exact) return used(exact, need, 'region_year_exact');
    for (const parent of parentRegions(region)) {
      const p = generic.find((r) => (r.region ?? 'GLOBAL') === parent);
      if (p) return used(p, need, 'parent_region');
    }
    return null;
  };
}

export type Outcome = { ok: true; result: CalculationResult } | { ok: false; issues: InputIssue[] };

/** Plans and completes a record against `rows` (plus the built-ins) through the real engine. */
export function run(raw: Record<string, unknown>, rows: Row[] = [], c: CalcContext = ctx): Outcome {
  const planned = planRecord(raw, c);
  if (!planned.ok) return planned;
  const out = completeRecord(planned.planned, lookupFrom([...rows, ...BUILTIN]), c);
  if (out.ok && process.env.SCOPE3_GOLDEN_OUT) recordGolden(raw, rows, c, out.result);
  return out;
}

/**
 * With SCOPE3_GOLDEN_OUT=<file>, every result the category tests compute is appended to the file:
 * the record, its factor rows, the context and the lineage hash (test/fixtures/scope3-golden.jsonl,
 * replayed by lineage-stability.test.ts so new methods never change an old record's result).
 */
function recordGolden(raw: Record<string, unknown>, rows: Row[], c: CalcContext, r: CalculationResult): void {
  const line = { record: raw, rows, settings: c.settings, importedGwp: c.importedGwp ?? null, method: r.method, kgCo2e: r.kgCo2e, lineageHash: r.lineageHash };
  appendFileSync(process.env.SCOPE3_GOLDEN_OUT!, `${JSON.stringify(line)}\n`);
}

/** The result of a record that must calculate. */
export function calc(raw: Record<string, unknown>, rows: Row[] = [], c: CalcContext = ctx): CalculationResult {
  const out = run(raw, rows, c);
  if (!out.ok) throw new Error(`expected a result, got issues ${JSON.stringify(out.issues)}`);
  return out.result;
}

/** The issues of a record that must fail (at planning or at completion). */
export function issues(raw: Record<string, unknown>, rows: Row[] = [], c: CalcContext = ctx): InputIssue[] {
  const out = run(raw, rows, c);
  if (out.ok) throw new Error(`expected issues, got ${out.result.kgCo2e} kg`);
  return out.issues;
}

/** The sorted field names of a failing record's issues. */
export function issueFields(raw: Record<string, unknown>, rows: Row[] = [], c: CalcContext = ctx): string[] {
  return issues(raw, rows, c)
    .map((i) => i.field)
    .sort();
}

/** Asserts the skipped list holds a method with a reason containing `reason`. */
export function expectSkipped(result: CalculationResult, tier: number, method: string, reason: string): void {
  const s = result.tierFallback.skipped.find((x) => x.tier === tier && x.method === method);
  expect(s, `skipped ${method} in ${JSON.stringify(result.tierFallback.skipped)}`).toBeDefined();
  expect(s!.reason).toContain(reason);
}

/** Factors for the leased-asset examples (categories 8 and 13). */
export const LEASED_ROWS: Row[] = [
  { activity: 'electricity.grid', value: 0.38, unit: 'kgCO2e/kWh', region: 'DE' },
  { activity: 'electricity.grid', value: 0.37, unit: 'kgCO2e/kWh', region: 'US' },
  { activity: 'fuel.natural_gas', value: 2.02, unit: 'kgCO2e/m3' },
  { activity: 'building.office', value: 55, unit: 'kgCO2e/m2' },
  { activity: 'eeio.naics.531120', value: 0.1, unit: 'kgCO2e/USD', region: 'US' },
];
