/**
 * The fast path writes what the engine writes: for every plain spend line, every COPY column (kg,
 * lineage hash, data quality, CV…) is byte-for-byte the engine's, except the input and the lineage
 * document: the row keeps only its amount and cites a template; read back, they give the engine's
 * input and stored calculation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRows } from '../../src/ingest/generate.ts';
import { CsvReader } from '../../src/ingest/csv.ts';
import { planColumns, RECORD_TYPE_DEFS, recordFromText } from '../../src/ingest/record-types.ts';
import { SpendFastPath, SpendTemplates, spendCells, spendGroupKey } from '../../src/ingest/spend-fast-path.ts';
import { type EmissionDetail, loadParts, storedFromDetail, templateInput } from '../../src/store/calculation-parts.ts';
import { CopyBuffer } from '../../src/store/copy-text.ts';
import { RollupAccumulator } from '../../src/store/rollups.ts';
import { prepareDatabase } from '../../src/runtime.ts';
import { CalculationSession } from '../../src/calculate/session.ts';
import { DEFAULT_SETTINGS } from '../../src/domain/scope3/types.ts';
import { EMISSION_COLUMNS, EmissionWriter } from '../../src/store/emission-row.ts';
import type { SqlDriver } from '../../src/store/driver.ts';
import { createTenantFactor } from '../../src/store/factors.ts';
import { ensureTenant, tenantKey } from '../../src/store/tenants.ts';
import { type DriverFixture, pgliteFactory } from '../support/databases.ts';

function purchaseRows(rows: number, seed: number) {
  const reader = new CsvReader();
  const items = [...generateRows({ type: 'purchases', rows, seed })].flatMap((t) => reader.push(t)).concat(reader.end());
  const header = items.shift() as { cells: string[] };
  // A quoted external id with a quote, a backslash and a comma in it, like a real ERP export.
  (items[5] as { cells: string[] }).cells[1] = 'PO "7\\2", rev';
  const plan = planColumns(RECORD_TYPE_DEFS.purchases, header.cells);
  return {
    plan,
    rows: items.map((it) => {
      const cells = (it as { cells: string[] }).cells;
      const o = recordFromText(RECORD_TYPE_DEFS.purchases, plan, cells);
      if (!o.ok) throw new Error('generated rows are valid');
      return { cells, record: o.record };
    }),
  };
}

/** A COPY line's column positions by name. */
const COLUMN = Object.fromEntries(EMISSION_COLUMNS.map((name, i) => [name, i])) as Record<(typeof EMISSION_COLUMNS)[number], number>;

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
    for (const [naics, value] of [
      ['541618', 0.1],
      ['237130', 0.41],
      ['532289', 0.173],
      ['813940', 0.09],
    ] as const) {
      await createTenantFactor(db, tenantId, {
        activity: `eeio.naics.${naics}`,
        name: `NAICS ${naics}`,
        value,
        unit: 'kgCO2e/USD2022',
        year: 2022,
        region: 'US',
        category: 1,
      });
    }
  });
  afterAll(async () => {
    await fx?.close();
  });

  it('writes the engine’s columns for 3,000 generated lines, and a lineage document that reads back as the engine’s', async () => {
    const { plan, rows } = purchaseRows(3_000, 11);
    const tenant = await tenantKey(db, tenantId);
    const engineWriter = new EmissionWriter(tenant, DEFAULT_SETTINGS, 'bat_x');
    const fastWriter = new EmissionWriter(tenant, DEFAULT_SETTINGS, 'bat_x');
    const session = new CalculationSession(db, tenantId, DEFAULT_SETTINGS);
    const fast = new SpendFastPath(new SpendTemplates(fastWriter));
    const cols = spendCells(plan);
    const planned = await session.prepare(rows.map((r) => r.record));
    const methods = new Set<string>();
    const fastRollup = new RollupAccumulator();
    const engineRollup = new RollupAccumulator();
    const details: Array<{ fast: string; engine: string; record: Record<string, unknown>; date: string; ext: string }> = [];
    for (let i = 0; i < rows.length; i++) {
      const { cells, record } = rows[i]!;
      const p = planned[i]!;
      if (!p.ok) throw new Error(`record ${i} should plan`);
      const done = session.complete(p.planned);
      if (!done.ok) throw new Error(`record ${i} should calculate`);
      const key = fast.keyOfCells(cols, cells);
      expect(key).toBe(spendGroupKey(record));
      if (!fast.templates.has(key!)) fast.templates.learn(key!, done.result, record);
      const id = `calc_${String(i).padStart(32, '0')}`;
      const expected = engineWriter.line(id, record, p.planned, done.result, i + 1).split('\t');
      const cellsOut = new CopyBuffer(16);
      const recordOut = new CopyBuffer(16);
      expect(fast.writeCells(cellsOut, fastRollup, key!, id, cols, cells, i + 1)).toBe(done.result.kgCo2e);
      expect(fast.writeRecord(recordOut, new RollupAccumulator(), key!, id, record, i + 1)).toBe(done.result.kgCo2e);
      const r = done.result;
      engineRollup.add(r.date, r.category, r.tier, r.supplierId, r.kgCo2e, r.dataQuality.score);
      const line = cellsOut.take().toString();
      expect(recordOut.take().toString()).toBe(line);
      const got = line.split('\t');
      expect(got.length).toBe(expected.length);
      // Every column but the input and the lineage document is the engine's, byte for byte.
      const others = (cols: string[]) => cols.filter((_, c) => c !== COLUMN.input && c !== COLUMN.detail);
      expect(others(got)).toEqual(others(expected));
      expect(got[COLUMN.input]).toBe('\\N');
      if (i % 97 === 0 || i === 5)
        details.push({ fast: got[COLUMN.detail]!, engine: expected[COLUMN.detail]!, record, date: got[COLUMN.activity_date]!, ext: got[COLUMN.external_id]! });
      methods.add(done.result.method);
    }
    expect([...methods].sort()).toEqual(['spend_based', 'spend_based_sector']);
    // The fast path adds to the reporting rollups exactly what the engine's results would.
    expect(fastRollup.rows()).toEqual(engineRollup.rows());
    await engineWriter.parts.store(db);
    await fastWriter.parts.store(db);
    const parse = (copyText: string) => JSON.parse(copyText.replaceAll('\\\\', '\\')) as EmissionDetail;
    const fromCopyText = (copyText: string) => copyText.replace(/\\(.)/g, (_, c: string) => ({ t: '\t', n: '\n', r: '\r' })[c] ?? c);
    for (const d of details) {
      const fast = parse(d.fast);
      const engine = parse(d.engine);
      expect(d.fast.length).toBeLessThan(d.engine.length / 4);
      const fastParts = await loadParts(db, fast);
      expect(storedFromDetail(fast, 0, fastParts)).toEqual(storedFromDetail(engine, 0, await loadParts(db, engine)));
      expect(templateInput(fast, fastParts, d.date, d.ext === '\\N' ? null : fromCopyText(d.ext))).toEqual(d.record);
    }
  });

  it('leaves anything but a plain spend line to the engine', () => {
    const base = { category: 1, date: '2024-02-29', spend: 10, currency: 'USD', naics: '541618' };
    expect(spendGroupKey(base)).toBe('541618||USD|2024');
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
