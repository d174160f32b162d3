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

/** The entry and its JSON size, or null when the payload is not an entry this code wrote. */
export async function decodePayload<T>(payload: Buffer): Promise<{ entry: CacheEntry<T>; bytes: number } | null> {
  let text: Buffer;
  let stored: Partial<StoredEntry> | null;
  try {
    if (payload[0] === PLAIN) text = payload.subarray(1);
    else if (payload[0] === BROTLI) text = await decompress(payload.subarray(1));
    else return null;
    stored = JSON.parse(text.toString('utf8')) as Partial<StoredEntry> | null;
  } catch {
    return null; // corrupt compression or JSON
  }
  if (
    typeof stored !== 'object' ||
    stored === null ||
    typeof stored.f !== 'number' ||
    typeof stored.s !== 'number' ||
    !Array.isArray(stored.t) ||
    !('v' in stored)
  )
    return null;
  return { entry: { value: stored.v as T, freshUntil: stored.f, staleUntil: stored.s, tags: stored.t }, bytes: text.length };
}
