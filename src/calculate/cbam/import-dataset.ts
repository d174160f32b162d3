/**
 * Import a CBAM data set from the documented CSV shape (docs/cbam.md, Data sets) for a tenant: it
 * becomes the tenant's active data set. A version is immutable: the same name and version twice is
 * refused, so every stored shipment's lineage stays verifiable.
 */
import { type DatasetCsvError, parseDatasetCsv } from '../../domain/cbam/dataset-csv.ts';
import type { CbamDataset } from '../../domain/cbam/types.ts';
import { deterministicId } from '../../domain/ids.ts';
import { saveDataset } from '../../store/cbam-datasets.ts';
import type { SqlExecutor } from '../../store/driver.ts';

export interface DatasetMeta {
  name: string;
  version: string;
  source: string;
}

export type DatasetImport = { ok: true; created: boolean; dataset: CbamDataset } | { ok: false; errors: DatasetCsvError[] };

export async function importCbamDataset(db: SqlExecutor, tenantId: string, csv: string, meta: DatasetMeta): Promise<DatasetImport> {
  const id = deterministicId('cbamds', tenantId, meta.name, meta.version);
  const parsed = parseDatasetCsv(csv, { id, ...meta });
  if (!parsed.ok) return parsed;
  const { created } = await saveDataset(db, tenantId, parsed.dataset);
  return { ok: true, created, dataset: parsed.dataset };
}

/** What an import answers (HTTP and CLI alike). */
export function datasetSummary(ds: CbamDataset) {
  return {
    id: ds.id,
    name: ds.name,
    version: ds.version,
    source: ds.source,
    illustrative: ds.illustrative,
    counts: {
      defaults: ds.defaults.length,
      markups: ds.markups.length,
      free_allocation: ds.freeAllocation.length,
      benchmarks: ds.benchmarks.length,
      prices: ds.prices.length,
    },
  };
}
