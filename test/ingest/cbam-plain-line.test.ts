/**
 * The plain-line reader (src/ingest/cbam-plain-line.ts) must give, for every line it takes, the
 * very shipment the general path gives (recordFromText, then parseShipment), and take nothing the
 * general path would refuse. Seeded fuzzing over cells mixing valid, odd and bad values.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseShipment } from '../../src/domain/cbam/validate.ts';
import { plainCells, plainShipment } from '../../src/ingest/cbam-plain-line.ts';
import { planColumns, RECORD_TYPE_DEFS, recordFromText } from '../../src/ingest/record-types.ts';

const TYPE = RECORD_TYPE_DEFS['cbam-shipments'];
const REQUIRED = ['shipment_id', 'import_date', 'cn_code', 'origin_country', 'quantity', 'unit'];
const OPTIONAL = ['carbon_price_paid_eur', 'installation_id', 'actual_direct_see', 'actual_verified', 'declarant_eori', 'description', 'notes'];

/** Values per field: mostly ones a plain line may hold, with blanks, odd spellings and bad ones. */
const VALUES: Record<string, string[]> = {
  shipment_id: ['S-1', ' S-2 ', 'x'.repeat(64), 'x'.repeat(65), '', '  '],
  import_date: ['2026-03-31', '2023-10-01', '2023-09-30', '2026-02-30', '2026-2-3', ' 2027-12-31', '', '2026-03-31T00:00'],
  cn_code: ['72085120', '25232900', '27160000', '28041000', '7208 51 20', '7208.51.20', '72089999', '99999999', '7208', ' 76061291 ', ''],
  origin_country: ['CN', 'tr', ' IN ', 'DE', 'NO', 'CHN', 'XX', 'ß', ''],
  quantity: ['12.5', '0.001', '1e3', '.5', '+2', '-0', '0', '-3', '1e400', '2e9', '1000000000', 'abc', '1,5', ''],
  unit: ['t', 'T', 'kg', 'KG', 'MWh', 'mwh', 'lb', 'constructor', ' t ', ''],
  carbon_price_paid_eur: ['', '12.3', '0', '-0', '-1', '1e400', 'x'],
  installation_id: ['', '', '', 'INST-1'],
  actual_direct_see: ['', '', '', '1.5', 'x'],
  actual_verified: ['', '', '', 'true', 'false', 'maybe'],
  declarant_eori: ['', '', '', 'DE123'],
  description: ['', '', '', 'coil'],
  notes: ['anything', ''],
};

describe('CBAM plain lines read from their cells', () => {
  it('give the general path’s shipment for every line they take, and take only lines it accepts', () => {
    let taken = 0;
    let lines = 0;
    fc.assert(
      fc.property(
        // A header: the required columns and some optional ones (an unknown one among them), in any order.
        fc.shuffledSubarray(OPTIONAL).chain((opt) => fc.shuffledSubarray([...REQUIRED, ...opt], { minLength: REQUIRED.length + opt.length })),
        fc.array(fc.array(fc.nat(), { minLength: 13, maxLength: 13 }), { minLength: 1, maxLength: 20 }),
        fc.boolean(),
        (header, picks, ragged) => {
          const plan = planColumns(TYPE, header);
          const cells = plainCells(plan);
          for (const pick of picks) {
            // Half the cells hold their field's first (valid) value, so plain lines are common.
            const row = header.map((f, i) => VALUES[f]![pick[i]! % 2 === 0 ? 0 : (pick[i]! >> 1) % VALUES[f]!.length]!);
            if (ragged && pick[0]! % 7 === 0) row.push('');
            lines++;
            const fast = plainShipment(cells, row);
            if (fast === null) continue;
            taken++;
            const record = recordFromText(TYPE, plan, row);
            expect(record.ok).toBe(true);
            const general = parseShipment((record as { record: Record<string, unknown> }).record);
            expect(general).toEqual({ ok: true, shipment: fast });
            expect(Object.is(general.ok && general.shipment.carbonPricePaidEur, fast.carbonPricePaidEur)).toBe(true);
          }
        },
      ),
      { seed: 16, numRuns: 400 },
    );
    // The reader is not idle: a good share of the lines are plain and valid.
    expect(taken).toBeGreaterThan(lines / 50);
  });

  it('takes a generator-style default line and leaves lines with actual emissions or an installation to the general path', () => {
    const header = [
      'shipment_id',
      'import_date',
      'cn_code',
      'origin_country',
      'quantity',
      'unit',
      'actual_direct_see',
      'installation_id',
      'carbon_price_paid_eur',
    ];
    const cells = plainCells(planColumns(TYPE, header));
    expect(plainShipment(cells, ['CBAM-1', '2026-01-01', '25232900', 'ua', '211.19', 'kg', '', '', ''])).toMatchObject({
      shipmentId: 'CBAM-1',
      originCountry: 'UA',
      quantity: 0.21119,
      unitGiven: 'kg',
      carbonPricePaidEur: 0,
    });
    expect(plainShipment(cells, ['CBAM-2', '2026-01-01', '72101220', 'KR', '252.13', 't', '2.336', '', ''])).toBeNull();
    expect(plainShipment(cells, ['CBAM-3', '2026-01-01', '72101220', 'KR', '252.13', 't', '', 'INST-1', ''])).toBeNull();
  });
});
