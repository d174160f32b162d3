/**
 * L2: entries in Redis, shared by every instance. Each call goes through the circuit breaker and
 * never throws: a failed, timed-out or skipped command returns UNAVAILABLE (or false) and is
 * counted, and the cache carries on with L1 and the loader.
 *
 * Keys under the namespace `<prefix>:<cache name>`:
 *   `<ns>:v:<key>`  the encoded entry, expiring when its grace period ends
 *   `<ns>:t:<tag>`  set of the keys carrying the tag, expiring with its longest-lived member
 *   `<ns>:l:<key>`  the short lock of the instance loading the key
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { CircuitBreaker } from './circuit-breaker.ts';
import { decodePayload, encodePayload } from './codec.ts';
import type { CacheEntry } from './entry.ts';
import type { CacheCounters } from './stats.ts';

export const UNAVAILABLE = Symbol('redis unavailable');
export type Unavailable = typeof UNAVAILABLE;

// Atomic, so a key tagged while the tag is being invalidated is either deleted or not yet tagged.
const DELETE_TAG = `
local keys = redis.call('SMEMBERS', KEYS[1])
for i = 1, #keys do redis.call('UNLINK', ARGV[1] .. keys[i]) end
redis.call('UNLINK', KEYS[1])
return #keys`;

// Release only our own lock: after it expired another instance may hold the key's lock.
const RELEASE_LOCK = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

const SCAN_BATCH = 1_000;

export interface RedisTierOptions {
  redis: Redis;
  namespace: string;
  compressAboveBytes: number;
  breaker: CircuitBreaker;
  counters: CacheCounters;
  /** Called after each command Redis answered: the cache replays what failed while it was away. */
  onSuccess(): void;
}

export class RedisTier<T> {
  readonly #redis: Redis;
  readonly #breaker: CircuitBreaker;
  readonly #counters: CacheCounters;
  readonly #compressAboveBytes: number;
  readonly #onSuccess: () => void;
  readonly #values: string;
  readonly #tags: string;
  readonly #locks: string;

  constructor(options: RedisTierOptions) {
    this.#redis = options.redis;
    this.#breaker = options.breaker;
    this.#counters = options.counters;
    this.#compressAboveBytes = options.compressAboveBytes;
    this.#onSuccess = options.onSuccess;
    this.#values = `${options.namespace}:v:`;
    this.#tags = `${options.namespace}:t:`;
    this.#locks = `${options.namespace}:l:`;
  }

  /** The entry and its JSON size, null when Redis has none (or an undecodable one). */
  async get(key: string): Promise<{ entry: CacheEntry<T>; bytes: number } | null | Unavailable> {
    const payload = await this.#run((redis) => redis.getBuffer(this.#values + key));
    if (payload === UNAVAILABLE || payload === null) return payload;
    const decoded = await decodePayload<T>(payload);
    if (decoded === null) this.#counters.decodeErrors++;
    return decoded;
  }

  /** Many entries in one round trip (MGET), in the order of `keys`. */
  async getMany(keys: readonly string[]): Promise<Array<{ entry: CacheEntry<T>; bytes: number } | null> | Unavailable> {
    const payloads = await this.#run((redis) => redis.mgetBuffer(...keys.map((key) => this.#values + key)));
    if (payloads === UNAVAILABLE) return UNAVAILABLE;
    return Promise.all(
      payloads.map(async (payload) => {
        if (payload === null) return null;
        const decoded = await decodePayload<T>(payload);
        if (decoded === null) this.#counters.decodeErrors++;
        return decoded;
      }),
    );
  }

  /** Stores the entry (already serialized to `json`) for `ttlMs` and adds it to its tags' sets. */
  async set(key: string, json: string, tags: readonly string[], ttlMs: number): Promise<boolean> {
    const payload = await encodePayload(json, this.#compressAboveBytes);
    return this.#done(async (redis) => {
      const tx = redis.multi().set(this.#values + key, payload, 'PX', ttlMs);
      // NX then GT: a new set gets the entry's TTL, an existing one is only ever extended.
      for (const tag of tags)
        tx.sadd(this.#tags + tag, key)
          .pexpire(this.#tags + tag, ttlMs, 'NX')
          .pexpire(this.#tags + tag, ttlMs, 'GT');
      throwOnFailedCommand(await tx.exec());
    });
  }

  delete(key: string): Promise<boolean> {
    return this.#done((redis) => redis.unlink(this.#values + key));
  }

  deleteTag(tag: string): Promise<boolean> {
    return this.#done((redis) => redis.eval(DELETE_TAG, 1, this.#tags + tag, this.#values));
  }

  /** SCAN, not KEYS: it walks the keyspace in steps and never blocks Redis for long. */
  async deletePrefix(prefix: string): Promise<boolean> {
    const pattern = `${this.#values}${escapeGlob(prefix)}*`;
    let cursor = '0';
    do {
      const page = await this.#run((redis) => redis.scan(cursor, 'MATCH', pattern, 'COUNT', SCAN_BATCH));
      if (page === UNAVAILABLE) return false;
      const [next, keys] = page;
      if (keys.length > 0 && !(await this.#done((redis) => redis.unlink(...keys)))) return false;
      cursor = next;
    } while (cursor !== '0');
    return true;
  }

  /** A lock token when acquired, null when another instance holds the lock. */
  async tryLock(key: string, ttlMs: number): Promise<string | null | Unavailable> {
    const token = randomUUID();
    const acquired = await this.#run((redis) => redis.set(this.#locks + key, token, 'PX', ttlMs, 'NX'));
    if (acquired === UNAVAILABLE) return UNAVAILABLE;
    return acquired === 'OK' ? token : null;
  }

  async unlock(key: string, token: string): Promise<void> {
    await this.#run((redis) => redis.eval(RELEASE_LOCK, 1, this.#locks + key, token));
  }

  /**
   * `tryLock` for many keys in one round trip: each key's token, or null where another instance
   * holds it. Atomic (MULTI), so two instances asking for the same keys never split them.
   */
  async tryLockMany(keys: readonly string[], ttlMs: number): Promise<Map<string, string | null> | Unavailable> {
    const tokens = keys.map(() => randomUUID());
    const replies = await this.#run(async (redis) => {
      const tx = redis.multi();
      keys.forEach((key, i) => {
        tx.set(this.#locks + key, tokens[i]!, 'PX', ttlMs, 'NX');
      });
      const results = await tx.exec();
      throwOnFailedCommand(results);
      return results!.map(([, result]) => result);
    });
    if (replies === UNAVAILABLE) return UNAVAILABLE;
    return new Map(keys.map((key, i) => [key, replies[i] === 'OK' ? tokens[i]! : null]));
  }

  async unlockMany(tokens: ReadonlyMap<string, string>): Promise<void> {
    if (tokens.size === 0) return;
    await this.#run(async (redis) => {
      const pipeline = redis.pipeline();
      for (const [key, token] of tokens) pipeline.eval(RELEASE_LOCK, 1, this.#locks + key, token);
      await pipeline.exec();
    });
  }

  publish(channel: string, message: string): Promise<boolean> {
    return this.#done((redis) => redis.publish(channel, message));
  }

  /** Whether Redis carried out the command. */
  async #done(command: (redis: Redis) => Promise<unknown>): Promise<boolean> {
    return (await this.#run(command)) !== UNAVAILABLE;
  }

  async #run<R>(command: (redis: Redis) => Promise<R>): Promise<R | Unavailable> {
    if (!this.#breaker.tryAcquire()) {
      this.#counters.redisSkipped++;
      return UNAVAILABLE;
    }
    try {
      const result = await command(this.#redis);
      this.#breaker.succeed();
      this.#onSuccess();
      return result;
    } catch {
      this.#counters.redisErrors++;
      this.#breaker.fail();
      return UNAVAILABLE;
    }
  }
}

function throwOnFailedCommand(results: [error: Error | null, result: unknown][] | null): void {
  if (results === null) throw new Error('Redis transaction aborted');
  for (const [error] of results) if (error) throw error;
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}
