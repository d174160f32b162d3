/**
 * Verify a stored shipment: recompute its embedded emissions from the stored line, the actual
 * emissions it used and its data set (by id: a version never changes), and compare the lineage
 * hash and the figures with what is stored.
 */
import { embeddedEmissions } from '../../domain/cbam/embedded.ts';
import { lookupCn } from '../../domain/cbam/goods.ts';
import { printed } from '../../domain/printed-number.ts';
import { datasetById } from '../../store/cbam-datasets.ts';
import { type ShipmentRow, storedLine } from '../../store/cbam-shipments.ts';
import type { SqlExecutor } from '../../store/driver.ts';

export interface ShipmentVerification {
  id: string;
  shipment_id: string;
  status: 'match' | 'mismatch' | 'unverifiable';
  reason: string | null;
  stored: { method: string; counted_t: number; lineage_hash: string };
  recomputed: { method: string; counted_t: number; lineage_hash: string } | null;
}

export async function verifyShipment(db: SqlExecutor, tenantId: string, row: ShipmentRow): Promise<ShipmentVerification> {
  const stored = { method: row.method, counted_t: printed(row.counted_t), lineage_hash: row.lineage_hash };
  const base = { id: row.id, shipment_id: row.shipment_id, stored };
  const info = lookupCn(row.cn_code);
  const ds = await datasetById(db, tenantId, row.dataset_id);
  if (!info || !ds) {
    const reason = !info ? `CN code ${row.cn_code} is no longer in the goods catalogue` : `data set ${row.dataset_id} is not stored`;
    return { ...base, status: 'unverifiable', reason, recomputed: null };
  }
  const again = embeddedEmissions(storedLine(row), info, row.input.installationActual, ds);
  if ('error' in again) return { ...base, status: 'unverifiable', reason: again.error, recomputed: null };
  const recomputed = { method: again.method, counted_t: printed(again.countedT), lineage_hash: again.lineageHash };
  const same = again.lineageHash === row.lineage_hash && recomputed.counted_t === stored.counted_t && again.method === row.method;
  return {
    ...base,
    status: same ? 'match' : 'mismatch',
    reason: same ? null : 'the recomputed embedded emissions differ from the stored ones',
    recomputed,
  };
}
