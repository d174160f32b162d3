/**
 * What a cache is made with. Its own module so both the settings (config.ts, which builds these
 * per type of data) and the cache (multi-level-cache.ts, which falls back to config's defaults)
 * depend on it, and not on each other.
 */
import type { Redis } from 'ioredis';
import type { CircuitBreakerOptions } from './circuit-breaker.ts';
import type { Clock } from './clock.ts';
import type { MemoryTierLimits } from './memory-tier.ts';

export interface LockOptions {
  ttlMs: number;
  waitMs: number;
  pollMs: number;
}

export interface CacheOptions {
  /** Names the cache in Redis keys, pub/sub messages and stats; caches of one name share L2. */
  name: string;
  /** The L2 client (see createRedisClient); null or absent for an L1-only cache. */
  redis?: Redis | null;
  l1: MemoryTierLimits;
  ttlMs: number;
  jitter?: number;
  /** How long after its TTL an entry may still be served while it is refreshed; default 0. */
  graceMs?: number;
  compressAboveBytes?: number;
  /** Prefix of Redis keys and of the invalidation channel `<keyPrefix>:invalidate`. */
  keyPrefix?: string;
  lock?: LockOptions;
  circuit?: CircuitBreakerOptions;
  clock?: Clock;
  random?: () => number;
}
