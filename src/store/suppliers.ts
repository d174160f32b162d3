/** Suppliers of a tenant. Identifiers (DUNS, LEI) are unique per tenant where present. */
import { randomUUID } from 'node:crypto';
import { type SqlExecutor, StoreError } from './driver.ts';

export interface Supplier {
  id: string;
  name: string;
  normalizedName: string;
  country: string | null;
  duns: string | null;
  lei: string | null;
  vat: string | null;
  naics: string | null;
}

export interface SupplierInput {
  name: string;
  country?: string | undefined;
  duns?: string | undefined;
  lei?: string | undefined;
  vat?: string | undefined;
  naics?: string | undefined;
}

const LEGAL_SUFFIXES = /\b(inc|incorporated|corp|corporation|co|company|ltd|limited|llc|plc|gmbh|ag|sa|sas|srl|bv|nv|oy|ab|as|kk|pty)\b\.?/g;

/** Lower case, no punctuation or legal-form suffixes, single spaces: the name matching compares. */
export function normalizeSupplierName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9 ]+/g, ' ')
    .replace(LEGAL_SUFFIXES, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

interface SupplierRow {
  id: string;
  name: string;
  normalized_name: string;
  country: string | null;
  duns: string | null;
  lei: string | null;
  vat: string | null;
  naics: string | null;
}

const COLUMNS = 'id, name, normalized_name, country, duns, lei, vat, naics';

function toSupplier(r: SupplierRow): Supplier {
  return { id: r.id, name: r.name, normalizedName: r.normalized_name, country: r.country, duns: r.duns, lei: r.lei, vat: r.vat, naics: r.naics };
}

export async function createSupplier(db: SqlExecutor, tenantId: string, input: SupplierInput): Promise<Supplier> {
  const id = `sup_${randomUUID()}`;
  try {
    const res = await db.query<SupplierRow>(
      `INSERT INTO suppliers (id, tenant_id, name, normalized_name, country, duns, lei, vat, naics)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${COLUMNS}`,
      [id, tenantId, input.name, normalizeSupplierName(input.name), input.country?.toUpperCase() ?? null, input.duns ?? null, input.lei?.toUpperCase() ?? null, input.vat ?? null, input.naics ?? null],
    );
    return toSupplier(res.rows[0]!);
  } catch (err) {
    if ((err as { code?: string }).code === '23505') {
      const field = /lei/.test((err as Error).message) ? 'lei' : 'duns';
      throw new StoreError('INVALID_INPUT', `${field}: a supplier with this ${field.toUpperCase()} already exists`);
    }
    throw err;
  }
}

export async function getSupplier(db: SqlExecutor, tenantId: string, id: string): Promise<Supplier | null> {
  const res = await db.query<SupplierRow>(`SELECT ${COLUMNS} FROM suppliers WHERE id = $1 AND tenant_id = $2`, [id, tenantId]);
  const row = res.rows[0];
  return row ? toSupplier(row) : null;
}
