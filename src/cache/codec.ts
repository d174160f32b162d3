/**
 * How an entry is stored in Redis: one format byte, then the entry as JSON, brotli-compressed
 * when the JSON is larger than a threshold. Compression runs on libuv's thread pool (async zlib),
 * so a large value does not block the event loop, and at quality 4, which keeps most of the ratio
 * at a fraction of the default quality's cost.
 */
import { promisify } from 'node:util';
import { brotliCompress, brotliDecompress, constants } from 'node:zlib';
import type { CacheEntry } from './entry.ts';

const compress = promisify(brotliCompress);
const decompress = promisify(brotliDecompress);

const PLAIN = 0x01;
const BROTLI = 0x02;
const BROTLI_OPTIONS = { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } };

/** The value cannot be represented as JSON, so it cannot be cached. */
export class CacheValueError extends Error {
  readonly code = 'CACHE_VALUE_NOT_JSON';
}

/** What Redis returned is not an entry this code wrote (corrupt, or another program's key). */
export class CacheDecodeError extends Error {
  readonly code = 'CACHE_DECODE_FAILED';
}

interface StoredEntry {
  v: unknown;
  f: number;
  s: number;
  t: string[];
}

/** The entry as JSON; its UTF-8 length is also what the entry weighs in L1. */
export function serializeEntry(key: string, entry: CacheEntry<unknown>): string {
  if (entry.value === undefined) throw new CacheValueError(`cache key "${key}": undefined cannot be cached, use null`);
  const stored: StoredEntry = { v: entry.value, f: entry.freshUntil, s: entry.staleUntil, t: [...entry.tags] };
  try {
    return JSON.stringify(stored);
  } catch (error) {
    throw new CacheValueError(`cache key "${key}": the value is not JSON-serializable (${(error as Error).message})`);
  }
}

export async function encodePayload(json: string, compressAboveBytes: number): Promise<Buffer> {
  const text = Buffer.from(json, 'utf8');
  if (text.length <= compressAboveBytes) return Buffer.concat([Buffer.of(PLAIN), text]);
  return Buffer.concat([Buffer.of(BROTLI), await compress(text, BROTLI_OPTIONS)]);
}

export async function decodePayload<T>(payload: Buffer): Promise<{ entry: CacheEntry<T>; bytes: number }> {
  const format = payload[0];
  let text: Buffer;
  let stored: Partial<StoredEntry>;
  try {
    if (format === PLAIN) text = payload.subarray(1);
    else if (format === BROTLI) text = await decompress(payload.subarray(1));
    else throw new Error(`unknown format byte ${String(format)}`);
    stored = JSON.parse(text.toString('utf8')) as Partial<StoredEntry>;
  } catch (error) {
    throw new CacheDecodeError(`cache payload cannot be decoded: ${(error as Error).message}`);
  }
  if (typeof stored.f !== 'number' || typeof stored.s !== 'number' || !Array.isArray(stored.t) || !('v' in stored)) {
    throw new CacheDecodeError('cache payload is not an entry (missing v, f, s or t)');
  }
  return { entry: { value: stored.v as T, freshUntil: stored.f, staleUntil: stored.s, tags: stored.t }, bytes: text.length };
}
