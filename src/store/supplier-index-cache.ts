/**
 * Each tenant's SupplierIndex (domain/suppliers/blocking.ts), built from all of its suppliers in one
 * query and kept in process. Every `get` first reads the tenant's supplier version (count and latest
 * `created_at`, one small query), so a supplier another instance added is seen by the next request;
 * `invalidate` drops a tenant's index at once after a write in this process. The version is read
 * before the suppliers, so an index is never older than the version it is kept under.
 */
import { type SupplierIdentifier, SupplierIndex } from '../domain/suppliers/blocking.ts';
import { normalizeName } from '../domain/suppliers/normalize.ts';
import type { SqlExecutor } from './driver.ts';
import { type SupplierForMatching, suppliersForMatching, suppliersVersion } from './suppliers.ts';

interface Entry {
  version: string;
  index: Promise<SupplierIndex>;
}

export interface SupplierIndexCacheOptions {
  /** Tenants whose index is kept; the least recently used goes first (default 64). */
  maxTenants?: number;
}

/** An index over the suppliers; an identifier held by an earlier supplier is left out of a later one (VAT is not unique). */
export function buildSupplierIndex(suppliers: readonly SupplierForMatching[]): SupplierIndex {
  const index = new SupplierIndex();
  for (const s of suppliers) {
    const identifiers: SupplierIdentifier[] = [];
    for (const scheme of ['lei', 'duns', 'vat'] as const) {
      const value = s[scheme];
      if (value && index.findByIdentifier(scheme, value) === undefined) identifiers.push({ scheme, value });
    }
    index.add({ id: s.id, name: normalizeName(s.name), country: s.country, identifiers });
  }
  return index;
}

export class SupplierIndexCache {
  private readonly entries = new Map<string, Entry>();
  private readonly maxTenants: number;
  /** Indexes built since the cache was made (for tests and metrics). */
  builds = 0;

  constructor(
    private readonly db: SqlExecutor,
    options: SupplierIndexCacheOptions = {},
  ) {
    this.maxTenants = options.maxTenants ?? 64;
  }

  /** The tenant's index as of now: the kept one when its version is current, else a new one (one build per version at a time). */
  async get(tenantId: string): Promise<SupplierIndex> {
    const version = await suppliersVersion(this.db, tenantId);
    const have = this.entries.get(tenantId);
    if (have && have.version === version) {
      // Most recently used last, so eviction takes the first.
      this.entries.delete(tenantId);
      this.entries.set(tenantId, have);
      return have.index;
    }
    const entry: Entry = { version, index: this.build(tenantId) };
    this.entries.delete(tenantId);
    this.entries.set(tenantId, entry);
    if (this.entries.size > this.maxTenants) this.entries.delete(this.entries.keys().next().value!);
    entry.index.catch(() => {
      if (this.entries.get(tenantId) === entry) this.entries.delete(tenantId);
    });
    return entry.index;
  }

  /** Drops the tenant's index: its suppliers changed in this process. */
  invalidate(tenantId: string): void {
    this.entries.delete(tenantId);
  }

  private async build(tenantId: string): Promise<SupplierIndex> {
    this.builds++;
    return buildSupplierIndex(await suppliersForMatching(this.db, tenantId));
  }
}
