import { describe, expect, it } from 'vitest';
import { CATEGORY_MODULES } from '../../../src/domain/scope3/categories/index.ts';
import { BUILTIN, issueFields } from './harness.ts';

describe('Scope 3 category registry', () => {
  it('has a module for each of the 15 GHG Protocol categories', () => {
    expect([...CATEGORY_MODULES.keys()].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    for (const [n, m] of CATEGORY_MODULES) expect(m.category).toBe(n);
  });

  it('the built-in defaults are the PRODUCT.md values the examples cite', () => {
    const cited: Record<string, number> = {
      'transport.road.truck_light': 0.18,
      'transport.road.truck_heavy': 0.062,
      'transport.road.van': 0.25,
      'transport.rail': 0.022,
      'transport.sea.container': 0.012,
      'transport.air.cargo': 0.68,
      'transport.inland_waterway': 0.031,
      'flight.economy': 0.115,
      'flight.business': 0.23,
      'flight.first': 0.345,
      'hotel.night@JP': 26.4,
      'hotel.night@GB': 24.2,
      'hotel.night@EU': 22.8,
      'hotel.night@GLOBAL': 26,
      'spend.manufacturing': 0.45,
      'spend.services': 0.22,
    };
    for (const [key, value] of Object.entries(cited)) {
      const [activity, region = 'GLOBAL'] = key.split('@') as [string, string?];
      expect(BUILTIN.find((r) => r.activity === activity && r.region === region)?.value, key).toBe(value);
    }
  });

  it('every module refuses unknown fields, by name', () => {
    for (let category = 2; category <= 15; category++) {
      expect(issueFields({ category, date: '2024-02-01', no_such_field: 1 }), `category ${category}`).toEqual(expect.arrayContaining(['no_such_field']));
    }
  });
});
