/**
 * No silent fallbacks (issue 21): a factor that stands in for one the record asked for — the sector
 * average for an unknown NAICS code, the treatment average for an unknown waste type, the global
 * value for a region the data set does not cover — is a proxy, and the result warns naming the
 * missing key. Warnings carry a stable code.
 */
import { describe, expect, it } from 'vitest';
import type { FactorRecord } from '../../../src/domain/factors/types.ts';
import { groupCandidates, resolveFactor } from '../../../src/domain/factors/resolve.ts';
import { completeRecord, planRecord } from '../../../src/domain/scope3/engine.ts';
import type { FactorNeed, UsedFactor } from '../../../src/domain/scope3/types.ts';
import { BUILTIN, calc, ctx, lookupFrom, type Row } from './harness.ts';

const rows: Row[] = [
  { activity: 'eeio.naics.331110', value: 1.2, unit: 'kgCO2e/USD', region: 'US' },
  { activity: 'waste.incineration', value: 21, unit: 'kgCO2e/t' },
  { activity: 'waste.incineration.plastics', value: 21.28, unit: 'kgCO2e/t' },
];
const spend = { category: 1, date: '2024-02-15', spend: 1000, currency: 'USD' };

describe('an unknown NAICS code', () => {
  it('takes the sector average as a proxy and warns naming the code’s key (it used to say is_proxy false, no warning)', () => {
    const r = calc({ ...spend, naics: '999999', sector: 'services' }, rows);
    expect(r.method).toBe('spend_based_sector');
    expect(r.factors).toMatchObject([{ name: 'eeio_factor', value: 0.22, isProxy: true }]);
    expect(r.warnings).toEqual([
      { code: 'FACTOR_KEY_NOT_FOUND', message: expect.stringContaining('no factor for eeio.naics.999999 in US; spend.services stands in for it (is_proxy)') },
    ]);
    // 1,000 USD × 0.22: the number is the sector average's, as before.
    expect(r.kgCo2e).toBeCloseTo(220, 9);
  });

  it('leaves a known code, or a record without one, as it was: no proxy, no warning', () => {
    const known = calc({ ...spend, naics: '331110' }, rows);
    expect([known.method, known.factors[0]!.isProxy, known.warnings]).toEqual(['spend_based', false, []]);
    const sectorOnly = calc({ ...spend, sector: 'services' }, rows);
    expect([sectorOnly.method, sectorOnly.factors[0]!.isProxy, sectorOnly.warnings]).toEqual(['spend_based_sector', false, []]);
  });

  it('scores the data-quality source as a proxy (50)', () => {
    expect(calc({ ...spend, naics: '999999' }, rows).dataQuality.components.source).toBe(50);
    // The same factor, asked for by sector: the harness's source (unknown, 30).
    expect(calc(spend, rows).dataQuality.components.source).toBe(30);
  });

  it('shares one stand-in object per resolved factor (the store hashes each factor object once)', () => {
    const planned = [1, 2].map((n) => planRecord({ ...spend, spend: n, naics: '999999' }, ctx));
    const shared = new Map<string, UsedFactor | null>();
    const lookup = lookupFrom([...rows, ...BUILTIN]);
    const memo = (need: FactorNeed) => {
      const key = need.query.activity;
      if (!shared.has(key)) shared.set(key, lookup(need));
      return shared.get(key)!;
    };
    const [a, b] = planned.map((p) => (p.ok ? completeRecord(p.planned, memo, ctx) : null));
    expect(a?.ok && b?.ok && a.result.factors[0] === b.result.factors[0]).toBe(true);
  });
});

describe('an unknown waste type', () => {
  it('takes the treatment average as a proxy and warns naming the type’s key', () => {
    const r = calc({ category: 5, date: '2024-02-15', treatment: 'incineration', waste_type: 'textiles', mass: 0.5, mass_unit: 't' }, rows);
    expect(r.method).toBe('average_data');
    expect(r.factors[0]!.isProxy).toBe(true);
    expect(r.warnings.map((w) => w.code)).toEqual(['FACTOR_KEY_NOT_FOUND']);
    expect(r.warnings[0]!.message).toContain('no factor for waste.incineration.textiles');
    const untyped = calc({ category: 5, date: '2024-02-15', treatment: 'incineration', mass: 0.5, mass_unit: 't' }, rows);
    expect([untyped.factors[0]!.isProxy, untyped.warnings]).toEqual([false, []]);
  });
});

describe('a region the data set does not cover', () => {
  const factor = (region: string, value: number): FactorRecord => ({
    id: `fac_${region}`,
    tenantId: null,
    sourceId: 'src',
    supplierId: null,
    activity: 'hotel.night',
    name: `Hotel ${region}`,
    category: 6,
    naicsCode: null,
    region,
    year: 2024,
    value,
    unit: 'kgCO2e/night',
    gases: null,
    gwpSet: 'AR5',
    uncertainty: 0.3,
    datasetVersion: '1',
    licence: 'CC0-1.0',
    citation: 'test',
    meta: {},
  });
  const regional = groupCandidates([factor('US', 28.5), factor('EU', 22.8), factor('GLOBAL', 26)]).get('hotel.night');
  const globalOnly = groupCandidates([factor('GLOBAL', 26)]).get('hotel.night');

  it('answers the GLOBAL value of a regional activity as a proxy (a country without a value, or an unknown code)', () => {
    for (const region of ['IN', 'XX']) {
      const r = resolveFactor({ activity: 'hotel.night', region, year: 2024 }, regional, new Map());
      expect(r.status === 'resolved' && [r.factor.region, r.resolvedBy, r.isProxy]).toEqual(['GLOBAL', 'parent_region', true]);
      expect(r.fallbackChain.at(-1)?.detail).toContain(`no value for ${region}: a proxy`);
    }
  });

  it('is no proxy where the region, or a parent short of GLOBAL, has its own value, or the activity is global anyway', () => {
    const de = resolveFactor({ activity: 'hotel.night', region: 'DE', year: 2024 }, regional, new Map());
    expect(de.status === 'resolved' && [de.factor.region, de.isProxy]).toEqual(['EU', false]);
    const global = resolveFactor({ activity: 'hotel.night', region: 'IN', year: 2024 }, globalOnly, new Map());
    expect(global.status === 'resolved' && [global.factor.region, global.isProxy]).toEqual(['GLOBAL', false]);
  });

  it('makes the result warn naming the activity and the region', () => {
    const planned = planRecord({ category: 6, date: '2024-02-15', travel_type: 'hotel', nights: 2, country: 'IN' }, ctx);
    if (!planned.ok) throw new Error(JSON.stringify(planned.issues));
    const lookup = (need: FactorNeed): UsedFactor => ({
      name: need.name,
      id: 'fac_GLOBAL',
      value: 26,
      unit: 'kgCO2e/night',
      datasetVersion: '1',
      source: 'test',
      gwpSet: 'AR5',
      gases: null,
      uncertainty: 0.3,
      isProxy: true,
      resolvedBy: 'parent_region',
      region: 'GLOBAL',
      year: 2024,
    });
    const out = completeRecord(planned.planned, lookup, ctx);
    expect(out.ok && out.result.warnings).toEqual([
      { code: 'REGION_NOT_COVERED', message: 'no hotel.night factor for region IN; the GLOBAL value stands in for it (is_proxy)' },
    ]);
  });
});
