/**
 * Nearest neighbours by cosine similarity among one bucket's vectors. Small buckets are scanned
 * linearly over one Float32Array (exact, and faster than any index at that size); once a bucket
 * holds more than a linear scan serves in about a quarter of a millisecond, its vectors move to a usearch
 * HNSW index (approximate: it may miss the nearest entry, which only costs a cache miss; the
 * similarity it reports is computed on the stored vectors, so the threshold is exact).
 */
import { createRequire } from 'node:module';
import type { Index } from 'usearch';

type Usearch = typeof import('usearch');

let usearch: Usearch | null | undefined;

/**
 * usearch's native module, loaded the first time a bucket outgrows the linear scan (so the server
 * starts, and small caches work, on a platform its npm package has no prebuilt binary for); null
 * when it cannot load: buckets then stay linear.
 */
function loadUsearch(): Usearch | null {
  if (usearch === undefined) {
    try {
      usearch = createRequire(import.meta.url)('usearch') as Usearch;
    } catch {
      usearch = null;
    }
  }
  return usearch;
}

export interface Neighbour {
  id: number;
  similarity: number;
}

/** Multiply-adds a linear scan does in about 0.25–0.6 ms on this shared 2-vCPU machine (docs/intelligence.md). */
export const LINEAR_SCAN_MACS = 250_000;

/** `vector` scaled to length 1 (a copy); a zero vector stays zero. */
export function normalized(vector: ArrayLike<number>): Float32Array {
  const out = Float32Array.from(vector);
  let sum = 0;
  for (let i = 0; i < out.length; i++) sum += out[i]! * out[i]!;
  const norm = Math.sqrt(sum);
  if (norm > 0) for (let i = 0; i < out.length; i++) out[i]! /= norm;
  return out;
}

export class VectorBucket {
  readonly dimensions: number;
  readonly linearLimit: number;
  /** Linear-scan storage: slot i holds the vector of #ids[i]. */
  #data: Float32Array;
  #ids: number[] = [];
  #slots = new Map<number, number>();
  #ann: Index | null = null;

  constructor(dimensions: number, linearScanMacs = LINEAR_SCAN_MACS) {
    this.dimensions = dimensions;
    this.linearLimit = Math.max(16, Math.floor(linearScanMacs / dimensions));
    this.#data = new Float32Array(dimensions * 64);
  }

  get size(): number {
    return this.#ann ? this.#ann.size() : this.#ids.length;
  }

  get indexed(): boolean {
    return this.#ann !== null;
  }

  /** `vector` must be normalized and of this bucket's dimensions. */
  add(id: number, vector: Float32Array): void {
    if (this.#ann) {
      this.#ann.add(BigInt(id), vector, 1);
      return;
    }
    const slot = this.#ids.length;
    if ((slot + 1) * this.dimensions > this.#data.length) {
      const grown = new Float32Array(this.#data.length * 2);
      grown.set(this.#data);
      this.#data = grown;
    }
    this.#data.set(vector, slot * this.dimensions);
    this.#ids.push(id);
    this.#slots.set(id, slot);
    if (this.#ids.length > this.linearLimit && usearch !== null) this.#moveToIndex();
  }

  remove(id: number): void {
    if (this.#ann) {
      this.#ann.remove(BigInt(id));
      return;
    }
    const slot = this.#slots.get(id);
    if (slot === undefined) return;
    // Swap-remove: the last vector takes the freed slot.
    const last = this.#ids.length - 1;
    if (slot !== last) {
      const lastId = this.#ids[last]!;
      this.#data.copyWithin(slot * this.dimensions, last * this.dimensions, (last + 1) * this.dimensions);
      this.#ids[slot] = lastId;
      this.#slots.set(lastId, slot);
    }
    this.#ids.pop();
    this.#slots.delete(id);
  }

  /** Up to `k` neighbours of the normalized `query`, most similar first. */
  search(query: Float32Array, k: number): Neighbour[] {
    if (this.#ann) {
      if (this.#ann.size() === 0) return [];
      const { keys, distances } = this.#ann.search(query, k, 1);
      const out: Neighbour[] = [];
      for (let i = 0; i < keys.length; i++) out.push({ id: Number(keys[i]), similarity: 1 - distances[i]! });
      return out;
    }
    const best: Neighbour[] = [];
    const dim = this.dimensions;
    const data = this.#data;
    for (let slot = 0; slot < this.#ids.length; slot++) {
      let dot = 0;
      const base = slot * dim;
      for (let j = 0; j < dim; j++) dot += data[base + j]! * query[j]!;
      if (best.length < k || dot > best[best.length - 1]!.similarity) {
        let at = best.length < k ? best.length : k - 1;
        while (at > 0 && best[at - 1]!.similarity < dot) {
          if (at < k) best[at] = best[at - 1]!;
          at--;
        }
        best[at] = { id: this.#ids[slot]!, similarity: dot };
      }
    }
    return best;
  }

  #moveToIndex(): void {
    const lib = loadUsearch();
    if (!lib) return;
    const ann = new lib.Index({
      dimensions: this.dimensions,
      metric: lib.MetricKind.Cos,
      quantization: lib.ScalarKind.F32,
      connectivity: 16,
      expansion_add: 40,
      expansion_search: 32,
      multi: false,
    });
    for (let slot = 0; slot < this.#ids.length; slot++) {
      ann.add(BigInt(this.#ids[slot]!), this.#data.subarray(slot * this.dimensions, (slot + 1) * this.dimensions), 1);
    }
    this.#ann = ann;
    this.#data = new Float32Array(0);
    this.#ids = [];
    this.#slots.clear();
  }
}
