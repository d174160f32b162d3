import { describe, expect, it } from 'vitest';
import { BUILTIN_CBAM_DATASET as DS } from '../../../src/domain/cbam/builtin-dataset.ts';
import { cbamLineage, cbamLineageHash, cbamLineageJson, chooseActual, embeddedEmissions } from '../../../src/domain/cbam/embedded.ts';
import { lookupCn } from '../../../src/domain/cbam/goods.ts';
import type { ActualEmissions, CbamShipmentInput, EmbeddedEmissions } from '../../../src/domain/cbam/types.ts';
import { parseShipment } from '../../../src/domain/cbam/validate.ts';
import { canonicalJson, lineageHash } from '../../../src/domain/lineage.ts';

function shipment(raw: Record<string, unknown>): CbamShipmentInput {
  const r = parseShipment({ shipment_id: 'S', import_date: '2026-05-01', unit: 't', ...raw });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.shipment;
}

function embed(s: CbamShipmentInput, actual?: ActualEmissions): EmbeddedEmissions {
  const e = embeddedEmissions(s, lookupCn(s.cnCode)!, actual, DS);
  if ('error' in e) throw new Error(e.error);
  return e;
}

const verified = (directSee: number, indirectSee?: number): ActualEmissions => ({
  directSee,
  indirectSee,
  verified: true,
  verifier: 'V',
  verifiedOn: '2026-02-01',
});
const unverified = (directSee: number, indirectSee?: number): ActualEmissions => ({
  directSee,
  indirectSee,
  verified: false,
  verifier: undefined,
  verifiedOn: undefined,
});

describe('method priority', () => {
  it('chooses verified actuals over unverified ones, the line’s own at equal standing', () => {
    expect(chooseActual(unverified(1), verified(2))?.directSee).toBe(2);
    expect(chooseActual(verified(1), verified(2))?.directSee).toBe(1);
    expect(chooseActual(unverified(1), unverified(2))?.directSee).toBe(1);
    expect(chooseActual(undefined, unverified(2))?.directSee).toBe(2);
    expect(chooseActual(undefined, undefined)).toBeUndefined();
  });

  it('verified actual: no mark-up, no warning', () => {
    // 100 t × 1.85 = 185 direct; 100 × 0.4 = 40 indirect; iron and steel counts direct only: 185.
    const e = embed(shipment({ cn_code: '72085120', origin_country: 'TR', quantity: 100 }), verified(1.85, 0.4));
    expect(e).toMatchObject({ method: 'actual_verified', markupPct: 0, directT: 185, indirectT: 40, countedT: 185, warnings: [] });
  });

  it('unverified actual: a warning that the declaration needs verified figures', () => {
    const e = embed(shipment({ cn_code: '72085120', origin_country: 'TR', quantity: 100, actual_direct_see: 1.9 }));
    expect(e.method).toBe('actual_unverified');
    expect(e.warnings.map((w) => w.code)).toEqual(['UNVERIFIED_ACTUALS']);
    // An installation's verified figure beats the line's unverified one.
    expect(embed(shipment({ cn_code: '72085120', origin_country: 'TR', quantity: 100, actual_direct_see: 1.9 }), verified(1.7)).directSee).toBe(1.7);
  });

  it('actual without indirect for a good whose indirect counts: 0 and a warning', () => {
    // Cement 10 t × 0.7 = 7 direct, indirect not given → 0; counted 7.
    const e = embed(shipment({ cn_code: '25231000', origin_country: 'EG', quantity: 10 }), verified(0.7));
    expect([e.directT, e.indirectT, e.countedT]).toEqual([7, 0, 7]);
    expect(e.warnings.map((w) => w.code)).toEqual(['INDIRECT_NOT_REPORTED']);
  });

  it('default: the year’s mark-up on default values, and the illustrative warning', () => {
    // 100 t × 2.0 × (100 + 10)/100 = 220 direct; 100 × 0.4 × 1.1 = 44 indirect (not counted for steel).
    const e = embed(shipment({ cn_code: '72085120', origin_country: 'IN', quantity: 100 }));
    expect(e).toMatchObject({ method: 'default', directSee: 2, indirectSee: 0.4, markupPct: 10, directT: 220, indirectT: 44, countedT: 220 });
    expect(e.warnings.map((w) => w.code)).toEqual(['ILLUSTRATIVE_DATA']);
    // Before the definitive period no mark-up: 100 × 2.0 = 200.
    expect(embed(shipment({ cn_code: '72085120', origin_country: 'IN', quantity: 100, import_date: '2025-06-30' })).directT).toBe(200);
  });

  it('errors when the data set has no default for the code, naming it and how to import one', () => {
    const s = shipment({ cn_code: '72085120', origin_country: 'IN', quantity: 1 });
    const e = embeddedEmissions(s, lookupCn(s.cnCode)!, undefined, { ...DS, defaults: [] });
    expect(e).toEqual({
      error:
        'no default value for CN code 7208 51 20 from IN in data set greenline-illustrative 2026.1; import one with "greenline cbam defaults import FILE" (a "default" row for the code or a heading over it, docs/cbam.md), or give actual emissions',
    });
  });
});

describe('lineage', () => {
  it('hashes the printed canonical form, so a printed answer re-hashes to the stored hash', () => {
    // Cement 1000 t: (1000 × 0.8 × 110)/100 = 880 direct, 110 indirect, 990 counted. 1000 × 0.8 × 1.1 would be
    // 880.0000000000001 as a double; printed, both are 880 and hash alike.
    const s = shipment({ cn_code: '25232900', origin_country: 'EG', quantity: 1000 });
    const e = embed(s);
    const { warnings: _w, lineageHash: hash, ...values } = e;
    expect(hash).toBe(cbamLineageHash(s, values, true));
    expect(canonicalJson(cbamLineage(s, values, true))).toBe(
      '{"dataset":{"id":"greenline-illustrative","version":"2026.1"},"engine":"cbam","inputs":{"cn_code":"25232900","import_date":"2026-05-01","installation_id":null,"origin_country":"EG","quantity":1000},"method":"default","method_version":"1","results":{"counted_t":990,"direct_t":880,"indirect_t":110},"values":{"direct_see":0.8,"indirect_counts":true,"indirect_see":0.1,"markup_pct":10}}',
    );
    expect(hash).toBe(lineageHash(JSON.parse(canonicalJson(cbamLineage(s, values, true)))));
    expect(cbamLineageHash(s, { ...values, directT: 880.0000000000001 }, true)).toBe(hash);
    expect(cbamLineageHash({ ...s, quantity: 1001 }, values, true)).not.toBe(hash);
    expect(cbamLineageHash(s, values, false)).not.toBe(hash);
  });

  it('writes exactly the generic canonical encoding, for every method and odd values', () => {
    const s = shipment({ cn_code: '72085120', origin_country: 'TR', quantity: 0.1 + 0.2, installation_id: 'TR "1"' });
    for (const e of [embed(s), embed(s, verified(1.85, 0.4)), embed(s, unverified(1 / 3))]) {
      const { warnings: _w, lineageHash: _h, ...values } = e;
      for (const counts of [true, false]) expect(cbamLineageJson(s, values, counts)).toBe(canonicalJson(cbamLineage(s, values, counts)));
    }
  });

  it('leaves the data set out for actuals', () => {
    const s = shipment({ cn_code: '72085120', origin_country: 'TR', quantity: 100 });
    const { warnings: _w, lineageHash: hash, ...values } = embed(s, verified(1.85));
    expect(hash).toBe(cbamLineageHash(s, { ...values, datasetId: 'other', datasetVersion: '9' }, false));
  });
});
