/** Import one factor file (`greenline factors import`): parse a public data set, load it idempotently. */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import {
  type ImportFormat,
  parseDesnzWithCategoryKeys,
  parseEpaHub,
  parseEpaSupplyChain,
  parseGridIntensities,
  parseGwpTable,
} from '../domain/factors/importers/index.ts';
import type { FactorDataset } from '../domain/factors/types.ts';
import type { SqlDriver } from '../store/driver.ts';
import { importDataset, importGwpValues } from '../store/factors.ts';

export interface ImportSummary {
  format: ImportFormat;
  file: string;
  status: 'imported' | 'unchanged';
  datasetVersion: string | null;
  rows: number;
  inserted: number;
}

/** The data set in a factor file of `format` (every format but gwp). */
function parseDataset(format: Exclude<ImportFormat, 'gwp'>, buf: Buffer, file: string, sha: string): FactorDataset {
  switch (format) {
    case 'epa-supply-chain':
      return parseEpaSupplyChain(buf.toString('utf8'), file, sha);
    case 'desnz':
      return parseDesnzWithCategoryKeys(buf, file, sha);
    case 'epa-hub':
      return parseEpaHub(buf, file, sha);
    case 'grid':
      return parseGridIntensities(buf.toString('utf8'), file, sha);
  }
}

export async function importFactorFile(driver: SqlDriver, format: ImportFormat, path: string): Promise<ImportSummary> {
  const buf = await readFile(path);
  const sha = createHash('sha256').update(buf).digest('hex');
  const file = basename(path);
  if (format === 'gwp') {
    const values = parseGwpTable(buf.toString('utf8'));
    const { upserted } = await importGwpValues(driver, values);
    return { format, file, status: upserted === 0 ? 'unchanged' : 'imported', datasetVersion: null, rows: values.length, inserted: upserted };
  }
  const out = await importDataset(driver, parseDataset(format, buf, file, sha));
  return { format, file, status: out.status, datasetVersion: out.datasetVersion, rows: out.factorCount, inserted: out.factorsInserted };
}
