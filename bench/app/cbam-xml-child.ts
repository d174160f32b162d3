/**
 * One side of the app-cbam quarterly-XML benchmark, in its own process so its peak RSS is its own
 * (run by cbam.bench.ts with `node --import tsx`). Prints one JSON line: {ms, bytes, peakRssMb}.
 *
 *   report DATABASE_URL TENANT_ID FILE   the 2025-Q4 QReport streamed from the rollups into FILE
 *   plain BYTES FILE                     BYTES written into FILE in 64 KiB pieces, with no logic
 */
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { quarterlyReportXml } from '../../src/calculate/cbam/quarterly-report.ts';
import type { PoolConfig } from '../../src/config.ts';
import { openPostgres } from '../../src/store/postgres-driver.ts';

const PIECE_BYTES = 64 * 1024;

const pool: PoolConfig = {
  max: 2,
  acquireTimeoutMs: 5_000,
  idleTimeoutMs: 10_000,
  maxLifetimeSeconds: 600,
  statementTimeoutMs: 60_000,
  applicationName: 'greenline-bench-cbam-xml',
  validateAfterIdleMs: 10_000,
};

/** Writes every piece, waiting for 'drain' whenever the stream's buffer is full; resolves once the file is closed. */
async function writeAll(out: WriteStream, pieces: AsyncIterable<string | Buffer> | Iterable<string | Buffer>): Promise<void> {
  for await (const piece of pieces) {
    if (!out.write(piece)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'close');
}

function* plainPieces(bytes: number): Generator<Buffer> {
  const piece = Buffer.alloc(PIECE_BYTES, 'x');
  for (let left = bytes; left > 0; left -= PIECE_BYTES) yield left >= PIECE_BYTES ? piece : piece.subarray(0, left);
}

const [mode, ...args] = process.argv.slice(2);
let ms: number;
let file: string;
if (mode === 'report') {
  const [url, tenantId, target] = args as [string, string, string];
  file = target;
  const driver = await openPostgres(url, pool);
  const started = performance.now();
  await writeAll(createWriteStream(file), quarterlyReportXml(driver, tenantId, 2025, 4, { eori: 'DE123456789012', name: 'Bench GmbH', city: 'Berlin' }));
  ms = performance.now() - started;
  await driver.close();
} else if (mode === 'plain') {
  const [bytes, target] = args as [string, string];
  file = target;
  const started = performance.now();
  await writeAll(createWriteStream(file), plainPieces(Number(bytes)));
  ms = performance.now() - started;
} else throw new Error(`usage: cbam-xml-child.ts report URL TENANT FILE | plain BYTES FILE (got ${mode})`);

const { size } = await stat(file);
process.stdout.write(`${JSON.stringify({ ms, bytes: size, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
