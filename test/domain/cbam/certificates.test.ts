/**
 * Worked examples per goods category, with the built-in (illustrative) data set: default SEE,
 * benchmarks and prices are its round numbers; mark-ups 2026 10%, 2027 20%; free allocation 2026
 * 97.5%, 2027 95%; price 2026 80, 2027 90 EUR/t. docs/cbam.md shows the same arithmetic.
 */
import { describe, expect, it } from 'vitest';
import { BUILTIN_CBAM_DATASET as DS } from '../../../src/domain/cbam/builtin-dataset.ts';
import { type DeclarationLine, declaration } from '../../../src/domain/cbam/certificates.ts';
import { embeddedEmissions } from '../../../src/domain/cbam/embedded.ts';
import { lookupCn } from '../../../src/domain/cbam/goods.ts';
import type { ActualEmissions, CbamDataset } from '../../../src/domain/cbam/types.ts';
import { parseShipment } from '../../../src/domain/cbam/validate.ts';
import { printed } from '../../../src/domain/printed-number.ts';

/** Validates a raw line, computes its embedded emissions and makes it a one-shipment declaration line. */
function line(raw: Record<string, unknown>, installation?: ActualEmissions, ds: CbamDataset = DS): DeclarationLine {
  const r = parseShipment({ shipment_id: 'S', import_date: '2026-05-01', unit: 't', ...raw });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  const s = r.shipment;
  const e = embeddedEmissions(s, lookupCn(s.cnCode)!, installation, ds);
  if ('error' in e) throw new Error(e.error);
  return {
    cnCode: s.cnCode,
    originCountry: s.originCountry,
    installationId: s.installationId ?? null,
    method: e.method,
    shipments: 1,
    quantity: s.quantity,
    directT: e.directT,
    indirectT: e.indirectT,
    countedT: e.countedT,
    carbonPricePaidEur: s.carbonPricePaidEur,
  };
}

const verified = { actual_verified: true, verifier: 'Verifier GmbH', verified_on: '2026-02-01' };

// The six worked examples (2026 imports).
const steel = line({
  cn_code: '7208 51 20',
  origin_country: 'TR',
  quantity: 100,
  actual_direct_see: 1.85,
  actual_indirect_see: 0.4,
  installation_id: 'TR-1',
  ...verified,
});
const cement = line({ cn_code: '2523 29 00', origin_country: 'EG', quantity: 1000 });
const aluminium = line({ cn_code: '7601 10 00', origin_country: 'AE', quantity: 60 });
const fertiliser = line({
  cn_code: '3102 10 10',
  origin_country: 'MA',
  quantity: 500,
  actual_direct_see: 1.2,
  actual_indirect_see: 0.1,
  installation_id: 'MA-1',
});
const hydrogen = line({ cn_code: '2804 10 00', origin_country: 'US', quantity: 10 });
const electricity = line({ cn_code: '2716 00 00', origin_country: 'RS', quantity: 1000, unit: 'MWh' });

const d2026 = (lines: DeclarationLine[], priceEurPerT?: number) => declaration({ year: 2026, lines, dataset: DS, priceEurPerT });
const totals = (d: ReturnType<typeof declaration>) => [
  d.gross_t,
  d.free_allocation_t,
  d.carbon_price_deduction_t,
  d.net_t,
  d.certificates,
  d.estimated_cost_eur,
];

describe('worked examples per goods category (2026)', () => {
  it('iron and steel with verified actual direct emissions: indirect reported but not counted', () => {
    // direct 100 t × 1.85 = 185; indirect 100 × 0.4 = 40 (iron and steel: not counted); counted 185.
    expect([steel.directT, steel.indirectT, steel.countedT]).toEqual([185, 40, 185]);
    // free 100 × 1.3 × 97.5% = 126.75; net 185 − 126.75 = 58.25 → 59 certificates × 80 = 4 720 EUR.
    expect(totals(d2026([steel]))).toEqual([185, 126.75, 0, 58.25, 59, 4720]);
  });

  it('cement on default values: indirect emissions counted', () => {
    // direct 1000 × 0.8 × 1.10 = 880; indirect 1000 × 0.1 × 1.10 = 110; counted 880 + 110 = 990.
    expect([cement.directT, cement.indirectT, cement.countedT].map(printed)).toEqual([880, 110, 990]);
    // free 1000 × 0.7 × 97.5% = 682.5; net 990 − 682.5 = 307.5 → 308 × 80 = 24 640 EUR.
    expect(totals(d2026([cement]))).toEqual([990, 682.5, 0, 307.5, 308, 24640]);
  });

  it('aluminium on default values: indirect not counted', () => {
    // direct 60 × 2.0 × 1.10 = 132; indirect 60 × 10 × 1.10 = 660 (not counted); counted 132.
    expect([aluminium.directT, aluminium.indirectT, aluminium.countedT].map(printed)).toEqual([132, 660, 132]);
    // free 60 × 1.5 × 97.5% = 87.75; net 132 − 87.75 = 44.25 → 45 × 80 = 3 600 EUR.
    expect(totals(d2026([aluminium]))).toEqual([132, 87.75, 0, 44.25, 45, 3600]);
  });

  it('fertiliser on unverified actuals: indirect counted, a warning', () => {
    // direct 500 × 1.2 = 600; indirect 500 × 0.1 = 50; counted 650.
    expect([fertiliser.directT, fertiliser.indirectT, fertiliser.countedT].map(printed)).toEqual([600, 50, 650]);
    // free 500 × 1.0 × 97.5% = 487.5; net 650 − 487.5 = 162.5 → 163 × 80 = 13 040 EUR.
    const d = d2026([fertiliser]);
    expect(totals(d)).toEqual([650, 487.5, 0, 162.5, 163, 13040]);
    expect(d.warnings.map((w) => w.code)).toEqual(['ILLUSTRATIVE_DATA', 'UNVERIFIED_ACTUALS']);
  });

  it('hydrogen: indirect not counted, and no de minimis exemption even at 10 t', () => {
    // direct 10 × 10 × 1.10 = 110; indirect 10 × 0.5 × 1.10 = 5.5 (not counted); counted 110.
    expect([hydrogen.directT, hydrogen.indirectT, hydrogen.countedT].map(printed)).toEqual([110, 5.5, 110]);
    // free 10 × 8 × 97.5% = 78; net 110 − 78 = 32 → 32 × 80 = 2 560 EUR.
    const d = d2026([hydrogen]);
    expect(totals(d)).toEqual([110, 78, 0, 32, 32, 2560]);
    expect(d.de_minimis).toMatchObject({ net_mass_t: 0, exempt_t: 0 });
  });

  it('electricity in MWh: no mark-up on its default, no free allocation', () => {
    // 1000 MWh × 0.5 t/MWh × (100 + 0)/100 = 500; benchmark 0 → free 0; net 500 → 500 × 80 = 40 000 EUR.
    expect([electricity.quantity, electricity.directT, electricity.countedT]).toEqual([1000, 500, 500]);
    expect(totals(d2026([electricity]))).toEqual([500, 0, 0, 500, 500, 40000]);
  });

  it('all six together: sums, breakdowns and the share on defaults vs actuals', () => {
    const d = d2026([steel, cement, aluminium, fertiliser, hydrogen, electricity]);
    // gross 185 + 990 + 132 + 650 + 110 + 500 = 2567; free 126.75 + 682.5 + 87.75 + 487.5 + 78 + 0 = 1462.5;
    // net 2567 − 1462.5 = 1104.5 → 1105 × 80 = 88 400 EUR.
    expect(totals(d)).toEqual([2567, 1462.5, 0, 1104.5, 1105, 88400]);
    // defaults 990 + 132 + 110 + 500 = 1732; unverified 650; verified 185.
    expect(d.by_method.map((r) => [r.key, r.counted_t, r.share_of_gross])).toEqual([
      ['default', 1732, printed(1732 / 2567)],
      ['actual_unverified', 650, printed(650 / 2567)],
      ['actual_verified', 185, printed(185 / 2567)],
    ]);
    // Goods in t: 100 + 1000 + 60 + 500 + 10 = 1670; electricity 1000 MWh, kept apart.
    const byMethodMass = d.by_method.reduce((t, r) => t + r.quantity_t, 0);
    expect([byMethodMass, d.by_cn_code.find((r) => r.key === '27160000')?.quantity_mwh]).toEqual([1670, 1000]);
    expect(d.by_origin.map((r) => r.key)).toEqual(['EG', 'MA', 'RS', 'TR', 'AE', 'US']);
    expect(d.by_installation.map((r) => [r.key, r.counted_t])).toEqual([
      [null, 1732],
      ['MA-1', 650],
      ['TR-1', 185],
    ]);
    // Mass for de minimis excludes hydrogen and electricity: 100 + 1000 + 60 + 500 = 1660 t.
    expect(d.de_minimis).toMatchObject({ threshold_t: 50, net_mass_t: 1660, exempt: false, exempt_t: 0 });
    expect(d.deadlines.declaration_due).toBe('2027-09-30');
    expect(d).toMatchObject({ price_eur_per_t: 80, price_source: 'dataset', price_period: '2026', free_allocation_pct: 97.5 });
  });
});

describe('de minimis (50 t net mass per year, hydrogen and electricity excluded)', () => {
  const steelT = (quantity: number) => line({ cn_code: '72085120', origin_country: 'IN', quantity });

  it('below 50 t: exempt, no certificates, explained', () => {
    // 30 t × 2.0 × 1.10 = 66 tCO2e gross, all exempt → net 0.
    const d = d2026([steelT(30)]);
    expect(totals(d)).toEqual([66, 0, 0, 0, 0, 0]);
    expect(d.de_minimis).toEqual({
      threshold_t: 50,
      net_mass_t: 30,
      exempt: true,
      exempt_t: 66,
      explanation: '30 t of goods other than hydrogen and electricity, at or under the 50 t threshold: exempt, no certificates are owed',
    });
  });

  it('at exactly 50 t: still exempt (the threshold is "does not exceed")', () => {
    // 50 × 2.0 × 1.10 = 110 exempt.
    expect(totals(d2026([steelT(20), steelT(30)]))).toEqual([110, 0, 0, 0, 0, 0]);
  });

  it('above 50 t: every tonne counts', () => {
    // 50.5 × 2.0 × 1.10 = 111.1; free 50.5 × 1.3 × 97.5% = 64.00875; net 47.09125 → 48 × 80 = 3 840 EUR.
    const d = d2026([steelT(50.5)]);
    expect(totals(d)).toEqual([111.1, 64.00875, 0, 47.09125, 48, 3840]);
    expect(d.de_minimis.exempt).toBe(false);
  });

  it('exempt goods beside hydrogen: the goods are exempt, hydrogen still owes', () => {
    // steel 30 t → 66 exempt; hydrogen 110 − free 78 = 32 → 32 certificates.
    const d = d2026([steelT(30), hydrogen]);
    expect(totals(d)).toEqual([176, 78, 0, 32, 32, 2560]);
    expect(d.de_minimis).toMatchObject({ exempt: true, exempt_t: 66 });
  });
});

describe('a year boundary: 2026 → 2027 mark-up and free allocation', () => {
  const at = (date: string) => line({ cn_code: '72085120', origin_country: 'IN', quantity: 100, import_date: date });

  it('applies each year’s mark-up to the shipment and each year’s CBAM factor to the declaration', () => {
    const dec31 = at('2026-12-31');
    const jan1 = at('2027-01-01');
    // 100 × 2.0 × 1.10 = 220 (2026) and 100 × 2.0 × 1.20 = 240 (2027).
    expect([dec31.countedT, jan1.countedT]).toEqual([220, 240]);
    // 2026: free 100 × 1.3 × 97.5% = 126.75; net 93.25 → 94 × 80 = 7 520 EUR.
    expect(totals(d2026([dec31]))).toEqual([220, 126.75, 0, 93.25, 94, 7520]);
    // 2027: free 100 × 1.3 × 95% = 123.5; net 116.5 → 117 × 90 = 10 530 EUR.
    const d2027 = declaration({ year: 2027, lines: [jan1], dataset: DS });
    expect(totals(d2027)).toEqual([240, 123.5, 0, 116.5, 117, 10530]);
    expect(d2027.free_allocation_pct).toBe(95);
    expect(d2027.deadlines.quarterly_holding?.pct).toBe(50);
  });
});

describe('carbon price paid in the country of origin', () => {
  it('larger than the obligation: net 0, never negative', () => {
    // deduction 50 000 EUR / 80 = 625; 990 − 682.5 − 625 = −317.5 → net max(0, −317.5) = 0.
    const paid = line({ cn_code: '25232900', origin_country: 'EG', quantity: 1000, carbon_price_paid_eur: 50_000 });
    expect(totals(d2026([paid]))).toEqual([990, 682.5, 625, 0, 0, 0]);
  });

  it('converted at a given price instead of the data set’s', () => {
    // deduction 5 000 / 100 = 50; net 990 − 682.5 − 50 = 257.5 → 258 × 100 = 25 800 EUR.
    const paid = line({ cn_code: '25232900', origin_country: 'EG', quantity: 1000, carbon_price_paid_eur: 5000 });
    const d = d2026([paid], 100);
    expect(totals(d)).toEqual([990, 682.5, 50, 257.5, 258, 25800]);
    expect([d.price_source, d.price_period]).toEqual(['request', null]);
  });

  it('no price known: not deducted, no cost, and said so', () => {
    const paid = line({ cn_code: '25232900', origin_country: 'EG', quantity: 1000, carbon_price_paid_eur: 5000 });
    const d = declaration({ year: 2026, lines: [paid], dataset: { ...DS, prices: [] } });
    expect(totals(d)).toEqual([990, 682.5, 0, 307.5, 308, null]);
    expect(d.warnings.map((w) => w.code)).toContain('NO_PRICE');
  });
});

describe('missing data and periods', () => {
  it('goods without a benchmark: no free allocation for them, and a warning naming the code', () => {
    const d = declaration({ year: 2026, lines: [cement], dataset: { ...DS, benchmarks: [] } });
    // net 990 − 0 = 990 → 990 certificates.
    expect(totals(d)).toEqual([990, 0, 0, 990, 990, 79200]);
    expect(d.warnings.find((w) => w.code === 'NO_BENCHMARK')?.message).toContain('2523 29 00');
  });

  it('transitional-period imports owe no certificates', () => {
    const old = line({ cn_code: '25232900', origin_country: 'EG', quantity: 1000, import_date: '2025-03-01' });
    const d = declaration({ year: 2025, lines: [old], dataset: DS });
    // 2025 defaults carry no mark-up: 1000 × (0.8 + 0.1) = 900 gross, net 0.
    expect([d.gross_t, d.net_t, d.certificates]).toEqual([900, 0, 0]);
    expect(d.warnings.map((w) => w.code)).toContain('TRANSITIONAL_PERIOD');
    expect(d.deadlines.declaration_due).toBeNull();
  });
});
