/**
 * Shipments in, computed shipments out: validate each line, refuse a shipment_id that is taken
 * (StoredIdPolicy: stored, held by a chunk of the same file being committed, or twice in the call),
 * find each line's actual emissions (its registered
 * installation's for the CN code and year, or the line's own), and compute embedded emissions
 * with the tenant's active data set. The database is asked once per set of lines (installations,
 * stored ids), never per line. Used by POST /v1/cbam/shipments and by bulk ingest alike.
 */
import { embeddedEmissions } from '../../domain/cbam/embedded.ts';
import { lookupCn } from '../../domain/cbam/goods.ts';
import type { ActualEmissions, CbamDataset, CbamInstallation, CbamIssue, CbamParse, CnCodeInfo } from '../../domain/cbam/types.ts';
import { parseShipment, unknownInstallation } from '../../domain/cbam/validate.ts';
import { activeDataset } from '../../store/cbam-datasets.ts';
import { installationsById } from '../../store/cbam-installations.ts';
import type { ComputedShipment } from '../../store/cbam-shipments.ts';
import { storedShipmentIds } from '../../store/cbam-shipments.ts';
import type { SqlExecutor } from '../../store/driver.ts';

/**
 * Which shipment_ids count as taken: those the database has (asked for all of a call's ids, or
 * only for those `ask` picks: a bulk job asks about the ids its filter may have seen), and those
 * `taken` knows without the database (lines of the same file in a chunk still being committed).
 */
export interface StoredIdPolicy {
  ask: 'all' | ((shipmentId: string) => boolean);
  taken?: (shipmentId: string) => boolean;
}

export type ShipmentOutcome = { ok: true; shipment: ComputedShipment; info: CnCodeInfo } | { ok: false; issues: CbamIssue[] };

/** An installation's actual emissions for a CN code in a year: that year's, else the latest before it. */
export function actualFor(inst: CbamInstallation, cnCode: string, year: number): ActualEmissions | undefined {
  let best: CbamInstallation['emissions'][number] | undefined;
  for (const e of inst.emissions) {
    if (e.cnCode !== cnCode || e.year > year) continue;
    if (!best || e.year > best.year) best = e;
  }
  if (!best) return undefined;
  return { directSee: best.directSee, indirectSee: best.indirectSee, verified: best.verified, verifier: best.verifier, verifiedOn: best.verifiedOn };
}

export class CbamShipmentSession {
  private dataset: Promise<CbamDataset> | null = null;
  private readonly installations = new Map<string, CbamInstallation | null>();

  constructor(
    private readonly db: SqlExecutor,
    private readonly tenantId: string,
  ) {}

  datasetInUse(): Promise<CbamDataset> {
    this.dataset ??= activeDataset(this.db, this.tenantId);
    return this.dataset;
  }

  /** Each record's outcome, in order; a shipment_id taken (see StoredIdPolicy) or twice among them is refused. */
  compute(records: ReadonlyArray<Record<string, unknown>>, policy: StoredIdPolicy = { ask: 'all' }): Promise<ShipmentOutcome[]> {
    return this.computeParsed(
      records.map((r) => parseShipment(r)),
      policy,
    );
  }

  /** As compute, for lines validated already (parseShipment's answers, or bulk ingest's plain lines read from their cells). */
  async computeParsed(parsed: readonly CbamParse[], policy: StoredIdPolicy = { ask: 'all' }): Promise<ShipmentOutcome[]> {
    const ds = await this.datasetInUse();
    const ids: string[] = [];
    const wanted = new Set<string>();
    for (const p of parsed) {
      if (!p.ok) continue;
      ids.push(p.shipment.shipmentId);
      const inst = p.shipment.installationId;
      if (inst !== undefined && !this.installations.has(inst)) wanted.add(inst);
    }
    const [stored, found] = await Promise.all([
      storedShipmentIds(this.db, this.tenantId, policy.ask === 'all' ? ids : ids.filter(policy.ask)),
      installationsById(this.db, this.tenantId, [...wanted]),
    ]);
    for (const id of wanted) this.installations.set(id, found.get(id) ?? null);
    const seen = new Set<string>();
    return parsed.map((p): ShipmentOutcome => {
      if (!p.ok) return p;
      const s = p.shipment;
      if (stored.has(s.shipmentId) || seen.has(s.shipmentId) || policy.taken?.(s.shipmentId)) {
        return {
          ok: false,
          issues: [{ code: 'E010', field: 'shipment_id', message: `shipment_id "${s.shipmentId}" is stored already (shipment ids are unique per tenant)` }],
        };
      }
      const info = lookupCn(s.cnCode)!;
      // The registered installation's actual emissions; embeddedEmissions weighs them against the line's own.
      let installationActual: ActualEmissions | undefined;
      if (s.installationId !== undefined) {
        const inst = this.installations.get(s.installationId);
        if (!inst) return { ok: false, issues: [unknownInstallation(s.installationId)] };
        installationActual = actualFor(inst, s.cnCode, Number(s.importDate.slice(0, 4)));
      }
      const embedded = embeddedEmissions(s, info, installationActual, ds);
      // Neither actual emissions nor a default value for the code in the data set: actual emissions are needed (E009).
      if ('error' in embedded) return { ok: false, issues: [{ code: 'E009', field: 'cn_code', message: embedded.error }] };
      seen.add(s.shipmentId);
      return { ok: true, shipment: { input: s, actual: installationActual, embedded }, info };
    });
  }
}
