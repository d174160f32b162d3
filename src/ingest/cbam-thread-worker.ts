/**
 * The compute thread of a large CBAM ingest (cbam-thread.ts): a CbamChunkProcessor whose few
 * database questions (the data set, installations, stored shipment_ids) go to the main thread,
 * which owns the connection. Chunks are processed one at a time, in the order they arrive.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ChunkResult } from '../store/batches.ts';
import type { PartSet } from '../store/calculation-parts.ts';
import type { QueryResult, SqlExecutor } from '../store/driver.ts';
import { CbamChunkProcessor } from './cbam-chunk-processor.ts';
import { type FromMain, type ThreadChunkResult, type ToMain, unpackRows } from './cbam-thread-messages.ts';
import type { ChunkContext } from './chunk-processor.ts';

const port = parentPort!;
const send = (m: ToMain, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

let nextQuery = 0;
const queries = new Map<number, { resolve: (r: QueryResult<never>) => void; reject: (e: Error) => void }>();

/** Queries asked of the main thread's driver; COPY is the main thread's (it commits the chunks). */
const db: SqlExecutor = {
  query<R>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
    const id = nextQuery++;
    return new Promise((resolve, reject) => {
      queries.set(id, { resolve: resolve as (r: QueryResult<never>) => void, reject });
      send({ kind: 'query', id, sql, params: params ? [...params] : [] });
    });
  },
  copyIn() {
    return Promise.reject(new Error('the CBAM compute thread does not write: the main thread commits its chunks'));
  },
};

// The rollup is left to the main thread (rollupLater): it reads it from the COPY lines while this thread computes on.
const processor = new CbamChunkProcessor(db, workerData.ctx as ChunkContext, true);
/** Each chunk's parts as sent, to confirm when the main thread reports the commit. */
const sentParts = new Map<number, PartSet>();
let queue: Promise<unknown> = Promise.resolve();

/** What crosses to the main thread: parts as plain rows, the COPY bytes (moved, not copied); no rollup (rollupLater). */
function plain(r: ChunkResult): ThreadChunkResult {
  const { parts, rollup: _later, kgCo2e: _kg, byCategory: _by, copy, ...rest } = r;
  return {
    ...rest,
    copy: { table: copy.table, columns: [...copy.columns], data: copy.data },
    partRows: parts.toRows(),
  };
}

port.on('message', (m: FromMain) => {
  if (m.kind === 'answer') {
    const q = queries.get(m.id);
    queries.delete(m.id);
    if (m.error) q?.reject(Object.assign(new Error(m.error.message), { code: m.error.code }));
    else q?.resolve({ rows: m.rows as never[], rowCount: m.rows.length } as QueryResult<never>);
    return;
  }
  if (m.kind === 'close') {
    // The job is over: the thread ends once its port is closed (its exit handlers run).
    port.close();
    return;
  }
  if (m.kind === 'committed') {
    const parts = sentParts.get(m.chunkNo);
    sentParts.delete(m.chunkNo);
    if (parts) processor.committed({ chunkNo: m.chunkNo, parts } as ChunkResult);
    return;
  }
  const run = () => {
    const rows = unpackRows(m.rows);
    return m.checked ? processor.processChecked(m.chunkNo, rows, m.worker) : processor.process(m.chunkNo, rows, m.worker);
  };
  queue = queue.then(run).then(
    (r) => {
      sentParts.set(r.chunkNo, r.parts);
      const out = plain(r);
      const bytes = out.copy.data;
      // The bytes' buffer moves rather than being copied, unless it is Node's shared pool of small buffers (CopyBuffer's never is).
      const transfer = bytes.buffer.byteLength > Buffer.poolSize ? [bytes.buffer as ArrayBuffer] : [];
      send({ kind: 'result', id: m.id, result: out }, transfer);
    },
    (err: unknown) => {
      const e = err as { message?: string; code?: string };
      send({ kind: 'failed', id: m.id, error: { message: e.message ?? String(err), code: e.code } });
    },
  );
});
