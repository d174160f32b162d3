/** Outcomes cross the thread boundary as columns and read back exactly as they were settled. */
import { deserialize, serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import type { ResultSummary } from '../../src/calculate/result-summary.ts';
import { OutcomeColumnsBuilder, readOutcomes } from '../../src/calculate/worker/outcome-columns.ts';

describe('outcome columns', () => {
  it('round-trip summaries (warnings, suppliers, awkward floats) and refusals through a structured clone, in order', () => {
    const ok = (i: number, extra: Partial<ResultSummary> = {}): ResultSummary => ({
      category: 1 + (i % 15),
      tier: (1 + (i % 3)) as 1 | 2 | 3,
      method: i % 2 ? 'spend_based' : 'distance_based',
      kgCo2e: i * 0.1 + 0.2,
      dqi: 40.5 + i,
      lineageHash: `h${i}`,
      warnings: [],
      supplierId: null,
      ...extra,
    });
    const settled: Array<[number, string | null, ResultSummary | null, unknown]> = [
      [0, 'calc_a', ok(0), null],
      [1, null, null, [{ field: 'spend', message: 'must be greater than 0' }]],
      [2, 'calc_b', ok(2, { warnings: [{ code: 'PROXY_FACTOR', message: 'factor "x" is a category-average proxy (±50%)' }], supplierId: 'sup_1' }), null],
      [5, 'calc_c', ok(5, { kgCo2e: 1e-9 + 1 / 3 }), null],
      [7, null, null, [{ field: '', message: 'no method could be used' }]],
    ];
    const builder = new OutcomeColumnsBuilder();
    for (const [i, id, summary, issues] of settled) builder.add(i, id, summary, issues as never);
    expect(builder.size).toBe(5);
    const columns = deserialize(serialize(builder.take()));
    expect(builder.size).toBe(0);
    const read: typeof settled = [];
    readOutcomes(columns, (i, id, summary, issues) => read.push([i, id, summary, issues]));
    expect(read).toEqual(settled);
  });
});
