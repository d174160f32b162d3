/**
 * A cache whose values never leave the process, while its invalidations reach every instance over
 * the invalidation bus (Redis pub/sub), like the multi-level cache's. It is for answers that must
 * stop everywhere the moment they are invalidated, and must never be read back from, or planted
 * in, a shared tier: API-key lookups (src/http/plugins/auth.ts). A value in Redis could outlive
 * its invalidation (a load that read the old row may write it back after the delete), and anyone
 * able to write to Redis could plant one.
 *
 * Loads are single-flighted per key; an invalidation of the key (or of everything) while a load is
 * in flight means its answer is returned to the callers that asked before but not kept, and later
 * callers load anew. An invalidation that cannot be sent (Redis down) is retried until it is; an
 * instance whose subscription comes back clears everything, since it may have missed some.
 * Without Redis it is a TTL-bounded LRU for one instance.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { connected } from './redis-client.ts';
import { LRUCache } from 'lru-cache';
import { type Clock, coarseClock } from './clock.ts';
import { CACHE_DEFAULTS } from './config.ts';
import { type Invalidation, InvalidationBus } from './invalidation-bus.ts';
import { type CacheStats, emptyCounters } from './stats.ts';

export interface LocalCacheOptions {
  /** Names the cache in pub/sub messages and stats; instances with one name invalidate each other. */
  name: string;
  /** Carries invalidations between instances; null or absent: this process only. */
  redis?: Redis | null;
  /** The bus channel is `<keyPrefix>:invalidate`, shared with the multi-level caches. */
  keyPrefix?: string;
  ttlMs: number;
  maxEntries: number;
  clock?: Clock;
}

interface Slot<T> {
  value: T;
  freshUntil: number;
}

interface Load<T> {
  promise: Promise<T | null>;
  superseded: boolean;
}

/** How often an invalidation that could not be sent is tried again. */
const RESEND_INTERVAL_MS = 250;
/** Past this many unsent keys, what is sent instead is "drop everything". */
const MAX_UNSENT = 1_000;

export class LocalCache<T> {
  readonly name: string;
  readonly #ttlMs: number;
  readonly #clock: Clock;
  readonly #lru: LRUCache<string, Slot<T>>;
  readonly #loads = new Map<string, Load<T>>();
  readonly #counters = emptyCounters();
  readonly #redis: Redis | null;
  readonly #bus: InvalidationBus | null = null;
  /** Keys whose invalidation has not reached Redis yet; 'all' once there were too many. */
  #unsent: Set<string> | 'all' = new Set();
  #resendTimer: NodeJS.Timeout | null = null;
  #closed = false;

  constructor(options: LocalCacheOptions) {
    if (!(options.ttlMs > 0 && options.maxEntries >= 1)) throw new RangeError(`cache "${options.name}": ttlMs and maxEntries must be positive`);
    this.name = options.name;
    this.#ttlMs = options.ttlMs;
    this.#clock = options.clock ?? coarseClock;
    this.#lru = new LRUCache<string, Slot<T>>({
      max: options.maxEntries,
      dispose: (_slot, _key, reason) => {
        if (reason === 'evict') this.#counters.evictions++;
      },
    });
    this.#redis = options.redis ?? null;
    if (this.#redis !== null) {
      const redis = this.#redis;
      this.#bus = new InvalidationBus({
        redis,
        channel: `${options.keyPrefix ?? CACHE_DEFAULTS.keyPrefix}:invalidate`,
        cacheName: options.name,
        origin: randomUUID(),
        publish: (channel, message) =>
          redis.publish(channel, message).then(
            () => true,
            () => {
              this.#counters.redisErrors++;
              return false;
            },
          ),
        onInvalidation: (invalidation) => {
          this.#counters.invalidationsReceived++;
          this.#drop(invalidation);
        },
        onResync: () => {
          this.#counters.resyncs++;
          this.#drop({ prefix: '' });
        },
      });
    }
  }

  /** A fresh value, or undefined. */
  peek(key: string): T | undefined {
    const slot = this.#lru.get(key);
    if (slot !== undefined && this.#clock() < slot.freshUntil) {
      this.#counters.l1Hits++;
      return slot.value;
    }
    this.#counters.l1Misses++;
    return undefined;
  }

  /**
   * The value even past its TTL, up to `maxStaleMs` after it: a fallback for when the loader
   * fails (the database is away). An invalidated key has no value here, stale or not.
   */
  peekStale(key: string, maxStaleMs: number): T | undefined {
    const slot = this.#lru.peek(key);
    if (slot === undefined || this.#clock() >= slot.freshUntil + maxStaleMs) return undefined;
    this.#counters.staleServed++;
    return slot.value;
  }

  /** The fresh value, or the loader's answer (null: nothing to keep, e.g. an unknown key). */
  getOrLoad(key: string, loader: (key: string) => Promise<T | null>): Promise<T | null> {
    const cached = this.peek(key);
    if (cached !== undefined) return Promise.resolve(cached);
    const running = this.#loads.get(key);
    if (running !== undefined) {
      this.#counters.stampedesSuppressed++;
      return running.promise;
    }
    const load: Load<T> = { promise: Promise.resolve(null), superseded: false };
    this.#counters.loaderCalls++;
    load.promise = loader(key).then(
      (value) => {
        if (this.#loads.get(key) === load) this.#loads.delete(key);
        if (value !== null && !load.superseded && !this.#closed) this.#lru.set(key, { value, freshUntil: this.#clock() + this.#ttlMs });
        return value;
      },
      (error: unknown) => {
        if (this.#loads.get(key) === load) this.#loads.delete(key);
        this.#counters.loaderErrors++;
        throw error;
      },
    );
    this.#loads.set(key, load);
    return load.promise;
  }

  /** Drops the key here at once and on every other instance as soon as Redis carries the message. */
  async delete(key: string): Promise<void> {
    this.#drop({ key });
    if (this.#bus === null) return;
    if (this.#unsent !== 'all' && this.#unsent.size === 0 && (await this.#bus.publish({ key }))) return;
    if (this.#unsent !== 'all') {
      this.#unsent.add(key);
      if (this.#unsent.size > MAX_UNSENT) this.#unsent = 'all';
    }
    this.#scheduleResend();
  }

  /** Resolves once invalidations from other instances are being received (at once without Redis). */
  async ready(): Promise<void> {
    await connected(this.#redis);
    await (this.#bus?.subscribed ?? Promise.resolve());
  }

  stats(): CacheStats {
    const unsent = this.#unsent === 'all' ? 1 : this.#unsent.size;
    return {
      name: this.name,
      ...this.#counters,
      circuitState: 'disabled',
      circuitOpens: 0,
      l1Entries: this.#lru.size,
      l1Bytes: 0,
      unsentInvalidations: unsent,
    };
  }

  /** Stops listening for invalidations; the Redis client stays open (it is the caller's). */
  close(): void {
    this.#closed = true;
    if (this.#resendTimer !== null) clearTimeout(this.#resendTimer);
    this.#bus?.close();
  }

  #drop(invalidation: Invalidation): void {
    if ('key' in invalidation) {
      this.#lru.delete(invalidation.key);
      const load = this.#loads.get(invalidation.key);
      if (load !== undefined) load.superseded = true;
      this.#loads.delete(invalidation.key);
      return;
    }
    // A tag or prefix from another instance: this cache keeps no tags, so drop everything.
    this.#lru.clear();
    for (const load of this.#loads.values()) load.superseded = true;
    this.#loads.clear();
  }

  #scheduleResend(): void {
    if (this.#resendTimer !== null || this.#closed) return;
    this.#resendTimer = setTimeout(() => {
      this.#resendTimer = null;
      void this.#resend().finally(() => {
        const left = this.#unsent === 'all' || this.#unsent.size > 0;
        if (left) this.#scheduleResend();
      });
    }, RESEND_INTERVAL_MS);
    this.#resendTimer.unref();
  }

  async #resend(): Promise<void> {
    const bus = this.#bus;
    if (bus === null) return;
    if (this.#unsent === 'all') {
      if (await bus.publish({ prefix: '' })) this.#unsent = new Set();
      return;
    }
    const unsent = this.#unsent;
    for (const key of [...unsent]) {
      if (!(await bus.publish({ key }))) return;
      unsent.delete(key);
    }
  }
}
