/** `greenline ingest` through the running server (src/cli/server-link.ts): upload, then follow the batch. */
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type { IngestSummary } from '../ingest/pipeline.ts';
import { reportOfJson, type SupplierNameReport, type SupplierNamesJson } from '../ingest/supplier-name-report.ts';
import type { ServerLink } from './server-link.ts';

/** What `greenline ingest` reports, whichever process did the work. */
export type BatchSummary = Pick<
  IngestSummary,
  | 'batchId'
  | 'status'
  | 'alreadyDone'
  | 'resumedRows'
  | 'rows'
  | 'rowsOk'
  | 'rowsFailed'
  | 'rowsWithWarnings'
  | 'kgCo2e'
  | 'byCategory'
  | 'seconds'
  | 'rowsPerSecond'
  | 'ignoredColumns'
> & { error?: string | null; supplierNames?: SupplierNameReport | null };

interface BatchAnswer {
  id: string;
  status: IngestSummary['status'];
  rows: { total: number | null; processed: number; stored: number; failed: number; with_warnings: number };
  rows_per_second: number | null;
  kg_co2e: number;
  by_category_kg: Record<string, number>;
  error: string | null;
  supplier_names: SupplierNamesJson | null;
  started_at: string | null;
  finished_at: string | null;
}

export interface RemoteIngestOptions {
  tenant: string;
  type: string;
  format: 'csv' | 'ndjson';
  map: string[];
  invalidUtf8: string;
  classifyFrom?: string;
  classifyMinConfidence?: number;
}

const POLL_MS = 250;
const fmt = new Intl.NumberFormat('en-US');

function summaryOf(b: BatchAnswer, alreadyDone: boolean): BatchSummary {
  const seconds = b.started_at && b.finished_at ? (Date.parse(b.finished_at) - Date.parse(b.started_at)) / 1000 : 0;
  return {
    batchId: b.id,
    status: b.status,
    alreadyDone,
    resumedRows: 0,
    rows: b.rows.total ?? b.rows.processed,
    rowsOk: b.rows.stored,
    rowsFailed: b.rows.failed,
    rowsWithWarnings: b.rows.with_warnings,
    kgCo2e: b.kg_co2e,
    byCategory: b.by_category_kg,
    seconds,
    rowsPerSecond: b.rows_per_second ?? 0,
    ignoredColumns: [],
    supplierNames: b.supplier_names ? reportOfJson(b.supplier_names) : null,
    error: b.error,
  };
}

export async function ingestThroughServer(link: ServerLink, file: string, o: RemoteIngestOptions, progress?: (line: string) => void): Promise<BatchSummary> {
  const query = {
    tenant: o.tenant,
    type: o.type,
    format: o.format,
    map: o.map,
    name: basename(file),
    invalid_utf8: o.invalidUtf8,
    ...(o.classifyFrom === undefined
      ? {}
      : { classify_from: o.classifyFrom, classify_min_confidence: o.classifyMinConfidence === undefined ? undefined : String(o.classifyMinConfidence) }),
  };
  const contentType = o.format === 'ndjson' ? 'application/x-ndjson' : 'text/csv';
  const submitted = await link.call<BatchAnswer>('POST', '/batches', { body: createReadStream(file), contentType, query });
  if (submitted.status === 200) return summaryOf(submitted.body, true);
  let batch = submitted.body;
  while (batch.status === 'pending' || batch.status === 'running') {
    await new Promise((r) => setTimeout(r, POLL_MS));
    batch = (await link.call<BatchAnswer>('GET', `/batches/${batch.id}`, { query: { tenant: o.tenant } })).body;
    progress?.(
      `${fmt.format(batch.rows.processed)} rows  ${fmt.format(batch.rows_per_second ?? 0)} rows/s  ${batch.rows.failed ? `${fmt.format(batch.rows.failed)} failed` : ''}`,
    );
  }
  return summaryOf(batch, false);
}
