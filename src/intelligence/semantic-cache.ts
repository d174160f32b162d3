/**
 * The semantic cache: answers found by the meaning of the prompt. Each bucket (tenant, model,
 * embedding model, and the request less its last user message: semanticBucket in
 * request-key.ts) has a vector index of the prompts answered; a lookup takes the nearest
 * neighbours at or above the tenant's threshold and serves the first whose prompt agrees with the
 * new one on every safeguard (safeguards.ts). The answers themselves live in the multi-level cache
 * (L1, and Redis when configured), so they expire and are invalidated like any cached value; the
 * vectors stay in this process, at most `maxEntries` of them (the oldest go first).
 */
import { randomBytes } from 'node:crypto';
import type { Cache } from '../cache/index.ts';
import { disagreement, type MeaningSignature, meaningSignature } from './safeguards.ts';
import { LINEAR_SCAN_MACS, normalized, VectorBucket } from './vector-index.ts';

/** A cached answer, as the exact and semantic caches keep it. */
export interface CachedAnswer {
  /** The model's answer as it was sent (JSON text). */
  body: string;
  model: string;
  promptTokens: number;
  completionTokens: number;
}

export type SafeguardReason = NonNullable<ReturnType<typeof disagreement>>;

export type SemanticLookup =
  | { hit: true; answer: CachedAnswer; similarity: number }
  | { hit: false; similarity: number | null; blockedBy: SafeguardReason | null };

interface Entry {
  bucket: string;
  id: number;
  signature: MeaningSignature;
  valueKey: string;
}

export interface SemanticCacheOptions {
  /** Where the answers are kept. */
  values: Cache<CachedAnswer>;
  /** Vectors kept in this process; default 20,000 (about 20 MB at 256 dimensions). */
  maxEntries?: number;
  /** Candidates compared per lookup (the nearest ones). */
  candidates?: number;
  linearScanMacs?: number;
  /** A refused candidate (for metrics). */
  onBlocked?: (reason: SafeguardReason) => void;
}

export class SemanticCache {
  readonly #values: Cache<CachedAnswer>;
  readonly #maxEntries: number;
  readonly #k: number;
  readonly #linearScanMacs: number;
  readonly #onBlocked: (reason: SafeguardReason) => void;
  readonly #buckets = new Map<string, VectorBucket>();
  readonly #entries = new Map<number, Entry>();
  /** Entry ids, oldest first (ids are increasing, and a Map keeps insertion order). */
  #nextId = 1;
  /** Keys of answers written by this process differ from other instances' by this. */
  readonly #instance = randomBytes(4).toString('hex');

  constructor(options: SemanticCacheOptions) {
    this.#values = options.values;
    this.#maxEntries = options.maxEntries ?? 20_000;
    this.#k = options.candidates ?? 4;
    this.#linearScanMacs = options.linearScanMacs ?? LINEAR_SCAN_MACS;
    this.#onBlocked = options.onBlocked ?? (() => {});
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The best answer for `text` (embedded as `vector`) in `bucket`, or why there is none. */
  async lookup(bucket: string, vector: ArrayLike<number>, text: string, threshold: number): Promise<SemanticLookup> {
    const index = this.#buckets.get(bucket);
    if (!index || index.dimensions !== vector.length) return { hit: false, similarity: null, blockedBy: null };
    const neighbours = index.search(normalized(vector), this.#k);
    const best = neighbours[0]?.similarity ?? null;
    let blockedBy: SafeguardReason | null = null;
    let signature: MeaningSignature | null = null;
    for (const { id, similarity } of neighbours) {
      if (similarity < threshold) break;
      const entry = this.#entries.get(id);
      if (!entry) continue;
      signature ??= meaningSignature(text);
      const reason = disagreement(signature, entry.signature);
      if (reason) {
        blockedBy ??= reason;
        this.#onBlocked(reason);
        continue;
      }
      const answer = await this.#values.get(entry.valueKey);
      if (answer === undefined) {
        // Expired or invalidated: the vector goes too.
        this.#remove(entry);
        continue;
      }
      return { hit: true, answer, similarity };
    }
    return { hit: false, similarity: best, blockedBy };
  }

  /** Keeps `answer` for prompts like `text` in `bucket`. */
  async store(bucket: string, vector: ArrayLike<number>, text: string, answer: CachedAnswer, ttlMs: number): Promise<void> {
    let index = this.#buckets.get(bucket);
    if (index && index.dimensions !== vector.length) return;
    if (!index) {
      index = new VectorBucket(vector.length, this.#linearScanMacs);
      this.#buckets.set(bucket, index);
    }
    const id = this.#nextId++;
    const entry: Entry = { bucket, id, signature: meaningSignature(text), valueKey: `${bucket}:${this.#instance}:${id}` };
    await this.#values.set(entry.valueKey, answer, { ttlMs });
    index.add(id, normalized(vector));
    this.#entries.set(id, entry);
    while (this.#entries.size > this.#maxEntries) this.#remove(this.#entries.values().next().value!);
  }

  #remove(entry: Entry): void {
    this.#entries.delete(entry.id);
    const index = this.#buckets.get(entry.bucket);
    index?.remove(entry.id);
    if (index && index.size === 0) this.#buckets.delete(entry.bucket);
  }
}
