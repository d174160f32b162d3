/** Import one factor file (`greenline factors import`): parse a public data set, load it idempotently. */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseDesnzFlatFile } from '../domain/factors/importers/desnz.ts';
import { parseEpaSupplyChain } from '../domain/factors/importers/epa-supply-chain.ts';
import { parseGwpTable } from '../domain/factors/importers/gwp-table.ts';
import type { SqlDriver } from '../store/driver.ts';
import { importDataset, importGwpValues } from '../store/factors.ts';

export const IMPORT_FORMATS = ['epa-supply-chain', 'desnz', 'gwp'] as const;
export type ImportFormatName = (typeof IMPORT_FORMATS)[number];

export interface ImportSummary {
  format: ImportFormatName;
  file: string;
  status: 'imported' | 'unchanged';
  datasetVersion: string | null;
  rows: number;
  inserted: number;
}

export async function importFactorFile(driver: SqlDriver, format: ImportFormatName, path: string): Promise<ImportSummary> {
  const buf = await readFile(path);
  const sha = createHash('sha256').update(buf).digest('hex');
  const file = basename(path);
  if (format === 'gwp') {
    const values = parseGwpTable(buf.toString('utf8'));
    const { upserted } = await importGwpValues(driver, values);
    return { format, file, status: upserted === 0 ? 'unchanged' : 'imported', datasetVersion: null, rows: values.length, inserted: upserted };
  }
  const dataset = format === 'epa-supply-chain' ? parseEpaSupplyChain(buf.toString('utf8'), file, sha) : parseDesnzFlatFile(buf, file, sha);
  const out = await importDataset(driver, dataset);
  return { format, file, status: out.status, datasetVersion: out.datasetVersion, rows: out.factorCount, inserted: out.factorsInserted };
}
