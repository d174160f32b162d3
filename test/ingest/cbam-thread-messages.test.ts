/**
 * A chunk's rows cross to the CBAM compute thread packed (packRows): what the thread unpacks must
 * be the very rows the main thread read, whatever the cells hold and however the rows are mixed.
 */
import { deserialize, serialize } from 'node:v8';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packRows, unpackRows } from '../../src/ingest/cbam-thread-messages.ts';
import type { SourceRow } from '../../src/ingest/chunk-processor.ts';

const cell = fc.oneof(fc.constant(''), fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ minLength: 5000, maxLength: 20000 }));
const row: fc.Arbitrary<Omit<SourceRow, 'row'>> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ cells: fc.array(cell, { maxLength: 14 }) }) },
  { weight: 1, arbitrary: fc.record({ value: fc.jsonValue() }) },
  { weight: 1, arbitrary: fc.record({ error: fc.string(), field: fc.constantFrom('quantity', 'cn_code'), value: fc.option(fc.string()) }) },
);

describe('packRows / unpackRows', () => {
  it('gives the thread the rows the main thread read, through a structured clone', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 60 }), fc.integer({ min: 1, max: 1e9 }), (shapes, first) => {
        const rows = shapes.map((s, i) => ({ row: first + i, ...s }) as SourceRow);
        expect(unpackRows(deserialize(serialize(packRows(rows))))).toEqual(rows);
      }),
      { seed: 16, numRuns: 150 },
    );
  });

  it('keeps each text piece of a plain chunk under V8’s large-object size', () => {
    const rows: SourceRow[] = Array.from({ length: 2500 }, (_, i) => ({
      row: i + 1,
      cells: [`CBAM-${i}`, '2026-01-01', '72081000', 'CN', '12.5', 't', '', '', ''],
    }));
    const packed = packRows(rows);
    expect(packed.texts.length).toBeGreaterThan(1);
    for (const t of packed.texts) expect(t.length * 2).toBeLessThan(128 * 1024);
    expect(unpackRows(packed)).toEqual(rows);
  });
});
