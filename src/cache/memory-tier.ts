/**
 * L1: an in-process LRU bounded both by entry count and by bytes (the entry's JSON length), so a
 * few large values cannot take the heap. It also indexes keys by tag, so a tag invalidation
 * touches only the keys that carry the tag; the index holds only keys present in the LRU, since
 * lru-cache's dispose callback removes them on eviction, overwrite and delete alike.
 */
import { LRUCache } from 'lru-cache';
import type { CacheEntry } from './entry.ts';

export interface MemoryTierLimits {
  maxEntries: number;
  maxBytes: number;
}

interface Slot<T> {
  entry: CacheEntry<T>;
  bytes: number;
}

export class MemoryTier<T> {
  readonly #lru: LRUCache<string, Slot<T>>;
  readonly #keysByTag = new Map<string, Set<string>>();
  readonly #maxBytes: number;

  constructor(limits: MemoryTierLimits, onEvict: () => void) {
    if (!(limits.maxEntries >= 1 && limits.maxBytes >= 1)) {
      throw new RangeError(`L1 limits must be positive: maxEntries=${limits.maxEntries}, maxBytes=${limits.maxBytes}`);
    }
    this.#maxBytes = limits.maxBytes;
    this.#lru = new LRUCache<string, Slot<T>>({
      max: limits.maxEntries,
      maxSize: limits.maxBytes,
      sizeCalculation: (slot) => slot.bytes,
      dispose: (slot, key, reason) => {
        if (reason === 'evict') onEvict();
        this.#unindex(key, slot.entry.tags);
      },
    });
  }

  get(key: string): CacheEntry<T> | undefined {
    return this.#lru.get(key)?.entry;
  }

  /** `bytes` is the entry's serialized size; an entry larger than the whole tier is not kept. */
  set(key: string, entry: CacheEntry<T>, bytes: number): void {
    if (bytes > this.#maxBytes) {
      this.#lru.delete(key);
      return;
    }
    this.#lru.set(key, { entry, bytes: Math.max(1, bytes) });
    for (const tag of entry.tags) {
      const keys = this.#keysByTag.get(tag);
      if (keys === undefined) this.#keysByTag.set(tag, new Set([key]));
      else keys.add(key);
    }
  }

  delete(key: string): void {
    this.#lru.delete(key);
  }

  deleteTag(tag: string): void {
    const keys = this.#keysByTag.get(tag);
    if (keys === undefined) return;
    // Copy first: each delete runs dispose, which edits this very set.
    for (const key of [...keys]) this.#lru.delete(key);
  }

  deletePrefix(prefix: string): void {
    const doomed: string[] = [];
    for (const key of this.#lru.keys()) if (key.startsWith(prefix)) doomed.push(key);
    for (const key of doomed) this.#lru.delete(key);
  }

  clear(): void {
    this.#lru.clear();
  }

  get entries(): number {
    return this.#lru.size;
  }

  get bytes(): number {
    return this.#lru.calculatedSize;
  }

  #unindex(key: string, tags: readonly string[]): void {
    for (const tag of tags) {
      const keys = this.#keysByTag.get(tag);
      if (keys === undefined) continue;
      keys.delete(key);
      if (keys.size === 0) this.#keysByTag.delete(tag);
    }
  }
}
