/**
 * Every worked example of the GHG Protocol *Technical Guidance for Calculating Scope 3 Emissions*
 * (v1.0, 2013) in categories 1 and 3–15, through the HTTP API: the example's own factors as the
 * tenant's (POST /v1/factors), its own activity data as records, all in one request
 * (POST /v1/calculations/batch). The total must equal the guidance's stated figure, or the
 * corrected arithmetic where the printed figure is wrong (each such example says why in `note`).
 * The examples, with their arithmetic, are in test/http/guidance-examples/.
 */
import { describe, expect, it } from 'vitest';
import { EXAMPLES as CATEGORIES_1_3_5 } from './guidance-examples/categories-1-3-5.ts';
import { EXAMPLES as CATEGORIES_4_9 } from './guidance-examples/categories-4-9.ts';
import { EXAMPLES as CATEGORIES_6_7_10_11_12 } from './guidance-examples/categories-6-7-10-11-12.ts';
import { EXAMPLES as CATEGORIES_8_13_14_15 } from './guidance-examples/categories-8-13-14-15.ts';
import { guidanceApp } from './guidance-examples/app.ts';
import type { GuidanceExample } from './guidance-examples/types.ts';

const ALL: GuidanceExample[] = [...CATEGORIES_1_3_5, ...CATEGORIES_4_9, ...CATEGORIES_6_7_10_11_12, ...CATEGORIES_8_13_14_15];

/** The worked examples the guidance prints in categories 1 and 3–15 (category 2 has none). */
const GUIDANCE_EXAMPLES = [
  '1.1',
  '1.2',
  '1.3',
  '1.4',
  '3.1',
  '4.1',
  '4.2',
  '4.3',
  '4.4',
  '4.5',
  '4.6',
  '5.1',
  '5.2',
  '6.1',
  '7.1',
  '7.2',
  '8.1',
  '9.1',
  '10.1',
  '10.2',
  '11.1',
  '11.2',
  '11.3',
  '12.1',
  '13.1',
  '14.1',
  '15.1',
  '15.2',
  '15.3',
  '15.4',
  '15.5',
].map((n) => `Example [${n}]`);

/** Same figure to 1e-9 of its size: the engine computes in doubles, the examples by hand. */
function sameFigure(actual: number, expected: number): boolean {
  return Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected));
}

describe('GHG Protocol guidance worked examples through POST /v1/calculations/batch (PGlite)', () => {
  const api = guidanceApp();

  it('covers every worked example of the guidance once', () => {
    expect(ALL.map((e) => e.example).sort()).toEqual([...GUIDANCE_EXAMPLES].sort());
  });

  it.each(ALL.map((e) => [`${e.example} ${e.title}`, e] as const))('%s', async (_name, e) => {
    // Where the printed figure is not the arithmetic, the example must say why.
    if (!sameFigure(e.expected, e.stated)) expect(e.note, `${e.example}: expected ≠ stated needs a note`).toBeTruthy();
    // Tenant names are lower-case letters, digits and dashes: `Example [4.1]` → worked-example-4-1.
    const headers = await api.tenantWith(
      `worked-${e.example
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/-+$/, '')}`,
      e.factors,
    );
    const payload = { records: e.records, ...(e.settings ? { settings: e.settings } : {}) };
    const res = await api.app.inject({ method: 'POST', url: '/v1/calculations/batch', headers, payload });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.results.filter((r: { status: string }) => r.status !== 'ok')).toEqual([]);
    expect(sameFigure(body.totals.kg_co2e, e.expected), `total ${body.totals.kg_co2e} kg, expected ${e.expected} kg`).toBe(true);
    for (const s of e.shown ?? []) {
      const got = await api.app.inject({ method: 'GET', url: `/v1/calculations/${body.results[s.record].id}`, headers });
      expect(got.statusCode, got.body).toBe(200);
      const value = got.json().inputs_used[s.input];
      expect(sameFigure(value, s.value), `record ${s.record} ${s.input} ${value}, expected ${s.value}`).toBe(true);
    }
  });
});
