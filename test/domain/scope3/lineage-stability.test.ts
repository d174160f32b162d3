/**
 * Records that use no new method keep their result: every result the category tests computed before
 * the guidance methods of issue 17 were added (test/fixtures/scope3-golden.jsonl, written with
 * SCOPE3_GOLDEN_OUT, see harness.ts) is computed again and must give the same method, kg and
 * lineage hash, so `verify` still matches stored results.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CalcContext, DEFAULT_SETTINGS } from '../../../src/domain/scope3/types.ts';
import { calc, ctx, type Row } from './harness.ts';

interface Golden {
  record: Record<string, unknown>;
  rows: Row[];
  settings: typeof DEFAULT_SETTINGS;
  importedGwp: Record<string, number> | null;
  method: string;
  kgCo2e: number;
  lineageHash: string;
}

const golden: Golden[] = readFileSync(new URL('../../fixtures/scope3-golden.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l !== '')
  .map((l) => JSON.parse(l) as Golden);

describe('lineage of results that use no new method', () => {
  it('holds every recorded case (one per method the category tests computed)', () => {
    expect(golden.length).toBeGreaterThanOrEqual(90);
  });

  it.each(golden.map((g, i) => [i, g.record.category, g.method, g] as const))('case %i: category %s, %s', (_i, _c, _m, g) => {
    const c: CalcContext = { ...ctx, settings: g.settings, ...(g.importedGwp ? { importedGwp: g.importedGwp } : {}) };
    const r = calc(g.record, g.rows, c);
    expect([r.method, r.kgCo2e, r.lineageHash]).toEqual([g.method, g.kgCo2e, g.lineageHash]);
  });
});
