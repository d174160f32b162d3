/**
 * The cache composition: L1 (in-process LRU) in front of L2 (Redis, shared), in front of the
 * loader, which stays the source of truth.
 *
 * Read path of `getOrLoad`:
 *   L1 fresh → hit 'l1' (synchronous lookup, no Redis)
 *   L1 stale (past TTL, inside grace) → hit 'stale', one background refresh
 *   else, single-flighted per key in this process:
 *     L2 fresh → promote to L1, hit 'l2';  L2 stale → promote, hit 'stale', background refresh
 *     else take the key's Redis lock, look in L2 once more (another instance may have just
 *     stored it), and load (hit 'miss'); when another instance holds the lock, poll L2 for its
 *     value for a bounded time, then load anyway.
 * `getManyOrLoad` is the same path for many keys at once: one MGET, one MULTI of locks, and one
 * loader call for every key nobody has (a batch of factor queries stays one SQL statement).
 *
 * A read that goes to L2 or the loader and finishes after an invalidation of its key answers its
 * caller but stores nothing (see read-tickets.ts).
 *
 * An invalidation (or write) that cannot reach Redis leaves the old value in L2 and other
 * instances' L1. It is kept and replayed, deleting in L2 and broadcasting, as soon as Redis
 * answers again; past MAX_UNSENT of them the replay is one flush of the whole cache.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { connected } from './redis-client.ts';
import { CircuitBreaker } from './circuit-breaker.ts';
import { type Clock, coarseClock, sleep } from './clock.ts';
import { serializeEntry } from './codec.ts';
import { CACHE_DEFAULTS } from './config.ts';
import { type CacheEntry, createEntry, freshness, type Lifetime } from './entry.ts';
import { type Invalidation, InvalidationBus } from './invalidation-bus.ts';
import { MemoryTier } from './memory-tier.ts';
import type { CacheOptions, LockOptions } from './options.ts';
import { type ReadTicket, ReadTickets } from './read-tickets.ts';
import { RedisTier, UNAVAILABLE } from './redis-tier.ts';
import { SingleFlight } from './single-flight.ts';
import { type CacheCounters, type CacheStats, emptyCounters } from './stats.ts';

export type { CacheOptions, LockOptions } from './options.ts';

/** Where a value came from: L1, L2, the loader, or an entry past its TTL served in its grace period. */
export type CacheHit = 'l1' | 'l2' | 'miss' | 'stale';

export interface CacheResult<T> {
  value: T;
  hit: CacheHit;
}

export type Loader<T> = (key: string) => T | Promise<T>;

/** Loads many keys in one call (one SQL statement); a key it has no value for is left out. */
export type ManyLoader<T> = (keys: string[]) => Promise<Map<string, T>>;

export interface SetOptions {
  tags?: readonly string[];
  /** Overrides the cache's TTL for this entry (jitter still applies). */
  ttlMs?: number;
}

export interface Cache<T> {
  readonly name: string;
  /** A fresh L1 value or undefined: synchronous, never touches Redis. */
  peek(key: string): T | undefined;
  /** A fresh value from L1 or L2 (promoted to L1), else undefined. Never calls a loader. */
  get(key: string): Promise<T | undefined>;
  getFromL2(key: string): Promise<T | undefined>;
  getOrLoad(key: string, loader: Loader<T>, options?: SetOptions): Promise<CacheResult<T>>;
  /**
   * `getOrLoad` for many keys with one loader call for all the keys nobody has: single-flighted
   * per key in the process (shared with `getOrLoad`) and under each key's Redis lock across
   * instances. Keys the loader has no value for are absent from the answer and not cached.
   */
  getManyOrLoad(keys: readonly string[], loader: ManyLoader<T>, options?: SetOptions): Promise<Map<string, CacheResult<T>>>;
  /** Writes L1 and L2 and evicts the key from other instances' L1. */
  set(key: string, value: T, options?: SetOptions): Promise<void>;
  delete(key: string): Promise<void>;
  invalidateTag(tag: string): Promise<void>;
  invalidatePrefix(prefix: string): Promise<void>;
  /** Resolves once invalidations from other instances are being received (at once without Redis). */
  ready(): Promise<void>;
  stats(): CacheStats;
  /** Waits for loads in flight and stops listening for invalidations; the Redis client stays open. */
  close(): Promise<void>;
}

export function createCache<T>(options: CacheOptions): Cache<T> {
  return new MultiLevelCache<T>(options);
}

const NO_OPTIONS: SetOptions = {};
const MAX_UNSENT = 1_000;
/** How often unsent invalidations are retried while Redis is failing. */
const REPLAY_INTERVAL_MS = 250;
/** What replaces the unsent invalidations once there are too many to keep: drop everything. */
const FLUSH_ALL: Invalidation = { prefix: '' };

class MultiLevelCache<T> implements Cache<T> {
  readonly name: string;
  readonly #clock: Clock;
  readonly #random: () => number;
  readonly #life: Lifetime;
  readonly #lock: LockOptions;
  readonly #counters: CacheCounters = emptyCounters();
  readonly #l1: MemoryTier<T>;
  readonly #l2: RedisTier<T> | null = null;
  readonly #breaker: CircuitBreaker | null = null;
  readonly #bus: InvalidationBus | null = null;
  readonly #flights = new SingleFlight<CacheResult<T>>();
  readonly #refreshes = new SingleFlight<void>();
  readonly #reads = new ReadTickets();
  /** Invalidations not yet applied to L2 and broadcast, oldest first. */
  #unsent: Invalidation[] = [];
  #replaying = false;
  #replayTimer: NodeJS.Timeout | null = null;
  #closed = false;
  #redis: Redis | null = null;

  constructor(options: CacheOptions) {
    validate(options);
    this.name = options.name;
    this.#clock = options.clock ?? coarseClock;
    this.#random = options.random ?? Math.random;
    this.#life = { ttlMs: options.ttlMs, jitter: options.jitter ?? CACHE_DEFAULTS.jitter, graceMs: options.graceMs ?? CACHE_DEFAULTS.graceMs };
    this.#lock = options.lock ?? CACHE_DEFAULTS.lock;
    this.#l1 = new MemoryTier<T>(options.l1, () => this.#counters.evictions++);
    if (options.redis) {
      this.#redis = options.redis;
      const keyPrefix = options.keyPrefix ?? CACHE_DEFAULTS.keyPrefix;
      this.#breaker = new CircuitBreaker(options.circuit ?? CACHE_DEFAULTS.circuit, this.#clock);
      const l2 = new RedisTier<T>({
        redis: options.redis,
        namespace: `${keyPrefix}:${options.name}`,
        compressAboveBytes: options.compressAboveBytes ?? CACHE_DEFAULTS.compressAboveBytes,
        breaker: this.#breaker,
        counters: this.#counters,
        onSuccess: () => {
          if (this.#unsent.length > 0 && !this.#replaying) void this.#replayUnsent();
        },
      });
      this.#l2 = l2;
      this.#bus = new InvalidationBus({
        redis: options.redis,
        channel: `${keyPrefix}:invalidate`,
        cacheName: options.name,
        origin: randomUUID(),
        publish: (channel, message) => l2.publish(channel, message),
        onInvalidation: (invalidation) => {
          this.#counters.invalidationsReceived++;
          this.#invalidateL1(invalidation);
        },
        onResync: () => {
          this.#counters.resyncs++;
          this.#reads.supersedeAll();
          this.#l1.clear();
        },
      });
    }
  }

  peek(key: string): T | undefined {
    const entry = this.#l1.get(key);
    if (entry !== undefined && this.#clock() < entry.freshUntil) {
      this.#counters.l1Hits++;
      return entry.value;
    }
    this.#counters.l1Misses++;
    return undefined;
  }

  async get(key: string): Promise<T | undefined> {
    const cached = this.peek(key);
    if (cached !== undefined) return cached;
    return this.getFromL2(key);
  }

  /** After a `peek` that missed: L2 only (promoted to L1 on a hit), without counting a second L1 miss. */
  async getFromL2(key: string): Promise<T | undefined> {
    if (this.#l2 === null) return undefined;
    const ticket = this.#reads.start(key);
    try {
      const found = await this.#l2.get(key);
      if (found === UNAVAILABLE || found === null || freshness(found.entry, this.#clock()) !== 'fresh') {
        this.#counters.l2Misses++;
        return undefined;
      }
      this.#counters.l2Hits++;
      this.#promote(key, found.entry, found.bytes, ticket);
      return found.entry.value;
    } finally {
      this.#reads.finish(key, ticket);
    }
  }

  getOrLoad(key: string, loader: Loader<T>, options: SetOptions = NO_OPTIONS): Promise<CacheResult<T>> {
    const entry = this.#l1.get(key);
    if (entry !== undefined) {
      const now = this.#clock();
      if (now < entry.freshUntil) {
        this.#counters.l1Hits++;
        return Promise.resolve({ value: entry.value, hit: 'l1' });
      }
      if (now < entry.staleUntil) {
        this.#counters.staleServed++;
        this.#refreshInBackground(key, loader, options);
        return Promise.resolve({ value: entry.value, hit: 'stale' });
      }
      this.#l1.delete(key);
    }
    this.#counters.l1Misses++;
    const { promise, joined } = this.#flights.run(key, () => this.#fill(key, loader, options));
    if (!joined) return promise as Promise<CacheResult<T>>;
    this.#counters.stampedesSuppressed++;
    // A batch run (getManyOrLoad) may have found no value for the key: then load it here.
    return promise.then((result) => result ?? this.getOrLoad(key, loader, options));
  }

  async getManyOrLoad(keys: readonly string[], loader: ManyLoader<T>, options: SetOptions = NO_OPTIONS): Promise<Map<string, CacheResult<T>>> {
    const results = new Map<string, CacheResult<T>>();
    const stale: string[] = [];
    const missing: string[] = [];
    const now = this.#clock();
    const distinct = new Set(keys);
    for (const key of distinct) {
      const entry = this.#l1.get(key);
      if (entry !== undefined) {
        if (now < entry.freshUntil) {
          this.#counters.l1Hits++;
          results.set(key, { value: entry.value, hit: 'l1' });
          continue;
        }
        if (now < entry.staleUntil) {
          this.#counters.staleServed++;
          results.set(key, { value: entry.value, hit: 'stale' });
          stale.push(key);
          continue;
        }
        this.#l1.delete(key);
      }
      this.#counters.l1Misses++;
      missing.push(key);
    }
    if (stale.length > 0) this.#refreshManyInBackground(stale, loader, options);
    if (missing.length === 0) return results;
    const flights = this.#flights.runMany(missing, (started) => this.#fillMany(started, loader, options));
    await Promise.all(
      [...flights].map(async ([key, { promise, joined }]) => {
        if (joined) this.#counters.stampedesSuppressed++;
        const result = await promise;
        if (result !== undefined) results.set(key, result);
      }),
    );
    // In the order asked, whatever order the answers came in.
    const ordered = new Map<string, CacheResult<T>>();
    for (const key of distinct) {
      const result = results.get(key);
      if (result !== undefined) ordered.set(key, result);
    }
    return ordered;
  }

  async set(key: string, value: T, options: SetOptions = NO_OPTIONS): Promise<void> {
    this.#reads.supersede(key);
    const stored = await this.#store(key, value, options);
    await this.#broadcast({ key }, stored);
  }

  delete(key: string): Promise<void> {
    return this.#invalidate({ key });
  }

  invalidateTag(tag: string): Promise<void> {
    return this.#invalidate({ tag });
  }

  invalidatePrefix(prefix: string): Promise<void> {
    return this.#invalidate({ prefix });
  }

  /** Resolves once Redis is connected and the invalidation channel subscribed (at once without Redis). */
  async ready(): Promise<void> {
    await connected(this.#redis);
    await (this.#bus?.subscribed ?? Promise.resolve());
  }

  stats(): CacheStats {
    return {
      name: this.name,
      ...this.#counters,
      circuitState: this.#breaker?.state ?? 'disabled',
      circuitOpens: this.#breaker?.opens ?? 0,
      l1Entries: this.#l1.entries,
      l1Bytes: this.#l1.bytes,
      unsentInvalidations: this.#unsent.length,
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#replayTimer !== null) clearTimeout(this.#replayTimer);
    await Promise.all([this.#flights.drain(), this.#refreshes.drain()]);
    this.#bus?.close();
  }

  /** The miss path, run once per key at a time. */
  async #fill(key: string, loader: Loader<T>, options: SetOptions): Promise<CacheResult<T>> {
    const ticket = this.#reads.start(key);
    try {
      if (this.#l2 !== null) {
        const found = await this.#l2.get(key);
        if (found !== UNAVAILABLE && found !== null) {
          const state = freshness(found.entry, this.#clock());
          if (state !== 'expired') this.#promote(key, found.entry, found.bytes, ticket);
          if (state === 'fresh') {
            this.#counters.l2Hits++;
            return { value: found.entry.value, hit: 'l2' };
          }
          if (state === 'stale') {
            this.#counters.staleServed++;
            this.#refreshInBackground(key, loader, options);
            return { value: found.entry.value, hit: 'stale' };
          }
        }
        this.#counters.l2Misses++;
      }
      return await this.#loadOnce(key, loader, options, ticket);
    } finally {
      this.#reads.finish(key, ticket);
    }
  }

  /** One refresh per key at a time; its failure leaves the stale entry served until grace ends. */
  #refreshInBackground(key: string, loader: Loader<T>, options: SetOptions): void {
    const { promise } = this.#refreshes.run(key, async () => {
      const ticket = this.#reads.start(key);
      try {
        // Another instance may have refreshed it already.
        const found = this.#l2 === null ? null : await this.#l2.get(key);
        if (found !== UNAVAILABLE && found !== null && freshness(found.entry, this.#clock()) === 'fresh') {
          this.#promote(key, found.entry, found.bytes, ticket);
          return;
        }
        await this.#loadOnce(key, loader, options, ticket);
      } finally {
        this.#reads.finish(key, ticket);
      }
    });
    // The error is counted in loaderErrors; nobody awaits a background refresh.
    promise.catch(() => {});
  }

  /** Loads under the key's Redis lock, so one instance loads while the others wait for its value. */
  async #loadOnce(key: string, loader: Loader<T>, options: SetOptions, ticket: ReadTicket): Promise<CacheResult<T>> {
    const token = this.#l2 === null ? UNAVAILABLE : await this.#l2.tryLock(key, this.#lock.ttlMs);
    if (token === null) {
      const loadedElsewhere = await this.#waitForOtherInstance(key, ticket);
      if (loadedElsewhere !== undefined) return loadedElsewhere;
    }
    try {
      if (typeof token === 'string') {
        // Another instance may have loaded, stored and unlocked between our L2 read and our lock.
        const found = await this.#freshFromL2([key], new Map([[key, ticket]]));
        const result = found.get(key);
        if (result !== undefined) return result;
      }
      return await this.#load(key, loader, options, ticket);
    } finally {
      if (typeof token === 'string') await this.#l2?.unlock(key, token);
    }
  }

  async #waitForOtherInstance(key: string, ticket: ReadTicket): Promise<CacheResult<T> | undefined> {
    const polls = Math.ceil(this.#lock.waitMs / this.#lock.pollMs);
    for (let i = 0; i < polls && this.#l2 !== null; i++) {
      await sleep(this.#lock.pollMs);
      const found = await this.#l2.get(key);
      if (found === UNAVAILABLE) return undefined;
      if (found !== null && freshness(found.entry, this.#clock()) === 'fresh') {
        this.#counters.stampedesSuppressed++;
        this.#counters.l2Hits++;
        this.#promote(key, found.entry, found.bytes, ticket);
        return { value: found.entry.value, hit: 'l2' };
      }
    }
    return undefined;
  }

  /** The batch miss path, run once per key at a time (keys already loading elsewhere in the process are not here). */
  async #fillMany(keys: string[], loader: ManyLoader<T>, options: SetOptions): Promise<Map<string, CacheResult<T>>> {
    const tickets = new Map(keys.map((key) => [key, this.#reads.start(key)]));
    try {
      const results = new Map<string, CacheResult<T>>();
      let missing = keys;
      const found = this.#l2 === null ? UNAVAILABLE : await this.#l2.getMany(keys);
      if (found !== UNAVAILABLE) {
        missing = [];
        const stale: string[] = [];
        const now = this.#clock();
        keys.forEach((key, i) => {
          const hit = found[i];
          const state = hit == null ? 'expired' : freshness(hit.entry, now);
          if (hit != null && state !== 'expired') this.#promote(key, hit.entry, hit.bytes, tickets.get(key)!);
          if (hit != null && state === 'fresh') {
            this.#counters.l2Hits++;
            results.set(key, { value: hit.entry.value, hit: 'l2' });
          } else if (hit != null && state === 'stale') {
            this.#counters.staleServed++;
            results.set(key, { value: hit.entry.value, hit: 'stale' });
            stale.push(key);
          } else {
            this.#counters.l2Misses++;
            missing.push(key);
          }
        });
        if (stale.length > 0) this.#refreshManyInBackground(stale, loader, options);
      } else if (this.#l2 !== null) this.#counters.l2Misses += keys.length;
      if (missing.length > 0) for (const [key, result] of await this.#loadManyOnce(missing, loader, options, tickets)) results.set(key, result);
      return results;
    } finally {
      for (const [key, ticket] of tickets) this.#reads.finish(key, ticket);
    }
  }

  /** One background refresh per key at a time, one loader call for the keys refreshed together. */
  #refreshManyInBackground(keys: string[], loader: ManyLoader<T>, options: SetOptions): void {
    const flights = this.#refreshes.runMany(keys, async (started) => {
      const tickets = new Map(started.map((key) => [key, this.#reads.start(key)]));
      try {
        // Another instance may have refreshed some already.
        const fresh = await this.#freshFromL2(started, tickets, false);
        const rest = started.filter((key) => !fresh.has(key));
        if (rest.length > 0) await this.#loadManyOnce(rest, loader, options, tickets);
        return new Map<string, void>();
      } finally {
        for (const [key, ticket] of tickets) this.#reads.finish(key, ticket);
      }
    });
    // The error is counted in loaderErrors; nobody awaits a background refresh.
    for (const { promise } of flights.values()) promise.catch(() => {});
  }

  /**
   * Loads the keys under their Redis locks: the keys this instance locked in one loader call,
   * while it waits for the instances holding the others; what they have not stored within the
   * wait bound is loaded here too (one more call).
   */
  async #loadManyOnce(keys: string[], loader: ManyLoader<T>, options: SetOptions, tickets: Map<string, ReadTicket>): Promise<Map<string, CacheResult<T>>> {
    const tokens = this.#l2 === null ? UNAVAILABLE : await this.#l2.tryLockMany(keys, this.#lock.ttlMs);
    if (tokens === UNAVAILABLE) return this.#loadMany(keys, loader, options, tickets);
    const mine = new Map<string, string>();
    const theirs: string[] = [];
    for (const [key, token] of tokens) {
      if (token === null) theirs.push(key);
      else mine.set(key, token);
    }
    const loadMine = async (): Promise<Map<string, CacheResult<T>>> => {
      if (mine.size === 0) return new Map();
      try {
        // Another instance may have loaded, stored and unlocked between our L2 read and our locks.
        const results = await this.#freshFromL2([...mine.keys()], tickets);
        const rest = [...mine.keys()].filter((key) => !results.has(key));
        if (rest.length > 0) for (const [key, result] of await this.#loadMany(rest, loader, options, tickets)) results.set(key, result);
        return results;
      } finally {
        await this.#l2?.unlockMany(mine);
      }
    };
    const waitForTheirs = async (): Promise<Map<string, CacheResult<T>>> => {
      if (theirs.length === 0) return new Map();
      const results = await this.#waitForOtherInstances(theirs, tickets);
      const rest = theirs.filter((key) => !results.has(key));
      if (rest.length > 0) for (const [key, result] of await this.#loadMany(rest, loader, options, tickets)) results.set(key, result);
      return results;
    };
    const [own, others] = await Promise.all([loadMine(), waitForTheirs()]);
    for (const [key, result] of others) own.set(key, result);
    return own;
  }

  /** Polls L2 for keys other instances are loading, up to the lock's wait bound. */
  async #waitForOtherInstances(keys: string[], tickets: Map<string, ReadTicket>): Promise<Map<string, CacheResult<T>>> {
    const results = new Map<string, CacheResult<T>>();
    const polls = Math.ceil(this.#lock.waitMs / this.#lock.pollMs);
    let waiting = keys;
    for (let i = 0; i < polls && waiting.length > 0 && this.#l2 !== null; i++) {
      await sleep(this.#lock.pollMs);
      const found = await this.#l2.getMany(waiting);
      if (found === UNAVAILABLE) break;
      const now = this.#clock();
      waiting = waiting.filter((key, j) => {
        const hit = found[j];
        if (hit == null || freshness(hit.entry, now) !== 'fresh') return true;
        this.#counters.stampedesSuppressed++;
        this.#counters.l2Hits++;
        this.#promote(key, hit.entry, hit.bytes, tickets.get(key)!);
        results.set(key, { value: hit.entry.value, hit: 'l2' });
        return false;
      });
    }
    return results;
  }

  /**
   * The keys L2 holds fresh now, promoted to L1. Used right after taking locks: a value found
   * there was loaded by another instance, so it counts as a stampede suppressed.
   */
  async #freshFromL2(keys: string[], tickets: Map<string, ReadTicket>, counted = true): Promise<Map<string, CacheResult<T>>> {
    const results = new Map<string, CacheResult<T>>();
    const found = this.#l2 === null ? UNAVAILABLE : await this.#l2.getMany(keys);
    if (found === UNAVAILABLE) return results;
    const now = this.#clock();
    keys.forEach((key, i) => {
      const hit = found[i];
      if (hit == null || freshness(hit.entry, now) !== 'fresh') return;
      if (counted) {
        this.#counters.stampedesSuppressed++;
        this.#counters.l2Hits++;
      }
      this.#promote(key, hit.entry, hit.bytes, tickets.get(key)!);
      results.set(key, { value: hit.entry.value, hit: 'l2' });
    });
    return results;
  }

  async #loadMany(keys: string[], loader: ManyLoader<T>, options: SetOptions, tickets: Map<string, ReadTicket>): Promise<Map<string, CacheResult<T>>> {
    this.#counters.loaderCalls++;
    let values: Map<string, T>;
    try {
      values = await loader(keys);
    } catch (error) {
      this.#counters.loaderErrors++;
      throw error;
    }
    const results = new Map<string, CacheResult<T>>();
    await Promise.all(
      keys.map(async (key) => {
        const value = values.get(key);
        if (value === undefined) return;
        results.set(key, { value, hit: 'miss' });
        if (this.#reads.isCurrent(tickets.get(key)!)) await this.#store(key, value, options);
      }),
    );
    return results;
  }

  async #load(key: string, loader: Loader<T>, options: SetOptions, ticket: ReadTicket): Promise<CacheResult<T>> {
    this.#counters.loaderCalls++;
    let value: T;
    try {
      value = await loader(key);
    } catch (error) {
      this.#counters.loaderErrors++;
      throw error;
    }
    if (this.#reads.isCurrent(ticket)) await this.#store(key, value, options);
    return { value, hit: 'miss' };
  }

  /** Writes L1, then L2; false when L2 could not be written. */
  async #store(key: string, value: T, options: SetOptions): Promise<boolean> {
    const life = options.ttlMs === undefined ? this.#life : { ...this.#life, ttlMs: options.ttlMs };
    const entry = createEntry(value, options.tags ?? [], life, this.#clock, this.#random);
    const json = serializeEntry(key, entry);
    this.#l1.set(key, entry, Buffer.byteLength(json));
    return (await this.#l2?.set(key, json, entry.tags, Math.max(1, entry.staleUntil - this.#clock()))) ?? true;
  }

  async #invalidate(invalidation: Invalidation): Promise<void> {
    this.#invalidateL1(invalidation);
    await this.#broadcast(invalidation, await this.#invalidateL2(invalidation));
  }

  /** Tells the other instances; keeps the invalidation for replay when L2 or the bus failed. */
  async #broadcast(invalidation: Invalidation, appliedToL2: boolean): Promise<void> {
    if (this.#bus === null) return;
    if (appliedToL2 && (await this.#bus.publish(invalidation))) return;
    if (this.#unsent[0] !== FLUSH_ALL) {
      // (FLUSH_ALL first covers this one too.)
      if (this.#unsent.length < MAX_UNSENT) this.#unsent.push(invalidation);
      else this.#unsent = [FLUSH_ALL];
    }
    this.#scheduleReplay();
  }

  /**
   * Retries unsent invalidations on a timer as well as after the next successful Redis command,
   * so an instance that only wrote (and reads nothing) still tells the others once Redis answers.
   */
  #scheduleReplay(): void {
    if (this.#replayTimer !== null || this.#closed) return;
    this.#replayTimer = setTimeout(() => {
      this.#replayTimer = null;
      void this.#replayUnsent().finally(() => {
        if (this.#unsent.length > 0) this.#scheduleReplay();
      });
    }, REPLAY_INTERVAL_MS);
    this.#replayTimer.unref();
  }

  async #invalidateL2(invalidation: Invalidation): Promise<boolean> {
    if (this.#l2 === null) return true;
    if ('key' in invalidation) return this.#l2.delete(invalidation.key);
    if ('tag' in invalidation) return this.#l2.deleteTag(invalidation.tag);
    return this.#l2.deletePrefix(invalidation.prefix);
  }

  async #replayUnsent(): Promise<void> {
    this.#replaying = true;
    try {
      while (this.#unsent.length > 0) {
        const invalidation = this.#unsent[0]!;
        // A write is replayed as a delete: the value written then may be outdated by now.
        if (!(await this.#invalidateL2(invalidation)) || !(await this.#bus?.publish(invalidation))) return;
        this.#unsent.shift();
      }
    } finally {
      this.#replaying = false;
    }
  }

  #promote(key: string, entry: CacheEntry<T>, bytes: number, ticket: ReadTicket): void {
    if (this.#reads.isCurrent(ticket)) this.#l1.set(key, entry, bytes);
  }

  #invalidateL1(invalidation: Invalidation): void {
    if ('key' in invalidation) {
      this.#reads.supersede(invalidation.key);
      this.#l1.delete(invalidation.key);
      return;
    }
    this.#reads.supersedeAll();
    if ('tag' in invalidation) this.#l1.deleteTag(invalidation.tag);
    else this.#l1.deletePrefix(invalidation.prefix);
  }
}

function validate(options: CacheOptions): void {
  const fail = (why: string): never => {
    throw new RangeError(`cache "${options.name}": ${why}`);
  };
  if (typeof options.name !== 'string' || !/^[\w.-]+$/.test(options.name)) fail('name must be letters, digits, "_", "." or "-"');
  if (!(options.ttlMs > 0)) fail(`ttlMs must be positive, got ${options.ttlMs}`);
  if (options.jitter !== undefined && !(options.jitter >= 0 && options.jitter < 1)) fail(`jitter is a fraction in [0, 1), got ${options.jitter}`);
  if (options.graceMs !== undefined && !(options.graceMs >= 0)) fail(`graceMs must be 0 or more, got ${options.graceMs}`);
  if (options.lock !== undefined && !(options.lock.pollMs > 0 && options.lock.waitMs >= 0 && options.lock.ttlMs > 0))
    fail('lock needs ttlMs > 0, waitMs >= 0, pollMs > 0');
}
