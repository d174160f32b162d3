/**
 * A compute thread's chunk has its rollup read back from its COPY lines on the main thread
 * (rollupOfCopyLines). That must give the very sums the writer's own rollup keeps: fuzzed lines
 * with every method, escaped installation ids, kg quantities and carbon prices from 0 to 1e300.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUILTIN_CBAM_DATASET } from '../../src/domain/cbam/builtin-dataset.ts';
import { embeddedEmissions } from '../../src/domain/cbam/embedded.ts';
import { lookupCn } from '../../src/domain/cbam/goods.ts';
import type { ActualEmissions, EmbeddedEmissions } from '../../src/domain/cbam/types.ts';
import { parseShipment } from '../../src/domain/cbam/validate.ts';
import { PartSet } from '../../src/store/calculation-parts.ts';
import { CbamRollupAccumulator } from '../../src/store/cbam-rollups.ts';
import { rollupOfCopyLines, TEXT_PIECE_BYTES, writeShipment } from '../../src/store/cbam-shipments.ts';
import { CopyBuffer } from '../../src/store/copy-text.ts';

const CN = ['72085120', '76061291', '25232900', '31021010', '28041000', '27160000'];
const INSTALLATIONS = [undefined, 'INST-1', 'tab\there', 'back\\slash', 'Zürich №1'];
const PAID = [0, 0, -0, 12.5, 0.1 + 0.2, 1e300];

const line = fc.record({
  cn: fc.constantFrom(...CN),
  origin: fc.constantFrom('CN', 'TR', 'IN', 'UA'),
  month: fc.integer({ min: 1, max: 12 }),
  year: fc.constantFrom(2026, 2027),
  quantity: fc.double({ min: 0.001, max: 1e6, noNaN: true }),
  kg: fc.boolean(),
  installation: fc.constantFrom(...INSTALLATIONS),
  actual: fc.option(fc.record({ directSee: fc.double({ min: 0, max: 30, noNaN: true }), verified: fc.boolean() }), { nil: undefined }),
  paid: fc.constantFrom(...PAID),
});

/** Lines as writeShipment writes them (each with a description of `describe` characters), and the rollup it kept. */
function written(lines: Array<typeof line extends fc.Arbitrary<infer T> ? T : never>, describe = 0): { bytes: Uint8Array; kept: CbamRollupAccumulator } {
  const out = new CopyBuffer();
  const kept = new CbamRollupAccumulator();
  const parts = new PartSet();
  for (const [n, l] of lines.entries()) {
    const electricity = l.cn === '27160000';
    const p = parseShipment({
      shipment_id: `S-${n}`,
      import_date: `${l.year}-${String(l.month).padStart(2, '0')}-15`,
      cn_code: l.cn,
      origin_country: l.origin,
      quantity: l.quantity,
      unit: electricity ? 'MWh' : l.kg ? 'kg' : 't',
      ...(l.installation === undefined ? {} : { installation_id: l.installation }),
      ...(l.paid === 0 ? {} : { carbon_price_paid_eur: l.paid }),
      ...(describe > 0 ? { description: 'é'.repeat(describe) } : {}),
    });
    if (!p.ok) throw new Error(JSON.stringify(p.issues));
    const info = lookupCn(l.cn)!;
    const actual: ActualEmissions | undefined = l.actual && {
      directSee: l.actual.directSee,
      indirectSee: undefined,
      verified: l.actual.verified,
      verifier: undefined,
      verifiedOn: undefined,
    };
    const e = embeddedEmissions(p.shipment, info, actual, BUILTIN_CBAM_DATASET) as EmbeddedEmissions;
    writeShipment(out, kept, parts, 'tenant-1', 'batch-1', n + 2, { input: p.shipment, actual, embedded: e }, info.good);
  }
  return { bytes: out.take(), kept };
}

describe('rollupOfCopyLines', () => {
  it('reads lines across the pieces it decodes one at a time (TEXT_PIECE_BYTES), multi-byte characters included', () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 100, maxLength: 400 }), fc.integer({ min: 0, max: 500 }), (lines, describe) => {
        const { bytes, kept } = written(lines, describe);
        expect(bytes.byteLength).toBeGreaterThan(TEXT_PIECE_BYTES);
        const read = rollupOfCopyLines(bytes);
        expect(read.rows()).toEqual(kept.rows());
        expect(read.totals()).toEqual(kept.totals());
      }),
      { seed: 16, numRuns: 15 },
    );
  });

  it('reads back the writer’s rollup and totals from the lines', () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 60 }), (lines) => {
        const { bytes, kept } = written(lines);
        const read = rollupOfCopyLines(bytes);
        expect(read.rows()).toEqual(kept.rows());
        expect(read.totals()).toEqual(kept.totals());
      }),
      { seed: 16, numRuns: 200 },
    );
  });
});
