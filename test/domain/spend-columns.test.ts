import { describe, expect, it } from 'vitest';
import { createCurrencyConverter } from '../../src/domain/currency.ts';
import { completeRecord, planRecord } from '../../src/domain/scope3/engine.ts';
import { calculateSpendColumns, type SpendColumns } from '../../src/domain/scope3/spend-columns.ts';
import type { CalcContext, UsedFactor } from '../../src/domain/scope3/types.ts';

const ctx: CalcContext = {
  settings: { gwpSet: 'AR5', capitalGoods: 'full_in_purchase_year', deflateSpend: true },
  currency: createCurrencyConverter({ deflateSpend: true }),
};

const factor = (activity: string, value: number): UsedFactor => ({
  name: 'eeio_factor',
  id: `fac_${activity}`,
  value,
  unit: 'kgCO2e/USD2022',
  datasetVersion: 'v1.3.0',
  source: 'US EPA Supply Chain GHG Emission Factors',
  gwpSet: 'AR5',
  gases: null,
  uncertainty: null,
  isProxy: false,
  resolvedBy: 'region_year_exact',
  region: 'US',
  year: 2022,
});
const FACTORS: Record<string, UsedFactor> = {
  'eeio.naics.331110': factor('eeio.naics.331110', 0.787),
  'eeio.naics.541511': factor('eeio.naics.541511', 0.094),
};

function columns(rows: Array<{ spend: number; year: number; currency: string; naics: string }>): SpendColumns {
  const currencies = [...new Set(rows.map((r) => r.currency))];
  const activities = [...new Set(rows.map((r) => `eeio.naics.${r.naics}`))];
  return {
    spend: Float64Array.from(rows.map((r) => r.spend)),
    year: Uint16Array.from(rows.map((r) => r.year)),
    currency: Uint16Array.from(rows.map((r) => currencies.indexOf(r.currency))),
    activity: Uint32Array.from(rows.map((r) => activities.indexOf(`eeio.naics.${r.naics}`))),
    currencies,
    activities,
  };
}

describe('calculateSpendColumns', () => {
  it('gives bit-for-bit the numbers of the engine’s spend-based method', () => {
    let s = 12_345;
    const rand = () => {
      s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
      return s / 2 ** 32;
    };
    const rows = Array.from({ length: 500 }, () => ({
      spend: Math.round(rand() * 1e7) / 100,
      year: 2016 + Math.floor(rand() * 9),
      currency: ['USD', 'EUR', 'GBP', 'JPY'][Math.floor(rand() * 4)]!,
      naics: rand() < 0.5 ? '331110' : '541511',
    }));
    const out = calculateSpendColumns(columns(rows), (a) => FACTORS[a] ?? null, ctx);
    expect(out.errors).toEqual([]);
    rows.forEach((r, i) => {
      const p = planRecord({ category: 1, date: `${r.year}-06-15`, spend: r.spend, currency: r.currency, naics: r.naics }, ctx);
      if (!p.ok) throw new Error(JSON.stringify(p.issues));
      const c = completeRecord(p.planned, (need) => (need.query.activity.startsWith('eeio.') ? FACTORS[need.query.activity]! : null), ctx);
      if (!c.ok) throw new Error(JSON.stringify(c.issues));
      expect(out.kgCo2e[i]).toBe(c.result.kgCo2e);
    });
    expect(out.totalKg).toBeCloseTo(
      out.kgCo2e.reduce((a, b) => a + b, 0),
      6,
    );
  });

  it('computes a hand-worked row: 1,000 USD spent in 2022 on NAICS 331110 × 0.787 = 787 kg', () => {
    const out = calculateSpendColumns(columns([{ spend: 1000, year: 2022, currency: 'USD', naics: '331110' }]), (a) => FACTORS[a] ?? null, ctx);
    expect(out.kgCo2e[0]).toBe(787);
  });

  it('reports bad rows by index and keeps the good ones', () => {
    const cols = columns([
      { spend: 100, year: 2022, currency: 'USD', naics: '331110' },
      { spend: -5, year: 2022, currency: 'USD', naics: '331110' },
      { spend: 100, year: 2022, currency: 'XYZ', naics: '331110' },
      { spend: 100, year: 2022, currency: 'USD', naics: '999999' },
    ]);
    const out = calculateSpendColumns(cols, (a) => FACTORS[a] ?? null, ctx);
    expect(out.kgCo2e[0]).toBeCloseTo(78.7, 10);
    expect(out.errors.map((e) => [e.index, e.field])).toEqual([
      [1, 'spend'],
      [2, 'spend'],
      [3, 'activity'],
    ]);
    expect(out.errors[1]!.message).toContain('unknown currency "XYZ"');
  });

  it('hashes the batch: same inputs same hash, any changed spend a different one', () => {
    const rows = [
      { spend: 100, year: 2022, currency: 'USD', naics: '331110' },
      { spend: 250, year: 2020, currency: 'EUR', naics: '541511' },
    ];
    const a = calculateSpendColumns(columns(rows), (x) => FACTORS[x] ?? null, ctx);
    const b = calculateSpendColumns(columns(rows), (x) => FACTORS[x] ?? null, ctx);
    expect(a.lineageHash).toBe(b.lineageHash);
    const changed = calculateSpendColumns(columns([rows[0]!, { ...rows[1]!, spend: 251 }]), (x) => FACTORS[x] ?? null, ctx);
    expect(changed.lineageHash).not.toBe(a.lineageHash);
  });
});
