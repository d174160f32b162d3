/**
 * Suppliers in bulk (`greenline suppliers import`): which of a batch of identifiers and names the
 * tenant holds already (one query per batch), and the new ones written with COPY in one
 * transaction. Ids sort by creation, so the matcher's index keeps the file's order on ties.
 */
import { timeOrderedId } from '../domain/ids.ts';
import { copyText } from './copy-text.ts';
import type { SqlDriver, SqlExecutor } from './driver.ts';
import { normalizeSupplierName } from './suppliers.ts';

/** A supplier to register, identifiers already canonical. */
export interface NewSupplierRow {
  name: string;
  country: string | null;
  lei: string | null;
  duns: string | null;
  vat: string | null;
  naics: string | null;
}

/** A supplier the tenant holds, as a batch's look-up finds it. */
export interface HeldSupplier {
  id: string;
  name: string;
  country: string | null;
  lei: string | null;
  duns: string | null;
}

/**
 * The tenant's suppliers holding one of these LEIs or DUNS numbers, or a name normalizing like one
 * of these, in one query of three index look-ups. (One WHERE with the three `= ANY` OR-ed compared
 * every row found with every key again: 6 s for 10,000 keys at 1,000,000 suppliers, 0.18 s so;
 * joins against unnest() were planned as hash joins over the whole table while it grew.)
 */
export async function suppliersHolding(
  db: SqlExecutor,
  tenantId: string,
  keys: { leis: readonly string[]; duns: readonly string[]; names: readonly string[] },
): Promise<HeldSupplier[]> {
  if (keys.leis.length + keys.duns.length + keys.names.length === 0) return [];
  const normalized = [...new Set(keys.names.map(normalizeSupplierName))];
  const select = 'SELECT id, name, country, lei, duns FROM suppliers WHERE tenant_id = $1 AND';
  const res = await db.query<HeldSupplier>(
    `${select} lei = ANY($2::text[]) UNION ${select} duns = ANY($3::text[]) UNION ${select} normalized_name = ANY($4::text[])`,
    [tenantId, keys.leis, keys.duns, normalized],
  );
  return res.rows;
}

const COLUMNS = ['id', 'tenant_id', 'name', 'normalized_name', 'country', 'duns', 'lei', 'vat', 'naics'] as const;

/**
 * Writes the suppliers with one COPY in one transaction (`inTx` runs in it too: what else must
 * change with them); their ids, in order.
 */
export async function copySuppliers(
  driver: SqlDriver,
  tenantId: string,
  rows: readonly NewSupplierRow[],
  inTx?: (tx: SqlExecutor) => Promise<void>,
): Promise<string[]> {
  const ids = rows.map(() => timeOrderedId('sup'));
  if (rows.length === 0) return ids;
  const tenant = copyText(tenantId);
  let text = '';
  rows.forEach((r, i) => {
    text += `${ids[i]}\t${tenant}\t${copyText(r.name)}\t${copyText(normalizeSupplierName(r.name))}\t${copyText(r.country)}\t${copyText(r.duns)}\t${copyText(r.lei)}\t${copyText(r.vat)}\t${copyText(r.naics)}\n`;
  });
  await driver.transaction(async (tx) => {
    await tx.copyIn('suppliers', COLUMNS, text);
    await inTx?.(tx);
  });
  return ids;
}
