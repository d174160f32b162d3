import { describe, expect, it } from 'vitest';
import { builtinFactors } from '../../src/domain/factors/builtin.ts';
import { parentRegions } from '../../src/domain/factors/regions.ts';
import { type CategoryAverage, categoryAverageKey, groupCandidates, MIN_PROXY_FACTORS, resolveFactor } from '../../src/domain/factors/resolve.ts';
import type { FactorRecord } from '../../src/domain/factors/types.ts';

function factor(over: Partial<FactorRecord>): FactorRecord {
  return {
    id: over.id ?? `f_${Math.random().toString(36).slice(2)}`,
    tenantId: null,
    sourceId: 'src',
    supplierId: null,
    activity: 'steel',
    name: 'steel',
    category: 1,
    naicsCode: null,
    region: 'GLOBAL',
    year: 2020,
    value: 1,
    unit: 'kgCO2e/kg',
    gases: null,
    gwpSet: 'AR5',
    uncertainty: null,
    datasetVersion: 'v1',
    licence: 'x',
    citation: 'x',
    meta: {},
    ...over,
  };
}

const noAverages = new Map<string, CategoryAverage>();

describe('parentRegions', () => {
  it('walks subdivision → country → EU → GLOBAL', () => {
    expect(parentRegions('de-by')).toEqual(['DE', 'EU', 'GLOBAL']);
    expect(parentRegions('US-CA')).toEqual(['US', 'GLOBAL']);
    expect(parentRegions('GB')).toEqual(['GLOBAL']);
    expect(parentRegions('GLOBAL')).toEqual([]);
  });
});

describe('resolveFactor cascade', () => {
  const pub2019 = factor({ id: 'pub-us-2019', region: 'US', year: 2019, value: 1.9 });
  const pub2021 = factor({ id: 'pub-us-2021', region: 'US', year: 2021, value: 2.1 });
  const pubGlobal = factor({ id: 'pub-global', region: 'GLOBAL', year: 2020, value: 3 });
  const override = factor({ id: 'override', tenantId: 't1', region: 'US', year: 2018, value: 0.5 });
  const supplier = factor({ id: 'supplier', tenantId: 't1', supplierId: 's1', region: 'CN', year: 2022, value: 0.7 });

  it('1. a tenant override wins over everything else', () => {
    const c = groupCandidates([pub2019, pub2021, pubGlobal, override, supplier]).get('steel');
    const r = resolveFactor({ activity: 'steel', region: 'US', year: 2021, supplierId: 's1' }, c, noAverages);
    expect(r.status === 'resolved' && r.factor.id).toBe('override');
    expect(r.fallbackChain).toEqual([{ step: 'tenant_override', outcome: 'matched', detail: 'US 2018' }]);
  });

  it('an override for another region does not apply', () => {
    const c = groupCandidates([pub2021, override]).get('steel');
    const r = resolveFactor({ activity: 'steel', region: 'DE', year: 2021 }, c, noAverages);
    expect(r.status).toBe('unresolved');
  });

  it('2. supplier-specific comes next, in any region', () => {
    const c = groupCandidates([pub2021, supplier]).get('steel');
    const r = resolveFactor({ activity: 'steel', region: 'US', year: 2021, supplierId: 's1' }, c, noAverages);
    expect(r.status === 'resolved' && r.resolvedBy).toBe('supplier_specific');
    expect(r.status === 'resolved' && r.factor.value).toBe(0.7);
  });

  it('3. region + year exact', () => {
    const c = groupCandidates([pub2019, pub2021, pubGlobal]).get('steel');
    const r = resolveFactor({ activity: 'steel', region: 'US', year: 2021 }, c, noAverages);
    expect(r.status === 'resolved' && r.factor.id).toBe('pub-us-2021');
    expect(r.fallbackChain.map((s) => `${s.step}:${s.outcome}`)).toEqual([
      'tenant_override:no_match',
      'supplier_specific:skipped',
      'region_year_exact:matched',
    ]);
  });

  it('4. region, nearest year; an earlier year wins a tie', () => {
    const c = groupCandidates([pub2019, pub2021, pubGlobal]).get('steel');
    const tie = resolveFactor({ activity: 'steel', region: 'US', year: 2020 }, c, noAverages);
    expect(tie.status === 'resolved' && tie.factor.id).toBe('pub-us-2019');
    expect(tie.status === 'resolved' && tie.resolvedBy).toBe('region_nearest_year');
    const later = resolveFactor({ activity: 'steel', region: 'US', year: 2030 }, c, noAverages);
    expect(later.status === 'resolved' && later.factor.id).toBe('pub-us-2021');
    const noYear = resolveFactor({ activity: 'steel', region: 'US' }, c, noAverages);
    expect(noYear.status === 'resolved' && noYear.factor.id).toBe('pub-us-2021');
  });

  it('5. parent region, then global', () => {
    const c = groupCandidates([pub2019, pubGlobal]).get('steel');
    const sub = resolveFactor({ activity: 'steel', region: 'US-TX', year: 2019 }, c, noAverages);
    expect(sub.status === 'resolved' && sub.factor.id).toBe('pub-us-2019');
    expect(sub.status === 'resolved' && sub.resolvedBy).toBe('parent_region');
    const de = resolveFactor({ activity: 'steel', region: 'DE', year: 2019 }, c, noAverages);
    expect(de.status === 'resolved' && de.factor.id).toBe('pub-global');
  });

  it('6. category-average proxy, flagged, only with enough factors', () => {
    const averages = new Map([[categoryAverageKey(4, 'kgCO2e/tkm'), { category: 4, unit: 'kgCO2e/tkm', value: 0.1, count: MIN_PROXY_FACTORS, year: 2024 }]]);
    const r = resolveFactor({ activity: 'transport.hovercraft', category: 4 }, undefined, averages);
    expect(r.status).toBe('resolved');
    if (r.status !== 'resolved') return;
    expect(r.isProxy).toBe(true);
    expect(r.factor.value).toBe(0.1);
    expect(r.factor.uncertainty).toBe(0.5);
    expect(r.fallbackChain.at(-1)).toEqual({ step: 'category_proxy', outcome: 'matched', detail: 'mean of 3 factors' });

    const few = new Map([[categoryAverageKey(4, 'kgCO2e/tkm'), { category: 4, unit: 'kgCO2e/tkm', value: 0.1, count: 2, year: 2024 }]]);
    expect(resolveFactor({ activity: 'transport.hovercraft', category: 4 }, undefined, few).status).toBe('unresolved');
  });

  it('unit and dataset version filters narrow the candidates', () => {
    const v1 = factor({ id: 'v1', datasetVersion: 'v1.2', unit: 'kgCO2e/USD2021', year: 2021 });
    const v2 = factor({ id: 'v2', datasetVersion: 'v1.3', unit: 'kgCO2e/USD2022', year: 2022 });
    const c = groupCandidates([v1, v2]).get('steel');
    const latest = resolveFactor({ activity: 'steel' }, c, noAverages);
    expect(latest.status === 'resolved' && latest.factor.id).toBe('v2');
    const pinned = resolveFactor({ activity: 'steel', datasetVersion: 'v1.2' }, c, noAverages);
    expect(pinned.status === 'resolved' && pinned.factor.id).toBe('v1');
    const byUnit = resolveFactor({ activity: 'steel', unit: 'kgCO2e/USD2021' }, c, noAverages);
    expect(byUnit.status === 'resolved' && byUnit.factor.id).toBe('v1');
  });

  it('an unknown activity without a category is unresolved, with the reason', () => {
    const r = resolveFactor({ activity: 'nothing' }, undefined, noAverages);
    expect(r.status).toBe('unresolved');
    expect(r.status === 'unresolved' && r.reason).toContain('"nothing"');
    expect(r.fallbackChain.at(-1)).toMatchObject({ step: 'category_proxy', outcome: 'skipped' });
  });
});

describe('built-in factors', () => {
  it('carry the seed systems’ default values (PRODUCT.md "Formulas")', () => {
    const byKey = new Map(builtinFactors.factors.map((f) => [`${f.activity}@${f.region}`, f.value]));
    expect(byKey.get('transport.road.truck_heavy@GLOBAL')).toBe(0.062);
    expect(byKey.get('transport.air.cargo@GLOBAL')).toBe(0.68);
    expect(byKey.get('flight.business@GLOBAL')).toBe(0.23);
    expect(byKey.get('hotel.night@GB')).toBe(24.2);
    expect(byKey.get('spend.average@GLOBAL')).toBe(0.35);
    expect(new Set(builtinFactors.factors.map((f) => f.id)).size).toBe(builtinFactors.factors.length);
  });
});
