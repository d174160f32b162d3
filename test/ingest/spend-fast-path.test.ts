/**
 * The fast path writes exactly what the engine writes: for every plain spend line, the COPY line
 * (kg, lineage hash, data quality, CV, input and lineage document) is byte-for-byte the engine's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRows } from '../../src/ingest/generate.ts';
import { CsvReader } from '../../src/ingest/csv.ts';
import { planColumns, RECORD_TYPE_DEFS, recordFromText } from '../../src/ingest/record-types.ts';
import { SpendFastPath, spendGroupKey } from '../../src/ingest/spend-fast-path.ts';
import { prepareDatabase } from '../../src/runtime.ts';
import { CalculationSession } from '../../src/store/calculation-session.ts';
import { DEFAULT_SETTINGS, EmissionWriter } from '../../src/store/calculations.ts';
import type { SqlDriver } from '../../src/store/driver.ts';
import { createTenantFactor } from '../../src/store/factors.ts';
import { ensureTenant } from '../../src/store/tenants.ts';
import { type DriverFixture, pgliteFactory } from '../support/databases.ts';

function purchaseRecords(rows: number, seed: number): Record<string, unknown>[] {
  const reader = new CsvReader();
  const items = [...generateRows({ type: 'purchases', rows, seed })].flatMap((t) => reader.push(t)).concat(reader.end());
  const header = items.shift() as { cells: string[] };
  const plan = planColumns(RECORD_TYPE_DEFS.purchases, header.cells);
  return items.map((it) => {
    const o = recordFromText(RECORD_TYPE_DEFS.purchases, plan, (it as { cells: string[] }).cells);
    if (!o.ok) throw new Error('generated rows are valid');
    return o.record;
  });
}

describe('spend fast path', () => {
  let fx: DriverFixture;
  let db: SqlDriver;
  let tenantId: string;
  beforeAll(async () => {
    fx = await pgliteFactory();
    db = fx.driver;
    await prepareDatabase(db, { cursorSecret: null });
    tenantId = (await ensureTenant(db, 'fast')).id;
    // NAICS factors in 2022 dollars for some of the generator's codes (the rest fall back to the
    // sector average), so both methods, exchange rates and deflation are exercised.
    for (const [naics, value] of [['541618', 0.1], ['237130', 0.41], ['532289', 0.173], ['813940', 0.09]] as const) {
      await createTenantFactor(db, tenantId, { activity: `eeio.naics.${naics}`, name: `NAICS ${naics}`, value, unit: 'kgCO2e/USD2022', year: 2022, region: 'US', category: 1 });
    }
  });
  afterAll(async () => {
    await fx?.close();
  });

  it('gives byte-identical COPY lines to the engine for 3,000 generated lines', async () => {
    const records = purchaseRecords(3_000, 11);
    const engineWriter = new EmissionWriter(tenantId, DEFAULT_SETTINGS, 'bat_x');
    const fastWriter = new EmissionWriter(tenantId, DEFAULT_SETTINGS, 'bat_x');
    const session = new CalculationSession(db, tenantId, DEFAULT_SETTINGS);
    const fast = new SpendFastPath(fastWriter);
    const planned = await session.prepare(records);
    let compared = 0;
    const methods = new Set<string>();
    for (let i = 0; i < records.length; i++) {
      const p = planned[i]!;
      if (!p.ok) throw new Error(`record ${i} should plan`);
      const done = session.complete(p.planned);
      if (!done.ok) throw new Error(`record ${i} should calculate`);
      const key = spendGroupKey(records[i]!);
      expect(key).not.toBeNull();
      if (!fast.has(key!)) fast.learn(key!, done.result);
      const id = `calc_${String(i).padStart(32, '0')}`;
      const expected = engineWriter.line(id, records[i]!, p.planned, done.result, i + 1);
      const got = fast.line(key!, id, records[i]!, i + 1);
      expect(got?.line).toBe(expected);
      expect(got?.kg).toBe(done.result.kgCo2e);
      methods.add(done.result.method);
      compared++;
    }
    expect(compared).toBe(3_000);
    expect([...methods].sort()).toEqual(['spend_based', 'spend_based_sector']);
    // Both writers cite the same lineage parts.
    expect(fastWriter.parts.size).toBeGreaterThan(0);
  });

  it('leaves anything but a plain spend line to the engine', () => {
    const base = { category: 1, date: '2024-02-29', spend: 10, currency: 'USD', naics: '541618' };
    expect(spendGroupKey(base)).toBe('541618|average|USD|2024');
    expect(spendGroupKey({ ...base, supplier_id: 'sup_1' })).toBeNull();
    expect(spendGroupKey({ ...base, product: 'steel' })).toBeNull();
    expect(spendGroupKey({ ...base, date: '2023-02-29' })).toBeNull();
    expect(spendGroupKey({ ...base, spend: -1 })).toBeNull();
    expect(spendGroupKey({ ...base, spend: '10' })).toBeNull();
    expect(spendGroupKey({ ...base, currency: 'usd' })).toBeNull();
    expect(spendGroupKey({ ...base, sector: 'mining' })).toBeNull();
    expect(spendGroupKey({ ...base, category: 2 })).toBeNull();
  });
});
