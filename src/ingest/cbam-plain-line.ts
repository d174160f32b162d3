/**
 * Most CBAM lines of a customs export are plain: shipment id, date, CN code, origin, quantity and
 * unit (and perhaps the carbon price paid), nothing else, all valid. Such a line is read straight
 * from its CSV cells into the shipment parseShipment would give for it, skipping the record and
 * the validator's bookkeeping; any other line (a blank or bad cell, actual emissions, an
 * installation, an EORI…) returns null and takes the general path, which reports its errors. It
 * is an optimisation, never a different behaviour: test/ingest/cbam-plain-line.test.ts holds the
 * two to the same shipment, and the CBAM differential suite to the same stored rows.
 */
import { lookupCn } from '../domain/cbam/goods.ts';
import type { CbamShipmentInput } from '../domain/cbam/types.ts';
import { CBAM_START_DATE, isCbamOrigin, MAX_QUANTITY, UNITS } from '../domain/cbam/validate.ts';
import { isCalendarDate } from '../domain/scope3/fields.ts';
import type { ColumnPlan } from './record-types.ts';

/** The fields a plain line may fill; a cell of any other field must be blank. */
const PLAIN_FIELDS = ['shipment_id', 'import_date', 'cn_code', 'origin_country', 'quantity', 'unit', 'carbon_price_paid_eur'] as const;

/** Where a file's columns are: each plain field's position (−1: no such column) and the other fields' positions. */
export interface PlainCells {
  at: Record<(typeof PLAIN_FIELDS)[number], number>;
  others: number[];
  width: number;
}

export function plainCells(plan: ColumnPlan): PlainCells {
  const at = Object.fromEntries(PLAIN_FIELDS.map((f) => [f, plan.fields.indexOf(f)])) as PlainCells['at'];
  const others: number[] = [];
  plan.fields.forEach((f, i) => {
    if (f !== null && !(PLAIN_FIELDS as readonly string[]).includes(f)) others.push(i);
  });
  return { at, others, width: plan.fields.length };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const CN = /^\d{8}$/;
/** As recordFromText reads numbers. */
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

const cell = (cells: readonly string[], at: number): string => (at < 0 ? '' : cells[at]!.trim());

/** The shipment of a plain, valid line, or null (the general path takes it). */
export function plainShipment(c: PlainCells, cells: readonly string[]): CbamShipmentInput | null {
  if (cells.length !== c.width) return null;
  for (const i of c.others) if (cells[i]!.trim() !== '') return null;
  const shipmentId = cell(cells, c.at.shipment_id);
  if (shipmentId === '' || shipmentId.length > 64) return null;
  const importDate = cell(cells, c.at.import_date);
  if (!DATE.test(importDate) || importDate < CBAM_START_DATE) return null;
  if (!isCalendarDate(Number(importDate.slice(0, 4)), Number(importDate.slice(5, 7)), Number(importDate.slice(8, 10)))) return null;
  const cnCode = cell(cells, c.at.cn_code);
  if (!CN.test(cnCode)) return null;
  const info = lookupCn(cnCode);
  if (!info) return null;
  const originCountry = cell(cells, c.at.origin_country).toUpperCase();
  if (!isCbamOrigin(originCountry)) return null;
  const qText = cell(cells, c.at.quantity);
  if (!NUMBER.test(qText)) return null;
  const q = Number(qText);
  if (!(q > 0 && q <= MAX_QUANTITY)) return null;
  const uText = cell(cells, c.at.unit);
  const unit = uText.length <= 10 ? UNITS.get(uText.toLowerCase()) : undefined;
  if (unit === undefined || (unit === 'MWh') !== (info.good.unit === 'MWh')) return null;
  const paidText = cell(cells, c.at.carbon_price_paid_eur);
  let paid = 0;
  if (paidText !== '') {
    if (!NUMBER.test(paidText)) return null;
    paid = Number(paidText);
    if (!(Number.isFinite(paid) && paid >= 0)) return null;
  }
  return {
    shipmentId,
    importDate,
    cnCode,
    originCountry,
    quantity: unit === 'kg' ? q / 1000 : q,
    unitGiven: unit,
    declarantEori: undefined,
    installationId: undefined,
    actual: undefined,
    carbonPricePaidEur: paid,
    procedure: undefined,
    supplierId: undefined,
    description: undefined,
  };
}
