/** CBAM answers in snake_case: a stored shipment with its embedded emissions and lineage. */
import type { DeclarationLine } from '../../domain/cbam/certificates.ts';
import { chooseActual } from '../../domain/cbam/embedded.ts';
import { lookupCn } from '../../domain/cbam/goods.ts';
import { printed } from '../../domain/printed-number.ts';
import type { ShipmentRow } from '../../store/cbam-shipments.ts';
import { csvField } from '../csv.ts';

export function shipmentJson(r: ShipmentRow) {
  const info = lookupCn(r.cn_code);
  const line = r.input;
  // The actual emissions the method used: the line's own or its installation's (chooseActual decides, as it did).
  const actual = r.method === 'default' ? undefined : chooseActual(line.actual, line.installationActual);
  return {
    id: r.id,
    shipment_id: r.shipment_id,
    import_date: r.import_date,
    cn_code: r.cn_code,
    cn_heading: info?.heading4 ?? null,
    cn_subheading: info?.heading6 ?? null,
    goods_category: info?.good.category ?? null,
    goods_description: info?.good.description ?? null,
    origin_country: r.origin_country,
    quantity: printed(r.quantity),
    unit: info?.good.unit ?? 't',
    declarant_eori: line.declarantEori ?? null,
    installation_id: r.installation_id,
    supplier_id: line.supplierId ?? null,
    method: r.method,
    direct_see: printed(r.direct_see),
    indirect_see: printed(r.indirect_see),
    markup_pct: printed(r.markup_pct),
    direct_t: printed(r.direct_t),
    indirect_t: printed(r.indirect_t),
    indirect_counts: info?.good.indirectCounts ?? null,
    counted_t: printed(r.counted_t),
    carbon_price_paid_eur: printed(r.carbon_price_paid_eur),
    actual_used: actual
      ? {
          direct_see: actual.directSee,
          indirect_see: actual.indirectSee ?? null,
          verified: actual.verified,
          verifier: actual.verifier ?? null,
          verified_on: actual.verifiedOn ?? null,
        }
      : null,
    dataset_id: r.dataset_id,
    warnings: r.warnings,
    lineage_hash: r.lineage_hash,
    batch_id: r.batch_id,
    created_at: r.created_at,
  };
}

const DECLARATION_COLUMNS = [
  'cn_code',
  'origin_country',
  'installation_id',
  'method',
  'shipments',
  'quantity',
  'direct_t',
  'indirect_t',
  'counted_t',
  'carbon_price_paid_eur',
];

/** The declaration's lines as CSV (one row per CN code, origin, installation and method); the totals are in the JSON answer. */
export function declarationCsv(lines: readonly DeclarationLine[]): string {
  const rows = lines.map((l) =>
    [
      l.cnCode,
      l.originCountry,
      l.installationId ?? '',
      l.method,
      l.shipments,
      printed(l.quantity),
      printed(l.directT),
      printed(l.indirectT),
      printed(l.countedT),
      printed(l.carbonPricePaidEur),
    ]
      .map(csvField)
      .join(','),
  );
  return `${[DECLARATION_COLUMNS.join(','), ...rows].join('\n')}\n`;
}
